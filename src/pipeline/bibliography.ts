// The edition's bibliography: the files `bibliography:` names (BibTeX/BibLaTeX, CSL-JSON, CSL-YAML),
// read inside the content folder (paths.ts) and turned into CSL-JSON items by citation-js (BibTeX) or
// the JSON/YAML readers. A file that does not parse is an error at its file:line; a key given twice an
// error at the second entry; each item keeps the line of its entry for the unused-entry warning.
import path from 'node:path';
import { plugins } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import { parseDocument } from 'yaml';
import { yamlTooDeep } from '../config/yaml.js';
import type { NamedFile } from '../config/config.js';
import type { Diagnostic } from '../messages.js';
import { readInsideSync, type Folder } from '../paths.js';
import { RULES } from '../rules.js';
import { positionsIn } from '../positions.js';

/** A CSL-JSON item, as citeproc reads it. */
export interface CslItem {
  id: string;
  [field: string]: unknown;
}

export interface BibliographyEntry {
  item: CslItem;
  file: string;
  line: number;
  column: number;
}

export interface Bibliography {
  entries: Map<string, BibliographyEntry>;
  diagnostics: Diagnostic[];
}

export function loadBibliography(files: readonly NamedFile[], contentDir: string): Bibliography {
  const folder: Folder = { root: contentDir, name: 'content folder' };
  const entries = new Map<string, BibliographyEntry>();
  const diagnostics: Diagnostic[] = [];
  for (const named of files) {
    const text = readInsideSync(folder, named.path).toString('utf8');
    const parsed = parseItems(named.path, text);
    if ('problem' in parsed) {
      diagnostics.push(parsed.problem);
      continue;
    }
    const placeOf = keyPlaces(text);
    const seen = new Map<string, number>();
    for (const item of parsed.items) {
      const nth = (seen.get(item.id) ?? 0) + 1;
      seen.set(item.id, nth);
      const place = placeOf(item.id, nth);
      const earlier = entries.get(item.id);
      if (earlier) {
        diagnostics.push({
          file: named.path,
          ...place,
          severity: 'error',
          message: `bibliography key "${item.id}" is given twice (first in ${path.basename(earlier.file)} at line ${earlier.line})`,
          rule: RULES.duplicateCitationKey.id,
          fix: 'give one of the entries another key, or delete one',
        });
        continue;
      }
      entries.set(item.id, { item, file: named.path, ...place });
    }
  }
  return { entries, diagnostics };
}

type Parsed = { items: CslItem[] } | { problem: Diagnostic };

const readBibtex = (text: string) =>
  plugins.input.chain(text, { forceType: '@biblatex/text', generateGraph: false }) as CslItem[];

const NOCASE = /<span class="nocase">(.*?)<\/span>/g;

/**
 * Text as the .bib writes it, with its braced parts (`{{Oceananigans.jl: …}}`, `{GPUs}`) marked as CSL's
 * nocase spans, as Pandoc reads BibTeX: a style's title case then leaves them alone. citation-js drops
 * the braces unless it also sentence-cases titles (which Pandoc does not): read twice, the spans of the
 * second reading put into the first's text.
 */
function withProtectedCase(text: string, items: CslItem[]): CslItem[] {
  const settings = plugins.config.get('@bibtex').parse;
  settings.sentenceCase = 'always';
  let cased: CslItem[];
  try {
    cased = readBibtex(text);
  } finally {
    settings.sentenceCase = 'never';
  }
  const byId = new Map(cased.map((item) => [String(item.id), item]));
  return items.map((item) => {
    const other = byId.get(String(item.id));
    return other
      ? (Object.fromEntries(
          Object.entries(item).map(([field, value]) => [field, marked(value, other[field])]),
        ) as CslItem)
      : item;
  });
}

/** A field's text with the nocase spans the other reading of it found. */
function marked(value: unknown, cased: unknown): unknown {
  if (typeof value !== 'string' || typeof cased !== 'string') return value;
  const parts = [...cased.matchAll(NOCASE)].map((m) => m[1]!);
  return parts.length > 0 ? nocase(value, parts) : value;
}

/** Each of `parts`, found in order in `value`, wrapped in a nocase span. */
function nocase(value: string, parts: string[]): string {
  let out = value;
  let from = 0;
  for (const part of parts) {
    const at = out.indexOf(part, from);
    if (at === -1 || part === '') continue;
    const wrapped = `<span class="nocase">${part}</span>`;
    out = out.slice(0, at) + wrapped + out.slice(at + part.length);
    from = at + wrapped.length;
  }
  return out;
}

function parseItems(file: string, text: string): Parsed {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') return fromJson(file, text);
  if (ext === '.yaml' || ext === '.yml') return fromYaml(file, text);
  return fromBibtex(file, text);
}

function fromBibtex(file: string, text: string): Parsed {
  try {
    const items = withProtectedCase(text, readBibtex(text));
    return { items: items.map((item) => ({ ...item, id: String(item.id) })) };
  } catch (error) {
    // citation-js names the place: "expected … at line 3 col 8:".
    const reason = String((error as Error).message ?? error);
    const at = /at line (\d+) col (\d+)/.exec(reason);
    return {
      problem: syntaxProblem(
        file,
        reason.split('\n')[0]!.replace(/ at line \d+ col \d+:?$/, ''),
        at ? { line: Number(at[1]), column: Number(at[2]) } : {},
      ),
    };
  }
}

function fromJson(file: string, text: string): Parsed {
  try {
    return itemsOf(file, JSON.parse(text) as unknown);
  } catch (error) {
    const reason = String((error as Error).message);
    const offset = /position (\d+)/.exec(reason);
    const place = offset ? positionsIn(text)(Number(offset[1])) : {};
    return { problem: syntaxProblem(file, reason, place) };
  }
}

/** CSL-YAML: a list of items, or Pandoc's `references:` list. */
function fromYaml(file: string, text: string): Parsed {
  const deep = yamlTooDeep(text);
  if (deep) return { problem: syntaxProblem(file, deep.message, positionsIn(text)(deep.offset)) };
  const doc = parseDocument(text);
  const error = doc.errors[0];
  if (error) {
    const [line, column] = [error.linePos?.[0].line, error.linePos?.[0].col];
    return { problem: syntaxProblem(file, error.message.split('\n')[0]!, { line, column }) };
  }
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  const list = typeof data === 'object' && data !== null && 'references' in data ? data.references : data;
  return itemsOf(file, list);
}

function itemsOf(file: string, data: unknown): Parsed {
  if (!Array.isArray(data) || !data.every((d) => typeof d === 'object' && d !== null && 'id' in d)) {
    return { problem: syntaxProblem(file, 'a CSL bibliography is a list of entries, each with an `id`', {}) };
  }
  return { items: (data as CslItem[]).map((item) => ({ ...item, id: String(item.id) })) };
}

function syntaxProblem(file: string, reason: string, place: { line?: number; column?: number }): Diagnostic {
  return {
    file,
    ...place,
    severity: 'error',
    message: `bibliography cannot be read: ${reason}`,
    rule: RULES.bibliographySyntax.id,
    fix: 'fix the entry at this line (BibTeX `@book{key, …}`, or CSL-JSON/YAML entries with an `id`)',
  };
}

/** Where the n-th entry of a key starts: `@type{key,`, `"id": "key"` or `id: key`. */
function keyPlaces(text: string): (key: string, nth: number) => { line: number; column: number } {
  const pointAt = positionsIn(text);
  return (key, nth) => {
    const escaped = key.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const pattern = new RegExp(
      `@\\w+\\s*\\{\\s*${escaped}\\s*,|"id"\\s*:\\s*"${escaped}"|\\bid\\s*:\\s*['"]?${escaped}\\b`,
      'g',
    );
    let found: RegExpExecArray | null = null;
    for (let i = 0; i < nth; i += 1) {
      const next = pattern.exec(text);
      if (!next) break;
      found = next;
    }
    return found ? pointAt(found.index) : { line: 1, column: 1 };
  };
}

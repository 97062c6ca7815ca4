// What citeproc-js and citation-js made in the last build, kept on disk (the cache folder, sealed by
// cache.ts): a rebuild with the same bibliography, style, locale and citations loads neither library
// (about 0.35 s of CPU to load, 1–2 s to format 300 citations, measured by scripts/bench/citations.js).
// Keys cover every input and the code that reads and formats them, so a hit is what a miss would make.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ElementContent } from 'hast';
import { cacheDir, readCacheJson, writeCacheFile } from '../cache.js';
import type { Diagnostic } from '../messages.js';
import type { Bibliography, BibliographyEntry } from './bibliography.js';

/** citeproc's output for one edition's citations, parsed (hast): all the edition step needs from it. */
export interface Formatted {
  /** citationID → the cluster. */
  citations: Record<string, ElementContent[]>;
  /** Keys of an in-text citation joined by "\n" → the author. */
  authors: Record<string, ElementContent[]>;
  /** The bibliography: each entry's item id and content, in the style's order. */
  bibliography: Array<[id: string, content: ElementContent[]]>;
  /** The citation layout's affixes ("(" and ")"), which citeproc leaves to us when it links items. */
  prefix: string;
  suffix: string;
  /** Whether cited items are linked in the text (not in a note style). */
  linked: boolean;
}

let codeKey: string | undefined;

/** The versions of the libraries and the source of the modules whose output is cached. */
function keyOfCode(): string {
  if (codeKey) return codeKey;
  const hash = createHash('sha256');
  const self = fileURLToPath(import.meta.url);
  for (const name of ['citeproc', '@citation-js/core', '@citation-js/plugin-bibtex'])
    hash.update(`${name}@${packageVersion(name, path.dirname(self)) ?? '?'}\n`);
  // This module as run (under the test runner, compiled, or bundled with citations.ts and the
  // bibliography reader) and its two users beside it where they are separate files.
  for (const name of [path.basename(self), ...['citations', 'bibliography'].map((n) => n + path.extname(self))]) {
    try {
      hash.update(readFileSync(path.join(path.dirname(self), name)));
    } catch {
      hash.update(`${name}?\n`);
    }
  }
  codeKey = hash.digest('hex');
  return codeKey;
}

/**
 * A package's version from its package.json in the nearest node_modules above `from`, where Node
 * looks for it: read directly, as require's resolution of each costs about a millisecond cold.
 */
function packageVersion(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      return String(
        (JSON.parse(readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: unknown })
          .version,
      );
    } catch {
      // Not here (or unreadable): the next folder up.
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** A key for `parts` (any JSON), with the code's. */
export function cacheKey(kind: string, parts: unknown): string {
  return createHash('sha256').update(keyOfCode()).update(`\0${kind}\0`).update(JSON.stringify(parts)).digest('hex');
}

function fileFor(kind: string, key: string): string | undefined {
  const dir = cacheDir();
  return dir && path.join(dir, `${kind}-${key}.json`);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
// The trees were written by us under a key that names their inputs and code (and sealed): the shape
// is checked as far as a change of format would show.
const isLists = (v: unknown): v is Record<string, ElementContent[]> =>
  isRecord(v) && Object.values(v).every((s) => Array.isArray(s));

function isFormatted(data: unknown): data is Formatted {
  return (
    isRecord(data) &&
    isLists(data.citations) &&
    isLists(data.authors) &&
    Array.isArray(data.bibliography) &&
    data.bibliography.every(
      (e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && Array.isArray(e[1]),
    ) &&
    typeof data.prefix === 'string' &&
    typeof data.suffix === 'string' &&
    typeof data.linked === 'boolean'
  );
}

/** The formatted citations made for `key` before, or undefined. */
export function readFormatted(key: string): Formatted | undefined {
  const file = fileFor('citeproc', key);
  return file ? readCacheJson(file, isFormatted) : undefined;
}

export function writeFormatted(key: string, formatted: Formatted): void {
  const file = fileFor('citeproc', key);
  if (file) writeCacheFile(file, JSON.stringify(formatted));
}

interface StoredBibliography {
  entries: Array<[string, BibliographyEntry]>;
  diagnostics: Diagnostic[];
}

function isStoredBibliography(data: unknown): data is StoredBibliography {
  return (
    isRecord(data) &&
    Array.isArray(data.diagnostics) &&
    Array.isArray(data.entries) &&
    data.entries.every((e) => Array.isArray(e) && typeof e[0] === 'string' && isRecord(e[1]) && isRecord(e[1].item))
  );
}

/**
 * The bibliography files read (CSL items, each entry's place, the problems found), from the cache
 * when their texts are the same as before, else by `read` (which loads citation-js) and kept.
 */
export async function cachedBibliography(
  texts: Array<{ path: string; text: string }>,
  read: () => Promise<Bibliography>,
): Promise<Bibliography> {
  const file = fileFor('bibliography', cacheKey('bibliography', texts));
  const stored = file ? readCacheJson(file, isStoredBibliography) : undefined;
  if (stored) return { entries: new Map(stored.entries), diagnostics: stored.diagnostics };
  const bibliography = await read();
  if (file) {
    const data: StoredBibliography = { entries: [...bibliography.entries], diagnostics: bibliography.diagnostics };
    writeCacheFile(file, JSON.stringify(data));
  }
  return bibliography;
}

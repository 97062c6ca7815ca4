// Filled PO/XLIFF files → the locale's Markdown and YAML, with front matter and status record.
// Everything is checked before anything is written: a translation that drops or adds a note
// reference, breaks protected markup or belongs to another locale refuses the whole import, naming
// `file.po:line` and the segment. Fuzzy and empty entries are not recorded as done. A file whose
// translations and record would not change is not rewritten (export → import is a no-op).
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { Config } from '../config/config.js';
import { BriefingError, displayPath, type Diagnostic } from '../messages.js';
import { writeArtifacts, type Artifact } from '../output/write.js';
import { fileCatalog, stripBom, translatableFiles, type Entry, type FileCatalog } from './catalog.js';
import { readInsideSync, readUserFile } from '../paths.js';
import { markupProblem } from './markup.js';
import { linkDefinitions, structureProblem } from './structure.js';
import { parsePo, PoSyntaxError } from './po.js';
import { sidecarPath, sidecarText, withRecord, type Sidecar } from './record.js';
import { fingerprint, markdownSegments } from './segments.js';
import { parseXliff } from './xliff.js';
import { RULES } from '../rules.js';

/** One translated unit read from a PO or XLIFF file, whatever the format. */
export interface ImportedUnit {
  /** File under the locale folder it belongs to. */
  file: string;
  /** The segment id (fingerprint, or YAML key path). */
  id: string;
  source: string;
  translation: string;
  /** Needs review (PO `#, fuzzy`, XLIFF state initial with a translation): written, not recorded as done. */
  fuzzy: boolean;
  previous?: string;
  line: number;
  column: number;
}

export interface ImportedFile {
  path: string;
  locale?: string;
  localeLine?: number;
  units: ImportedUnit[];
}

export interface ImportResult {
  written: string[];
  unchanged: string[];
  warnings: Diagnostic[];
  /** Per target file: segments recorded done, fuzzy, empty. */
  counts: { file: string; done: number; fuzzy: number; empty: number }[];
}

export async function importTranslations(config: Config, inputs: string[], onlyLocale?: string): Promise<ImportResult> {
  const files = (await Promise.all(inputs.map((i) => collect(path.resolve(i))))).flat();
  if (files.length === 0) {
    throw new BriefingError({
      file: inputs[0] ?? '.',
      severity: 'error',
      message: 'no .po, .xlf or .xliff files found',
      rule: RULES.importNoFiles.id,
      fix: 'name files made by `briefing export`, or the folder holding them',
    });
  }
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const parsed: ImportedFile[] = [];
  for (const file of files) {
    try {
      parsed.push(readTranslationFile(file));
    } catch (error) {
      if (error instanceof PoSyntaxError) {
        errors.push({
          file,
          line: error.line,
          column: error.column,
          severity: 'error',
          message: error.message,
          rule: RULES.importSyntax.id,
          fix: 'save the file from your CAT tool again, or export it again',
        });
      } else if (error instanceof BriefingError) errors.push(...error.diagnostics);
      else throw error;
    }
  }
  const { sourceLocale } = config.edition;
  const known = new Set(await translatableFiles(config.contentDir, sourceLocale));
  const byTarget = new Map<string, { locale: string; units: ImportedUnit[]; from: string }>();
  for (const file of parsed) {
    const where = { file: file.path, line: file.localeLine, column: 1 };
    const locale = file.locale;
    const folder = path.basename(path.dirname(file.path));
    const folderLocale = config.edition.locales.includes(folder) ? folder : undefined;
    let refusal: string | undefined;
    if (!locale) refusal = 'the file names no language (PO header `Language:`, XLIFF `trgLang`)';
    else if (!config.edition.locales.includes(locale))
      refusal = `language "${locale}" is not a locale of this edition (${config.edition.locales.join(', ')})`;
    else if (locale === sourceLocale)
      refusal = `language "${locale}" is the source locale: there is nothing to import into it`;
    else if (onlyLocale && locale !== onlyLocale)
      refusal = `this file belongs to locale "${locale}", not "${onlyLocale}"`;
    else if (folderLocale && folderLocale !== locale)
      refusal = `this file belongs to locale "${locale}" but sits in the "${folderLocale}" folder`;
    if (refusal) {
      errors.push({
        ...where,
        severity: 'error',
        message: refusal,
        rule: RULES.importWrongLocale.id,
        fix: 'import each file into the locale it was exported for (`briefing export --locale <l>`)',
      });
      continue;
    }
    for (const unit of file.units) {
      if (!known.has(unit.file)) {
        errors.push({
          file: file.path,
          line: unit.line,
          column: unit.column,
          severity: 'error',
          message: `"${unit.file}" is not a file of ${sourceLocale}/`,
          rule: RULES.importUnknownFile.id,
          fix: 'export the locale again: the source files have changed',
        });
        continue;
      }
      const key = `${locale}/${unit.file}`;
      const group = byTarget.get(key) ?? { locale: locale!, units: [], from: file.path };
      group.units.push(unit);
      byTarget.set(key, group);
    }
  }

  const artifacts: Artifact[] = [];
  const result: ImportResult = { written: [], unchanged: [], warnings, counts: [] };
  for (const [key, group] of byTarget) {
    const relative = key.slice(group.locale.length + 1);
    const catalog = await fileCatalog(config.contentDir, group.locale, sourceLocale, relative);
    const units = new Map(group.units.map((u) => [u.id, u]));
    const definitions = relative.endsWith('.md') ? linkDefinitions(sourceText(config, catalog)) : undefined;
    for (const unit of group.units) {
      const entry = catalog.entries.find((e) => e.segment.id === unit.id);
      if (!entry) {
        warnings.push({
          file: group.from,
          line: unit.line,
          column: unit.column,
          severity: 'warning',
          message: `segment ${unit.id} (“${preview(unit.source)}”) is no longer in ${relative}: skipped`,
          rule: RULES.importObsolete.id,
          fix: 'export again to get the current source text',
        });
        continue;
      }
      if (!unit.translation.trim()) continue;
      const markup = markupProblem(entry.segment.text, unit.translation);
      const added =
        markup || definitions === undefined
          ? undefined
          : structureProblem(entry.segment.text, unit.translation, definitions);
      const problem = markup ?? added;
      if (problem) {
        errors.push({
          file: group.from,
          line: unit.line,
          column: unit.column,
          severity: 'error',
          message: `translation of segment ${unit.id} (“${preview(entry.segment.text)}”) ${problem}`,
          rule: RULES.importMarkup.id,
          fix: added
            ? 'translate the text only: links, addresses and headings come from the source'
            : 'keep note references, link targets and code exactly as in the source',
        });
      }
    }
    const plan = composeFile(catalog, units, sourceLocale, sourceText(config, catalog));
    result.counts.push({ file: displayPath(catalog.targetPath), ...plan.counts });
    if (!plan.changed) {
      result.unchanged.push(displayPath(catalog.targetPath));
      continue;
    }
    artifacts.push(
      { path: catalog.targetPath, data: plan.text },
      { path: sidecarPath(path.join(config.contentDir, group.locale), relative), data: sidecarText(plan.sidecar) },
    );
    result.written.push(displayPath(catalog.targetPath));
  }
  if (errors.length > 0) throw new BriefingError(errors);
  // Only inside the content folder, and through no linked folder: a locale folder linked to another
  // locale (kk → ru) or a chapter folder linked elsewhere is refused before anything is written.
  if (artifacts.length > 0) await writeArtifacts(artifacts, { root: config.contentDir });
  return result;
}

interface Plan {
  changed: boolean;
  text: string;
  sidecar: Sidecar;
  counts: { done: number; fuzzy: number; empty: number };
}

/** The translated file's new text and record from the source and the imported units. */
function composeFile(
  catalog: FileCatalog,
  units: Map<string, ImportedUnit>,
  sourceLocale: string,
  sourceFile: string,
): Plan {
  const counts = { done: 0, fuzzy: 0, empty: 0 };
  const texts: Record<string, string> = {};
  let changed = false;
  const decided = catalog.entries.map((entry) => {
    const unit = units.get(entry.segment.id);
    const translation = unit?.translation.trim() ? trimNewlines(unit.translation.replace(/\r\n/g, '\n')) : undefined;
    let state: Entry['state'] = translation === undefined ? 'empty' : unit!.fuzzy ? 'fuzzy' : 'done';
    // A unit missing from the file keeps what the locale had.
    if (!unit && entry.state !== 'empty') state = entry.state;
    const text = unit ? translation : entry.translation;
    counts[state] += 1;
    let recorded: string | null = null;
    if (state === 'done') {
      recorded = entry.segment.fingerprint;
      texts[recorded] = entry.segment.text;
    } else if (state === 'fuzzy') {
      const previous = unit?.previous ?? entry.previous;
      recorded = previous !== undefined ? fingerprint(previous) : 'unconfirmed';
      if (previous !== undefined) texts[recorded] = previous;
    }
    if (
      (text ?? undefined) !== (entry.state === 'empty' ? undefined : entry.translation) ||
      (state === 'done') !== (entry.state === 'done')
    )
      changed = true;
    return { entry, state, text, recorded };
  });
  // A file with nothing translated is not created: it stays missing (and falls back, marked).
  if (!catalog.exists) changed = counts.done + counts.fuzzy > 0;
  if (catalog.relative.endsWith('.yaml')) {
    const doc = parseDocument(sourceFile);
    for (const { entry, state, text } of decided) {
      const keyPath = entry.segment.id.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
      if (state === 'empty' && !REQUIRED_YAML_KEYS.has(entry.segment.id) && !/\.\d+$/.test(entry.segment.id))
        doc.deleteIn(keyPath);
      else if (text !== undefined) doc.setIn(keyPath, text);
    }
    const keys = Object.fromEntries(decided.map((d) => [d.entry.segment.id, d.recorded]));
    return { changed, text: doc.toString({ lineWidth: 100 }), sidecar: { from: sourceLocale, keys, texts }, counts };
  }
  const source = sourceFile;
  let body = source;
  let short: string | undefined;
  const segments = markdownSegments(source);
  // Replace from the end so earlier offsets stay valid.
  for (const { entry, text } of [...decided].reverse()) {
    if (text === undefined) continue;
    if (entry.segment.kind === 'short') {
      short = text;
      continue;
    }
    const at = segments.find((s) => s.id === entry.segment.id)!;
    body = body.slice(0, at.start) + text + body.slice(at.end);
  }
  const record = { from: sourceLocale, blocks: decided.map((d) => d.recorded) };
  return { changed, text: withRecord(body, record, short), sidecar: { texts }, counts };
}

/** Trailing newlines dropped by index (`/\\n+$/` backtracks quadratically on a text of newlines). */
function trimNewlines(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '\n') end -= 1;
  return text.slice(0, end);
}

/** The source file's text, read through src/paths.ts (inside the content folder, a regular file). */
function sourceText(config: Config, catalog: FileCatalog): string {
  return stripBom(
    readInsideSync({ root: config.contentDir, name: 'content folder' }, catalog.sourcePath).toString('utf8'),
  );
}

const REQUIRED_YAML_KEYS = new Set(['title', 'publisher']);

function preview(text: string): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  return words.length > 8 ? `${words.slice(0, 8).join(' ')}…` : words.join(' ');
}

async function collect(input: string): Promise<string[]> {
  const info = await stat(input).catch(() => undefined);
  if (!info)
    throw new BriefingError({
      file: input,
      severity: 'error',
      message: 'file not found',
      rule: RULES.importMissingFile.id,
      fix: 'name a .po or .xlf file made by `briefing export`',
    });
  if (info.isFile()) return [input];
  // A FIFO or a device named directly: refused at its name (readUserFile says what it is).
  if (!info.isDirectory()) readUserFile(input);
  const entries = await readdir(input, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.(po|xlf|xliff)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

function readTranslationFile(file: string): ImportedFile {
  // A regular file within the size limit: a FIFO, a device or a 600 MB file is a positioned error.
  const text = (readUserFile(file) ?? Buffer.alloc(0)).toString('utf8');
  if (/\.(xlf|xliff)$/.test(file)) return parseXliff(file, text);
  if (!file.endsWith('.po')) {
    throw new BriefingError({
      file,
      severity: 'error',
      message: 'not a PO or XLIFF file',
      rule: RULES.importFormat.id,
      fix: 'import .po, .xlf or .xliff files',
    });
  }
  const po = parsePo(text);
  const header = po.headers.get('X-Briefing-File');
  if (!header) {
    throw new BriefingError({
      file,
      line: 1,
      column: 1,
      severity: 'error',
      message: 'the PO header has no `X-Briefing-File:`, so the file it translates is unknown',
      rule: RULES.importFormat.id,
      fix: 'translate the PO files made by `briefing export` (keep their header)',
    });
  }
  const units: ImportedUnit[] = [];
  for (const e of po.entries) {
    const context = e.context ?? '';
    const yaml = /^((?:edition|strings)\.yaml):(.+)$/.exec(context);
    units.push({
      file: yaml ? yaml[1]! : header,
      id: yaml ? yaml[2]! : context,
      source: e.id,
      translation: e.translation,
      fuzzy: e.fuzzy,
      previous: e.previousId,
      line: e.translationLine,
      column: 1,
    });
  }
  return {
    path: file,
    locale: po.headers.get('Language') || undefined,
    localeLine: po.headerLines.get('Language'),
    units,
  };
}

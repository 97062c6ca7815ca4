// Filled PO/XLIFF files → the locale's Markdown and YAML, with front matter and status record.
// Everything is checked before anything is written: a translation that drops or adds a note
// reference, breaks protected markup or belongs to another locale refuses the whole import, naming
// `file.po:line` and the segment. Fuzzy and empty entries are not recorded as done. A file whose
// translations and record would not change is not rewritten (export → import is a no-op). Nothing
// is lost on the way in: the file's declared encoding is honoured, a translation that would change
// the Markdown's blocks is refused, an edited paragraph keeps its translation as needs review
// (match.ts), and finished translations are replaced only with `--overwrite`.
import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { Config } from '../config/config.js';
import { BriefingError, displayPath, type Diagnostic } from '../messages.js';
import { writeArtifacts, type Artifact } from '../output/write.js';
import { fileCatalog, stripBom, translatableFiles, type Entry, type FileCatalog } from './catalog.js';
import { decodeTranslationFile } from './charset.js';
import { markupProblem } from './markup.js';
import { matchUnits } from './match.js';
import { structureProblem } from './structure.js';
import { addedLinksProblem, linkDefinitions } from './added-links.js';
import { readInsideSync, readUserFile } from '../paths.js';
import { parsePo, PoSyntaxError } from './po.js';
import { sidecarPath, sidecarText, withRecord, type Sidecar } from './record.js';
import { fingerprint, markdownSegments } from './segments.js';
import { parseXliff } from './xliff.js';
import { importedMemoryPath, memoryText, parseTmx, readImportedMemory, type MemoryPair } from './tmx.js';
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
  /** The imported file it was read from (set when units of several files are grouped). */
  origin?: string;
}

export interface ImportedFile {
  path: string;
  /** XLIFF: every target is unconfirmed (state initial), as OmegaT's XLIFF 2 filter writes them: how many. */
  allInitial?: number;
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
  /** TMX files imported into a locale's memory: the memory file and how many units it now has. */
  memories: { file: string; units: number }[];
}

export interface ImportOptions {
  /** Replace finished translations with different text (otherwise refused). */
  overwrite?: boolean;
  /** XLIFF: take every target as translated, whatever its state (`--states ignore`). */
  ignoreStates?: boolean;
}

export async function importTranslations(
  config: Config,
  inputs: string[],
  onlyLocale?: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const files = await inputFiles(inputs);
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  // TMX files feed the locale's memory (tmx.ts); every other file translates source files.
  const memories = await importMemories(
    config,
    files.filter((f) => f.endsWith('.tmx')),
    onlyLocale,
    errors,
  );
  const parsed = await readTranslationFiles(
    files.filter((f) => !f.endsWith('.tmx')),
    options,
    errors,
    warnings,
  );
  const known = new Set(await translatableFiles(config.contentDir, config.edition.sourceLocale));
  const byTarget = groupByTarget(parsed, config, onlyLocale, known, errors);
  const artifacts: Artifact[] = memories.map(({ path: p, data }) => ({ path: p, data }));
  const result: ImportResult = {
    written: [],
    unchanged: [],
    warnings,
    counts: [],
    memories: memories.map((m) => ({ file: displayPath(m.path), units: m.units })),
  };
  for (const [key, group] of byTarget) {
    const relative = key.slice(group.locale.length + 1);
    const catalog = await fileCatalog(config.contentDir, group.locale, config.edition.sourceLocale, relative);
    const planned = planTarget(config, catalog, relative, group, options, { errors, warnings });
    if (!planned) continue;
    result.counts.push({ file: displayPath(catalog.targetPath), ...planned.counts });
    if (!planned.changed) {
      result.unchanged.push(displayPath(catalog.targetPath));
      continue;
    }
    artifacts.push(
      { path: catalog.targetPath, data: planned.text },
      {
        path: sidecarPath(path.join(config.contentDir, group.locale), relative),
        data: sidecarText(planned.sidecar),
      },
    );
    result.written.push(displayPath(catalog.targetPath));
  }
  if (errors.length > 0) throw new BriefingError(errors);
  // Only inside the content folder, and through no linked folder: a locale folder linked to another
  // locale (kk → ru) or a chapter folder linked elsewhere is refused before anything is written.
  if (artifacts.length > 0) await writeArtifacts(artifacts, { root: config.contentDir });
  return result;
}

/** The translation files the inputs name (files, or folders holding them); an error when there are none. */
async function inputFiles(inputs: string[]): Promise<string[]> {
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
  return files;
}

/** Every PO and XLIFF file read; what cannot be read is an error, an XLIFF with no confirmed target a warning. */
async function readTranslationFiles(
  files: string[],
  options: ImportOptions,
  errors: Diagnostic[],
  warnings: Diagnostic[],
): Promise<ImportedFile[]> {
  const parsed: ImportedFile[] = [];
  for (const file of files) {
    try {
      const read = await readTranslationFile(file, options);
      parsed.push(read);
      if (read.allInitial)
        warnings.push({
          file,
          line: read.localeLine,
          column: 1,
          severity: 'warning',
          message: `all ${read.allInitial} targets are in state "initial" (not confirmed): imported as needs review, none recorded as done`,
          rule: RULES.importAllInitial.id,
          fix: 'mark them translated in your CAT tool, or pass --states ignore if your tool writes no states (OmegaT)',
        });
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
  return parsed;
}

/** Why a file cannot be imported into the locale it names (none, the source, another one), if it cannot. */
function localeRefusal(file: ImportedFile, locale: string | undefined, config: Config, onlyLocale?: string) {
  const { locales, sourceLocale } = config.edition;
  const folder = path.basename(path.dirname(file.path));
  const folderLocale = locales.includes(folder) ? folder : undefined;
  if (!locale) return 'the file names no language (PO header `Language:`, XLIFF `trgLang`)';
  if (!locales.includes(locale)) return `language "${locale}" is not a locale of this edition (${locales.join(', ')})`;
  if (locale === sourceLocale) return `language "${locale}" is the source locale: there is nothing to import into it`;
  if (onlyLocale && locale !== onlyLocale) return `this file belongs to locale "${locale}", not "${onlyLocale}"`;
  if (folderLocale && folderLocale !== locale)
    return `this file belongs to locale "${locale}" but sits in the "${folderLocale}" folder`;
  return undefined;
}

interface TargetGroup {
  locale: string;
  units: ImportedUnit[];
  from: string;
}

/**
 * The units of every file by the file they translate (`<locale>/<source file>`), each segment once:
 * the same segment translated twice, differently, is an error (never last-one-wins).
 */
function groupByTarget(
  parsed: ImportedFile[],
  config: Config,
  onlyLocale: string | undefined,
  known: Set<string>,
  errors: Diagnostic[],
): Map<string, TargetGroup> {
  const { sourceLocale } = config.edition;
  const byTarget = new Map<string, TargetGroup>();
  const seen = new Map<string, ImportedUnit>();
  for (const file of parsed) {
    const locale = file.locale && (editionLocale(file.locale, config.edition.locales) ?? file.locale);
    const refusal = localeRefusal(file, locale, config, onlyLocale);
    if (refusal) {
      errors.push({
        file: file.path,
        line: file.localeLine,
        column: 1,
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
      // The same segment twice (in one file, or a PO and an XLIFF of the same file): never last-one-wins.
      // (An empty target is no translation: it conflicts with nothing.)
      const twin = `${key}\0${unit.id || `=${fingerprint(unit.source)}`}`;
      const first = unit.translation.trim() === '' ? undefined : seen.get(twin);
      if (first && (first.translation !== unit.translation || first.fuzzy !== unit.fuzzy)) {
        errors.push({
          file: file.path,
          line: unit.line,
          column: unit.column,
          severity: 'error',
          message: `segment ${unit.id || '(no msgctxt)'} (“${preview(unit.source)}”) is also translated at ${displayPath(first.origin!)}:${first.line}, differently`,
          rule: RULES.importDuplicate.id,
          fix: 'keep one of the two translations (import one file per source file)',
        });
      }
      if (first) continue;
      const placed = { ...unit, origin: file.path };
      if (unit.translation.trim() !== '') seen.set(twin, placed);
      group.units.push(placed);
      byTarget.set(key, group);
    }
  }
  return byTarget;
}

/**
 * One translated file: its units matched to the current source (what is gone or changed said),
 * each translation checked, and the file composed; undefined (with an error) when the translations
 * would change its blocks.
 */
function planTarget(
  config: Config,
  catalog: FileCatalog,
  relative: string,
  group: TargetGroup,
  options: ImportOptions,
  found: { errors: Diagnostic[]; warnings: Diagnostic[] },
): Plan | undefined {
  const { errors, warnings } = found;
  const matched = matchUnits(catalog, group.units);
  const units = matched.units;
  warnings.push(...matchingNotes(matched, catalog, relative));
  const errorsBefore = errors.length;
  const definitions = relative.endsWith('.md') ? linkDefinitions(sourceText(config, catalog)) : undefined;
  for (const entry of catalog.entries) {
    const unit = units.get(entry.segment.id);
    if (unit) errors.push(...translationProblems(entry, unit, catalog, definitions, options));
  }
  const plan = composeFile(catalog, units, config.edition.sourceLocale);
  // Whatever the checks above missed: the written file must keep the source's blocks.
  const broken = errors.length === errorsBefore ? changedBlocks(catalog, plan.text) : undefined;
  if (broken === undefined) return plan;
  const unit = units.get(catalog.entries[broken]?.segment.id ?? '');
  errors.push({
    file: unit?.origin ?? group.from,
    line: unit?.line ?? 1,
    column: unit?.column ?? 1,
    severity: 'error',
    message: `the translations would change the blocks of ${relative} (from block ${broken + 1} on), so none of them would count as translated`,
    rule: RULES.importStructure.id,
    fix: 'keep each translation one block like its source: no blank lines, no markers at line starts',
  });
  return undefined;
}

/** Units whose source is gone (skipped), or changed since export (kept for review). */
function matchingNotes(matched: ReturnType<typeof matchUnits>, catalog: FileCatalog, relative: string): Diagnostic[] {
  const notes: Diagnostic[] = [];
  for (const unit of matched.obsolete) {
    notes.push({
      file: unit.origin!,
      line: unit.line,
      column: unit.column,
      severity: 'warning',
      message: `segment ${unit.id || '(no msgctxt)'} (“${preview(unit.source)}”) is no longer in ${relative}, and nothing like it is: skipped`,
      rule: RULES.importObsolete.id,
      fix: 'export again to get the current source text',
    });
  }
  for (const { unit, entry, similarity } of matched.carried) {
    notes.push({
      file: unit.origin!,
      line: unit.line,
      column: unit.column,
      severity: 'info',
      message: `the source of segment ${unit.id || '(no msgctxt)'} changed since export (${Math.round(similarity * 100)} % alike): its translation is kept for “${preview(entry.segment.text)}” at ${displayPath(catalog.sourcePath)}:${entry.segment.line}, marked for review`,
      rule: RULES.importSourceChanged.id,
      fix: 'review it against the new source (export again: it is fuzzy, with the previous source)',
    });
  }
  return notes;
}

/**
 * What is wrong with one translation: markup the source protects changed, links or headings added,
 * the block broken, a finished translation replaced without --overwrite.
 */
function translationProblems(
  entry: Entry,
  unit: ImportedUnit,
  catalog: FileCatalog,
  definitions: ReturnType<typeof linkDefinitions> | undefined,
  options: ImportOptions,
): Diagnostic[] {
  const problems: Diagnostic[] = [];
  // Checked against the text it was translated from (an edited paragraph: the old source).
  const source = unit.source || entry.segment.text;
  const at = { file: unit.origin!, line: unit.line, column: unit.column, severity: 'error' as const };
  const what = `translation of segment ${unit.id || entry.segment.id} (“${preview(source)}”)`;
  const markup = markupProblem(source, unit.translation);
  if (markup)
    problems.push({
      ...at,
      message: `${what} ${markup}`,
      rule: RULES.importMarkup.id,
      fix: 'keep note references, link targets and code exactly as in the source',
    });
  const structure = structureProblem(entry.segment.kind, source, unit.translation);
  // A translator cannot add links, addresses or headings the segment does not have (an added
  // heading that breaks the block is the structure error below, said once).
  const added =
    markup || definitions === undefined ? undefined : addedLinksProblem(source, unit.translation, definitions);
  if (added && !(structure && added.includes('heading')))
    problems.push({
      ...at,
      message: `${what} ${added}`,
      rule: RULES.importMarkup.id,
      fix: 'translate the text only: links, addresses and headings come from the source',
    });
  if (structure)
    problems.push({
      ...at,
      message: `${what} ${structure}`,
      rule: RULES.importStructure.id,
      fix: 'keep the translation one block like its source: no blank lines, no markers at line starts',
    });
  if (!options.overwrite && entry.state === 'done' && norm(entry.translation!) !== norm(unit.translation))
    problems.push({
      ...at,
      message: `${what} would replace the finished translation at ${displayPath(catalog.targetPath)}${entry.line ? `:${entry.line}` : ''} (“${preview(entry.translation!)}”) with different text`,
      rule: RULES.importOverwrite.id,
      fix: 'pass --overwrite to replace finished translations, or import the file into the locale it was translated for',
    });
  return problems;
}

interface Plan {
  changed: boolean;
  text: string;
  sidecar: Sidecar;
  counts: { done: number; fuzzy: number; empty: number };
}

/** The translated file's new text and record from the source and the imported units. */
function composeFile(catalog: FileCatalog, units: Map<string, ImportedUnit>, sourceLocale: string): Plan {
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
    const source = stripBom(readFileSync(catalog.sourcePath, 'utf8'));
    const doc = parseDocument(source);
    for (const { entry, state, text } of decided) {
      const keyPath = entry.segment.id.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
      if (state === 'empty' && !REQUIRED_YAML_KEYS.has(entry.segment.id) && !/\.\d+$/.test(entry.segment.id))
        doc.deleteIn(keyPath);
      else if (text !== undefined) doc.setIn(keyPath, text);
    }
    const keys = Object.fromEntries(decided.map((d) => [d.entry.segment.id, d.recorded]));
    return { changed, text: doc.toString({ lineWidth: 100 }), sidecar: { from: sourceLocale, keys, texts }, counts };
  }
  const source = stripBom(readFileSync(catalog.sourcePath, 'utf8'));
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

/** Index of the first block of the composed Markdown that is not the source's kind of block, if any. */
function changedBlocks(catalog: FileCatalog, text: string): number | undefined {
  if (catalog.relative.endsWith('.yaml')) return undefined;
  const kinds = markdownSegments(text).map((s) => s.kind);
  const want = catalog.entries.map((e) => e.segment.kind);
  const at = want.findIndex((kind, i) => kinds[i] !== kind);
  if (at !== -1) return at;
  return kinds.length === want.length ? undefined : want.length;
}

/** The source file's text, read through src/paths.ts (inside the content folder, a regular file). */
function sourceText(config: Config, catalog: FileCatalog): string {
  return stripBom(
    readInsideSync({ root: config.contentDir, name: 'content folder' }, catalog.sourcePath).toString('utf8'),
  );
}

const REQUIRED_YAML_KEYS = new Set(['title', 'publisher']);

function norm(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A language tag as a locale of the edition: `kk-KZ`, `kk_KZ`, `ru_RU.UTF-8` → `kk`, `ru`. */
export function editionLocale(tag: string, locales: readonly string[]): string | undefined {
  const clean = tag
    .trim()
    .replace(/[.@].*$/, '')
    .replace(/_/g, '-')
    .toLowerCase();
  return locales.find((l) => l.toLowerCase() === clean) ?? locales.find((l) => l.toLowerCase() === clean.split('-')[0]);
}

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
    .filter((e) => e.isFile() && /\.(po|xlf|xliff|tmx)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

async function readTranslationFile(file: string, options: ImportOptions): Promise<ImportedFile> {
  // A regular file within the size limit: a FIFO, a device or a 600 MB file is a positioned error.
  const bytes = await Promise.resolve(readUserFile(file) ?? Buffer.alloc(0));
  if (/\.(xlf|xliff)$/.test(file))
    return parseXliff(file, decodeTranslationFile(file, bytes, 'xliff'), { ignoreStates: options.ignoreStates });
  if (!file.endsWith('.po')) {
    throw new BriefingError({
      file,
      severity: 'error',
      message: 'not a PO or XLIFF file',
      rule: RULES.importFormat.id,
      fix: 'import .po, .xlf or .xliff files',
    });
  }
  const po = parsePo(decodeTranslationFile(file, bytes, 'po'));
  headerLanguageProblem(file, po.headers, po.headerLines);
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

/**
 * The PO header's witnesses of the target language must agree: `Language`, `Language-Team` when it is
 * a bare tag (as exported) and `X-Briefing-Locale` (what the file was exported for). A tool or a hand
 * that changed one of them has made a file whose language is unknown: refused at the Language line.
 */
function headerLanguageProblem(file: string, headers: Map<string, string>, lines: Map<string, number>): void {
  const witnesses = ['Language', 'Language-Team', 'X-Briefing-Locale']
    .map((name) => ({ name, value: headers.get(name)?.trim() ?? '' }))
    .filter((w) => /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*(?:[.@]\S*)?$/.test(w.value));
  const primary = (tag: string) => tag.split(/[-_.@]/)[0]!.toLowerCase();
  const [first, ...rest] = witnesses;
  const other = rest.find((w) => primary(w.value) !== primary(first!.value));
  if (!first || !other) return;
  throw new BriefingError({
    file,
    line: lines.get(first.name) ?? 1,
    column: 1,
    severity: 'error',
    message: `the header says ${first.name}: ${first.value} but ${other.name}: ${other.value}, so the file's language is unknown`,
    rule: RULES.importWrongLocale.id,
    fix: `set both to the locale the file was translated into (export that locale again if it is not ${other.value})`,
  });
}

/** TMX files → each target language's memory file, merged with what it had (nothing written yet). */
async function importMemories(
  config: Config,
  files: string[],
  onlyLocale: string | undefined,
  errors: Diagnostic[],
): Promise<{ path: string; data: string; units: number }[]> {
  const { sourceLocale, locales } = config.edition;
  const byLocale = new Map<string, MemoryPair[]>();
  for (const file of files) {
    try {
      const text = decodeTranslationFile(file, readUserFile(file) ?? Buffer.alloc(0), 'xliff');
      for (const pair of parseTmx(file, text, sourceLocale)) {
        const locale = editionLocale(pair.lang, locales);
        if (!locale || locale === sourceLocale || (onlyLocale && locale !== onlyLocale)) continue;
        byLocale.set(locale, [...(byLocale.get(locale) ?? []), { source: pair.source, translation: pair.translation }]);
      }
    } catch (error) {
      if (error instanceof BriefingError) errors.push(...error.diagnostics);
      else throw error;
    }
  }
  return Promise.all(
    [...byLocale].map(async ([locale, pairs]) => {
      const data = memoryText([...(await readImportedMemory(config.contentDir, locale)), ...pairs]);
      return {
        path: importedMemoryPath(config.contentDir, locale),
        data,
        units: (JSON.parse(data) as unknown[]).length,
      };
    }),
  );
}

// One translatable file of a locale as a list of entries: each source segment with what the locale
// has for it — done (recorded against this very source text), fuzzy (translated from an older source
// text, which is kept as `previous`) or empty. Export writes these entries; status counts them.
import path from 'node:path';
import { parseDocument } from 'yaml';
import { readInside, readTextIfPresent } from '../paths.js';
import { readLocale } from '../content/read.js';
import { similarity } from './match.js';
import { align } from './record.js';
import { markdownRecord, readSidecar, sidecarPath, type Sidecar } from './record.js';
import { markdownSegments, yamlSegments, type Segment } from './segments.js';

export type EntryState = 'done' | 'fuzzy' | 'empty';

export interface Entry {
  segment: Segment;
  state: EntryState;
  /** The locale's text for this segment (done or fuzzy). */
  translation?: string;
  /** Fuzzy: the source text the translation was made from, when known. */
  previous?: string;
  /** Where the translation stands in the translated file. */
  line?: number;
  column?: number;
}

export interface FileCatalog {
  /** Path under the locale folder, `/`-separated: `07-protection/01-right-to-life.md`, `edition.yaml`. */
  relative: string;
  sourcePath: string;
  targetPath: string;
  /** The translated file exists. */
  exists: boolean;
  /** It carries a record of what it was translated from. */
  recorded: boolean;
  entries: Entry[];
  /** Recorded source segments that the source no longer has. */
  removed: number;
}

export const YAML_FILES = ['edition.yaml', 'strings.yaml'] as const;

/** Every translatable file of the source locale, relative to its folder, in reading order. */
export async function translatableFiles(contentDir: string, sourceLocale: string): Promise<string[]> {
  const source = await readLocale(contentDir, sourceLocale, sourceLocale);
  const sourceDir = path.join(contentDir, sourceLocale);
  const files = [
    ...(source.preface ? [source.preface.path] : []),
    ...source.chapters.flatMap((c) => [c.file.path, ...c.sections.map((s) => s.file.path)]),
  ].map((p) => path.relative(sourceDir, p).split(path.sep).join('/'));
  return [...YAML_FILES, ...files];
}

export async function fileCatalog(
  contentDir: string,
  locale: string,
  sourceLocale: string,
  relative: string,
): Promise<FileCatalog> {
  const texts = await catalogTexts(contentDir, locale, sourceLocale, relative);
  return { ...texts.paths, ...catalogOf(relative, texts) };
}

/** What a file's catalog is made from: the source, the translation (if any) and its sidecar record. */
export interface CatalogTexts {
  paths: { relative: string; sourcePath: string; targetPath: string };
  source: string;
  target: string | undefined;
  sidecar: Sidecar;
}

export async function catalogTexts(
  contentDir: string,
  locale: string,
  sourceLocale: string,
  relative: string,
): Promise<CatalogTexts> {
  const sourcePath = path.join(contentDir, sourceLocale, relative);
  const localeDir = path.join(contentDir, locale);
  const targetPath = path.join(localeDir, relative);
  // Through src/paths.ts: inside the content folder, regular files, size limit.
  const content = { root: contentDir, name: 'content folder' };
  const source = stripBom((await readInside(content, sourcePath)).toString('utf8'));
  const target = await readTextIfPresent(content, targetPath).then((t) => (t === undefined ? undefined : stripBom(t)));
  const sidecar = await readSidecar(content, sidecarPath(localeDir, relative));
  return { paths: { relative, sourcePath, targetPath }, source, target, sidecar };
}

/** A file's catalog from its texts alone (no paths: see fileCatalog). */
export function catalogOf(
  relative: string,
  { source, target, sidecar }: Omit<CatalogTexts, 'paths'>,
): Omit<FileCatalog, 'relative' | 'sourcePath' | 'targetPath'> {
  const base = { exists: target !== undefined, removed: 0 };
  if (relative.endsWith('.yaml')) {
    const segments = yamlSegments(source);
    const own = target === undefined ? new Map<string, Segment>() : new Map(yamlSegments(target).map((s) => [s.id, s]));
    const entries = segments.map((segment): Entry => {
      const mine = own.get(segment.id);
      if (!mine) return { segment, state: 'empty' };
      const recorded = sidecar.keys?.[segment.id];
      if (recorded === segment.fingerprint) return { segment, state: 'done', translation: mine.text, line: mine.line };
      if (recorded === null) return { segment, state: 'empty', line: mine.line };
      return {
        segment,
        state: 'fuzzy',
        translation: mine.text,
        previous: recorded ? sidecar.texts[recorded] : undefined,
        line: mine.line,
      };
    });
    return { ...base, recorded: sidecar.keys !== undefined, entries };
  }
  const segments = markdownSegments(source);
  if (target === undefined)
    return { ...base, recorded: false, entries: segments.map((segment) => ({ segment, state: 'empty' })) };
  const mine = markdownSegments(target);
  const record = markdownRecord(target);
  if (!record || record.blocks.length !== mine.length) {
    // No record (or a translation whose blocks no longer match it): its text is offered, unconfirmed.
    const sameShape = mine.length === segments.length;
    const entries = segments.map((segment, i): Entry =>
      sameShape
        ? { segment, state: 'fuzzy', translation: mine[i]!.text, line: mine[i]!.line }
        : { segment, state: 'empty' },
    );
    return { ...base, recorded: record !== undefined, entries };
  }
  // Where the old source text is known, an edited paragraph pairs with the one most like it.
  const alike = (r: number, c: number) => {
    const old = sidecar.texts[record.blocks[r] ?? ''];
    return old === undefined ? undefined : similarity(old, segments[c]!.text);
  };
  const { states, removed } = align(record.blocks, segments, alike);
  const entries = segments.map((segment, i): Entry => {
    const { state, recordIndex } = states[i]!;
    const own = recordIndex === undefined ? undefined : mine[recordIndex];
    if (state === 'done') return { segment, state: 'done', translation: own!.text, line: own!.line };
    if (state === 'changed') {
      const old = record.blocks[recordIndex!]!;
      return { segment, state: 'fuzzy', translation: own!.text, previous: sidecar.texts[old], line: own!.line };
    }
    return { segment, state: 'empty', line: own?.line, column: own?.column };
  });
  return { ...base, recorded: true, entries, removed: removed.length };
}

export async function localeCatalogs(contentDir: string, locale: string, sourceLocale: string): Promise<FileCatalog[]> {
  const files = await translatableFiles(contentDir, sourceLocale);
  return Promise.all(files.map((f) => fileCatalog(contentDir, locale, sourceLocale, f)));
}

export function stripBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** The YAML file's key → value, for import. */
export function yamlValues(text: string): Map<string, string> {
  return new Map(yamlSegments(text).map((s) => [s.id, s.text]));
}

export { parseDocument };

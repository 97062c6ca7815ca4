// Read one locale's folder into VFiles in reading order: preface, chapters (a chapter may be a folder
// with index.md and one file per section), and the sources chapter. No parsing happens here.
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { BriefingError, displayPath, fail, type Diagnostic } from '../messages.js';
import { readYamlFile } from '../config/yaml.js';
import { isProblem, problemDiagnostic, readInside, resolveInside, type Folder as ContentFolder } from '../paths.js';
import { RULES } from '../rules.js';
import { positionAt } from '../positions.js';

export type ChapterKind = 'chapter' | 'sources';

/** Where a translated file came from: its source-locale twin, or the source itself as a fallback. */
export interface Translation {
  /** Language of the text in `file`: the locale, or the source locale when it fell back. */
  lang: string;
  /** The file was missing in the locale; `file` is the source locale's. */
  fallback: boolean;
  /** The source locale's version of this file (for parity checks and translation status). */
  source?: VFile;
}

export interface SectionSource extends Translation {
  /** From the file name without its order prefix: stable across locales, used for ids. */
  slug: string;
  file: VFile;
}

export interface ChapterSource extends Translation {
  slug: string;
  kind: ChapterKind;
  /** The chapter's own file: `NN-slug.md`, or `index.md` of a chapter folder. */
  file: VFile;
  sections: SectionSource[];
}

export interface EditionMeta {
  title: string;
  subtitle?: string;
  short: string;
  place?: string;
  date?: string;
  publisher: string;
  description?: string;
  keywords: string[];
}

export interface LocaleContent {
  locale: string;
  sourceLocale: string;
  dir: string;
  meta: EditionMeta;
  /** UI words from strings.yaml (missing keys are filled in by content/strings.ts). */
  strings: Record<string, string>;
  stringsFile: string;
  /** The source locale's strings, for keys a translation lacks. */
  sourceStrings?: Record<string, string>;
  preface?: VFile;
  prefaceTranslation?: Translation;
  chapters: ChapterSource[];
  /** Fallbacks and files the source does not have: reported as warnings (errors with --strict). */
  diagnostics: Diagnostic[];
}

interface Folder {
  dir: string;
  chapters: ChapterSource[];
  preface?: VFile;
  /** Files that look like chapters but break the naming rule (never read: warned about). */
  diagnostics: Diagnostic[];
}

const ORDERED = /^(\d+)-([a-z0-9][a-z0-9-]*)(\.md)?$/;
const SOURCES = /^(?:(\d+)-)?sources\.md$/;

export async function readLocale(contentDir: string, locale: string, sourceLocale: string = locale): Promise<LocaleContent> {
  const content: ContentFolder = { root: contentDir, name: 'content folder' };
  const dir = path.join(contentDir, locale);
  const found = resolveInside(content, dir, 'folder');
  if (isProblem(found)) {
    if (found.code === 'missing') {
      fail({ file: dir, message: `locale folder "${locale}" not found`, rule: RULES.contentMissingLocale.id, fix: `create ${locale}/ beside briefing.yaml` });
    }
    throw new BriefingError(problemDiagnostic(dir, found));
  }
  const editionFile = path.join(dir, 'edition.yaml');
  const stringsFile = path.join(dir, 'strings.yaml');
  if (locale === sourceLocale) {
    const [meta, strings, folder] = await Promise.all([readEditionMeta(content, editionFile), readStrings(content, stringsFile), readFolder(content, dir, locale)]);
    if (folder.chapters.length === 0) {
      fail({ file: dir, message: `no chapters in ${locale}/`, rule: RULES.contentNoChapters.id, fix: 'add chapter files named like 01-introduction.md' });
    }
    return { locale, sourceLocale, dir, meta, strings, stringsFile, preface: folder.preface, prefaceTranslation: folder.preface ? { lang: locale, fallback: false } : undefined, chapters: folder.chapters, diagnostics: folder.diagnostics };
  }

  // A translation: the source locale gives the structure; each file the locale lacks falls back.
  const sourceDir = path.join(contentDir, sourceLocale);
  const diagnostics: Diagnostic[] = [];
  const [source, own, sourceStrings, strings, meta] = await Promise.all([
    readFolder(content, sourceDir, sourceLocale),
    readFolder(content, dir, locale),
    readStrings(content, path.join(sourceDir, 'strings.yaml')),
    readStrings(content, stringsFile),
    (await exists(editionFile)) ? readEditionMeta(content, editionFile) : undefined,
  ]);
  // The source folder's naming warnings belong to the source locale's own run. A misnamed file in
  // a translation gets one warning, the one naming the source file it probably translates.
  const unknown = await unknownFiles(dir, source, sourceLocale);
  const named = new Set(unknown.map((d) => d.file));
  diagnostics.push(...own.diagnostics.filter((d) => !named.has(d.file)), ...unknown);
  const fallbackNote = (missing: string): Diagnostic => ({
    file: missing,
    severity: 'warning',
    message: `not translated into "${locale}": the ${sourceLocale} text is used`,
    rule: RULES.localeFallback.id,
    fix: `translate ${displayPath(missing.replace(dir, sourceDir))} into this file`,
  });
  const pair = <T extends { slug: string; file: VFile }>(sourceItem: T, ownItems: T[], ownPath: string): T & Translation => {
    const mine = ownItems.find((o) => o.slug === sourceItem.slug);
    if (mine) return { ...mine, lang: locale, fallback: false, source: sourceItem.file };
    diagnostics.push(fallbackNote(ownPath));
    return { ...sourceItem, lang: sourceLocale, fallback: true, source: sourceItem.file };
  };
  const chapters = source.chapters.map((chapter) => {
    const ownPath = chapter.file.path.replace(sourceDir, dir);
    const mine = own.chapters.find((o) => o.slug === chapter.slug);
    const merged = pair(chapter, own.chapters, ownPath);
    merged.sections = chapter.sections.map((section) => pair(section, mine?.sections ?? [], section.file.path.replace(sourceDir, dir)));
    return merged;
  });
  let preface = own.preface;
  let prefaceTranslation: Translation | undefined = preface ? { lang: locale, fallback: false, source: source.preface } : undefined;
  if (!preface && source.preface) {
    diagnostics.push(fallbackNote(path.join(dir, 'preface.md')));
    preface = source.preface;
    prefaceTranslation = { lang: sourceLocale, fallback: true, source: source.preface };
  }
  let editionMeta = meta;
  if (!editionMeta) {
    diagnostics.push(fallbackNote(editionFile));
    editionMeta = await readEditionMeta(content, path.join(sourceDir, 'edition.yaml'));
  }
  return { locale, sourceLocale, dir, meta: editionMeta, strings, stringsFile, sourceStrings, preface, prefaceTranslation, chapters, diagnostics };
}

/** The chapters and preface of one locale folder, in reading order. */
async function readFolder(content: ContentFolder, dir: string, lang: string): Promise<Folder> {
  const entries = await readdir(dir, { withFileTypes: true });
  const own = { lang, fallback: false };
  const names = entries.map((e) => e.name).sort(byOrderPrefix);
  const chapters: ChapterSource[] = [];
  const diagnostics: Diagnostic[] = [];
  let sources: { order: number | undefined; chapter: ChapterSource } | undefined;
  for (const name of names) {
    const full = path.join(dir, name);
    const sourcesMatch = SOURCES.exec(name);
    if (sourcesMatch) {
      const chapter: ChapterSource = { ...own, slug: 'sources', kind: 'sources', file: await readMarkdown(full, content), sections: [] };
      sources = { order: sourcesMatch[1] === undefined ? undefined : Number(sourcesMatch[1]), chapter };
      continue;
    }
    const match = ORDERED.exec(name);
    if (!match) {
      const misnamed = await misnamedChapter(dir, name, 'chapter');
      if (misnamed) diagnostics.push(misnamed);
      continue;
    }
    const slug = match[2]!;
    if (match[3]) {
      chapters.push({ ...own, slug, kind: 'chapter', file: await readMarkdown(full, content), sections: [] });
      continue;
    }
    // A chapter folder (a symbolic link to one inside the content folder counts; one outside is an error).
    const folder = resolveInside(content, full, 'folder');
    if (!isProblem(folder)) chapters.push(await readChapterFolder(content, full, slug, lang, diagnostics));
    else if (folder.code === 'link-outside') throw new BriefingError(problemDiagnostic(full, folder));
  }
  if (sources) {
    // `sources.md` closes the edition; `NN-sources.md` stands where its number puts it.
    const at = sources.order === undefined ? -1 : chapters.findIndex((c) => orderOf(c.file.path) > sources.order!);
    if (at === -1) chapters.push(sources.chapter);
    else chapters.splice(at, 0, sources.chapter);
  }
  const prefacePath = path.join(dir, 'preface.md');
  const preface = (await exists(prefacePath)) ? await readMarkdown(prefacePath, content) : undefined;
  return { dir, chapters, preface, diagnostics };
}

async function readChapterFolder(content: ContentFolder, dir: string, slug: string, lang: string, diagnostics: Diagnostic[]): Promise<ChapterSource> {
  const indexPath = path.join(dir, 'index.md');
  if (!(await exists(indexPath))) {
    fail({ file: dir, message: 'chapter folder has no index.md', rule: RULES.contentMissingIndex.id, fix: 'add index.md with the chapter heading (`# Title`)' });
  }
  const names = (await readdir(dir)).sort(byOrderPrefix);
  const sections: SectionSource[] = [];
  for (const name of names) {
    const match = ORDERED.exec(name);
    if (match?.[3]) sections.push({ lang, fallback: false, slug: match[2]!, file: await readMarkdown(path.join(dir, name), content) });
    else if (name !== 'index.md') {
      const misnamed = await misnamedChapter(dir, name, 'section');
      if (misnamed) diagnostics.push(misnamed);
    }
  }
  return { lang, fallback: false, slug, kind: 'chapter', file: await readMarkdown(indexPath, content), sections };
}

const MARKDOWN_LIKE = /\.(md|markdown|mdown|mkdn?|mdwn|txt)$/i;
const NOT_CHAPTERS = new Set(['preface.md', 'index.md', 'edition.yaml', 'strings.yaml']);

/**
 * A warning for a file that looks like a chapter (or section) but is not read because its name breaks
 * the rule (`02-Two.md`, `03_three.md`, `six.md`, `04-four.MD`, `05-five.markdown`), or for a folder
 * with an index.md named that way. Other files (images, hidden files) are left alone.
 */
async function misnamedChapter(dir: string, name: string, what: 'chapter' | 'section'): Promise<Diagnostic | undefined> {
  if (name.startsWith('.') || NOT_CHAPTERS.has(name)) return undefined;
  const full = path.join(dir, name);
  const looksLikeMarkdown = MARKDOWN_LIKE.test(name);
  const looksLikeFolder = !looksLikeMarkdown && (await exists(path.join(full, 'index.md')));
  if (!looksLikeMarkdown && !looksLikeFolder) return undefined;
  let suggestion = name
    .replace(MARKDOWN_LIKE, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!/^\d+-/.test(suggestion)) suggestion = `NN-${suggestion || 'name'}`;
  if (looksLikeMarkdown) suggestion += '.md';
  return {
    file: full,
    severity: 'warning',
    message: `"${name}" is not read: ${what} ${looksLikeFolder ? 'folders' : 'files'} must be named like 01-introduction${looksLikeFolder ? '' : '.md'} (a number, a dash, then lower-case letters, digits or dashes${looksLikeFolder ? '' : ', ending in .md'})`,
    rule: RULES.contentFileName.id,
    fix: `rename it to ${suggestion}`,
  };
}

/** Read a Markdown file inside the content folder as strict UTF-8: another encoding is an error, not mojibake. */
export async function readMarkdown(file: string, content: ContentFolder): Promise<VFile> {
  const bytes = await readInside(content, file);
  let value: string;
  try {
    value = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    // latin1: one character per byte, so the column counts bytes up to the bad one.
    const { line, column } = positionAt(bytes.subarray(0, offset).toString('latin1'), offset);
    fail({ file, line, column, message: 'file is not valid UTF-8', rule: RULES.contentEncoding.id, fix: 'save the file as UTF-8' });
  }
  return new VFile({ path: file, value: value.replace(/^\uFEFF/, '') });
}

function firstInvalidUtf8(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = bytes.length;
  // Binary search for the longest valid prefix (a cut inside a sequence counts as invalid).
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    try {
      decoder.decode(bytes.subarray(0, mid));
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}

async function readEditionMeta(content: ContentFolder, file: string): Promise<EditionMeta> {
  const yaml = await readYamlFile(content, file, 'edition.yaml', 'create it with at least `title` and `publisher`');
  const d = yaml.data;
  const text = (key: string, required: boolean): string | undefined => {
    const value = d[key];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') {
      fail({ file, ...yaml.positionOf(key), message: `\`${key}\` ${value === undefined ? 'is missing' : 'must be text'}`, rule: RULES.configInvalid.id, fix: `add \`${key}: …\`` });
    }
    return String(value);
  };
  const keywords = d.keywords ?? [];
  if (!Array.isArray(keywords)) {
    fail({ file, ...yaml.positionOf('keywords'), message: '`keywords` must be a list', rule: RULES.configInvalid.id, fix: 'write `keywords: [human rights, Kazakhstan]`' });
  }
  const title = text('title', true)!;
  return {
    title,
    subtitle: text('subtitle', false),
    short: text('short', false) ?? title,
    place: text('place', false),
    date: text('date', false) ?? text('year', false),
    publisher: text('publisher', true)!,
    description: text('description', false),
    keywords: keywords.map(String),
  };
}

async function readStrings(content: ContentFolder, file: string): Promise<Record<string, string>> {
  if (!(await exists(file))) return {};
  const yaml = await readYamlFile(content, file, 'strings.yaml', '');
  const strings: Record<string, string> = {};
  for (const [key, value] of Object.entries(yaml.data)) {
    if (typeof value !== 'string') {
      fail({ file, ...yaml.positionOf(key), message: `string "${key}" must be text`, rule: RULES.configInvalid.id, fix: `write \`${key}: "…"\`` });
    }
    strings[key] = value;
  }
  return strings;
}

function byOrderPrefix(a: string, b: string): number {
  return orderOf(a) - orderOf(b) || a.localeCompare(b);
}

function orderOf(file: string | undefined): number {
  const match = /^(\d+)-/.exec(path.basename(file ?? ''));
  return match ? Number(match[1]) : Number.MAX_SAFE_INTEGER;
}

/** Present, even as a broken link (so that reading it reports why, instead of skipping it). */
async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Files in a translation's folder that translate nothing: a misnamed or misplaced file would
 * otherwise be ignored in silence. Each gets a "did you mean" with the nearest source name.
 */
async function unknownFiles(dir: string, source: Folder, sourceLocale: string): Promise<Diagnostic[]> {
  const topNames = ['edition.yaml', 'strings.yaml', 'preface.md', ...source.chapters.map((c) => chapterEntryName(c))];
  const found: Diagnostic[] = [];
  const check = async (folder: string, expected: string[], slugs: Set<string>, isTop: boolean) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const name = entry.name;
      if (name.startsWith('.')) continue;
      const match = ORDERED.exec(name);
      const known =
        expected.includes(name) ||
        (match && slugs.has(match[2]!) && (entry.isDirectory() ? isTop : match[3] !== undefined)) ||
        (isTop && SOURCES.test(name) && slugs.has('sources'));
      if (known) {
        if (entry.isDirectory() && match) {
          const chapter = source.chapters.find((c) => c.slug === match[2]);
          if (chapter) await check(path.join(folder, name), ['index.md', ...chapter.sections.map((s) => path.basename(s.file.path))], new Set(chapter.sections.map((s) => s.slug)), false);
        }
        continue;
      }
      const nearest = nearestName(name, expected);
      found.push({
        file: path.join(folder, name),
        severity: 'warning',
        message: `no ${sourceLocale} file "${name}" to translate: ${entry.isDirectory() ? 'folder' : 'file'} ignored`,
        rule: RULES.localeUnknownFile.id,
        fix: nearest ? `did you mean ${nearest}? A translation keeps the file name of its source` : `name it after a file of ${sourceLocale}/`,
      });
    }
  };
  await check(dir, topNames, new Set(source.chapters.map((c) => c.slug)), true);
  return found;
}

function chapterEntryName(chapter: ChapterSource): string {
  const file = chapter.file.path;
  return path.basename(file) === 'index.md' && chapter.kind === 'chapter' ? path.basename(path.dirname(file)) : path.basename(file);
}

/** The expected name closest to `name`: the same order number first, then the smallest edit distance. */
export function nearestName(name: string, candidates: string[]): string | undefined {
  const order = /^(\d+)-/.exec(name)?.[1];
  const sameOrder = order === undefined ? [] : candidates.filter((c) => c.startsWith(`${order}-`));
  if (sameOrder.length === 1) return sameOrder[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of sameOrder.length > 0 ? sameOrder : candidates) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(name.length, 4) * 0.6 ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

// Read one locale's folder into VFiles in reading order: preface, chapters (a chapter may be a folder
// with index.md and one file per section), and the sources chapter. No parsing happens here.
import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { describeReadError, displayPath, fail, type Diagnostic } from '../messages.js';
import { readYamlFile } from '../config/yaml.js';
import { RULES } from '../rules.js';

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
  /** UI words from strings.yaml (missing keys are filled in by render/strings.ts). */
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
}

const ORDERED = /^(\d+)-([a-z0-9][a-z0-9-]*)(\.md)?$/;
const SOURCES = /^(?:(\d+)-)?sources\.md$/;

export async function readLocale(contentDir: string, locale: string, sourceLocale: string = locale): Promise<LocaleContent> {
  const dir = path.join(contentDir, locale);
  if (!(await isDirectory(dir))) {
    fail({ file: dir, message: `locale folder "${locale}" not found`, rule: RULES.contentMissingLocale.id, fix: `create ${locale}/ beside briefing.yaml` });
  }
  const editionFile = path.join(dir, 'edition.yaml');
  const stringsFile = path.join(dir, 'strings.yaml');
  if (locale === sourceLocale) {
    const [meta, strings, folder] = await Promise.all([readEditionMeta(editionFile), readStrings(stringsFile), readFolder(dir, locale)]);
    if (folder.chapters.length === 0) {
      fail({ file: dir, message: `no chapters in ${locale}/`, rule: RULES.contentNoChapters.id, fix: 'add chapter files named like 01-introduction.md' });
    }
    return { locale, sourceLocale, dir, meta, strings, stringsFile, preface: folder.preface, prefaceTranslation: folder.preface ? { lang: locale, fallback: false } : undefined, chapters: folder.chapters, diagnostics: [] };
  }

  // A translation: the source locale gives the structure; each file the locale lacks falls back.
  const sourceDir = path.join(contentDir, sourceLocale);
  const diagnostics: Diagnostic[] = [];
  const [source, own, sourceStrings, strings, meta] = await Promise.all([
    readFolder(sourceDir, sourceLocale),
    readFolder(dir, locale),
    readStrings(path.join(sourceDir, 'strings.yaml')),
    readStrings(stringsFile),
    (await exists(editionFile)) ? readEditionMeta(editionFile) : undefined,
  ]);
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
  for (const extra of own.chapters.filter((o) => !source.chapters.some((c) => c.slug === o.slug))) {
    diagnostics.push({ file: extra.file.path, severity: 'warning', message: `no ${sourceLocale} chapter "${extra.slug}" to translate: file ignored`, rule: RULES.localeExtraFile.id, fix: `rename it after a file of ${sourceLocale}/, or add the chapter to ${sourceLocale}/ first` });
  }
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
    editionMeta = await readEditionMeta(path.join(sourceDir, 'edition.yaml'));
  }
  return { locale, sourceLocale, dir, meta: editionMeta, strings, stringsFile, sourceStrings, preface, prefaceTranslation, chapters, diagnostics };
}

/** The chapters and preface of one locale folder, in reading order. */
async function readFolder(dir: string, lang: string): Promise<Folder> {
  const entries = await readdir(dir, { withFileTypes: true });
  const own = { lang, fallback: false };
  const names = entries.map((e) => e.name).sort(byOrderPrefix);
  const chapters: ChapterSource[] = [];
  let sources: { order: number | undefined; chapter: ChapterSource } | undefined;
  for (const name of names) {
    const full = path.join(dir, name);
    const sourcesMatch = SOURCES.exec(name);
    if (sourcesMatch) {
      const chapter: ChapterSource = { ...own, slug: 'sources', kind: 'sources', file: await readMarkdown(full), sections: [] };
      sources = { order: sourcesMatch[1] === undefined ? undefined : Number(sourcesMatch[1]), chapter };
      continue;
    }
    const match = ORDERED.exec(name);
    if (!match) continue;
    const slug = match[2]!;
    const entry = entries.find((e) => e.name === name)!;
    if (entry.isDirectory()) chapters.push(await readChapterFolder(full, slug, lang));
    else if (match[3]) chapters.push({ ...own, slug, kind: 'chapter', file: await readMarkdown(full), sections: [] });
  }
  if (sources) {
    // `sources.md` closes the edition; `NN-sources.md` stands where its number puts it.
    const at = sources.order === undefined ? -1 : chapters.findIndex((c) => orderOf(c.file.path) > sources.order!);
    if (at === -1) chapters.push(sources.chapter);
    else chapters.splice(at, 0, sources.chapter);
  }
  const prefacePath = path.join(dir, 'preface.md');
  const preface = (await exists(prefacePath)) ? await readMarkdown(prefacePath) : undefined;
  return { dir, chapters, preface };
}

async function readChapterFolder(dir: string, slug: string, lang: string): Promise<ChapterSource> {
  const indexPath = path.join(dir, 'index.md');
  if (!(await exists(indexPath))) {
    fail({ file: dir, message: 'chapter folder has no index.md', rule: RULES.contentMissingIndex.id, fix: 'add index.md with the chapter heading (`# Title`)' });
  }
  const names = (await readdir(dir)).sort(byOrderPrefix);
  const sections: SectionSource[] = [];
  for (const name of names) {
    const match = ORDERED.exec(name);
    if (match?.[3]) sections.push({ lang, fallback: false, slug: match[2]!, file: await readMarkdown(path.join(dir, name)) });
  }
  return { lang, fallback: false, slug, kind: 'chapter', file: await readMarkdown(indexPath), sections };
}

/** Read a Markdown file as strict UTF-8: a file in another encoding is an error, not mojibake. */
export async function readMarkdown(file: string): Promise<VFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const brokenLink = await lstat(file).then((st) => st.isSymbolicLink(), () => false);
    const { reason, fix } = describeReadError(error, brokenLink);
    fail({ file, message: `cannot read file: ${reason}`, rule: RULES.contentUnreadable.id, fix });
  }
  let value: string;
  try {
    value = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, offset).toString('latin1');
    const line = before.split('\n').length;
    fail({ file, line, column: offset - before.lastIndexOf('\n'), message: 'file is not valid UTF-8', rule: RULES.contentEncoding.id, fix: 'save the file as UTF-8' });
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

async function readEditionMeta(file: string): Promise<EditionMeta> {
  const yaml = await readYamlFile(file, 'edition.yaml', 'create it with at least `title` and `publisher`');
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

async function readStrings(file: string): Promise<Record<string, string>> {
  if (!(await exists(file))) return {};
  const yaml = await readYamlFile(file, 'strings.yaml', '');
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

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

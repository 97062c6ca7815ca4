// Read one locale's folder into VFiles in reading order: preface, chapters (a chapter may be a folder
// with index.md and one file per section), and the sources chapter. No parsing happens here.
import { lstatSync, type Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import type { Root } from 'mdast';
import { BriefingError, displayPath, fail, type Diagnostic } from '../messages.js';
import { readYamlFile } from '../config/yaml.js';
import { schemaProblems } from '../config/schema.js';
import { nearest } from '../did-you-mean.js';
import { isProblem, problemDiagnostic, readInside, resolveInside, type Folder as ContentFolder } from '../paths.js';
import { RULES } from '../rules.js';
import { positionAt } from '../positions.js';
import { slug as githubSlug } from 'github-slugger';
import type { ListedChapter } from '../config/config.js';
import { DEFAULT_STRINGS } from './strings.js';
import { applySectionRenames, sectionRenames, TEMPLATE_IDS } from './section-ids.js';
import {
  babelTranslationsLeftOut,
  isBabelTranslation,
  QUARTO_FILE,
  quartoMeta,
  quartoOrder,
  type QuartoOrder,
} from './quarto-order.js';
import { jupyterBookMeta, jupyterBookOrder } from './jupyter-book.js';
import { MARKDOWN } from './markdown-names.js';

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
  /** The chapter's own file: `NN-slug.md`, or `index.md` (or README.md) of a chapter folder. */
  file: VFile;
  sections: SectionSource[];
}

export interface EditionMeta {
  title: string;
  subtitle?: string;
  short: string;
  place?: string;
  date?: string;
  publisher?: string;
  /** Authors (a single-file report's front matter `author`): the cover and the PDF's Author. */
  authors?: string[];
  /** A single-file report's front matter `abstract`, as text: printed after the cover. */
  abstract?: string;
  description?: string;
  keywords: string[];
}

export interface LocaleContent {
  locale: string;
  sourceLocale: string;
  dir: string;
  meta: EditionMeta;
  /** A single-file report split into chapters: each part's tree, parsed once from the whole file. */
  parsed?: ReadonlyMap<VFile, Root>;
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
  /** Files that would be left out (unlisted, nested too deep, listed but missing). */
  diagnostics: Diagnostic[];
}

/** A chapter file or folder of a locale folder, before it is read. */
interface Entry {
  name: string;
  path: string;
  folder: boolean;
}

const SOURCES = /^(?:(\d+)-)?sources\.md$/i;
const SETTINGS = new Set(['edition.yaml', 'strings.yaml']);
const YAML = /\.ya?ml$/i;

export async function readLocale(
  contentDir: string,
  locale: string,
  sourceLocale: string = locale,
  listed?: readonly ListedChapter[],
  configFile: string = path.join(contentDir, 'briefing.yaml'),
): Promise<LocaleContent> {
  const content: ContentFolder = { root: contentDir, name: 'content folder' };
  const dir = path.join(contentDir, locale);
  const found = resolveInside(content, dir, 'folder');
  if (isProblem(found)) {
    if (found.code === 'missing') {
      fail({
        file: dir,
        message: `locale folder "${locale}" not found`,
        rule: RULES.contentMissingLocale.id,
        fix: `create ${locale}/ beside briefing.yaml`,
      });
    }
    throw new BriefingError(problemDiagnostic(dir, found));
  }
  const where: LocaleFiles = {
    content,
    dir,
    locale,
    sourceLocale,
    editionFile: path.join(dir, 'edition.yaml'),
    stringsFile: path.join(dir, 'strings.yaml'),
  };
  const order: Order | undefined = listed
    ? { listed, configFile }
    : quartoOrderOf(content, path.join(contentDir, sourceLocale));
  return locale === sourceLocale ? readSourceLocale(where, order) : readTranslation(where, order);
}

/** A locale's folder and its settings files. */
interface LocaleFiles {
  content: ContentFolder;
  dir: string;
  locale: string;
  sourceLocale: string;
  editionFile: string;
  stringsFile: string;
}

/** The source locale: its own folder, every file its own. */
async function readSourceLocale(
  { content, dir, locale, sourceLocale, editionFile, stringsFile }: LocaleFiles,
  order: Order | undefined,
): Promise<LocaleContent> {
  const [meta, strings, folder] = await Promise.all([
    readEditionMeta(content, editionFile),
    readStrings(content, stringsFile, locale),
    readFolder(content, dir, locale, order),
  ]);
  applySectionRenames(folder.chapters, sectionRenames(folder.chapters));
  if (folder.chapters.length === 0 && !folder.diagnostics.some((d) => d.severity === 'error')) {
    fail({
      file: dir,
      message: `no chapters in ${locale}/`,
      rule: RULES.contentNoChapters.id,
      fix: 'add a Markdown file such as introduction.md',
    });
  }
  return {
    locale,
    sourceLocale,
    dir,
    meta,
    strings,
    stringsFile,
    preface: folder.preface,
    prefaceTranslation: folder.preface ? { lang: locale, fallback: false } : undefined,
    chapters: folder.chapters,
    diagnostics: folder.diagnostics,
  };
}

/** A translation: the source locale gives the structure (and its order); each file the locale lacks falls back. */
async function readTranslation(
  { content, dir, locale, sourceLocale, editionFile, stringsFile }: LocaleFiles,
  order: Order | undefined,
): Promise<LocaleContent> {
  const sourceDir = path.join(content.root, sourceLocale);
  const diagnostics: Diagnostic[] = [];
  const [source, own, sourceStrings, strings, meta] = await Promise.all([
    readFolder(content, sourceDir, sourceLocale, order && { ...order, quiet: true }),
    readFolder(content, dir, locale),
    readStrings(content, path.join(sourceDir, 'strings.yaml'), sourceLocale),
    readStrings(content, stringsFile, locale),
    exists(editionFile) ? readEditionMeta(content, editionFile) : undefined,
  ]);
  const renames = sectionRenames(source.chapters);
  applySectionRenames(source.chapters, renames);
  applySectionRenames(own.chapters, renames);
  // The source folder's own problems belong to the source locale's run. A file of a translation that
  // translates nothing gets one warning, the one naming the source file it probably translates.
  const unknown = await unknownFiles(dir, source, sourceDir, sourceLocale);
  const named = new Set(unknown.map((d) => d.file));
  diagnostics.push(...own.diagnostics.filter((d) => !named.has(d.file)), ...unknown);
  const fallbackNote = (missing: string): Diagnostic => ({
    file: missing,
    severity: 'warning',
    message: `not translated into "${locale}": the ${sourceLocale} text is used`,
    rule: RULES.localeFallback.id,
    fix: `translate ${displayPath(missing.replace(dir, sourceDir))} into this file`,
  });
  const pair = <T extends { slug: string; file: VFile }>(
    sourceItem: T,
    ownItems: T[],
    ownPath: string,
  ): T & Translation => {
    const mine = ownItems.find((o) => o.slug === sourceItem.slug);
    if (mine) return { ...mine, lang: locale, fallback: false, source: sourceItem.file };
    diagnostics.push(fallbackNote(ownPath));
    return { ...sourceItem, lang: sourceLocale, fallback: true, source: sourceItem.file };
  };
  const chapters = source.chapters.map((chapter) => {
    const ownPath = chapter.file.path.replace(sourceDir, dir);
    const mine = own.chapters.find((o) => o.slug === chapter.slug);
    const merged = pair(chapter, own.chapters, ownPath);
    merged.sections = chapter.sections.map((section) =>
      pair(section, mine?.sections ?? [], section.file.path.replace(sourceDir, dir)),
    );
    return merged;
  });
  let preface = own.preface;
  let prefaceTranslation: Translation | undefined = preface
    ? { lang: locale, fallback: false, source: source.preface }
    : undefined;
  if (!preface && source.preface) {
    diagnostics.push(fallbackNote(path.join(dir, 'preface.md')));
    preface = source.preface;
    prefaceTranslation = { lang: sourceLocale, fallback: true, source: source.preface };
  }
  let editionMeta = meta;
  if (!editionMeta) {
    const sourceEdition = path.join(sourceDir, 'edition.yaml');
    if (exists(sourceEdition)) diagnostics.push(fallbackNote(editionFile));
    editionMeta = await readEditionMeta(content, sourceEdition);
  }
  return {
    locale,
    sourceLocale,
    dir,
    meta: editionMeta,
    strings,
    stringsFile,
    sourceStrings,
    preface,
    prefaceTranslation,
    chapters,
    diagnostics,
  };
}

interface Order {
  listed: readonly ListedChapter[];
  configFile: string;
  /** Read in the order given, without reporting (a translation's run: the source's run reports). */
  quiet?: boolean;
  /** From a Quarto project's _quarto.yml: its sections' order, and what it leaves out is left out. */
  quarto?: Pick<QuartoOrder, 'sections' | 'diagnostics' | 'translations' | 'reads'>;
}

/** The order of a Quarto project's _quarto.yml in the source locale's folder, when it lists pages. */
function quartoOrderOf(content: ContentFolder, sourceDir: string): Order | undefined {
  const quarto = quartoOrder(content, sourceDir) ?? jupyterBookOrder(content, sourceDir);
  return quarto && { listed: quarto.listed, configFile: quarto.file, quarto };
}

/**
 * The chapters and preface of one locale folder, in reading order: every Markdown file and every
 * folder holding Markdown is a chapter; the order is `chapters:` in briefing.yaml, else by name.
 */
async function readFolder(content: ContentFolder, dir: string, lang: string, order?: Order): Promise<Folder> {
  const own = { lang, fallback: false };
  const diagnostics: Diagnostic[] = [];
  const entries = await entriesOf(content, dir, diagnostics);
  if (order?.quarto) quartoNotes(diagnostics, order);
  const ordered = order
    ? listedOrder(entries, dir, order, order.quiet ? [] : diagnostics)
    : entries.sort((a, b) => byName(a.name, b.name));
  const chapters: ChapterSource[] = [];
  const slugs = new Set<string>(['sources', ...TEMPLATE_IDS]);
  for (const entry of ordered) {
    if (!entry.folder && SOURCES.test(entry.name)) {
      chapters.push({
        ...own,
        slug: 'sources',
        kind: 'sources',
        file: await readMarkdown(entry.path, content),
        sections: [],
      });
      continue;
    }
    const slug = uniqueSlug(slugOf(entry.name), slugs);
    const inFolder = order?.quarto && {
      listed: order.quarto.sections.get(entry.name) ?? [],
      configFile: order.configFile,
      quiet: order.quiet,
    };
    if (entry.folder)
      chapters.push(await readChapterFolder(content, entry.path, { slug, lang, inFolder }, diagnostics));
    else chapters.push({ ...own, slug, kind: 'chapter', file: await readMarkdown(entry.path, content), sections: [] });
  }
  const prefacePath = path.join(dir, 'preface.md');
  const preface = exists(prefacePath) ? await readMarkdown(prefacePath, content) : undefined;
  return { dir, chapters, preface, diagnostics };
}

/**
 * The folder's chapter entries: Markdown files (preface.md aside) and folders that hold Markdown.
 * Hidden files and other files (images, data) are not chapters. A folder reached by a symbolic link
 * counts when it stays inside the content folder; one leading outside is an error.
 */
async function entriesOf(content: ContentFolder, dir: string, diagnostics: Diagnostic[]): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (const dirent of await readdir(dir, { withFileTypes: true })) {
    const name = dirent.name;
    const full = path.join(dir, name);
    if (name.startsWith('.') || SETTINGS.has(name) || name === 'preface.md') continue;
    if (isPartial(name)) {
      diagnostics.push(partialFile(full));
      continue;
    }
    if (YAML.test(name)) {
      diagnostics.push(unreadSettings(full));
      continue;
    }
    // A Markdown name is a chapter file (reading it reports a folder or a broken link by that name).
    if (MARKDOWN.test(name)) {
      entries.push({ name, path: full, folder: false });
      continue;
    }
    if (!(await isFolder(full))) continue;
    const folder = resolveInside(content, full, 'folder');
    const chapter = await holdsMarkdown(full);
    // A chapter folder leading outside is an error; any other folder (images) is not read here.
    if (isProblem(folder)) {
      if (chapter) throw new BriefingError(problemDiagnostic(full, folder));
      continue;
    }
    if (chapter) entries.push({ name, path: full, folder: true });
    else if (await markdownBelow(full)) diagnostics.push(nestedFolder(full, dir));
  }
  return entries;
}

/** A folder holds Markdown when it has a Markdown file of its own (then it is a chapter). */
async function holdsMarkdown(dir: string): Promise<boolean> {
  const names = await readdir(dir, { withFileTypes: true });
  return names.some((d) => !d.name.startsWith('.') && MARKDOWN.test(d.name));
}

/** Markdown in a sub-folder, at any depth (real folders only: a linked one is not followed). */
async function markdownBelow(dir: string): Promise<boolean> {
  for (const d of await readdir(dir, { withFileTypes: true })) {
    if (d.name.startsWith('.') || !d.isDirectory()) continue;
    const sub = path.join(dir, d.name);
    if ((await holdsMarkdown(sub)) || (await markdownBelow(sub))) return true;
  }
  return false;
}

/** Settings nothing reads, such as Pandoc's metadata file: said, so that its title is not lost unsaid. */
function unreadSettings(file: string): Diagnostic {
  return {
    file,
    severity: 'warning',
    message: `${path.basename(file)} is not read: a locale folder's settings are edition.yaml and strings.yaml`,
    rule: RULES.contentUnreadSettings.id,
    fix: 'put the title, subtitle, author and date in edition.yaml, and delete this file',
  };
}

/** A folder whose Markdown files nothing reads: they would be left out. */
function nestedFolder(folder: string, parent: string): Diagnostic {
  const name = path.basename(folder);
  const within = path.basename(parent);
  return {
    file: folder,
    severity: 'error',
    message: `folder "${name}" is not read: its Markdown files are in folders of their own, and chapters are one folder deep (${within}/<chapter>/index.md and its sections)`,
    rule: RULES.contentNestedFolder.id,
    fix: `move its files up: a chapter folder holds index.md and one Markdown file per section`,
  };
}

/** A folder, or a symbolic link to one (where it leads is checked by resolveInside). */
async function isFolder(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** The entries in `chapters:` order; an unlisted Markdown file and a listed name that is not there are errors. */
function listedOrder(entries: Entry[], dir: string, order: Order, diagnostics: Diagnostic[]): Entry[] {
  const byEntryName = new Map(entries.map((e) => [e.name, e]));
  const ordered: Entry[] = [];
  for (const item of order.listed) {
    const entry = byEntryName.get(item.name);
    if (entry) {
      ordered.push(entry);
      continue;
    }
    diagnostics.push({
      file: order.configFile,
      line: item.line,
      column: item.column,
      severity: 'error',
      message: `${order.quarto ? path.basename(order.configFile) + ' lists' : '`chapters` names'} "${item.name}", which is not a Markdown file or a folder of Markdown files in ${path.basename(dir)}/`,
      rule: RULES.contentListedMissing.id,
      fix: nearestName(
        item.name,
        entries.map((e) => e.name),
      )
        ? `did you mean ${nearestName(
            item.name,
            entries.map((e) => e.name),
          )}?`
        : 'fix the name, or take it out of the list',
    });
  }
  const listed = new Set(order.listed.map((l) => l.name));
  const translations: string[] = [];
  for (const entry of entries.sort((a, b) => byName(a.name, b.name))) {
    if (listed.has(entry.name)) continue;
    if (!entry.folder && isBabelTranslation(entry.name, order.quarto?.translations)) {
      translations.push(entry.name);
      continue;
    }
    // sources.md closes the edition unless the list places it.
    if (!entry.folder && SOURCES.test(entry.name)) {
      ordered.push(entry);
      continue;
    }
    if (order.quarto) {
      diagnostics.push(quartoLeftOut(entry.path, order.configFile));
      continue;
    }
    diagnostics.push({
      file: entry.path,
      severity: 'error',
      message: `"${entry.name}" is not in \`chapters\` in briefing.yaml: it would be left out of the edition`,
      rule: RULES.contentUnlisted.id,
      fix: `add ${entry.folder ? `${entry.name}/` : entry.name} to \`chapters\` where it belongs, or move it out of the locale folder`,
    });
  }
  if (translations.length > 0)
    diagnostics.push(babelTranslationsLeftOut(order.configFile, order.quarto!, translations));
  return ordered;
}

/** `_intro.md`: a partial that Quarto and Jekyll pages include, not a page of its own. */
function isPartial(name: string): boolean {
  return name.startsWith('_') && MARKDOWN.test(name);
}

function partialFile(file: string): Diagnostic {
  return {
    file,
    severity: 'warning',
    message: `"${path.basename(file)}" is left out: a name starting with \`_\` is a partial that pages include (Quarto, Jekyll), not a chapter`,
    rule: RULES.contentPartialFile.id,
    fix: 'copy its text where it is included (Briefing runs no include shortcode), or rename it without the `_` to make it a chapter',
  };
}

/** A file or folder of a Quarto project its _quarto.yml does not list: left out, with a warning. */
function quartoLeftOut(file: string, configFile: string): Diagnostic {
  const config = path.basename(configFile); // _quarto.yml, or a Jupyter Book's _toc.yml
  return {
    file,
    severity: 'warning',
    message: `"${path.basename(file)}" is not among the pages ${config} lists: left out, as ${config === QUARTO_FILE ? 'Quarto' : 'Jupyter Book'} leaves it out`,
    rule: RULES.contentQuartoUnlisted.id,
    fix: `list it in ${config} to print it`,
  };
}

/**
 * A Quarto project's folder: _quarto.yml is read (no warning that it is not), its own notes join, and
 * a folder nested too deep that it does not list is left out as Quarto leaves it, not an error.
 */
function quartoNotes(diagnostics: Diagnostic[], order: Order): void {
  const listed = new Set(order.listed.map((l) => l.name));
  const reads = new Set(order.quarto!.reads ?? [QUARTO_FILE]);
  const kept = diagnostics.filter((d) => !reads.has(path.basename(d.file)));
  const notes = kept.map((d) =>
    d.rule === RULES.contentNestedFolder.id && !listed.has(path.basename(d.file))
      ? quartoLeftOut(d.file, order.configFile)
      : d,
  );
  diagnostics.splice(0, diagnostics.length, ...notes, ...(order.quiet ? [] : order.quarto!.diagnostics));
}

interface ListedSections {
  listed: readonly ListedChapter[];
  configFile: string;
  quiet?: boolean;
}

/** The sections _quarto.yml lists in a folder, in its order; the others left out with a warning. */
function quartoSections(sections: SectionSource[], order: ListedSections, diagnostics: Diagnostic[]): SectionSource[] {
  const byName = new Map(sections.map((s) => [path.basename(s.file.path), s]));
  const listed = new Set(order.listed.map((l) => l.name));
  for (const [name, section] of byName)
    if (!listed.has(name)) diagnostics.push(quartoLeftOut(section.file.path, order.configFile));
  for (const item of order.listed.filter((l) => !byName.has(l.name)))
    diagnostics.push({
      file: order.configFile,
      line: item.line,
      column: item.column,
      severity: 'error',
      message: `${path.basename(order.configFile)} lists "${item.name}", which is not a Markdown file of its folder`,
      rule: RULES.contentListedMissing.id,
      fix: 'fix the name, or take it out of the list',
    });
  return order.listed.flatMap((l) => byName.get(l.name) ?? []);
}

/** `inFolder`: the sections a Quarto project lists in this folder, in order (the others are left out). */
async function readChapterFolder(
  content: ContentFolder,
  dir: string,
  { slug, lang, inFolder }: { slug: string; lang: string; inFolder?: ListedSections },
  diagnostics: Diagnostic[],
): Promise<ChapterSource> {
  const dirents = (await readdir(dir, { withFileTypes: true })).sort((a, b) => byName(a.name, b.name));
  const index = indexName(dirents.filter((d) => !d.isDirectory()).map((d) => d.name));
  if (!index) {
    fail({
      file: dir,
      message: 'chapter folder has no index.md (or README.md)',
      rule: RULES.contentMissingIndex.id,
      fix: 'add index.md with the chapter heading (`# Title`)',
    });
  }
  const sections: SectionSource[] = [];
  const slugs = new Set<string>();
  for (const dirent of dirents) {
    const name = dirent.name;
    if (name.startsWith('.') || name === index) continue;
    const full = path.join(dir, name);
    if (isPartial(name)) {
      diagnostics.push(partialFile(full));
      continue;
    }
    if (MARKDOWN.test(name)) {
      sections.push({
        lang,
        fallback: false,
        slug: uniqueSlug(slugOf(name), slugs),
        file: await readMarkdown(full, content),
      });
    } else if (dirent.isDirectory() && ((await holdsMarkdown(full)) || (await markdownBelow(full)))) {
      diagnostics.push({
        file: full,
        severity: 'error',
        message: `folder "${name}" is not read: a chapter folder holds index.md and one Markdown file per section, not folders`,
        rule: RULES.contentNestedFolder.id,
        fix: `move its files into ${path.basename(dir)}/ as sections, or make it a chapter folder of its own beside ${path.basename(dir)}/`,
      });
    }
  }
  const file = await readMarkdown(path.join(dir, index), content);
  const listed = inFolder ? quartoSections(sections, inFolder, inFolder.quiet ? [] : diagnostics) : sections;
  return { lang, fallback: false, slug, kind: 'chapter', file, sections: listed };
}

/**
 * A chapter folder's own file: index.md (or Quarto's index.qmd, any Markdown ending), else README.md
 * (any case), which GitHub shows as a folder's page and MkDocs takes as its index. With both, README.md
 * is a section.
 */
export function indexName(names: string[]): string | undefined {
  const named = (stem: RegExp) => names.find((name) => MARKDOWN.test(name) && stem.test(name.replace(MARKDOWN, '')));
  return names.includes('index.md') ? 'index.md' : (named(/^index$/) ?? named(/^readme$/i));
}

/**
 * A chapter's or section's id, from its file name, stable across locales: the order prefix and the
 * ending dropped, then as GitHub makes heading ids (lower case, Unicode letters kept, spaces to dashes):
 * `02-résumé.md` → `résumé`, `03-Findings.md` → `findings`, `Annex 1.md` → `annex-1`.
 */
export function slugOf(name: string): string {
  const base = name.replace(MARKDOWN, '');
  const unprefixed = base.replace(/^\d+(?:[-_. ]+)(?=.)/, '');
  return githubSlug(unprefixed) || githubSlug(base) || 'chapter';
}

/** `findings`, then `findings-2` for a second file that gives the same id. */
function uniqueSlug(slug: string, taken: Set<string>): string {
  let unique = slug;
  for (let n = 2; taken.has(unique); n++) unique = `${slug}-${n}`;
  taken.add(unique);
  return unique;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Reading order by name: names with a number prefix first, by that number; then natural order
 * (`2-a` before `10-a`, `Annex 2` before `Annex 10`). An unnumbered sources.md comes last.
 */
export function byName(a: string, b: string): number {
  const last = (n: string) => (SOURCES.test(n) && !/^\d/.test(n) ? 1 : 0);
  const order = (n: string) => /^(\d+)/.exec(n)?.[1];
  const [oa, ob] = [order(a), order(b)];
  return (
    last(a) - last(b) ||
    (oa === undefined ? 1 : 0) - (ob === undefined ? 1 : 0) ||
    (oa !== undefined && ob !== undefined ? Number(oa) - Number(ob) : 0) ||
    collator.compare(a, b) ||
    (a < b ? -1 : a > b ? 1 : 0)
  );
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
    fail({
      file,
      line,
      column,
      message: 'file is not valid UTF-8',
      rule: RULES.contentEncoding.id,
      fix: 'save the file as UTF-8',
    });
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

/**
 * edition.yaml, which is optional: without it the title is the first chapter's (check.ts sets it once
 * the headings are read) and there is no publisher.
 */
async function readEditionMeta(content: ContentFolder, file: string): Promise<EditionMeta> {
  if (!exists(file)) {
    const none = undefined;
    const quarto = quartoMeta(content, path.dirname(file)) ?? jupyterBookMeta(content, path.dirname(file));
    return {
      title: quarto?.title ?? '',
      subtitle: quarto?.subtitle,
      short: quarto?.title ?? '',
      place: none,
      date: quarto?.date,
      publisher: none,
      description: quarto?.description,
      keywords: [],
      ...(quarto?.authors ? { authors: quarto.authors } : {}),
    };
  }
  const yaml = await readYamlFile(content, file, 'edition.yaml', 'create it with at least `title` and `publisher`');
  throwIf(schemaProblems('edition', yaml, RULES.configInvalid.id));
  const d = yaml.data as unknown as EditionYaml;
  const text = (value: string | number | undefined) => (value === undefined ? undefined : String(value));
  const title = String(d.title);
  return {
    title,
    subtitle: text(d.subtitle),
    short: text(d.short) ?? title,
    place: text(d.place),
    date: text(d.date) ?? text(d.year),
    publisher: text(d.publisher),
    description: text(d.description),
    keywords: (d.keywords ?? []).map(String),
  };
}

/** edition.yaml as schema/edition.schema.json allows it. */
type EditionYaml = Partial<
  Record<'title' | 'subtitle' | 'short' | 'place' | 'date' | 'year' | 'publisher' | 'description', string | number>
> & {
  keywords?: Array<string | number>;
};

function throwIf(problems: Diagnostic[]): void {
  if (problems.length > 0) throw new BriefingError(problems);
}

async function readStrings(content: ContentFolder, file: string, locale: string): Promise<Record<string, string>> {
  // The built-in words are English: an English edition needs no strings.yaml.
  if (!exists(file)) return /^en(-|$)/.test(locale) ? { ...DEFAULT_STRINGS } : {};
  const yaml = await readYamlFile(content, file, 'strings.yaml', '');
  throwIf(schemaProblems('strings', yaml, RULES.configInvalid.id));
  return { ...(yaml.data as Record<string, string>) };
}

/**
 * Present, even as a broken link (so that reading it reports why, instead of skipping it). Asked
 * without an exception for a missing file (most optional files are): making one was ~0.1 ms a call.
 */
function exists(p: string): boolean {
  try {
    return lstatSync(p, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

/**
 * Files in a translation's folder that translate nothing: a misnamed or misplaced file would
 * otherwise be ignored in silence. Each gets a "did you mean" with the nearest source name.
 */
async function unknownFiles(
  dir: string,
  source: Folder,
  sourceDir: string,
  sourceLocale: string,
): Promise<Diagnostic[]> {
  const topNames = [
    'edition.yaml',
    'strings.yaml',
    'preface.md',
    ...source.chapters.map((c) => chapterEntryName(c, sourceDir)),
  ];
  const found: Diagnostic[] = [];
  const check = async (folder: string, expected: string[], slugs: Set<string>, isTop: boolean) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const name = entry.name;
      if (name.startsWith('.') || isPartial(name)) continue;
      // Paired by id (the file name without its order prefix), as the translation is read.
      const slug = slugOf(name);
      const known =
        expected.includes(name) ||
        (slugs.has(slug) && (entry.isDirectory() ? isTop : MARKDOWN.test(name))) ||
        (isTop && SOURCES.test(name) && slugs.has('sources')) ||
        localizedAsset(entry, path.join(sourceDir, path.relative(dir, folder), name));
      if (known) {
        if (entry.isDirectory()) {
          const chapter = source.chapters.find((c) => c.slug === slug);
          if (chapter)
            await check(
              path.join(folder, name),
              [
                'index.md',
                path.basename(chapter.file.path),
                ...chapter.sections.map((s) => path.basename(s.file.path)),
              ],
              new Set(chapter.sections.map((s) => s.slug)),
              false,
            );
        }
        continue;
      }
      const nearest = nearestName(name, expected);
      found.push({
        file: path.join(folder, name),
        severity: 'warning',
        message: `no ${sourceLocale} file "${name}" to translate: ${entry.isDirectory() ? 'folder' : 'file'} ignored`,
        rule: RULES.localeUnknownFile.id,
        fix: nearest
          ? `did you mean ${nearest}? A translation keeps the file name of its source`
          : `name it after a file of ${sourceLocale}/`,
      });
    }
  };
  await check(dir, topNames, new Set(source.chapters.map((c) => c.slug)), true);
  return found;
}

/**
 * A translation's own picture (`images/chart.png`, `chart.svg`) or a folder of them where its source
 * has one: what the translated text shows instead of the source's, not a file to translate.
 */
function localizedAsset(entry: Dirent, sourcePath: string): boolean {
  if (entry.isDirectory()) return exists(sourcePath) && lstatSync(sourcePath).isDirectory();
  return !MARKDOWN.test(entry.name) && !/\.ya?ml$/i.test(entry.name);
}

/** A chapter's name in the locale folder: its file's, or its folder's when its file is the folder's index. */
function chapterEntryName(chapter: ChapterSource, localeDir: string): string {
  const file = chapter.file.path;
  return path.dirname(file) !== localeDir ? path.basename(path.dirname(file)) : path.basename(file);
}

/** The expected name closest to `name`: the same order number first, then the nearest spelling. */
export function nearestName(name: string, candidates: string[]): string | undefined {
  const order = /^(\d+)-/.exec(name)?.[1];
  const sameOrder = order === undefined ? [] : candidates.filter((c) => c.startsWith(`${order}-`));
  if (sameOrder.length === 1) return sameOrder[0];
  return nearest(name, sameOrder.length > 0 ? sameOrder : candidates, Math.max(name.length, 4) * 0.6);
}

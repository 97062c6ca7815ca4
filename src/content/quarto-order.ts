// The reading order of a Quarto project put in a locale folder: its `_quarto.yml` lists the pages a
// book (`book: chapters:`, parts and appendices) or a website (`website: sidebar: contents:`) is made
// of, in order, and Quarto leaves the other files out. Read when briefing.yaml has no `chapters:`:
// a page at the top is a chapter, a `section:` of a folder (or `dir/index.qmd`) a chapter folder, and
// the pages listed under it its sections, in that order. Its book's (or website's) title, author and
// date are the edition's when the locale has no edition.yaml.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ListedChapter } from '../config/config.js';
import { parseYaml, type YamlFile } from '../config/yaml.js';
import type { Diagnostic } from '../messages.js';
import { readInsideSync, type Folder } from '../paths.js';
import { RULES } from '../rules.js';
import { MARKDOWN } from './markdown-names.js';

export const QUARTO_FILE = '_quarto.yml';

export interface QuartoOrder {
  file: string;
  /** Top-level files and folders, in order, placed at their line in _quarto.yml. */
  listed: ListedChapter[];
  /** A chapter folder's sections by file name, in order, placed at their line in _quarto.yml. */
  sections: Map<string, ListedChapter[]>;
  diagnostics: Diagnostic[];
  /** babelquarto's languages (`babelquarto: languages: [es]`): `index.es.qmd` translates `index.qmd`. */
  translations?: { languages: string[]; line: number; column: number };
  /** The project's settings files that are read (no "not read" warning): _quarto.yml, or _toc.yml and _config.yml. */
  reads?: string[];
}

type Keys = Array<string | number>;

/** A Quarto project's _quarto.yml in `dir`, parsed, or undefined when there is none. */
export function readQuartoYaml(folder: Folder, dir: string): YamlFile | undefined {
  return readProjectYaml(folder, dir, QUARTO_FILE);
}

/** A project file (`_quarto.yml`, Jupyter Book's `_toc.yml`) in `dir`, parsed, or undefined when there is none. */
export function readProjectYaml(folder: Folder, dir: string, name: string): YamlFile | undefined {
  const file = path.join(dir, name);
  if (!existsSync(file)) return undefined;
  const text = readInsideSync(folder, file, {
    message: `${name} could not be read`,
    rule: RULES.configMissingFile.id,
    fix: 'make it a regular file inside the content folder',
  });
  return parseYaml(file, text.toString('utf8'), name);
}

/** The order _quarto.yml in `dir` gives, or undefined when there is none (or it lists no pages). */
export function quartoOrder(folder: Folder, dir: string): QuartoOrder | undefined {
  const yaml = readQuartoYaml(folder, dir);
  if (!yaml) return undefined;
  const file = yaml.path;
  const order: QuartoOrder = { file, listed: [], sections: new Map(), diagnostics: [], translations: babel(yaml) };
  const book = yaml.data.book as Record<string, unknown> | undefined;
  if (book && (Array.isArray(book.chapters) || Array.isArray(book.appendices))) {
    addBook(order, yaml, book.chapters, ['book', 'chapters']);
    addBook(order, yaml, book.appendices, ['book', 'appendices']);
  } else {
    const sidebar = (yaml.data.website as Record<string, unknown> | undefined)?.sidebar;
    const first = Array.isArray(sidebar) ? 0 : undefined;
    const bar = (first === undefined ? sidebar : (sidebar as unknown[])[0]) as Record<string, unknown> | undefined;
    const at: Keys = ['website', 'sidebar', ...(first === undefined ? [] : [first]), 'contents'];
    addSidebar(order, yaml, bar?.contents, at);
  }
  return order.listed.length > 0 ? order : undefined;
}

function babel(yaml: YamlFile): QuartoOrder['translations'] {
  const languages = (yaml.data.babelquarto as Record<string, unknown> | undefined)?.languages;
  if (!Array.isArray(languages) || !languages.every((l) => typeof l === 'string')) return undefined;
  return { languages, ...yaml.positionAt(['babelquarto', 'languages'], 'value') };
}

/** `index.es.qmd` in a babelquarto project of `es`: a translation of a page, not a page. */
export function isBabelTranslation(name: string, translations: QuartoOrder['translations']): boolean {
  const match = /\.([A-Za-z-]+)\.[^.]+$/.exec(name);
  return Boolean(match && MARKDOWN.test(name) && translations?.languages.includes(match[1]!));
}

/**
 * One warning for the babelquarto translations beside the pages, where the project names its languages:
 * Briefing reads a locale's translation from its own folder, under the source's file names.
 */
export function babelTranslationsLeftOut(
  configFile: string,
  order: Pick<QuartoOrder, 'translations'>,
  names: string[],
): Diagnostic {
  const { languages, line, column } = order.translations!;
  const example = names[0]!;
  const [, base, lang, ext] = /^(.*)\.([A-Za-z-]+)(\.[^.]+)$/.exec(example)!;
  return {
    file: configFile,
    line,
    column,
    severity: 'warning',
    message: `${names.length} babelquarto translation${names.length === 1 ? '' : 's'} (${languages.join(', ')}: files named like "${example}") left out: they are not pages of this locale`,
    rule: RULES.contentQuartoUnlisted.id,
    fix: `to build the ${lang} edition, move each into content/${lang}/ under its page's name ("${example}" → content/${lang}/${base}${ext}) and add ${lang} to \`locales\` in briefing.yaml`,
  };
}

/** `book: chapters:`: pages, and parts (`part:` with `chapters:`) whose chapters are read as chapters. */
function addBook(order: QuartoOrder, yaml: YamlFile, entries: unknown, at: Keys): void {
  if (!Array.isArray(entries)) return;
  entries.forEach((entry, i) => {
    if (typeof entry === 'string') return addPage(order, yaml, entry, [...at, i]);
    const part = entry as Record<string, unknown> | null;
    if (typeof part?.part === 'string' && MARKDOWN.test(part.part)) addPage(order, yaml, part.part, [...at, i, 'part']);
    addBook(order, yaml, part?.chapters, [...at, i, 'chapters']);
  });
}

/** `website: sidebar: contents:`: pages (`href:` or a path) and sections with their own contents. */
function addSidebar(order: QuartoOrder, yaml: YamlFile, entries: unknown, at: Keys, within?: string): void {
  if (!Array.isArray(entries)) return;
  entries.forEach((entry, i) => {
    if (typeof entry === 'string') return addPage(order, yaml, entry, [...at, i], within);
    const item = entry as Record<string, unknown> | null;
    if (typeof item?.href === 'string') return addPage(order, yaml, item.href, [...at, i, 'href'], within);
    if (typeof item?.section !== 'string') return;
    const section = item.section;
    const folder = MARKDOWN.test(section) ? addPage(order, yaml, section, [...at, i, 'section'], within) : within;
    addSidebar(order, yaml, item.contents, [...at, i, 'contents'], folder);
  });
}

/** A listed page, as a chapter file, a chapter folder (its index) or a section; returns its folder. */
export function addPage(
  order: QuartoOrder,
  yaml: YamlFile,
  page: string,
  at: Keys,
  within?: string,
): string | undefined {
  if (!MARKDOWN.test(page) || /^[a-z][a-z0-9+.-]*:/i.test(page)) return within; // a link out, not a page
  const parts = page.replace(/^\.?\//, '').split('/');
  const place = yaml.positionAt(at, 'value');
  if (parts.length > 2 || parts.some((p) => p === '..' || p === '')) {
    order.diagnostics.push({
      file: order.file,
      ...place,
      severity: 'warning',
      message: `"${page}" is not read: chapters are the pages at the top and one folder deep`,
      rule: RULES.contentQuartoPage.id,
      fix: 'move the page into a chapter folder beside the others, or list the chapters in `chapters:` in briefing.yaml',
    });
    return within;
  }
  const [top, inner] = parts as [string, string?];
  if (!order.listed.some((l) => l.name === top)) order.listed.push({ name: top, ...place });
  if (inner && !/^(index|readme)\./i.test(inner)) {
    const list = order.sections.get(top) ?? [];
    if (!list.some((l) => l.name === inner)) list.push({ name: inner, ...place });
    order.sections.set(top, list);
  }
  return inner ? top : within;
}

/** The title, subtitle, authors, date and description a Quarto project's book or website gives. */
export function quartoMeta(folder: Folder, dir: string): QuartoMeta | undefined {
  const yaml = readQuartoYaml(folder, dir);
  const project = (yaml?.data.book ?? yaml?.data.website) as Record<string, unknown> | undefined;
  const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);
  const title = text(project?.title);
  if (!project || !title) return undefined;
  const authors = (Array.isArray(project.author) ? project.author : [project.author])
    .map((a: unknown) => text(a) ?? text((a as { name?: unknown } | null)?.name))
    .filter((a): a is string => a !== undefined);
  return {
    title,
    subtitle: text(project.subtitle),
    date: text(project.date),
    description: text(project.description),
    ...(authors.length > 0 ? { authors } : {}),
  };
}

export interface QuartoMeta {
  title: string;
  subtitle?: string;
  date?: string;
  description?: string;
  authors?: string[];
}

// A Jupyter Book put in a locale folder: its `_toc.yml` (format jb-book: `root`, `chapters`, `parts`
// with a `caption`, nested `sections`; jb-article: `root` and `sections`) gives the reading order,
// as _quarto.yml does (quarto-order.ts, whose shape it fills): the pages are named without their
// extension, so each is found as `.md` beside it; a notebook or reST page is not read (a warning).
// Its `_config.yml` gives the edition's title and author (when the locale has no edition.yaml) and
// the bibliography (`bibtex_bibfiles`, when briefing.yaml names none); the keys it has for the web
// site or Sphinx are said not to be read, once.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { YamlFile } from '../config/yaml.js';
import type { Diagnostic } from '../messages.js';
import type { Folder } from '../paths.js';
import { RULES } from '../rules.js';
import { addPage, readProjectYaml, type QuartoMeta, type QuartoOrder } from './quarto-order.js';

export const TOC_FILE = '_toc.yml';
export const JB_CONFIG_FILE = '_config.yml';
/** The keys of _config.yml that are read. */
const READ_KEYS = new Set(['title', 'author', 'bibtex_bibfiles', 'copyright']);
const PAGE_EXTENSIONS = ['.md', '.markdown', '.ipynb', '.rst', '.Rmd'];

type Keys = Array<string | number>;

/** `_toc.yml` or `_config.yml` in `dir`, parsed, or undefined when there is none. */
export const readJupyterBookYaml = readProjectYaml;

/** The order _toc.yml in `dir` gives, or undefined when there is none (or it lists no pages). */
export function jupyterBookOrder(folder: Folder, dir: string): QuartoOrder | undefined {
  const yaml = readJupyterBookYaml(folder, dir, TOC_FILE);
  if (!yaml) return undefined;
  const order: QuartoOrder = { file: yaml.path, listed: [], sections: new Map(), diagnostics: [] };
  const add = (page: unknown, at: Keys) => addJupyterPage(order, yaml, dir, page, at);
  add(yaml.data.root, ['root']);
  addEntries(yaml.data.chapters, ['chapters'], add);
  addEntries(yaml.data.sections, ['sections'], add);
  const parts = yaml.data.parts;
  if (Array.isArray(parts))
    parts.forEach((part: unknown, i) => {
      const entry = part as Record<string, unknown> | null;
      addEntries(entry?.chapters ?? entry?.sections, ['parts', i, entry?.chapters ? 'chapters' : 'sections'], add);
    });
  if (order.listed.length === 0) return undefined;
  order.reads = [TOC_FILE, JB_CONFIG_FILE];
  const config = readJupyterBookYaml(folder, dir, JB_CONFIG_FILE);
  if (config) order.diagnostics.push(...unreadKeys(config));
  return order;
}

/** `- file: x` entries and their nested `sections`, in reading order. */
function addEntries(entries: unknown, at: Keys, add: (page: unknown, at: Keys) => void): void {
  if (!Array.isArray(entries)) return;
  entries.forEach((entry: unknown, i) => {
    const item = entry as Record<string, unknown> | null;
    if (typeof item?.file === 'string') add(item.file, [...at, i, 'file']);
    addEntries(item?.sections, [...at, i, 'sections'], add);
  });
}

/** A page named without its extension → its Markdown file, placed as quarto-order.ts places pages. */
function addJupyterPage(order: QuartoOrder, yaml: YamlFile, dir: string, page: unknown, at: Keys): void {
  if (typeof page !== 'string' || page.trim() === '') return;
  const name = page.replace(/^\.?\//, '');
  const found = /\.\w+$/.test(name)
    ? name
    : PAGE_EXTENSIONS.map((e) => name + e).find((f) => existsSync(path.join(dir, f)));
  if (found && /\.(?:md|markdown)$/i.test(found)) return void addPage(order, yaml, found, at);
  order.diagnostics.push({
    file: order.file,
    ...yaml.positionAt(at, 'value'),
    severity: 'warning',
    message: found
      ? `"${found}" is not read: Briefing reads Markdown pages, not notebooks or reStructuredText`
      : `"${page}" is listed, but there is no ${name}.md in this folder`,
    rule: RULES.contentQuartoPage.id,
    fix: found
      ? `convert it to MyST Markdown (\`jupytext --to myst ${found}\`), or take it out of ${TOC_FILE}`
      : 'fix the name, or take it out of the list',
  });
}

/** One info for the keys of _config.yml that are for the web site or Sphinx, not for print. */
function unreadKeys(config: YamlFile): Diagnostic[] {
  const keys = Object.keys(config.data).filter((key) => !READ_KEYS.has(key));
  if (keys.length === 0) return [];
  return [
    {
      file: config.path,
      ...config.positionAt([keys[0]!], 'key'),
      severity: 'info',
      message: `${JB_CONFIG_FILE}: title, author and bibtex_bibfiles are read; ${keys.join(', ')} are not (they are the web site's or Sphinx's)`,
      rule: RULES.contentJupyterBookConfig.id,
      fix: 'nothing to do; for the edition, set what they say in edition.yaml or briefing.yaml',
    },
  ];
}

/** The title and author _config.yml gives. */
export function jupyterBookMeta(folder: Folder, dir: string): QuartoMeta | undefined {
  const config = readJupyterBookYaml(folder, dir, JB_CONFIG_FILE);
  const title = config?.data.title;
  if (typeof title !== 'string' && typeof title !== 'number') return undefined;
  const author = config!.data.author;
  return { title: String(title), ...(typeof author === 'string' ? { authors: [author] } : {}) };
}

/** _config.yml's `bibtex_bibfiles`, seen as the `bibliography:` key (config.ts validates it). */
export function jupyterBookBibliography(folder: Folder, dir: string): YamlFile | undefined {
  const config = readJupyterBookYaml(folder, dir, JB_CONFIG_FILE);
  const files = config?.data.bibtex_bibfiles;
  if (!config || files === undefined) return undefined;
  return {
    ...config,
    data: { bibliography: files },
    positionAt: (keys, part) => config.positionAt(['bibtex_bibfiles', ...keys.slice(1)], part),
  };
}

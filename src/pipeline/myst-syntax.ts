// MyST directives as Jupyter Book writes them, read at parse time (the parser is wrapped): a fence
// whose info string is a name in braces, ```` ```{note} ```` or `:::{figure} path` (colon fences are
// respelled as tilde fences of the same length first, so every offset stays true), becomes a
// `mystDirective` node: its name, argument, options (`:key: value` lines or a `---` YAML block) and
// its body, parsed as Markdown (positions the file's) unless the directive holds code or TeX.
// remark-myst-directives.ts decides what each means. A fence `{python}` that is not MyST's stays a
// code cell (remark-code-attributes.ts).
import type { Code, Parent, Root, RootContent } from 'mdast';
import type { Processor } from 'unified';
import type { Node } from 'unist';
import type { VFile } from 'vfile';
import { parse as parseYaml } from 'yaml';

export interface MystDirective extends Parent {
  type: 'mystDirective';
  name: string;
  /** The text after `{name}` on the fence line. */
  argument: string;
  options: Record<string, string>;
  /** The body without its options, as written. */
  value: string;
  children: RootContent[];
}

declare module 'mdast' {
  interface RootContentMap {
    mystDirective: MystDirective;
  }
}

const INFO = /^\{([A-Za-z][\w:.-]*)\}$/;
const COLON_OPEN = /^( {0,3})(:{3,})(\{[A-Za-z][\w:.-]*\}.*)$/;
const CODE_FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** Directives whose body is code, TeX or a list of files, never Markdown. */
const LITERAL = new Set([
  'code',
  'code-block',
  'sourcecode',
  'code-cell',
  'math',
  'bibliography',
  'toctree',
  'tableofcontents',
  'raw',
  'literalinclude',
  'include',
  'mermaid',
  'graphviz',
  'csv-table',
]);
/** MyST's and Sphinx's directives (and sphinx-design's, Jupyter Book's): a fence `{name}` so named is a directive, not a code cell. */
export const MYST_NAMES = new Set([
  ...LITERAL,
  ...['note', 'tip', 'important', 'warning', 'caution', 'attention', 'danger', 'error', 'hint', 'seealso'],
  ...['admonition', 'figure', 'image', 'table', 'list-table', 'margin', 'sidebar', 'epigraph', 'pull-quote'],
  ...['dropdown', 'tab-set', 'tab-item', 'card', 'grid', 'grid-item', 'grid-item-card', 'glossary', 'topic'],
  ...['div', 'container', 'rubric', 'highlights', 'versionadded', 'versionchanged', 'deprecated', 'only'],
  ...['code-cell', 'glue:figure', 'glue:math', 'panels', 'tabbed', 'iframe', 'youtube', 'embed', 'blockquote'],
]);

export default function mystSyntax(this: Processor) {
  const parse = this.parser;
  if (!parse) throw new Error('myst-syntax must come after remark-parse');
  const parseMyst = (document: string, file: VFile): Root => {
    const tree = parse(respellColonFences(document), file) as Root;
    if (document.includes('{')) readDirectives(tree, file, parseMyst);
    return tree;
  };
  this.parser = parseMyst;
}

/** `:::{name}` … `:::` outside code → `~~~{name}` … `~~~` (the same length: offsets stay). */
export function respellColonFences(document: string): string {
  if (!document.includes(':::{')) return document;
  let code: string | undefined; // the fence of the code block the line is in
  let colons: number | undefined; // the length of the open MyST colon fence
  return document
    .split('\n')
    .map((line) => {
      if (colons !== undefined) {
        const close = /^ {0,3}(:{3,})[ \t]*\r?$/.exec(line);
        if (!close || close[1]!.length < colons) return line;
        colons = undefined;
        return line.replace(/:/g, '~');
      }
      const fence = CODE_FENCE.exec(line)?.[1];
      if (code !== undefined) {
        if (fence && fence[0] === code[0] && fence.length >= code.length && line.trim() === fence) code = undefined;
        return line;
      }
      if (fence) {
        code = fence;
        return line;
      }
      const open = COLON_OPEN.exec(line);
      if (!open) return line;
      colons = open[2]!.length;
      return open[1] + '~'.repeat(colons) + open[3];
    })
    .join('\n');
}

type Parse = (document: string, file: VFile) => Root;

/** Every MyST directive fence of the tree → a `mystDirective` node. */
function readDirectives(tree: Parent, file: VFile, parse: Parse): void {
  tree.children.forEach((child, index) => {
    if (child.type === 'code') {
      const directive = toDirective(child, file, parse);
      if (directive) tree.children[index] = directive;
    } else if ('children' in child) readDirectives(child, file, parse);
  });
}

function toDirective(code: Code, file: VFile, parse: Parse): MystDirective | undefined {
  const name = INFO.exec(code.lang ?? '')?.[1];
  if (!name || !isMyst(name, code)) return undefined;
  const { options, body, skipped } = splitOptions(code.value);
  const directive: MystDirective = {
    type: 'mystDirective',
    name,
    argument: (code.meta ?? '').trim(),
    options,
    value: body,
    children: [],
    position: code.position,
  };
  if (!LITERAL.has(name) && body.trim() !== '') directive.children = parseBody(body, code, skipped, file, parse);
  return directive;
}

/** Quarto's and knitr's code cell languages (```` ```{python} ````): any other name in braces is MyST's. */
const CELL_LANGUAGES = new Set(
  (
    'r python julia ojs sql bash sh zsh js javascript node css stan rcpp cpp c fortran go ruby perl ' +
    'scala octave matlab sas stata asy tikz dot mermaid ipython ipython3 powershell ps1 lua haskell'
  ).split(' '),
);

/** A known MyST name, a domain's (`prf:theorem`), a fence that opens with option lines, or no cell language. */
function isMyst(name: string, code: Code): boolean {
  if (MYST_NAMES.has(name) || name.includes(':') || /^(?::[\w-]+:|---\s*$)/.test(code.value)) return true;
  return !CELL_LANGUAGES.has(name.toLowerCase()) && !/[,=]/.test(code.meta ?? '');
}

/** The option lines at the body's start (`:key: value`, or YAML between `---` lines), and the rest. */
export function splitOptions(value: string): { options: Record<string, string>; body: string; skipped: number } {
  const lines = value.split('\n');
  const options: Record<string, string> = {};
  let at = 0;
  if (lines[0]?.trim() === '---') {
    const end = lines.indexOf('---', 1);
    if (end !== -1) {
      Object.assign(options, yamlOptions(lines.slice(1, end).join('\n')));
      at = end + 1;
    }
  }
  for (; at < lines.length; at += 1) {
    const option = /^:([\w-]+):(?:[ \t]+(.*))?$/.exec(lines[at]!);
    if (!option) break;
    options[option[1]!] = (option[2] ?? '').trim();
  }
  if (lines[at]?.trim() === '' && at > 0) at += 1;
  return { options, body: lines.slice(at).join('\n'), skipped: at };
}

function yamlOptions(text: string): Record<string, string> {
  try {
    const read: unknown = parseYaml(text);
    if (!read || typeof read !== 'object') return {};
    return Object.fromEntries(Object.entries(read).map(([key, value]) => [key, String(value)]));
  } catch {
    return {};
  }
}

/** The body parsed as Markdown, its positions moved to where it stands in the file. */
function parseBody(body: string, code: Code, skipped: number, file: VFile, parse: Parse): RootContent[] {
  const tree = parse(body, file);
  const start = code.position?.start;
  if (!start) return tree.children;
  const lineStarts = lineStartsOf(String(file.value));
  const lines = start.line + skipped; // the body's first line is the line after the fence and options
  const columns = start.column - 1;
  const move = (node: Node): void => {
    for (const point of node.position ? [node.position.start, node.position.end] : []) {
      point.line += lines;
      point.column += columns;
      point.offset = (lineStarts[point.line - 1] ?? 0) + point.column - 1;
    }
    if ('children' in node) for (const child of (node as Parent).children) move(child);
  };
  for (const child of tree.children) move(child);
  return tree.children;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

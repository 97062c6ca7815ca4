// Pandoc's attributes on code, which CommonMark reads as the language or as text after the code:
// - on a fence, ```` ```{.python #lst-query lst-cap="Customers"} ```` or ```` ```python {#lst:query} ````:
//   the first class is the language (highlighted as ```` ```python ````); the id and the key=value
//   pairs stay on the node for remark-figures.ts, which makes a labelled or captioned block a listing;
// - a Quarto or R Markdown code cell, ```` ```{python} ```` or ```` ```{r, echo=FALSE} ````: printed as code
//   in its language, its `#|` option lines left out, with a warning: nothing is run;
// - the raw attribute, ```` ```{=latex} ```` on a fence or `` `\newpage`{=latex} `` after inline code:
//   code meant for one output format. `{=html}` is raw HTML (remark-raw-html.ts checks it); any other
//   format is left out with a warning, never printed as typed.
import type { Code, InlineCode, Parent, Root } from 'mdast';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';
import { parseAttributes, type Attributes } from './attributes.js';
import { report } from './data.js';
import { RULES } from '../rules.js';

declare module 'mdast' {
  interface CodeData {
    /** `{#id .class key=value}` written on the fence (remark-code-attributes.ts). */
    attributes?: Attributes;
  }
}

const RAW_FENCE = /^\{=([\w-]+)\}$/;
const CODE_CELL = /^\{([A-Za-z]\w*)(?:[\s,][^{}]*)?\}$/;
const CELL_OPTION = /^#\|.*(?:\r?\n|$)/gm;
const RAW_AFTER_CODE = /^\{=([\w-]+)\}/;
const HTML_FORMATS = new Set(['html', 'html4', 'html5']);

export default function remarkCodeAttributes() {
  return (tree: Root, file: VFile) => {
    visit(tree, (node, index, parent) => {
      if (!parent || index === undefined) return undefined;
      if (node.type === 'code') return fenced(node, parent, index, file);
      if (node.type === 'inlineCode') return inline(node, parent, index, file);
      return undefined;
    });
  };
}

function fenced(node: Code, parent: Parent, index: number, file: VFile) {
  // The fence's info string as written (CommonMark splits it into a language and the rest).
  const info = [node.lang, node.meta].filter(Boolean).join(' ').trim();
  const format = RAW_FENCE.exec(info)?.[1];
  if (format) return raw(node, format, parent, index, 1, file);
  const cell = CODE_CELL.exec(info)?.[1];
  if (cell) return codeCell(node, cell, file);
  const attributes = fenceAttributes(node, info);
  if (!attributes) return undefined;
  node.lang = attributes.classes[0] ?? null;
  node.meta = null;
  node.data = { ...node.data, attributes };
  return undefined;
}

/** `` `x`{=format} ``: the code and its attribute (the start of the text after it). */
function inline(node: InlineCode, parent: Parent, index: number, file: VFile) {
  const after = parent.children[index + 1];
  const format = after?.type === 'text' ? RAW_AFTER_CODE.exec(after.value) : null;
  if (!format || after?.type !== 'text') return undefined;
  after.value = after.value.slice(format[0].length);
  const removed = after.value === '' ? 2 : 1;
  return raw(node, format[1]!, parent, index, removed, file);
}

/** Raw code for `format`: HTML in its place, anything else left out with a warning. */
function raw(node: Code | InlineCode, format: string, parent: Parent, index: number, count: number, file: VFile) {
  const children = parent.children;
  if (HTML_FORMATS.has(format.toLowerCase())) {
    children.splice(index, count, { type: 'html', value: node.value, position: node.position });
    return [SKIP, index + 1] as [typeof SKIP, number];
  }
  report(
    file,
    node,
    `raw \`${format}\` code is left out: it is written for a ${format} output only`,
    RULES.rawFormat,
    'delete it, or write what it says in Markdown',
  );
  children.splice(index, count);
  return [SKIP, index] as [typeof SKIP, number];
}

/** A code cell: shown as the code it is (in its language, without its options), said not to be run. */
function codeCell(node: Code, language: string, file: VFile): undefined {
  node.lang = language;
  node.meta = null;
  node.value = node.value.replace(CELL_OPTION, '');
  report(
    file,
    node,
    `code cell \`{${language}}\` is not run: its code is printed, and its output is not there`,
    RULES.codeCell,
    'render the document to Markdown with Quarto or knitr first, or put the output in the text',
  );
  return undefined;
}

/** The attributes of ```` ```{…} ```` or ```` ```lang {…} ````, the language counted as the first class. */
function fenceAttributes(node: Code, info: string): Attributes | undefined {
  if (info.startsWith('{')) return parseAttributes(info);
  const brace = info.indexOf('{');
  if (brace === -1 || !node.lang || node.lang.includes('{')) return undefined;
  const attributes = parseAttributes(info.slice(brace).trim());
  return attributes && { ...attributes, classes: [node.lang, ...attributes.classes] };
}

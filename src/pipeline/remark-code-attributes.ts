// Pandoc's attributes on code, which CommonMark reads as the language or as text after the code:
// - on a fence, ```` ```{.python #lst-query lst-cap="Customers"} ```` or ```` ```python {#lst:query} ````:
//   the first class is the language (highlighted as ```` ```python ````); the id and the key=value
//   pairs stay on the node for remark-figures.ts, which makes a labelled or captioned block a listing;
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
  const format = RAW_FENCE.exec(`${node.lang ?? ''}${node.meta ? ` ${node.meta}` : ''}`.trim())?.[1];
  if (format) return raw(node, format, parent, index, 1, file);
  const attributes = fenceAttributes(node);
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

/** The attributes of ```` ```{…} ```` or ```` ```lang {…} ````, the language counted as the first class. */
function fenceAttributes(node: Code): Attributes | undefined {
  const info = [node.lang, node.meta].filter(Boolean).join(' ').trim();
  if (info.startsWith('{')) return parseAttributes(info);
  const brace = info.indexOf('{');
  if (brace === -1 || !node.lang || node.lang.includes('{')) return undefined;
  const attributes = parseAttributes(info.slice(brace).trim());
  return attributes && { ...attributes, classes: [node.lang, ...attributes.classes] };
}

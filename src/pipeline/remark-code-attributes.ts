// Pandoc's attributes on a fenced code block, which CommonMark reads as the language:
// ```` ```{.python #lst-query lst-cap="Customers"} ```` or ```` ```python {#lst:query caption="…"} ````.
// The first class is the language (highlighted as ```` ```python ````); the id and the key=value pairs
// stay on the node for remark-figures.ts, which makes a labelled or captioned block a numbered listing.
import type { Code, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { parseAttributes, type Attributes } from './attributes.js';

declare module 'mdast' {
  interface CodeData {
    /** `{#id .class key=value}` written on the fence (remark-code-attributes.ts). */
    attributes?: Attributes;
  }
}

export default function remarkCodeAttributes() {
  return (tree: Root) => {
    visit(tree, 'code', (node) => {
      const attributes = fenceAttributes(node);
      if (!attributes) return;
      node.lang = attributes.classes[0] ?? null;
      node.meta = null;
      node.data = { ...node.data, attributes };
    });
  };
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

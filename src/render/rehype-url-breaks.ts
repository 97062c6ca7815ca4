// Print: a link (or inline code) whose text is a web address gets line-break opportunities (<wbr>) where editors break
// URLs: after each `/`, before `?`, `&` and `#`. Without them Chromium either overflows the column
// with the whole address or (overflow-wrap) cuts it at any letter. The web edition keeps plain text.
import type { Element, ElementContent, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { eachElement } from '../hast-walk.js';

/** Link text that is an address: a scheme, or www. at the start, and no spaces. */
const ADDRESS = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S+$/i;
/** Break after a slash run (`https://` stays whole), before query and fragment separators. */
const BREAKS = /(\/+)|(?=[?&#])/g;

/** The text split where a line may break, as text nodes with <wbr> between them. */
export function withBreaks(text: string): ElementContent[] {
  const parts = text.split(BREAKS).filter((p): p is string => p !== undefined && p !== '');
  // Rejoin each run of slashes with the part before it: the break goes after the slashes.
  const pieces: string[] = [];
  for (const part of parts) {
    if (/^\/+$/.test(part) && pieces.length > 0) pieces[pieces.length - 1] += part;
    else pieces.push(part);
  }
  const out: ElementContent[] = [];
  pieces.forEach((piece, i) => {
    if (i > 0) out.push({ type: 'element', tagName: 'wbr', properties: {}, children: [] });
    out.push({ type: 'text', value: piece });
  });
  return out;
}

export default function rehypeUrlBreaks() {
  return (tree: Root) => {
    eachElement(tree, (node: Element, _index, parent) => {
      // A link, or inline code (not a code block) that is an address.
      const inlineCode = node.tagName === 'code' && !(parent?.type === 'element' && parent.tagName === 'pre');
      if (node.tagName !== 'a' && !inlineCode) return;
      if (node.children.length !== 1 || node.children[0]!.type !== 'text') return;
      const text = toString(node);
      if (text.length < 30 || !ADDRESS.test(text)) return;
      node.children = withBreaks(text);
    });
  };
}

// Print: Chromium writes a structure element's /Lang only for elements in its accessibility tree, and
// a plain <span lang> (or <i>, <b>, <q> … with lang) is left out of that tree: its words fall into
// the paragraph's element in the paragraph's language (PDF/UA 7.2: every change of language
// declared). role="generic" — the role such an element has anyway — puts it in, as its own element
// with /Lang (measured: Chromium 156 writes NonStruct with /Lang, the same text and layout).
import type { Root } from 'hast';
import { eachElement } from '../hast-walk.js';

/** Inline elements whose implicit role is generic (or none): left out of the tree unless told. */
const IGNORED_INLINE = new Set(['span', 'i', 'b', 'u', 's', 'small', 'q', 'bdi', 'bdo', 'font']);

export default function rehypeLangSpans() {
  return (tree: Root) => {
    eachElement(tree, (node) => {
      const { lang, role } = node.properties;
      if (typeof lang === 'string' && lang !== '' && role === undefined && IGNORED_INLINE.has(node.tagName))
        node.properties.role = 'generic';
    });
  };
}

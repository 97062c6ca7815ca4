// Web: a screen has no pages, so the "on page 12" after a cross-reference (`@fig-x[page]`,
// pipeline/crossrefs.ts) is left out; the link to the figure stays.
import type { Element, Root } from 'hast';
import { remove } from 'unist-util-remove';
import { PAGE_REFERENCE_CLASS } from '../pipeline/crossrefs.js';

export default function rehypeWebPageRefs() {
  return (tree: Root) => {
    remove(tree, (node) => {
      if (node.type !== 'element') return false;
      const classes = (node as Element).properties.className;
      return Array.isArray(classes) && classes.includes(PAGE_REFERENCE_CLASS);
    });
  };
}

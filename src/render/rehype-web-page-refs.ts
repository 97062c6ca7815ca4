// Web: a screen has no pages, so the "on page 12" after a cross-reference (`@fig-x[page]`,
// pipeline/crossrefs.ts) is left out; the link to the figure stays.
import type { Root, RootContent } from 'hast';
import { PAGE_REFERENCE_CLASS } from '../pipeline/crossrefs.js';

export default function rehypeWebPageRefs() {
  return (tree: Root) => {
    kept(tree, true);
  };
}

const isPageReference = (node: Root | RootContent): boolean => {
  if (node.type !== 'element') return false;
  const classes = node.properties.className;
  return Array.isArray(classes) && classes.includes(PAGE_REFERENCE_CLASS);
};

/**
 * unist-util-remove's `remove(tree, isPageReference)`, without its test wrapper per node: each page
 * reference dropped, and an element left without children by that dropped too (its `cascade`).
 * Whether `node` stays.
 */
function kept(node: Root | RootContent, root = false): boolean {
  if (!root && isPageReference(node)) return false;
  if (!('children' in node) || node.children.length === 0) return true;
  const children = node.children as RootContent[];
  let count = 0;
  for (let i = 0; i < children.length; i += 1) if (kept(children[i]!)) children[count++] = children[i]!;
  if (!root && count === 0) return false;
  children.length = count;
  return true;
}

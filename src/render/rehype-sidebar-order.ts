// Print: a callout follows the paragraph it accompanies in the content; to float it *beside* that
// paragraph (top aligned, as in the printed review) it must come just before it in the document.
import type { Element, Root } from 'hast';
import { eachElement } from '../hast-walk.js';
import { hasClass } from '../hast-classes.js';

// A class token, not a substring (`callout-group` is not a callout).
const isCallout = (node: Root['children'][number] | undefined): node is Element =>
  node?.type === 'element' && node.tagName === 'aside' && hasClass(node, 'callout');

export default function rehypeSidebarOrder() {
  return (tree: Root) => {
    // The root, then every element, each before its children (as unist-util-visit's order).
    moveCallouts(tree);
    eachElement(tree, moveCallouts);
  };
}

function moveCallouts(node: Root | Element): void {
  const children = node.children as Array<Root['children'][number]>;
  for (let i = 0; i < children.length; i += 1) {
    if (!isCallout(children[i])) continue;
    // Nearest earlier element sibling (skip whitespace text); only move in front of a paragraph or list.
    let j = i - 1;
    while (j >= 0 && children[j]!.type === 'text') j -= 1;
    const target = children[j] as Element | undefined;
    if (!target || target.type !== 'element' || !['p', 'ul', 'ol', 'table'].includes(target.tagName)) continue;
    const [callout] = children.splice(i, 1);
    children.splice(j, 0, callout!);
  }
}

// A note call written inside link text (`[the report[^r]](https://…)`) would be a link inside a link
// (<a><sup><a>), which HTML forbids: browsers close the outer link early and PDF readers see a broken
// annotation. The call moves to just after the link it was in, so the link keeps its text and the
// note its number.
import type { Element, Root } from 'hast';
import { selectAll } from 'hast-util-select';
import { visit, SKIP } from 'unist-util-visit';
import { someElement } from '../hast-classes.js';

export default function rehypeNoteCallsOutsideLinks() {
  return (tree: Root) => {
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName !== 'a' || node.properties.role === 'doc-noteref' || !parent || index === undefined) return;
      // Most links hold no <sup>: the selector (parsed on every call) only for those that do.
      if (!someElement(node, (e) => e.tagName === 'sup')) return;
      const calls = selectAll('sup:has(> a[role=doc-noteref])', node);
      if (calls.length === 0) return;
      for (const call of calls) remove(node, call);
      parent.children.splice(index + 1, 0, ...calls);
      return [SKIP, index + 1 + calls.length];
    });
  };
}

/** Take `target` out of `node`'s descendants. */
function remove(node: Element, target: Element): boolean {
  const at = node.children.indexOf(target);
  if (at >= 0) {
    node.children.splice(at, 1);
    return true;
  }
  return node.children.some((child) => child.type === 'element' && remove(child, target));
}

// Every element of a hast tree, in document order, for the steps that look at each one (the render
// steps, `someElement`). unist-util-visit names a new function per node (`Object.defineProperty` on
// its `name`, for stack traces) and checks each node against its test: about ten times the walk
// itself, per step, on every node of an edition (a report with 300 citations has 2.3 × the nodes of
// the same text without them). Same order and the same reading of a changed tree as `visit(tree,
// 'element', visitor)` with a visitor that returns nothing: the element first, then its children as
// they are after the visitor ran, each list read afresh at every step.
import type { Element, Nodes, Root } from 'hast';

/** A visitor's answer: leave this element's children out, or stop the walk (as unist-util-visit's). */
export const SKIP = Symbol('skip');
export const EXIT = Symbol('exit');

export type ElementVisitor = (
  node: Element,
  index: number | undefined,
  parent: Root | Element | undefined,
) => typeof SKIP | typeof EXIT | void;

/** Calls `visitor` on every element of `tree` (itself included, if an element), parents before children. */
export function eachElement(tree: Nodes, visitor: ElementVisitor): void {
  walk(tree, undefined, undefined, visitor);
}

/** Whether the walk was stopped (the visitor said EXIT). */
function walk(
  node: Nodes,
  index: number | undefined,
  parent: Root | Element | undefined,
  visitor: ElementVisitor,
): boolean {
  if (node.type === 'element') {
    const said = visitor(node, index, parent);
    if (said === EXIT) return true;
    if (said === SKIP) return false;
  } else if (node.type !== 'root') return false;
  for (let i = 0; i < node.children.length; i += 1) if (walk(node.children[i]!, i, node, visitor)) return true;
  return false;
}

/** Every element id in `tree` added to `ids` (the edition's link targets and taken names). */
export function collectIds(tree: Nodes | undefined, ids: Set<string>): Set<string> {
  if (tree)
    eachElement(tree, (node) => {
      if (typeof node.properties.id === 'string') ids.add(node.properties.id);
    });
  return ids;
}

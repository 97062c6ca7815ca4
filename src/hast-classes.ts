// Class tokens of a hast element, read from its properties. hast-util-select's `matches` parses its
// selector on every call: in visitors over every node of an edition that was ~0.15 s of a rebuild.
// Likewise "is there any such element" asked of a whole tree (or of every link): `someElement` stops
// at the first, where `selectAll` parses its selector and walks everything.
import type { Element, Nodes } from 'hast';
import { EXIT, eachElement } from './hast-walk.js';

/** Whether `name` is one of the element's class tokens (a token, not a substring; `className` is a
 * list in hast, a string when a tree was built by hand). */
export function hasClass(node: Element, name: string): boolean {
  const value: unknown = node.properties.className;
  return Array.isArray(value) ? value.includes(name) : typeof value === 'string' && value.split(/\s+/).includes(name);
}

/** The element's `class` attribute as HTML has it (`[class*=…]` matches in this). */
export function classAttribute(node: Element): string {
  const value: unknown = node.properties.className;
  return Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : '';
}

/** Whether `tree` (itself included) has an element that passes `test`; stops at the first. */
export function someElement(tree: Nodes, test: (node: Element) => boolean): boolean {
  let found = false;
  eachElement(tree, (node) => {
    if (!test(node)) return undefined;
    found = true;
    return EXIT;
  });
  return found;
}

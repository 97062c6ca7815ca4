// Class tokens of a hast element, read from its properties. hast-util-select's `matches` parses its
// selector on every call: in visitors over every node of an edition that was ~0.15 s of a rebuild.
import type { Element } from 'hast';

/** Whether `name` is one of the element's class tokens (a token, not a substring; `className` is a
 * list in hast, a string when a tree was built by hand). */
export function hasClass(node: Element, name: string): boolean {
  const value: unknown = node.properties.className;
  return Array.isArray(value) ? value.includes(name) : typeof value === 'string' && value.split(/\s+/).includes(name);
}

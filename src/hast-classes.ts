// Class tokens of a hast element, read from its properties. hast-util-select's `matches` parses its
// selector on every call: in visitors over every node of an edition that was ~0.15 s of a rebuild.
import type { Element } from 'hast';

/** The element's class tokens (`className` is a list in hast, a string when built by hand). */
export function classNames(node: Element): string[] {
  const value: unknown = node.properties.className;
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/) : [];
}

/** Whether `name` is one of the element's class tokens (a token, not a substring). */
export function hasClass(node: Element, name: string): boolean {
  const value: unknown = node.properties.className;
  return Array.isArray(value) ? value.includes(name) : typeof value === 'string' && value.split(/\s+/).includes(name);
}

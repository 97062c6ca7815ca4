import { describe, expect, it } from 'vitest';
import type { Element } from 'hast';
import { matches } from 'hast-util-select';
import { hasClass } from '../../src/hast-classes.js';

const el = (tagName: string, className?: unknown): Element =>
  ({ type: 'element', tagName, properties: className === undefined ? {} : { className }, children: [] }) as Element;

describe('hast-classes', () => {
  it('answers as `matches(".name")` does: a class token, not a substring', () => {
    const cases = [el('aside', ['callout']), el('aside', ['callout-group']), el('div', ['a', 'callout']), el('div')];
    for (const node of cases) expect(hasClass(node, 'callout')).toBe(matches('.callout', node));
    // A className written by hand as a string (hast-util-select does not read those).
    expect(hasClass(el('p', 'x callout'), 'callout')).toBe(true);
    expect(hasClass(el('p', 'x callouts'), 'callout')).toBe(false);
  });
});

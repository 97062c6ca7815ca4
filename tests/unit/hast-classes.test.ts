import { describe, expect, it } from 'vitest';
import type { Element, Root } from 'hast';
import { matches, selectAll } from 'hast-util-select';
import { classAttribute, hasClass, someElement } from '../../src/hast-classes.js';

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

  it("finds an element as `selectAll(…).length > 0` does, for the pipeline's questions", () => {
    const tree = (...children: Element[]): Root => ({ type: 'root', children });
    const nest = (outer: Element, inner: Element): Element => ({ ...outer, children: [inner] });
    const trees = [
      tree(el('p'), nest(el('pre'), el('code', ['language-js']))),
      tree(nest(el('p'), el('code', ['x', 'no-language-here']))),
      tree(nest(el('pre'), el('code', ['languages']))),
      tree(nest(el('p'), el('span', ['language-math', 'math-inline']))),
      tree(nest(el('div'), el('span', ['language-mathx']))),
      tree(nest(el('a'), nest(el('span'), el('sup')))),
      tree(el('a')),
    ];
    const questions: Array<[string, (node: Element) => boolean]> = [
      ['code[class*="language-"]', (n) => n.tagName === 'code' && classAttribute(n).includes('language-')],
      ['.language-math', (n) => hasClass(n, 'language-math')],
      ['sup', (n) => n.tagName === 'sup'],
    ];
    let found = 0;
    for (const t of trees)
      for (const [selector, test] of questions) {
        const expected = selectAll(selector, t).length > 0;
        expect(someElement(t, test), `${selector} in tree ${trees.indexOf(t)}`).toBe(expected);
        found += expected ? 1 : 0;
      }
    expect(found).toBe(4);
    expect(classAttribute(el('code', 'a  b'))).toBe('a  b');
    expect(classAttribute(el('code'))).toBe('');
  });
});

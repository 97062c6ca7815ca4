// Right-hand chapter starts and running heads, decided from the pages the chapters and sections were
// printed on (src/print/pages.ts), without a browser.
import { describe, expect, it } from 'vitest';
import { headsByPage, rightHandStarts, type PagePlan } from '../../src/print/pages.js';

const plan: PagePlan = {
  start: 'right',
  facing: false,
  left: 'edition',
  right: 'section',
  edition: 'Review',
  chapters: [
    { id: 'one', short: 'One', sections: [] },
    {
      id: 'two',
      short: 'Two',
      sections: [
        { id: 'two-a', short: 'Two A' },
        { id: 'two-b', short: 'Two B' },
      ],
    },
    { id: 'three', short: 'Three', sections: [] },
  ],
};

describe('right-hand chapter starts', () => {
  it('adds a blank page before each chapter that would open on an even page, and predicts every page', () => {
    // one on 4 (even), two on 7 (→ 8 once a blank is in: even again), three on 10 (→ 12 after two
    // blanks: even again): three blank pages.
    const pages = new Map([
      ['one', 4],
      ['two', 7],
      ['two-a', 7],
      ['two-b', 9],
      ['three', 10],
    ]);
    const { blanks, predicted } = rightHandStarts(plan, pages, new Set());
    expect([...blanks]).toEqual(['one', 'two', 'three']);
    expect(Object.fromEntries(predicted)).toEqual({ one: 5, two: 9, 'two-a': 9, 'two-b': 11, three: 13 });
    // Printed as predicted, nothing changes any more.
    expect(rightHandStarts(plan, predicted, blanks).blanks).toEqual(blanks);
    for (const id of ['one', 'two', 'three']) expect(predicted.get(id)! % 2).toBe(1);
  });

  it('removes a blank page that is no longer needed, and keeps one that still is', () => {
    // one has a blank and opens on 5 (odd: keep it); two has a blank but opens on 8 (the text before
    // it got shorter by a page): remove it and it opens on 7; three then falls on 10 and gets one.
    const pages = new Map([
      ['one', 5],
      ['two', 8],
      ['three', 11],
    ]);
    const { blanks, predicted } = rightHandStarts(plan, pages, new Set(['one', 'two']));
    expect([...blanks]).toEqual(['one', 'three']);
    expect(Object.fromEntries(predicted)).toEqual({ one: 5, two: 7, three: 11 });
  });
});

describe('running heads', () => {
  const pages = new Map([
    ['one', 5],
    ['two', 9],
    ['two-a', 9],
    ['two-b', 11],
    ['three', 13],
  ]);

  it('none on the front matter, chapter openers or blank pages; the running section elsewhere', () => {
    const heads = headsByPage(plan, pages, new Set(['three']), 14);
    expect([...heads.keys()]).toEqual([6, 7, 8, 10, 11, 14]);
    expect(heads.get(6)).toEqual({ left: 'Review', right: 'One' });
    expect(heads.get(10)).toEqual({ left: 'Review', right: 'Two A' });
    expect(heads.get(11)).toEqual({ left: 'Review', right: 'Two B' });
    expect(heads.get(14)).toEqual({ left: 'Review', right: 'Three' });
  });

  it('on facing pages: the left head on left-hand pages, the right head on right-hand pages', () => {
    const heads = headsByPage({ ...plan, facing: true, right: 'chapter' }, pages, new Set(), 14);
    expect(heads.get(6)).toEqual({ left: 'Review', right: '' });
    expect(heads.get(7)).toEqual({ left: '', right: 'One' });
    expect(heads.get(11)).toEqual({ left: '', right: 'Two' });
    expect(heads.has(12)).toBe(true);
  });

  it('with folios (parts printed loose): a folio on every page from the first chapter on but blank pages', () => {
    const heads = headsByPage(plan, pages, new Set(['three']), 14, true);
    const folios = [...heads]
      .filter(([, h]) => h.folio)
      .map(([p]) => p)
      .sort((a, b) => a - b);
    expect(folios).toEqual([5, 6, 7, 8, 9, 10, 11, 13, 14]);
    expect(heads.get(5)).toEqual({ left: '', right: '', folio: true });
    expect(heads.get(6)).toEqual({ left: 'Review', right: 'One', folio: true });
    expect(heads.has(12)).toBe(false);
  });
});

// A cold build's page-number guess from the edition laid out in columns one page tall
// (src/print/column-guess.ts columnPages): the columns the ids fell in → the pagination a print would
// measure, with the blank pages right-hand starts put in (pages.ts), without a browser.
import { describe, expect, it } from 'vitest';
import { columnPages } from '../../src/print/column-guess.js';
import { rightHandStarts, type PagePlan } from '../../src/print/pages.js';

const plan = (start: PagePlan['start']): PagePlan => ({
  start,
  facing: true,
  left: 'edition',
  right: 'chapter',
  edition: 'Review',
  chapters: [
    { id: 'one', short: 'One', sections: [{ id: 'one-a', short: 'One A' }] },
    { id: 'two', short: 'Two', sections: [] },
    { id: 'three', short: 'Three', sections: [] },
  ],
});

// The contents' ids in document order; a column per page from 0 (the cover).
const IDS = ['one', 'one-a', 'two', 'three'];

describe('the page-number guess from columns', () => {
  it('gives each id the page of its column (from 1) and the page count of the last column', () => {
    const guess = columnPages(IDS, { at: [3, 4, 6, 9], end: 11 }, plan('page'));
    expect(Object.fromEntries(guess!.pages)).toEqual({ one: 4, 'one-a': 5, two: 7, three: 10 });
    expect(guess!.blanks.size).toBe(0);
    expect(guess!.pageCount).toBe(12);
  });

  it('puts in the blank pages right-hand starts need, as a print would be settled, and counts them', () => {
    // one on 4 (even: a blank), two on 7 (→ 8: a blank), three on 10 (→ 12: a blank).
    const guess = columnPages(IDS, { at: [3, 4, 6, 9], end: 11 }, plan('right'))!;
    expect([...guess.blanks].sort()).toEqual(['one', 'three', 'two']);
    expect(Object.fromEntries(guess.pages)).toEqual({ one: 5, 'one-a': 6, two: 9, three: 13 });
    expect(guess.pageCount).toBe(15);
    for (const id of ['one', 'two', 'three']) expect(guess.pages.get(id)! % 2).toBe(1);
    // What the right-hand step would settle after a print of the edition without blank pages.
    const printed = new Map([
      ['one', 4],
      ['one-a', 5],
      ['two', 7],
      ['three', 10],
    ]);
    expect(rightHandStarts(plan('right'), printed, new Set()).predicted).toEqual(guess.pages);
  });

  it('needs no blank page when every chapter opens on an odd page', () => {
    const guess = columnPages(IDS, { at: [2, 2, 4, 6], end: 7 }, plan('right'))!;
    expect(guess.blanks.size).toBe(0);
    expect(guess.pageCount).toBe(8);
  });

  it('makes no guess when an id was not laid out or the columns do not fit the ids', () => {
    expect(columnPages(IDS, { at: [3, null, 6, 9], end: 11 }, plan('page'))).toBeUndefined();
    expect(columnPages(IDS, { at: [3, 4, 6], end: 11 }, plan('page'))).toBeUndefined();
    expect(columnPages(IDS, { at: [3, 4, 6, 12], end: 11 }, plan('page'))).toBeUndefined();
    expect(columnPages(IDS, { at: [-1, 4, 6, 9], end: 11 }, plan('page'))).toBeUndefined();
    expect(columnPages(IDS, { at: [3, 4.5, 6, 9], end: 11 }, plan('page'))).toBeUndefined();
    expect(columnPages(IDS, { at: [3, 4, 6, 9], end: -1 }, plan('page'))).toBeUndefined();
  });

  it('guesses without a page plan (no chapters to start on the right)', () => {
    const guess = columnPages(['a'], { at: [0], end: 0 }, undefined)!;
    expect(Object.fromEntries(guess.pages)).toEqual({ a: 1 });
    expect(guess.pageCount).toBe(1);
  });
});

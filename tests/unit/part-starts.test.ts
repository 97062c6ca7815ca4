// parts.ts: where the parts of an edition printed in parts begin, and how a part is put at its page.
// A part of several chapters stays short (an edit reprints its part: at 20 × the review a part of
// 130 pages cost Chromium ~0.8 s to print again), and a bound an edit moves moves no other part's
// bound past the next chapter whose id opens a part.
import { describe, expect, it } from 'vitest';
import {
  PARTS_FROM_CHAPTERS,
  PARTS_FROM_TEXT,
  partStarts,
  looseParts,
  placeAt,
  printInParts,
  type PartChapter,
} from '../../src/print/parts.js';

const chapters = (opens: boolean[]): PartChapter[] => opens.map((o, i) => ({ id: `c${i}`, opens: o }));

describe('partStarts', () => {
  it('opens a part where a chapter id says so, and before a chapter that would take it over the most text', () => {
    const list = chapters([true, false, false, false, true, false]);
    expect(partStarts(list, [10, 10, 10, 10, 10, 10], 100)).toEqual(['c0', 'c4']);
    expect(partStarts(list, [10, 50, 50, 10, 10, 10], 100)).toEqual(['c0', 'c2', 'c4']);
  });

  it('sets a long chapter alone in its part', () => {
    const list = chapters([true, false, false, false]);
    expect(partStarts(list, [10, 500, 10, 10], 100)).toEqual(['c0', 'c1', 'c2']);
    // The first chapter of a part is never alone for its length only: a part holds at least one chapter.
    expect(partStarts(list, [500, 10, 10, 10], 100)).toEqual(['c0', 'c1']);
  });

  it('moves no bound after the next chapter whose id opens a part when an edit lengthens a chapter', () => {
    const list = chapters([true, false, false, true, false, false]);
    const before = partStarts(list, [40, 40, 40, 40, 40, 40], 100);
    const after = partStarts(list, [40, 70, 40, 40, 40, 40], 100);
    expect(before).toEqual(['c0', 'c2', 'c3', 'c5']);
    expect(after).toEqual(['c0', 'c1', 'c2', 'c3', 'c5']);
    expect(after.slice(after.indexOf('c3'))).toEqual(before.slice(before.indexOf('c3')));
  });

  it('leaves out a chapter not in the page (null), and counts one sharing an element with the one before as no text', () => {
    const list = chapters([true, true, false]);
    expect(partStarts(list, [10, null, 10], 100)).toEqual(['c0']);
    expect(partStarts(list, [10, 0, 10], 100)).toEqual(['c0', 'c1']);
  });
});

describe('placeAt', () => {
  const geometry = { width: '210mm', height: 945 };

  it('puts a part after one or two pages, its first page a left or right page as in the edition, never the first', () => {
    for (let first = 2; first <= 9; first += 1) {
      const { before, spacer, blanks } = placeAt(first, geometry);
      expect(before).toBeGreaterThanOrEqual(1);
      expect(before).toBeLessThanOrEqual(2);
      // Page `first` of the edition and page `before + 1` of the part's document: both odd or both even.
      expect((before + 1) % 2).toBe(first % 2);
      // The spacer and the blank pages after it: as much of the flow as the edition's pages before the part.
      expect(spacer!.pages + blanks).toBe(first - 1);
      expect(1 + blanks).toBe(before);
    }
  });

  it('sets the page counter so that the part’s first page shows its page in the edition', () => {
    for (const first of [2, 3, 450, 451]) {
      const { before, counter } = placeAt(first, geometry);
      expect(counter + before).toBe(first);
    }
  });

  it('puts the edition’s first page first, and without the geometry a part behind every page before it', () => {
    expect(placeAt(1, geometry)).toEqual({ before: 0, blanks: 0, counter: 1 });
    expect(placeAt(7, undefined)).toEqual({ before: 6, blanks: 6, counter: 1 });
  });

  it('loose: behind one plain page, two for a right-hand page when left and right pages differ, the folios left out', () => {
    for (let first = 2; first <= 9; first += 1) {
      const sided = placeAt(first, geometry, { sided: true });
      expect(sided).toEqual({ before: sided.before, blanks: sided.before, counter: 1, bare: true });
      expect((sided.before + 1) % 2).toBe(first % 2);
      expect(placeAt(first, geometry, { sided: false })).toEqual({ before: 1, blanks: 1, counter: 1, bare: true });
    }
    expect(placeAt(1, geometry, { sided: true })).toEqual({ before: 0, blanks: 0, counter: 1, bare: true });
  });
});

describe('looseParts', () => {
  const page = (css: string) => `<html><head><style>${css}</style></head><body><main></main></body></html>`;
  const theme = (facing: boolean) =>
    `/* templates/theme.yaml */\n@page { size: A4; }\n${facing ? '@page :left { @bottom-left { content: counter(page); } }\n@page :right { @bottom-right { content: counter(page); } }' : '@page { @bottom-center { content: counter(page); } }'}`;

  it('prints loose when only the theme counts pages, sided when an @page rule tells left from right', () => {
    expect(looseParts(page(`/* @page counter(page) */ p { margin: 0 }\n${theme(false)}`))).toEqual({ sided: false });
    expect(looseParts(page(`p { margin: 0 }\n${theme(true)}`))).toEqual({ sided: true });
    expect(looseParts(page(`@page :left { margin-left: 1in }\n${theme(false)}`))).toEqual({ sided: true });
  });

  it('not when a stylesheet of its own counts pages or draws a bottom margin box (each part then placed at its page)', () => {
    for (const own of [
      '@page { @top-right { content: counter(page) " of " counter(pages); } }',
      '@page { @top-center { content: counter(pages, upper-roman); } }',
      '@page { @bottom-left { content: "Draft"; } }',
    ]) {
      expect(looseParts(page(`${own}\n${theme(false)}`)), own).toBeUndefined();
      expect(looseParts(`${page(theme(false))}<style>${own}</style>`), own).toBeUndefined();
    }
  });
});

describe('printInParts', () => {
  const env = {};

  it('prints in parts an edition of many chapters and much text, whole one short of either', () => {
    expect(printInParts(PARTS_FROM_CHAPTERS, PARTS_FROM_TEXT, env)).toBe(true);
    expect(printInParts(PARTS_FROM_CHAPTERS - 1, PARTS_FROM_TEXT * 10, env)).toBe(false);
    expect(printInParts(PARTS_FROM_CHAPTERS * 2, PARTS_FROM_TEXT - 1, env)).toBe(false);
    // Before the text is known: whether it may be printed in parts.
    expect(printInParts(PARTS_FROM_CHAPTERS, undefined, env)).toBe(true);
  });

  it('does as BRIEFING_PRINT_PARTS says', () => {
    expect(printInParts(1, 1, { BRIEFING_PRINT_PARTS: '1' })).toBe(true);
    expect(printInParts(PARTS_FROM_CHAPTERS, PARTS_FROM_TEXT, { BRIEFING_PRINT_PARTS: '0' })).toBe(false);
  });
});

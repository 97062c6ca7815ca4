// The layout check's verdicts from marker destinations (print/layout-check.ts), without a browser:
// each finding names its page and the Markdown file:line of the element at fault.
import { describe, expect, it } from 'vitest';
import {
  checkLayout,
  overflowWarnings,
  type LayoutItem,
  type PlacedDestination,
} from '../../src/print/layout-check.js';
import { formatDiagnostic } from '../../src/messages.js';

const TOP = 774; // the text area's top on an A4 page with 24 mm margins, in PDF units from the bottom

function item(id: string, kind: LayoutItem['kind'], chapter: number, line: number): LayoutItem {
  return { id, endId: `${id}-end`, kind, chapter, source: `en/0${chapter + 1}-x.md:${line}:1`, label: `${kind} ${id}` };
}

/** Places `id` from (page, top) to (page, top) of its last line. */
function place(entries: Array<[string, number, number, number, number]>): Map<string, PlacedDestination> {
  const placed = new Map<string, PlacedDestination>();
  for (const [id, page, top, endPage, endTop] of entries) {
    placed.set(id, { page, top });
    placed.set(`${id}-end`, { page: endPage, top: endTop });
  }
  return placed;
}

/** The check on an A4 edition whose last page is the last one any item is placed on. */
const run = (items: LayoutItem[], placed: Map<string, PlacedDestination>) =>
  checkLayout(
    items,
    placed,
    { pages: Math.max(...[...placed.values()].map((d) => d.page)), height: 842 },
    'out.pdf',
  ).map(formatDiagnostic);

describe('the layout check', () => {
  it('finds nothing in a sound layout', () => {
    const items = [
      item('h', 'wide', 0, 1),
      item('p1', 'block', 0, 3),
      item('box', 'box', 0, 5),
      item('p2', 'block', 0, 9),
    ];
    const placed = place([
      ['h', 3, TOP, 3, TOP - 20],
      ['p1', 3, TOP - 40, 4, TOP - 100],
      ['box', 3, TOP - 40, 3, TOP - 120],
      ['p2', 4, TOP - 120, 4, TOP - 300],
    ]);
    expect(run(items, placed)).toEqual([]);
  });

  it('names a box printed after its chapter ended, and one drawn over a full-width title', () => {
    const items = [
      item('h1', 'wide', 0, 1),
      item('p', 'block', 0, 3),
      item('box', 'box', 0, 5),
      item('h2', 'wide', 1, 1),
      item('q', 'block', 1, 3),
    ];
    const placed = place([
      ['h1', 3, TOP, 3, TOP - 20],
      ['p', 3, TOP - 40, 3, TOP - 600],
      ['box', 4, TOP, 4, TOP - 90],
      ['h2', 4, TOP, 4, TOP - 20],
      ['q', 4, TOP - 40, 4, TOP - 500],
    ]);
    expect(run(items, placed)).toEqual([
      'en/01-x.md:5:1 warning page 4: box box is printed outside its chapter (pages 3–3) (move the box next to a paragraph earlier in the chapter, or shorten it) layout:box-outside-chapter',
      'en/02-x.md:1:1 warning page 4: wide h2 overlaps box box (move one of the boxes next to another paragraph) layout:overlap',
    ]);
  });

  it('names a heading left at the foot of a page, and a page less than a quarter full mid-chapter', () => {
    const items = [
      item('title', 'wide', 0, 1),
      item('p1', 'block', 0, 3),
      item('sub', 'heading', 0, 7),
      item('figure', 'block', 0, 9),
      item('p2', 'block', 0, 11),
    ];
    const placed = place([
      ['title', 3, TOP, 3, TOP - 20],
      ['p1', 3, TOP - 40, 3, TOP - 650],
      ['sub', 3, TOP - 670, 3, TOP - 670],
      ['figure', 4, TOP, 4, TOP - 100],
      ['p2', 5, TOP, 5, TOP - 200],
    ]);
    expect(run(items, placed)).toEqual([
      'en/01-x.md:7:1 warning page 3: heading sub stands at the foot of the page; its text starts on page 4 (keep headings with their text (break-after: avoid in print.css), or shorten the text before it) layout:heading-at-foot',
      'en/01-x.md:1:1 warning page 4: the page is 14 % full, and its chapter goes on (look for a figure, table or box too tall to fit on the page before, and make it smaller) layout:underfull-page',
    ]);
  });

  it('reads past boxes and other chapters to the block after a heading', () => {
    const items = [
      item('h', 'heading', 0, 1),
      item('box', 'box', 0, 3),
      item('p', 'block', 0, 5),
      item('h2', 'heading', 1, 1),
      item('p2', 'block', 1, 3),
    ];
    const placed = place([
      ['h', 3, TOP - 600, 3, TOP - 620],
      ['box', 3, TOP - 630, 3, TOP - 650],
      ['p', 4, TOP, 4, TOP - 600],
      ['h2', 5, TOP, 5, TOP - 20],
      ['p2', 5, TOP - 40, 5, TOP - 600],
    ]);
    expect(run(items, placed).filter((line) => line.includes('heading-at-foot'))).toEqual([
      'en/01-x.md:1:1 warning page 3: heading h stands at the foot of the page; its text starts on page 4 (keep headings with their text (break-after: avoid in print.css), or shorten the text before it) layout:heading-at-foot',
    ]);
  });

  it('reports content wider than its column with its file:line, or the PDF when no source is known', () => {
    const warnings = overflowWarnings(
      [
        { source: 'en/02-tables.md:12:1', label: 'table "Region Households"', width: 301.2, column: 112 },
        { label: 'span', width: 400, column: 166 },
      ],
      'out.pdf',
    ).map(formatDiagnostic);
    expect(warnings).toEqual([
      'en/02-tables.md:12:1 warning table "Region Households" is 301.2 mm wide, wider than its 112 mm column: clipped to it (Chromium would have shrunk every page) (make it narrower: fewer table columns, a smaller image, shorter unbreakable text) layout:too-wide',
      'out.pdf warning span is 400 mm wide, wider than its 166 mm column: clipped to it (Chromium would have shrunk every page) (make it narrower: fewer table columns, a smaller image, shorter unbreakable text) layout:too-wide',
    ]);
  });
});

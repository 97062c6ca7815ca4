// The layout markers a warm rebuild leaves out of its print (print/lean-marks.ts), without a browser:
// the checks find on the lean print, completed from the last print, what they find on a print with
// every marker; and a layout that moved since the last print is caught by the markers printed
// (completed from the last print regardless, it would hide a heading left at the foot of a page).
import { describe, expect, it } from 'vitest';
import { checkLayout, type LayoutItem, type PlacedDestination } from '../../src/print/layout-check.js';
import { proveFootNotes } from '../../src/print/foot-proof.js';
import type { FootNotes } from '../../src/print/foot-notes.js';
import { completeMarks, leanMarks, withoutMarkerLinks } from '../../src/print/lean-marks.js';
import { formatDiagnostic } from '../../src/messages.js';

const TOP = 774; // the text area's top on an A4 page, in PDF units from the bottom

const item = (n: number, kind: LayoutItem['kind'], line: number): LayoutItem => ({
  id: `lc-0-${n}`,
  endId: `lc-0-${n}-end`,
  kind,
  chapter: 0,
  source: `en/01-x.md:${line}:1`,
  label: `${kind} ${n}`,
});

// A title, a paragraph, a heading, five more paragraphs and a box.
const ITEMS = [
  item(1, 'wide', 1),
  item(2, 'block', 3),
  item(3, 'heading', 5),
  item(4, 'block', 7),
  item(5, 'block', 9),
  item(6, 'block', 11),
  item(7, 'block', 13),
  item(8, 'box', 15),
  item(9, 'block', 17),
  item(10, 'block', 19),
];

/** Places each item's start and end: [n, page, top, end page, end top]. */
function place(entries: Array<[number, number, number, number, number]>): Map<string, PlacedDestination> {
  const placed = new Map<string, PlacedDestination>();
  for (const [n, page, top, endPage, endTop] of entries) {
    placed.set(`lc-0-${n}`, { page, top });
    placed.set(`lc-0-${n}-end`, { page: endPage, top: endTop });
  }
  // The notes at the foot of page 4, the reference above them.
  placed.set('lc-foot-1', { page: 4, top: 150 });
  placed.set('lc-foot-1-end', { page: 4, top: 70 });
  placed.set('lc-foot-mark-1', { page: 4, top: 600 });
  placed.set('fnref-1', { page: 4, top: 600 });
  placed.set('fn-1', { page: 4, top: 140 });
  return placed;
}

const FOOT: FootNotes = {
  notes: [{ id: 'fn-1', refId: 'fnref-1', markId: 'lc-foot-mark-1', area: 'lc-foot-1', label: '1' }],
  areas: [{ id: 'lc-foot-1', endId: 'lc-foot-1-end' }],
  unplaced: [],
  ms: 0,
};

const findings = (placed: Map<string, PlacedDestination>) =>
  [
    ...checkLayout(ITEMS, placed, { pages: 6, height: 842 }, 'out.pdf'),
    ...proveFootNotes(
      FOOT,
      placed,
      ITEMS.map((i) => i.id),
      'out.pdf',
    ),
  ].map(formatDiagnostic);

/** The print of only the markers not left out. */
const printedWithout = (all: Map<string, PlacedDestination>, dropped: ReadonlyMap<string, unknown>) =>
  new Map([...all].filter(([id]) => !dropped.has(id)));

// The heading (3) at the foot of page 3; page 5 a seventh full, the chapter going on; two blocks
// (6, 7) printed below the notes of page 4.
const LAST = place([
  [1, 3, TOP, 3, TOP - 20],
  [2, 3, TOP - 40, 3, TOP - 640],
  [3, 3, TOP - 660, 3, TOP - 660],
  [4, 4, TOP, 4, TOP - 160],
  [5, 4, TOP - 180, 4, TOP - 440],
  [6, 4, 130, 4, 120],
  [7, 4, 110, 4, 90],
  [8, 4, TOP - 180, 4, TOP - 300],
  [9, 5, TOP, 5, TOP - 100],
  [10, 6, TOP, 6, TOP - 300],
]);

describe('the layout markers of a warm rebuild', () => {
  it('leaves out markers between printed ones of a page; the checks find what every marker shows', () => {
    const dropped = leanMarks(ITEMS, FOOT.areas, LAST);
    expect([...dropped.keys()].sort()).toEqual(['lc-0-2-end', 'lc-0-4-end', 'lc-0-5-end', 'lc-0-6-end']);
    // Every start on page 4 is printed: the proof counts those below the notes.
    expect(dropped.has('lc-0-5')).toBe(false);
    const completed = completeMarks(printedWithout(LAST, dropped), LAST, dropped);
    expect(completed && new Map([...completed].sort())).toEqual(new Map([...LAST].sort()));
    const all = findings(LAST);
    expect(all.map((line) => line.split(' ').at(-1))).toEqual([
      'layout:heading-at-foot',
      'layout:underfull-page',
      'print:footnote-overlap',
    ]);
    expect(findings(completed!)).toEqual(all);
  });

  it('prints every marker when one printed fell elsewhere: the moved layout would hide a finding', () => {
    // The last print: the heading (3) in the middle of page 3, nothing wrong.
    const last = place([
      [1, 3, TOP, 3, TOP - 20],
      [2, 3, TOP - 40, 3, TOP - 300],
      [3, 3, TOP - 320, 3, TOP - 320],
      [4, 3, TOP - 340, 3, TOP - 500],
      [5, 3, TOP - 520, 4, TOP - 100],
      [6, 4, TOP - 120, 4, TOP - 400],
      [7, 4, TOP - 420, 4, 160],
      [8, 4, TOP - 120, 4, TOP - 300],
      [9, 5, TOP, 5, TOP - 600],
      [10, 6, TOP, 6, TOP - 300],
    ]);
    expect(findings(last)).toEqual([]);
    const dropped = leanMarks(ITEMS, FOOT.areas, last);
    expect(dropped.has('lc-0-3')).toBe(true);
    // This print: the paragraph before the heading grew, and the heading is left at the foot (LAST).
    const printed = printedWithout(LAST, dropped);
    expect(completeMarks(printed, last, dropped)).toBeUndefined();
    // Filled in from the last print regardless, the heading would still be mid-page: no finding.
    const blind = findings(new Map([...printed, ...dropped]));
    expect(blind.some((line) => line.endsWith('layout:heading-at-foot'))).toBe(false);
    expect(findings(LAST).some((line) => line.endsWith('layout:heading-at-foot'))).toBe(true);
  });

  it('takes the links of the markers left out from the hidden list, and nothing else', () => {
    const body =
      '<p id="lc-0-2">Text<span id="lc-0-2-end"></span> <a href="#lc-0-2-end">see</a></p>' +
      '<div hidden="" data-briefing-markers=""><a href="#lc-0-2"></a><a href="#lc-0-2-end"></a></div>';
    expect(withoutMarkerLinks(body, new Map([['lc-0-2-end', {}]]))).toBe(
      '<p id="lc-0-2">Text<span id="lc-0-2-end"></span> <a href="#lc-0-2-end">see</a></p>' +
        '<div hidden="" data-briefing-markers=""><a href="#lc-0-2"></a></div>',
    );
    expect(withoutMarkerLinks('<p>no list</p>', new Map())).toBeUndefined();
  });
});

// The proof of page-foot notes (print/foot-proof.ts) from destinations, without a browser: each
// finding is a whole message line with its page and the Markdown file:line of the reference.
import { describe, expect, it } from 'vitest';
import { proveFootNotes } from '../../src/print/foot-proof.js';
import type { FootNotes } from '../../src/print/foot-notes.js';
import type { PlacedDestination } from '../../src/print/layout-check.js';
import { formatDiagnostic } from '../../src/messages.js';

const FOOT: FootNotes = {
  notes: [
    {
      id: 'fn-a-1',
      refId: 'fnref-a-1',
      markId: 'lc-foot-mark-1',
      area: 'lc-foot-1',
      source: 'en/01-a.md:7:3',
      label: 'i',
    },
    {
      id: 'fn-a-2',
      refId: 'fnref-a-2',
      markId: 'lc-foot-mark-2',
      area: 'lc-foot-2',
      source: 'en/01-a.md:12:1',
      label: 'ii',
    },
  ],
  areas: [
    { id: 'lc-foot-1', endId: 'lc-foot-1-end' },
    { id: 'lc-foot-2', endId: 'lc-foot-2-end' },
  ],
  unplaced: [],
  ms: 0,
};

/** A sound layout: each note under its block, on its reference's page. */
function sound(): Map<string, PlacedDestination> {
  return new Map<string, PlacedDestination>([
    ['fnref-a-1', { page: 3, top: 600 }],
    ['lc-foot-mark-1', { page: 3, top: 600 }],
    ['fn-a-1', { page: 3, top: 140 }],
    ['lc-foot-1', { page: 3, top: 150 }],
    ['lc-foot-1-end', { page: 3, top: 70 }],
    ['lc-1', { page: 3, top: 700 }],
    ['fnref-a-2', { page: 4, top: 500 }],
    ['lc-foot-mark-2', { page: 4, top: 500 }],
    ['fn-a-2', { page: 4, top: 140 }],
    ['lc-foot-2', { page: 4, top: 150 }],
    ['lc-foot-2-end', { page: 4, top: 70 }],
    ['lc-2', { page: 4, top: 700 }],
  ]);
}

const prove = (placed: Map<string, PlacedDestination>, foot = FOOT) =>
  proveFootNotes(foot, placed, ['lc-1', 'lc-2'], 'out.pdf').map(formatDiagnostic);

describe('the proof of page-foot notes', () => {
  it('finds nothing when every note is at the foot of its reference page', () => {
    expect(prove(sound())).toEqual([]);
  });

  it('names a note printed on another page than its reference', () => {
    const placed = sound();
    placed.set('fn-a-2', { page: 5, top: 140 });
    expect(prove(placed)).toEqual([
      'en/01-a.md:12:1 warning page 4: note ii is printed on page 5, not on the page of its reference (shorten the note, or move its reference away from the foot of the page (an earlier sentence)) print:footnote-page',
    ]);
  });

  it("reads the reference's page from the marker after its mark, not from the mark itself", () => {
    // A superscript on a page's first line stands above the page's frame: Chromium gives the mark's
    // own destination the foot of the page before; the empty marker after it is on its line.
    const placed = sound();
    placed.set('fnref-a-2', { page: 3, top: 136 });
    expect(prove(placed)).toEqual([]);
    placed.set('lc-foot-mark-2', { page: 3, top: 136 });
    expect(prove(placed)).toEqual([
      'en/01-a.md:12:1 warning page 3: note ii is printed on page 4, not on the page of its reference (shorten the note, or move its reference away from the foot of the page (an earlier sentence)) print:footnote-page',
    ]);
  });

  it('names body text below the notes, and notes running on to the next page', () => {
    const placed = sound();
    placed.set('lc-2', { page: 4, top: 120 });
    placed.set('lc-foot-1-end', { page: 4, top: 760 });
    expect(prove(placed)).toEqual([
      'en/01-a.md:7:3 warning page 3: its notes run on to page 4 (the page is taller than its frame) (shorten the notes of that page, or move one of their references to the next paragraph) print:footnote-overfull',
      'en/01-a.md:12:1 warning page 4: 1 block(s) of body text printed below the notes at the foot of the page (report it with the page: the block before the notes could not be split; a shorter note avoids it) print:footnote-overlap',
    ]);
  });

  it("lets the notes after a chapter's last line run on, and names a note printed nowhere", () => {
    const placed = sound();
    placed.set('lc-foot-2-end', { page: 5, top: 700 });
    const foot: FootNotes = {
      ...FOOT,
      areas: [FOOT.areas[0]!, { ...FOOT.areas[1]!, tail: true }],
      unplaced: [{ id: 'fn-b-x', label: 'iii' }],
    };
    expect(prove(placed, foot)).toEqual([
      'out.pdf warning note iii (#fn-b-x) has no reference in the text: it is printed nowhere (shorten the note, or move its reference away from the foot of the page (an earlier sentence)) print:footnote-page',
    ]);
  });
});

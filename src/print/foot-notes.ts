// Notes at the foot of the page (theme `notes: foot`), placed natively before the first print.
// Chromium has no `float: footnote` and does not expose pagination, but it fragments a multi-column
// box with the same engine as pages: each chapter is laid out, while measuring, in columns exactly one
// page tall (print.css `.foot-measure`). Page by page (column by column), the notes first referenced
// on it move from the hidden store (render/place-notes.ts) into a `.foot-area` inserted where the
// body must end for them to fit: the block crossing that line is split at its last line that fits
// (a table between rows), the area is padded down to the page foot, and a forced break follows it.
// A reference whose note cannot start below it (its line too low, under the notes before it) goes on
// to the next page with its line, the body ending above it; the rest of a note that does not fit
// continues at the foot of the next page, marked as continued. One pass in page order, each page
// visited once, each reference moved on at most once: nothing can loop. foot-proof.ts checks the
// printed PDF (the page of each mark from an empty marker after it). The placing runs in the page
// (page-side/foot-notes.ts and the foot-*.ts beside it); this module asks for it and keeps it.
import type { Page } from 'puppeteer-core';
import { FOOT_STORE_CLASS, hasFootStore } from '../render/place-notes.js';
import { keepChapters, keepPlacement, lastChapters, lastPlacement, placementKey } from './foot-cache.js';
import { headOf } from './page.js';
import { inPage, pageSideCode } from './page-script.js';
import { fitAndMark, fitTables, type Marked } from './layout-check.js';
import { settleKey } from './settle-cache.js';
import { applyTracks, applyVariants } from './word-spaces.js';

/** Marker ids of the note areas (start and end), removed from the final PDF with the layout markers. */
export const FOOT_MARKER_PREFIX = 'lc-foot-';

export interface PlacedNote {
  /** The note's id (its destination); its first reference's id. */
  id: string;
  refId: string;
  /**
   * An empty marker just after the reference mark, whose destination is the page of the mark: the
   * mark's own box (a superscript) stands above its line, and at the top of a page Chromium gives
   * its destination the page before.
   */
  markId: string;
  /** The area it was put in, and the area of its continuation (if it was split). */
  area: string;
  continuedIn?: string;
  /** `file:line:column` of the block holding the reference. */
  source?: string;
  label: string;
}

export interface FootArea {
  id: string;
  endId: string;
  /** After the chapter's last line, notes still continued: they may run on to the next page. */
  tail?: boolean;
}

export interface FootNotes {
  notes: PlacedNote[];
  areas: FootArea[];
  /** Notes whose reference is in no chapter's text (still in the store: not printed). */
  unplaced: Array<{ id: string; label: string }>;
  ms: number;
  /** Put in as the last build of the same HTML placed them (foot-cache.ts). */
  kept?: boolean;
  /** Of the chapters with notes, how many were put in as the last build placed them. */
  reused?: { chapters: number; of: number };
  /** The key the placement is kept under (foot-cache.ts): the print's marker places are kept under it too. */
  key?: string;
}

/** A chapter as placed (its element's HTML), what was placed in it, and the ids its markers need linked. */
export interface KeptChapter {
  html: string;
  notes: PlacedNote[];
  areas: FootArea[];
  links: string[];
}

/** What the page code (page-side/foot-notes.ts) is asked to do. */
export interface FootInPage {
  /** The class of the notes' hidden store (render/place-notes.ts). */
  store: string;
  /** Of the areas' and markers' ids. */
  prefix: string;
  /** Return the body as placed, and a hash of the body before, for the next build. */
  keep: boolean;
  /** The last build's placement from the same HTML: put in when this body is the one it started from. */
  kept?: { before: string; body: string };
  /** The last build's chapters as placed, by a hash of each as it was before (same head, browser, code). */
  chapters?: Record<string, KeptChapter>;
}

/** What the page code placed, with what the next build keeps of it. */
export type FootPlaced = FootNotes & { before: string; body?: string; chapters: Record<string, KeptChapter> };

/** What the last build knows of this page: its HTML and browser, for the placement kept (foot-cache.ts). */
export interface PlacementCache {
  /** The PDF's path (one kept placement per PDF). */
  pdf: string;
  html: string;
  browserVersion: string;
  /** A draft's page keeps its soft hyphens: another body, another key. */
  draft: boolean;
  /** What marking the layout found before placing, kept with the body. */
  marked: Marked;
}

/**
 * The key of a placement: the HTML, the browser, and the code of every step that made the body it
 * keeps (settling, fitting and marking, placing): a build that puts that body in skips them all.
 * (A step added to preparing the page belongs here.)
 */
function keyOf({ html, browserVersion, draft }: Omit<PlacementCache, 'marked' | 'pdf'>): string {
  const code = [
    draft ? 'draft' : settleKey('', browserVersion), // the settling code (the HTML is in the key)
    applyVariants,
    applyTracks,
    fitTables,
    fitAndMark,
    placeFootNotes,
    pageSideCode(), // what the steps run in the page (also in the settle key, but a draft has none)
  ];
  return placementKey(html, browserVersion, code.map(String).join('\0'));
}

/** The page as the last build of this same HTML prepared it (body, layout marks, notes placed), if kept. */
export function keptPreparation(
  cache: Omit<PlacementCache, 'marked'>,
): { body: string; marked: Marked; foot: FootNotes; key: string } | undefined {
  if (!hasFootStore(cache.html)) return undefined;
  const key = keyOf(cache);
  const last = lastPlacement(cache.pdf, key);
  return last && isFootNotes(last.foot) ? { body: last.body, marked: last.marked, foot: last.foot, key } : undefined;
}

/**
 * Place every stored note at the foot of its reference's page; undefined when the edition has no store.
 * With a cache: the placement the last build of the same HTML made, put in the page in one step.
 */
export async function placeFootNotes(page: Page, cache?: PlacementCache): Promise<FootNotes | undefined> {
  const args = { store: FOOT_STORE_CLASS, prefix: FOOT_MARKER_PREFIX };
  if (!cache || !hasFootStore(cache.html)) {
    const placed = await inPage(page, 'placeFootNotes', { ...args, keep: false });
    if (!placed || !('notes' in placed)) return undefined;
    const { before: _before, body: _body, ...foot } = placed;
    return foot;
  }
  const key = keyOf(cache);
  const last = lastPlacement(cache.pdf, key);
  const known = last && isFootNotes(last.foot) ? last : undefined;
  // The chapters the last build placed, for an edition edited since (under the head, not the HTML).
  const head = headOf(cache.html);
  const chaptersKey = head ? keyOf({ ...cache, html: head }) : undefined;
  const chapters = !known && chaptersKey ? lastChapters(cache.pdf, chaptersKey) : undefined;
  const placed = await inPage(page, 'placeFootNotes', {
    ...args,
    keep: true,
    kept: known ? { before: known.before, body: known.body } : undefined,
    chapters: chapters ? filterChapters(chapters) : undefined,
  });
  if (!placed) return undefined;
  if ('restored' in placed) return { ...(known!.foot as FootNotes), ms: placed.ms, kept: true, key };
  const { before, body, chapters: placedChapters, ...foot } = placed;
  if (body !== undefined) keepPlacement(cache.pdf, { key, before, body, foot, marked: cache.marked });
  if (chaptersKey) keepChapters(cache.pdf, { key: chaptersKey, chapters: placedChapters });
  return body === undefined ? foot : { ...foot, key };
}

/** The kept chapters of the shape the page expects (anything else is left out: placed afresh). */
function filterChapters(chapters: Record<string, unknown>): Record<string, KeptChapter> {
  const sound = (c: Partial<KeptChapter> | null): c is KeptChapter =>
    typeof c === 'object' &&
    c !== null &&
    typeof c.html === 'string' &&
    Array.isArray(c.links) &&
    c.links.every((l) => typeof l === 'string') &&
    isFootNotes({ notes: c.notes, areas: c.areas, unplaced: [] });
  return Object.fromEntries(
    Object.entries(chapters).filter((e): e is [string, KeptChapter] => sound(e[1] as Partial<KeptChapter> | null)),
  );
}

/** The shape placeFootNotes keeps (anything else read back is a miss). */
function isFootNotes(data: unknown): data is FootNotes {
  const foot = data as Partial<FootNotes> | null;
  return (
    typeof foot === 'object' &&
    foot !== null &&
    Array.isArray(foot.notes) &&
    Array.isArray(foot.areas) &&
    Array.isArray(foot.unplaced) &&
    foot.notes.every((n) => typeof n?.id === 'string' && typeof n.refId === 'string' && typeof n.markId === 'string') &&
    foot.areas.every((a) => typeof a?.id === 'string' && typeof a.endId === 'string')
  );
}

// Rivers in justified text: Chromium breaks lines greedily, and a line that cannot take its next word
// (a long Russian word, words tied by a no-break space, a word whose hyphens the settling dropped)
// spreads its slack over a few word spaces: up to six spaces wide in the ru review. After the soft
// hyphens settle (hyphens.ts; the line breaks are final), for every justified line whose widest word
// space is over MAX_SPACE_RATIO × its font's space:
// 1. if more slack than tracking can take, its paragraph is set again a little tighter or looser
//    (VARIANTS, a typesetter's "tracking a paragraph"); a variant is kept only when fewer lines stay
//    loose and every line-end hyphen still ends its line (a settled hyphen never lands mid-line);
// 2. the line gets letter-spacing of its own, capped at MAX_TRACKING_EM, so its letters share the
//    slack (InDesign's letter-spacing range and pdfTeX's font expansion do the same): its text is
//    wrapped in spans, its last letter left out so the right edge stays flush. Its content grows by
//    less than its slack, so it still fits and no line break moves.
// What was done is returned by position (element and text node indexes, offsets), so a rebuild of the
// same HTML puts it in without measuring (settle-cache.ts). The measuring runs in the page
// (page-side/word-spaces.ts). scripts/word-spaces.js measures the PDF.
import type { Page } from 'puppeteer-core';
import { inPage } from './page-script.js';

/** Widest word space wanted in a justified line, in spaces of its font. */
export const MAX_SPACE_RATIO = 2;
/** Most letter-spacing given to one loose line, in em. */
export const MAX_TRACKING_EM = 0.08;
/** Paragraph settings tried, in order, on a paragraph with more slack than tracking can take. */
export const VARIANTS = [
  'letter-spacing: -0.01em',
  'word-spacing: -0.05em',
  'letter-spacing: 0.01em',
  'letter-spacing: -0.02em',
];

/** A paragraph set again: [element index in the body, variant]. */
export type Variant = [number, number];

/** A tracked run of text: [text node index in the body, from, to, letter-spacing in px]. */
export type Track = [number, number, number, number];

export interface EvenedSpaces {
  /** Justified lines measured. */
  lines: number;
  /** Lines given letter-spacing of their own. */
  tracked: number;
  /** Lines still over the maximum. */
  loose: number;
  tracks: Track[];
  variants: Variant[];
  /** Paragraphs set again with a variant. */
  reset: number;
  /** Time in the page (measuring and choosing; the spans are written after). */
  ms: number;
}

/**
 * `page` is laid out for print with its soft hyphens settled (see hyphens.ts). The tracks are put in
 * by the next step (line-ends.ts markLineWraps, once it has searched the same layout).
 */
export function evenWordSpaces(page: Page): Promise<EvenedSpaces> {
  return inPage(page, 'evenWordSpaces', MAX_SPACE_RATIO, MAX_TRACKING_EM, VARIANTS);
}

/** Set the paragraphs evenWordSpaces set again for this same page before (see settle-cache.ts). */
export async function applyVariants(page: Page, variants: Variant[]): Promise<void> {
  if (variants.length === 0) return;
  await inPage(page, 'applyVariants', variants, VARIANTS);
}

/** Wrap each tracked run of a text node in a span with its letter-spacing (also what a rebuild of the
 * same HTML puts in, see settle-cache.ts). */
export async function applyTracks(page: Page, tracks: Track[]): Promise<void> {
  await inPage(page, 'applyTracks', tracks);
}

// Soft hyphens (inserted at render time, see render/rehype-hyphenate.ts) give justified print text
// good line breaks, but Chromium writes every one of them into the PDF text layer, so whole-word
// search and copy fail. After layout, before printing: keep only the soft hyphens that actually end a
// line, as a plain hyphen ("imple-" / "menting", like a TeX PDF) marked to be read as U+00AD
// (line-ends.ts); drop the rest. Line breaks stay
// identical: a greedy line breaker picks the same breaks when unused opportunities disappear.
// Typesetting rule on top (TeX's \doublehyphendemerits, most English house styles): at most two
// hyphenated line ends in a row; Russian book rules allow four (five in columns under 3.5 quadrats),
// and Cyrillic words are long: every hyphen dropped there left a loose line. One more than the
// language's limit loses its word's break points, the paragraph is laid out again and measured
// again, until no such run is left.
// The measurement runs in print media with the body as wide as the page's content box (print.css),
// in the page (page-side/hyphens.ts).
import type { Page } from 'puppeteer-core';
import { HYPHEN_MARKED, LINE_END_MARK } from './line-ends.js';
import { inPage } from './page-script.js';

export interface HyphenCleanup {
  /** Where each soft-hyphenated text node ended up, in document order (see settle-cache.ts). */
  settled: SettledText;
  /** Soft hyphens that ended a line, now plain hyphens. */
  kept: number;
  /** Soft hyphens that did not end a line, removed. */
  removed: number;
  /** Words whose break points were dropped to end a run of three hyphenated lines. */
  unhyphenated: number;
}

/** The settled text of every text node that had soft hyphens, in document order, and where in it the
 * kept hyphens are (each a line end). */
export interface SettledText {
  texts: string[];
  ends: number[][];
}

/** Most hyphenated line ends in a row, by language (the block's `lang`, primary subtag). */
export const MAX_HYPHENS_IN_A_ROW: Record<string, number> = { default: 2, ru: 4, kk: 4 };

/** `page` is in print media already (see page.ts), so the lines measured are the lines printed. */
export function settleSoftHyphens(page: Page): Promise<HyphenCleanup> {
  return inPage(page, 'settleSoftHyphens', MAX_HYPHENS_IN_A_ROW, HYPHEN_MARKED);
}

/**
 * Put a settling found before (same page, see settle-cache.ts) into the page's text: only when the
 * same text nodes hold the same letters (hyphens aside), else nothing is changed and the answer is
 * false. No layout: with the body just put in, the first layout is the settled one.
 */
export function putSettled(page: Page, settled: SettledText): Promise<boolean> {
  return inPage(page, 'putSettled', settled.texts, settled.ends, LINE_END_MARK);
}

/** Whether every kept hyphen of the settling putSettled put in still ends its line (lays the page out). */
export function settledHold(page: Page, settled: SettledText): Promise<boolean> {
  return inPage(page, 'settledHold', settled.ends, HYPHEN_MARKED);
}

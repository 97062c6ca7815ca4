// Tagged PDF wants text that reads right when its characters are taken in order (ISO 32000-1,
// 14.8.2.5 and 14.8.2.2.3): a space where a line wraps between words, a soft hyphen (U+00AD) where
// hyphenation divided a word. Chromium writes neither: the space at a wrap is not painted, and a kept
// hyphen is the plain hyphen of the print DOM (hyphens.ts). Skia, though, writes an ActualText span
// around every glyph cluster whose text is not its glyph's own. So the print DOM gets invisible marks
// at such line ends, and the content-stream pass (artifacts.ts, rewriteLineEnds) turns Skia's spans
// into what they stand for:
// - a wrap after a letter of a script that does not join: ZERO WIDTH JOINER, which joins the letter's
//   cluster (`/ActualText (d<ZWJ>)` → "d "). Before the wrap's space it changes no line break (the
//   break is after the space) and, in these scripts, no glyph;
// - a wrap after any other letter (Arabic, Indic…, where ZWJ would change the letter's form): two
//   ZERO WIDTH NON-JOINERs, each its own zero-width cluster → a space;
// - a kept hyphen: three ZWNJs after it → the hyphen glyph read as U+00AD. (ZWJ there would forbid
//   the break after the hyphen.)
// Both are set by Chromium as zero-width glyphs of the letter's own font: no fallback font, so no
// other glyph moves (COMBINING GRAPHEME JOINER, set from a fallback font, moved a contents line).
import type { Page } from 'puppeteer-core';
import { inPage } from './page-script.js';

/** The mark: U+200C ZERO WIDTH NON-JOINER. */
export const LINE_END_MARK = '\u200C';
/** A line that wraps at a space, after a letter of a joining script: two marks after it. */
export const WRAP_MARK = LINE_END_MARK.repeat(2);
/** A line that wraps at a space after a letter of a script that does not join: U+200D ZERO WIDTH JOINER. */
export const WRAP_JOINER = '\u200D';
/** Letters after which a joiner changes nothing: Latin, Greek, Cyrillic, Armenian, punctuation, symbols. */
const NOT_JOINING = String.raw`[\u0000-\u058F\u1D00-\u1FFF\u2000-\u2BFF\u2C60-\u2C7F\u2DE0-\u2DFF\uA640-\uA69F\uA720-\uA7FF]`;
/** A kept hyphen, as hyphens.ts writes it: the hyphen and three marks. */
export const HYPHEN_MARKED = `-${LINE_END_MARK.repeat(3)}`;

const MARKS = { plain: NOT_JOINING, joiner: WRAP_JOINER, pair: WRAP_MARK };

/** The marks as the page code takes them (page-side/line-ends.ts). */
export type Marks = typeof MARKS;

/** Where marks went: [index of the text node among the body's text nodes, offsets in it]. */
export type LineWraps = Array<[number, number[]]>;

/**
 * Find every line that wraps at a space (in text whose spaces collapse) and mark its last letter.
 * One measurement per block and about log2(spaces) per wrapped line: the lines of a text node are
 * in order, so the first space whose next letter is on a lower line is found by halving. `later`: put
 * in by the next step asked of the page (fitAndMark, after its reads), not laid out for in between.
 * fitAndMark's reads are made before the tracks go in: when it has nothing to wrap or clip, it reads
 * nothing, and no layout has the tracks before the marks and markers. `hide`: the page hidden then
 * too, once the tracks are in (fitAndMark asked next, with `hide`): no layout has the tracks.
 */
export function markLineWraps(
  page: Page,
  { later = false, hide = false }: { later?: boolean; hide?: boolean } = {},
): Promise<LineWraps> {
  return inPage(page, 'markLineWraps', MARKS, later, hide);
}

/**
 * Put marks found before (same page: see settle-cache.ts) into the page. False, with the page
 * untouched, when a mark would not follow a letter of the same text nodes.
 */
export function applyLineWraps(page: Page, wraps: LineWraps): Promise<boolean> {
  return inPage(page, 'applyLineWraps', wraps, MARKS);
}

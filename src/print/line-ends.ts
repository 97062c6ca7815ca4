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

/** Where marks went: [index of the text node among the body's text nodes, offsets in it]. */
export type LineWraps = Array<[number, number[]]>;

/**
 * Find every line that wraps at a space (in text whose spaces collapse) and mark its last letter.
 * One measurement per block and about log2(spaces) per wrapped line: the lines of a text node are
 * in order, so the first space whose next letter is on a lower line is found by halving.
 */
export async function markLineWraps(page: Page): Promise<LineWraps> {
  return page.evaluate((marks) => {
    const plain = new RegExp(marks.plain);
    const markAfter = (c: string) => (plain.test(c) ? marks.joiner : marks.pair);
    // The node replaced by a new one with the marks: Chromium shapes it as on a first layout (text
    // inserted into a node reshaped only that node, which moved a contents title 0.2 pt).
    const marked = (node: Text, offsets: number[]) => {
      let data = node.data;
      for (const at of [...offsets].reverse()) data = data.slice(0, at) + markAfter(data[at - 1]!) + data.slice(at);
      node.replaceWith(document.createTextNode(data));
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
    const styles = new Map<Element, CSSStyleDeclaration>();
    const style = (el: Element) => {
      let s = styles.get(el);
      if (!s) styles.set(el, (s = getComputedStyle(el)));
      return s;
    };
    const blockOf = (node: Text): Element => {
      let el = node.parentElement!;
      // Up through inline boxes only: an inline-block (a hanging number) is a block of its own.
      while (el.parentElement && style(el).display === 'inline') el = el.parentElement;
      return el;
    };
    // A letter: a text node and an offset in it. A gap: a run of spaces between two letters of a block.
    type At = { node: number; at: number };
    type Gap = { before: At; after: At };
    const range = document.createRange();
    const box = ({ node, at }: At) => {
      range.setStart(nodes[node]!, at);
      range.setEnd(nodes[node]!, at + 1);
      const rects = range.getClientRects();
      return rects[rects.length - 1];
    };
    const blocks = new Map<Element, Gap[]>();
    let block: Element | undefined;
    let last: At | undefined;
    let spaced = false;
    nodes.forEach((node, i) => {
      const parent = node.parentElement;
      if (!parent || style(parent).whiteSpaceCollapse !== 'collapse' || parent.closest('script, style, svg, math'))
        return;
      const own = blockOf(node);
      if (own !== block) {
        block = own;
        last = undefined;
        spaced = false;
      }
      const data = node.data;
      for (let at = 0; at < data.length; at += 1) {
        const c = data.charCodeAt(at);
        if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) spaced = true;
        else {
          if (spaced && last) {
            const gaps = blocks.get(own) ?? [];
            gaps.push({ before: last, after: { node: i, at } });
            blocks.set(own, gaps);
          }
          last = { node: i, at };
          spaced = false;
        }
      }
    });
    const wraps = new Map<number, number[]>();
    for (const gaps of blocks.values()) {
      let line = box(gaps[0]!.before);
      // Is the letter after gap g on a lower line than `line`?
      const below = (g: number) => {
        const next = box(gaps[g]!.after);
        return Boolean(line && next && next.top - line.top > line.height / 2);
      };
      // The first gap at or after `from` that wraps, searched from `guess` outwards (lines of a block
      // hold about as many words each); -1 when none does.
      const firstBelow = (from: number, guess: number): number => {
        const last = gaps.length - 1;
        let lo: number;
        let hi = Math.min(Math.max(guess, from), last);
        if (below(hi)) {
          for (let step = 1; ; step *= 2) {
            lo = hi - step;
            if (lo < from || !below(lo)) break;
            hi = lo;
          }
          lo = Math.max(lo + 1, from);
        } else {
          lo = hi + 1;
          for (let step = 1; ; step *= 2) {
            if (lo > last) return -1;
            hi = Math.min(lo + step - 1, last);
            if (below(hi)) break;
            lo = hi + 1;
          }
        }
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (below(mid)) hi = mid;
          else lo = mid + 1;
        }
        return hi;
      };
      let from = 0;
      let perLine = 8;
      while (line && from < gaps.length) {
        const g = firstBelow(from, from + perLine - 1);
        if (g < 0) break;
        const { before, after } = gaps[g]!;
        // The letter before the gap on a lower line too: the line broke earlier, not at a space
        // (a hyphen, a dash); search again from that letter's line.
        const start = box(before);
        if (start && line && start.top - line.top > line.height / 2) {
          line = start;
          from = g;
          continue;
        }
        wraps.set(before.node, [...(wraps.get(before.node) ?? []), before.at + 1]);
        perLine = g - from + 1;
        line = box(after);
        from = g + 1;
      }
    }
    // Marks go in last to first within a node, so the offsets found stay right.
    for (const [node, offsets] of wraps) marked(nodes[node]!, offsets);
    return [...wraps];
  }, MARKS);
}

/**
 * Put marks found before (same page: see settle-cache.ts) into the page. False, with the page
 * untouched, when a mark would not follow a letter of the same text nodes.
 */
export async function applyLineWraps(page: Page, wraps: LineWraps): Promise<boolean> {
  return page.evaluate(
    (wraps, marks) => {
      const plain = new RegExp(marks.plain);
      const markAfter = (c: string) => (plain.test(c) ? marks.joiner : marks.pair);
      const marked = (node: Text, offsets: number[]) => {
        let data = node.data;
        for (const at of [...offsets].reverse()) data = data.slice(0, at) + markAfter(data[at - 1]!) + data.slice(at);
        node.replaceWith(document.createTextNode(data));
      };
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const nodes: Text[] = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
      const fits = wraps.every(([node, offsets]) => {
        const data = nodes[node]?.data;
        return data !== undefined && offsets.every((at) => at > 0 && at <= data.length && /\S/.test(data[at - 1]!));
      });
      if (!fits) return false;
      for (const [node, offsets] of wraps) marked(nodes[node]!, offsets);
      return true;
    },
    wraps,
    MARKS,
  );
}

// Marking line wraps in the print page (see ../line-ends.ts for the marks and why): every line that
// wraps at a space gets a mark after its last letter, found with few layout reads.
import type { LineWraps, Marks } from '../line-ends.js';
import { isBelow, letterBox, textNodes } from './text.js';

/** A letter: a text node (its index) and an offset in it. */
type At = { node: number; at: number };
/** A run of spaces between two letters of a block. */
type Gap = { before: At; after: At };

/**
 * The node replaced by a new one with the marks, last to first so the offsets stay right: Chromium
 * shapes it as on a first layout (text inserted into a node reshaped only that node, which moved a
 * contents title 0.2 pt).
 */
function putMarks(node: Text, offsets: number[], marks: Marks): void {
  const plain = new RegExp(marks.plain);
  let data = node.data;
  for (const at of [...offsets].reverse())
    data = data.slice(0, at) + (plain.test(data[at - 1]!) ? marks.joiner : marks.pair) + data.slice(at);
  node.replaceWith(document.createTextNode(data));
}

/** Each block's gaps between letters, in text whose spaces collapse (not in scripts, styles, SVG, math). */
function gapsByBlock(nodes: Text[]): Gap[][] {
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
  return [...blocks.values()];
}

/**
 * The first gap at or after `from` for which `below` holds, searched from `guess` outwards (lines of
 * a block hold about as many words each, so a few steps bracket it), then by halving; -1 when none.
 */
function firstBelow(count: number, below: (g: number) => boolean, from: number, guess: number): number {
  const last = count - 1;
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
}

/** The wraps of one block's lines, added to `wraps`: line by line, the first gap whose next letter is lower. */
function blockWraps(gaps: Gap[], box: (at: At) => DOMRect | undefined, wraps: Map<number, number[]>): void {
  let line = box(gaps[0]!.before);
  // Is the letter after gap g on a lower line than `line`?
  const below = (g: number) => isBelow(line, box(gaps[g]!.after));
  let from = 0;
  let perLine = 8;
  while (line && from < gaps.length) {
    const g = firstBelow(gaps.length, below, from, from + perLine - 1);
    if (g < 0) break;
    const { before, after } = gaps[g]!;
    // The letter before the gap on a lower line too: the line broke earlier, not at a space
    // (a hyphen, a dash); search again from that letter's line.
    const start = box(before);
    if (isBelow(line, start)) {
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

/**
 * Every line that wraps at a space, its last letter marked. One measurement per block and about
 * log2(spaces) per wrapped line: the lines of a text node are in order.
 */
export function markLineWraps(marks: Marks): LineWraps {
  const nodes = textNodes();
  const range = document.createRange();
  const box = ({ node, at }: At) => letterBox(range, nodes[node]!, at);
  const wraps = new Map<number, number[]>();
  for (const gaps of gapsByBlock(nodes)) blockWraps(gaps, box, wraps);
  for (const [node, offsets] of wraps) putMarks(nodes[node]!, offsets, marks);
  return [...wraps];
}

/** Marks found before put in; false, with the page untouched, when one would not follow a letter. */
export function applyLineWraps(wraps: LineWraps, marks: Marks): boolean {
  const nodes = textNodes();
  const fits = wraps.every(([node, offsets]) => {
    const data = nodes[node]?.data;
    return data !== undefined && offsets.every((at) => at > 0 && at <= data.length && /\S/.test(data[at - 1]!));
  });
  if (!fits) return false;
  for (const [node, offsets] of wraps) putMarks(nodes[node]!, offsets, marks);
  return true;
}

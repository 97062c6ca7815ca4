// What every step in the print page shares: the body's text nodes in document order, a letter's box,
// and whether one box sits on a lower line than another.

/** U+00AD SOFT HYPHEN, as render/rehype-hyphenate.ts inserts it. */
export const SOFT = '\u00AD';

/** The body's text nodes in document order (those `keep` takes). */
export function textNodes(keep: (node: Text) => boolean = () => true): Text[] {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (keep(n as Text)) nodes.push(n as Text);
  return nodes;
}

/** The body's text nodes that hold a soft hyphen. */
export function softHyphenated(): Text[] {
  return textNodes((node) => node.data.includes(SOFT));
}

/**
 * The last rect of the one-letter range at `at`: a range just after a line-end soft hyphen also
 * reports a rect on the line before.
 */
export function letterBox(range: Range, node: Text, at: number): DOMRect | undefined {
  range.setStart(node, at);
  range.setEnd(node, at + 1);
  const rects = range.getClientRects();
  return rects[rects.length - 1];
}

/** Whether `next` is on a lower line than `line` (lower by more than half the line's height). */
export function isBelow(line: DOMRect | undefined, next: DOMRect | undefined): boolean {
  return Boolean(line && next && next.top - line.top > line.height / 2);
}

/**
 * Where lines start, as word-spaces.ts found them, for line-ends.ts: the letters' offsets in the
 * body's text (its text nodes joined in document order, which wrapping runs in spans does not change),
 * and that text's length when they were found. Only guesses: line-ends.ts checks every one, so a
 * stale or wrong one costs a few more reads, never another mark.
 */
interface LineStarts {
  length: number;
  at: Set<number>;
}

type LinesWindow = Window & { briefingLineStarts?: LineStarts };

/** Each node's offset in the body's text (the nodes of textNodes(), in order), and that text's length. */
export function textOffsets(nodes: Text[]): { base: number[]; length: number } {
  const base: number[] = [];
  let length = 0;
  for (const node of nodes) {
    base.push(length);
    length += node.data.length;
  }
  return { base, length };
}

/** Keep the line starts found (offsets in the body's text of `length`) for the next step. */
export function keepLineStarts(length: number, at: Set<number>): void {
  (window as LinesWindow).briefingLineStarts = { length, at };
}

/** The line starts kept, once and in order, if the body's text still has their length. */
export function takeLineStarts(length: number): number[] | undefined {
  const kept = (window as LinesWindow).briefingLineStarts;
  delete (window as LinesWindow).briefingLineStarts;
  return kept && kept.length === length ? [...kept.at].sort((a, b) => a - b) : undefined;
}

/** A font's letters' widths (Latin and Cyrillic in an array, others in a map), each measured once. */
interface FontWidths {
  font: string;
  letters: Float64Array;
  others: Map<number, number>;
}

/** Latin (to U+017F) and Cyrillic (U+0400–U+04FF) letters' compact index; -1 for others. */
const compact = (c: number) => (c < 0x180 ? c : c >= 0x400 && c < 0x500 ? c - 0x280 : -1);
const COMPACT = 0x280;

/** The fonts' letters measured in this document (the next call's blocks use the same fonts). */
const fontWidths = new Map<string, FontWidths>();
let canvas: { context: CanvasRenderingContext2D; font: string } | undefined;

/** Spaces a line may break at (a no-break space is a letter here). */
export const breaks = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;

/** A block's text as set unjustified: the width before each letter, and where each word ends. */
export interface Natural {
  before: Float64Array;
  /** After each word: at the space that follows it, or just after a hyphen or dash (and a kept hyphen's marks). */
  ends: number[];
}

/**
 * Blocks' text as wide as it is set unjustified: the sum of its letters' canvas widths in their
 * elements' fonts (white space collapsed; kerning left out: measuring each pair cost more than the
 * reads it saved). For guesses only: a wrong one costs reads, never a line.
 */
export function naturalWidths(): (b: { nodes: Text[]; text: string }) => Natural {
  const fonts = new Map<Element, FontWidths>();
  const measure = (f: FontWidths, c: number) => {
    canvas ??= { context: document.createElement('canvas').getContext('2d')!, font: '' };
    if (f.font !== canvas.font) canvas.context.font = canvas.font = f.font;
    return canvas.context.measureText(String.fromCharCode(c)).width;
  };
  const fontOf = (el: Element) => {
    let f = fonts.get(el);
    if (!f) {
      const style = getComputedStyle(el);
      const font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      if (!fontWidths.has(font))
        fontWidths.set(font, { font, letters: new Float64Array(COMPACT).fill(NaN), others: new Map() });
      fonts.set(el, (f = fontWidths.get(font)!));
    }
    return f;
  };
  return ({ nodes, text }) => {
    const before = new Float64Array(text.length + 1);
    const ends: number[] = [];
    let w = 0;
    let at = 0;
    let spaced = true;
    for (const node of nodes) {
      const f = fontOf(node.parentElement!);
      for (let stop = at + node.data.length; at < stop; at += 1) {
        before[at] = w;
        const c = text.charCodeAt(at);
        const space = breaks(c);
        if (space && spaced) continue;
        const i = compact(space ? 0x20 : c);
        let width = i < 0 ? f.others.get(c) : f.letters[i]!;
        if (width === undefined || Number.isNaN(width)) {
          width = measure(f, space ? 0x20 : c);
          if (i < 0) f.others.set(c, width);
          else f.letters[i] = width;
        }
        w += width;
        if (space) ends.push(at);
        spaced = space;
        // A line may break after a hyphen or dash too (after a kept hyphen's marks).
        if (space || text.charCodeAt(at + 1) === 0x200c || at + 1 >= text.length) continue;
        let h = at;
        while (h > 0 && text.charCodeAt(h) === 0x200c) h -= 1;
        const d = text.charCodeAt(h);
        if (d === 0x2d || d === 0x2013 || d === 0x2014) ends.push(at + 1);
      }
    }
    before[at] = w;
    if (!spaced) ends.push(at);
    return { before, ends };
  };
}

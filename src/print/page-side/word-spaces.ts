// Evening word spaces in the print page (see ../word-spaces.ts for the rules): each justified line's
// letters found by layout reads, its widest space measured, a paragraph with too much slack set again
// with a variant, and the loose lines given letter-spacing of their own.
import type { EvenedSpaces, Track, Variant } from '../word-spaces.js';
import {
  firstAtOrBelow,
  firstOver,
  keepLetterBoxes,
  keepLineStarts,
  keepMeasuredBlocks,
  readOnce,
  textOffsets,
  type LetterBoxes,
  type MeasuredBlocks,
  type Upright,
} from './text.js';

interface Line {
  from: number;
  /** The line's last letter. */
  to: number;
  gaps: number;
  ratio: number;
  width: number;
  normal: number;
}

/** A line box of a block: its left and right edges, middle and bottom, in the viewport when it was read. */
interface Row {
  left: number;
  right: number;
  mid: number;
  bottom: number;
}

type CharAt = (index: number) => { node: Text; at: number };

/** A letter's row (rows.length when below them all) and left edge; none when collapsed. */
type BoxAt = (index: number) => { row: number; left: number; width: number } | undefined;

/** A block's lines but its last, and each line's first letter (its last line's too). */
interface Measured {
  lines: Line[];
  starts: number[];
}

/** A justified block's text: its text nodes, their letters joined, and where each node starts in it. */
interface BlockText {
  block: Element;
  nodes: Text[];
  text: string;
  base: number[];
}

/** What the measuring steps share. */
interface Measuring {
  range: Range;
  /** window.scrollY when the rows were read (a hit test may scroll after). */
  rowsScrolled: number;
  /** window.scrollY now: read once a block and after each hit test, not at every letter (~10 % of a read). */
  scrolled: number;
  /** The font's own space of an element, unjustified. */
  spaceOf: (el: Element) => number;
  /** A block's text as set unjustified (canvas): for guesses only. */
  natural: (b: BlockText) => Natural;
  /** The letters' boxes read on this layout, for line-ends.ts (text.ts keepLetterBoxes). */
  letters: LetterBoxes;
}

const isSpace = (c: string) => c === ' ' || c === '\u00A0';

/** The last index of non-decreasing `values` whose value is at most `at` (by halving: a block's nodes can be many). */
function lastAtMost(values: number[], at: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The first row whose bottom is below `mid` (rows.length when none): rowsOf's bottoms only grow. */
function rowAt(rows: { bottom: number }[], mid: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const half = (lo + hi) >> 1;
    if (mid < rows[half]!.bottom) hi = half;
    else lo = half + 1;
  }
  return lo;
}

/**
 * Each element's font as canvas takes it, read once for both its space (fontSpaces) and its letters
 * (naturalWidths): each read its four properties, ~10 % of this step.
 */
function fontNames(): (el: Element) => string {
  return readOnce((el) => {
    const style = getComputedStyle(el);
    return `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  });
}

/** The font's own space, unjustified (canvas text never is), per element. */
function fontSpaces(fontOf: (el: Element) => string): (el: Element) => number {
  const canvas = document.createElement('canvas').getContext('2d')!;
  const spaceWidths = new Map<string, number>();
  return readOnce((el) => {
    const font = fontOf(el);
    if (!spaceWidths.has(font)) {
      canvas.font = font;
      spaceWidths.set(font, canvas.measureText(' ').width);
    }
    return spaceWidths.get(font)!;
  });
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
const breaks = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;

/** A block's text as set unjustified: the width before each letter, and where each word ends. */
interface Natural {
  before: Float64Array;
  /** After each word: at the space that follows it, or just after a hyphen or dash (and a kept hyphen's marks). */
  ends: number[];
}

/**
 * Blocks' text as wide as it is set unjustified: the sum of its letters' canvas widths in their
 * elements' fonts (white space collapsed; kerning left out: measuring each pair cost more than the
 * reads it saved). For guesses only: a wrong one costs reads, never a line.
 */
function naturalWidths(fontName: (el: Element) => string): (b: BlockText) => Natural {
  const fonts = new Map<Element, FontWidths>();
  const measure = (f: FontWidths, c: number) => {
    canvas ??= { context: document.createElement('canvas').getContext('2d')!, font: '' };
    if (f.font !== canvas.font) canvas.context.font = canvas.font = f.font;
    return canvas.context.measureText(String.fromCharCode(c)).width;
  };
  const fontOf = (el: Element) => {
    let f = fonts.get(el);
    if (!f) {
      const font = fontName(el);
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

/** Justified blocks and their text, in document order (code and spaced-out text left alone). */
function justifiedBlocks(texts: Text[]): Map<Element, Text[]> {
  const blocksOf = new Map<Element, Element>();
  const blockOf = (node: Node): Element => {
    const parent = node.parentElement!;
    let el = blocksOf.get(parent) ?? parent;
    while (el.parentElement && getComputedStyle(el).display.startsWith('inline')) el = el.parentElement;
    blocksOf.set(parent, el);
    return el;
  };
  // Each parent's block (null: none justified here), looked up once: a parent holds many nodes.
  const justified = new Map<Element, Element | null>();
  const justifiedOf = (node: Text, parent: Element): Element | null => {
    let block = justified.get(parent);
    if (block !== undefined) return block;
    block =
      parent.closest('code, pre, .katex, math, svg') || getComputedStyle(parent).letterSpacing !== 'normal'
        ? null
        : blockOf(node);
    if (block && getComputedStyle(block).textAlign !== 'justify') block = null;
    justified.set(parent, block);
    return block;
  };
  const blocks = new Map<Element, Text[]>();
  for (const node of texts) {
    const parent = node.parentElement;
    if (!parent || !node.data.trim()) continue;
    const block = justifiedOf(node, parent);
    if (!block) continue;
    const list = blocks.get(block);
    if (list) list.push(node);
    else blocks.set(block, [node]);
  }
  return blocks;
}

/**
 * Each line's first letter by bisection on the letters' boxes (layout only: after a paragraph is set
 * again, a hit test would also repaint the page). Letters without a box (collapsed white space) count
 * as on the line after.
 */
function searchStarts(m: Measuring, rows: Row[], length: number, charAt: CharAt): number[] {
  const lineOf = (index: number) => {
    const { node, at } = charAt(index);
    m.range.setStart(node, at);
    m.range.setEnd(node, at + 1);
    const rects = m.range.getClientRects();
    const r = rects[rects.length - 1];
    return rowAt(rows, r && r.height > 0 ? r.top + r.height / 2 : Infinity);
  };
  const starts: number[] = [];
  let lo = 0;
  for (let row = 0; row < rows.length; row += 1) {
    let hi = length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lineOf(mid) >= row) hi = mid;
      else lo = mid + 1;
    }
    starts.push(lo);
    lo += 1;
  }
  return starts;
}

/** A letter's box: its row (rows.length when below them all) and left edge; none when collapsed. */
function boxOf(m: Measuring, rows: { bottom: number }[], index: number, charAt: CharAt) {
  const { node, at } = charAt(index);
  m.range.setStart(node, at);
  m.range.setEnd(node, at + 1);
  const rects = m.range.getClientRects();
  const r = rects[rects.length - 1];
  let kept = m.letters.get(node);
  if (!kept) m.letters.set(node, (kept = new Map<number, Upright | null>()));
  kept.set(at, r ? { top: r.top + m.scrolled, height: r.height } : null);
  if (!r || r.height <= 0) return undefined;
  return { row: rowAt(rows, r.top + r.height / 2 + m.scrolled - m.rowsScrolled), left: r.left, width: r.width };
}

/**
 * The first letter of row `r` by bisection on the letters' boxes (layout reads only, no hit test: a
 * hit test scrolls the line into view and brings the page's painting up to date, ~4 × the cost).
 * Undefined unless it is certainly the letter a hit test at the row's left edge finds: a letter at
 * least 2 px wide whose box starts the row, the letters before it collapsed or on earlier rows.
 */
function firstOnRow(rows: Row[], r: number, from: number, guess: number, text: string, boxAt: BoxAt) {
  // A guess at the space that breaks the line (nextLineGuess), its letter before on an earlier row
  // and its letter after starting this one: what the search finds (the letter after the space,
  // whichever row the space's own box is on), in two reads, not three.
  if (guess > 0 && guess >= from && guess + 1 < text.length && text[guess] === ' ' && !isSpace(text[guess + 1]!)) {
    const before = boxAt(guess - 1);
    const after = boxAt(guess + 1);
    if (before && before.row < r && after && after.row === r && after.width >= 2) {
      if (Math.abs(after.left - rows[r]!.left) <= 0.5) return guess + 1;
    }
  }
  const onOrAfter = (index: number) => (boxAt(index)?.row ?? rows.length) >= r;
  let lo = firstAtOrBelow(onOrAfter, from, text.length, guess);
  if (lo > 0 && (boxAt(lo - 1)?.row ?? r) >= r) return undefined;
  // The space that breaks the line: collapsed, or a box of no width (the letter after it must
  // still start the row).
  for (let skipped = 0; lo < text.length && skipped < 4; skipped += 1, lo += 1) {
    const box = boxAt(lo);
    if (box && !isSpace(text[lo]!)) {
      const starts = box.row === r && box.width >= 2 && Math.abs(box.left - rows[r]!.left) <= 0.5;
      return starts ? lo : undefined;
    }
  }
  return undefined;
}

/** The first letter of a row by a hit test at its left edge (the line scrolled into view first). */
function hitStart(m: Measuring, row: Row, scrolled: number, nodes: Text[], base: number[]): number | undefined {
  // Hit tests see only the viewport: the line is scrolled into it.
  let y = row.mid + scrolled - window.scrollY;
  if (y < 0 || y >= window.innerHeight) {
    window.scrollTo(0, window.scrollY + y - window.innerHeight / 2);
    y = row.mid + scrolled - window.scrollY;
  }
  const hit = document.caretPositionFromPoint(row.left + 1, y);
  m.scrolled = window.scrollY;
  const i = hit ? nodes.indexOf(hit.offsetNode as Text) : -1;
  return hit && i >= 0 ? base[i]! + hit.offset : undefined;
}

/** The block's line boxes in one call: a new row when a box is lower by half its height. */
function rowsOf(m: Measuring, block: Element): Row[] {
  m.range.selectNodeContents(block);
  const rows: Row[] = [];
  for (const r of m.range.getClientRects()) {
    if (r.width === 0 || r.height === 0) continue;
    const row = rows[rows.length - 1];
    if (row && r.top + r.height / 2 < row.bottom) row.left = Math.min(row.left, r.left);
    else rows.push({ left: r.left, right: r.right, mid: r.top + r.height / 2, bottom: r.bottom });
    rows[rows.length - 1]!.right = Math.max(rows[rows.length - 1]!.right, r.right);
  }
  return rows;
}

/**
 * Where the line after the one starting at `from` (as wide as `row`) would start were its words set
 * greedily at their natural widths, as Chromium breaks lines (the end of its last word: the space
 * after it counts as on the next line): a guess for firstOnRow, which a line set otherwise (a break
 * elsewhere, a box inside) costs only reads.
 */
function nextLineGuess(natural: Natural, text: string, from: number, row: Row): number {
  const { before, ends } = natural;
  let start = from;
  while (start < text.length && breaks(text.charCodeAt(start))) start += 1;
  const room = before[start]! + (row.right - row.left);
  // The line's first word goes on it whatever its width; then every word that fits.
  let lo = firstOver(ends, start);
  let hi = ends.length;
  if (lo >= hi) return text.length;
  while (lo + 1 < hi) {
    const mid = (lo + hi) >> 1;
    if (before[ends[mid]!]! <= room) lo = mid;
    else hi = mid;
  }
  return lo + 1 < ends.length ? ends[lo]! : text.length;
}

/** Each row's first letter: by bisection, or a hit test at its left edge when that is unsure. */
function rowStarts(m: Measuring, rows: Row[], scrolled: number, b: BlockText, charAt: CharAt): number[] | undefined {
  const { nodes, text, base } = b;
  // A letter's box read once: the search asks for those around a line's start twice.
  const boxes = new Map<number, ReturnType<BoxAt>>();
  const boxAt = (index: number) => {
    if (!boxes.has(index)) boxes.set(index, boxOf(m, rows, index, charAt));
    return boxes.get(index);
  };
  const starts: number[] = [];
  let natural: Natural | undefined;
  for (let r = 0; r < rows.length; r += 1) {
    const from = r === 0 ? 0 : starts[r - 1]! + 1;
    const guess = r === 0 ? 0 : nextLineGuess((natural ??= m.natural(b)), text, starts[r - 1]!, rows[r - 1]!);
    const found = firstOnRow(rows, r, from, guess, text, boxAt) ?? hitStart(m, rows[r]!, scrolled, nodes, base);
    if (found === undefined) return undefined;
    starts.push(found);
  }
  return starts;
}

/** The lines from their first letters (the last line left out: it is set with natural spaces). */
function linesFrom(m: Measuring, starts: number[], text: string, charAt: CharAt): Line[] {
  const lines: Line[] = [];
  for (let i = 0; i + 1 < starts.length; i += 1) {
    let to = starts[i + 1]! - 1;
    // The space that breaks the line, and the marks after a kept hyphen (line-ends.ts: `-` + ZWNJs).
    while (to > starts[i]! && (isSpace(text[to]!) || text[to] === '\u200C')) to -= 1;
    let gaps = 0;
    let probe = -1;
    for (let at = starts[i]!; at < to; at += 1) {
      if (!isSpace(text[at]!)) continue;
      gaps += 1;
      probe = at;
    }
    if (gaps === 0) continue;
    // Chromium shares a line's slack evenly among its spaces: one of them tells the line.
    const { node, at } = charAt(probe);
    m.range.setStart(node, at);
    m.range.setEnd(node, at + 1);
    const width = m.range.getBoundingClientRect().width;
    const normal = m.spaceOf(node.parentElement!);
    lines.push({ from: starts[i]!, to, gaps, ratio: width / normal, width, normal });
  }
  return lines;
}

/** The block's lines but its last (set with natural spaces); undefined when they cannot be told. */
function measure(m: Measuring, b: BlockText, search = false): Measured | undefined {
  const { nodes, text, base } = b;
  const charAt = (index: number) => {
    const i = lastAtMost(base, index);
    return { node: nodes[i]!, at: index - base[i]! };
  };
  const scrolled = window.scrollY;
  const rows = rowsOf(m, b.block);
  m.rowsScrolled = scrolled;
  // (After the rows' read: a layout it brought about may have scrolled the page.)
  m.scrolled = window.scrollY;
  const starts = search ? searchStarts(m, rows, text.length, charAt) : rowStarts(m, rows, scrolled, b, charAt);
  // A line found out of order (a float, a box inside): the block is left as it is.
  if (!starts || starts.some((at, i) => i > 0 && at <= starts[i - 1]!)) return undefined;
  return { lines: linesFrom(m, starts, text, charAt), starts };
}

/** The limits evenWordSpaces was given. */
interface Limits {
  maxRatio: number;
  maxTracking: number;
  variants: string[];
}

/**
 * The letter-spacing that brings a loose line's widest space to 0.9 × the maximum. Each of its m
 * characters (k of them spaces) grows by t, so each of its k gaps takes (m·t)/k less slack, and is t
 * wider itself and t wider after the letter before it: 2t. Its last letter keeps none (that would
 * pull it off the right edge).
 */
function want(l: Line, maxRatio: number): number {
  return l.ratio <= maxRatio * 0.95
    ? 0
    : l.to - l.from > 2 * l.gaps
      ? ((l.width - 0.9 * maxRatio * l.normal) * l.gaps) / (l.to - l.from - 2 * l.gaps)
      : Infinity;
}

/** Lines over the maximum after capped tracking, and the widest space then. */
function score(lines: Line[], cap: number, maxRatio: number): number[] {
  const after = lines.map((l) => {
    const t = Math.min(want(l, maxRatio), cap);
    return (l.width - (t * (l.to - l.from - 2 * l.gaps)) / l.gaps) / l.normal;
  });
  return [after.filter((r) => r > maxRatio).length, Math.max(0, ...after)];
}

/** The best of the variants for a paragraph, if one is better: every line-end hyphen still ends its line. */
function reset(m: Measuring, b: BlockText, lines: Line[], limits: Limits) {
  const el = b.block as HTMLElement;
  const original = el.style.cssText;
  const cap = limits.maxTracking * parseFloat(getComputedStyle(b.block).fontSize);
  const hyphens = lines.filter((l) => b.text[l.to] === '-').map((l) => l.to);
  // Its letters' boxes are read again by line-ends.ts; a variant that changes its height moves
  // every box after it, read before or not (a box beside it, in a table row, too).
  for (const node of b.nodes) m.letters.delete(node);
  const height = el.getBoundingClientRect().height;
  let best: { variant: number; measured: Measured; score: number[] } | undefined;
  let bar = score(lines, cap, limits.maxRatio);
  limits.variants.forEach((variant, v) => {
    if (bar[0] === 0) return; // the first that leaves no line loose is taken
    el.style.cssText = `${original};${variant}`;
    const tried = measure(m, b, true);
    if (!tried || !hyphens.every((at) => tried.lines.some((l) => l.to === at))) return;
    const got = score(tried.lines, cap, limits.maxRatio);
    if (got[0]! < bar[0]! || (got[0] === bar[0] && got[1]! < bar[1]! - 0.1)) {
      best = { variant: v, measured: tried, score: got };
      bar = got;
    }
  });
  el.style.cssText = best ? `${original};${limits.variants[best.variant]}` : original;
  const now = best ? el.getBoundingClientRect().height : height;
  if (now !== height) m.letters.clear();
  return best && { ...best, height: now };
}

/** A block's nodes joined into one text, with where each node starts in it. */
function blockText(block: Element, nodes: Text[]): BlockText {
  const base: number[] = [];
  let text = '';
  for (const node of nodes) {
    base.push(text.length);
    text += node.data;
  }
  return { block, nodes, text, base };
}

/** A block's line starts as offsets in the body's text (text.ts). */
function bodyOffsets(b: BlockText, starts: number[], offsetOf: (node: Text) => number): number[] {
  return starts.map((start) => {
    const i = lastAtMost(b.base, start);
    return offsetOf(b.nodes[i]!) + start - b.base[i]!;
  });
}

/** The runs of text each loose line's letter-spacing goes on (cut at text node ends), counted in `result`. */
function trackLines(
  b: BlockText,
  lines: Line[],
  size: number,
  limits: Limits,
  textIndex: Map<Text, number>,
  result: { tracked: number; loose: number },
  tracks: Track[],
): void {
  const spacing = parseFloat(getComputedStyle(b.block).letterSpacing) || 0;
  for (const line of lines) {
    const t = Math.min(want(line, limits.maxRatio), limits.maxTracking * size);
    if (t <= 0) continue;
    result.tracked += 1;
    if (score([line], limits.maxTracking * size, limits.maxRatio)[0]) result.loose += 1;
    for (let at = line.from; at < line.to;) {
      const i = lastAtMost(b.base, at);
      const stop = Math.min(line.to, b.base[i]! + b.nodes[i]!.data.length);
      const px = Math.round((spacing + t) * 1000) / 1000;
      tracks.push([textIndex.get(b.nodes[i]!)!, at - b.base[i]!, stop - b.base[i]!, px]);
      at = stop;
    }
  }
}

/**
 * The tracks evenWordSpaces found, left to put in: numbered by `nodes` (the body's text nodes then);
 * `early`: the text nodes of the paragraphs set again (measured by searchStarts, whose lines start
 * at the space before their first letter: their tracks may move a break, so line-ends.ts searches
 * them tracked), each such paragraph's height then (`heights`).
 */
export interface TracksFound {
  nodes: Text[];
  tracks: Track[];
  early: Set<number>;
  heights: Array<[Element, number]>;
}

type TracksWindow = Window & { briefingTracksFound?: TracksFound };

/** The tracks evenWordSpaces found and left to put in (line-ends.ts markLineWraps, once it searched), once. */
export function takeTracksFound(): TracksFound | undefined {
  const found = (window as TracksWindow).briefingTracksFound;
  delete (window as TracksWindow).briefingTracksFound;
  return found;
}

/** Measure and choose; the spans are written by the next step (takeTracksFound), as applyTracks writes them. */
export function evenWordSpaces(maxRatio: number, maxTracking: number, variants: string[]): EvenedSpaces {
  const started = performance.now();
  const limits = { maxRatio, maxTracking, variants };
  const m: Measuring = {
    range: document.createRange(),
    rowsScrolled: 0,
    scrolled: 0,
    spaceOf: () => 0,
    natural: () => ({ before: new Float64Array(1), ends: [] }),
    letters: new Map(),
  };
  const texts: Text[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text);
  const fontOf = fontNames();
  m.spaceOf = fontSpaces(fontOf);
  m.natural = naturalWidths(fontOf);
  const blocks = justifiedBlocks(texts);
  const result = { lines: 0, reset: 0, tracked: 0, loose: 0 };
  const variantsChosen: Variant[] = [];
  // (Listed once a paragraph is set again: variants change no element.)
  let elements: Element[] | undefined;
  const tracks: Track[] = [];
  const textIndex = new Map(texts.map((node, i) => [node, i]));
  const { base, length } = textOffsets(texts);
  const starts = new Set<number>();
  const early = new Set<number>();
  const heights: Array<[Element, number]> = [];
  const measuredBlocks: MeasuredBlocks = new Map();
  for (const [block, nodes] of blocks) {
    const b = blockText(block, nodes);
    let measured = measure(m, b);
    if (!measured) continue;
    const size = parseFloat(getComputedStyle(block).fontSize);
    // More slack than tracking can take: the paragraph is set again, a little tighter or looser.
    const loose = measured.lines.some((l) => want(l, maxRatio) > maxTracking * size);
    if (loose) {
      const chosen = reset(m, b, measured.lines, limits);
      if (chosen) {
        for (const node of nodes) early.add(textIndex.get(node)!);
        heights.push([block, chosen.height]);
        measured = chosen.measured;
        result.reset += 1;
        elements ??= [...document.body.querySelectorAll('*')];
        variantsChosen.push([elements.indexOf(block), chosen.variant]);
      }
    }
    result.lines += measured.lines.length;
    trackLines(b, measured.lines, size, limits, textIndex, result, tracks);
    const at = bodyOffsets(b, measured.starts, (node) => base[textIndex.get(node)!]!);
    for (const start of at.slice(1)) starts.add(start);
    if (!loose) measuredBlocks.set(block, { nodes, starts: at });
  }
  // For line-ends.ts, which searches this same layout next: the loose lines' tracks are put in after it.
  keepLineStarts(length, starts);
  keepLetterBoxes(m.letters);
  keepMeasuredBlocks(measuredBlocks);
  (window as TracksWindow).briefingTracksFound = { nodes: texts, tracks, early, heights };
  window.scrollTo(0, 0);
  return { ...result, tracks, variants: variantsChosen, ms: Math.round(performance.now() - started) };
}

/** Set the paragraphs evenWordSpaces set again for this same page before. */
export function applyVariants(chosen: Variant[], settings: string[]): void {
  const elements = [...document.body.querySelectorAll<HTMLElement>('*')];
  for (const [index, variant] of chosen) {
    const el = elements[index];
    if (el) el.style.cssText = `${el.style.cssText};${settings[variant]}`;
  }
}

/** Wrap each tracked run of a text node in a span with its letter-spacing. */
export function applyTracks(tracks: Track[]): void {
  const texts: Text[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text);
  applyTracksTo(texts, tracks);
}

/** applyTracks on `texts` (the body's text nodes when the tracks were found): a node's tracks all at once. */
export function applyTracksTo(texts: Text[], tracks: Track[]): void {
  const range = document.createRange();
  // From the end: a node split at a later offset keeps its earlier offsets.
  for (const [index, from, to, px] of [...tracks].sort((a, b) => b[0] - a[0] || b[1] - a[1])) {
    const node = texts[index];
    if (!node || to > node.data.length) continue;
    range.setStart(node, from);
    range.setEnd(node, to);
    const span = document.createElement('span');
    span.className = 'tracked';
    span.style.letterSpacing = `${px}px`;
    range.surroundContents(span);
  }
}

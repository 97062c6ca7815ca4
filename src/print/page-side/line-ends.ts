// Marking line wraps in the print page (see ../line-ends.ts for the marks and why): every line that
// wraps at a space gets a mark after its last letter, found with few layout reads.
import type { LineWraps, Marks } from '../line-ends.js';
import {
  dropLetterBoxes,
  firstOver,
  isBelow,
  letterBox,
  readOnce,
  takeLetterBoxes,
  takeLineStarts,
  takeMeasuredBlocks,
  textNodes,
  textOffsets,
  type MeasuredBlocks,
  type Upright,
} from './text.js';
import { fitsAsItIs, takeFitted } from './layout-marks.js';
import { applyTracksTo, takeTracksFound, type TracksFound } from './word-spaces.js';

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

/** A block's gaps between letters, and its text nodes (their indexes). */
interface BlockGaps {
  block: Element;
  nodes: number[];
  gaps: Gap[];
}

/** Each block's gaps between letters, in text whose spaces collapse (not in scripts, styles, SVG, math). */
function gapsByBlock(nodes: Text[]): BlockGaps[] {
  const style = readOnce((el) => getComputedStyle(el));
  const blockOf = (node: Text): Element => {
    let el = node.parentElement!;
    // Up through inline boxes only: an inline-block (a hanging number) is a block of its own.
    while (el.parentElement && style(el).display === 'inline') el = el.parentElement;
    return el;
  };
  const blocks = new Map<Element, Gap[]>();
  const nodesOf = new Map<Element, number[]>();
  let block: Element | undefined;
  // The last letter (node -1: none yet in the block): numbers, not an object per letter (the
  // garbage of a group's ~600,000 letters was most of this step's collections).
  let lastNode = -1;
  let lastAt = 0;
  let spaced = false;
  nodes.forEach((node, i) => {
    const parent = node.parentElement;
    if (!parent || style(parent).whiteSpaceCollapse !== 'collapse' || parent.closest('script, style, svg, math'))
      return;
    const own = blockOf(node);
    const owned = nodesOf.get(own);
    if (owned) owned.push(i);
    else nodesOf.set(own, [i]);
    if (own !== block) {
      block = own;
      lastNode = -1;
      spaced = false;
    }
    const data = node.data;
    for (let at = 0; at < data.length; at += 1) {
      const c = data.charCodeAt(at);
      if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) spaced = true;
      else {
        if (spaced && lastNode >= 0) {
          const gaps = blocks.get(own) ?? [];
          gaps.push({ before: { node: lastNode, at: lastAt }, after: { node: i, at } });
          blocks.set(own, gaps);
        }
        lastNode = i;
        lastAt = at;
        spaced = false;
      }
    }
  });
  return [...blocks].map(([el, gaps]) => ({ block: el, nodes: nodesOf.get(el)!, gaps }));
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

/**
 * Per gap of a block, whether a line starts after the gap before it, up to its next letter (at it
 * after a space, inside the word before it after a hyphen), by the offsets in the body's text of
 * the lines' first letters; undefined when none does.
 */
function startsAtGaps(gaps: Gap[], starts: number[], offset: (at: At) => number): boolean[] | undefined {
  let any = false;
  // The gaps run on in the text: the first start after each is found by walking on from the last.
  let i = firstOver(starts, offset(gaps[0]!.before));
  const at = gaps.map((gap, g) => {
    const from = offset(g === 0 ? gap.before : gaps[g - 1]!.after);
    while (i < starts.length && starts[i]! <= from) i += 1;
    const starting = i < starts.length && starts[i]! <= offset(gap.after);
    any ||= starting;
    return starting;
  });
  return any ? at : undefined;
}

/**
 * The wraps of one block's lines, added to `wraps`: line by line, the first gap whose next letter is
 * lower. `starts` (startsAtGaps, from the lines word-spaces.ts found) says where to look first; the
 * search finds the same gap from any guess.
 */
function blockWraps(
  gaps: Gap[],
  box: (at: At) => Upright | undefined,
  wraps: Map<number, number[]>,
  starts: boolean[] | undefined,
  offset: (at: At) => number,
  chars: { perLine: number },
): void {
  let line = box(gaps[0]!.before);
  // Is the letter after gap g on a lower line than `line`?
  const below = (g: number) => isBelow(line, box(gaps[g]!.after));
  // Where the line starting after gap `from - 1` starts (the first line: about).
  const lineStart = (from: number) => offset(from > 0 ? gaps[from - 1]!.after : gaps[0]!.before);
  let from = 0;
  let perLine = 8;
  let hint = 0;
  while (line && from < gaps.length) {
    let guess = from + perLine - 1;
    if (!starts) {
      // Ragged text: lines hold about as many letters as the last (words vary more): the last gap
      // within that many letters of the line's start.
      const limit = lineStart(from) + chars.perLine;
      guess = from;
      while (guess + 1 < gaps.length && offset(gaps[guess + 1]!.after) <= limit) guess += 1;
    }
    if (starts) {
      hint = Math.max(hint, from);
      while (hint < gaps.length && !starts[hint]) hint += 1;
      // No start found after this line: its block's last (one read says no gap is lower).
      guess = Math.min(hint, gaps.length - 1);
    }
    // The line ends at the gap found before when its next letter is lower and its last letter is
    // not (then no letter before it is: what the search would find, in two reads, not three).
    // (A guess from the letters a line holds is checked so too.)
    const found = (starts === undefined || hint === guess) && below(guess) && !isBelow(line, box(gaps[guess]!.before));
    const g = found ? guess : firstBelow(gaps.length, below, from, guess);
    if (g < 0) break;
    hint = g + 1;
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
    chars.perLine = offset(after) - lineStart(from);
    line = box(after);
    from = g + 1;
  }
}

/**
 * The lines' first letters word-spaces.ts found for a block (but its first line's), when it measured
 * the same text nodes (blank ones aside) on this layout.
 */
function measuredStarts(measured: MeasuredBlocks | undefined, { block, nodes: own }: BlockGaps, nodes: Text[]) {
  const found = measured?.get(block);
  const filled = own.map((i) => nodes[i]!).filter((node) => node.data.trim());
  const same = found && found.nodes.length === filled.length && found.nodes.every((node, i) => node === filled[i]);
  return same ? found.starts.slice(1) : undefined;
}

/**
 * The wraps of a block from its lines' first letters (measuredStarts), added to `wraps`: at the gap
 * before each that follows one (none where a line starts inside a word: after a hyphen or a dash).
 * What blockWraps finds there, with no read.
 */
function wrapsAtStarts(gaps: Gap[], starts: number[], offset: (at: At) => number, wraps: Map<number, number[]>) {
  let g = 0;
  for (const start of starts) {
    while (g < gaps.length && offset(gaps[g]!.after) < start) g += 1;
    if (g >= gaps.length || offset(gaps[g]!.after) !== start) continue;
    const { before } = gaps[g]!;
    wraps.set(before.node, [...(wraps.get(before.node) ?? []), before.at + 1]);
  }
}

/** Marks found but not yet put in (markLineWraps with `later`), for putMarksFound. */
type MarksWindow = Window & { briefingMarksFound?: { marks: Marks; found: Array<[Text, number[]]> } };

/** The marks markLineWraps found and left to put in, put in (each node as it would have then). */
export function putMarksFound(): void {
  // (Tracks left to put in by markLineWraps go in first, as it would have; its boxes are stale then.)
  const found = takeTracksFound();
  if (found) applyTracksTo(found.nodes, found.tracks);
  dropLetterBoxes();
  takeMeasuredBlocks();
  takeFitted();
  const pending = (window as MarksWindow).briefingMarksFound;
  delete (window as MarksWindow).briefingMarksFound;
  // (A node taken out of the document since, e.g. a clipped table's cell, is left as it is.)
  for (const [node, offsets] of pending?.found ?? []) if (node.parentNode) putMarks(node, offsets, pending!.marks);
}

/**
 * Every line that wraps at a space, its last letter marked. One measurement per block and about
 * log2(spaces) per wrapped line (the lines of a text node are in order), two where word-spaces.ts
 * found where the next line starts or a line holds as many letters as the last. `later`: the marks are put in by the next step (putMarksFound,
 * fitAndMark after its reads): they move nothing, and the page is not laid out again for them.
 */
export function markLineWraps(marks: Marks, later = false, hide = false): LineWraps {
  // Right after evenWordSpaces: searched on the layout it measured, with the letters' boxes it read
  // there (most lines' last and next first letters: the same reads), its tracks put in after (they
  // move no line: the same wraps).
  const tracks = takeTracksFound();
  let known = tracks && takeLetterBoxes();
  const measured = takeMeasuredBlocks();
  putMarksFound();
  // The paragraphs set again searched tracked, as the others would be (see TracksFound); should one
  // be taller or shorter for it, the boxes read below it moved.
  if (tracks) {
    putTracks(tracks, true);
    if (tracks.heights.some(([el, height]) => el.getBoundingClientRect().height !== height)) known = undefined;
  }
  const nodes = textNodes();
  const range = document.createRange();
  const { base, length } = textOffsets(nodes);
  const scrolled = window.scrollY;
  // A letter's box read once: the searches ask for some twice (a line's first letter, a gap's ends).
  const boxes = new Map<number, Upright | undefined>();
  const box = ({ node, at }: At) => {
    const key = base[node]! + at;
    if (!boxes.has(key)) {
      const kept = known?.get(nodes[node]!)?.get(at);
      const read = kept === undefined ? letterBox(range, nodes[node]!, at) : undefined;
      const upright = read && scrolled !== 0 ? { top: read.top + scrolled, height: read.height } : read;
      boxes.set(key, kept === undefined ? upright : (kept ?? undefined));
    }
    return boxes.get(key);
  };
  const lineStarts = takeLineStarts(length);
  const offset = ({ node, at }: At) => base[node]! + at;
  const wraps = new Map<number, number[]>();
  // Letters a ragged line holds, carried from block to block (a block's first line guessed so too).
  const chars = { perLine: 60 };
  for (const block of gapsByBlock(nodes)) {
    const { gaps } = block;
    // A block word-spaces.ts measured on this very layout (its boxes still hold): its wraps from its lines.
    const starts = known && lineStarts && measuredStarts(measured, block, nodes);
    if (starts) wrapsAtStarts(gaps, starts, offset, wraps);
    else blockWraps(gaps, box, wraps, lineStarts && startsAtGaps(gaps, lineStarts, offset), offset, chars);
  }
  // fitAndMark's reads made now, before the tracks go in (they widen nothing), so that no layout has
  // them before the marks and markers are in (one layout fewer: ~40 ms of the renderer's a group at
  // 5 × the review, ~40 ms at 1 × printed whole), and with `hide` (a group prepared alone, hidden
  // once marked) the page hidden once they are in; not when something is to be wrapped or clipped
  // (fitAndMark does that, tracked, as before).
  const fits = tracks !== undefined && fitsAsItIs(true);
  if (tracks) putTracks(tracks, false);
  if (hide && fits) document.documentElement.style.display = 'none';
  const [now, numbered] = tracks ? afterTracks(wraps, base) : [nodes, wraps];
  const found = [...numbered].map(([node, offsets]): [Text, number[]] => [now[node]!, offsets]);
  if (later) (window as MarksWindow).briefingMarksFound = { marks, found };
  else for (const [node, offsets] of found) putMarks(node, offsets, marks);
  return [...numbered];
}

/** The tracks of the paragraphs set again (`early`), or the others'. */
function putTracks({ nodes, tracks, early }: TracksFound, first: boolean): void {
  applyTracksTo(
    nodes,
    tracks.filter(([node]) => early.has(node) === first),
  );
}

/**
 * The wraps found before the tracks went in (by text node, `base`: each node's offset in the body's
 * text), numbered by the body's text nodes now: each mark after the same letter, in the node that
 * holds it now (tracking splits nodes, not the text), in the order found.
 */
function afterTracks(wraps: Map<number, number[]>, base: number[]): [Text[], Map<number, number[]>] {
  const nodes = textNodes();
  const now = textOffsets(nodes).base;
  const numbered = new Map<number, number[]>();
  for (const [node, offsets] of wraps)
    for (const at of offsets) {
      const letter = base[node]! + at - 1;
      // The last node starting at or before the letter: the one holding it (empty ones come before).
      const i = firstOver(now, letter) - 1;
      numbered.set(i, [...(numbered.get(i) ?? []), letter - now[i]! + 1]);
    }
  return [nodes, numbered];
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

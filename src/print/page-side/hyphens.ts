// Settling soft hyphens in the print page (see ../hyphens.ts for why and the rules): measure where
// each soft hyphen ended up, take the breaks out of a word that makes one hyphenated line too many in
// a row, and keep only the line-end hyphens, as plain hyphens with their marks.
import type { HyphenCleanup, SettledText } from '../hyphens.js';
import { firstAtOrBelow, isBelow, letterBox, readOnce, SOFT, softHyphenated } from './text.js';

interface LineEnd {
  at: number;
  top: number;
}

/** A hyphenated word's first and last box (a word that spans two lines has them on two lines). */
interface WordBoxes {
  first: DOMRect;
  last: DOMRect;
}

/**
 * The hyphenated words that span two lines, by halving: a text node's letters run down its lines in
 * order, so when one word's last box and a later word's first box are on the same line, so is
 * every word between them. Two reads for a node on one line, about two per line it wraps at.
 */
function spanningWords(count: number, boxes: (word: number) => WordBoxes | undefined): number[] {
  const found: number[] = [];
  const spans = (b: WordBoxes | undefined) => Boolean(b && isBelow(b.first, b.last));
  const between = (a: number, b: number, ab: WordBoxes | undefined, bb: WordBoxes | undefined): void => {
    if (b - a < 2 || (ab && bb && !isBelow(ab.last, bb.first))) return;
    const mid = (a + b) >> 1;
    const mb = boxes(mid);
    between(a, mid, ab, mb);
    if (spans(mb)) found.push(mid);
    between(mid, b, mb, bb);
  };
  const first = boxes(0);
  if (spans(first)) found.push(0);
  if (count > 1) {
    const last = boxes(count - 1);
    between(0, count - 1, first, last);
    if (spans(last)) found.push(count - 1);
  }
  return found;
}

/** The words of a text with a soft hyphen in them. */
const SOFT_WORDS = /[^\s\u00AD]*\u00AD[^\s]*/g;

/** The soft hyphens lineEndsOf checks, in order: in each word with one, up to its last letter. */
function checkedSofts(node: Text): number[] {
  const softs: number[] = [];
  for (const word of node.data.matchAll(SOFT_WORDS)) {
    const from = word.index;
    for (
      let i = node.data.indexOf(SOFT, from);
      i > 0 && i < from + word[0].length - 1;
      i = node.data.indexOf(SOFT, i + 1)
    )
      softs.push(i);
  }
  return softs;
}

/**
 * The soft hyphens of a text node that end a line: in the words that span two lines
 * (spanningWords), each soft hyphen whose next letter is on a lower line.
 */
function lineEndsByWords(range: Range, node: Text): LineEnd[] {
  const ends: LineEnd[] = [];
  const words = [...node.data.matchAll(SOFT_WORDS)];
  if (words.length === 0) return ends;
  const boxes = (w: number): WordBoxes | undefined => {
    range.setStart(node, words[w]!.index);
    range.setEnd(node, words[w]!.index + words[w]![0].length);
    const rects = range.getClientRects();
    return rects.length === 0 ? undefined : { first: rects[0]!, last: rects[rects.length - 1]! };
  };
  for (const w of spanningWords(words.length, boxes)) {
    const from = words[w]!.index;
    for (
      let i = node.data.indexOf(SOFT, from);
      i > 0 && i < from + words[w]![0].length - 1;
      i = node.data.indexOf(SOFT, i + 1)
    ) {
      const before = letterBox(range, node, i - 1);
      if (isBelow(before, letterBox(range, node, i + 1))) ends.push({ at: i, top: before!.top });
    }
  }
  return ends;
}

/** A line of a text node: its top and height, how many boxes the node has on it and their width. */
interface NodeLine {
  top: number;
  height: number;
  boxes: number;
  width: number;
}

/**
 * A text node's lines, from its boxes read in one call. Chromium adds a box of its own for the
 * hyphen it draws where a soft hyphen breaks the line, so every such line has two boxes or more.
 * Undefined when a box has no height (a line could not be told by it).
 */
function nodeLines(range: Range, node: Text): NodeLine[] | undefined {
  range.selectNodeContents(node);
  const lines: NodeLine[] = [];
  for (const r of range.getClientRects()) {
    if (!(r.height > 0)) return undefined;
    const line = lines[lines.length - 1];
    if (line && !isBelow(line, r)) {
      line.boxes += 1;
      line.width += r.width;
    } else lines.push({ top: r.top, height: r.height, boxes: 1, width: r.width });
  }
  return lines;
}

/** Letters a soft hyphen follows in a word: no line breaks before a soft hyphen after one (UAX #14, LB21). */
const LETTER = /[\p{L}\p{M}\p{N}]/u;

/** Whether the character before `at` is a LETTER (Latin and Cyrillic ones told without the regex). */
function letterBefore(data: string, at: number): boolean {
  const c = data.charCodeAt(at - 1);
  const lower = c | 0x20;
  if ((lower >= 0x61 && lower <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x410 && c <= 0x44f)) return true;
  return LETTER.test(data[at - 1] ?? '');
}

/** Break points of the longest run: white space (as \s), a soft hyphen, a hyphen or dash, a slash. */
const BREAKS = /[\s\u00AD\-\u2010-\u2015/]/;

/** The longest run of a text between break points (BREAKS), in UTF-16 units. */
function longestRun(data: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < data.length; i += 1) {
    const c = data.charCodeAt(i);
    // ASCII and Cyrillic told here (white space, a hyphen, a slash break), the rest asked of BREAKS.
    const breaks =
      c < 0x80
        ? c === 0x20 || c === 0x2d || c === 0x2f || (c >= 0x09 && c <= 0x0d)
        : !(c >= 0x400 && c <= 0x4ff) && BREAKS.test(data[i]!);
    run = breaks ? 0 : run + 1;
    if (run > longest) longest = run;
  }
  return longest;
}

/**
 * The font size (px) of an element whose text breaks only at break points and shows a hyphen where
 * a soft hyphen breaks it; undefined when a word can be broken anywhere (overflow-wrap: anywhere,
 * word-break) or a soft hyphen breaks otherwise (hyphens: none, a hyphenate-character).
 */
function hyphensShown(): (el: Element) => number | undefined {
  return readOnce((el) => {
    const style = getComputedStyle(el);
    const shown =
      style.hyphens !== 'none' &&
      style.hyphenateCharacter === 'auto' &&
      style.overflowWrap !== 'anywhere' &&
      style.wordBreak === 'normal';
    return shown ? parseFloat(style.fontSize) : undefined;
  });
}

/** What hyphensShow reads of the page, each once: a block's width, an element's font size (hyphensShown). */
interface Styles {
  width: (block: Element) => number;
  size: (el: Element) => number | undefined;
}

/**
 * Whether a node's soft hyphens break lines only where Chromium draws a hyphen (nodeLines): each
 * follows a letter, they break with a hyphen, and no word can be broken anywhere nor is wide enough
 * to be (break-word: a run between break points wider than the line; at 1.5 em a letter, with room
 * to spare).
 */
function hyphensShow(node: Text, styles: Styles, block: Element): boolean {
  const data = node.data;
  for (let i = data.indexOf(SOFT); i >= 0; i = data.indexOf(SOFT, i + 1)) if (!letterBefore(data, i)) return false;
  const size = styles.size(node.parentElement!);
  return size !== undefined && longestRun(data) * 1.5 * size < styles.width(block);
}

/** Where each line of a node ends, in proportion to its boxes' widths: guesses at its letters' offsets. */
function lineEndGuesses(node: Text, lines: NodeLine[]): number[] {
  const total = lines.reduce((sum, line) => sum + line.width, 0) || 1;
  let sum = 0;
  return lines.map((line) => Math.round((node.data.length * (sum += line.width)) / total));
}

/**
 * The first of `softs` from `from` whose next letter is `below` a line: walked to from the one
 * nearest `guess` (an offset), a few steps, each telling by its letters before and after which way
 * it lies (`beforeBelow`: its letter before is below the line too); then by galloping.
 */
function firstBelow(
  softs: number[],
  guess: number,
  from: number,
  below: (j: number) => boolean,
  beforeBelow: (j: number) => boolean,
): number {
  let j = from;
  while (j + 1 < softs.length && Math.abs(softs[j + 1]! - guess) <= Math.abs(softs[j]! - guess)) j += 1;
  const start = j;
  for (let steps = 0; steps < 4 && j >= from && j < softs.length; steps += 1) {
    const after = below(j);
    // The first: every soft hyphen before it has its next letter no lower than this one's letter before.
    if (after && !beforeBelow(j)) return j;
    j += after ? -1 : 1;
  }
  return firstAtOrBelow(below, from, softs.length, Math.max(from, Math.min(j, softs.length - 1, start + 4)));
}

/**
 * lineEndsByWords's answer from the node's lines (nodeLines): on each line with a drawn hyphen, the
 * first soft hyphen it checks whose next letter is below that line, found from where the line ends
 * in proportion to its boxes' widths (two reads when right), checked as lineEndsByWords checks one.
 * Undefined when a letter has no box (lineEndsByWords then).
 */
function lineEndsByLines(range: Range, node: Text, lines: NodeLine[]): LineEnd[] | undefined {
  const softs = checkedSofts(node);
  const ends: LineEnd[] = [];
  if (softs.length === 0 || !lines.some((l, k) => l.boxes > 1 && k + 1 < lines.length)) return ends;
  const guesses = lineEndGuesses(node, lines);
  const boxes = new Map<number, DOMRect | undefined>();
  const box = (at: number) => {
    if (!boxes.has(at)) boxes.set(at, letterBox(range, node, at));
    return boxes.get(at);
  };
  let missing = false;
  // A letter's line: the last whose top is above the letter's middle (none: lineEndsByWords).
  const lineOf = (b: DOMRect | undefined) => {
    missing ||= !b;
    return b ? lines.filter((l) => l.top < b.top + b.height / 2).length - 1 : -1;
  };
  let from = 0;
  for (let k = 0; k + 1 < lines.length; k += 1) {
    if (lines[k]!.boxes < 2) continue;
    const below = (j: number) => lineOf(box(softs[j]! + 1)) > k;
    const j = firstBelow(softs, guesses[k]!, from, below, (j) => lineOf(box(softs[j]! - 1)) > k);
    if (missing) return undefined;
    if (j >= softs.length) continue;
    const at = softs[j]!;
    const before = box(at - 1);
    if (!before || !box(at + 1)) return undefined;
    if (isBelow(before, box(at + 1)) && !ends.some((end) => end.at === at)) ends.push({ at, top: before.top });
    from = j;
  }
  return ends;
}

/**
 * The soft hyphens of a text node that end a line: from its lines where its hyphens break them only
 * where Chromium draws a hyphen (a read a node, a few a hyphenated line), else by words.
 */
function lineEndsOf(range: Range, node: Text, styles: Styles): LineEnd[] {
  if (hyphensShow(node, styles, blockOf(node))) {
    const lines = nodeLines(range, node);
    const ends = lines && lineEndsByLines(range, node, lines);
    if (ends) return ends;
  }
  return lineEndsByWords(range, node);
}

/** A block's content width (px), read once. */
function blockWidths(): (block: Element) => number {
  return readOnce((block) => {
    const style = getComputedStyle(block);
    return block.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  });
}

/** The block a text node's lines belong to: up through inline boxes. */
function blockOf(node: Text): Element {
  let el = node.parentElement!;
  while (el.parentElement && getComputedStyle(el).display.startsWith('inline')) el = el.parentElement;
  return el;
}

function byBlock(nodes: Text[]): Map<Element, Text[]> {
  const blocks = new Map<Element, Text[]>();
  for (const node of nodes) {
    const block = blockOf(node);
    blocks.set(block, [...(blocks.get(block) ?? []), node]);
  }
  return blocks;
}

/** The hyphenated line end one past the language's limit in a block (its word loses its soft hyphens). */
function pastTheLimit(
  block: Element,
  nodes: Text[],
  lineEnds: Map<Text, LineEnd[]>,
  maxInARow: Record<string, number>,
): { node: Text; at: number } | undefined {
  const lang = (block.closest('[lang]')?.getAttribute('lang') ?? '').toLowerCase().split('-')[0]!;
  const most = maxInARow[lang] ?? maxInARow.default!;
  const lineHeight =
    parseFloat(getComputedStyle(block).lineHeight) || parseFloat(getComputedStyle(block).fontSize) * 1.2;
  const ends = nodes
    .flatMap((node) => lineEnds.get(node)!.map((end) => ({ node, ...end })))
    .sort((a, b) => a.top - b.top);
  let run = 1;
  for (let i = 1; i < ends.length; i += 1) {
    const gap = ends[i]!.top - ends[i - 1]!.top;
    run = gap > lineHeight * 0.5 && gap < lineHeight * 1.5 ? run + 1 : 1;
    if (run > most) return ends[i];
  }
  return undefined;
}

/** The soft hyphens of the word around `at` taken out. */
function dropBreaks(node: Text, at: number): void {
  const start = node.data.slice(0, at).search(/[^\s]*$/);
  const rest = node.data.slice(at).search(/\s/);
  const end = rest === -1 ? node.data.length : at + rest;
  node.data = node.data.slice(0, start) + node.data.slice(start, end).replaceAll(SOFT, '') + node.data.slice(end);
}

/**
 * Until no block has a run over its language's limit (at most 12 rounds): one word a block loses its
 * breaks, and the blocks changed are measured again. Says how many words lost them.
 */
function unhyphenateRuns(
  blocks: Map<Element, Text[]>,
  lineEnds: Map<Text, LineEnd[]>,
  range: Range,
  maxInARow: Record<string, number>,
  styles: Styles,
): number {
  let unhyphenated = 0;
  let dirty = [...blocks.keys()];
  for (let round = 0; round < 12 && dirty.length > 0; round += 1) {
    const changed: Element[] = [];
    for (const block of dirty) {
      const over = pastTheLimit(block, blocks.get(block)!, lineEnds, maxInARow);
      if (!over) continue;
      dropBreaks(over.node, over.at);
      unhyphenated += 1;
      changed.push(block);
    }
    for (const block of changed)
      for (const node of blocks.get(block)!) lineEnds.set(node, lineEndsOf(range, node, styles));
    dirty = changed;
  }
  return unhyphenated;
}

/** Each text node written once: line-end soft hyphens become `hyphen`, the others go. */
function writeSettled(nodes: Text[], lineEnds: Map<Text, LineEnd[]>, hyphen: string) {
  let kept = 0;
  let removed = 0;
  const settled: SettledText = { texts: [], ends: [] };
  for (const node of nodes) {
    const ends = new Set(lineEnds.get(node)!.map((end) => end.at));
    const at: number[] = [];
    // Read once and cut at the soft hyphens: node.data read per letter was most of the step's time.
    const data = node.data;
    const pieces: string[] = [];
    let length = 0;
    let from = 0;
    for (let i = data.indexOf(SOFT); i >= 0; i = data.indexOf(SOFT, i + 1)) {
      pieces.push(data.slice(from, i));
      length += i - from;
      from = i + 1;
      if (!ends.has(i)) {
        removed += 1;
        continue;
      }
      at.push(length);
      pieces.push(hyphen);
      length += hyphen.length;
      kept += 1;
    }
    pieces.push(data.slice(from));
    const out = pieces.join('');
    node.data = out;
    settled.texts.push(out);
    settled.ends.push(at);
  }
  return { kept, removed, settled };
}

/** Measure everything first, then write: each write invalidates the layout. */
export function settleSoftHyphens(maxInARow: Record<string, number>, hyphen: string): HyphenCleanup {
  const nodes = softHyphenated();
  const range = document.createRange();
  const styles = { width: blockWidths(), size: hyphensShown() };
  const lineEnds = new Map<Text, LineEnd[]>(nodes.map((node) => [node, lineEndsOf(range, node, styles)]));
  const unhyphenated = unhyphenateRuns(byBlock(nodes), lineEnds, range, maxInARow, styles);
  const { kept, removed, settled } = writeSettled(nodes, lineEnds, hyphen);
  return { kept, removed, unhyphenated, settled };
}

/** Where putSettled leaves the text nodes it changed, for settledHold (no soft hyphen left to find them by). */
type SettledWindow = Window & { briefingSettled?: Text[] };

/** A settling found before put into the text, when the same nodes hold the same letters (hyphens aside). */
export function putSettled(texts: string[], ends: number[][], mark: string): boolean {
  const nodes = softHyphenated();
  if (nodes.length !== texts.length || ends.length !== texts.length) return false;
  // The same letters (hyphens aside: kept ones were soft, and where they are is checked after).
  const letters = (t: string) => t.replaceAll(SOFT, '').replaceAll(mark, '').replaceAll('-', '');
  for (let i = 0; i < nodes.length; i += 1) {
    const text = texts[i]!;
    if (!ends[i]!.every((at) => text[at] === '-')) return false;
    if (letters(text) !== letters(nodes[i]!.data)) return false;
  }
  nodes.forEach((node, i) => {
    node.data = texts[i]!;
  });
  (window as SettledWindow).briefingSettled = nodes;
  return true;
}

/** Whether every kept hyphen of the settling putSettled put in still ends its line (lays the page out). */
export function settledHold(ends: number[][], hyphen: string): boolean {
  const nodes = (window as SettledWindow).briefingSettled;
  delete (window as SettledWindow).briefingSettled;
  if (!nodes || nodes.length !== ends.length) return false;
  const range = document.createRange();
  return nodes.every((node, i) =>
    // The letter before the kept hyphen, and the one after it and its marks (line-ends.ts).
    ends[i]!.every((at) => isBelow(letterBox(range, node, at - 1), letterBox(range, node, at + hyphen.length))),
  );
}

// Settling soft hyphens in the print page (see ../hyphens.ts for why and the rules): measure where
// each soft hyphen ended up, take the breaks out of a word that makes one hyphenated line too many in
// a row, and keep only the line-end hyphens, as plain hyphens with their marks.
import type { HyphenCleanup, SettledText } from '../hyphens.js';
import { isBelow, letterBox, SOFT, softHyphenated } from './text.js';

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

/**
 * The soft hyphens of a text node that end a line: in the words that span two lines
 * (spanningWords), each soft hyphen whose next letter is on a lower line.
 */
function lineEndsOf(range: Range, node: Text): LineEnd[] {
  const ends: LineEnd[] = [];
  const words = [...node.data.matchAll(/[^\s\u00AD]*\u00AD[^\s]*/g)];
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
    for (const block of changed) for (const node of blocks.get(block)!) lineEnds.set(node, lineEndsOf(range, node));
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
  const lineEnds = new Map<Text, LineEnd[]>(nodes.map((node) => [node, lineEndsOf(range, node)]));
  const unhyphenated = unhyphenateRuns(byBlock(nodes), lineEnds, range, maxInARow);
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

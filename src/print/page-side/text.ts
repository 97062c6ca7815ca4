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

/** What the line searches compare of a box: its top and height. */
export interface Upright {
  top: number;
  height: number;
}

/** Whether `next` is on a lower line than `line` (lower by more than half the line's height). */
export function isBelow(line: Upright | undefined, next: Upright | undefined): boolean {
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

/** The first index of sorted `values` whose value is over `than`. */
export function firstOver(values: number[], than: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! > than) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The first index in [from, length) where `onOrAfter` holds (length when none; it holds from there
 * on), galloping from `guess` (a good guess brackets it in a few reads), then by halving.
 */
export function firstAtOrBelow(
  onOrAfter: (index: number) => boolean,
  from: number,
  length: number,
  guess: number,
): number {
  let lo = from;
  let hi = length;
  const probe = Math.max(lo, Math.min(hi - 1, guess));
  if (probe < hi && onOrAfter(probe)) {
    hi = probe;
    let step = 1;
    for (; hi - step >= lo && onOrAfter(hi - step); step *= 2) hi -= step;
    lo = Math.max(lo, hi - step + 1);
  } else if (probe < hi) {
    lo = probe + 1;
    for (let step = 1; lo + step - 1 < hi; step *= 2) {
      if (onOrAfter(lo + step - 1)) {
        hi = lo + step - 1;
        break;
      }
      lo += step;
    }
  }
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (onOrAfter(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Letters' boxes word-spaces.ts read (letterBox's, null for none), by text node and offset, their
 * tops in the document's coordinates, for line-ends.ts: it searches the same layout next (the loose
 * lines' tracks put in after it) and reads many of the same letters (a line's last and next first).
 */
export type LetterBoxes = Map<Text, Map<number, Upright | null>>;

/** A value one step keeps in the page for the next step on the same layout, taken once. */
function keptForNext<T>(name: string) {
  // (The window asked for when used: this module is also loaded where there is none, in unit tests.)
  const slots = () => window as unknown as Record<string, T | undefined>;
  return {
    keep: (value: T): void => {
      slots()[name] = value;
    },
    take: (): T | undefined => {
      const kept = slots()[name];
      delete slots()[name];
      return kept;
    },
  };
}

const letterBoxes = keptForNext<LetterBoxes>('briefingLetterBoxes');

/** Keep the letters' boxes read on this layout for the next step. */
export const keepLetterBoxes = letterBoxes.keep;

/** The letters' boxes kept, once (undefined when none, or another step ran since: dropLetterBoxes). */
export const takeLetterBoxes = letterBoxes.take;

/** The letters' boxes kept are no longer this layout's. */
export function dropLetterBoxes(): void {
  letterBoxes.take();
}

/**
 * The blocks whose every line word-spaces.ts found on the layout line-ends.ts searches next (none
 * set again): their text nodes (none blank) and each line's first letter, as offsets in the body's
 * text. line-ends.ts takes their wraps from these, with no read, when it finds the same nodes there.
 */
export type MeasuredBlocks = Map<Element, { nodes: Text[]; starts: number[] }>;

const measuredBlocks = keptForNext<MeasuredBlocks>('briefingMeasuredBlocks');

/** Keep the blocks measured on this layout for the next step. */
export const keepMeasuredBlocks = measuredBlocks.keep;

/** The blocks measured kept, once. */
export const takeMeasuredBlocks = measuredBlocks.take;

/** `read` of each element asked, read once: the page's style and layout reads are what its steps cost. */
export function readOnce<T>(read: (el: Element) => T): (el: Element) => T {
  const known = new Map<Element, T>();
  return (el) => {
    if (known.has(el)) return known.get(el) as T;
    const value = read(el);
    known.set(el, value);
    return value;
  };
}

/** The height of a page's content box (px), as the theme sets it (`--content-height`). */
export function contentHeight(): number {
  const probe = document.createElement('div');
  probe.style.cssText = 'position:absolute;visibility:hidden;width:0;height:var(--content-height)';
  document.body.append(probe);
  const height = probe.getBoundingClientRect().height;
  probe.remove();
  return height;
}

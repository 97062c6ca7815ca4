// Where a page's body ends for its note area (see ../foot-notes.ts): the block crossing the line
// is split at its last line that fits (a table between rows), and a reference's unit (its line, its
// row or unbreakable box) stays whole above the area.
import { type Chapter, fragment } from './foot-state.js';

/** Puts a note area (or a break) where the body of a page ends. */
export type Insert = (area: HTMLElement) => void;

/** The block-level split point at height y of column k, as a function that inserts the area there. */
export function findBreak(chapter: Chapter, container: Element, k: number, y: number): Insert | undefined {
  const { end, placing } = chapter;
  for (const child of Array.from(container.children)) {
    if (child === end || child.matches(`.foot-area, .foot-break, .${placing.storeClass}, [hidden]`)) continue;
    const s = getComputedStyle(child);
    if (s.display === 'none' || s.float !== 'none' || s.position === 'absolute' || s.position === 'fixed') continue;
    const f = fragment(chapter, child, k);
    if (!f) {
      const first = Array.from(child.getClientRects()).find((r) => r.width > 0 || r.height > 0);
      if (first && chapter.colOf(first) > k) return (area) => child.before(area);
      continue;
    }
    if (f.bottom <= y + 0.5) continue;
    if (f.top >= y - 0.5 || isAtomic(child)) return (area) => child.before(area);
    if (child.tagName === 'TABLE') return splitTable(chapter, child as HTMLTableElement, k, y);
    if (isContainer(child)) return findBreak(chapter, child, k, y) ?? ((area) => child.after(area));
    const rest = splitText(chapter, child, k, y);
    if (rest === 'before') return (area) => child.before(area);
    if (rest === 'after') return (area) => child.after(area);
    return (area) => child.after(area, rest);
  }
  return undefined;
}

/** The body of page k ends above y: the rest starts the next page. */
export function breakAt(chapter: Chapter, k: number, y: number): void {
  const brk = document.createElement('div');
  brk.className = 'foot-break';
  findBreak(chapter, chapter.flow, k, y)?.(brk);
}

/** A table split before its first row that does not fit (the header row repeated). */
function splitTable(chapter: Chapter, table: HTMLTableElement, k: number, y: number): Insert {
  const rows = Array.from(table.tBodies).flatMap((b) => Array.from(b.rows));
  const first = rows.findIndex((row) => {
    const f = fragment(chapter, row, k);
    return !f || f.bottom > y + 0.5;
  });
  if (first <= 0) return (area) => table.before(area);
  const rest = table.cloneNode(false) as HTMLTableElement;
  rest.removeAttribute('id');
  rest.classList.add('foot-cont');
  if (table.tHead) rest.append(table.tHead.cloneNode(true));
  let body: HTMLElement | undefined;
  let from: Element | null = null;
  for (const row of rows.slice(first)) {
    if (row.parentElement !== from) {
      from = row.parentElement;
      body = from!.cloneNode(false) as HTMLElement;
      rest.append(body);
    }
    body!.append(row);
  }
  return (area) => table.after(area, rest);
}

/**
 * Split a block of text before its first line below y (or in a later column): the lines after go
 * into a copy of the block (its ids left to the original). 'before'/'after': no line to split at.
 */
function splitText(chapter: Chapter, block: Element, k: number, y: number): HTMLElement | 'before' | 'after' {
  const { colOf } = chapter;
  const at = firstAfter(block, (r) => colOf(r) > k || (colOf(r) === k && r.bottom > y + 0.5));
  if (!at) return 'after';
  const range = document.createRange();
  range.setStart(at.node, at.offset);
  range.setEndAfter(block.lastChild!);
  const before = document.createRange();
  before.setStartBefore(block.firstChild!);
  before.setEnd(at.node, at.offset);
  if (before.toString().trim() === '') return 'before';
  const rest = block.cloneNode(false) as HTMLElement;
  rest.removeAttribute('id');
  rest.classList.add('foot-cont');
  rest.append(range.extractContents());
  // A partly moved element was copied, id and all: the id stays with the original.
  for (const el of Array.from(rest.querySelectorAll('[id]')))
    if (block.querySelector(`[id="${CSS.escape(el.id)}"]`)) el.removeAttribute('id');
  block.classList.add('foot-split');
  return rest;
}

/** The first character (in document order) of `block` whose box `after` says is past the split. */
export function firstAfter(block: Node, after: (r: DOMRect) => boolean): { node: Text; offset: number } | undefined {
  const texts = bodyTexts(block);
  const starts: number[] = [];
  let total = 0;
  for (const t of texts) {
    starts.push(total);
    total += t.data.length;
  }
  const locate = (i: number) => {
    let lo = 0;
    let hi = texts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return { node: texts[lo]!, offset: i - starts[lo]! };
  };
  const range = document.createRange();
  // The box of character i, or of the next character that has one (collapsed spaces have none).
  const test = (i: number): boolean | undefined => {
    for (let j = i; j < Math.min(total, i + 64); j += 1) {
      const { node, offset } = locate(j);
      range.setStart(node, offset);
      range.setEnd(node, offset + 1);
      const r = Array.from(range.getClientRects()).find((x) => x.width > 0 || x.height > 0);
      if (r) return after(r);
    }
    return undefined;
  };
  let lo = 0;
  let hi = total;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const verdict = test(mid);
    if (verdict === undefined || verdict) hi = mid;
    else lo = mid + 1;
  }
  if (lo >= total) return undefined;
  return locate(lo);
}

/** The block's non-empty text nodes, without those of a note area placed earlier inside it. */
function bodyTexts(block: Node): Text[] {
  const texts: Text[] = [];
  const own = block instanceof Element ? block.closest('.foot-area') : null;
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    // Text of a note area placed earlier in this block is not body text.
    const area = n.parentElement?.closest('.foot-area');
    if (area && area !== own) continue;
    if ((n as Text).data.length > 0) texts.push(n as Text);
  }
  return texts;
}

/**
 * The reference's unit: its line, its table row or unbreakable box, or the floated box holding it.
 * `bottom`: where the area may start for the unit to stay above it; `top`: an area starting there
 * (or higher) sends the unit on to the next page.
 */
export function unitSpan(
  chapter: Chapter,
  ref: HTMLElement,
  rect: DOMRect,
  k: number,
): { top: number; bottom: number } {
  let atomic: Element | undefined;
  for (let el = ref.parentElement; el && el !== chapter.flow; el = el.parentElement) {
    const s = getComputedStyle(el);
    // A floated box (a callout in the side column) stays while its anchor does.
    if (s.float !== 'none') {
      const boxTop = el.getBoundingClientRect().top;
      return { top: boxTop, bottom: boxTop + 1 };
    }
    if (isAtomic(el) || el.tagName === 'TR') atomic = el;
  }
  if (atomic) {
    const f = fragment(chapter, atomic, k);
    return { top: f?.top ?? rect.top, bottom: f?.bottom ?? rect.bottom };
  }
  const bottom = lineBottom(ref, rect);
  const block = ref.closest('p, li, dd, dt, td, th, figcaption') ?? ref.parentElement!;
  const lineHeight = parseFloat(getComputedStyle(block).lineHeight) || 16;
  return { top: bottom - 0.8 * lineHeight, bottom };
}

/** The bottom of the line holding a reference mark (a superscript sits above the line's foot). */
function lineBottom(ref: HTMLElement, rect: DOMRect): number {
  const block = ref.closest('p, li, dd, dt, td, th, figcaption, blockquote') ?? ref.parentElement!;
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  let previous: Text | undefined;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (ref.contains(n)) break;
    if ((n as Text).data.trim() !== '') previous = n as Text;
  }
  const fontSize = parseFloat(getComputedStyle(block).fontSize);
  if (!previous) return rect.bottom + 0.35 * fontSize;
  const range = document.createRange();
  const i = previous.data.trimEnd().length - 1;
  range.setStart(previous, i);
  range.setEnd(previous, i + 1);
  const r = range.getBoundingClientRect();
  const sameLine = r.top < rect.bottom && r.bottom > rect.top;
  return sameLine ? Math.max(r.bottom, rect.bottom) : rect.bottom + 0.35 * fontSize;
}

function isAtomic(el: Element): boolean {
  if (/^(H[1-6]|FIGURE|PRE|IMG|SVG|MATH|HR|ASIDE)$/i.test(el.tagName) && !el.matches('figure.table-figure'))
    return true;
  return /^avoid/.test(getComputedStyle(el).breakInside);
}

function isContainer(el: Element): boolean {
  if (el.children.length === 0) return false;
  for (const node of Array.from(el.childNodes))
    if (node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== '') return false;
  return Array.from(el.children).every((c) => {
    const d = getComputedStyle(c).display;
    return d !== 'inline' && d !== 'inline-block' && d !== 'contents';
  });
}

// Measuring notes for the page foot and fitting them in an area (see ../foot-notes.ts): heights
// measured once per chapter, the notes that do not fit split at their last line that fits.
import { firstAfter } from './foot-breaks.js';
import { type Chapter, fragment, type NoteSizes, type Placing } from './foot-state.js';

/**
 * The heights of a chapter's notes in one layout (an area holding them all, off the page): any
 * subset's area height is then a sum. Each note goes back to the store.
 */
export function measureNotes(placing: Placing, notes: HTMLElement[], width: number): NoteSizes {
  const heights = new Map<HTMLElement, number>();
  const area = document.createElement('div');
  area.className = 'foot-area';
  const list = document.createElement('ol');
  list.className = 'footnotes';
  area.append(list);
  const unique = [...new Set(notes)];
  list.append(...unique);
  const host = offPage(width);
  host.append(area);
  document.body.append(host);
  const box = area.getBoundingClientRect();
  const rects = unique.map((li) => li.getBoundingClientRect());
  unique.forEach((li, i) => heights.set(li, rects[i]!.height));
  // The height down to the foot of each note's first line (what must fit on its reference's page).
  const firsts = new Map<HTMLElement, number>();
  unique.forEach((li, i) => firsts.set(li, Math.min(rects[i]!.height, firstLineBottom(li) - rects[i]!.top)));
  const first = rects[0];
  const last = rects.at(-1);
  const before = first ? first.top - box.top : 0;
  const after = last ? box.bottom - last.bottom : 0;
  const gap = rects.length > 1 ? rects[1]!.top - rects[0]!.bottom : 0;
  placing.store.querySelector('ol')?.append(...unique);
  host.remove();
  return {
    heights,
    firsts,
    of: (items: HTMLElement[]) =>
      before + after + items.reduce((sum, li) => sum + heights.get(li)!, 0) + gap * Math.max(0, items.length - 1),
  };
}

/** A hidden box off the page, as wide as the column, to measure in. */
function offPage(width: number): HTMLElement {
  const host = document.createElement('div');
  host.style.cssText = `position:absolute;left:-20000px;top:0;visibility:hidden;width:${width}px`;
  return host;
}

/** The bottom of the first line of a note's text (its whole height when it has no text). */
function firstLineBottom(li: HTMLElement): number {
  const body = li.querySelector('.note-body') ?? li;
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n as Text;
    const i = text.data.search(/\S/);
    if (i === -1) continue;
    const range = document.createRange();
    range.setStart(text, i);
    range.setEnd(text, i + 1);
    const r = range.getBoundingClientRect();
    // (The line's foot: half its leading below the glyphs' box.)
    const lineHeight = parseFloat(getComputedStyle(text.parentElement!).lineHeight);
    if (r.height > 0)
      return Number.isNaN(lineHeight) ? r.bottom : Math.max(r.bottom, r.top + (r.height + lineHeight) / 2);
  }
  return li.getBoundingClientRect().bottom;
}

/** The height of an area laid out off the page (it comes back detached). */
export function measure(area: HTMLElement, width: number): number {
  const host = offPage(width);
  host.append(area);
  document.body.append(host);
  const height = area.getBoundingClientRect().height;
  area.remove();
  host.remove();
  return height;
}

/**
 * Keep in the area the notes that fit above the page foot; split the first that does not at its
 * last line that fits. Returns what continues on the next page (a continuation item first).
 */
export function fit(chapter: Chapter, list: HTMLElement, k: number, bottom: number, reserve: number): HTMLElement[] {
  const carried: HTMLElement[] = [];
  // A note continued from the page before gives way to this page's own notes (`reserve`: their
  // height): it is cut above them.
  const first = list.firstElementChild as HTMLElement | null;
  if (reserve > 0 && first?.classList.contains('foot-continued')) {
    const rest = splitNote(chapter, first, k, bottom - reserve);
    if (rest) carried.push(rest);
  }
  const items = Array.from(list.children) as HTMLElement[];
  const over = items.findIndex((li) => {
    const f = fragment(chapter, li, k);
    return !f || f.bottom > bottom + 0.5;
  });
  if (over === -1) return carried;
  const li = items[over]!;
  const later = items.slice(over + 1);
  for (const moved of later) moved.remove();
  const rest = splitNote(chapter, li, k, bottom);
  if (rest) return [...carried, rest, ...later];
  // Nothing of it fits: the whole note goes on (the proof names it: it left its reference's page).
  li.remove();
  return [...carried, li, ...later];
}

/** The lines of a note below y (or in a later column) moved into a continuation item, returned. */
function splitNote(chapter: Chapter, li: HTMLElement, k: number, y: number): HTMLElement | undefined {
  const body = li.querySelector('.note-body') ?? li;
  const at = firstAfter(body, (r) => chapter.colOf(r) !== k || r.bottom > y + 0.5);
  const kept = document.createRange();
  kept.setStartBefore(body.firstChild ?? body);
  if (at) kept.setEnd(at.node, at.offset);
  if (!at || kept.toString().trim() === '') return undefined;
  const range = document.createRange();
  range.setStart(at.node, at.offset);
  range.setEndAfter(body.lastChild!);
  const cont = document.createElement('li');
  cont.className = 'foot-continued';
  cont.dataset.continues = li.dataset.continues ?? li.id;
  cont.dataset.label = li.dataset.label ?? li.querySelector('.note-label')?.textContent ?? '';
  const label = document.createElement('span');
  label.className = 'note-label';
  label.textContent = `${cont.dataset.label} (${chapter.placing.continuedWord})`;
  const contBody = document.createElement('div');
  contBody.className = 'note-body';
  contBody.append(range.extractContents());
  cont.append(label, contBody);
  return cont;
}

/**
 * Marks counted per page (theme `note-numbers: page`): * † ‡ § ‖ ¶, then doubled, from each page;
 * set before the page is measured, since a mark's width moves the lines it stands in.
 */
export function countOnPage(placing: Placing, list: Element): void {
  const symbols = ['*', '†', '‡', '§', '‖', '¶'];
  let n = 0;
  for (const li of Array.from(list.querySelectorAll<HTMLElement>(':scope > li[id]'))) {
    const symbol = symbols[n % symbols.length]!.repeat(Math.floor(n / symbols.length) + 1);
    n += 1;
    const label = li.querySelector('.note-label');
    if (label) label.textContent = symbol;
    for (const ref of Array.from(document.querySelectorAll(`a[role="doc-noteref"][href="#${CSS.escape(li.id)}"]`)))
      ref.textContent = symbol;
    const placed = placing.byId.get(li.id);
    if (placed) placed.label = symbol;
  }
}

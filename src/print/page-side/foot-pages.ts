// One chapter's notes placed page by page (column by column, see ../foot-notes.ts): the notes first
// referenced on a page go into an area where the body ends for them to fit; a reference whose note
// cannot start below it goes on to the next page with its line; the rest of a note that does not
// fit continues at the foot of the next page. Each page is visited once: nothing can loop.
import type { PlacedNote } from '../foot-notes.js';
import { breakAt, findBreak, type Insert, unitSpan } from './foot-breaks.js';
import { countOnPage, fit, measure, measureNotes } from './foot-measure.js';
import { type Chapter, fragment, link, type Placing, sourceOf, targetOf } from './foot-state.js';

/** Px kept free at each page foot: rounding in print must not push a line over. */
const SAFETY = 2;

/** A note first referenced on the page being filled, and its reference's unit (see unitSpan). */
interface Candidate {
  ref: HTMLElement;
  note: HTMLElement;
  top: number;
  bottom: number;
}

/** A page's note area as made, before it is placed. */
interface OpenArea {
  area: HTMLElement;
  list: HTMLElement;
  /** A block of no height after the notes: its destination is where the area ends. */
  endMark: HTMLElement;
  /** The notes of this page (not continued from the one before), and their references. */
  fresh: HTMLElement[];
  freshRefs: HTMLElement[];
  height: number;
}

/** Place the notes of a chapter page by page, then mark where each reference mark printed. */
export function placeChapter(placing: Placing, flow: HTMLElement, index: number, refs: HTMLAnchorElement[]): void {
  const notesFrom = placing.result.notes.length;
  const chapter = openChapter(placing, flow, index, refs);
  let carry: HTMLElement[] = [];
  for (let k = 0; k < 10_000; k += 1) {
    const last = chapter.colOf(chapter.end.getBoundingClientRect());
    if (k > last && carry.length === 0) break;
    const next = fillPage(chapter, k, last, carry);
    if (next === 'done') break;
    carry = next;
  }
  chapter.end.remove();
  flow.classList.remove('foot-measure');
  addMarkers(chapter, notesFrom);
}

/** The chapter laid out in columns one page tall, its geometry read and its notes measured. */
function openChapter(placing: Placing, flow: HTMLElement, index: number, refs: HTMLAnchorElement[]): Chapter {
  flow.classList.add('foot-measure');
  const box = flow.getBoundingClientRect();
  const style = getComputedStyle(flow);
  const left = box.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
  const top = box.top + parseFloat(style.borderTopWidth) + parseFloat(style.paddingTop);
  const width = flow.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const step = width + parseFloat(style.columnGap);
  const { stored, byId } = placing;
  const sizes = measureNotes(
    placing,
    refs.map((a) => stored.get(targetOf(a))).filter((li): li is HTMLElement => li !== undefined && !byId.has(li.id)),
    width,
  );
  const end = document.createElement('div');
  flow.append(end);
  return {
    placing,
    flow,
    index,
    refs,
    top,
    width,
    colBottom: top + placing.pageHeight - SAFETY,
    colOf: (r: DOMRect) => Math.floor((r.left + 0.5 - left) / step),
    sizes,
    end,
    areaCount: 0,
  };
}

/** Page k of the chapter: its notes placed. What goes on to the next page, or 'done' (the chapter ended). */
function fillPage(chapter: Chapter, k: number, last: number, carry: HTMLElement[]): HTMLElement[] | 'done' {
  const { placing, sizes } = chapter;
  // The notes first referenced on this page, in reference order, each with the unit (line, row
  // or box) of its reference, which must stay above the area.
  const candidates = pageCandidates(chapter, k);
  // Those whose first line fits below their reference stay; the rest go on to the next page with
  // their reference's line (the area starts above it), so no note leaves its reference's page.
  const taken = takenOnPage(chapter, candidates, chapter.colBottom);
  const next = candidates[taken];
  for (const c of candidates.slice(taken)) placing.pushed.add(c.note);
  const { fresh, freshRefs, refBottom } = takeNotes(placing, candidates.slice(0, taken));
  if (fresh.length === 0 && carry.length === 0) {
    // Not even the first note's first line fits below its reference: the body ends above that
    // line, which starts the next page with its note (each note once: it is then near the top).
    if (next) breakAt(chapter, k, next.top);
    return carry;
  }
  const { area, list, endMark } = openArea(chapter, carry, fresh);
  // Fresh notes were measured once for the whole chapter; a continuation is measured now.
  const height =
    carry.length > 0 || fresh.some((li) => !sizes.heights.has(li)) ? measure(area, chapter.width) : sizes.of(fresh);
  const y = areaLine(chapter, height, refBottom, next);
  if (fresh.length === 0 && k >= last) {
    // The chapter is over and a note still goes on: the rest follows its last line, running on
    // to the next page as LaTeX flushes notes at a chapter's end.
    chapter.end.before(area);
    area.style.breakAfter = 'auto';
    area.append(endMark);
    placing.result.areas.at(-1)!.tail = true;
    return 'done';
  }
  const open = { area, list, endMark, fresh, freshRefs, height };
  return placeArea(chapter, open, k, last, y, refBottom, carry.length > 0);
}

/** The notes that stay on this page, placed (their area is named once it is made). */
function takeNotes(placing: Placing, kept: Candidate[]) {
  const fresh: HTMLElement[] = [];
  const freshRefs: HTMLElement[] = [];
  let refBottom = Number.NEGATIVE_INFINITY;
  for (const { ref, note, bottom } of kept) {
    fresh.push(note);
    freshRefs.push(ref);
    const placed: PlacedNote = {
      id: note.id,
      refId: ref.id,
      markId: '',
      area: '',
      source: sourceOf(ref),
      label: ref.textContent ?? '',
    };
    placing.byId.set(note.id, placed);
    placing.result.notes.push(placed);
    refBottom = Math.max(refBottom, bottom);
  }
  return { fresh, freshRefs, refBottom };
}

/** A note area for the page (numbered within the chapter), with its notes and its end mark. */
function openArea(chapter: Chapter, carry: HTMLElement[], fresh: HTMLElement[]) {
  const { placing } = chapter;
  // Numbered within the chapter: a chapter placed afresh renames nothing in one put in as kept.
  chapter.areaCount += 1;
  const name = `${placing.prefix}${chapter.index}-${chapter.areaCount}`;
  const area = document.createElement('div');
  area.className = 'foot-area';
  area.id = name;
  area.setAttribute('role', 'doc-footnotes');
  const list = document.createElement('ol');
  list.className = 'footnotes';
  list.setAttribute('role', 'list');
  list.append(...carry, ...fresh);
  if (placing.perPage) countOnPage(placing, list);
  area.append(list);
  // A block of no height (an inline would open a line of its own after the last item).
  const endMark = document.createElement('div');
  endMark.id = `${name}-end`;
  placing.result.areas.push({ id: area.id, endId: endMark.id });
  link(placing, area.id);
  link(placing, endMark.id);
  for (const li of fresh) placing.byId.get(li.id)!.area = area.id;
  for (const li of carry) {
    const from = placing.byId.get(li.dataset.continues ?? '');
    if (from) from.continuedIn = area.id;
    else if (placing.byId.has(li.id)) placing.byId.get(li.id)!.area = area.id;
  }
  return { area, list, endMark };
}

/** Where the area should start: low enough for its height, below its references, in the lower half. */
function areaLine(chapter: Chapter, height: number, refBottom: number, next: Candidate | undefined): number {
  // (1 px below the reference's line: its characters' boxes may end a fraction lower.)
  let y = Math.max(chapter.colBottom - height, refBottom + 1);
  // Notes take at most the lower half of a page; the rest continues on the next.
  y = Math.max(y, chapter.top + chapter.placing.pageHeight / 2);
  // The line of the first reference that goes on to the next page goes below the area.
  if (next) y = Math.min(y, next.top);
  return y;
}

/** The area put in the body and filled; what goes on to the next page. */
function placeArea(
  chapter: Chapter,
  open: OpenArea,
  k: number,
  last: number,
  y: number,
  refBottom: number,
  continued: boolean,
): HTMLElement[] {
  const { area, list, fresh } = open;
  const { sizes } = chapter;
  const placedTop = putArea(chapter, area, k, last, y, refBottom);
  const reserve = continued && fresh.length > 0 && fresh.every((li) => sizes.heights.has(li)) ? sizes.of(fresh) : 0;
  const carried = fit(chapter, list, k, chapter.colBottom, reserve);
  const placed = moveOnUnfitted(chapter, open, carried, k, { placedTop, height: open.height });
  if (!list.querySelector('li')) {
    // Nothing fitted: no area here.
    area.remove();
    chapter.placing.result.areas.pop();
    chapter.placing.links.lastChild?.remove();
    chapter.placing.links.lastChild?.remove();
    return placed.carry;
  }
  area.append(open.endMark);
  fillDown(chapter, area, placed.carry, placed.placedTop, placed.height);
  return placed.carry;
}

/**
 * The area starts below the margin of the block before it: where that puts it too low, it is
 * placed again higher up (never above the reference's line). Returns the area's top.
 */
function putArea(chapter: Chapter, area: HTMLElement, k: number, last: number, from: number, refBottom: number) {
  const { end, flow } = chapter;
  let y = from;
  let placedTop: number | undefined;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const endsHere = last < k || (last === k && end.getBoundingClientRect().top <= y);
    if (endsHere) {
      // The chapter's last page: nothing follows in the chapter to break from.
      end.before(area);
      area.style.breakAfter = 'auto';
      placedTop = fragment(chapter, area, k)?.top;
      break;
    }
    const at = findBreak(chapter, flow, k, y);
    if (at) at(area);
    else end.before(area);
    placedTop = fragment(chapter, area, k)?.top;
    const below = (placedTop ?? y) - y;
    const higher = Math.max(y - below - 1, refBottom + 1);
    if (below <= 0.5 || higher >= y) break;
    area.remove();
    y = higher;
  }
  return placedTop;
}

/**
 * A note of this page of which no line fitted (its reference's unit ends lower than estimated,
 * e.g. by its block's margin): it goes on with its reference's line and the notes after it, the
 * area moved up above that line (once for each note: there it is near the top).
 */
function moveOnUnfitted(
  chapter: Chapter,
  { area, list, fresh, freshRefs }: OpenArea,
  carried: HTMLElement[],
  k: number,
  placed: { placedTop: number | undefined; height: number },
): { carry: HTMLElement[]; placedTop: number | undefined; height: number } {
  const gone = movedOn(chapter, fresh, freshRefs, carried, k);
  if (gone === -1) return { carry: carried, ...placed };
  const moved = fresh.slice(gone);
  const carry = carried.filter((li) => !moved.includes(li));
  for (const li of moved) unplace(chapter.placing, li);
  const first = freshRefs[gone]!;
  const at = unitSpan(chapter, first, first.getClientRects()[0]!, k).top;
  area.remove();
  if (!list.querySelector('li')) {
    breakAt(chapter, k, at);
    return { carry, ...placed };
  }
  const put: Insert = findBreak(chapter, chapter.flow, k, at) ?? ((a: HTMLElement) => chapter.end.before(a));
  put(area);
  const placedTop = fragment(chapter, area, k)?.top;
  return { carry, placedTop, height: placedTop === undefined ? placed.height : area.getBoundingClientRect().height };
}

/** The area down to the page foot, and as wide as the column. */
function fillDown(
  chapter: Chapter,
  area: HTMLElement,
  carry: HTMLElement[],
  placedTop: number | undefined,
  height: number,
): void {
  const { colBottom, flow, width } = chapter;
  // Down to the page foot (padding, which no margin collapses into); an area cut at the foot is there.
  if (carry.length === 0 && placedTop !== undefined && placedTop + height < colBottom)
    area.style.paddingTop = `${colBottom - placedTop - height}px`;
  // As wide as the column, even when the area stands inside a list or a quotation (from the
  // styles: no layout is asked for).
  let inset = 0;
  for (let el = area.parentElement; el && el !== flow; el = el.parentElement) {
    const s = getComputedStyle(el);
    inset += parseFloat(s.marginLeft) + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft);
  }
  if (Math.abs(inset) > 0.5) {
    area.style.marginLeft = `${-inset}px`;
    area.style.width = `${width}px`;
  }
}

/** The marks' markers, once every page of the chapter is laid out (an empty inline moves no line). */
function addMarkers({ placing, index }: Chapter, notesFrom: number): void {
  for (const [i, placed] of placing.result.notes.slice(notesFrom).entries()) {
    const ref = document.getElementById(placed.refId);
    if (!ref) continue;
    placed.markId = `${placing.prefix}${index}-mark-${i + 1}`;
    const marker = document.createElement('span');
    marker.id = placed.markId;
    (ref.closest('sup') ?? ref).after(marker);
    link(placing, marker.id);
  }
}

/**
 * The index of the first note of this page carried on whole by `fit` (not moved on before), taken
 * back to the first whose reference's unit starts below every unit kept; -1 for none.
 */
function movedOn(
  chapter: Chapter,
  fresh: HTMLElement[],
  freshRefs: HTMLElement[],
  carried: HTMLElement[],
  k: number,
): number {
  let gone = fresh.findIndex((li) => carried.includes(li) && !chapter.placing.pushed.has(li));
  if (gone === -1) return -1;
  const spans = freshRefs.map((ref) => unitSpan(chapter, ref, ref.getClientRects()[0]!, k));
  while (gone > 0 && spans[gone]!.top < Math.max(...spans.slice(0, gone).map((u) => u.bottom))) gone -= 1;
  return gone;
}

/** A note taken off this page: back to the store, to be placed with its reference on the next. */
function unplace(placing: Placing, li: HTMLElement): void {
  placing.pushed.add(li);
  placing.byId.delete(li.id);
  placing.result.notes.splice(
    placing.result.notes.findIndex((n) => n.id === li.id),
    1,
  );
  placing.store.querySelector('ol')?.append(li);
}

/** The first references on page k (or left on an earlier page, placed late rather than lost). */
function pageCandidates(chapter: Chapter, k: number): Candidate[] {
  const { stored, byId } = chapter.placing;
  const found: Candidate[] = [];
  const seen = new Set<string>();
  for (const ref of chapter.refs) {
    const id = targetOf(ref);
    const rect = ref.getClientRects()[0];
    if (!rect || chapter.colOf(rect) > k || !stored.has(id) || byId.has(id) || seen.has(id)) continue;
    seen.add(id);
    found.push({ ref, note: stored.get(id)!, ...unitSpan(chapter, ref, rect, k) });
  }
  return found;
}

/**
 * How many of the candidates stay on this page: each while the first line of its note still
 * fits under the notes before it, the area starting below every reference kept (and in the lower
 * half of the page). A note moved on once always stays (then its reference is near the top).
 */
function takenOnPage({ placing, sizes, top }: Chapter, candidates: Candidate[], bottom: number): number {
  const { pushed, pageHeight } = placing;
  let taken = 0;
  let lowest = Number.NEGATIVE_INFINITY;
  for (const [i, c] of candidates.entries()) {
    lowest = Math.max(lowest, c.bottom);
    const notes = candidates.slice(0, i + 1).map((x) => x.note);
    const known = notes.every((li) => sizes.heights.has(li));
    const need = known ? sizes.of(notes) - sizes.heights.get(c.note)! + sizes.firsts.get(c.note)! : 0;
    if (!pushed.has(c.note) && Math.max(lowest + 1, top + pageHeight / 2) + need > bottom) break;
    taken = i + 1;
  }
  // A reference on the line of the first one that goes on goes with it.
  while (taken > 0 && taken < candidates.length && !pushed.has(candidates[taken - 1]!.note)) {
    const kept = Math.max(...candidates.slice(0, taken).map((c) => c.bottom));
    if (candidates[taken]!.top >= kept + 1) break;
    taken -= 1;
  }
  return taken;
}

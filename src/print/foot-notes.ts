// Notes at the foot of the page (theme `notes: foot`), placed natively before the first print.
// Chromium has no `float: footnote` and does not expose pagination, but it fragments a multi-column
// box with the same engine as pages: each chapter is laid out, while measuring, in columns exactly one
// page tall (print.css `.foot-measure`). Page by page (column by column), the notes first referenced
// on it move from the hidden store (render/place-notes.ts) into a `.foot-area` inserted where the
// body must end for them to fit: the block crossing that line is split at its last line that fits
// (a table between rows), the area is padded down to the page foot, and a forced break follows it.
// A reference whose note cannot start below it (its line too low, under the notes before it) goes on
// to the next page with its line, the body ending above it; the rest of a note that does not fit
// continues at the foot of the next page, marked as continued. One pass in page order, each page
// visited once, each reference moved on at most once: nothing can loop. foot-proof.ts checks the
// printed PDF (the page of each mark from an empty marker after it).
import type { Page } from 'puppeteer-core';
import { FOOT_STORE_CLASS, hasFootStore } from '../render/place-notes.js';
import { keepChapters, keepPlacement, lastChapters, lastPlacement, placementKey } from './foot-cache.js';
import { headOf } from './page.js';
import { fitAndMark, fitTables, type Marked } from './layout-check.js';
import { settleKey } from './settle-cache.js';
import { applyTracks, applyVariants } from './word-spaces.js';

/** Marker ids of the note areas (start and end), removed from the final PDF with the layout markers. */
export const FOOT_MARKER_PREFIX = 'lc-foot-';

export interface PlacedNote {
  /** The note's id (its destination); its first reference's id. */
  id: string;
  refId: string;
  /**
   * An empty marker just after the reference mark, whose destination is the page of the mark: the
   * mark's own box (a superscript) stands above its line, and at the top of a page Chromium gives
   * its destination the page before.
   */
  markId: string;
  /** The area it was put in, and the area of its continuation (if it was split). */
  area: string;
  continuedIn?: string;
  /** `file:line:column` of the block holding the reference. */
  source?: string;
  label: string;
}

export interface FootArea {
  id: string;
  endId: string;
  /** After the chapter's last line, notes still continued: they may run on to the next page. */
  tail?: boolean;
}

/** A note first referenced on the page being filled, and its reference's unit (see unitSpan). */
interface Candidate {
  ref: HTMLElement;
  note: HTMLElement;
  top: number;
  bottom: number;
}

export interface FootNotes {
  notes: PlacedNote[];
  areas: FootArea[];
  /** Notes whose reference is in no chapter's text (still in the store: not printed). */
  unplaced: Array<{ id: string; label: string }>;
  ms: number;
  /** Put in as the last build of the same HTML placed them (foot-cache.ts). */
  kept?: boolean;
  /** Of the chapters with notes, how many were put in as the last build placed them. */
  reused?: { chapters: number; of: number };
  /** The key the placement is kept under (foot-cache.ts): the print's marker places are kept under it too. */
  key?: string;
}

/** A chapter as placed (its element's HTML), what was placed in it, and the ids its markers need linked. */
export interface KeptChapter {
  html: string;
  notes: PlacedNote[];
  areas: FootArea[];
  links: string[];
}

/** What the last build knows of this page: its HTML and browser, for the placement kept (foot-cache.ts). */
export interface PlacementCache {
  /** The PDF's path (one kept placement per PDF). */
  pdf: string;
  html: string;
  browserVersion: string;
  /** A draft's page keeps its soft hyphens: another body, another key. */
  draft: boolean;
  /** What marking the layout found before placing, kept with the body. */
  marked: Marked;
}

/**
 * The key of a placement: the HTML, the browser, and the code of every step that made the body it
 * keeps (settling, fitting and marking, placing): a build that puts that body in skips them all.
 * (A step added to preparing the page belongs here.)
 */
function keyOf({ html, browserVersion, draft }: Omit<PlacementCache, 'marked' | 'pdf'>): string {
  const code = [
    draft ? 'draft' : settleKey('', browserVersion), // the settling code (the HTML is in the key)
    applyVariants,
    applyTracks,
    fitTables,
    fitAndMark,
    footNotesInPage,
  ];
  return placementKey(html, browserVersion, code.map(String).join('\0'));
}

/** The page as the last build of this same HTML prepared it (body, layout marks, notes placed), if kept. */
export function keptPreparation(
  cache: Omit<PlacementCache, 'marked'>,
): { body: string; marked: Marked; foot: FootNotes; key: string } | undefined {
  if (!hasFootStore(cache.html)) return undefined;
  const key = keyOf(cache);
  const last = lastPlacement(cache.pdf, key);
  return last && isFootNotes(last.foot) ? { body: last.body, marked: last.marked, foot: last.foot, key } : undefined;
}

/**
 * Place every stored note at the foot of its reference's page; undefined when the edition has no store.
 * With a cache: the placement the last build of the same HTML made, put in the page in one step.
 */
export async function placeFootNotes(page: Page, cache?: PlacementCache): Promise<FootNotes | undefined> {
  const args = { store: FOOT_STORE_CLASS, prefix: FOOT_MARKER_PREFIX };
  if (!cache || !hasFootStore(cache.html)) {
    const placed = await page.evaluate(footNotesInPage, { ...args, keep: false });
    if (!placed || !('notes' in placed)) return undefined;
    const { before: _before, body: _body, ...foot } = placed;
    return foot;
  }
  const key = keyOf(cache);
  const last = lastPlacement(cache.pdf, key);
  const known = last && isFootNotes(last.foot) ? last : undefined;
  // The chapters the last build placed, for an edition edited since (under the head, not the HTML).
  const head = headOf(cache.html);
  const chaptersKey = head ? keyOf({ ...cache, html: head }) : undefined;
  const chapters = !known && chaptersKey ? lastChapters(cache.pdf, chaptersKey) : undefined;
  const placed = await page.evaluate(footNotesInPage, {
    ...args,
    keep: true,
    kept: known ? { before: known.before, body: known.body } : undefined,
    chapters: chapters ? filterChapters(chapters) : undefined,
  });
  if (!placed) return undefined;
  if ('restored' in placed) return { ...(known!.foot as FootNotes), ms: placed.ms, kept: true, key };
  const { before, body, chapters: placedChapters, ...foot } = placed;
  if (body !== undefined) keepPlacement(cache.pdf, { key, before, body, foot, marked: cache.marked });
  if (chaptersKey) keepChapters(cache.pdf, { key: chaptersKey, chapters: placedChapters });
  return body === undefined ? foot : { ...foot, key };
}

/** The kept chapters of the shape the page expects (anything else is left out: placed afresh). */
function filterChapters(chapters: Record<string, unknown>): Record<string, KeptChapter> {
  const sound = (c: Partial<KeptChapter> | null): c is KeptChapter =>
    typeof c === 'object' &&
    c !== null &&
    typeof c.html === 'string' &&
    Array.isArray(c.links) &&
    c.links.every((l) => typeof l === 'string') &&
    isFootNotes({ notes: c.notes, areas: c.areas, unplaced: [] });
  return Object.fromEntries(
    Object.entries(chapters).filter((e): e is [string, KeptChapter] => sound(e[1] as Partial<KeptChapter> | null)),
  );
}

/** The shape placeFootNotes keeps (anything else read back is a miss). */
function isFootNotes(data: unknown): data is FootNotes {
  const foot = data as Partial<FootNotes> | null;
  return (
    typeof foot === 'object' &&
    foot !== null &&
    Array.isArray(foot.notes) &&
    Array.isArray(foot.areas) &&
    Array.isArray(foot.unplaced) &&
    foot.notes.every((n) => typeof n?.id === 'string' && typeof n.refId === 'string' && typeof n.markId === 'string') &&
    foot.areas.every((a) => typeof a?.id === 'string' && typeof a.endId === 'string')
  );
}

/* The rest runs in the page (serialized by puppeteer): no imports, no closures over this module. */
async function footNotesInPage({
  store: storeClass,
  prefix,
  keep,
  kept,
  chapters: keptChapters = {},
}: {
  store: string;
  prefix: string;
  /** Return the body as placed, and a hash of the body before, for the next build. */
  keep: boolean;
  /** The last build's placement from the same HTML: put in when this body is the one it started from. */
  kept?: { before: string; body: string };
  /** The last build's chapters as placed, by a hash of each as it was before (same head, browser, code). */
  chapters?: Record<string, KeptChapter>;
}): Promise<
  | (FootNotes & { before: string; body?: string; chapters: Record<string, KeptChapter> })
  | { restored: true; ms: number }
  | undefined
> {
  const started = performance.now();
  const store = document.querySelector<HTMLElement>(`.${storeClass}`);
  if (!store) return undefined;
  // (Without the whitespace between the body's blocks, which lays out nothing: a body put in as a
  // fragment has none at its end, a whole document's parse does.)
  const before = keep
    ? hashOf(
        Array.from(document.body.childNodes)
          .map((n) => (n instanceof Element ? n.outerHTML : n.nodeType === Node.TEXT_NODE ? n.textContent!.trim() : ''))
          .join(''),
      )
    : '';
  if (kept && kept.before === before) {
    document.body.innerHTML = kept.body;
    await Promise.all([...document.images].map((image) => image.decode().catch(() => undefined)));
    return { restored: true, ms: performance.now() - started };
  }
  // Every face ready before anything is measured: a face only the notes use (the italic of a
  // continued note's label) would otherwise be measured in a fallback and printed wider.
  await Promise.all([...document.fonts].map((face) => face.load().catch(() => undefined)));
  const continuedWord = store.dataset.continued ?? 'continued';
  const perPage = store.dataset.numbers === 'page';
  const stored = new Map<string, HTMLElement>();
  for (const li of store.querySelectorAll<HTMLElement>('li[id]')) stored.set(li.id, li);
  const SAFETY = 2; // px kept free at each page foot: rounding in print must not push a line over
  const probe = document.createElement('div');
  probe.style.cssText = 'position:absolute;visibility:hidden;width:0;height:var(--content-height)';
  document.body.append(probe);
  const H = probe.getBoundingClientRect().height;
  probe.remove();

  const result: FootNotes = { notes: [], areas: [], unplaced: [], ms: 0 };
  const byId = new Map<string, PlacedNote>();
  const links = document.createElement('div');
  links.hidden = true;
  const link = (id: string) => {
    const a = document.createElement('a');
    a.href = `#${id}`;
    links.append(a);
  };
  /** Notes whose reference line was moved on to the next page (see below). */
  const pushed = new Set<HTMLElement>();
  // Each chapter starts a page, so its placement depends only on its own body and notes (and the
  // head, in the key of what was kept): a chapter as the last build found it is put in as placed.
  const chapters: Record<string, KeptChapter> = {};
  const reused = { chapters: 0, of: 0 };

  const flows = Array.from(document.querySelectorAll<HTMLElement>('.preface, main .chapter'));
  for (const [f, flow] of flows.entries()) {
    const refs = Array.from(flow.querySelectorAll<HTMLAnchorElement>('a[role="doc-noteref"]')).filter(
      (a) => !a.closest(`.${storeClass}, .foot-area`),
    );
    if (!refs.some((a) => stored.has(targetOf(a)))) continue;
    reused.of += 1;
    const pending = [...new Set(refs.map((a) => stored.get(targetOf(a))))].filter(
      (li): li is HTMLElement => li !== undefined && !byId.has(li.id),
    );
    const hash = keep ? hashOf(`${f}\0${flow.outerHTML}\0${pending.map((li) => li.outerHTML).join('')}`) : '';
    const known = keep ? keptChapters[hash] : undefined;
    if (known) {
      putChapter(flow, known);
      chapters[hash] = known;
      reused.chapters += 1;
      continue;
    }
    const notesFrom = result.notes.length;
    const areasFrom = result.areas.length;
    const linksFrom = links.childElementCount;
    // Numbered within the chapter: a chapter placed afresh renames nothing in one put in as kept.
    let areaCount = 0;
    flow.classList.add('foot-measure');
    const box = flow.getBoundingClientRect();
    const style = getComputedStyle(flow);
    const left = box.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
    const top = box.top + parseFloat(style.borderTopWidth) + parseFloat(style.paddingTop);
    const width = flow.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const step = width + parseFloat(style.columnGap);
    const colOf = (r: DOMRect) => Math.floor((r.left + 0.5 - left) / step);
    const colBottom = top + H - SAFETY;
    const sizes = measureNotes(
      refs.map((a) => stored.get(targetOf(a))).filter((li): li is HTMLElement => li !== undefined && !byId.has(li.id)),
      width,
    );
    const end = document.createElement('div');
    flow.append(end);
    let carry: HTMLElement[] = [];
    for (let k = 0; k < 10_000; k += 1) {
      const last = colOf(end.getBoundingClientRect());
      if (k > last && carry.length === 0) break;
      // The notes first referenced on this page, in reference order, each with the unit (line, row
      // or box) of its reference, which must stay above the area.
      const candidates = pageCandidates(k);
      // Those whose first line fits below their reference stay; the rest go on to the next page with
      // their reference's line (the area starts above it), so no note leaves its reference's page.
      const taken = takenOnPage(candidates, colBottom);
      const next = candidates[taken];
      for (const c of candidates.slice(taken)) pushed.add(c.note);
      const fresh: HTMLElement[] = [];
      const freshRefs: HTMLElement[] = [];
      let refBottom = Number.NEGATIVE_INFINITY;
      for (const { ref, note, bottom } of candidates.slice(0, taken)) {
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
        byId.set(note.id, placed);
        result.notes.push(placed);
        refBottom = Math.max(refBottom, bottom);
      }
      if (fresh.length === 0 && carry.length === 0) {
        // Not even the first note's first line fits below its reference: the body ends above that
        // line, which starts the next page with its note (each note once: it is then near the top).
        if (next) breakAt(k, next.top);
        continue;
      }
      if (fresh.length === 0 && carry.length === 0) continue;
      areaCount += 1;
      const area = document.createElement('div');
      area.className = 'foot-area';
      area.id = `${prefix}${f}-${areaCount}`;
      area.setAttribute('role', 'doc-footnotes');
      const list = document.createElement('ol');
      list.className = 'footnotes';
      list.setAttribute('role', 'list');
      list.append(...carry, ...fresh);
      if (perPage) countOnPage(list);
      area.append(list);
      // A block of no height (an inline would open a line of its own after the last item).
      const endMark = document.createElement('div');
      endMark.id = `${prefix}${f}-${areaCount}-end`;
      result.areas.push({ id: area.id, endId: endMark.id });
      link(area.id);
      link(endMark.id);
      for (const li of fresh) byId.get(li.id)!.area = area.id;
      for (const li of carry) {
        const from = byId.get(li.dataset.continues ?? '');
        if (from) from.continuedIn = area.id;
        else if (byId.has(li.id)) byId.get(li.id)!.area = area.id;
      }
      // Fresh notes were measured once for the whole chapter; a continuation is measured now.
      let height =
        carry.length > 0 || fresh.some((li) => !sizes.heights.has(li)) ? measure(area, width) : sizes.of(fresh);
      // (1 px below the reference's line: its characters' boxes may end a fraction lower.)
      let y = Math.max(colBottom - height, refBottom + 1);
      // Notes take at most the lower half of a page; the rest continues on the next.
      y = Math.max(y, top + H / 2);
      // The line of the first reference that goes on to the next page goes below the area.
      if (next) y = Math.min(y, next.top);
      // The area starts below the margin of the block before it: where that puts it too low, it is
      // placed again higher up (never above the reference's line).
      if (fresh.length === 0 && k >= last) {
        // The chapter is over and a note still goes on: the rest follows its last line, running on
        // to the next page as LaTeX flushes notes at a chapter's end.
        end.before(area);
        area.style.breakAfter = 'auto';
        area.append(endMark);
        result.areas.at(-1)!.tail = true;
        break;
      }
      let placedTop: number | undefined;
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const endsHere = last < k || (last === k && end.getBoundingClientRect().top <= y);
        if (endsHere) {
          // The chapter's last page: nothing follows in the chapter to break from.
          end.before(area);
          area.style.breakAfter = 'auto';
          placedTop = fragment(area, k)?.top;
          break;
        }
        const at = findBreak(flow, k, y);
        if (at) at(area);
        else end.before(area);
        placedTop = fragment(area, k)?.top;
        const below = (placedTop ?? y) - y;
        const higher = Math.max(y - below - 1, refBottom + 1);
        if (below <= 0.5 || higher >= y) break;
        area.remove();
        y = higher;
      }
      carry = fit(
        list,
        k,
        colBottom,
        carry.length > 0 && fresh.length > 0 && fresh.every((li) => sizes.heights.has(li)) ? sizes.of(fresh) : 0,
      );
      // A note of this page of which no line fitted (its reference's unit ends lower than estimated,
      // e.g. by its block's margin): it goes on with its reference's line and the notes after it,
      // the area moved up above that line (once for each note: there it is near the top).
      const gone = movedOn(fresh, freshRefs, carry, k);
      if (gone !== -1) {
        const moved = fresh.slice(gone);
        carry = carry.filter((li) => !moved.includes(li));
        for (const li of moved) unplace(li);
        const first = freshRefs[gone]!;
        const at = unitSpan(first, first.getClientRects()[0]!, k).top;
        area.remove();
        if (list.querySelector('li')) {
          (findBreak(flow, k, at) ?? ((a: HTMLElement) => end.before(a)))(area);
          placedTop = fragment(area, k)?.top;
          height = placedTop === undefined ? height : area.getBoundingClientRect().height;
        } else breakAt(k, at);
      }
      if (!list.querySelector('li')) {
        // Nothing fitted: no area here.
        area.remove();
        result.areas.pop();
        links.lastChild?.remove();
        links.lastChild?.remove();
        continue;
      }
      area.append(endMark);
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
    end.remove();
    flow.classList.remove('foot-measure');
    // The marks' markers, once every page of the chapter is laid out (an empty inline moves no line).
    for (const [i, placed] of result.notes.slice(notesFrom).entries()) {
      const ref = document.getElementById(placed.refId);
      if (!ref) continue;
      placed.markId = `${prefix}${f}-mark-${i + 1}`;
      const marker = document.createElement('span');
      marker.id = placed.markId;
      (ref.closest('sup') ?? ref).after(marker);
      link(marker.id);
    }
    if (keep)
      chapters[hash] = {
        html: flow.outerHTML,
        notes: result.notes.slice(notesFrom),
        areas: result.areas.slice(areasFrom),
        links: Array.from(links.children)
          .slice(linksFrom)
          .map((a) => a.getAttribute('href')!.slice(1)),
      };

    /**
     * The index of the first note of this page carried on whole by `fit` (not moved on before), taken
     * back to the first whose reference's unit starts below every unit kept; -1 for none.
     */
    function movedOn(fresh: HTMLElement[], freshRefs: HTMLElement[], carried: HTMLElement[], k: number): number {
      let gone = fresh.findIndex((li) => carried.includes(li) && !pushed.has(li));
      if (gone === -1) return -1;
      const spans = freshRefs.map((ref) => unitSpan(ref, ref.getClientRects()[0]!, k));
      while (gone > 0 && spans[gone]!.top < Math.max(...spans.slice(0, gone).map((u) => u.bottom))) gone -= 1;
      return gone;
    }

    /** A note taken off this page: back to the store, to be placed with its reference on the next. */
    function unplace(li: HTMLElement): void {
      pushed.add(li);
      byId.delete(li.id);
      result.notes.splice(
        result.notes.findIndex((n) => n.id === li.id),
        1,
      );
      store!.querySelector('ol')?.append(li);
    }

    /** The first references on page k (or left on an earlier page, placed late rather than lost). */
    function pageCandidates(k: number): Candidate[] {
      const found: Candidate[] = [];
      const seen = new Set<string>();
      for (const ref of refs) {
        const id = targetOf(ref);
        const rect = ref.getClientRects()[0];
        if (!rect || colOf(rect) > k || !stored.has(id) || byId.has(id) || seen.has(id)) continue;
        seen.add(id);
        found.push({ ref, note: stored.get(id)!, ...unitSpan(ref, rect, k) });
      }
      return found;
    }

    /**
     * How many of the candidates stay on this page: each while the first line of its note still
     * fits under the notes before it, the area starting below every reference kept (and in the lower
     * half of the page). A note moved on once always stays (then its reference is near the top).
     */
    function takenOnPage(candidates: Candidate[], bottom: number): number {
      let taken = 0;
      let lowest = Number.NEGATIVE_INFINITY;
      for (const [i, c] of candidates.entries()) {
        lowest = Math.max(lowest, c.bottom);
        const notes = candidates.slice(0, i + 1).map((x) => x.note);
        const known = notes.every((li) => sizes.heights.has(li));
        const need = known ? sizes.of(notes) - sizes.heights.get(c.note)! + sizes.firsts.get(c.note)! : 0;
        if (!pushed.has(c.note) && Math.max(lowest + 1, top + H / 2) + need > bottom) break;
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

    /** The body of page k ends above y: the rest starts the next page. */
    function breakAt(k: number, y: number): void {
      const brk = document.createElement('div');
      brk.className = 'foot-break';
      findBreak(flow, k, y)?.(brk);
    }

    /**
     * The reference's unit: its line, its table row or unbreakable box, or the floated box holding it.
     * `bottom`: where the area may start for the unit to stay above it; `top`: an area starting there
     * (or higher) sends the unit on to the next page.
     */
    function unitSpan(ref: HTMLElement, rect: DOMRect, k: number): { top: number; bottom: number } {
      let atomic: Element | undefined;
      for (let el = ref.parentElement; el && el !== flow; el = el.parentElement) {
        const s = getComputedStyle(el);
        // A floated box (a callout in the side column) stays while its anchor does.
        if (s.float !== 'none') {
          const boxTop = el.getBoundingClientRect().top;
          return { top: boxTop, bottom: boxTop + 1 };
        }
        if (isAtomic(el) || el.tagName === 'TR') atomic = el;
      }
      if (atomic) {
        const f = fragment(atomic, k);
        return { top: f?.top ?? rect.top, bottom: f?.bottom ?? rect.bottom };
      }
      const bottom = lineBottom(ref, rect);
      const block = ref.closest('p, li, dd, dt, td, th, figcaption') ?? ref.parentElement!;
      const lineHeight = parseFloat(getComputedStyle(block).lineHeight) || 16;
      return { top: bottom - 0.8 * lineHeight, bottom };
    }

    /** The block-level split point at height y of column k, as a function that inserts the area there. */
    function findBreak(container: Element, k: number, y: number): ((area: HTMLElement) => void) | undefined {
      for (const child of Array.from(container.children)) {
        if (child === end || child.matches(`.foot-area, .foot-break, .${storeClass}, [hidden]`)) continue;
        const s = getComputedStyle(child);
        if (s.display === 'none' || s.float !== 'none' || s.position === 'absolute' || s.position === 'fixed') continue;
        const f = fragment(child, k);
        if (!f) {
          const first = Array.from(child.getClientRects()).find((r) => r.width > 0 || r.height > 0);
          if (first && colOf(first) > k) return (area) => child.before(area);
          continue;
        }
        if (f.bottom <= y + 0.5) continue;
        if (f.top >= y - 0.5 || isAtomic(child)) return (area) => child.before(area);
        if (child.tagName === 'TABLE') return splitTable(child as HTMLTableElement, k, y);
        if (isContainer(child)) return findBreak(child, k, y) ?? ((area) => child.after(area));
        const rest = splitText(child, k, y);
        if (rest === 'before') return (area) => child.before(area);
        if (rest === 'after') return (area) => child.after(area);
        return (area) => child.after(area, rest);
      }
      return undefined;
    }

    /** A table split before its first row that does not fit (the header row repeated). */
    function splitTable(table: HTMLTableElement, k: number, y: number): (area: HTMLElement) => void {
      const rows = Array.from(table.tBodies).flatMap((b) => Array.from(b.rows));
      const first = rows.findIndex((row) => {
        const f = fragment(row, k);
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
    function splitText(block: Element, k: number, y: number): HTMLElement | 'before' | 'after' {
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

    /**
     * Keep in the area the notes that fit above the page foot; split the first that does not at its
     * last line that fits. Returns what continues on the next page (a continuation item first).
     */
    function fit(list: HTMLElement, k: number, bottom: number, reserve: number): HTMLElement[] {
      const carried: HTMLElement[] = [];
      // A note continued from the page before gives way to this page's own notes (`reserve`: their
      // height): it is cut above them.
      const first = list.firstElementChild as HTMLElement | null;
      if (reserve > 0 && first?.classList.contains('foot-continued')) {
        const rest = splitNote(first, k, bottom - reserve);
        if (rest) carried.push(rest);
      }
      const items = Array.from(list.children) as HTMLElement[];
      const over = items.findIndex((li) => {
        const f = fragment(li, k);
        return !f || f.bottom > bottom + 0.5;
      });
      if (over === -1) return carried;
      const li = items[over]!;
      const later = items.slice(over + 1);
      for (const moved of later) moved.remove();
      const rest = splitNote(li, k, bottom);
      if (rest) return [...carried, rest, ...later];
      // Nothing of it fits: the whole note goes on (the proof names it: it left its reference's page).
      li.remove();
      return [...carried, li, ...later];
    }

    /** The lines of a note below y (or in a later column) moved into a continuation item, returned. */
    function splitNote(li: HTMLElement, k: number, y: number): HTMLElement | undefined {
      const body = li.querySelector('.note-body') ?? li;
      const at = firstAfter(body, (r) => colOf(r) !== k || r.bottom > y + 0.5);
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
      label.textContent = `${cont.dataset.label} (${continuedWord})`;
      const contBody = document.createElement('div');
      contBody.className = 'note-body';
      contBody.append(range.extractContents());
      cont.append(label, contBody);
      return cont;
    }

    function fragment(el: Element, k: number): { top: number; bottom: number; left: number } | undefined {
      let found: { top: number; bottom: number; left: number } | undefined;
      for (const r of Array.from(el.getClientRects())) {
        if ((r.width === 0 && r.height === 0) || colOf(r) !== k) continue;
        found = found
          ? {
              top: Math.min(found.top, r.top),
              bottom: Math.max(found.bottom, r.bottom),
              left: Math.min(found.left, r.left),
            }
          : { top: r.top, bottom: r.bottom, left: r.left };
      }
      return found;
    }

    /** The first character (in document order) of `block` whose box `after` says is past the split. */
    function firstAfter(block: Node, after: (r: DOMRect) => boolean): { node: Text; offset: number } | undefined {
      const texts: Text[] = [];
      const own = block instanceof Element ? block.closest('.foot-area') : null;
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        // Text of a note area placed earlier in this block is not body text.
        const area = n.parentElement?.closest('.foot-area');
        if (area && area !== own) continue;
        if ((n as Text).data.length > 0) texts.push(n as Text);
      }
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
  }

  for (const [id, li] of stored)
    if (!byId.has(id)) result.unplaced.push({ id, label: li.querySelector('.note-label')?.textContent ?? '' });
  document.body.append(links);
  result.ms = performance.now() - started;
  if (keep) result.reused = reused;
  return { ...result, before, body: keep ? document.body.innerHTML : undefined, chapters };

  /**
   * A chapter as the last build placed it, in place of this one (the same before placing): its
   * notes leave the store as they would have, and count as placed for the chapters after it.
   */
  function putChapter(flow: HTMLElement, chapter: KeptChapter): void {
    const range = document.createRange();
    range.selectNode(flow);
    flow.replaceWith(range.createContextualFragment(chapter.html));
    for (const note of chapter.notes) {
      stored.get(note.id)?.remove();
      byId.set(note.id, note);
      result.notes.push(note);
      // Marks counted per page: the other references to its notes show the same mark.
      if (perPage)
        for (const ref of Array.from(
          document.querySelectorAll(`a[role="doc-noteref"][href="#${CSS.escape(note.id)}"]`),
        ))
          ref.textContent = note.label;
    }
    result.areas.push(...chapter.areas);
    for (const id of chapter.links) link(id);
  }

  /** A 53-bit hash of a string and its length (cyrb53): enough to tell two bodies of one HTML apart. */
  function hashOf(text: string): string {
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return `${text.length}:${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)}`;
  }

  /**
   * Marks counted per page (theme `note-numbers: page`): * † ‡ § ‖ ¶, then doubled, from each page;
   * set before the page is measured, since a mark's width moves the lines it stands in.
   */
  function countOnPage(list: Element): void {
    const symbols = ['*', '†', '‡', '§', '‖', '¶'];
    let n = 0;
    for (const li of Array.from(list.querySelectorAll<HTMLElement>(':scope > li[id]'))) {
      const symbol = symbols[n % symbols.length]!.repeat(Math.floor(n / symbols.length) + 1);
      n += 1;
      const label = li.querySelector('.note-label');
      if (label) label.textContent = symbol;
      for (const ref of Array.from(document.querySelectorAll(`a[role="doc-noteref"][href="#${CSS.escape(li.id)}"]`)))
        ref.textContent = symbol;
      const placed = byId.get(li.id);
      if (placed) placed.label = symbol;
    }
  }

  function targetOf(a: HTMLAnchorElement): string {
    try {
      return decodeURIComponent(a.hash.slice(1));
    } catch {
      return a.hash.slice(1);
    }
  }

  function sourceOf(el: Element): string | undefined {
    return el.closest('[data-source]')?.getAttribute('data-source') ?? undefined;
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

  /**
   * The heights of a chapter's notes in one layout (an area holding them all, off the page): any
   * subset's area height is then a sum. Each note goes back to the store.
   */
  function measureNotes(notes: HTMLElement[], width: number) {
    const heights = new Map<HTMLElement, number>();
    const area = document.createElement('div');
    area.className = 'foot-area';
    const list = document.createElement('ol');
    list.className = 'footnotes';
    area.append(list);
    const unique = [...new Set(notes)];
    list.append(...unique);
    const host = document.createElement('div');
    host.style.cssText = `position:absolute;left:-20000px;top:0;visibility:hidden;width:${width}px`;
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
    store!.querySelector('ol')?.append(...unique);
    host.remove();
    return {
      heights,
      firsts,
      of: (items: HTMLElement[]) =>
        before + after + items.reduce((sum, li) => sum + heights.get(li)!, 0) + gap * Math.max(0, items.length - 1),
    };
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

  function measure(area: HTMLElement, width: number): number {
    const host = document.createElement('div');
    host.style.cssText = `position:absolute;left:-20000px;top:0;visibility:hidden;width:${width}px`;
    host.append(area);
    document.body.append(host);
    const height = area.getBoundingClientRect().height;
    area.remove();
    host.remove();
    return height;
  }
}

// Notes at the foot of the page, placed in the print page (the method: ../foot-notes.ts). A body
// that is the one the last build started from gets that build's placement in one step; a chapter
// as the last build found it gets its chapter as placed; every other chapter is placed page by page
// (foot-pages.ts).
import type { FootInPage, FootPlaced, KeptChapter } from '../foot-notes.js';
import { placeChapter } from './foot-pages.js';
import { hashOf, link, type Placing, targetOf } from './foot-state.js';
import { contentHeight } from './text.js';

/** Place every stored note at the foot of its reference's page; undefined when the page has no store. */
export async function placeFootNotes({
  store: storeClass,
  prefix,
  keep,
  kept,
  chapters: keptChapters = {},
}: FootInPage): Promise<FootPlaced | { restored: true; ms: number } | undefined> {
  const started = performance.now();
  const store = document.querySelector<HTMLElement>(`.${storeClass}`);
  if (!store) return undefined;
  const before = keep ? bodyHash() : '';
  if (kept && kept.before === before) {
    document.body.innerHTML = kept.body;
    await Promise.all([...document.images].map((image) => image.decode().catch(() => undefined)));
    return { restored: true, ms: performance.now() - started };
  }
  // Every face ready before anything is measured: a face only the notes use (the italic of a
  // continued note's label) would otherwise be measured in a fallback and printed wider.
  await Promise.all([...document.fonts].map((face) => face.load().catch(() => undefined)));
  const placing = startPlacing(store, storeClass, prefix, keep);
  const { result } = placing;
  // Each chapter starts a page, so its placement depends only on its own body and notes (and the
  // head, in the key of what was kept): a chapter as the last build found it is put in as placed.
  const chapters: Record<string, KeptChapter> = {};
  const reused = { chapters: 0, of: 0 };
  const flows = Array.from(document.querySelectorAll<HTMLElement>('.preface, main .chapter'));
  for (const [f, flow] of flows.entries()) placeFlow(placing, flow, f, { kept: keptChapters, chapters, reused });
  for (const [id, li] of placing.stored)
    if (!placing.byId.has(id)) result.unplaced.push({ id, label: li.querySelector('.note-label')?.textContent ?? '' });
  document.body.append(placing.links);
  result.ms = performance.now() - started;
  if (keep) result.reused = reused;
  return { ...result, before, body: keep ? document.body.innerHTML : undefined, chapters };
}

/**
 * A hash of the body as it is before placing. (Without the whitespace between the body's blocks,
 * which lays out nothing: a body put in as a fragment has none at its end, a whole document's
 * parse does.)
 */
function bodyHash(): string {
  return hashOf(
    Array.from(document.body.childNodes)
      .map((n) => (n instanceof Element ? n.outerHTML : n.nodeType === Node.TEXT_NODE ? n.textContent!.trim() : ''))
      .join(''),
  );
}

/** The document's state for placing: the stored notes, the page height, an empty result. */
function startPlacing(store: HTMLElement, storeClass: string, prefix: string, keep: boolean): Placing {
  const continuedWord = store.dataset.continued ?? 'continued';
  const perPage = store.dataset.numbers === 'page';
  const stored = new Map<string, HTMLElement>();
  for (const li of store.querySelectorAll<HTMLElement>('li[id]')) stored.set(li.id, li);
  const pageHeight = contentHeight();
  const links = document.createElement('div');
  links.hidden = true;
  return {
    storeClass,
    prefix,
    keep,
    store,
    stored,
    continuedWord,
    perPage,
    pageHeight,
    result: { notes: [], areas: [], unplaced: [], ms: 0 },
    byId: new Map(),
    links,
    pushed: new Set(),
  };
}

/** What is kept across chapters: the last build's chapters, this build's, and how many were reused. */
interface Chapters {
  kept: Record<string, KeptChapter>;
  chapters: Record<string, KeptChapter>;
  reused: { chapters: number; of: number };
}

/** A flow (the preface or a chapter) with notes: put in as kept, or placed page by page. */
function placeFlow(placing: Placing, flow: HTMLElement, f: number, { kept, chapters, reused }: Chapters): void {
  const { stored, byId, result, links, keep } = placing;
  const refs = Array.from(flow.querySelectorAll<HTMLAnchorElement>('a[role="doc-noteref"]')).filter(
    (a) => !a.closest(`.${placing.storeClass}, .foot-area`),
  );
  if (!refs.some((a) => stored.has(targetOf(a)))) return;
  reused.of += 1;
  const pending = [...new Set(refs.map((a) => stored.get(targetOf(a))))].filter(
    (li): li is HTMLElement => li !== undefined && !byId.has(li.id),
  );
  const hash = keep ? hashOf(`${f}\0${flow.outerHTML}\0${pending.map((li) => li.outerHTML).join('')}`) : '';
  const known = keep ? kept[hash] : undefined;
  if (known) {
    putChapter(placing, flow, known);
    chapters[hash] = known;
    reused.chapters += 1;
    return;
  }
  const notesFrom = result.notes.length;
  const areasFrom = result.areas.length;
  const linksFrom = links.childElementCount;
  placeChapter(placing, flow, f, refs);
  if (keep)
    chapters[hash] = {
      html: flow.outerHTML,
      notes: result.notes.slice(notesFrom),
      areas: result.areas.slice(areasFrom),
      links: Array.from(links.children)
        .slice(linksFrom)
        .map((a) => a.getAttribute('href')!.slice(1)),
    };
}

/**
 * A chapter as the last build placed it, in place of this one (the same before placing): its
 * notes leave the store as they would have, and count as placed for the chapters after it.
 */
function putChapter(placing: Placing, flow: HTMLElement, chapter: KeptChapter): void {
  const range = document.createRange();
  range.selectNode(flow);
  flow.replaceWith(range.createContextualFragment(chapter.html));
  for (const note of chapter.notes) {
    placing.stored.get(note.id)?.remove();
    placing.byId.set(note.id, note);
    placing.result.notes.push(note);
    // Marks counted per page: the other references to its notes show the same mark.
    if (placing.perPage)
      for (const ref of Array.from(document.querySelectorAll(`a[role="doc-noteref"][href="#${CSS.escape(note.id)}"]`)))
        ref.textContent = note.label;
  }
  placing.result.areas.push(...chapter.areas);
  for (const id of chapter.links) link(placing, id);
}

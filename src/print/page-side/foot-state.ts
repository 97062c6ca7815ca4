// What placing notes at the page foot keeps while it goes (see ../foot-notes.ts for the method): the
// whole document's state, and one chapter's, as it is laid out in columns one page tall.
import type { FootNotes, PlacedNote } from '../foot-notes.js';

/** The document's state while notes are placed. */
export interface Placing {
  storeClass: string;
  prefix: string;
  keep: boolean;
  /** The hidden store the notes wait in (render/place-notes.ts). */
  store: HTMLElement;
  stored: Map<string, HTMLElement>;
  /** The word after a continued note's label. */
  continuedWord: string;
  /** Theme `note-numbers: page`: marks counted per page. */
  perPage: boolean;
  /** The height of a page's content box (px). */
  pageHeight: number;
  result: FootNotes;
  byId: Map<string, PlacedNote>;
  /** Hidden links to every marker, so that Chromium writes a destination for each. */
  links: HTMLElement;
  /** Notes whose reference line was moved on to the next page. */
  pushed: Set<HTMLElement>;
}

/** The heights of a chapter's notes, measured once (see foot-measure.ts measureNotes). */
export interface NoteSizes {
  heights: Map<HTMLElement, number>;
  /** The height down to the foot of each note's first line. */
  firsts: Map<HTMLElement, number>;
  /** The height of an area holding these notes. */
  of: (items: HTMLElement[]) => number;
}

/** A chapter being placed, laid out in columns exactly one page tall (print.css `.foot-measure`). */
export interface Chapter {
  placing: Placing;
  flow: HTMLElement;
  /** Its index among the flows (preface, chapters): in the ids of its areas and markers. */
  index: number;
  refs: HTMLAnchorElement[];
  /** The column box's top (px) and width. */
  top: number;
  width: number;
  /** The lowest a column's content may reach (the page foot less a safety margin). */
  colBottom: number;
  /** The column (page) a box is in. */
  colOf: (r: DOMRect) => number;
  sizes: NoteSizes;
  /** An empty block after the chapter's content: where its text ends. */
  end: HTMLElement;
  /** Areas made so far (numbered within the chapter). */
  areaCount: number;
}

/** A hidden link to `id` (a destination Chromium writes). */
export function link(placing: Placing, id: string): void {
  const a = document.createElement('a');
  a.href = `#${id}`;
  placing.links.append(a);
}

/** The id a reference mark points to. */
export function targetOf(a: HTMLAnchorElement): string {
  try {
    return decodeURIComponent(a.hash.slice(1));
  } catch {
    return a.hash.slice(1);
  }
}

export function sourceOf(el: Element): string | undefined {
  return el.closest('[data-source]')?.getAttribute('data-source') ?? undefined;
}

/** The part of an element's boxes in column k (page k of the chapter). */
export function fragment(
  chapter: Chapter,
  el: Element,
  k: number,
): { top: number; bottom: number; left: number } | undefined {
  let found: { top: number; bottom: number; left: number } | undefined;
  for (const r of Array.from(el.getClientRects())) {
    if ((r.width === 0 && r.height === 0) || chapter.colOf(r) !== k) continue;
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

/** A 53-bit hash of a string and its length (cyrb53): enough to tell two bodies of one HTML apart. */
export function hashOf(text: string): string {
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

// Printing the edition in parts. Chromium's print pass does work for every page times every named
// destination (each `#id` some link points to: contents entries, notes, the layout check's markers),
// so one print of a long edition grows with the square of its length (measured: 244 pages, 11.2 s
// with the markers against 4.9 s without; see scripts/bench/print-elimination.js). Chapters start on
// a new page, so the edition is printed part by part in the same page: the front matter, then runs
// of chapters (short ones: a long chapter alone), each alone in the document behind one or two empty
// pages (so that its first page is a left or right page as in the whole edition, and not the
// document's first), the page counter set so that its folios are the whole edition's, printed from
// its first page on (`pageRanges`). Links between parts: the part carries a hidden link to each of its ids
// that something links to (so Chromium writes its destination), and an empty hidden element for
// each id it links to elsewhere (so Chromium writes the link). join.ts puts the parts together.
// A part printed before with the same document (its HTML, the page head, the browser) is not
// printed again: `PartCache`.
import { createHash } from 'node:crypto';
import type { PDFDocument } from 'pdf-lib';
import type { Page, PDFOptions } from 'puppeteer-core';
import type { PagePlan } from '../render/page-plan.js';
import { trace } from '../trace.js';
import { forPrintsAlone, SCREEN_HIDDEN } from './page.js';
import { inPage as pageStep, type PageSide } from './page-script.js';

/** Chapters from which an edition is printed in parts by default (one print is as fast below). */
export const PARTS_FROM_CHAPTERS = 20;
/**
 * Characters of text from which an edition is printed in parts by default, about 100 pages of the
 * review's: many short chapters are not a long edition (a README of 29 chapters and 88 pages, most of
 * them images, built in 11.1 s in parts and 9.1 s printed whole).
 */
export const PARTS_FROM_TEXT = 300_000;

/**
 * Whether to print part by part: BRIEFING_PRINT_PARTS=1 always, 0 never, else for long editions (of
 * `chapters` chapters and `text` characters of text; without `text`, whether they may be printed so).
 */
export function printInParts(chapters: number, text = Infinity, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.BRIEFING_PRINT_PARTS === '1') return true;
  if (env.BRIEFING_PRINT_PARTS === '0') return false;
  return chapters >= PARTS_FROM_CHAPTERS && text >= PARTS_FROM_TEXT;
}

/** Chapters in a part, on average: a chapter opens a part when its id hashes to 0 modulo this. */
const CHAPTERS_PER_PART = 3;
/**
 * The text (characters) a part of several chapters holds at most, about 10 pages: an edit reprints
 * its part, and a part's print costs Chromium its pages (20 × the review: a part of 130 pages, ~0.8 s
 * of its CPU, where one of 20 pages is ~0.15 s). A part opened by a chapter's id may be longer, by
 * that one chapter. The bounds move with an edit only up to the next chapter whose id opens a part.
 */
const PART_TEXT = 30_000;
/** The end of every part's page range: Chromium caps it at the last page. */
const LAST_PAGE = 99_999;
/** Where the edition's nodes wait while a part is printed. */
const ASIDE = '__briefingPartAside';
/** The id of the style that sets the spacer page and the page counter of a part's document (placeAt). */
const STYLE = 'briefing-part-place';

/** A part's PDF, kept by the key of the document it was printed from. */
export interface PartCache {
  get(key: string): Uint8Array | undefined;
  set(key: string, pdf: Uint8Array): void;
  /**
   * The last build's parts loaded ahead with `load`, while this process waits for the page (part-cache.ts:
   * resolves once all are); the print view's parts are loaded between saves instead (dev/view-parts.ts).
   */
  loadAhead?(load: (pdf: Uint8Array) => Promise<PDFDocument>): Promise<void> | void;
  /** A part's PDF loaded ahead, once; undefined: load it. */
  loaded?(key: string): Promise<PDFDocument> | undefined;
}

/** A chapter of the edition, in order, and whether its id alone opens a part (partChapters). */
export interface PartChapter {
  id: string;
  opens: boolean;
}

/**
 * The edition's chapters, each with whether its id opens a part: the first chapter, and any whose
 * id hashes to 0 modulo CHAPTERS_PER_PART. Decided by each chapter's id alone, so an edit never moves
 * another part's bounds (its printed part stays reusable) past the next chapter whose id opens one.
 */
export function partChapters(plan: PagePlan): PartChapter[] {
  return plan.chapters.map((c, i) => ({
    id: c.id,
    opens: i === 0 || createHash('sha256').update(c.id).digest().readUInt32BE(0) % CHAPTERS_PER_PART === 0,
  }));
}

/**
 * The chapters that open a part: those whose id opens one, and any that would take its part over
 * `most` characters of text (`lengths`, each chapter's; null: not in the page, left out). So a
 * long chapter stands alone and a part of several is short: an edit reprints about `most` at most
 * besides its own chapter. The text counted starts again at each part, so an edit that moves a
 * bound moves none after the next chapter whose id opens a part.
 */
export function partStarts(chapters: PartChapter[], lengths: Array<number | null>, most = PART_TEXT): string[] {
  const starts: string[] = [];
  let text = 0;
  chapters.forEach(({ id, opens }, i) => {
    const length = lengths[i];
    if (length === null || length === undefined) return;
    if (opens || (text > 0 && text + length > most)) {
      starts.push(id);
      text = 0;
    }
    text += length;
  });
  return starts;
}

export interface PrintedPart {
  /** Its first page in the edition, and how many pages it has. */
  first: number;
  pages: number;
  /** Whether it came from the cache. */
  reused: boolean;
  /** What it was printed from (the document, the options, its first page): the same key, the same PDF. */
  key: string;
  /** Whether the page kept its HTML from the last print (unchanged since), not built again. */
  kept?: boolean;
}

/**
 * Print the edition (as it is in the page) in parts, in order, each from the page after the last
 * one's end. `take` is given each part's PDF in turn (the caller joins it and forgets it: no part is
 * held longer than that) with its page count, and returns the count it found. Chromium shows and
 * prints the next part while this process takes the last one (the part's pages are counted in its
 * bytes; `take`'s count is checked against it); `fresh` is given each part printed (not reused) as
 * soon as it is. The edition is taken out of the page for the whole
 * run (so that Chromium lays out only the part shown, never the whole edition between parts) and
 * put back after.
 */
export async function printParts(
  page: Page,
  chapters: PartChapter[],
  options: PDFOptions,
  key: string,
  take: (pdf: Uint8Array, key: string) => Promise<number>,
  cache?: PartCache,
  fresh?: (part: PrintedPart, pdf: Uint8Array) => void,
  begun?: () => void,
  arrivals?: Arrivals,
  loose?: Loose,
): Promise<PrintedPart[]> {
  const printed: PrintedPart[] = [];
  let first = 1;
  const ms = { digest: 0, show: 0, print: 0, take: 0 };
  const started = performance.now();
  let t = started;
  const lap = (k: 'digest' | 'show' | 'print') => {
    const now = performance.now();
    ms[k] += now - t;
    t = now;
  };
  const taker = partTaker(take, ms, begun);
  const split = arrivals ? await pipedSplit(page, chapters, arrivals) : await wholeSplit(page, chapters);
  trace(
    `parts: ${loose ? 'loose, behind one or two plain pages, the folios drawn with the running heads' : 'each behind the pages before it'}`,
  );
  const beside = helped(page, arrivals?.helper, { options, loose, geometry: split.geometry });
  let ok = false;
  try {
    // Each part laid out for its print alone, not for the screen too, before and after it.
    await forPrintsAlone(page, true);
    // Each part's HTML built apart from the document (a part shown is laid out, ~50 ms a part at
    // 20 × the review, and a part reused need not be) and digested in the page (the edition's HTML
    // is not sent for the keys), a batch at a time as the loop needs them.
    const digestOf = partDigests(page, split.count);
    const base = partsBase(key, options);
    for (let index = 0; await split.has(index); index += 1) {
      await beside.start(index, split);
      const place = placeAt(first, split.geometry, loose);
      const { digest, kept } = await digestOf(index);
      const partKey = partKeyOf(base, place, digest);
      lap('digest');
      let pdf = cache?.get(partKey);
      const reused = pdf !== undefined;
      pdf ??= await beside.printed(index);
      if (!pdf) {
        await page.evaluate(inPage, ASIDE, { show: index, place }, STYLE, BARE_FOLIOS);
        lap('show');
        const printing = page.pdf({ ...options, pageRanges: index === 0 ? '' : `${place.before + 1}-${LAST_PAGE}` });
        taker.asked();
        pdf = await printing;
      }
      lap('print');
      taker.asked();
      cache?.set(partKey, pdf);
      const pages = pageCount(pdf);
      taker.given(pdf, partKey, pages);
      const part = { first, pages, reused, key: partKey, kept };
      // Told at once, before the parts after it are joined (the print view shows its pages then).
      if (!reused) fresh?.(part, pdf);
      printed.push(part);
      first += pages;
    }
    await taker.done();
    ok = true;
  } finally {
    beside.stop();
    await page.evaluate(putBack, ASIDE, STYLE, ok);
    await forPrintsAlone(page, false);
  }
  beside.trace();
  if (arrivals) trace(`parts: printed while the chapters were prepared (${split.waits} times none ready)`);
  traceParts(ms, printed, started);
  return printed;
}

/**
 * The parts a second renderer prints once it is lent (Arrivals.helper): loose parts whose place is
 * the same whatever their first page (no @page rule tells left from right), from the last part
 * known back towards the one the print page prints, each built in the print page as it would show
 * it and put into the other page's body as HTML, with its style, then printed as there. The same
 * head and document attributes in both pages, else none. A part it fails at is printed here.
 */
function helped(
  page: Page,
  helper: Promise<PartHelper | undefined> | undefined,
  { options, loose, geometry }: { options: PDFOptions; loose: Loose | undefined; geometry: PageGeometry | undefined },
) {
  let lent: PartHelper | undefined;
  void helper?.then((h) => (lent = h));
  const claimed = new Map<number, Promise<Uint8Array>>();
  let current = 0;
  let started = false;
  let stopped = false;
  let why = '';
  const run = async (h: PartHelper, last: number) => {
    try {
      const [here, there] = await Promise.all(
        [page, h.page].map((p) => p.evaluate(documentPrint, [STYLE, SCREEN_HIDDEN])),
      );
      if (here !== there) return void (why = 'not the same document');
      await forPrintsAlone(h.page, true);
      const place = placeAt(2, geometry, loose);
      for (let j = last; j > current && !stopped; j -= 1) {
        const index = j;
        const printing = (async () => {
          const { html, css } = (await page.evaluate(inPage, ASIDE, { html: index, place }, STYLE, BARE_FOLIOS))!;
          await h.page.evaluate(showThere, html, css, STYLE);
          return h.page.pdf({ ...options, pageRanges: `${place.before + 1}-${LAST_PAGE}` });
        })();
        printing.catch(() => undefined);
        claimed.set(index, printing);
        await printing;
      }
    } catch (error) {
      why = String((error as Error).message ?? error).split('\n')[0]!;
    } finally {
      h.release();
    }
  };
  let running: Promise<void> = Promise.resolve();
  return {
    /** Before part `index`: the helper set to work from the last part once it is lent and every part is known. */
    start: async (index: number, split: Split) => {
      current = index;
      if (started || !lent || !loose || loose.sided || !split.drain) return;
      started = true;
      await split.drain();
      running = run(lent, split.count());
    },
    /** Part `index` as the helper printed it; undefined: not asked of it, or it failed. */
    printed: (index: number) => claimed.get(index)?.catch(() => undefined),
    stop: () => {
      stopped = true;
      if (!started) lent?.release();
    },
    trace: () => {
      if (started)
        void running.then(() =>
          trace(`parts: ${claimed.size} printed in the second renderer${why ? ` (then: ${why})` : ''}`),
        );
    },
  };
}

/**
 * In a page: what a part's print depends on besides the part (its head but a part's style and the
 * one hiding it from the screen alone, the root's and body's attributes), as one digest.
 */
function documentPrint(styleIds: string[]): string {
  const head = document.head.cloneNode(true) as Element;
  for (const id of styleIds) head.querySelector(`#${id}`)?.remove();
  const attributes = (el: Element) =>
    el
      .getAttributeNames()
      .filter((name) => name !== 'style')
      .map((name) => `${name}=${el.getAttribute(name)}`)
      .join('\n');
  const text = `${attributes(document.documentElement)}\0${attributes(document.body)}\0${head.outerHTML}`;
  // FNV-1a, twice over (a check that two pages hold the same, not a seal).
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i += 1) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193) >>> 0;
    b = Math.imul(b ^ text.charCodeAt(text.length - 1 - i), 0x811c9dc5) >>> 0;
  }
  return `${text.length}:${a}:${b}`;
}

/** In the helper's page: a part's body (inPage `html`) and style put in and shown; resolves once its images and faces are ready. */
function showThere(html: string, css: string, styleId: string): Promise<void> {
  document.getElementById(styleId)?.remove();
  document.documentElement.style.removeProperty('display');
  document.body.innerHTML = html;
  if (css) {
    const style = document.createElement('style');
    style.id = styleId;
    style.textContent = css;
    document.head.append(style);
  }
  const images = Array.from(document.body.querySelectorAll('img')).map((image) =>
    image.decode().catch(() => undefined),
  );
  return Promise.all([...images, document.fonts.ready]).then(() => undefined);
}

/** How the edition is split into parts as they print: the page's geometry, and whether part `index` is there. */
interface Split {
  geometry: PageGeometry | undefined;
  /** The chapter parts known (whole: all of them). */
  count: () => number;
  /** Whether part `index` is one (piped: waits until it is known). */
  has: (index: number) => Promise<boolean>;
  /** Every part known (piped: the groups prepared so far taken in; undefined: all are known). */
  drain?: () => Promise<boolean>;
  waits?: number;
}

/** The whole edition, prepared, split at once (takeOut). */
async function wholeSplit(page: Page, chapters: PartChapter[]): Promise<Split> {
  const { lengths, geometry } = await page.evaluate(
    measure,
    chapters.map((c) => c.id),
  );
  const count = await page.evaluate(takeOut, partStarts(chapters, lengths), ASIDE);
  return { geometry, count: () => count, has: (index) => Promise.resolve(index <= count) };
}

/**
 * Chapters prepared while the parts print (prepared-chapters.ts prepareGroups): each group as it is
 * ready, by chunk (main's children from 1), with the HTML of those prepared in another renderer (to
 * be put in) and its layout markers' ids (every item's id and end id: the markers' links).
 */
export interface Arrival {
  chunks: number[];
  html: Array<[number, string]>;
  markers: string[];
}

/**
 * The groups as they are ready: undefined once all are; rejects when one failed (too wide, a
 * renderer lost). Rather than wait, the print page may prepare the next group itself, in `around`.
 */
export interface Arrivals {
  next: (around: <T>(work: () => Promise<T>) => Promise<T>) => Promise<Arrival | undefined>;
  /** The second renderer once its groups are prepared, lent to print parts (undefined: it will not be). */
  helper?: Promise<PartHelper | undefined>;
}

/** A page of another renderer, with the same head, that prints parts beside the print page until released. */
export interface PartHelper {
  page: Page;
  release: () => void;
}

/**
 * The edition split into parts as its chapters are prepared: the front matter (part 0) at once, a
 * run of chapters once every chapter up to the next one that opens a part is prepared and in. Each
 * part is the part the whole edition's split gives (takeOut): its bounds are partStarts, a scan
 * from the first chapter that needs only the lengths up to the next bound; its links' targets are
 * every link of the edition (preparing adds none to a chapter and changes none: taken before the
 * chapters are prepared) and, after them as the markers' element is after all (layout-marks.ts),
 * each group's markers. pdf.ts checks both against the whole edition once it is prepared
 * (samePartsAs), and prints again when they differ.
 */
async function pipedSplit(page: Page, chapters: PartChapter[], arrivals: Arrivals): Promise<Split> {
  const taken = await page.evaluate(
    takeOutEarly,
    chapters.map((c) => c.id),
    ASIDE,
  );
  if (!taken) throw new Error('the edition cannot be split while it is prepared');
  const { chunkOf, roots, geometry } = taken;
  const ready = new Set<number>();
  const lengthOf = new Map<number, number>();
  let known = 0;
  let all = false;
  const split: Split & { waits: number; starts: string[] } = {
    geometry,
    waits: 0,
    starts: [],
    count: () => known,
    has: async (index) => {
      while (index > known && !all) await more();
      return index <= known;
    },
    drain: async () => {
      while (!all) await more();
      return true;
    },
  };
  const more = async () => {
    const arrival = await arrivals.next((work) => {
      split.waits += 1;
      return besideParts(page, work);
    });
    if (!arrival) throw new Error('the chapters were not all prepared');
    const chunks = arrival.chunks.filter((c) => c > 0);
    const lengths = await page.evaluate(arrive, ASIDE, arrival.html, arrival.markers, chunks);
    chunks.forEach((c, i) => {
      ready.add(c);
      lengthOf.set(c, lengths[i]!);
    });
    let r = 0;
    while (ready.has(r + 1)) r += 1;
    all = r === roots;
    const unready = chapters.findIndex((_, i) => chunkOf[i]! > r);
    const n = all || unready < 0 ? chapters.length : unready;
    const seen = new Set<number>();
    const prefix = chapters.slice(0, n).map((_, i) => {
      const c = chunkOf[i]!;
      if (c === 0) return null;
      if (seen.has(c)) return 0;
      seen.add(c);
      return lengthOf.get(c)!;
    });
    const starts = partStarts(chapters.slice(0, n), prefix);
    // The next chapter, not prepared yet, opens a part by its id alone: the part before it is whole.
    if (!all && chapters[n]?.opens && chunkOf[n] === r + 1) starts.push(chapters[n].id);
    split.starts = starts;
    const opens = starts.map((id) => chunkOf[chapters.findIndex((c) => c.id === id)]!);
    known = await page.evaluate(moreParts, ASIDE, opens, all);
  };
  pipedStarts.set(page, () => split.starts);
  return split;
}

/**
 * While the parts print: `work` (a group of chapters prepared in this page, prepared-chapters.ts)
 * done with no part shown, the page displayed again after.
 */
async function besideParts<T>(page: Page, work: () => Promise<T>): Promise<T> {
  await Promise.all([
    page.evaluate((styleId) => {
      document.getElementById(styleId)?.remove();
      document.body.replaceChildren();
    }, STYLE),
    forPrintsAlone(page, false),
  ]);
  try {
    return await work();
  } finally {
    await page.evaluate(() => {
      document.body.replaceChildren();
      document.documentElement.style.removeProperty('display');
    });
    await forPrintsAlone(page, true);
  }
}

/** The part bounds of the last piped split in a page (for samePartsAs). */
const pipedStarts = new WeakMap<Page, () => string[]>();

/**
 * Whether the parts printed while the edition was prepared (piped) are the parts of the whole
 * edition as it is now in the page: the same bounds and the same links' targets.
 */
export async function samePartsAs(page: Page, chapters: PartChapter[]): Promise<boolean> {
  const starts = pipedStarts.get(page)?.();
  pipedStarts.delete(page);
  if (!starts) return false;
  const { lengths } = await page.evaluate(
    measure,
    chapters.map((c) => c.id),
  );
  const whole = partStarts(chapters, lengths);
  if (whole.length !== starts.length || whole.some((id, i) => id !== starts[i])) return false;
  return page.evaluate(sameTargets);
}

/**
 * The parts' PDFs given to `take` in order, each begun once the next request is sent (`given`);
 * `begun` told once (`asked`), when the first part's print has gone out or the first part was
 * reused (the build renders the web edition then: told before, it held back the page's first steps).
 */
function partTaker(
  take: (pdf: Uint8Array, key: string) => Promise<number>,
  ms: { take: number },
  begun: (() => void) | undefined,
) {
  let taken: Promise<void> = Promise.resolve();
  const asked = () => {
    if (begun) setImmediate(begun);
    begun = undefined;
  };
  return {
    asked,
    given: (bytes: Uint8Array, key: string, pages: number) => {
      taken = taken.then(async () => {
        await new Promise((resolve) => setImmediate(resolve));
        const started = performance.now();
        const found = await take(bytes, key);
        ms.take += performance.now() - started;
        if (found !== pages) throw new Error(`a part of ${found} pages was counted as ${pages}`);
      });
      taken.catch(() => undefined);
    },
    done: () => {
      asked();
      return taken;
    },
  };
}

/** Where the time of a run of parts went (`take` is this process's, partly while Chromium works). */
function traceParts(ms: Record<string, number>, printed: PrintedPart[], started: number): void {
  const pages = printed.filter((p) => !p.reused).map((p) => p.pages);
  const times = Object.entries(ms).map(([k, v]) => `${k} ${v.toFixed(0)} ms`);
  const range = pages.length ? `${Math.min(...pages)}–${Math.max(...pages)}` : '0–0';
  const total = (performance.now() - started).toFixed(0);
  const kept = printed.filter((p) => p.kept).length;
  trace(
    `parts: ${times.join(', ')}, in all ${total} ms; ${pages.length} printed, of ${range} pages; HTML of ${kept} kept`,
  );
}

/**
 * Characters of part HTML the page builds and digests in one batch, about 5 parts at 20 × the review
 * (of ~5.5 million): this process keys and joins the parts of one batch while the page builds and
 * digests the next, and a part to print is shown once its batch is in, not after every part's HTML
 * is built and digested (20 × the review, a loaded machine: an edit's build ~0.1 s sooner; with the
 * page's memo, a save's pages drawn in the print view ~0.27 s sooner).
 */
const PART_BATCH = 300_000;

/** Each part's HTML digest (parts 0 to `count()`, as many as are known), built and digested in the page a batch at a time as asked; whether the page kept it. */
function partDigests(page: Page, count: () => number): (index: number) => Promise<{ digest: string; kept: boolean }> {
  const digests: string[] = [];
  const kept: boolean[] = [];
  return async (index) => {
    while (index >= digests.length) {
      const from = digests.length;
      const more = await pageStep(page, 'partDigests', ASIDE, count(), from, PART_BATCH);
      if (more.digests.length === 0) throw new Error(`the page holds no HTML of part ${index}`);
      digests.push(...more.digests);
      kept.push(...more.kept);
    }
    return { digest: digests[index]!, kept: kept[index]! };
  };
}

/** The page's geometry as the theme sets it (theme-css.ts): the page's width, and its text area's height in CSS px. */
export interface PageGeometry {
  width: string;
  /** As Chromium lays each page out: the height rounded up to a whole pixel. */
  height: number;
}

/** How a part starting at page `first` of the edition is put in the document it is printed from. */
export interface Placement {
  /** The pages before the part in that document (its print starts after them). */
  before: number;
  /** A first page as tall as `pages` of the edition's, so that the part is laid out where it is in the edition's flow. */
  spacer?: { pages: number; width: string; height: number };
  /** Empty pages after the spacer. */
  blanks: number;
  /** The page counter of the document's first page: the part's first page shows `first`. */
  counter: number;
  /** Loose (looseParts): the theme's folios left out (the running heads draw them, pages.ts). */
  bare?: boolean;
}

/**
 * What the print's stylesheets allow a part to be printed without its first page (looseParts):
 * `sided`, whether an @page rule tells left from right pages (then the part keeps its parity).
 */
export interface Loose {
  sided: boolean;
}

/**
 * The theme's folios (its only bottom margin boxes when looseParts allows, theme-css.ts) left out of a
 * print, for the running heads to draw them (pages.ts): `@page :left` and `:right` outrank the theme's
 * `@page` and, put after, tie with and win over its `@page :left` and `:right`.
 */
export const BARE_FOLIOS = ['left', 'right']
  .map(
    (side) =>
      `@page :${side} { ${['left', 'center', 'right'].map((at) => `@bottom-${at} { content: none; }`).join(' ')} }`,
  )
  .join('\n');

/** Where render.ts puts the theme's CSS (theme-css.ts) after the stylesheet's. */
const THEME_CSS = '/* templates/theme.yaml */';

/**
 * Whether the parts of this print HTML may be printed loose: behind one or two plain pages for
 * their parity, their bytes a function of their HTML and that parity alone (no spacer page as tall
 * as the pages before, no page counter set), so a part is printed once whatever page it starts on,
 * and in any renderer. Only when no margin box counts pages but the theme's folios, which the
 * running heads then draw (pages.ts): no `counter(page)`, `counter(pages)` nor bottom margin box
 * in any style but the theme's own. Else undefined: each part placed at its page (placeAt).
 */
export function looseParts(html: string): Loose | undefined {
  let sided = false;
  for (const [, css = ''] of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)) {
    const at = css.indexOf(THEME_CSS);
    // (Comments out: print.css's first says what Chromium supports.)
    const own = (at < 0 ? css : css.slice(0, at)).replace(/\/\*[\s\S]*?\*\//g, '');
    if (/counters?\(\s*pages?\b|@bottom-/i.test(own)) return undefined;
    if (/@page[^{]*:(left|right)/i.test(css)) sided = true;
  }
  return { sided };
}

/**
 * Where a part starting at page `first` goes: after one or two pages, so that its first page is a
 * left or right page as in the edition (Chromium counts them from the document's first, a right
 * page) and not the document's first (`@page :first`); the first of them one page as tall as all the
 * edition's pages before the part but the other (Chromium writes a page's content at its place in
 * the document's flow: so the part's content streams are those of the whole print, to the last
 * float); the page counter set for the folios. Without the theme's geometry, behind `first - 1`
 * empty pages of the edition's size, as before the spacer: 20 × the review, a part at page ~450
 * took ~0.3 s more to print so (1.55 against 1.26 s, three prints each), Chromium paginating each.
 */
export function placeAt(first: number, geometry: PageGeometry | undefined, loose?: Loose): Placement {
  if (first <= 1)
    return loose ? { before: 0, blanks: 0, counter: 1, bare: true } : { before: 0, blanks: 0, counter: 1 };
  // Loose: one plain page before (two for a right-hand page when left and right pages differ).
  if (loose) {
    const before = loose.sided && first % 2 === 1 ? 2 : 1;
    return { before, blanks: before, counter: 1, bare: true };
  }
  if (!geometry) return { before: first - 1, blanks: first - 1, counter: 1 };
  const before = first % 2 === 0 ? 1 : 2;
  return {
    before,
    spacer: { pages: first - before, width: geometry.width, height: geometry.height },
    blanks: before - 1,
    counter: first - before,
  };
}

/** How a part is put in the page to print (the code): part of every part's key. */
const HOW = [placeAt, inPage, BARE_FOLIOS].map(String).join('\0');

/**
 * What every part of one print shares in its key (the document's `key`: its head, ~0.4 MB at 20 ×
 * the review, and the browser; the print options; the code), hashed once: hashed again for each
 * part, it cost an edit at 20 × the review ~0.15 s of this process (83 parts).
 */
export function partsBase(key: string, options: PDFOptions): string {
  return createHash('sha256')
    .update(`${key}\0${JSON.stringify(options)}\0${HOW}`)
    .digest('hex');
}

/** A part's key: what all parts share (partsBase), its place in its document (placeAt), its HTML's digest. */
export function partKeyOf(base: string, place: Placement, digest: string): string {
  return createHash('sha256')
    .update(`${base}\0${JSON.stringify(place)}\0`)
    .update(digest)
    .digest('hex');
}

/**
 * The pages of a PDF as Chromium (Skia) writes it: one uncompressed `/Type /Page` dictionary per
 * page, no object streams. (Checked: `take` loads every part and its count must agree.)
 */
export function pageCount(pdf: Uint8Array): number {
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1').match(PAGE)?.length ?? 0;
}
const PAGE = /\/Type\s*\/Page(?![A-Za-z])/g;

/**
 * In the page: each chapter's text length (its element in main), without the page numbers filled in
 * (they change from pass to pass); null for a chapter not found, 0 in the element of one before. And
 * the page's geometry, from the theme's custom properties (theme-css.ts), if all are in millimetres.
 */
function measure(ids: string[]): { lengths: Array<number | null>; geometry: PageGeometry | undefined } {
  const style = getComputedStyle(document.documentElement);
  const mm = (name: string) => {
    const value = /^\s*(\d+(?:\.\d+)?)mm\s*$/.exec(style.getPropertyValue(name))?.[1];
    return value === undefined ? NaN : Number(value);
  };
  const [width, height, top, bottom] = ['--page-width', '--page-height', '--margin-top', '--margin-bottom'].map(mm);
  // (Chromium rounds a page's text area up to a whole pixel: the flow moves on by that per page.)
  const area = Math.ceil(((height! - top! - bottom!) * 96) / 25.4 - 1e-3);
  const geometry = Number.isFinite(width) && area > 0 ? { width: `${width}mm`, height: area } : undefined;
  const seen = new Set<Element>();
  const lengths = ids.map((id) => {
    const chapter = document.getElementById(id)?.closest('main > *');
    if (!chapter) return null;
    if (seen.has(chapter)) return 0;
    seen.add(chapter);
    let length = chapter.textContent?.length ?? 0;
    for (const number of Array.from(chapter.querySelectorAll('[data-page-of]')))
      length -= number.textContent?.length ?? 0;
    return length;
  });
  return { lengths, geometry };
}

/** What takeOut keeps in the page's window while the parts print. */
export interface Aside {
  body: ChildNode[];
  main: Element;
  mainChildren: ChildNode[];
  mainPlace: [ParentNode | null, ChildNode | null];
  parts: ChildNode[][];
  /** Every id some link points to, with the href of one such link. */
  targets: Map<string, string>;
  /** Each part's HTML (inPage `contents`), until the page digests it for the parts' keys. */
  contents?: string[];
  /** Piped (takeOutEarly): main's children, the chapters, as each chunk now is (the parts' targets: sameTargets). */
  roots?: Element[];
  /** Piped: main's child nodes already in a part. */
  done?: number;
  /** Piped: each chapter put in as prepared elsewhere, with the node it replaced. */
  swapped?: Array<[ChildNode, ChildNode]>;
}

/**
 * In the page, for a split as the chapters are prepared (pipedSplit): as takeOut, but no part made
 * yet, and the targets of every link but the layout markers' (added as each group comes, arrive).
 * Returns each chapter's chunk (0: not found), the chapters' count and the geometry; undefined when
 * the page has no main, or blank pages (their parts follow the blank, not the chapter).
 */
function takeOutEarly(
  ids: string[],
  aside: string,
): { chunkOf: number[]; roots: number; geometry: PageGeometry | undefined } | undefined {
  const body = document.body;
  const main = document.querySelector('main');
  if (!main || document.querySelector('.briefing-blank')) return undefined;
  for (const el of Array.from(document.querySelectorAll('[style=""]'))) el.removeAttribute('style');
  const roots = Array.from(main.children);
  const index = new Map(roots.map((root, i) => [root, i + 1]));
  const chunkOf = ids.map((id) => index.get(document.getElementById(id)?.closest('main > *') as Element) ?? 0);
  const targets = new Map<string, string>();
  for (const a of Array.from(document.querySelectorAll('a[href^="#"]'))) {
    if (a.closest('[data-briefing-markers]')) continue;
    const href = a.getAttribute('href')!;
    let id = href.slice(1);
    try {
      id = decodeURIComponent(id);
    } catch {
      // (As written.)
    }
    if (!targets.has(id)) targets.set(id, href);
  }
  const style = getComputedStyle(document.documentElement);
  const mm = (name: string) => {
    const value = /^\s*(\d+(?:\.\d+)?)mm\s*$/.exec(style.getPropertyValue(name))?.[1];
    return value === undefined ? NaN : Number(value);
  };
  const [width, height, top, bottom] = ['--page-width', '--page-height', '--margin-top', '--margin-bottom'].map(mm);
  const area = Math.ceil(((height! - top! - bottom!) * 96) / 25.4 - 1e-3);
  const geometry = Number.isFinite(width) && area > 0 ? { width: `${width}mm`, height: area } : undefined;
  const saved: Aside = {
    body: Array.from(body.childNodes),
    main,
    mainChildren: Array.from(main.childNodes),
    mainPlace: [main.parentNode, main.nextSibling],
    parts: [],
    targets,
    roots,
    done: 0,
    swapped: [],
  };
  (window as unknown as Record<string, Aside>)[aside] = saved;
  main.remove();
  body.replaceChildren();
  document.documentElement.style.removeProperty('display');
  return { chunkOf, roots: roots.length, geometry };
}

/**
 * In the page, a group prepared: the chapters prepared elsewhere put in place of theirs (as
 * putChapters puts them, in main, which is out of the document), empty style attributes taken
 * out (as takeOut does), the markers' links' targets added after the others'; each chunk's text
 * length as measure counts it. Resolves once the images put in are decoded.
 */
function arrive(aside: string, html: Array<[number, string]>, markers: string[], chunks: number[]): Promise<number[]> {
  const saved = (window as unknown as Record<string, Aside>)[aside]!;
  const images: HTMLImageElement[] = [];
  for (const [chunk, text] of html) {
    const old = saved.roots![chunk - 1]!;
    const at = saved.mainChildren.indexOf(old);
    const mark = document.createComment('');
    old.after(mark);
    old.outerHTML = text;
    const fresh = mark.previousSibling as Element;
    mark.remove();
    for (const el of [fresh, ...Array.from(fresh.querySelectorAll('[style=""]'))])
      if (el.getAttribute('style') === '') el.removeAttribute('style');
    images.push(...Array.from(fresh.querySelectorAll('img')));
    saved.mainChildren[at] = fresh;
    saved.roots![chunk - 1] = fresh;
    saved.swapped!.push([fresh, old]);
  }
  for (const id of markers) if (!saved.targets.has(id)) saved.targets.set(id, `#${id}`);
  const lengths = chunks.map((c) => {
    const chapter = saved.roots![c - 1]!;
    let length = chapter.textContent?.length ?? 0;
    for (const number of Array.from(chapter.querySelectorAll('[data-page-of]')))
      length -= number.textContent?.length ?? 0;
    return length;
  });
  return Promise.all(images.map((image) => image.decode().catch(() => undefined))).then(() => lengths);
}

/**
 * In the page: the parts after those made, split as takeOut splits them, at the chunks given
 * (each opens a part); the last one left (it may grow) unless `all` are prepared. How many there are.
 */
function moreParts(aside: string, opens: number[], all: boolean): number {
  const saved = (window as unknown as Record<string, Aside>)[aside]!;
  const opening = new Set(opens.map((c) => saved.roots![c - 1]));
  const parts: ChildNode[][] = [];
  const rest = saved.mainChildren.slice(saved.done);
  for (const node of rest) {
    const current = parts[parts.length - 1];
    if (!current || (opening.has(node as Element) && current.some((n) => n instanceof Element))) parts.push([]);
    parts[parts.length - 1]!.push(node);
  }
  if (!all) parts.pop();
  for (const part of parts) {
    saved.parts.push(part);
    saved.done! += part.length;
  }
  return saved.parts.length;
}

/**
 * In the page, the whole edition prepared and back: whether every link's target is the one the
 * piped split gave its parts (takeOut's, made now).
 */
function sameTargets(): boolean {
  const w = window as unknown as Record<string, Map<string, string> | undefined>;
  const used = w.__briefingPartTargets;
  delete w.__briefingPartTargets;
  if (!used) return false;
  const targets = new Map<string, string>();
  for (const a of Array.from(document.querySelectorAll('a[href^="#"]'))) {
    const href = a.getAttribute('href')!;
    let id = href.slice(1);
    try {
      id = decodeURIComponent(id);
    } catch {
      // (As written.)
    }
    if (!targets.has(id)) targets.set(id, href);
  }
  return targets.size === used.size && [...targets].every(([id, href]) => used.get(id) === href);
}

/**
 * In the page: split main's children into parts (a blank page before a chapter goes with it; text
 * between chapters with the part before), note every link target, and take the edition out of the
 * document. Returns the number of chapter parts (0 without a main).
 */
function takeOut(starts: string[], aside: string): number {
  const body = document.body;
  const main = document.querySelector('main');
  // An empty style attribute (left where a measurement set a style and took it back) lays out as
  // none; it would make a part's HTML differ from the same part built from the cached measurements.
  for (const el of Array.from(document.querySelectorAll('[style=""]'))) el.removeAttribute('style');
  const opens = new Map<Element, string>();
  for (const id of starts) {
    const chapter = document.getElementById(id)?.closest('main > *');
    if (chapter) opens.set(chapter, id);
  }
  const parts: ChildNode[][] = [];
  for (const node of Array.from(main?.childNodes ?? [])) {
    const el = node instanceof Element ? node : null;
    const next = el?.matches('.briefing-blank') ? el.nextElementSibling : null;
    const previous = el?.previousElementSibling;
    const opensHere = (next && opens.has(next)) || (el && opens.has(el) && !previous?.matches('.briefing-blank'));
    const current = parts[parts.length - 1];
    if (!current || (opensHere && current.some((n) => n instanceof Element))) parts.push([]);
    parts[parts.length - 1]!.push(node);
  }
  // Hidden ones too (the layout check's markers). Chromium names a destination after the href as written.
  const targets = new Map<string, string>();
  for (const a of Array.from(document.querySelectorAll('a[href^="#"]'))) {
    const href = a.getAttribute('href')!;
    const id = safeDecode(href.slice(1));
    if (!targets.has(id)) targets.set(id, href);
  }
  const saved: Aside = {
    body: Array.from(body.childNodes),
    main: main ?? document.createElement('main'),
    mainChildren: Array.from(main?.childNodes ?? []),
    mainPlace: [main?.parentNode ?? null, main?.nextSibling ?? null],
    parts: main ? parts : [],
    targets,
  };
  (window as unknown as Record<string, Aside>)[aside] = saved;
  main?.remove();
  body.replaceChildren();
  // Displayed again (an edition put in unlaid, page.ts): from now on one part at a time is shown.
  document.documentElement.style.removeProperty('display');
  return saved.parts.length;

  function safeDecode(text: string): string {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  }
}

/** What inPage is asked: to show one part, or to build its body apart as HTML (`html`: another renderer prints it). */
type PartAsk = { show: number; place: Placement } | { html: number; place: Placement };

/**
 * In the page, while the edition is taken out: part `show` alone in the body, placed as `place`
 * says (placeAt), to be printed (built as its HTML was for its key, `page-side/parts.ts`). A
 * part's HTML is all that differs between parts and builds (the head is in the key; its place,
 * placeAt's, also in the key).
 */
function inPage(aside: string, ask: PartAsk, styleId: string, bareFolios = ''): { html: string; css: string } | void {
  const saved = (window as unknown as Record<string, Aside>)[aside]!;
  const body = document.body;
  // `html`: the body the part would be shown in, built apart, as HTML, with its style (another renderer prints it).
  const target = 'show' in ask ? body : document.createElement('body');
  if (target === body) body.replaceChildren();
  if (target === body) document.getElementById(styleId)?.remove();
  const { spacer, blanks, counter, bare } = ask.place;
  const rules: string[] = [];
  // Loose: the theme's folios left to the running heads (BARE_FOLIOS).
  if (bare) rules.push(bareFolios);
  if (spacer) {
    const first = document.createElement('div');
    first.style.cssText = 'page: briefing-spacer; height: 1px';
    target.append(first);
    rules.push(`@page briefing-spacer { size: ${spacer.width} ${spacer.pages * spacer.height}px; margin: 0; }`);
  }
  for (let p = 0; p < blanks; p += 1) {
    const blank = document.createElement('div');
    blank.style.cssText = 'break-before: page; page: blank; height: 1px';
    target.append(blank);
  }
  // The folios (counter(page)) as in the edition.
  if (counter !== 1) rules.push(`@page :first { counter-set: page ${counter}; }`);
  if (rules.length > 0 && target === body) {
    const style = document.createElement('style');
    style.id = styleId;
    style.textContent = rules.join('\n');
    document.head.append(style);
  }
  (window as unknown as { briefingPage: PageSide }).briefingPage.buildPart(
    saved,
    'show' in ask ? ask.show : ask.html,
    target,
  );
  if (target !== body) return { html: target.innerHTML, css: rules.join('\n') };
}

/**
 * In the page: the whole edition back, as it was before takeOut, not displayed (unlaid: laying it
 * out whole would be for nothing, the next print shows it part by part again).
 */
function putBack(aside: string, styleId: string, printed: boolean): void {
  document.documentElement.style.display = 'none';
  document.getElementById(styleId)?.remove();
  const saved = (window as unknown as Record<string, Aside | undefined>)[aside];
  if (!saved) return;
  const [parent, next] = saved.mainPlace;
  saved.main.replaceChildren(...saved.mainChildren);
  parent?.insertBefore(saved.main, next);
  document.body.replaceChildren(...saved.body);
  delete (window as unknown as Record<string, unknown>)[aside];
  if (!saved.swapped) return;
  // Piped: its targets kept to be checked; not all printed, the chapters put in taken out again
  // (prepared-chapters.ts puts them in as it does without piping).
  if (printed) (window as unknown as Record<string, unknown>)['__briefingPartTargets'] = saved.targets;
  else for (const [fresh, old] of saved.swapped) fresh.replaceWith(old);
}

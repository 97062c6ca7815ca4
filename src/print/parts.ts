// Printing the edition in parts. Chromium's print pass does work for every page times every named
// destination (each `#id` some link points to: contents entries, notes, the layout check's markers),
// so one print of a long edition grows with the square of its length (measured: 244 pages, 11.2 s
// with the markers against 4.9 s without; see scripts/bench/print-elimination.js). Chapters start on
// a new page, so the edition is printed part by part in the same page: the front matter, then runs
// of chapters, each alone in the document behind as many empty pages as come before it (so its
// folios, left/right pages and named pages are those of the whole edition), printed from its first
// page on (`pageRanges`). Links between parts: the part carries a hidden link to each of its ids
// that something links to (so Chromium writes its destination), and an empty hidden element for
// each id it links to elsewhere (so Chromium writes the link). join.ts puts the parts together.
// A part printed before with the same document (its HTML, the page head, the browser) is not
// printed again: `PartCache`.
import { createHash } from 'node:crypto';
import type { Page, PDFOptions } from 'puppeteer-core';
import type { PagePlan } from '../render/page-plan.js';
import { trace } from '../trace.js';

/** Chapters from which an edition is printed in parts by default (one print is as fast below). */
export const PARTS_FROM_CHAPTERS = 20;

/** Whether to print part by part: BRIEFING_PRINT_PARTS=1 always, 0 never, else for long editions. */
export function printInParts(chapters: number, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.BRIEFING_PRINT_PARTS === '1') return true;
  if (env.BRIEFING_PRINT_PARTS === '0') return false;
  return chapters >= PARTS_FROM_CHAPTERS;
}

/** Chapters in a part, on average: a chapter opens a part when its id hashes to 0 modulo this. */
const CHAPTERS_PER_PART = 3;
/** The end of every part's page range: Chromium caps it at the last page. */
const LAST_PAGE = 99_999;
/** Where the edition's nodes wait while a part is printed. */
const ASIDE = '__briefingPartAside';

/** A part's PDF, kept by the key of the document it was printed from. */
export interface PartCache {
  get(key: string): Uint8Array | undefined;
  set(key: string, pdf: Uint8Array): void;
}

/**
 * The chapters that open a part, after the front matter: the first chapter, and any whose id hashes
 * to 0 modulo CHAPTERS_PER_PART. Decided by each chapter's id alone, so an edit never moves another
 * part's bounds (its printed part stays reusable).
 */
export function partStarts(plan: PagePlan): string[] {
  return plan.chapters
    .filter((c, i) => i === 0 || createHash('sha256').update(c.id).digest().readUInt32BE(0) % CHAPTERS_PER_PART === 0)
    .map((c) => c.id);
}

export interface PrintedPart {
  /** Its first page in the edition, and how many pages it has. */
  first: number;
  pages: number;
  /** Whether it came from the cache. */
  reused: boolean;
  /** What it was printed from (the document, the options, its first page): the same key, the same PDF. */
  key: string;
}

/**
 * Print the edition (as it is in the page) in parts, in order, each from the page after the last
 * one's end. `take` is given each part's PDF in turn (the caller joins it and forgets it: no part is
 * held longer than that) with its page count, and returns the count it found. Chromium shows and
 * prints the next part while this process takes the last one (the part's pages are counted in its
 * bytes; `take`'s count is checked against it). The edition is taken out of the page for the whole
 * run (so that Chromium lays out only the part shown, never the whole edition between parts) and
 * put back after.
 */
export async function printParts(
  page: Page,
  starts: string[],
  options: PDFOptions,
  key: string,
  take: (pdf: Uint8Array) => Promise<number>,
  cache?: PartCache,
): Promise<PrintedPart[]> {
  const printed: PrintedPart[] = [];
  let first = 1;
  const ms = { show: 0, print: 0, take: 0 };
  let t = performance.now();
  const lap = (k: 'show' | 'print') => {
    const now = performance.now();
    ms[k] += now - t;
    t = now;
  };
  // This process's work on the parts so far, in order, each begun once the next request is sent.
  let taken: Promise<void> = Promise.resolve();
  const count = await page.evaluate(takeOut, starts, ASIDE);
  try {
    // Every part's HTML in one round trip, built apart from the document: a part shown is laid out
    // (~50 ms a part at 20 × the review), and a part reused need not be.
    const contents = await page.evaluate(inPage, ASIDE, { contents: count });
    lap('show');
    for (let index = 0; index <= count; index += 1) {
      const partKey = createHash('sha256')
        .update(`${key}\0${JSON.stringify(options)}\0${first}\0`)
        .update(contents[index]!)
        .digest('hex');
      let pdf = cache?.get(partKey);
      const reused = pdf !== undefined;
      if (!pdf) {
        await page.evaluate(inPage, ASIDE, { show: index, first });
        lap('show');
        pdf = await page.pdf({ ...options, pageRanges: index === 0 ? '' : `${first}-${LAST_PAGE}` });
      }
      lap('print');
      cache?.set(partKey, pdf);
      const pages = pageCount(pdf);
      const bytes = pdf;
      taken = taken.then(async () => {
        await new Promise((resolve) => setImmediate(resolve));
        const started = performance.now();
        const found = await take(bytes);
        ms.take += performance.now() - started;
        if (found !== pages) throw new Error(`a part of ${found} pages was counted as ${pages}`);
      });
      taken.catch(() => undefined);
      printed.push({ first, pages, reused, key: partKey });
      first += pages;
    }
    await taken;
  } finally {
    await page.evaluate(putBack, ASIDE);
  }
  trace(
    `parts: ${Object.entries(ms)
      .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
      .join(', ')}`,
  );
  return printed;
}

/**
 * The pages of a PDF as Chromium (Skia) writes it: one uncompressed `/Type /Page` dictionary per
 * page, no object streams. (Checked: `take` loads every part and its count must agree.)
 */
export function pageCount(pdf: Uint8Array): number {
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1').match(PAGE)?.length ?? 0;
}
const PAGE = /\/Type\s*\/Page(?![A-Za-z])/g;

/** What takeOut keeps in the page's window while the parts print. */
interface Aside {
  body: ChildNode[];
  main: Element;
  mainChildren: ChildNode[];
  mainPlace: [ParentNode | null, ChildNode | null];
  parts: ChildNode[][];
  /** Every id some link points to, with the href of one such link. */
  targets: Map<string, string>;
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

/**
 * In the page, while the edition is taken out: `contents` — the HTML of parts 0 to `contents`, each
 * built in an element of its own that is never laid out; `show` — part `show` alone in the body,
 * behind `first - 1` empty pages, to be printed. A part's HTML is all that differs between parts
 * and builds (the head is in the key; the empty pages follow from `first`, also in the key). Part 0
 * is the front matter (everything but main and the layout check's hidden links); part k the k-th
 * run of chapters, in copies of main and its parent (without their other children).
 */
function inPage(aside: string, ask: { contents: number } | { show: number; first: number }): string[] {
  const saved = (window as unknown as Record<string, Aside>)[aside]!;
  const body = document.body;
  if ('contents' in ask) {
    const html: string[] = [];
    for (let index = 0; index <= ask.contents; index += 1) {
      const root = document.createElement('div');
      build(index, root);
      html.push(root.innerHTML);
    }
    return html;
  }
  body.replaceChildren();
  for (let p = 1; p < ask.first; p += 1) {
    const blank = document.createElement('div');
    blank.style.cssText = 'break-before: page; page: blank; height: 1px';
    body.append(blank);
  }
  build(ask.show, body);
  return [];

  function build(index: number, root: Element): void {
    const shown: Element[] = [];
    if (index === 0) {
      // Without white space between the body's blocks (it lays out as nothing): a document parsed
      // whole and one whose body was put in (page.ts) then show the same part, reusable either way.
      const blank = (n: ChildNode) => n.nodeType === Node.TEXT_NODE && !n.textContent?.trim();
      const markers = (n: ChildNode) => n instanceof Element && n.hasAttribute('data-briefing-markers');
      root.append(...saved.body.filter((n) => !blank(n) && !markers(n)));
      shown.push(root);
    } else {
      const [parent] = saved.mainPlace;
      const frame = parent instanceof Element && parent !== body ? (parent.cloneNode(false) as Element) : null;
      const partMain = saved.main.cloneNode(false) as Element;
      partMain.append(...saved.parts[index - 1]!);
      if (frame) frame.append(partMain);
      root.append(frame ?? partMain);
      shown.push(partMain);
    }
    const own = new Set<string>();
    const links = new Set<string>();
    for (const part of shown) {
      for (const el of Array.from(part.querySelectorAll('[id]'))) own.add(el.id);
      for (const a of Array.from(part.querySelectorAll('a[href^="#"]'))) {
        const href = a.getAttribute('href')!.slice(1);
        try {
          links.add(decodeURIComponent(href));
        } catch {
          links.add(href);
        }
      }
    }
    const hidden = document.createElement('div');
    hidden.hidden = true;
    for (const id of own) {
      const href = saved.targets.get(id);
      if (href === undefined) continue;
      const a = document.createElement('a');
      a.setAttribute('href', href);
      hidden.append(a);
    }
    // Targets elsewhere: an element of that id, not laid out, so that the link is written.
    for (const id of links) {
      if (own.has(id)) continue;
      const stub = document.createElement('span');
      stub.id = id;
      hidden.append(stub);
    }
    root.append(hidden);
  }
}

/**
 * In the page: the whole edition back, as it was before takeOut, not displayed (unlaid: laying it
 * out whole would be for nothing, the next print shows it part by part again).
 */
function putBack(aside: string): void {
  document.documentElement.style.display = 'none';
  const saved = (window as unknown as Record<string, Aside | undefined>)[aside];
  if (!saved) return;
  const [parent, next] = saved.mainPlace;
  saved.main.replaceChildren(...saved.mainChildren);
  parent?.insertBefore(saved.main, next);
  document.body.replaceChildren(...saved.body);
  delete (window as unknown as Record<string, unknown>)[aside];
}

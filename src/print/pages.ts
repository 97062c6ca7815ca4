// What Chromium's paged media cannot do, measured on the printed PDF instead:
// - chapters that start on a right-hand page (`break-before: right` inserts no blank page): after a
//   print, every chapter that opened on an even page gets an empty page (named page `blank`: no folio,
//   no head) inserted before it, and the edition is printed again, like the contents numbers;
// - running heads that skip chapter openers and blank pages, and follow the section being read
//   (`@page name:first` matches only the document's first page, and there is no string-set): the
//   heads of every page are drawn after printing, from the pages the chapters and sections were found
//   on. They are laid out by Chromium in a second, tiny document of empty pages with the same @page
//   rules and fonts, and stamped onto the edition's pages as artifacts.
// The plan (which head shows what, each chapter's and section's short title) comes from the print
// HTML (render/render.ts writes it as JSON), so the look stays in templates/theme.yaml.
import type { Page } from 'puppeteer-core';
import type { PDFDocument } from 'pdf-lib';
import { PAGE_PLAN_ID, parsePagePlan, type HeadContent, type PagePlan } from '../render/page-plan.js';
import type { Pagination, PageStep } from './pagination.js';
import { trace } from '../trace.js';

export type { PagePlan } from '../render/page-plan.js';

export const BLANK_CLASS = 'briefing-blank';

export async function readPlan(page: Page): Promise<PagePlan | undefined> {
  const json = await page.evaluate((id) => document.getElementById(id)?.textContent ?? null, PAGE_PLAN_ID);
  return json ? parsePagePlan(json) : undefined;
}

/**
 * Right-hand chapter starts as a step of the print loop: the blank pages the guess had are put in
 * before the first print; after each print, blank pages go where chapters opened on even pages.
 */
export function rightHandStep(plan: PagePlan): PageStep {
  return {
    restore: (page, guess) => setBlanks(page, guess.blanks),
    async settle(page, printed): Promise<Pagination | undefined> {
      const placed = rightHandStarts(plan, printed.pages, printed.blanks);
      // The same blank pages: the print stands.
      if (placed.blanks.size === printed.blanks.size && [...placed.blanks].every((id) => printed.blanks.has(id))) {
        return undefined;
      }
      await setBlanks(page, placed.blanks);
      return {
        pages: placed.predicted,
        blanks: placed.blanks,
        pageCount: printed.pageCount + placed.blanks.size - printed.blanks.size,
      };
    },
  };
}

/** Put blank pages before exactly these chapters (by heading id). */
export async function setBlanks(page: Page, chapterIds: Set<string>): Promise<void> {
  await page.evaluate(
    (ids, cls) => {
      document.querySelectorAll(`.${cls}`).forEach((el) => el.remove());
      for (const id of ids) {
        const heading = document.getElementById(id);
        const chapter = heading?.closest('.chapter') ?? heading;
        if (!chapter) continue;
        const blank = document.createElement('div');
        blank.className = cls;
        blank.setAttribute('data-before', id);
        blank.setAttribute('aria-hidden', 'true');
        chapter.before(blank);
      }
    },
    [...chapterIds],
    BLANK_CLASS,
  );
}

/**
 * Right-hand chapter starts: from the pages the chapters were printed on (`pages`, by id), which
 * chapters need a blank page before them. Returns the new set, and every id's page once it is in.
 */
export function rightHandStarts(
  plan: PagePlan,
  pages: ReadonlyMap<string, number>,
  blanks: ReadonlySet<string>,
): { blanks: Set<string>; predicted: Map<string, number> } {
  const next = new Set(blanks);
  const shifts: Array<{ from: number; delta: number }> = [];
  let shift = 0;
  for (const chapter of plan.chapters) {
    const printed = pages.get(chapter.id);
    if (printed === undefined) continue;
    if ((printed + shift) % 2 === 0) {
      // Even page: toggle. A blank that is there made it even (remove it); no blank: add one.
      const delta = next.has(chapter.id) ? -1 : 1;
      if (delta < 0) next.delete(chapter.id);
      else next.add(chapter.id);
      shifts.push({ from: printed, delta });
      shift += delta;
    }
  }
  const predicted = new Map(
    [...pages].map(([id, n]) => [id, n + shifts.filter((s) => s.from <= n).reduce((sum, s) => sum + s.delta, 0)]),
  );
  return { blanks: next, predicted };
}

/** What the running heads draw on a page: its heads, and its folio when the parts print without (parts.ts looseParts). */
export interface PageHead {
  left: string;
  right: string;
  folio?: true;
}

/**
 * The head texts of every page (1-based index → [left, right]); none on cover, front matter, openers,
 * blanks. With `folios` (the edition printed in loose parts, without the theme's folios), every page
 * from the first chapter's on but blank pages gets its folio too (the theme's: none on the named pages
 * cover and front, the front matter, and blank; theme-css.ts).
 */
export function headsByPage(
  plan: PagePlan,
  pages: ReadonlyMap<string, number>,
  blanks: ReadonlySet<string>,
  pageCount: number,
  folios = false,
): Map<number, PageHead> {
  const heads = new Map<number, PageHead>();
  const openers = plan.chapters
    .map((c) => ({ chapter: c, page: pages.get(c.id) }))
    .filter((c): c is { chapter: PagePlan['chapters'][number]; page: number } => c.page !== undefined);
  if (openers.length === 0) return heads;
  const blankPages = new Set(openers.filter((o) => blanks.has(o.chapter.id)).map((o) => o.page - 1));
  const text = (what: HeadContent, chapter: PagePlan['chapters'][number], section?: { short: string }) =>
    what === 'edition'
      ? plan.edition
      : what === 'chapter'
        ? chapter.short
        : what === 'section'
          ? (section?.short ?? chapter.short)
          : '';
  for (let p = openers[0]!.page + 1; p <= pageCount; p += 1) {
    if (blankPages.has(p) || openers.some((o) => o.page === p)) continue;
    const { chapter } = openers.filter((o) => o.page <= p).at(-1)!;
    const section = chapter.sections.filter((s) => (pages.get(s.id) ?? Infinity) <= p).at(-1);
    const left = text(plan.left, chapter, section);
    const right = text(plan.right, chapter, section);
    // Facing pages: the left head on left-hand (even) pages, the right head on right-hand pages.
    const head = plan.facing ? (p % 2 === 0 ? { left, right: '' } : { left: '', right }) : { left, right };
    if (head.left || head.right) heads.set(p, head);
  }
  if (!folios) return heads;
  for (let p = openers[0]!.page; p <= pageCount; p += 1)
    if (!blankPages.has(p)) heads.set(p, { ...(heads.get(p) ?? { left: '', right: '' }), folio: true });
  return heads;
}

/** The heads of every page, as laid out and printed by Chromium (one PDF page per edition page). */
export interface PrintedHeads {
  heads: Map<number, PageHead>;
  pageCount: number;
  /** The PDF of head pages; undefined when no page has a head. */
  overlay?: Uint8Array;
  /** Printed by the last build, for the same heads (heads-cache.ts). */
  kept?: boolean;
  /** Kept with them: each folio page's marked stream (markFolios). */
  marked?: Map<number, Uint8Array>;
}

/**
 * Lay the heads out in the same page as a document of empty pages with the edition's @page rules
 * (a page with a folio lets the edition's bottom margin boxes through: the theme's folio,
 * counter(page), as this document's page p is the edition's, left or right as it is) and start printing it; `printed` settles once the PDF is back and the page holds the edition
 * again (its nodes are moved aside meanwhile and put back untouched, so the page can print the
 * edition again), not displayed: laid out again only when it is printed again (page.ts
 * showEdition), not by the next frame for nothing after the last print (the review: ~50 ms of
 * Chromium's). Resolves once the print is on its way, so that the caller can work meanwhile.
 */
export async function startHeads(
  page: Page,
  heads: Map<number, PageHead>,
  pageCount: number,
  print: (page: Page) => Promise<Uint8Array>,
  logo?: string,
): Promise<{ printed: Promise<PrintedHeads> }> {
  if (heads.size === 0) return { printed: Promise.resolve({ heads, pageCount }) };
  await page.evaluate(
    (count, entries, logo, aside) => {
      const css = (s: string) => JSON.stringify(s);
      const top = '@top-center { content: none; }';
      const none = `${['left', 'center', 'right'].map((at) => `@bottom-${at} { content: none; }`).join(' ')} ${top}`;
      const center = logo
        ? `@top-center { content: url(${css(logo)}); vertical-align: bottom; padding-bottom: 2mm; }`
        : '';
      const rules = [`@page head-none { ${none} @top-left { content: none; } @top-right { content: none; } }`];
      const names: string[] = [];
      const byPage = new Map(entries);
      for (let p = 1; p <= count; p += 1) {
        const head = byPage.get(p);
        if (!head) {
          names.push('head-none');
          continue;
        }
        const boxes = head.folio ? `${top}${head.left || head.right ? ` ${center}` : ''}` : `${none} ${center}`;
        rules.push(
          `@page head-${p} { ${boxes} @top-left { content: ${head.left ? css(head.left) : 'none'}; } @top-right { content: ${head.right ? css(head.right) : 'none'}; } }`,
        );
        names.push(`head-${p}`);
      }
      const style = document.createElement('style');
      style.textContent = `${rules.join('\n')}\n.briefing-head-page { break-before: page; height: 1px; }`;
      const edition = document.createDocumentFragment();
      edition.append(...document.body.childNodes);
      // Only the heads are shown (an edition in the page unlaid, page.ts, is not).
      document.documentElement.style.removeProperty('display');
      (window as unknown as Record<string, unknown>)[aside] = { style, edition };
      document.head.append(style);
      document.body.append(
        ...names.map((name) => {
          const div = document.createElement('div');
          div.className = 'briefing-head-page';
          div.style.setProperty('page', name);
          return div;
        }),
      );
      // The heads' faces ready here, so that the print itself need not ask (one round trip less);
      // and the logo decoded (an SVG around the image), held until the heads are printed: a margin
      // box does not wait for its image, and printed too early a head page came out without it.
      const image = new Image();
      if (logo) {
        image.src = logo;
        (window as unknown as Record<string, { image?: HTMLImageElement }>)[aside]!.image = image;
      }
      return Promise.all([document.fonts.ready, logo ? image.decode().catch(() => undefined) : undefined]).then(
        () => undefined,
      );
    },
    pageCount,
    [...heads],
    logo ?? '',
    ASIDE,
  );
  const overlay = print(page);
  const printed = overlay.finally(() =>
    page.evaluate((aside) => {
      const saved = (window as unknown as Record<string, { style: HTMLStyleElement; edition: DocumentFragment }>)[
        aside
      ];
      if (!saved) return;
      saved.style.remove();
      document.documentElement.style.setProperty('display', 'none');
      document.body.replaceChildren(saved.edition);
      delete (window as unknown as Record<string, unknown>)[aside];
    }, ASIDE),
  );
  return { printed: printed.then((bytes) => ({ heads, pageCount, overlay: bytes })) };
}

/** Where the edition's nodes wait while the heads are printed. */
const ASIDE = '__briefingEditionAside';

/** Whether heads printed from a guess are the ones the final pages need. */
export function sameHeads(a: PrintedHeads, heads: Map<number, PageHead>, pageCount: number) {
  return (
    a.pageCount === pageCount &&
    a.heads.size === heads.size &&
    [...heads].every(
      ([p, h]) =>
        a.heads.get(p)?.left === h.left && a.heads.get(p)?.right === h.right && a.heads.get(p)?.folio === h.folio,
    )
  );
}

/** Head pages read before they are stamped on (readHeads): only read from, never changed; with each folio page's marked stream. */
const headsRead = new WeakMap<Uint8Array, Promise<{ source: PDFDocument; marked: Map<number, Uint8Array> }>>();

/**
 * The heads' PDF read now (kept heads: while Chromium prints the edition and this process waits on
 * it), not once the final pages are known; and each page with a folio, its content marked as
 * Chromium's own margin boxes are on a page (artifacts.ts paginationMarked: the head a Pagination
 * Header, the folio a Footer), deflated (markFolios; 20 × the review, done at stamping: ~0.2 s more).
 */
export function readHeads({ overlay, heads, marked }: PrintedHeads): void {
  if (!overlay || headsRead.has(overlay)) return;
  const read = import('./pdf-reader.js').then(async ({ readPdf }) => {
    const source = await readPdf(overlay);
    return { source, marked: marked ?? (await markFolios(source, heads)) };
  });
  read.catch(() => undefined);
  headsRead.set(overlay, read);
}

/** The folio pages' marked streams of these heads (readHeads), to be kept with them (heads-cache.ts). */
export async function foliosMarked(printed: PrintedHeads): Promise<Map<number, Uint8Array> | undefined> {
  readHeads(printed);
  return printed.overlay ? (await headsRead.get(printed.overlay))?.marked : undefined;
}

/** The content of each head page with a folio, marked (readHeads), deflated; none for a stream not Chromium's one (embedPage then). */
async function markFolios(source: PDFDocument, heads: Map<number, PageHead>): Promise<Map<number, Uint8Array>> {
  const marked = new Map<number, Uint8Array>();
  const folios = [...heads].filter(([, h]) => h.folio).map(([p]) => p);
  if (folios.length === 0) return marked;
  const [lib, { markFolioNow }] = await Promise.all([import('pdf-lib'), import('./stream-marks.js')]);
  const started = performance.now();
  for (const p of folios) {
    if (p > source.getPageCount()) continue;
    const page = source.getPage(p - 1);
    const stream = page.node.Contents();
    if (!(stream instanceof lib.PDFRawStream)) continue;
    const filter = stream.dict.get(lib.PDFName.of('Filter'));
    if (filter !== undefined && filter !== lib.PDFName.of('FlateDecode')) continue;
    // Deflated at once here (not in the thread pool): a head page's stream is a few hundred bytes,
    // and 900 of them queued in the pool behind the edition's streams took 20 × the review's heads
    // ~0.45 s to come back.
    const deflated = filter !== undefined;
    marked.set(p, markFolioNow({ contents: stream.contents, deflated, height: page.getSize().height }));
  }
  trace(`running heads: ${marked.size} pages' folios marked in ${(performance.now() - started).toFixed(0)} ms`);
  return marked;
}

/** Stamp each printed head page onto the edition's page as an artifact. */
export async function stampHeads(doc: PDFDocument, printed: PrintedHeads, first = 1): Promise<void> {
  const { heads, pageCount, overlay } = printed;
  if (!overlay) return;
  readHeads(printed);
  const [lib, { source, marked }] = await Promise.all([import('pdf-lib'), headsRead.get(overlay)!]);
  // `doc` from page `first` of the edition on: the whole edition, or one part of it (early-pages.ts).
  const last = first + doc.getPageCount() - 1;
  if (source.getPageCount() !== pageCount || (first === 1 ? last !== pageCount : last > pageCount)) {
    throw new Error(`running heads: ${source.getPageCount()} head pages for ${doc.getPageCount()} pages`);
  }
  const copier = lib.PDFObjectCopier.for(source.context, doc.context);
  for (const [p, { folio }] of heads) {
    if (p < first || p > last) continue;
    const head = source.getPage(p - 1);
    const target = doc.getPage(p - first);
    const form = await formOf(lib, head, doc, copier, folio ? marked.get(p) : undefined);
    const name = target.node.newXObject('Head', form.ref);
    // Artifacts: page furniture, not content (screen readers and the structure tree skip it), of the
    // Pagination kind (ISO 32000-1, 14.8.2.2). A content stream of its own, left uncompressed: a few
    // dozen bytes, where pushOperators() would deflate each page's with pako (about 2 ms a page).
    // (With a folio, the form's own painting marked: its head a Header, its folio a Footer.)
    const draw = `q ${name.toString()} Do Q`;
    const operators = doc.context.stream(
      form.marked
        ? `${draw}\n`
        : `/Artifact <</Type /Pagination${folio ? '' : ' /Subtype /Header'}>> BDC ${draw} EMC\n`,
    );
    target.node.addContentStream(doc.context.register(operators));
  }
}

type PdfLib = typeof import('pdf-lib');

/**
 * A head page as a form XObject of the edition. Chromium writes one compressed content stream per
 * page: its bytes are taken as they are (pdf-lib's embedPage inflates and deflates every page again
 * with pako, about 0.1 s for the review), or `marked` ones (a folio on it: markFolios). Anything
 * else goes through embedPage (`marked` false: stamped as one Pagination artifact).
 */
async function formOf(
  lib: PdfLib,
  head: import('pdf-lib').PDFPage,
  doc: PDFDocument,
  copier: import('pdf-lib').PDFObjectCopier,
  marked: Uint8Array | undefined,
): Promise<{ ref: import('pdf-lib').PDFRef; marked: boolean }> {
  const contents = head.node.Contents();
  const stream = contents instanceof lib.PDFRawStream ? contents : undefined;
  const filter = stream?.dict.get(lib.PDFName.of('Filter'));
  const resources = head.node.Resources();
  if (!stream || !resources || !(filter === undefined || filter instanceof lib.PDFName)) {
    return { ref: (await doc.embedPage(head)).ref, marked: false };
  }
  const { width, height } = head.getSize();
  const mark = marked !== undefined;
  const bytes = marked ?? stream.contents;
  const dict = doc.context.obj({
    Type: 'XObject',
    Subtype: 'Form',
    FormType: 1,
    BBox: [0, 0, width, height],
    Matrix: [1, 0, 0, 1, 0, 0],
    Resources: copier.copy(resources),
    ...(mark ? { Filter: 'FlateDecode' } : filter ? { Filter: filter } : {}),
  });
  return { ref: doc.context.register(lib.PDFRawStream.of(dict, bytes)), marked: mark };
}

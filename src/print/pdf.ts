// Print one edition's HTML to PDF with the real page number of every contents entry.
// Chromium has no target-counter(), so: print once (cheap: no tags, no outline), read each heading's
// page from the PDF's named destinations, write the numbers into the page, print again for real, and
// check the final PDF against the numbers it shows; repeat if a number moved (it rarely does, since
// the placeholders are as wide as real numbers). With the previous build's numbers as a guess, the
// first pass is skipped whenever they are still right.
import type { Page, PDFOptions } from 'puppeteer-core';
import type { PDFArray, PDFDocument } from 'pdf-lib';
import {
  collectGarbage,
  forPrintsAlone,
  headOf,
  stylesOf,
  hideEdition,
  loadEdition,
  openPrintPage,
  SCREEN_HIDDEN,
  showEdition,
  type PrintPage,
} from './page.js';
import {
  BARE_FOLIOS,
  looseParts,
  partChapters,
  printInParts,
  printParts,
  samePartsAs,
  type Arrivals,
  type Loose,
  type PartCache,
  type PrintedPart,
} from './parts.js';
import { earlyPart, type EarlyPart } from './early-pages.js';
import { browserVersion as versionOf, printTimeout, type BrowserSession } from './browser.js';

export { printTimeout } from './browser.js';
import { BriefingError, type Diagnostic } from '../messages.js';
import type { PdfMetadata } from './metadata.js';
import type { PdfStandard } from '../config/pdf-standard.js';
import type { StreamMemo } from './artifacts.js';
import type { JoinedPass } from './join.js';
import type { OutlineEntry } from './outline.js';
import { readSettled, settleKey } from './settle-cache.js';
import { settleText, type Known } from './settle.js';
import {
  checkLayout,
  fitAndMark,
  fitTables,
  MARKER_PREFIX,
  overflowWarnings,
  type PlacedDestination,
} from './layout-check.js';
import {
  BLANK_CLASS,
  headsByPage,
  readPlan,
  rightHandStep,
  sameHeads,
  stampHeads,
  foliosMarked,
  readHeads,
  startHeads,
  type PagePlan,
  type PrintedHeads,
} from './pages.js';
import { guessFromColumns } from './column-guess.js';
import { plausiblePageCount, type PageGuess, type Pagination, type PageStep } from './pagination.js';
import { keptPreparation, placeFootNotes, type FootNotes } from './foot-notes.js';
import { keepPrepared, lastPrepared, preparedKey } from './prepared-cache.js';
import {
  besideAhead,
  keepChapters,
  loadByChapter,
  prepareFromChapters,
  type Beside,
  type Pipe,
} from './prepared-chapters.js';
import { headsKey, keepHeads, lastHeads, type HeadsToPrint } from './heads-cache.js';
import { hasFootStore } from '../render/place-notes.js';
import { sourcePosition } from '../render/rehype-source-attributes.js';
import { proveFootNotes } from './foot-proof.js';
import { completeMarks, keepMarks, lastMarks, leanMarks, markPositions, withoutMarkerLinks } from './lean-marks.js';
import { NO_HINTS, readStructureHints, type StructureHints } from './structure-hints.js';
import { trace } from '../trace.js';
import { cacheWritten } from '../cache.js';
import { printPdf } from './print-pdf.js';
import { finishKey, keepFinish, keptBytes, lastFinish, printKey, type KeptFinish } from './finished-cache.js';
import { RULES } from '../rules.js';

export interface PrintResult {
  pdf: Uint8Array;
  /** The parts given early (PrintOptions.parts.early) have this draft's pages: printed in the pass that stood, with its heads. */
  earlyStands?: boolean;
  pages: number;
  /** Where the pages fell: each contents entry's page as printed in the contents, blank pages, page count. */
  pagination: Pagination;
  passes: number;
  diagnostics: Diagnostic[];
  /** Chapters put in as the last print prepared them (prepared-chapters.ts), of all, when any were. */
  chaptersKept?: [number, number];
}

const MAX_PASSES = 4;
// waitForFonts off: puppeteer would ask the page for document.fonts.ready in a round trip of its own
// before every print (15–30 ms, measured); fillPageNumbers waits for it instead.
const BASE: PDFOptions = { preferCSSPageSize: true, printBackground: true, timeout: 0, waitForFonts: false };

/**
 * Print with one retry: a browser that crashes or hangs (no answer within the timeout) is replaced
 * and the edition printed again; a second failure is an error that says what happened.
 */
export async function printEdition(
  session: BrowserSession,
  html: string,
  meta: PdfMetadata | Promise<PdfMetadata>,
  outline: OutlineEntry[],
  label: string,
  onRetry: (reason: string) => void = () => {},
  guess?: PageGuess,
  options: PrintOptions = {},
): Promise<PrintResult> {
  const seconds = printTimeout(process.env, html.length);
  // pdf-lib loads now for an edition that may print in parts (the last build's parts are read with it
  // while the edition loads); a whole print's, once the edition is in the page (finishModule).
  if (options.parts) import('./finish.js').catch(() => undefined);
  let firstFailure = '';
  for (let attempt = 1; ; attempt += 1) {
    const { browser, generation } = await session.browser();
    let timer: NodeJS.Timeout | undefined;
    let over = false;
    const hung = new Promise<never>((_, reject) => {
      const start = () => {
        clearTimeout(timer);
        if (over) return;
        timer = setTimeout(
          () => reject(new PrintTimeout(`no answer from the browser within ${seconds} s`)),
          seconds * 1000,
        );
      };
      start();
      // Time spent waiting for the metadata (the build's other locales being checked) is not the browser's.
      void Promise.resolve(meta).then(start, () => undefined);
    });
    try {
      const ready = async (): Promise<PrintPage> => {
        // The page opened (and its head loaded) ahead of time, when it is of this browser.
        const early = attempt === 1 ? await options.page?.catch(() => undefined) : undefined;
        if (early && !early.page.isClosed() && early.page.browser() === browser) return early;
        if (early) void early.page.close().catch(() => undefined);
        return openPrintPage(await session.newPage(browser), label);
      };
      return await Promise.race([
        ready().then((page) =>
          printOnce(page, html, meta, outline, label, guess, options, {
            beside: besideOf(session, label, headOf(html)),
            heads: options.draft ? undefined : headsBesideOf(session, label, headOf(html)),
          }),
        ),
        hung,
      ]);
    } catch (error) {
      // Our own verdicts (content, page numbers) are not the browser's fault: no retry.
      if (error instanceof BriefingError) throw error;
      const reason =
        error instanceof PrintTimeout
          ? error.message
          : `the browser failed: ${String((error as Error).message ?? error).split('\n')[0]}`;
      if (attempt === 2) {
        throw new BriefingError({
          file: label,
          severity: 'error',
          message: `printing failed twice: ${firstFailure}; then ${reason}`,
          rule: RULES.printFailed.id,
          fix: 'check that Chromium runs (`chromium --headless --version`); for a very long edition raise BRIEFING_PRINT_TIMEOUT (seconds)',
        });
      }
      firstFailure = reason;
      onRetry(reason);
      await session.restart(generation);
    } finally {
      over = true;
      clearTimeout(timer);
    }
  }
}

class PrintTimeout extends Error {}

/**
 * A second renderer for a cold build's groups of chapters (prepared-chapters.ts), when the print
 * page's browser has one renderer for all (the CLI's one-locale builds: the other core is idle while
 * it prepares), or BRIEFING_RENDERERS=2 asks for one; BRIEFING_RENDERERS=1: never.
 */
function besideOf(
  session: BrowserSession,
  label: string,
  head: string,
  env: NodeJS.ProcessEnv = process.env,
): Beside | undefined {
  if (!head || env.BRIEFING_RENDERERS === '1' || (!session.sidesWanted && env.BRIEFING_RENDERERS !== '2'))
    return undefined;
  let page: Promise<PrintPage> | undefined;
  return {
    page: () =>
      (page ??= session
        .sideBrowser('beside')
        .then((browser) => browser.newPage())
        .then((opened) => openPrintPage(opened, label, head))),
    done: () => void session.closeSide('beside'),
  };
}

/**
 * A page of its own for the running heads, in a browser of its own (`browser.ts` sideBrowser), when
 * the print page's browser has one renderer for all: a cold build printed in parts starts it once its
 * measuring pass is printed (~0.3 s to launch and load the head; started with that pass, its ~100 MB
 * came on top of the build's peak, at that pass's end), and the heads are printed there while the
 * print page prints the next pass (at 20 × the review, 924 head pages: ~0.5 s of the build's end,
 * its one renderer printing them after the pass). The same Chromium and print head: the same heads
 * (tests/e2e/heads-beside.test.ts).
 * BRIEFING_HEADS_BESIDE: 0 never, 1 whatever the renderers and the pages.
 */
interface HeadsBeside {
  /** Started: the browser launched, the head loaded; undefined until `start`. */
  page?: Promise<Page>;
  /** Started for an edition of so many pages, if that is enough to pay for the launch. */
  start: (pages: number) => void;
  done: () => void;
}

/**
 * From so many pages the heads are printed beside: their print takes ~0.6 ms a page (924 pages: ~0.55
 * s, measured), a browser's launch and the head ~0.2–0.3 s of CPU; at 5 × the review (234 pages, ~0.14
 * s of heads) the build's end was no sooner, measured in three pairs on a loaded machine.
 */
const HEADS_BESIDE_FROM = 500;

function headsBesideOf(
  session: BrowserSession,
  label: string,
  head: string,
  env: NodeJS.ProcessEnv = process.env,
): HeadsBeside | undefined {
  const ask = env.BRIEFING_HEADS_BESIDE;
  if (!head || ask === '0' || (!session.sidesWanted && ask !== '1')) return undefined;
  const beside: HeadsBeside = {
    start: (pages) => {
      if (pages < HEADS_BESIDE_FROM && ask !== '1') return;
      if (!beside.page) trace(`${label}: a browser for the running heads starting`);
      beside.page ??= session
        .sideBrowser('heads')
        .then(async (browser) => (await openPrintPage(await browser.newPage(), label, head)).page)
        .then((page) => {
          trace(`${label}: a page for the running heads ready`);
          return page;
        });
      beside.page.catch(noop);
    },
    done: () => void session.closeSide('heads'),
  };
  return beside;
}

export interface PrintOptions {
  /**
   * A proof for the screen (the dev server's print view): the same pages and proven contents
   * numbers, but untagged and without our outline and document info, which nobody sees there.
   */
  draft?: boolean;
  /** Called once this print needs the browser no more (only the PDF is left to finish). */
  browserDone?: () => void;
  /**
   * Called once, when Chromium has begun its first print pass: this process only waits for it then,
   * so work of its own (the web edition) costs the print nothing.
   */
  whilePrinting?: () => void;
  /** A page opened ahead of time, perhaps with the edition's head loaded (see page.ts). */
  page?: Promise<PrintPage | undefined>;
  /**
   * Given the print page instead of closing it, after a print that succeeded in a page whose head
   * was loaded ahead of time: the dev print view prints the next save in it (only the body changes).
   */
  keep?: (page: PrintPage) => void;
  /**
   * Print the edition part by part (parts.ts: a chapter run at a time, joined by join.ts) instead of
   * at once, reusing parts of the cache printed from the same document.
   */
  parts?: {
    cache?: PartCache;
    /** Told, after each pass, where each part fell and whether it was printed or reused. */
    printed?: (parts: PrintedPart[]) => void;
    /** Only when the edition is long (parts.ts, printInParts), else at once. */
    auto?: boolean;
    /**
     * A draft's parts printed afresh, each given as soon as it is printed with its running heads on
     * (early-pages.ts), when the page numbers of the last print are tried first and its heads are
     * kept: the dev print view shows them before the draft is joined and finished.
     */
    early?: (part: EarlyPart) => void;
  };
  /** The content folder, which the print HTML's data-source paths are relative to (for messages). */
  sourceRoot?: string;
  /**
   * The printed PDF is read and finished only once this settles (a build's next locale printing,
   * build.ts Turns: finishing it would hold up the round trips that print's page takes to prepare).
   */
  finishAfter?: Promise<unknown>;
}

async function printOnce(
  print: PrintPage,
  html: string,
  metadata: PdfMetadata | Promise<PdfMetadata>,
  outline: OutlineEntry[],
  label: string,
  guess: PageGuess | undefined,
  { draft = false, browserDone = () => {}, whilePrinting, keep, parts, sourceRoot, finishAfter }: PrintOptions,
  { beside, heads }: { beside?: Beside; heads?: HeadsBeside } = {},
): Promise<PrintResult> {
  const { page } = print;
  // Requests blocked and page errors are added as they happen.
  const diagnostics = print.diagnostics;
  // pdf-lib loads while Chromium works (see finish.ts).
  const { finishing, soon } = finishModule(parts !== undefined);
  let kept = false;
  // The prepared body on its way from the page (holdBody): the browser and page are let go once it is in.
  let keeping: Promise<void> = Promise.resolve();
  try {
    const partsFor = partsDecider(parts, page);
    const early = earlyPass(print, finishing, { parts, draft, html, label, metadata, whilePrinting });
    const prepared = await prepareAhead(print, html, finishing, {
      ...{ label, draft, sourceRoot, parts, partsFor, beside, loaded: soon },
      pipe: early.pipe,
    });
    diagnostics.push(...prepared.diagnostics);
    const steps: PageStep[] = prepared.plan?.start === 'right' ? [rightHandStep(prepared.plan)] : [];
    const inParts = await partsFor(prepared.plan?.chapters.length ?? 0);
    const { printer, measurer, piped } = await printersFor(print, prepared, early, finishing, {
      ...{ inParts, parts, draft, metadata, html, label },
    });
    // Before page numbers go in; the chapters (~1 MB) taken in while the page lays out in columns.
    const keepBody = prepared.hold?.();
    const first = await firstPagination(print, prepared, guess, steps, measurer, label, {
      piped,
      heads: inParts ? heads : undefined,
      columns: !inParts,
    });
    const standard = Promise.resolve(metadata).then((m) => m.standard ?? {});
    standard.catch(() => undefined);
    const folios = foliosApart(prepared.plan, html);
    const paginating = { draft, label, standard, inParts: Boolean(inParts), folios, finishAfter };
    const printed = await paginate(print, prepared, first, steps, printer, paginating);
    // Sent while this process finishes the pages and the file (not waited for; the build waits before it closes the browser).
    keeping = keepBody?.() ?? keeping;
    bodiesOnTheirWay.add(keeping);
    void keeping.then(() => bodiesOnTheirWay.delete(keeping));
    const finish = await finishing;
    const finished = await finishPages(page, prepared, printed, finish, { draft, label, outline, folios });
    // (The running heads printed after the pages put the edition back not displayed: pages.ts startHeads.)
    if (finished.heads) print.unlaid = true;
    diagnostics.push(...finished.found);
    void keeping.then(browserDone);
    if (keep && prepared.preloaded) {
      kept = true;
      keep(print);
    }
    const bytes = await save(printed, prepared, finish, await metadata, {
      draft,
      label,
      outline,
      heads: finished.heads,
    });
    // A copy: the page's listeners may still add to `diagnostics`.
    return {
      pdf: bytes,
      pages: printed.pagination.pageCount,
      pagination: printed.pagination,
      passes: printed.pass,
      chaptersKept: prepared.chaptersKept,
      earlyStands: printed.earlyStands,
      diagnostics: [...diagnostics],
    };
  } finally {
    // Not awaited: puppeteer's close waits for Chromium's "target destroyed" event, which never comes
    // when another locale's print has just ended the browser (a --locale all build hung on it).
    if (!kept) void keeping.then(() => page.close()).catch(() => undefined);
    heads?.done();
  }
}

/**
 * pdf-lib and the finishing steps (finish.ts: ~20 ms of this process to load, from the code cache).
 * For an edition that may print in parts, at once (its last build's parts are read with it while the
 * edition loads); otherwise on the turn of the event loop after `soon` is called, as the edition goes
 * into the page (the page parses it while this process loads the module): loaded as the print HTML
 * was handed over, it held the edition's way into the page up, the page idle meanwhile.
 */
function finishModule(atOnce: boolean): { finishing: Promise<Finish>; soon: () => void } {
  let start: () => void = noop;
  let started = false;
  const finishing = new Promise<Finish>((resolve, reject) => {
    start = () => {
      if (started) return;
      started = true;
      import('./finish.js').then(resolve, reject);
    };
  });
  finishing.catch(noop);
  if (atOnce) start();
  return { finishing, soon: () => void setImmediate(start) };
}

/** The measuring pass printed while a cold build's chapters are prepared (prepared-chapters.ts Pipe). */
interface EarlyPass {
  /** Given to the preparation: prints the pass as the groups come (none: not piped). */
  pipe?: Pipe;
  printer?: Printer;
  printed?: Promise<Printed>;
  /** What is done once the first print has gone out (printingBegun), done once whichever printer prints first. */
  begun: (label: string | undefined) => () => void;
}

/**
 * The printer of the edition as prepared (in parts: the one that printed the measuring pass while
 * the chapters were prepared, when its parts are the edition's), the one that measures, and that pass.
 */
async function printersFor(
  print: PrintPage,
  prepared: Prepared,
  early: EarlyPass,
  finishing: Promise<Finish>,
  {
    inParts,
    parts,
    draft,
    metadata,
    html,
    label,
  }: {
    inParts: boolean;
    parts: PrintOptions['parts'];
    draft: boolean;
    metadata: PdfMetadata | Promise<PdfMetadata>;
    html: string;
    label: string;
  },
): Promise<{ printer: Printer; measurer: Printer; piped?: Printed }> {
  const piped = inParts ? await pipedPass(print.page, early, prepared.plan, label) : undefined;
  // Metadata given as a promise (a build's other locales still being checked) is waited for only
  // where it is used: the parts printer reads the standard as it prints, a whole print once printed.
  const meta = inParts ? await metadata : undefined;
  const begun = early.begun(!draft && inParts ? label : undefined);
  // In parts, told once the first part's print has gone out (parts.ts partTaker).
  const printer =
    (piped && early.printer) ??
    (inParts
      ? editionPartsPrinter(print, prepared, finishing, { parts, draft, meta, html, label, begun })
      : wholePrinter(print, finishing, foliosApart(prepared.plan, html), begun));
  // A whole print measures with nothing painted; parts measure in full, to be reused (parts.ts).
  const measurer = inParts ? printer : measuringPrinter(print.page, printer, { markers: false });
  return { printer, measurer, piped };
}

/**
 * A cold build printed in parts prints a measuring pass while its chapters are prepared, when they
 * are prepared in groups in two renderers (prepared-chapters.ts prepareGroups), even with the last
 * build's page numbers to guess from (caches emptied or outdated, the output kept): guessed, the
 * parts printed only once every group was prepared, in one renderer (20 × the review: 15.1 s against
 * 13.5 s). BRIEFING_PIPE_PARTS=0: never (the e2e test compares the bytes).
 */
function earlyPass(
  print: PrintPage,
  finishing: Promise<Finish>,
  {
    parts,
    draft,
    html,
    label,
    metadata,
    whilePrinting,
  }: {
    parts: PrintOptions['parts'];
    draft: boolean;
    html: string;
    label: string;
    metadata: PdfMetadata | Promise<PdfMetadata>;
    whilePrinting: (() => void) | undefined;
  },
  env: NodeJS.ProcessEnv = process.env,
): EarlyPass {
  let told = false;
  const early: EarlyPass = {
    begun: (streams) => () => {
      if (!told) printingBegun(whilePrinting, finishing, streams)();
      told = true;
    },
  };
  if (draft || !parts || env.BRIEFING_PIPE_PARTS === '0') return early;
  const begun = early.begun(label);
  early.pipe = async (arrivals) => {
    const [plan, browserVersion, meta] = await Promise.all([
      readPlan(print.page),
      versionOf(print.page.browser()),
      metadata,
    ]);
    const printer = editionPartsPrinter(print, { plan, browserVersion }, finishing, {
      parts,
      draft,
      meta,
      html,
      label,
      begun,
    });
    early.printer = printer;
    early.printed = printer(false, undefined, true, arrivals);
    await early.printed;
  };
  return early;
}

/**
 * The measuring pass printed while the chapters were prepared, when its parts are the whole
 * edition's as it is now prepared (parts.ts samePartsAs); else undefined (it is printed again).
 */
async function pipedPass(
  page: Page,
  early: EarlyPass,
  plan: PagePlan | undefined,
  label: string,
): Promise<Printed | undefined> {
  const printed = await early.printed?.catch(() => undefined);
  if (!printed || !plan) return undefined;
  if (await samePartsAs(page, partChapters(plan))) return printed;
  trace(`${label}: the parts printed while the chapters were prepared are not the edition's: printed again`);
  return undefined;
}

/**
 * What is done once the first print has gone out: the caller told (`whilePrinting`), and, printed in
 * parts for a build (`label`), what the last build made of the content streams read for finishing
 * (standard.ts conform) while Chromium shows and prints parts, this process waiting (not beside a
 * whole print: see wholePrinter).
 */
function printingBegun(
  whilePrinting: (() => void) | undefined,
  finishing: Promise<Finish>,
  label: string | undefined,
): () => void {
  return () => {
    whilePrinting?.();
    if (label !== undefined) void finishing.then((finish) => finish.readStreamsAhead(label)).catch(() => undefined);
  };
}

/**
 * Whether the running heads draw the folios (pages.ts headsByPage), in a print of this HTML whole or
 * in parts, its own leaving them out (parts.ts BARE_FOLIOS): when no stylesheet but the theme's counts
 * pages (parts.ts looseParts) and the edition has chapters (the folios run from the first one's page).
 * Then a part's print depends on its HTML and parity alone, and one whole print is the parts' joined.
 */
function foliosApart(plan: PagePlan | undefined, html: string): boolean {
  return looseFor(plan, html) !== undefined;
}

/** How the parts of this print print loose (foliosApart), else undefined. */
function looseFor(plan: PagePlan | undefined, html: string): Loose | undefined {
  if (!plan || plan.chapters.length === 0) return undefined;
  // The last answer kept: a print asks three or four times of the same HTML, and each asking scans
  // its every style (20 × the review: ~15 ms).
  if (lastLoose?.html !== html) lastLoose = { html, loose: looseParts(html) };
  return lastLoose.loose;
}

let lastLoose: { html: string; loose: Loose | undefined } | undefined;

/** The edition printed in parts: tagged and to the standard for a build, a draft's parts sent early. */
function editionPartsPrinter(
  print: PrintPage,
  prepared: Pick<Prepared, 'plan' | 'browserVersion'>,
  finishing: Promise<Finish>,
  {
    parts,
    draft,
    meta,
    html,
    label,
    begun,
  }: {
    parts: PrintOptions['parts'];
    draft: boolean;
    meta?: PdfMetadata;
    html: string;
    label: string;
    begun: () => void;
  },
): Printer {
  return partsPrinter(
    print,
    prepared,
    finishing,
    {
      ...parts,
      begun,
      loose: looseFor(prepared.plan, html),
      tagged: !draft,
      standard: draft ? undefined : (meta?.standard ?? {}),
      early: draft ? parts?.early : undefined,
    },
    `${headOf(html)}\0${prepared.browserVersion}`,
    label,
  );
}

/** The page prepared, while the last build's parts are loaded (part-cache.ts). */
async function prepareAhead(
  print: PrintPage,
  html: string,
  finishing: Promise<Finish>,
  options: Pick<PrintOptions, 'draft' | 'sourceRoot' | 'parts'> & {
    label: string;
    partsFor: ReturnType<typeof partsDecider>;
    beside?: Beside;
    pipe?: Pipe;
    /** Told as the edition goes into the page (finishModule). */
    loaded: () => void;
  },
) {
  const { parts, label, draft, sourceRoot, partsFor, beside, pipe, loaded } = options;
  // Started while the edition loads, when a cold build will likely prepare it in groups (its launch: ~0.5 s).
  if (beside && parts && !hasFootStore(html) && besideAhead(label, html, headOf(html), draft === true))
    beside.page().catch(noop);
  // (On the next turn of the event loop: once the edition, or its head, is on its way to the page.)
  loaded();
  const preparing = prepare(print, html, {
    label,
    draft: draft ?? false,
    sourceRoot,
    // Printed in parts, each part has only its own markers, and a part is keyed by them (parts.ts):
    // every marker is printed.
    everyMarker: parts !== undefined,
    partsFor,
    beside,
    pipe,
  });
  if (parts?.cache?.loadAhead) void finishing.then((f) => parts.cache?.loadAhead?.(f.loadPdf));
  // The second renderer is let go once the page is prepared.
  return preparing.finally(() => beside?.done());
}

/**
 * Whether an edition of so many chapters prints in parts. Automatically: the view prints whatever the
 * reader edits, and knows its chapters only from the page.
 */
function partsDecider(parts: PrintOptions['parts'], page: PrintPage['page']) {
  return async (chapters: number) =>
    parts !== undefined && (!parts.auto || (printInParts(chapters) && printInParts(chapters, await textLength(page))));
}

type Finish = typeof import('./finish.js');

/** The edition's text, in characters (whether to print it in parts, parts.ts printInParts). */
function textLength(page: Page): Promise<number> {
  return page.evaluate(() => document.body.textContent?.length ?? 0);
}
type Marked = Awaited<ReturnType<typeof fitAndMark>>;

/** The edition in the page, laid out as it will print, and what the print loop asks of it. */
interface Prepared {
  /** Whether the page's head was loaded ahead of time (only the body was put in). */
  preloaded: boolean;
  marked: Marked;
  /** Theme `notes: foot`: where each note was placed (foot-notes.ts), for the proof after printing. */
  foot?: FootNotes;
  /**
   * The layout markers left out of this print (lean-marks.ts), with where the last print of the same
   * body placed them and every marker it placed (checked against this print).
   */
  lean?: Lean;
  /** The key the body is kept under (foot-cache.ts, prepared-cache.ts): its markers' places are kept under it too. */
  marksKey?: string;
  /** The ids whose page numbers the edition shows (`data-page-of`), in document order. */
  ids: string[];
  plan: PagePlan | undefined;
  /** Each link's label and each list item's kind, for the tagged PDF (structure-hints.ts); none in a draft. */
  hints: StructureHints;
  diagnostics: Diagnostic[];
  browserVersion: string;
  /** The print HTML's head (page.ts headOf; '' when it cannot be split): part of the heads' cache key. */
  head: string;
  /** Chapters put in as the last print prepared them, of all (prepared-chapters.ts). */
  chaptersKept?: [number, number];
  /**
   * What the next build keeps of the page as prepared (its chapters, keepChapters; its body,
   * holdBody), asked of the page when called, before anything changes the page: returns what sends
   * the body once the print is done.
   */
  hold?: () => (() => Promise<void>) | undefined;
}

/**
 * Step 1: load the edition, settle its soft hyphens, fit and mark its blocks for the layout check,
 * and read what the print loop needs (contents ids, page plan, structure hints).
 */
async function prepare(
  print: PrintPage,
  html: string,
  {
    label,
    draft,
    sourceRoot,
    everyMarker,
    partsFor,
    beside,
    pipe,
  }: {
    label: string;
    draft: boolean;
    sourceRoot: string | undefined;
    everyMarker: boolean;
    /** Whether an edition of this many chapters is printed in parts. */
    partsFor: (chapters: number) => Promise<boolean>;
    /** A second renderer for groups of chapters (prepared-chapters.ts). */
    beside?: Beside;
    /** The measuring pass printed while the groups are prepared (earlyPass). */
    pipe?: Pipe;
  },
): Promise<Prepared> {
  const { page } = print;
  const diagnostics: Diagnostic[] = [];
  // Part of the key of the settled soft hyphens.
  const browserVersion = await versionOf(page.browser());
  trace(`${label}: page ready`);
  // (As the page names them, content-relative: that is what the caches keep.)
  const found =
    (await loadPrepared(print, html, label, draft, browserVersion, everyMarker)) ??
    (await prepareAfresh(print, html, label, draft, browserVersion, { inParts: everyMarker, partsFor, beside, pipe }));
  const prepared = everyMarker ? { ...found, marksKey: undefined } : found;
  const { preloaded } = prepared;
  const marked = {
    ...prepared.marked,
    items: anchored(prepared.marked.items, sourceRoot),
    overflows: anchored(prepared.marked.overflows, sourceRoot),
  };
  const foot = prepared.foot && { ...prepared.foot, notes: anchored(prepared.foot.notes, sourceRoot) };
  diagnostics.push(...overflowWarnings(marked.overflows, label));
  // page.evaluate, never $$eval: a query handler injects puppeteer's helper script into the page
  // first (50–60 ms each build, measured).
  // Both questions at once: the second goes out before the first is answered.
  const [ids, plan, hints] = await Promise.all([
    page.evaluate(() =>
      [...document.querySelectorAll('[data-page-of]')].map((e) => e.getAttribute('data-page-of') ?? ''),
    ),
    readPlan(page),
    draft ? NO_HINTS : readStructureHints(page),
  ]);
  if (!plan && ids.length > 0) {
    diagnostics.push({
      file: label,
      severity: 'warning',
      message:
        'the print HTML has no page plan: no running heads are drawn and chapters.start is not applied (a layout.hbs older than theme.yaml?)',
      rule: RULES.printNoPagePlan.id,
      fix: 'add the <script type="application/json" id="briefing-page-plan"> line of the shipped templates/layout.hbs to yours',
    });
  }
  return {
    preloaded,
    chaptersKept: prepared.chaptersKept,
    hold: prepared.hold,
    marked,
    foot,
    lean: prepared.lean,
    marksKey: prepared.marksKey,
    ids,
    plan,
    hints,
    diagnostics,
    browserVersion,
    head: headOf(html),
  };
}

/** What the page names by its content-relative data-source, as the files messages name (copies). */
function anchored<T extends { source?: string }>(list: readonly T[], root: string | undefined): T[] {
  return list.map((item) => {
    const at = sourcePosition(item.source, root);
    return at ? { ...item, source: `${at.file}:${at.line}:${at.column}` } : item;
  });
}

/** The page prepared for printing: loaded, settled, fitted and marked, its notes placed. */
type PreparedPage = Pick<Prepared, 'preloaded' | 'marked' | 'foot' | 'lean' | 'marksKey' | 'chaptersKept' | 'hold'>;

interface Lean {
  dropped: Map<string, PlacedDestination>;
  last: Map<string, PlacedDestination>;
}

/**
 * The body as the last build of this same HTML prepared it, put in whole in place of the edition's
 * own: the soft hyphens settled, the loose lines tracked, the line wraps and layout marks in it (and
 * with theme `notes: foot` the notes placed: foot-cache.ts; else prepared-cache.ts), so none of
 * those steps runs again (each lays the whole edition out). Only into a page whose head was loaded
 * ahead of time, as the body the build that kept it read back was. Undefined when nothing is kept
 * for this HTML, browser and code, or for a draft without page-foot notes (kept for prints only).
 */
async function loadPrepared(
  print: PrintPage,
  html: string,
  label: string,
  draft: boolean,
  browserVersion: string,
  everyMarker: boolean,
): Promise<PreparedPage | undefined> {
  const head = headOf(html);
  if (!head || head !== print.head) return undefined;
  const kept: { body: string; marked: Marked; foot?: FootNotes; key: string } | undefined = hasFootStore(html)
    ? keptPreparation({ pdf: label, html, browserVersion, draft })
    : draft
      ? undefined
      : keptBody(label, preparedKey(html, browserVersion));
  if (!kept) return undefined;
  const started = performance.now();
  // Only the layout markers that decide a finding, when the last print of this body says where all fell.
  const last = everyMarker ? undefined : lastMarks(label, kept.key);
  const dropped = last && leanMarks(kept.marked.items, kept.foot?.areas ?? [], last);
  const body = dropped && dropped.size > 0 ? withoutMarkerLinks(kept.body, dropped) : undefined;
  const lean = body !== undefined ? { dropped: dropped!, last: last! } : undefined;
  const { preloaded } = await loadEdition(print, `${head}${body ?? kept.body}</body></html>`, undefined, {
    unlaid: true,
  });
  const ms = performance.now() - started;
  trace(`${label}: loaded as the last build of this HTML prepared it (hyphens settled, layout fitted and marked)`);
  if (lean)
    trace(
      `${label}: ${lean.dropped.size} of ${kept.marked.items.length * 2} layout markers left out of the print (placed as the last print of this body placed them)`,
    );
  const prepared = { preloaded, marked: kept.marked, lean, marksKey: kept.key };
  if (!kept.foot) return { ...prepared, foot: undefined };
  const foot = { ...kept.foot, ms, kept: true };
  trace(
    `${label}: ${foot.notes.length} notes at the foot of ${foot.areas.length} pages (${ms.toFixed(0)} ms, as the last build of this HTML placed them)`,
  );
  return { ...prepared, foot };
}

/** The body the last build of this HTML prepared (prepared-cache.ts), with the key it is kept under. */
function keptBody(label: string, key: string): { body: string; marked: Marked; key: string } | undefined {
  const kept = lastPrepared(label, key);
  return kept && { ...kept, key };
}

/** Step 1 in full: load the edition, settle its soft hyphens, fit and mark its blocks, place its notes. */
async function prepareAfresh(
  print: PrintPage,
  html: string,
  label: string,
  draft: boolean,
  browserVersion: string,
  {
    inParts,
    partsFor,
    beside,
    pipe,
  }: { inParts: boolean; partsFor: (chapters: number) => Promise<boolean>; beside?: Beside; pipe?: Pipe },
): Promise<PreparedPage> {
  const { page } = print;
  // A draft for the screen keeps its soft hyphens: the lines break the same (see hyphens.ts), only
  // the text layer differs, and nobody searches a preview.
  const key = draft ? undefined : settleKey(html, browserVersion);
  const known = key ? { key, browserVersion, ...readSettled(label, key) } : undefined;
  // To be settled: put in unlaid, and first laid out once a settling found before is in (settle.ts
  // shows it when it needs the layout; at 20 × the review a whole layout is about a second).
  const footStore = hasFootStore(html);
  const edition = { label, html, browserVersion, draft };
  // After an edit: the chapters the last build prepared put in as it prepared them, only the others
  // prepared (prepared-chapters.ts); the edition not laid out whole. Found by their text, they go in
  // with the others at once (loadByChapter); else the edition goes in as it is and they are found in
  // the page (prepareFromChapters). Cold, an edition printed in parts is prepared a group of chapters
  // at a time, alone in the page: settled whole, a long edition left Chromium holding garbage as
  // large as itself (20 × the review: ~1.3 GB before the collection, the build's peak).
  const byChapters = !footStore && (draft || (known !== undefined && !known.whole));
  const { byText, loaded } = await loadToPrepare(print, edition, {
    byChapters,
    settled: known?.whole?.widened === 0 ? known.whole.cleanup.settled : undefined,
    unlaid: known !== undefined || (draft && !footStore),
  });
  const { preloaded } = loaded;
  const byChapter =
    byText ??
    (byChapters
      ? await prepareFromChapters(
          print,
          html,
          label,
          browserVersion,
          draft,
          !draft && inParts && (await partsFor((await readPlan(page))?.chapters.length ?? 0)),
          beside,
          pipe,
        )
      : {});
  if (byChapter.again) {
    trace(`${label}: something too wide in a chapter prepared afresh: the whole edition prepared`);
    await loadEdition(print, html, undefined, { unlaid: true });
  }
  const settled = byChapter.marked ? undefined : await settleOrFit(print, html, label, known, loaded);
  const marked = byChapter.marked ?? (await markAndHide(print, !inParts && !footStore));
  const keptKey = !draft && !footStore ? preparedKey(html, browserVersion) : undefined;
  const hold = holdForNext(print, edition, marked, {
    keptKey,
    chapters: settled && !footStore ? { keys: byChapter.keys ?? settled.keys, widened: settled.widened } : undefined,
    copy: Boolean(byChapter.kept?.[0]),
  });
  // (Printed whole: asked by printOnce.)
  if (inParts) hold();
  // Printed in parts, the edition is shown part by part from now on: hidden once marked. Page-foot
  // notes still need it laid out. (Not asked together with the marking: a first step asked of a
  // document sends the page script first, and the hiding then ran before the measuring, which saw
  // nothing too wide.) Prepared from kept chapters, it is hidden already: shown for a whole print.
  if (inParts && !footStore) await hideEdition(print);
  trace(
    `${label}: layout fitted (${marked.ms.fit.toFixed(0)} ms, ${marked.overflows.length} too wide) and marked (${marked.ms.mark.toFixed(0)} ms, ${marked.items.length} items)`,
  );
  // Theme `notes: foot`: each note moved to the foot of its reference's page (see foot-notes.ts).
  const foot = await placeFootNotes(page, { pdf: label, html, browserVersion, draft, marked });
  if (foot)
    trace(
      `${label}: ${foot.notes.length} notes at the foot of ${foot.areas.length} pages (${foot.ms.toFixed(0)} ms${foot.kept ? ', as the last build of this HTML placed them' : ''})${foot.reused?.chapters ? `, ${foot.reused.chapters} of ${foot.reused.of} chapters as the last build placed them` : ''}`,
    );
  // The markers' places are kept under the key the body is kept under.
  return { preloaded, marked, foot, marksKey: foot?.key ?? keptKey, chaptersKept: byChapter.kept, hold };
}

/**
 * What the next build keeps of the page as prepared, asked of the page when called (once): each
 * chapter, for a build after an edit (prepared-chapters.ts keepChapters, `chapters`), and the body,
 * for a build of this HTML (prepared-cache.ts, under `keptKey`): serialized before the print loop
 * fills page numbers in (the page answers in order), sent once the print is done (holdBody).
 */
function holdForNext(
  print: PrintPage,
  edition: { label: string; html: string; browserVersion: string; draft: boolean },
  marked: Marked,
  { keptKey, chapters, copy }: { keptKey?: string; chapters?: { keys?: string[]; widened: number }; copy: boolean },
): () => (() => Promise<void>) | undefined {
  const keep = (body: string) => keepPrepared(edition.label, { key: keptKey!, body, marked });
  let held: (() => Promise<void>) | undefined;
  let asked = false;
  return () => {
    if (!asked && chapters) keepChapters(print, edition, chapters.keys, marked, chapters.widened);
    if (!asked && keptKey) held = holdBody(print.page, keep, copy);
    asked = true;
    return held;
  };
}

/**
 * Nothing may be wider than its column (Chromium would shrink every page): clipped and named; every
 * block marked. `screen` (printed whole, no page-foot notes to place): then hidden from the screen,
 * in the same task (page.ts screenHidden): no frame lays it out again for nothing.
 */
async function markAndHide(print: PrintPage, screen: boolean) {
  const marked = await fitAndMark(print.page, { screen });
  if (screen) print.screenHidden = true;
  return marked;
}

/** The edition in the page: with its kept chapters found by their text (loadByChapter), else as it is. */
async function loadToPrepare(
  print: PrintPage,
  edition: { label: string; html: string; browserVersion: string; draft: boolean },
  { byChapters, settled, unlaid }: { byChapters: boolean; settled: Parameters<typeof loadEdition>[2]; unlaid: boolean },
) {
  const byText = byChapters ? await loadByChapter(print, edition) : undefined;
  const loaded = byText
    ? { preloaded: byText.preloaded, settledIn: false, headFirst: false }
    : await loadEdition(print, edition.html, settled, { unlaid });
  const how = loaded.preloaded ? 'head loaded ahead of time' : loaded.headFirst ? 'head first' : 'whole document';
  trace(`${edition.label}: loaded, fonts ready (${how})`);
  return { byText, loaded };
}

const bodiesOnTheirWay = new Set<Promise<void>>();

/**
 * The prepared bodies still on their way from the page (holdBody), kept once they are in: a build
 * waits for them before it closes the browser. (Not waited for, a rebuild that took its finished PDF
 * (finished-cache.ts) closed the browser first, and the next build prepared its page afresh.)
 */
export async function bodiesKept(): Promise<void> {
  await Promise.all(bodiesOnTheirWay);
  // And the cache files being written in the thread pool (artifact-cache.ts, prepared-cache.ts).
  await cacheWritten();
}

/** Where the page holds the body as prepared until it is sent (holdBody). */
const HELD_BODY = '__briefingPreparedBody';

/**
 * The body as it is now, serialized and held in the page; the function returned has it sent and
 * given to `keep` (best effort). Sent at once, the edition's HTML held the print up: at 20 × the
 * review ~0.15 s of Chromium's CPU on the pipe, before any part printed. `copy` (after an edit, some
 * chapters kept): a deep copy held, serialized when sent, once the print is done and the page idle
 * (copying costs the page about a third of serializing, which held the parts up; the same HTML:
 * serializing reads only the node tree, which the copy has). Not in a cold build: its peak would
 * hold the copy.
 */
function holdBody(page: Page, keep: (body: string) => void, copy = false): () => Promise<void> {
  const held = page.evaluate(
    (name, copy) => {
      (window as unknown as Record<string, string | Node>)[name] = copy
        ? document.body.cloneNode(true)
        : document.body.innerHTML;
    },
    HELD_BODY,
    copy,
  );
  held.catch(() => undefined);
  return () =>
    held
      .then(() =>
        page.evaluate((name) => {
          const w = window as unknown as Record<string, string | Element | undefined>;
          const body = w[name];
          delete w[name];
          return typeof body === 'object' ? body.innerHTML : body;
        }, HELD_BODY),
      )
      .then((body) => {
        if (body !== undefined) keep(body);
      })
      .catch(() => undefined);
}

/**
 * The edition in the page settled (settle.ts) with its tables fitted, or for a draft (known:
 * undefined) its tables fitted only: how many were widened, and the chunks' keys when settled by chunk.
 */
async function settleOrFit(
  print: PrintPage,
  html: string,
  label: string,
  known: Known | undefined,
  loaded: { settledIn: boolean },
): Promise<{ widened: number; keys?: string[] }> {
  if (!known) {
    await showEdition(print);
    // Tables too wide for the text column take the whole text area (settle.ts fits them otherwise).
    const widened = await fitTables(print.page);
    if (widened > 0) trace(`${label}: ${widened} wide table(s) set across the text area`);
    return { widened };
  }
  const settled = await settleText(print, html, label, known, loaded);
  const { cleanup: hyphens, tracks, wraps, how } = settled;
  const marked = wraps.reduce((n, [, at]) => n + at.length, 0);
  trace(
    `${label}: soft hyphens settled (${hyphens.kept} kept, ${hyphens.unhyphenated} words unhyphenated, ${marked} line wraps marked${how})`,
  );
  trace(`${label}: ${tracks.length} runs of loose justified lines tracked${how}`);
  return settled;
}

/** The page numbers the first real print fills in, how many pages it should have, and its pass. */
interface FirstGuess {
  numbers: Map<string, number>;
  /** For the running heads printed ahead; undefined: not known, none printed ahead. */
  expectedPages: number | undefined;
  pass: number;
  /** The running heads' page of their own (HeadsBeside): started once measured, ended once the pages stand. */
  heads?: HeadsBeside;
}

/**
 * Step 2: the first guess. The numbers of the previous build are the best one: when the pagination
 * did not move, one print is enough (the final PDF is checked all the same). Without them, a whole
 * print's guess is the edition laid out in columns one page tall (column-guess.ts: ~1/3 of the
 * measuring pass's time at 1 × the review), checked the same way. Otherwise a cheap first pass (no
 * tags, no outline) measures them. The page steps (blank pages before right-hand chapter starts)
 * are part of the guess, and re-measured the same way. (`BRIEFING_COLUMN_GUESS`: 0 never guesses
 * from columns; `check` guesses, prints the measuring pass all the same and traces whether the
 * guess held, for its hit rate.)
 */
async function firstPagination(
  print: PrintPage,
  { ids, plan }: Prepared,
  guess: PageGuess | undefined,
  steps: PageStep[],
  printer: Printer,
  label: string,
  { piped, heads, columns }: { piped?: Printed; heads?: HeadsBeside; columns?: boolean } = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<FirstGuess> {
  const { page } = print;
  // (A measuring pass printed while the chapters were prepared measured them: no guess needed.)
  if (!piped && guess && ids.every((id) => guess.pages.has(id))) {
    for (const step of steps) await step.restore(page, guess);
    return {
      numbers: new Map(ids.map((id) => [id, guess.pages.get(id)!])),
      expectedPages: plausiblePageCount(guess),
      pass: 1,
    };
  }
  const mode = env.BRIEFING_COLUMN_GUESS;
  const guessed = !piped && columns && mode !== '0' ? await columnsGuess(print, ids, plan, label) : undefined;
  if (guessed && mode !== 'check') {
    for (const step of steps) await step.restore(page, guessed);
    return { numbers: guessed.pages, expectedPages: guessed.pageCount, pass: 1 };
  }
  if (!piped) await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const draft = piped ?? (await printer(false, undefined, true));
  trace(`${label}: measuring pass printed${draft.note}`);
  const measured = await draft.load();
  // A build's heads printed beside the pass after it, once it is printed (and the print page's
  // garbage collected): not with it, at the build's peak. (Not for an edition without a page plan.)
  if (plan) heads?.start(measured.getPageCount());
  // A fresh page has no blank pages yet.
  const printed: Pagination = {
    pages: pick(draft.finish.readDestinations(measured), ids, label),
    blanks: new Set(),
    pageCount: measured.getPageCount(),
  };
  const next = (await settleSteps(page, steps, printed)) ?? printed;
  trace(`${label}: page numbers read`);
  if (guessed) trace(`${label}: the guess from columns ${guessHeld(guessed, next)}`);
  return { numbers: next.pages, expectedPages: next.pageCount, pass: 2, heads: plan ? heads : undefined };
}

/** The edition laid out in columns for its page numbers (column-guess.ts), shown first if unlaid. */
async function columnsGuess(
  print: PrintPage,
  ids: string[],
  plan: PagePlan | undefined,
  label: string,
): Promise<PageGuess | undefined> {
  const started = performance.now();
  // (Hidden from the screen, it is shown for the layout in columns alone, in the page.)
  if (!print.screenHidden) await showEdition(print);
  const guessed = await guessFromColumns(print.page, ids, plan, print.screenHidden ? SCREEN_HIDDEN : '');
  const ms = (performance.now() - started).toFixed(0);
  trace(`${label}: ${guessed ? `page numbers guessed from a layout in columns (${ms} ms)` : 'no guess from columns'}`);
  return guessed;
}

/** For the trace (BRIEFING_COLUMN_GUESS=check): whether a guess was the measured pagination, else where not. */
function guessHeld(guessed: PageGuess, measured: Pagination): string {
  const wrong = [...measured.pages].filter(([id, n]) => guessed.pages.get(id) !== n);
  const blanks =
    guessed.blanks.size === measured.blanks.size && [...guessed.blanks].every((id) => measured.blanks.has(id));
  if (wrong.length === 0 && blanks && guessed.pageCount === measured.pageCount) return 'held';
  const where = wrong.slice(0, 5).map(([id, n]) => `${id} ${guessed.pages.get(id)} for ${n}`);
  return `missed (${wrong.length} of ${measured.pages.size} pages: ${where.join(', ')}; blanks ${blanks ? 'same' : 'differ'}; ${guessed.pageCount} pages for ${measured.pageCount})`;
}

/** A print of the edition as it is in the page, and how to load it (while the heads print, see paginate). */
export interface Printed {
  /** Chromium's bytes, for a whole print. */
  pdf?: Uint8Array;
  load: () => Promise<PDFDocument>;
  finish: Finish;
  /** For the trace. */
  note: string;
  /** What content streams of the edition's parts became, read while Chromium printed (partsPrinter). */
  seen?: StreamMemo;
}
/**
 * The seam for a printing strategy: the edition in the page → one PDF. `heads`: the running heads
 * of the pages printed, when known before printing (for the parts given early, partsPrinter).
 */
export type Printer = (
  tagged: boolean,
  heads?: PrintedHeads,
  measuring?: boolean,
  /** In parts, the measuring pass printed as the chapters are prepared (parts.ts pipedSplit). */
  arrivals?: Arrivals,
  /**
   * Told once the page is free again, when that is before the print is in (in parts: before they are
   * joined, once what it starts there has gone out, so that it runs beside the join).
   */
  free?: () => Promise<unknown>,
) => Promise<Printed>;

/**
 * The whole edition in one print, telling `started` when its first print has gone out to Chromium:
 * on the next turn of the event loop after the request is written, not before (told when the print
 * was asked for, the web edition rendered in the way of the page's answers to the steps before it:
 * the review's print went out ~0.1 s late). (The PDF reader is not warmed up meanwhile on the last
 * PDF: measured idle, two reads during the print made the review's rebuild ~70–100 ms slower, the
 * print and they sharing two cores.)
 */
export function wholePrinter(
  print: PrintPage,
  finishing: Promise<Finish>,
  bare: boolean,
  started: (() => void) | undefined,
): Printer {
  let first = started;
  return async (tagged) => {
    // Its folios left to the running heads (as each part's, parts.ts), only while it prints: the
    // heads' document in this page draws them with the edition's own rules.
    const folios = bare ? BARE_FOLIOS : '';
    const hidden = print.unlaid === true || print.screenHidden === true;
    if (hidden) await displayedInPrint(print.page, folios);
    else if (bare) await print.page.evaluate(stylesOf, [[BARE_STYLE, folios]]);
    let pdf: Uint8Array;
    try {
      const printing = printPdf(print.page, { printBackground: true, tagged });
      if (first) setImmediate(first);
      first = undefined;
      pdf = await printing;
    } finally {
      // Asked, not waited for: the page takes it before anything asked of it after, and this
      // process reads the PDF meanwhile (should the page have gone, what is asked next fails).
      const after = hidden
        ? hiddenAfterPrint(print)
        : bare
          ? print.page.evaluate(stylesOf, [[BARE_STYLE, '']])
          : undefined;
      after?.catch(noop);
    }
    const finish = await finishing;
    return { pdf, load: () => finish.loadPdf(pdf), finish, note: '' };
  };
}

/**
 * An edition not displayed (page.ts unlaid, screenHidden) displayed for a print alone (page.ts
 * forPrintsAlone): displayed before the print, a frame between the two laid the whole edition out
 * for nothing (~40 ms at 1 × the review), and the end of the print laid it out again (~30 ms).
 * `folios`: the bare folios' style (wholePrinter).
 */
async function displayedInPrint(page: Page, folios: string): Promise<void> {
  await forPrintsAlone(page, true, { styles: [[BARE_STYLE, folios]], display: 'shown' });
}

/** After displayedInPrint's print: the edition not displayed (unlaid, before the viewport is the page's own again). */
async function hiddenAfterPrint(print: PrintPage): Promise<void> {
  print.unlaid = true;
  print.screenHidden = false;
  await forPrintsAlone(print.page, false, { styles: [[BARE_STYLE, '']], display: 'none' });
}

/** The id of the style that leaves the theme's folios out of a whole print (wholePrinter). */
const BARE_STYLE = 'briefing-bare-folios';

/** The id of the style that hides the body's content from a print that only measures. */
const MEASURING_STYLE = 'briefing-measuring';

/**
 * A print for its page numbers only: nothing in the body painted. Visibility moves no line, so every
 * destination falls on the page it falls on in the real print (the same destinations, checked on the
 * review and the 150-page manual-like document), and Chromium has far less to draw and write: the
 * review's measuring print took ~100 ms instead of ~250, the manual's ~430 instead of ~800, and the
 * PDF to read is a tenth of the size. The page numbers are proven on the final print as always.
 * `markers: false` (the page numbers alone are wanted): the layout markers' hidden links are taken
 * out for the print and put back where they were, and hidden links to the ids whose pages the
 * edition shows put in: Chromium looks every destination up on every page (the manual's 1,488 marker
 * destinations were ~0.25 s of its CPU in this print, measured), and they move no line.
 */
export function measuringPrinter(page: Page, printer: Printer, { markers }: { markers: boolean }): Printer {
  return async (tagged) => {
    await page.evaluate(
      (id, markers) => {
        const style = document.createElement('style');
        style.id = id;
        style.textContent = 'body * { visibility: hidden !important; }';
        document.head.append(style);
        if (markers) return;
        const links = document.querySelector('[data-briefing-markers]');
        const measured = document.createElement('div');
        measured.hidden = true;
        measured.id = `${id}-links`;
        for (const el of document.querySelectorAll('[data-page-of]')) {
          const a = document.createElement('a');
          a.href = `#${el.getAttribute('data-page-of') ?? ''}`;
          measured.append(a);
        }
        // Where the markers' links go back to: in their place, or after the measured ids' links.
        links?.replaceWith(measured);
        if (!links) document.body.append(measured);
        (window as { briefingMarkerLinks?: Element }).briefingMarkerLinks = links ?? undefined;
      },
      MEASURING_STYLE,
      markers,
    );
    try {
      return await printer(tagged);
    } finally {
      await page.evaluate((id) => {
        document.getElementById(id)?.remove();
        const measured = document.getElementById(`${id}-links`);
        const w = window as { briefingMarkerLinks?: Element };
        if (measured && w.briefingMarkerLinks) measured.replaceWith(w.briefingMarkerLinks);
        else measured?.remove();
        delete w.briefingMarkerLinks;
      }, MEASURING_STYLE);
    }
  };
}

/** How the parts are printed (partsPrinter); `begun` told once the first part's print has gone out. */
interface PartsPrinting {
  cache?: PartCache;
  /** Each part printed loose (parts.ts looseParts), its folios left to the running heads. */
  loose?: Loose;
  begun?: () => void;
  tagged: boolean;
  printed?: (parts: PrintedPart[]) => void;
  standard?: PdfStandard;
  early?: (part: EarlyPart) => void;
}

/**
 * Part by part (parts.ts), joined (join.ts) as they come; parts printed before from the same
 * document reused. Every pass is printed as the last one is (tagged unless a draft), the measuring
 * pass too: then a part that the page numbers filled in leave alone (every chapter without a page
 * reference, when no page moved) is the measuring pass's print, reused, not printed twice.
 */
function partsPrinter(
  print: PrintPage,
  { plan }: Pick<Prepared, 'plan'>,
  finishing: Promise<Finish>,
  { cache, tagged, printed, standard, early, begun, loose }: PartsPrinting,
  key: string,
  label: string,
): Printer {
  const chapters = plan ? partChapters(plan) : [];
  // A cold build's first pass (nothing kept of this PDF's streams, artifact-cache.ts): each part's
  // content streams read for the standards' work while Chromium prints the next part, so that only
  // the parts printed again after it are read once the final PDF is in (standard.ts conform).
  let seen: StreamMemo | undefined;
  let pass = 0;
  // The measuring pass's parts as joined: the next pass swaps its reprinted contents in (join.ts PartJoiner).
  let measured: JoinedPass | undefined;
  // Told once, by the first pass (parts.ts partTaker).
  let tell = begun;
  return async (_tagged, heads, measuring, arrivals, free) => {
    const finish = await finishing;
    pass += 1;
    if (pass === 1 && standard && !finish.streamsKept(label)) seen = new Map();
    const reading = pass === 1 ? seen : undefined;
    const joiner = new finish.PartJoiner(measured);
    measured = undefined;
    let ahead = 0;
    // Each part joined at once (its objects moved into the joined file), loaded then unless it was
    // loaded ahead (part-cache.ts).
    const take = (pdf: Uint8Array, key: string) =>
      joiner.add(key, async () => {
        const early = cache?.loaded?.(key);
        if (early) ahead += 1;
        const doc = await (early ?? finish.loadPdf(pdf));
        if (reading)
          await finish.markUntaggedArtifacts(doc, reading, reading, {
            artifacts: finish.needsTagging(standard!),
            rewrite: false,
          });
        return doc;
      });
    // (The parts are shown one at a time, laid out alone; the edition is put back hidden, unlaid.)
    // A part printed afresh, with its heads, to whoever shows pages before the draft is finished.
    const fresh =
      early && heads
        ? (part: PrintedPart, pdf: Uint8Array) => void earlyPart(finish, part, pdf, heads).then(early, () => undefined)
        : undefined;
    const told = tell;
    tell = undefined;
    const options = { ...BASE, tagged, outline: false };
    const parts = await printParts(print.page, chapters, options, key, take, cache, fresh, told, arrivals, loose);
    print.unlaid = true;
    const reused = parts.filter((p) => p.reused).length;
    const pages = parts.reduce((n, p) => n + p.pages, 0);
    const collect = reused * 2 < parts.length && pages >= COLLECT_FROM_PAGES;
    // The page free while the parts are joined (the running heads print there meanwhile: paginate).
    if (!collect && free) await free().then(() => new Promise((resolve) => setImmediate(resolve)));
    const { joined, pass: joinedPass, swapped } = await joiner.done();
    if (measuring) measured = joinedPass;
    const how = `${ahead ? `, ${ahead} loaded ahead` : ''}${swapped ? `, part 0 swapped into the measuring pass's file` : ''}`;
    trace(`${label}: ${parts.length} parts joined (${reused} reused${how})`);
    if (reading) trace(`${label}: ${reading.size} content streams read for the PDF standards while the parts printed`);
    // Printing leaves Chromium holding about as much again as the edition (20× the review, every part
    // printed: 695 MB, 380 MB after a collection, ~0.5 s of its CPU), while this process's own peak,
    // the PDF's standards work, is still to come: let go when most parts were printed, of a long
    // edition (5× the review, 234 pages: the collection cost ~0.35 s of Chromium's CPU for memory no
    // peak needed).
    if (collect) {
      await collectGarbage(print.page, label);
      void free?.();
    }
    printed?.(parts);
    const doc = joined;
    return { load: () => Promise.resolve(doc), finish, note: ` in ${parts.length} parts, ${reused} reused`, seen };
  };
}

const noop = () => {};

/** Pages from which Chromium's garbage is collected after a parts pass that printed most parts. */
const COLLECT_FROM_PAGES = 500;

/** Each step settles in turn on what the one before expects; undefined when every print stands. */
async function settleSteps(page: Page, steps: PageStep[], printed: Pagination): Promise<Pagination | undefined> {
  let next: Pagination | undefined;
  for (const step of steps) next = (await step.settle(page, next ?? printed)) ?? next;
  return next;
}

/** A print whose page numbers are the ones it shows, and every page step stands. */
interface Paginated {
  pagination: Pagination;
  /** The final print: Chromium's bytes (of a whole print), how to load them, what its parts' streams became. */
  print: Printed;
  /** The final print read (its `doc` none when the last build finished this print: see readPrint). */
  read: ReadPrint;
  pass: number;
  /** Running heads printed from the numbers filled in, while this process read the PDF. */
  headsAhead: PrintedHeads | undefined;
  /**
   * The PDF standards' work on the read `doc`, begun while Chromium printed the running heads (not in
   * a draft); its structure IDs were renumbered then (conformAhead).
   */
  conformed: Promise<void> | undefined;
  /** The parts given early were printed in this pass, with the heads it needs (PrintResult.earlyStands). */
  earlyStands: boolean;
}

interface PaginateOptions {
  draft: boolean;
  label: string;
  standard: Promise<PdfStandard>;
  inParts: boolean;
  /** The running heads draw the folios (the parts printed loose, parts.ts looseParts). */
  folios: boolean;
  finishAfter?: Promise<unknown>;
}

/**
 * Step 3: the page-number fixed point. Fill the numbers in, print for real, read where everything
 * fell; again until the numbers shown are the numbers found and no page step changes the page.
 */
async function paginate(
  printPage: PrintPage,
  { ids, plan, hints, head, browserVersion }: Prepared,
  first: FirstGuess,
  steps: PageStep[],
  printer: Printer,
  { draft, label, standard, inParts, folios, finishAfter }: PaginateOptions,
): Promise<Paginated> {
  const { page } = printPage;
  let { numbers, expectedPages } = first;
  const { heads } = first;
  const keptFor = { pdf: label, head, browserVersion };
  for (let pass = first.pass; pass <= MAX_PASSES; pass += 1) {
    // (An edition not displayed stays so: a whole print displays it for the print alone,
    // wholePrinter; in parts, each part is shown alone.)
    const blanks = await fillPageNumbers(printPage, numbers);
    // The last print's numbers tried (a draft after an edit): its heads, when kept, for the parts
    // shown before the draft is finished (the page is not asked: it is printing).
    const want =
      plan && expectedPages !== undefined
        ? {
            heads: headsByPage(plan, numbers, blanks, expectedPages, folios),
            pageCount: expectedPages,
            logo: plan.logo,
          }
        : undefined;
    const early = draft && inParts && pass === 1 && want ? keptHeadsFor(want, keptFor) : undefined;
    // Tagged for accessibility; the outline is ours (see outline.ts), not Chromium's.
    const inPage = want && !early ? headsInPage(page, want, keptFor, label, () => keptAhead) : undefined;
    const printing = printer(!draft, early, undefined, undefined, inParts && !heads?.page ? inPage?.free : undefined);
    // (In parts: beside a whole print, Chromium's work is on both cores, see wholePrinter.)
    const keptAhead = !early && want && inParts ? lookUpWhilePrinting(want, keptFor) : undefined;
    // The running heads follow from where chapters and sections fall. When the numbers just
    // filled in prove right, they are those pages: Chromium prints the heads from them (beside
    // this print, in a page of their own, else here once free) while this process reads the PDF, and
    // they are compared with the final pages' heads after.
    // (The heads kept for the early parts are these heads: the same numbers, blanks and pages.)
    const beside =
      !early && want && heads?.page ? headsAside(heads.page, { page, printing }, want, keptFor, keptAhead) : undefined;
    const print = await printing;
    trace(`${label}: pass ${pass} printed${print.note}`);
    const ahead = early ? { printed: Promise.resolve(early) } : beside ? { printed: beside } : await inPage?.start();
    ahead?.printed.catch(() => undefined);
    await finishAfter;
    const read = await readPrint(print, draft, label);
    const { doc } = read;
    const printed: Pagination = { pages: pick(read.destinations, ids, label), blanks, pageCount: read.pageCount };
    const { conformed } =
      doc && !draft && sameNumbers(numbers, printed.pages)
        ? await conformAhead(print, doc, standard, hints, label)
        : { conformed: undefined };
    // The page holds the edition again once the heads are back, not displayed if they were printed
    // in it (pages.ts startHeads): shown again should it print again.
    const headsAhead = await ahead?.printed;
    if (ahead) printPage.unlaid = true;
    const changed = await settleSteps(page, steps, printed);
    if (changed) {
      ({ pages: numbers, pageCount: expectedPages } = changed);
      continue;
    }
    if (sameNumbers(numbers, printed.pages)) {
      const earlyStands = early !== undefined && sameHeads(early, want!.heads, printed.pageCount);
      heads?.done();
      return { pagination: printed, print, read, pass, headsAhead, conformed, earlyStands };
    }
    ({ pages: numbers, pageCount: expectedPages } = printed);
  }
  throw new BriefingError({
    file: label,
    severity: 'error',
    message: `contents page numbers did not settle after ${MAX_PASSES} prints`,
    rule: RULES.printPageNumbers.id,
    fix: 'make the contents page numbers a fixed width in print.css (.toc-page)',
  });
}

/**
 * A print most likely the final PDF (it shows the numbers it has): the work its standards ask starts
 * now (and its structure IDs are renumbered), while Chromium prints the running heads (its content
 * streams go to the thread pool). Its synchronous part (the output intent, the structure repairs:
 * new objects) runs before anything else adds objects (the outline, the running heads), so they are
 * numbered in one order however late the standard comes: it is known once every locale is checked,
 * and a locale printed before that had the PDF's bytes depend on how long the other locales' checks
 * took. Resolves once that part has run (`conformed`: the whole work).
 */
async function conformAhead(
  print: Printed,
  doc: PDFDocument,
  standard: Promise<PdfStandard>,
  hints: StructureHints,
  label: string,
): Promise<{ conformed: Promise<void> }> {
  const conformed = standard.then((claimed) => print.finish.conform(doc, claimed, hints, label, print.seen));
  conformed.catch(() => undefined);
  await standard.then(noop, noop);
  // The structure IDs renumbered now, while the heads print: after the repairs, which add elements, and
  // before the heads are stamped on (their objects are no structure elements: the same bytes).
  print.finish.normalizeStructureIds(doc);
  return { conformed };
}

/**
 * Step 4: the finished pages: the layout checked against the markers' destinations (then removed),
 * our outline, the running heads stamped on. Returns the layout check's findings and the heads.
 */
async function finishPages(
  page: Page,
  prepared: Prepared,
  paginated: Paginated,
  finish: Finish,
  { draft, label, outline, folios }: { draft: boolean; label: string; outline: OutlineEntry[]; folios: boolean },
): Promise<{ found: Diagnostic[]; heads?: PrintedHeads }> {
  const { marked, foot, lean, marksKey } = prepared;
  const { read, pagination } = paginated;
  const { doc } = read;
  const printed = new Map<string, PlacedDestination>(
    [...read.destinations].map(([id, d]) => [id, { page: d.page, top: d.top }]),
  );
  trace(`${label}: final PDF read`);
  const placed = await everyMarker(page, printed, { marked, lean, marksKey }, finish, label);
  const found = checkLayout(marked.items, placed, { pages: pagination.pageCount, height: read.height }, label);
  if (foot)
    found.push(
      ...proveFootNotes(
        foot,
        placed,
        marked.items.map((i) => i.id),
        label,
      ),
    );
  if (doc) outlinePages(doc, read.destinations, finish, { draft, outline });
  trace(`${label}: layout checked`);
  if (!prepared.plan) return { found };
  const heads = await runningHeads(page, prepared.plan, prepared, paginated, label, folios);
  if (doc) await stampHeads(doc, heads);
  const how = heads.kept
    ? 'as the last build printed them'
    : heads === paginated.headsAhead
      ? 'printed ahead'
      : 'printed after';
  trace(`${label}: running heads drawn (${how})`);
  return { found, heads };
}

/** The markers' destinations taken out of the pages, our outline put in (not in a draft): in this order. */
function outlinePages(
  doc: PDFDocument,
  destinations: ReadPrint['destinations'],
  finish: Finish,
  { draft, outline }: { draft: boolean; outline: OutlineEntry[] },
): void {
  finish.removeDestinations(doc, MARKER_PREFIX);
  if (draft) return;
  const targets = new Map<string, PDFArray>();
  for (const [id, d] of destinations) if (d.target) targets.set(id, d.target);
  finish.writeOutline(doc, outline, targets);
}

/** The running heads of the final pages: those printed ahead when they are the same, else printed (or kept). */
async function runningHeads(
  page: Page,
  plan: PagePlan,
  { head, browserVersion }: Prepared,
  { pagination, headsAhead }: Paginated,
  label: string,
  folios: boolean,
): Promise<PrintedHeads> {
  const keptFor = { pdf: label, head, browserVersion };
  // (Not asked of the page: from the pagination alone, no round trip.)
  const heads = headsByPage(plan, pagination.pages, pagination.blanks, pagination.pageCount, folios);
  if (headsAhead && sameHeads(headsAhead, heads, pagination.pageCount)) return headsAhead;
  return (await headsFor(page, { heads, pageCount: pagination.pageCount, logo: plan.logo }, keptFor)).printed;
}

/**
 * Where every layout marker fell: this print's places, with those of the markers left out of it
 * (lean-marks.ts) taken from the last print of the same body once every marker printed both times
 * is found where it was; else the markers are put back and printed (a print that paints nothing).
 * After a print with every marker, their places are kept for the next rebuild of this body.
 */
async function everyMarker(
  page: Page,
  printed: Map<string, PlacedDestination>,
  { marked, lean, marksKey }: Pick<Prepared, 'marked' | 'lean' | 'marksKey'>,
  finish: Finish,
  label: string,
): Promise<Map<string, PlacedDestination>> {
  let placed = printed;
  if (lean) {
    const completed = completeMarks(printed, lean.last, lean.dropped);
    if (completed) return completed;
    trace(`${label}: a layout marker fell elsewhere than in the last print of this body: every marker printed`);
    await page.evaluate(
      (ids) => {
        const links = document.querySelector('[data-briefing-markers]')!;
        for (const id of ids) {
          const link = document.createElement('a');
          link.href = `#${id}`;
          links.append(link);
        }
      },
      [...lean.dropped.keys()],
    );
    const measure = measuringPrinter(
      page,
      async (tagged) => {
        // Displayed: it was printed, and the running heads printed after it put it back hidden.
        await page.evaluate(() => document.documentElement.style.removeProperty('display'));
        const pdf = await printPdf(page, { printBackground: true, tagged });
        return { pdf, load: () => finish.loadPdf(pdf), finish, note: '' };
      },
      { markers: true },
    );
    const measured = await (await measure(false)).load();
    placed = new Map([...finish.readDestinations(measured)].map(([id, d]) => [id, { page: d.page, top: d.top }]));
  }
  if (marksKey) keepMarks(label, { key: marksKey, placed: markPositions(marked.items, placed) });
  return placed;
}

/** Step 5: the file's bytes: a draft as it is; otherwise made to the PDF standards and finalized. */
async function save(
  paginated: Paginated,
  { plan, hints }: Prepared,
  finish: Finish,
  meta: PdfMetadata,
  { draft, label, outline, heads }: { draft: boolean; label: string; outline: OutlineEntry[]; heads?: PrintedHeads },
): Promise<Uint8Array> {
  const { print, read } = paginated;
  if (draft) {
    // Chromium's bytes as they are, unless running heads were stamped on (then no object streams:
    // deflating them took longer than the bytes they save take to write).
    const bytes = plan || !print.pdf ? await finish.writePdf(read.doc ?? (await print.load())) : print.pdf;
    trace(`${label}: draft saved`);
    return bytes;
  }
  const key = read.name === undefined ? undefined : finishKey(read.name, { outline, hints, heads, meta });
  if (read.kept && read.kept.key === key) {
    trace(`${label}: finished as the last build finished this print`);
    return keptBytes(read.kept);
  }
  const { doc, conforming } = read.doc
    ? { doc: read.doc, conforming: paginated.conformed }
    : await finishKept(print, hints, finish, meta, { label, outline, heads });
  await (conforming ?? finish.conform(doc, meta.standard ?? {}, hints, label, print.seen));
  // After the running heads are stamped on (their print brings subsets named like the edition's).
  if (meta.standard?.a || meta.standard?.ua) finish.uniqueSubsetNames(doc);
  trace(`${label}: made to meet the PDF standards`);
  if (!paginated.conformed) finish.normalizeStructureIds(doc);
  const bytes = await finish.finalizePdf(doc, meta);
  trace(`${label}: checked and finalized`);
  if (key !== undefined && read.name !== undefined)
    keepFinish(label, { print: read.name, read: keptRead(read), key }, bytes);
  return bytes;
}

/**
 * A print whose finishing the last build kept, but finished with something else this time (other
 * metadata, heads or outline): read now, and taken through the steps the build skipped, in the order
 * they run on a print read at once (paginate, finishPages), so the same inputs give the same bytes.
 */
async function finishKept(
  { load, seen }: Printed,
  hints: StructureHints,
  finish: Finish,
  meta: PdfMetadata,
  { label, outline, heads }: { label: string; outline: OutlineEntry[]; heads?: PrintedHeads },
): Promise<{ doc: PDFDocument; conforming: Promise<void> }> {
  const doc = await load();
  trace(`${label}: PDF parsed (its finishing not kept after all)`);
  const destinations = finish.readDestinations(doc);
  const conforming = finish.conform(doc, meta.standard ?? {}, hints, label, seen);
  conforming.catch(() => undefined);
  outlinePages(doc, destinations, finish, { draft: false, outline });
  if (heads) await stampHeads(doc, heads);
  return { doc, conforming };
}

/**
 * A print as finishing reads it: by pdf-lib, or, when the last build finished the same print, from
 * what that build read of it (finished-cache.ts: the PDF is read only if its finishing changed).
 */
interface ReadPrint {
  doc?: PDFDocument;
  destinations: Map<string, { page: number; top?: number; target?: PDFArray }>;
  pageCount: number;
  height: number;
  /** The print's name (printKey) when its finishing is kept: a whole print, not a draft. */
  name?: string;
  kept?: KeptFinish;
}

async function readPrint(print: Printed, draft: boolean, label: string): Promise<ReadPrint> {
  const name = print.pdf && !draft ? printKey(print.pdf) : undefined;
  const kept = name === undefined ? undefined : lastFinish(label, name);
  if (kept) {
    trace(`${label}: PDF as the last build read it (not read)`);
    const { destinations, pageCount, height } = kept.read;
    return { destinations: new Map(destinations), pageCount, height, name, kept };
  }
  const doc = await print.load();
  trace(`${label}: PDF parsed`);
  const destinations = print.finish.readDestinations(doc);
  return { doc, destinations, pageCount: doc.getPageCount(), height: doc.getPage(0).getHeight(), name };
}

/** What the next build needs of a print it finds kept: where each destination fell, the pages. */
function keptRead({ destinations, pageCount, height }: ReadPrint) {
  return {
    destinations: [...destinations].map(([id, { page, top }]): [string, { page: number; top?: number }] => [
      id,
      top === undefined ? { page } : { page, top },
    ]),
    pageCount,
    height,
  };
}

/** The head pages: no backgrounds, no tags; their faces were made ready when they were laid out. */
function printHeadPages(page: Page): Promise<Uint8Array> {
  return printPdf(page, { printBackground: false, tagged: false });
}

/** What the heads' cache needs of a print: the PDF it keeps them for, the print head, the browser. */
interface HeadsCacheFor {
  pdf: string;
  head: string;
  browserVersion: string;
}

/**
 * The running heads printed (pages.ts), or those the last build of this PDF printed when they were
 * the same heads on the same print head and browser (heads-cache.ts): then the page is not asked.
 */
async function headsFor(
  page: Page,
  want: HeadsToPrint,
  { pdf, head, browserVersion }: HeadsCacheFor,
  lookedUp?: { kept?: PrintedHeads },
): Promise<{ printed: Promise<PrintedHeads> }> {
  const key = headsCacheKey(want, { pdf, head, browserVersion });
  const kept = lookedUp ? lookedUp.kept : key ? lastHeads(pdf, key, want) : undefined;
  if (kept) return { printed: Promise.resolve(kept) };
  const started = await startHeads(page, want.heads, want.pageCount, printHeadPages, want.logo);
  if (key)
    started.printed
      .then(async (printed) => printed.overlay && keepHeads(pdf, key, printed.overlay, await foliosMarked(printed)))
      .catch(() => undefined);
  return started;
}

/**
 * The heads the last build kept for `want` (keptHeadsFor), looked up and their PDF read (readHeads)
 * once the print has begun: this process waits on Chromium then, and not after the print.
 */
function lookUpWhilePrinting(want: HeadsToPrint, keptFor: HeadsCacheFor): Promise<{ kept?: PrintedHeads } | undefined> {
  return new Promise((resolve) =>
    setImmediate(() => {
      try {
        const kept = keptHeadsFor(want, keptFor);
        if (kept) readHeads(kept);
        resolve({ kept });
      } catch {
        // (headsFor looks them up again, where a failure stops the print.)
        resolve(undefined);
      }
    }),
  );
}

/**
 * The running heads printed in a page of their own (HeadsBeside) while the print page prints, unless
 * the last build kept them; should that page fail, printed in the print page once it is free.
 */
async function headsAside(
  beside: Promise<Page>,
  { page, printing }: { page: Page; printing: Promise<unknown> },
  want: HeadsToPrint,
  keptFor: HeadsCacheFor,
  lookingUp: Promise<{ kept?: PrintedHeads } | undefined> | undefined,
): Promise<PrintedHeads> {
  const lookedUp = await lookingUp;
  if (lookedUp?.kept) return lookedUp.kept;
  try {
    const printed = await (await headsFor(await beside, want, keptFor, { kept: undefined })).printed;
    trace(`${keptFor.pdf}: running heads printed beside`);
    // Read now, most likely while the print page still prints (stampHeads takes them read).
    readHeads(printed);
    return printed;
  } catch {
    await printing;
    return (await headsFor(page, want, keptFor, lookedUp)).printed;
  }
}

/**
 * The running heads printed in the print page (unless kept, headsFor) once it is free: told so by
 * the printer (in parts: while they are joined, not after; 5 × the review, 23 parts joined in ~0.1–0.3
 * s), else once the print is in. `lookingUp`: the kept heads looked up meanwhile (lookUpWhilePrinting).
 */
function headsInPage(
  page: Page,
  want: HeadsToPrint,
  keptFor: HeadsCacheFor,
  label: string,
  lookingUp: () => Promise<{ kept?: PrintedHeads } | undefined> | undefined,
) {
  let started: Promise<{ printed: Promise<PrintedHeads> }> | undefined;
  const start = (free = false) =>
    (started ??= Promise.resolve(lookingUp()).then((lookedUp) => {
      if (free && !lookedUp?.kept)
        trace(`${label}: running heads printing in the print page, free while the parts are joined`);
      return headsFor(page, want, keptFor, lookedUp);
    }));
  // (free: resolves once the heads' print has gone out, or they were kept; never rejects.)
  return { start: () => start(), free: () => start(true).catch(noop) };
}

/** The heads' cache key (heads-cache.ts), or undefined without a print head. */
function headsCacheKey(want: HeadsToPrint, { head, browserVersion }: HeadsCacheFor): string | undefined {
  return head
    ? headsKey(
        want,
        head,
        browserVersion,
        `${startHeads.toString()}\0${printHeadPages.toString()}\0${JSON.stringify(BASE)}`,
      )
    : undefined;
}

/** The running heads the last build of this PDF printed, when they are these heads (else undefined: none printed). */
function keptHeadsFor(want: HeadsToPrint, keptFor: HeadsCacheFor): PrintedHeads | undefined {
  const key = headsCacheKey(want, keptFor);
  return key ? lastHeads(keptFor.pdf, key, want) : undefined;
}

function pick(all: Map<string, { page: number }>, ids: string[], label: string): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const id of ids) {
    const page = all.get(id)?.page;
    if (page === undefined) {
      throw new BriefingError({
        file: label,
        severity: 'error',
        message: `contents entry "#${id}" has no destination in the printed PDF`,
        rule: RULES.printPageNumbers.id,
        fix: 'check that the heading with that id is printed (not display:none)',
      });
    }
    numbers.set(id, page);
  }
  return numbers;
}

/**
 * Write the numbers into the contents, wait for any face the new text needs, and say which chapters
 * have a blank page before them now: all the page is asked before a print, in one round trip.
 */
async function fillPageNumbers(print: PrintPage, numbers: Map<string, number>): Promise<Set<string>> {
  const blanks = await print.page.evaluate(
    (entries, blankClass) => {
      const map = new Map(entries);
      for (const el of document.querySelectorAll('[data-page-of]'))
        el.textContent = String(map.get(el.getAttribute('data-page-of') ?? '') ?? '');
      const blanks = [...document.querySelectorAll(`.${blankClass}`)].map((e) => e.getAttribute('data-before') ?? '');
      return document.fonts.ready.then(() => blanks);
    },
    [...numbers.entries()],
    BLANK_CLASS,
  );
  return new Set(blanks);
}

function sameNumbers(a: Map<string, number>, b: Map<string, number>): boolean {
  return a.size === b.size && [...a].every(([id, n]) => b.get(id) === n);
}

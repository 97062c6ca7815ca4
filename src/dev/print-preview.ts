// `briefing dev`'s print view (/print): the PDF's pages as they will print, drawn by pdf.js in the
// reader's browser, re-printed after every rebuild in a Chromium kept warm between rebuilds. The
// print is the build's own (same HTML, same soft-hyphen settling, contents numbers proven against the
// printed pages), as a draft: untagged and without our outline and document info, which a screen
// never shows. Chromium starts only when someone opens the view. Everything served comes from
// memory: the viewer, pdf.js (read once from our own dependency) and the last PDF.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type http from 'node:http';
import type { Diagnostic } from '../messages.js';
import type { BrowserSession } from '../print/browser.js';
import type { PageGuess } from '../print/pagination.js';
import { OVERLAY_CSS, overlayHtml } from './inject.js';
import { EARLY_PART_PATH, PRINT_EVENT, PRINT_PATH, type PrintViewState } from './protocol.js';
import { viewerScript } from './viewer-bundle.js';
import { escapeHtml } from '../render/escape.js';
import type { PreviewResult } from './preview.js';
import { trace } from '../trace.js';
import { RULES } from '../rules.js';
import { ViewParts } from './view-parts.js';

/** How long after a print the next print's page is prepared (see printLatest). */
const PREPARE_DELAY_MS = 150;

export interface PrintView {
  /**
   * A rebuild finished (good or not): print it if the view is open; errors go to the overlay.
   * Resolves once the print begun for it has shown its new pages (early parts, or the whole print),
   * at once when none was begun: the web edition is rendered then, not while this print needs the CPU.
   */
  rebuilt(result: PreviewResult): Promise<void>;
  /** Answer a request under /print; false when the path is not ours. */
  handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): boolean;
  /** A file changed: a rebuild follows (work done ahead of the next save stops: it would delay it). */
  changing(): void;
  /** Resolves when print number `generation` is done (or failed): for tests and the benchmark. */
  printed(generation: number): Promise<PrintState>;
  close(): Promise<void>;
}

export interface PrintState {
  /** Counts prints; 0 until the first one. */
  generation: number;
  pages: number;
  /** Pages the same as in the print before ([first, last] runs; see PrintViewState). */
  kept: Array<[number, number]>;
  /** Pages that are the early parts' shown before this print was finished (see PrintViewState). */
  earlyKept: Array<[number, number]>;
  /** Milliseconds of the last print (HTML rendered, printed, numbers proven). */
  milliseconds: number;
  errors: Diagnostic[];
}

export interface PrintViewOptions {
  /** Tell every open view (server-sent event PRINT_EVENT) that the state changed. */
  broadcast: (event: string, data: string) => void;
  log: (line: string) => void;
  /** Report the print's warnings (the layout check's, blocked requests), as the terminal shows a build's. */
  report?: (diagnostics: Diagnostic[]) => void;
  /** Start the warm browser (tests may pass their own). */
  startBrowser?: () => Promise<{ session: BrowserSession; print: typeof import('../print/index.js') }>;
  /** The content folder, which the print HTML's data-source paths are relative to. */
  sourceRoot?: string;
}

const require = createRequire(import.meta.url);

type PrintModule = typeof import('../print/index.js');
type PrintPage = import('../print/page.js').PrintPage;
type PrintedPart = import('../print/parts.js').PrintedPart;
type EarlyPart = import('../print/early-pages.js').EarlyPart;
interface Printer {
  session: BrowserSession;
  print: PrintModule;
}

/** What one print view keeps between prints and requests. */
interface View {
  options: PrintViewOptions;
  startBrowser: () => Promise<Printer>;
  /** The latest rebuild; its printHtml is the last good build's. */
  latest?: PreviewResult;
  printer?: Promise<Printer>;
  pdfjs?: Promise<{ lib: Buffer; worker: Buffer }>;
  pdf?: Uint8Array;
  guess?: PageGuess;
  // A long edition is printed in parts: a save reprints the parts it changed, the others are the
  // last print's (parts.ts), and the viewer redraws only the pages of the parts printed again.
  partCache?: ViewParts;
  /** The parts of the PDF shown (undefined: printed at once). */
  parts?: PrintedPart[];
  /**
   * Parts of the print under way already printed, each where a part of as many pages was in the
   * last print (so no page moves), shown before the print is joined and finished.
   */
  early: EarlyPart[];
  /** Told once the print under way has shown its new pages (early parts or all); see rebuilt. */
  showing?: () => void;
  /** Told when an early part has been sent to a viewer that asked for it (see showEarly). */
  served?: () => void;
  // The next print's page, opened after each print with that print's document head loaded, so a
  // save that leaves fonts and styles alone only puts the new body in (print/page.ts).
  nextPage?: Promise<PrintPage | undefined>;
  startNextPage: () => void;
  printErrors: Diagnostic[];
  state: PrintState;
  // One print at a time; saves that arrive meanwhile are printed once, from the latest build.
  running: Promise<void>;
  queued: boolean;
  closed: boolean;
  /** The view was opened once: from then on every rebuild is printed. */
  opened: boolean;
  waiting: Array<{ generation: number; resolve: (state: PrintState) => void }>;
}

export function createPrintView(options: PrintViewOptions): PrintView {
  const view: View = {
    options,
    startBrowser: options.startBrowser ?? startWarmBrowser,
    startNextPage: () => {},
    printErrors: [],
    early: [],
    state: { generation: 0, pages: 0, kept: [], earlyKept: [], milliseconds: 0, errors: [] },
    running: Promise.resolve(),
    queued: false,
    closed: false,
    opened: false,
    waiting: [],
  };
  return {
    rebuilt(result) {
      view.latest = result.printHtml ? result : { ...result, printHtml: view.latest?.printHtml };
      if (!view.opened) return Promise.resolve();
      if (result.errors.length > 0) {
        // Nothing new to print: show the errors over the last good pages at once.
        view.state.errors = result.errors;
        options.broadcast(PRINT_EVENT, JSON.stringify(shownState(view)));
        return Promise.resolve();
      }
      return schedule(view);
    },
    handle: (req, res, url) => handleRequest(view, req, res, url),
    changing: () => view.partCache?.pause(),
    printed(generation) {
      if (view.state.generation >= generation) return Promise.resolve({ ...view.state });
      return new Promise((resolve) => view.waiting.push({ generation, resolve }));
    },
    async close() {
      view.closed = true;
      view.partCache?.pause();
      await view.running.catch(() => undefined);
      const started = view.printer;
      view.printer = undefined;
      if (started) await (await started.catch(() => undefined))?.session.close();
    },
  };
}

async function startWarmBrowser(): Promise<Printer> {
  const print = await import('../print/index.js');
  // One print at a time: a single-process Chromium (see print/chromium.ts) loads and prints sooner.
  const { findBrowser, spawnChromium } = await import('../print/chromium.js');
  return { session: new print.BrowserSession(spawnChromium(findBrowser(), { singleProcess: true })), print };
}

/**
 * Print the latest build after the print under way. Resolves once it has shown its new pages, or at
 * once when a print is under way or queued (the web edition is not held up behind two prints).
 */
function schedule(view: View): Promise<void> {
  if (view.queued) return Promise.resolve();
  const idle = view.showing === undefined;
  view.queued = true;
  const shown = new Promise<void>((resolve) => {
    view.running = view.running.then(() => printLatest(view, resolve));
  });
  return idle ? shown : Promise.resolve();
}

/** Print the latest good build, then tell the open views and whoever waits for this print. */
async function printLatest(view: View, shown: () => void): Promise<void> {
  view.queued = false;
  view.showing = shown;
  view.early = [];
  try {
    await printAndAnnounce(view);
  } finally {
    // (Announced: the early parts are this print's pages now, not those of a print under way.)
    view.early = [];
    view.served?.(); // (its timer stopped)
    view.showing = undefined;
    shown();
  }
}

async function printAndAnnounce(view: View): Promise<void> {
  const result = view.latest;
  if (!result?.printHtml || view.closed) return;
  const started = performance.now();
  try {
    const kept = await printDraft(view, result, result.printHtml);
    view.state.milliseconds = performance.now() - started;
    view.options.log(
      `${result.locale}: printed ${view.state.pages} pages for the print view in ${Math.round(view.state.milliseconds)} ms${kept ? ` (${kept[0]} of ${kept[1]} chapters as prepared before)` : ''}`,
    );
  } catch (error) {
    // The PDF shown stays; the viewer draws it whole again.
    view.state.kept = [];
    view.state.earlyKept = [];
    const diagnostics = (error as { diagnostics?: Diagnostic[] }).diagnostics;
    view.printErrors = diagnostics ?? [
      {
        file: PRINT_PATH,
        severity: 'error',
        message: `printing failed: ${String((error as Error).message ?? error).split('\n')[0]}`,
        rule: RULES.devPrint.id,
      },
    ];
  }
  announce(view);
}

/**
 * One draft print in the warm browser, in the page prepared for it; its PDF and pages kept. Returns
 * how many chapters were put in as the print before prepared them, of all (print/prepared-chapters.ts).
 */
async function printDraft(
  view: View,
  result: PreviewResult,
  printHtml: () => string,
): Promise<[number, number] | undefined> {
  view.printer ??= view.startBrowser();
  const { session, print } = await view.printer;
  const html = printHtml();
  trace(`${PRINT_PATH}: print HTML rendered`);
  const label = `${PRINT_PATH} (${result.locale})`;
  view.startNextPage();
  const page = view.nextPage;
  view.nextPage = undefined;
  let kept: PrintPage | undefined;
  let parts: PrintedPart[] | undefined;
  view.partCache ??= new ViewParts();
  const printed = await print.printEdition(
    session,
    html,
    { title: '', author: '', keywords: [], language: result.locale, date: new Date(0) },
    [],
    label,
    (reason) => view.options.log(`print view: ${reason}; restarting the browser`),
    view.guess,
    {
      draft: true,
      page,
      keep: (done) => (kept = done),
      sourceRoot: view.options.sourceRoot,
      parts: {
        cache: view.partCache,
        auto: true,
        printed: (last) => (parts = last),
        early: (part) => showEarly(view, part),
      },
    },
  );
  view.partCache.turn();
  // Its parts parsed for the next save's join once the reader's browser has drawn these pages.
  if (!view.closed) view.partCache.preloadIn(PREPARE_DELAY_MS);
  view.state.kept = keptPages(view.parts, parts);
  view.state.earlyKept = printed.earlyStands ? keptPages(view.early, parts) : [];
  view.parts = parts;
  if (!view.closed) prepareNextPage(view, { session, print }, kept, html, label);
  view.pdf = printed.pdf;
  view.guess = printed.pagination;
  view.printErrors = printed.diagnostics.filter((d) => d.severity === 'error');
  view.options.report?.(printed.diagnostics.filter((d) => d.severity !== 'error'));
  view.state.pages = printed.pages;
  return printed.chaptersKept;
}

/**
 * The pages of `now` that are the pages of `before`: those of every part printed from the same
 * document (its key: the HTML, the options, its first page), so the same bytes.
 */
export function keptPages(before: PrintedPart[] | undefined, now: PrintedPart[] | undefined): Array<[number, number]> {
  const keys = new Set(before?.map((p) => p.key));
  return (now ?? [])
    .filter((p) => keys.has(p.key) && p.pages > 0)
    .map((p): [number, number] => [p.first, p.first + p.pages - 1]);
}

/**
 * A part of the print under way, printed with its heads: shown at once when a part of as many pages
 * began on the same page in the last print (no page after it moves; else the whole print is waited for).
 */
function showEarly(view: View, part: EarlyPart): void {
  if (view.closed || !view.parts?.some((p) => p.first === part.first && p.pages === part.pages)) return;
  view.early.push(part);
  trace(`${PRINT_PATH}: pages ${part.first}–${part.first + part.pages - 1} sent before the print is finished`);
  view.options.broadcast(PRINT_EVENT, JSON.stringify(shownState(view)));
  showingOnceServed(view);
}

/**
 * The print's new pages count as shown once a viewer has been sent their part, or after EARLY_FETCH_MS
 * (no viewer has those pages in view). Not at once: what waits for it (the web edition's HTML,
 * rendered in this thread) kept the part's request unanswered. 20 × the review, one save: the
 * pages drawn 0.2–0.3 s after they were sent, the part's request waiting behind the web HTML.
 */
function showingOnceServed(view: View): void {
  const timer = setTimeout(() => view.showing?.(), EARLY_FETCH_MS);
  view.served = () => {
    clearTimeout(timer);
    view.served = undefined;
    view.showing?.();
  };
}
const EARLY_FETCH_MS = 250;

/** The page the next save prints in. */
function prepareNextPage(
  view: View,
  { session, print }: Printer,
  kept: PrintPage | undefined,
  html: string,
  label: string,
) {
  // Prepared once the reader's browser has had time to draw these pages (on 2 cores the two
  // would slow each other), or at once when the next save comes first.
  let start: () => void = () => {};
  const ready = new Promise<void>((resolve) => (start = resolve));
  const timer = setTimeout(start, PREPARE_DELAY_MS);
  // The page just printed, its head still loaded: the next save's body goes into it, and this
  // print's body goes in now, as prepared, so the save replaces only the chapters it changed.
  view.nextPage = kept
    ? ready.then(() => print.bodyAhead(print.printAgain(kept), label, true))
    : ready.then(() => session.preparePage(label, print.headOf(html)).page);
  view.startNextPage = () => {
    clearTimeout(timer);
    start();
  };
}

/** A print is done (or failed): count it, tell the open views, resolve whoever waits for it. */
function announce(view: View): void {
  const { state } = view;
  state.generation += 1;
  state.errors = [...(view.latest?.errors ?? []), ...view.printErrors];
  view.options.broadcast(PRINT_EVENT, JSON.stringify(shownState(view)));
  for (const waiter of view.waiting.splice(0)) {
    if (state.generation >= waiter.generation) waiter.resolve({ ...state });
    else view.waiting.push(waiter);
  }
}

/** Answer a request under /print; false when the path is not ours. */
function handleRequest(view: View, req: http.IncomingMessage, res: http.ServerResponse, url: URL): boolean {
  if (url.pathname !== PRINT_PATH && !url.pathname.startsWith(`${PRINT_PATH}/`)) return false;
  const refusal = crossSiteRefusal(req);
  if (refusal) {
    res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(refusal);
    return true;
  }
  const send = (status: number, type: string, body: string | Uint8Array, extra: http.OutgoingHttpHeaders = {}) => {
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'content-length': typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength,
      'x-content-type-options': 'nosniff',
      ...extra,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const script = async (what: string, load: () => Promise<string | Buffer>) => {
    try {
      send(200, 'text/javascript; charset=utf-8', await load());
    } catch (error) {
      send(500, 'text/plain; charset=utf-8', `${what} could not be read: ${(error as Error).message}\n`);
    }
  };
  const asset = (name: 'lib' | 'worker') => script('pdf.js', async () => (await loadPdfjs(view))[name]);

  switch (url.pathname) {
    case PRINT_PATH:
    case `${PRINT_PATH}/`:
      // Opening the view starts the warm browser and prints the latest good build.
      void loadPdfjs(view).catch(() => undefined);
      if (!view.opened) {
        view.opened = true;
        void schedule(view);
      }
      send(200, 'text/html; charset=utf-8', viewerPage(view.latest?.locale ?? 'en'), {
        'content-security-policy': CSP,
      });
      return true;
    case `${PRINT_PATH}/viewer.js`:
      void script('the print viewer', viewerScript);
      return true;
    case `${PRINT_PATH}/pdf.mjs`:
      void asset('lib');
      return true;
    case `${PRINT_PATH}/pdf.worker.mjs`:
      void asset('worker');
      return true;
    case `${PRINT_PATH}/state`:
      send(200, 'application/json', JSON.stringify(shownState(view)));
      return true;
    case `${PRINT_PATH}/edition.pdf`:
      if (view.pdf) send(200, 'application/pdf', view.pdf);
      else send(404, 'text/plain; charset=utf-8', 'Not printed yet: the print view fetches it when it is.\n');
      return true;
    case EARLY_PART_PATH: {
      const part = view.early[Number(url.searchParams.get('i') ?? '-1')];
      if (part) {
        res.once('finish', () => view.served?.());
        send(200, 'application/pdf', part.pdf);
      } else send(404, 'text/plain; charset=utf-8', 'No such part of the print under way (it is finished).\n');
      return true;
    }
    default:
      send(404, 'text/plain; charset=utf-8', 'Not found: the print view is at /print\n');
      return true;
  }
}

/** pdf.js and its worker, read once from our own dependency. */
function loadPdfjs(view: View): Promise<{ lib: Buffer; worker: Buffer }> {
  return (view.pdfjs ??= Promise.all([
    readFile(require.resolve('pdfjs-dist/build/pdf.min.mjs')),
    readFile(require.resolve('pdfjs-dist/build/pdf.worker.min.mjs')),
  ]).then(([lib, worker]) => ({ lib, worker })));
}

/** `GET /print/state`. */
function shownState(view: View): PrintViewState {
  const { state } = view;
  return {
    generation: state.generation,
    pages: state.pages,
    milliseconds: Math.round(state.milliseconds),
    printing: view.queued,
    kept: state.kept,
    earlyKept: state.earlyKept,
    early: view.early.map((p): [number, number] => [p.first, p.first + p.pages - 1]),
    overlay: state.errors.length > 0 ? overlayHtml(state.errors, view.pdf !== undefined) : '',
  };
}

// The viewer needs its own scripts, pdf.js's worker, the state and the PDF: nothing else, nothing remote.
const CSP =
  "default-src 'none'; script-src 'self'; worker-src 'self'; connect-src 'self'; img-src 'self' data: blob:; style-src 'unsafe-inline'; font-src data: blob:";

function viewerPage(lang: string): string {
  return `<!DOCTYPE html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>briefing dev: print view</title>
<style>
body { margin: 0; background: #5f6368; font: 15px/1.4 system-ui, sans-serif; }
header { position: sticky; top: 0; z-index: 2; display: flex; gap: 1rem; align-items: center; padding: 0.4rem 1rem;
  background: #202124; color: #e8eaed; }
header a { color: #8ab4f8; }
#pages { display: flex; flex-direction: column; align-items: center; gap: 12px; padding: 12px; }
.page { position: relative; background: #fff; box-shadow: 0 1px 4px rgb(0 0 0 / 40%); }
.page canvas { display: block; width: 100%; height: 100%; }
.page .folio { position: absolute; left: calc(100% + 0.5rem); top: 0; color: #e8eaed; font-size: 12px; }
${OVERLAY_CSS}</style>
<script type="module" src="${PRINT_PATH}/viewer.js"></script>
</head>
<body>
<header><strong>Print view</strong> <span id="status" role="status">printing…</span> <a href="/">web edition</a></header>
<main id="pages" aria-label="printed pages"></main>
<div id="overlay-slot"></div>
</body>
</html>
`;
}

const LOCAL_ORIGIN = /^http:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;

/**
 * Why a request to the print view comes from another site, or undefined. Opening the view starts
 * Chromium and prints: any web page could otherwise do that with `<img src="http://localhost:4321/print">`.
 * Browsers say where a request comes from (`Sec-Fetch-Site`: only our own pages, `same-origin`, or
 * the reader typing the address, `none`, are let through) and, for scripts' requests, `Origin`.
 */
export function crossSiteRefusal(req: http.IncomingMessage): string | undefined {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none')
    return `The print view answers only its own pages (Sec-Fetch-Site: ${site} refused); open it by typing its address\n`;
  const origin = req.headers.origin;
  if (origin !== undefined && !LOCAL_ORIGIN.test(origin))
    return 'The print view answers only its own pages (Origin refused); open it by typing its address\n';
  return undefined;
}

// The print page: no script of its own, nothing loaded from the network, and the edition's HTML in it.
// Most of what Chromium does to load an edition is the document's head: decoding the embedded fonts
// and parsing the styles (about 0.2 of 0.5 s for the review with the headless shell). The head
// rarely changes between two builds (theme, templates, the font subsets in use), so it is loaded
// ahead of time, while the Markdown pipeline still runs, from the last build's copy; when the new
// HTML's head is the same, byte for byte, only the body is put in. A different head, or none known,
// loads the whole document as before: the guess can cost time, never change a page.
import type { Page } from 'puppeteer-core';
import type { Diagnostic } from '../messages.js';
import { RULES } from '../rules.js';
import { trace } from '../trace.js';
import { putSettled, type SettledText } from './hyphens.js';
import { documentReplaced, pageScript } from './page-script.js';

export interface PrintPage {
  page: Page;
  /** The document head loaded ahead of time (through the `<body>` tag), or '' for none. */
  head: string;
  /** Requests blocked and page errors since the page was opened. */
  diagnostics: Diagnostic[];
  /** What loading the head alone reported (a page printed again starts from these). */
  headDiagnostics: Diagnostic[];
  /**
   * The edition was put in without being laid out (the document not displayed): a prepared body,
   * which needs no layout until it is printed (`showEdition`), and none at all when it is printed
   * in parts (parts.ts shows one part at a time).
   */
  unlaid?: boolean;
  /**
   * The edition hidden from the screen (page-side/screen-hidden.ts: `content-visibility`, which keeps
   * what was laid out) by the style of id SCREEN_HIDDEN, in a print page that prints it whole once
   * marked: no frame lays it out for nothing before the print (pdf.ts wholePrinter). Never so in a
   * print: the style goes before any (showEdition, pdf.ts displayedInPrint).
   */
  screenHidden?: boolean;
  /**
   * The body in the page is the last build's, as it prepared it, put in ahead of time
   * (prepared-chapters.ts bodyAhead): its chunks' keys in order and the white space in main around
   * them. Gone once another body goes in.
   */
  ahead?: { keys: string[]; inner: string[] };
}

/**
 * A page that printed an edition, made ready for the next one with the same head: only the body
 * changes (loadEdition replaces it whole), and the problems reported are the head's again.
 */
export function printAgain(print: PrintPage): PrintPage {
  print.diagnostics.splice(0, print.diagnostics.length, ...print.headDiagnostics);
  return print;
}

/**
 * The HTML up to and including its `<body …>` tag, and what the body holds; undefined when that is
 * not plain to see: the tag must be the first `<body`, right after `</head>`, with no comment before
 * it (where a look-alike could hide), and only whitespace may follow the body's end.
 */
export function splitAtBody(html: string): { head: string; body: string } | undefined {
  // The same HTML is split by several steps of its print (~1 ms a call for the review's ru and kk,
  // whose heads carry 1 MB of fonts): the last few answers kept.
  const known = splits.find((split) => split.html === html);
  if (known) return known.parts;
  const parts = splitOnce(html);
  splits.unshift({ html, parts });
  splits.length = Math.min(splits.length, 4);
  return parts;
}

const splits: Array<{ html: string; parts: ReturnType<typeof splitOnce> }> = [];

function splitOnce(html: string): { head: string; body: string } | undefined {
  const open = /<\/head>\s*<body(?:\s[^>]*)?>/i.exec(html);
  const close = html.lastIndexOf('</body>');
  if (!open || close < open.index) return undefined;
  const before = html.slice(0, open.index);
  if (/<body/i.test(before) || before.includes('<!--')) return undefined;
  const head = html.slice(0, open.index + open[0].length);
  // Only whitespace may follow the body (the parser would move anything else into it).
  if (!/^<\/body>\s*(?:<\/html>\s*)?$/i.test(html.slice(close))) return undefined;
  return { head, body: html.slice(head.length, close) };
}

/** The head of an edition's HTML, as `openPrintPage` takes it (or '' when it cannot be split). */
export function headOf(html: string): string {
  return splitAtBody(html)?.head ?? '';
}

/**
 * Isolate a fresh page and, when a head is given, load it (every font face decoded) with an empty
 * body. `label` names the PDF in the page's diagnostics; `issued` is called once the head is on
 * its way to Chromium (or there is none; a head still to come: once the page is isolated).
 */
export async function openPrintPage(
  page: Page,
  label: string,
  head: string | Promise<string> = '',
  issued: () => void = () => {},
): Promise<PrintPage> {
  const diagnostics: Diagnostic[] = [];
  await isolate(page, label, diagnostics);
  trace(`${label}: print page open`);
  if (typeof head !== 'string') {
    issued();
    head = await head;
  }
  if (!head) issued();
  else {
    const loading = page.setContent(`${head}</body></html>`, { waitUntil: 'load', timeout: 0 });
    documentReplaced(page);
    // The message is written to the pipe a few promise steps later: let those run first.
    await new Promise((resolve) => setImmediate(resolve));
    issued();
    await loading;
    await loadFaces(page);
    trace(`${label}: head loaded ahead of time`);
  }
  return { page, head, diagnostics, headDiagnostics: [...diagnostics] };
}

/**
 * Put the edition's HTML in the page and wait for its fonts and images. `settled`: the settling of
 * an earlier build of this HTML (hyphens.ts), put into the text as soon as the body is in, before the
 * page is first laid out. Says whether the head loaded ahead of time was used and the settling went in.
 */
export async function loadEdition(
  print: PrintPage,
  html: string,
  settled?: SettledText,
  { unlaid = false }: { unlaid?: boolean } = {},
): Promise<{ preloaded: boolean; settledIn: boolean; headFirst: boolean }> {
  const parts = splitAtBody(html);
  const { page } = print;
  print.ahead = undefined;
  const preloaded = parts !== undefined && print.head !== '' && parts.head === print.head;
  // No head of this edition in the page (a first build, or the head changed): the head goes in first,
  // its faces loaded, then the body, as a rebuild puts them in. The whole document at once was laid
  // out with stand-in faces while its faces loaded, then again (the 150-page manual-like document:
  // ~0.25 s more of Chromium's CPU, measured; the same PDF, tests/e2e/preload.test.ts).
  const first = parts !== undefined && !preloaded && headFirst();
  if (first) await loadHead(print, parts.head);
  const headIn = parts !== undefined && parts.head === print.head;
  print.unlaid = headIn && unlaid;
  // Read before the body goes in, so the settling is asked at once after it (page-script.ts).
  if (settled) await pageScript();
  if (headIn) {
    // Fragment parsing in the body's context builds the same tree as the full document's parse.
    // Unlaid: not displayed, so that no frame lays out the whole edition (a second at 20 × the
    // review) before it is printed; the head's fonts are ready, and images decode all the same.
    const bodyIn = page.evaluate(
      (body, hidden) => {
        // (Explicitly either way: a page printed again may have been left with its edition hidden.)
        if (hidden) document.documentElement.style.display = 'none';
        else document.documentElement.style.removeProperty('display');
        document.body.innerHTML = body;
      },
      parts.body,
      print.unlaid,
    );
    // Asked at once: the page runs it next, before a frame would lay the body out unsettled.
    const settledIn = settled ? putSettled(page, settled) : Promise.resolve(false);
    // Asked at once too (the page takes questions in order): no round trip waited for between.
    const decoded = page.evaluate(() =>
      Promise.all([...document.images].map((image) => image.decode().catch(() => undefined)))
        .then(() => document.fonts.ready)
        .then(() => undefined),
    );
    decoded.catch(() => undefined);
    await bodyIn;
    const ready = await settledIn;
    await decoded;
    return { preloaded, settledIn: ready, headFirst: first };
  }
  // What the head's load reported would be reported again.
  print.diagnostics.length = 0;
  await page.setContent(html, { waitUntil: 'load', timeout: 0 });
  documentReplaced(page);
  const settledIn = settled ? await putSettled(page, settled) : false;
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return { preloaded, settledIn, headFirst: false };
}

/**
 * `body` put into the page (its head loaded) unlaid, as loadEdition puts a body in: the last
 * build's, ahead of time. False when the page reported something while it went in (what it reported
 * is taken back: the body that goes in next reports its own).
 */
export async function putBodyAhead(print: PrintPage, body: string): Promise<boolean> {
  const before = print.diagnostics.length;
  const { preloaded } = await loadEdition(print, `${print.head}${body}</body></html>`, undefined, { unlaid: true });
  // (Not the body alone after the head loaded: the document was loaded whole, or went some other way.)
  if (preloaded && print.diagnostics.length === before) return true;
  print.diagnostics.splice(before);
  return false;
}

/**
 * In a page whose body has the edition's chapters as main's children: these (by chunk, main's
 * children from 1) replaced by the HTML given; resolves, once images are decoded and fonts ready,
 * to whether main had `count` chapters (else nothing was replaced).
 */
export function replaceChapters(print: PrintPage, chapters: Array<[number, string]>, count: number): Promise<boolean> {
  return print.page.evaluate(
    (replaced, n) => {
      const roots = Array.from(document.querySelector('main')?.children ?? []);
      if (roots.length !== n) return false;
      for (const [chunk, html] of replaced) roots[chunk - 1]!.outerHTML = html;
      return Promise.all([...document.images].map((image) => image.decode().catch(() => undefined)))
        .then(() => document.fonts.ready)
        .then(() => true);
    },
    chapters,
    count,
  );
}

/**
 * Whether an edition whose head is not in the page loads its head first (`BRIEFING_HEAD_FIRST=0`:
 * the whole document at once, as before, and no head made from the templates loaded ahead in a cold
 * build (build.ts); the tests compare the two).
 */
export function headFirst(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.BRIEFING_HEAD_FIRST !== '0';
}

/**
 * `head` (through the `<body …>` tag) loaded into the page with an empty body and every face it
 * declares loaded: what openPrintPage does ahead of time, now (what the page reported before goes).
 */
async function loadHead(print: PrintPage, head: string): Promise<void> {
  const { page } = print;
  print.diagnostics.length = 0;
  await page.setContent(`${head}</body></html>`, { waitUntil: 'load', timeout: 0 });
  documentReplaced(page);
  await loadFaces(page);
  print.head = head;
  print.headDiagnostics = [...print.diagnostics];
}

/**
 * Faces load only once text uses them: load them all now (an unused face is not embedded).
 * (An iterator, not FontFaceSet.forEach: with scripts off, the page may not call back into ours.)
 */
function loadFaces(page: Page): Promise<void> {
  return page.evaluate(() =>
    Promise.all([...document.fonts].map((face) => face.load().catch(() => undefined))).then(() => undefined),
  );
}

/** An edition put in unlaid (loadEdition), displayed: before a print of the whole of it. */
export async function showEdition(print: PrintPage): Promise<void> {
  if (!print.unlaid && !print.screenHidden) return;
  await print.page.evaluate((id) => {
    document.documentElement.style.removeProperty('display');
    document.getElementById(id)?.remove();
  }, SCREEN_HIDDEN);
  print.unlaid = false;
  print.screenHidden = false;
}

/** Every page's viewport (the print page's screen layout: the measuring steps run in it). */
export const VIEWPORT = { width: 800, height: 600 } as const;

/** The id of the style that hides the edition from the screen (PrintPage screenHidden). */
export const SCREEN_HIDDEN = 'briefing-screen-hidden';

/**
 * Wider than any page, for a print shown to it alone: a print evaluates media queries against its
 * page's size, not the page's viewport (the media type is no way: a print takes the emulated one).
 */
export const WIDE_VIEWPORT = 20000;

/** The style (of id SCREEN_HIDDEN) that hides the body's content in a viewport WIDE_VIEWPORT wide, and in no page. */
export const PRINT_ALONE = `@media (min-width: ${WIDE_VIEWPORT}px) { body { content-visibility: hidden !important; } }`;

/**
 * What the body shows laid out for prints alone (`on`), or for the screen again: a frame the page
 * renders before a print, or once it is done (Chromium lays the screen out again at its end), lays
 * nothing out (parts.ts: each part shown had been laid out twice for nothing, 5 × the review: ~0.4 s
 * of the renderer's CPU in 23 parts). On, the viewport is asked first: should the page take the
 * style first, it is displayed a moment, no more; off, last, once the page holds what `also` asks
 * (`styles` of their ids, '': none; the document displayed or not), in the same question.
 */
export async function forPrintsAlone(
  page: Page,
  on: boolean,
  also: { styles?: Array<[string, string]>; display?: 'none' | 'shown' } = {},
): Promise<void> {
  const styled = () =>
    page.evaluate(stylesOf, [[SCREEN_HIDDEN, on ? PRINT_ALONE : ''], ...(also.styles ?? [])], also.display);
  const viewport = () => page.setViewport(on ? { width: WIDE_VIEWPORT, height: VIEWPORT.height } : VIEWPORT);
  await Promise.all(on ? [viewport(), styled()] : [styled(), viewport()]);
}

/**
 * In the page: the styles of those ids holding their CSS ('': none), the document not displayed
 * first (`none`) or displayed after (`shown`).
 */
export function stylesOf(styles: string[][], display?: 'none' | 'shown'): void {
  if (display === 'none') document.documentElement.style.display = 'none';
  for (const [id = '', css] of styles) {
    document.getElementById(id)?.remove();
    if (!css) continue;
    const style = document.createElement('style');
    style.id = id;
    style.textContent = css;
    document.head.append(style);
  }
  if (display === 'shown') document.documentElement.style.removeProperty('display');
}

/**
 * The edition in the page no longer displayed (as if put in unlaid): once it is marked and only its
 * parts are printed (parts.ts shows one at a time), any layout of the whole would be for nothing.
 */
export async function hideEdition(print: PrintPage): Promise<void> {
  await print.page.evaluate(() => {
    document.documentElement.style.display = 'none';
  });
  print.unlaid = true;
}

/** Collect the page's garbage now (its JavaScript heap and the DOM nodes no longer in use). */
export async function collectGarbage(page: Page, label: string): Promise<void> {
  const session = await page.createCDPSession();
  try {
    await session.send('HeapProfiler.collectGarbage');
  } finally {
    await session.detach();
  }
  trace(`${label}: the page's garbage collected`);
}

/** The print page runs no script of its own, loads nothing from the network, and reports problems. */
async function isolate(page: Page, label: string, diagnostics: Diagnostic[]): Promise<void> {
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url === 'about:blank') {
      void request.continue();
      return;
    }
    diagnostics.push({
      file: label,
      severity: 'warning',
      message: `blocked a request for ${url.slice(0, 120)}`,
      rule: RULES.printRequestBlocked.id,
      fix: 'inline the resource, or remove the reference',
    });
    void request.abort('blockedbyclient');
  });
  page.on('pageerror', (error) => {
    diagnostics.push({
      file: label,
      severity: 'warning',
      message: `page error: ${String(error)}`,
      rule: RULES.printPageError.id,
    });
  });
  // All at once (one round trip to the browser, not three), all done before anything is loaded.
  // Print media from the start: the first layout is the one measured (hyphens, layout check) and
  // printed, for drafts too.
  await Promise.all([
    page.setJavaScriptEnabled(false),
    page.setRequestInterception(true),
    page.emulateMediaType('print'),
  ]);
}

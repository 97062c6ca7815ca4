// One build: locales × formats. Orchestration only: each step lives in its own module.
import { applyStandard } from './pipeline/standard-check.js';
import { standardLabel, type PdfStandard } from './config/pdf-standard.js';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { BrowserSession } from './print/browser.js';
import { loadConfig, selectFormats, type Config, type Format, type RunOptions } from './config/config.js';
import type { ContentsEntry, ProcessedEdition } from './pipeline/edition.js';
import { checkEditions } from './check.js';

import type { OutlineEntry } from './print/outline.js';
import { loadTemplates, type Templates } from './render/render.js';
import { HyphenationCache, hyphenationPatterns } from './render/rehype-hyphenate.js';
import { ChapterHtmlCache } from './render/chapter-cache.js';
import { cacheDir } from './cache.js';
import { holdParsedWrites, releaseParsedWrites } from './pipeline/parse-cache.js';
import { BriefingError, displayPath, type Diagnostic } from './messages.js';
import { writeArtifacts, type Artifact } from './output/write.js';
import {
  createManifest,
  MANIFEST_FILE,
  readSourceCommitWhen,
  serializeManifest,
  type Manifest,
} from './output/manifest.js';
import { contentId, sha256HexSoon } from './output/digest.js';
import { trace } from './trace.js';
import { RULES } from './rules.js';
import { editionDate } from './environment.js';
import { useLimits } from './limits.js';
import { typographyFor } from './config/typography.js';
import { Turns, type Turn } from './locale-turns.js';

export interface BuiltFile {
  locale: string;
  format: Format;
  path: string;
  bytes: number;
  pages?: number;
}

/** A file the build writes, with its digest when one was begun in the thread pool (a PDF). */
type Built = Artifact & BuiltFile & { sha256?: Promise<string> };

export interface BuildResult {
  files: BuiltFile[];
  diagnostics: Diagnostic[];
  seconds: number;
  /** What output/manifest.json (`manifestPath`) says about `files`. */
  manifest: Manifest;
  manifestPath: string;
}

export type Progress = (line: string) => void;

/**
 * Build the editions. `printer`: a browser session the caller already started (the CLI starts
 * Chromium before it even loads the pipeline's modules); the build closes it when done.
 */
export async function build(
  options: RunOptions,
  progress: Progress = () => {},
  printer?: Printer,
): Promise<BuildResult> {
  const started = performance.now();
  // Chromium starts first, while the configuration is read and the Markdown pipeline runs: a launch
  // takes about as long as the whole pipeline (a failed check closes it again).
  const wantPdf = selectFormats(options.format).includes('pdf');
  const print = wantPdf ? (printer?.print ?? (await import('./print/index.js'))) : undefined;
  const session = print ? (printer?.session ?? new print.BrowserSession()) : undefined;
  if (!wantPdf) await printer?.session.close();
  const lanes = new PrintLanes(session);
  const handedOver = later<void>();
  const templatesKnown = later<Templates | undefined>();
  try {
    trace('build started (browser launching)');
    const config = await loadConfig(options);
    useLimits(config);
    const commit = readSourceCommitWhen(config.contentDir, handedOver.promise); // (git asked once the print HTML is in)
    lanes.start(config);
    const { pages, lastHeads } = await openPagesAhead(config, lanes, print, templatesKnown.promise);
    // This build's hyphenated texts: read from the cache folder, saved below once printed.
    const hyphenation = new HyphenationCache();
    const chapters = new ChapterHtmlCache(cacheDir(), config.contentDir);
    const loadingTemplates = loadTemplates(config.templatesDir, config.contentDir, hyphenation, chapters);
    loadingTemplates.then(templatesKnown.settle, () => templatesKnown.settle(undefined));
    // Saved once every locale's HTML is rendered and Chromium prints (this process mostly waits on it
    // then), not after the PDFs are finished; saved again at the end only if something was added.
    const rendered = afterEach(config.locales.length, () => {
      hyphenation.save();
      chapters.save();
      trace('caches of the rendered HTML saved');
    });
    const { templates, checked, standard, rendering } = await checkAndRender(
      config,
      loadingTemplates,
      (edition, templates, standard, turn) => {
        const printer = lanes.printer(edition.locale, print, pages.get(edition.locale)?.page, turn);
        if (!printer) turn.begun();
        return renderLocale(edition, config, templates, printer, progress, standard, rendered);
      },
      progress,
      (locale) => lanes.number(locale),
    );
    handedOver.settle();
    const diagnostics = [...templates.diagnostics, ...standard.diagnostics];
    const locales = await withEarlierDiagnostics(Promise.all(rendering), diagnostics);
    hyphenation.save();
    chapters.save();
    const artifacts = locales.flatMap((r) => r.artifacts);
    const caches = locales.flatMap((r) => r.caches);
    const byLocale = new Map<string, Diagnostic[]>();
    checked.editions.forEach((edition, i) => {
      diagnostics.push(...locales[i]!.diagnostics);
      byLocale.set(edition.locale, [...edition.diagnostics, ...locales[i]!.diagnostics]);
    });
    refuseToPublish(diagnostics, config.strict);
    const { manifest, manifestPath } = await writeBuild(config, artifacts, caches, byLocale, await commit);
    for (const { pdf, head } of locales.flatMap((r) => r.heads)) print?.keepPrintHead(pdf, head, lastHeads.get(pdf));
    return {
      files: artifacts.map(({ locale, format, path: file, bytes, pages }) => ({
        locale,
        format,
        path: file,
        bytes,
        pages,
      })),
      diagnostics,
      seconds: (performance.now() - started) / 1000,
      manifest,
      manifestPath,
    };
  } finally {
    templatesKnown.settle(undefined);
    await cachesWritten(print);
    await lanes.close();
    trace('browser closed');
  }
}

/** Every cache file written, the parse cache's held ones too (holdParsedWrites), before the browser closes. */
async function cachesWritten(print: Printer['print'] | undefined): Promise<void> {
  releaseParsedWrites();
  await print?.bodiesKept();
}

type Rendered = Awaited<ReturnType<typeof renderLocale>>;

/**
 * The locales read and checked one after the other, each rendered and printed (`render`) as soon as
 * it is checked: Chromium prints the first locale while this process reads the next (checked all
 * before any print, the browser waited through every locale's pipeline). The standard the PDFs claim
 * depends on every edition (standardOf): a print is given it once all are checked, which it waits for
 * only to finish its PDF. Nothing is printed once a locale's check found what stops the build; the
 * build stops as before, once the prints begun have stopped too (then no print restarts the browser).
 */
async function checkAndRender(
  config: Config,
  loadingTemplates: Promise<Templates>,
  render: (
    edition: ProcessedEdition,
    templates: Templates,
    standard: Promise<PdfStandard>,
    turn: Turn,
  ) => Promise<Rendered>,
  progress: Progress,
  laneOf: (locale: string) => number,
) {
  let settle: { resolve: (s: PdfStandard) => void; reject: (e: unknown) => void } = { resolve() {}, reject() {} };
  const standard = new Promise<PdfStandard>((resolve, reject) => (settle = { resolve, reject }));
  standard.catch(() => undefined);
  // A template or theme error is thrown where the templates are awaited, below; until then it must not
  // be an unhandled rejection (which ends the process with a stack instead of the message).
  loadingTemplates.catch(() => undefined);
  const turns = new Turns();
  const rendering: Array<Promise<Rendered>> = [];
  const checked: Awaited<ReturnType<typeof checkEditions>> = { editions: [], diagnostics: [] };
  // (Ended whatever happens: the locales begun wait for it to render their web editions.)
  try {
    // A single-file report's locales are checked together (their diagnostics are reported once).
    for (const locales of config.report ? [config.locales] : config.locales.map((l) => [l])) {
      // The first print's preparation (round trips to the page) not held up by this process's pipeline.
      await turns.first;
      const one = await checkEditions({ ...config, locales });
      checked.editions.push(...one.editions);
      checked.diagnostics.push(...one.diagnostics);
      if (blocking(checked.diagnostics, config.strict).length > 0) continue;
      const templates = await loadingTemplates;
      for (const edition of one.editions) {
        progress(
          `${edition.locale}: ${edition.stats.chapters} chapters, ${edition.stats.sections} sections, ${edition.stats.notes} notes`,
        );
        const rendered = render(edition, templates, standard, turns.take(laneOf(edition.locale)));
        rendered.catch(() => undefined);
        rendering.push(rendered);
      }
    }
  } finally {
    turns.end();
  }
  const templates = await loadingTemplates;
  trace('content read and transformed');
  const held = standardOf(config, checked);
  try {
    refuseToPublish(held.diagnostics, config.strict);
  } catch (error) {
    settle.reject(error);
    await Promise.allSettled(rendering);
    throw error;
  }
  // For the tests (tests/e2e/locales.test.ts): the standard known this much later, as when the other
  // locales' checks are slow; the PDFs must not change.
  const later = Number(process.env.BRIEFING_STANDARD_AFTER_MS ?? 0);
  if (later > 0) await delay(later);
  settle.resolve(held.standard);
  return { templates, checked, standard: held, rendering };
}

/** A promise and what settles it (the first call does; later ones, nothing). */
function later<T>(): { promise: Promise<T>; settle: (value: T) => void } {
  let settle: (value: T) => void = () => {};
  const promise = new Promise<T>((resolve) => (settle = resolve));
  return { promise, settle };
}

/** `run` once the returned function has been called `count` times (not again after). */
function afterEach(count: number, run: () => void): () => void {
  let left = count;
  return () => {
    left -= 1;
    if (left === 0) run();
  };
}

/**
 * The browser each locale prints in. The CLI's browser is a single process, whose one renderer prints
 * one page at a time: a build of several locales starts a second one (BrowserSession.lane) once it
 * knows them, and the locales take turns, the first, third… in the first browser and the others in
 * the second, so two prints run at once on two cores (the review's en, ru, kk: en and kk in the first,
 * ru in the second; en is printed, or nearly, when kk's page is ready). BRIEFING_LANES=1: one browser.
 * Once the last of a browser's locales is done with it, it is stopped while the PDFs are finished.
 */
class PrintLanes {
  private readonly lanes = new Map<string, BrowserSession>();
  private readonly left = new Map<BrowserSession, number>();

  constructor(private readonly first: BrowserSession | undefined) {}

  start(config: Config, env: NodeJS.ProcessEnv = process.env): void {
    const first = this.first;
    if (!first || !config.formats.includes('pdf')) return;
    // The parse cache written once the first print goes out (startInTurn), not before the print HTML.
    holdParsedWrites();
    const several = first.sharedRenderer && config.locales.length > 1 && env.BRIEFING_LANES !== '1';
    const browsers = several ? [first, first.lane()] : [first];
    config.locales.forEach((locale, i) => {
      const lane = browsers[i % browsers.length]!;
      this.lanes.set(locale, lane);
      this.left.set(lane, (this.left.get(lane) ?? 0) + 1);
    });
  }

  of(locale: string): BrowserSession | undefined {
    return this.lanes.get(locale);
  }

  /** What a locale prints with: its lane's browser, which it tells when it is done with it. */
  printer(locale: string, print: Printer['print'] | undefined, page: Printer['page'], turn: Turn): Printer | undefined {
    const session = this.lanes.get(locale);
    return session && print ? { session, print, browserDone: () => this.done(locale), page, turn } : undefined;
  }

  /** The lane's number (Turns). */
  number(locale: string): number {
    return [...this.left.keys()].indexOf(this.lanes.get(locale)!);
  }

  /** A locale's print is done with its browser (its PDF is still being finished). */
  done(locale: string): void {
    const lane = this.lanes.get(locale);
    const left = (lane && this.left.get(lane)) ?? 0;
    if (!lane || left === 0) return;
    this.left.set(lane, left - 1);
    if (left === 1) void lane.close();
  }

  async close(): Promise<void> {
    await Promise.all([...new Set([this.first, ...this.lanes.values()])].map(async (lane) => lane?.close()));
  }
}

/**
 * The PDF standard the editions are printed to, with what holding them to it found: a standard
 * written in briefing.yaml holds the content to it; the default is claimed only by content that
 * meets it (pipeline/standard-check.ts).
 */
function standardOf(config: Config, checked: Awaited<ReturnType<typeof checkEditions>>) {
  const asked = config.edition.pdfStandard;
  return config.formats.includes('pdf')
    ? applyStandard(checked.editions, checked.diagnostics, asked, standardLabel(asked))
    : { standard: asked, diagnostics: checked.diagnostics };
}

/** The files, the caches and output/manifest.json written all or nothing; the manifest is renamed into place last. */
async function writeBuild(
  config: Config,
  artifacts: Built[],
  caches: Artifact[],
  byLocale: Map<string, Diagnostic[]>,
  sourceCommit: Awaited<ReturnType<typeof readSourceCommitWhen>>,
): Promise<{ manifest: Manifest; manifestPath: string }> {
  const digests = await Promise.all(artifacts.map(async (a) => a.sha256));
  const manifest = createManifest({
    sourceCommit,
    outDir: config.outDir,
    contentDir: config.contentDir,
    edition: config.edition,
    artifacts: artifacts.map((a, i) => ({ ...a, sha256: digests[i] })),
    diagnostics: byLocale,
  });
  const manifestPath = path.join(config.outDir, MANIFEST_FILE);
  await writeArtifacts([...artifacts, ...caches, { path: manifestPath, data: serializeManifest(manifest) }], {
    root: config.outDir,
  });
  trace('files written');
  return { manifest, manifestPath };
}

/**
 * Each PDF's page opened now, with the last build's document head loaded (print/page.ts), while the
 * Markdown pipeline runs; without one (a cold build), a head made from the templates alone once they
 * are loaded (`printHeadAhead`): not the edition's, but its faces and styles, which the edition's
 * head then finds decoded and parsed (the review: Chromium's load of the edition ~0.05 s shorter).
 * Opening a page takes a few round trips to the browser, which the pipeline (CPU-bound) would hold
 * up: when the browser is already there, they go first.
 */
async function openPagesAhead(
  config: Config,
  lanes: PrintLanes,
  print: typeof import('./print/index.js') | undefined,
  templates: Promise<Templates | undefined>,
) {
  const lastHeads = new Map<string, string>();
  const pages = new Map(
    print
      ? config.locales.flatMap((locale) => {
          const lane = lanes.of(locale);
          if (!lane) return [];
          const pdf = `${outputBase(config, locale)}.pdf`;
          lastHeads.set(pdf, print.lastPrintHead(pdf));
          // (BRIEFING_HEAD_FIRST=0, the whole document at once as before: no head ahead either.)
          const head =
            lastHeads.get(pdf) || (print.headFirst() ? templates.then((t) => t?.printHeadAhead(locale) ?? '') : '');
          const opened = lane.preparePage(pdf, head);
          // Then the last build's prepared body, put in while the pipeline runs (prepared-chapters.ts).
          const page = opened.page.then((page) => page && print.bodyAhead(page, pdf));
          return [[locale, { ...opened, page, lane }] as const];
        })
      : [],
  );
  // Bounded: a browser slow to open a page must not hold the pipeline up (the print waits for
  // the page itself, under its own timeout).
  // (A lane started just now is not waited for: its pages are opened while the pipeline runs.)
  const issued = [...pages.values()].filter((p) => p.lane.connected).map((p) => p.issued);
  if (issued.length > 0) await Promise.race([Promise.all(issued), delay(1000, undefined, { ref: false })]);
  return { pages, lastHeads };
}

export interface Printer {
  session: BrowserSession;
  print: typeof import('./print/index.js');
  /** A locale's print is done with the browser (its PDF is still being finished). */
  browserDone?: () => void;
  /** The page this locale prints in, opened ahead of time. */
  page?: Promise<import('./print/page.js').PrintPage | undefined>;
  /** This locale's turn at the browser among the build's locales. */
  turn?: Turn;
}

/** Where a locale's files go, without the extension: `<out>/<locale>/<id>-<year>.<locale>`. */
function outputBase(config: Config, locale: string): string {
  return path.join(config.outDir, locale, `${config.edition.id}-${config.edition.year}.${locale}`);
}

async function renderLocale(
  edition: ProcessedEdition,
  config: Config,
  templates: Templates,
  printer: Printer | undefined,
  progress: Progress,
  standard: Promise<PdfStandard>,
  rendered: () => void = () => {},
): Promise<{
  artifacts: Built[];
  caches: Artifact[];
  heads: Array<{ pdf: string; head: string }>;
  diagnostics: Diagnostic[];
}> {
  const out: Built[] = [];
  const caches: Artifact[] = [];
  const heads: Array<{ pdf: string; head: string }> = [];
  const diagnostics: Diagnostic[] = [];
  const base = outputBase(config, edition.locale);
  // The print starts first; the web HTML is rendered while Chromium prints (not while the page
  // loads: this process answers the page then, and a render in the way held the print back ~0.1 s),
  // and once every locale's print HTML is in the browser (locale-turns.ts).
  let printing: Promise<void> | undefined;
  let chromiumPrints = Promise.resolve();
  if (printer && config.formats.includes('pdf')) {
    ({ printing, chromiumPrints } = await startInTurn(edition, config, templates, printer, progress, standard, {
      out,
      caches,
      heads,
      diagnostics,
    }));
    printing.catch(() => undefined);
  } else printer?.turn?.begun();
  if (config.formats.includes('docx')) {
    const docx = await wordEdition(edition, config, templates);
    diagnostics.push(...docx.diagnostics);
    out.push({
      locale: edition.locale,
      format: 'docx',
      path: `${base}.docx`,
      data: docx.data,
      bytes: docx.data.byteLength,
    });
    trace(`${edition.locale}: Word edition made`);
  }
  if (config.formats.includes('html')) {
    await Promise.race([chromiumPrints, printing]);
    await printer?.turn?.everyHanded;
    // Encoded and its digest begun now, while Chromium prints: not in the build's tail (the file
    // written from the string, its length and sha256 taken again for the manifest: 5 × the review's
    // 2.8 MB, ~12 ms of this process after the PDF was finished).
    const html = Buffer.from(templates.render(edition, 'screen'));
    trace(`${edition.locale}: web HTML rendered`);
    out.unshift({
      locale: edition.locale,
      format: 'html',
      path: `${base}.html`,
      data: html,
      bytes: html.byteLength,
      sha256: digestSoon(html),
    });
  } else await Promise.race([chromiumPrints, printing]);
  // (Not after a print that failed: the build stops, and saves nothing.)
  rendered();
  await printing;
  return { artifacts: out, caches, heads, diagnostics };
}

/**
 * startPrint in the locale's turn (see Turns) when the locales share the browser's one renderer; the
 * next locale's turn comes once this one prints, or failed to; at once for an edition that may print
 * in parts, which waits for the PDF standard (every locale checked) before it prints. With a renderer
 * each, a locale prints as soon as it is rendered, beside the one before it.
 */
async function startInTurn(...args: Parameters<typeof startPrint>): Promise<ReturnType<typeof startPrint>> {
  const [edition, , , { turn, print, session }] = args;
  if (session.sharedRenderer) await turn?.ready;
  const next = turn?.begun ?? (() => {});
  if (print.printInParts(edition.chapters.length)) next();
  let started: ReturnType<typeof startPrint>;
  try {
    started = startPrint(...args);
    turn?.handed();
  } catch (error) {
    next();
    throw error;
  }
  // Once Chromium prints (or the print ended): the next locale's turn, the parse cache written.
  const printing = Promise.race([started.chromiumPrints, started.printing]);
  void printing.then(next, next);
  void printing.then(releaseParsedWrites, releaseParsedWrites);
  return started;
}

/** What a locale's build collects: its files, caches, print heads and messages. */
interface LocaleSinks {
  out: Built[];
  caches: Artifact[];
  heads: Array<{ pdf: string; head: string }>;
  diagnostics: Diagnostic[];
}

/**
 * The locale's print started (its PDF, page-number cache and print head go into `sinks`):
 * `chromiumPrints` settles once Chromium prints, `printing` once the PDF is done.
 */
function startPrint(
  edition: ProcessedEdition,
  config: Config,
  templates: Templates,
  printer: Printer,
  progress: Progress,
  standard: Promise<PdfStandard>,
  sinks: LocaleSinks,
): { printing: Promise<void>; chromiumPrints: Promise<void> } {
  const { out, caches, heads, diagnostics } = sinks;
  const base = outputBase(config, edition.locale);
  const { session, print } = printer;
  if (!hyphenationPatterns(edition.locale)) {
    diagnostics.push({
      file: path.join(config.contentDir, edition.locale),
      severity: 'info',
      message: `no hyphenation patterns for "${edition.locale}": its text is printed without hyphenation`,
      rule: RULES.printNoHyphenation.id,
    });
  }
  const printHtml = templates.render(edition, 'print');
  trace(`${edition.locale}: print HTML rendered`);
  // Known once every locale is checked (checkAndRender): the print waits for it only to finish its PDF
  // (printed in parts, to print: then the next locale's turn comes at once, see startInTurn).
  const meta = standard.then((claimed) => pdfMetadata(edition, config, printHtml, claimed));
  meta.catch(() => undefined);
  const numbersFile = path.join(path.dirname(base), `.${path.basename(base)}.pages.json`);
  // A long edition is printed part by part, parts of the last build reused (print/parts.ts).
  const partCache = print.printInParts(edition.chapters.length) ? new print.DiskPartCache(`${base}.pdf`) : undefined;
  let whilePrinting = () => {};
  const chromiumPrints = new Promise<void>((resolve) => (whilePrinting = resolve));
  const printing = (async () => {
    const printed = await print.printEdition(
      session,
      printHtml,
      meta,
      outlineOf(templates.arrange(edition)),
      `${base}.pdf`,
      (reason) => progress(`${edition.locale}: ${reason}; restarting the browser and printing again`),
      print.readPageCache(numbersFile),
      {
        browserDone: printer.browserDone,
        whilePrinting,
        page: printer.page,
        finishAfter: printer.turn?.nextPrinting,
        parts: partCache && { cache: partCache, auto: true },
        sourceRoot: edition.sourceRoot,
      },
    );
    partCache?.save();
    heads.push({ pdf: `${base}.pdf`, head: print.headOf(printHtml) });
    caches.push({ path: numbersFile, data: print.pageCacheText(printed.pagination) });
    diagnostics.push(...printed.diagnostics);
    if (config.verifyText) {
      const { checkText } = await import('./print/text-check.js');
      diagnostics.push(...(await checkText(printHtml, printed.pdf, displayPath(`${base}.pdf`), edition.sourceRoot)));
      trace(`${edition.locale}: text of the PDF checked`);
    }
    progress(
      `${edition.locale}: printed ${printed.pages} pages in ${printed.passes} ${printed.passes === 1 ? 'pass' : 'passes'} → ${displayPath(`${base}.pdf`)}`,
    );
    out.push({
      locale: edition.locale,
      format: 'pdf',
      path: `${base}.pdf`,
      data: printed.pdf,
      bytes: printed.pdf.byteLength,
      pages: printed.pages,
      sha256: digestSoon(printed.pdf),
    });
  })();
  return { printing, chromiumPrints };
}

/** The file's digest for the manifest, made in the thread pool while this process writes the caches. */
function digestSoon(data: Uint8Array): Promise<string> {
  const digest = sha256HexSoon(data);
  // (Awaited by writeBuild; a build stopped before then never asks.)
  digest.catch(() => undefined);
  return digest;
}

/** The PDF's document info and XMP: the edition's metadata and the standard it claims. */
function pdfMetadata(edition: ProcessedEdition, config: Config, printHtml: string, standard: PdfStandard) {
  const meta = {
    title: edition.meta.title,
    author: edition.meta.authors?.join(', ') || edition.meta.publisher,
    subject: edition.meta.description,
    keywords: edition.meta.keywords,
    language: edition.locale,
    standard,
  };
  // The PDF's /ID and XMP DocumentID name what was printed (sources + templates), not when.
  return { ...meta, date: editionDate(config.edition.year), documentId: contentId(printHtml, JSON.stringify(meta)) };
}

/** The Word edition (src/docx/, loaded only when asked for): the theme's page, fonts, colours and note places. */
async function wordEdition(edition: ProcessedEdition, config: Config, templates: Templates) {
  const { editionDocx } = await import('./docx/document.js');
  return editionDocx(edition, {
    theme: templates.theme,
    noteNumbering:
      typographyFor(edition.locale, config.edition.typography).noteNumbering ?? config.edition.noteNumbering,
    date: editionDate(config.edition.year),
  });
}

/** PDF bookmarks mirror the printed contents: "I. Title" with its sections beneath. */
function outlineOf(edition: ProcessedEdition): OutlineEntry[] {
  const entry = (e: ContentsEntry): OutlineEntry => ({
    title: e.number ? `${e.number}. ${e.title}` : e.title,
    id: e.id,
    children: e.children.map(entry),
  });
  return [
    ...(edition.preface ? [{ title: edition.strings.preface, id: 'preface', children: [] }] : []),
    { title: edition.strings.contents, id: 'contents-title', children: [] },
    ...edition.contents.map(entry),
  ];
}

/** A failure while rendering also shows what was found before it (fixing it should not reveal 50 warnings). */
async function withEarlierDiagnostics<T>(work: Promise<T>, earlier: Diagnostic[]): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof BriefingError) throw new BriefingError([...earlier, ...error.diagnostics]);
    throw error;
  }
}

/** Errors (and with --strict, warnings) stop the build before anything is written. */
function refuseToPublish(diagnostics: Diagnostic[], strict: boolean): void {
  const blocked = blocking(diagnostics, strict);
  if (blocked.length === 0) return;
  const note: Diagnostic[] =
    strict && blocked.every((d) => d.severity === 'warning')
      ? [
          {
            file: 'briefing',
            severity: 'error',
            message: `${blocked.length} warning(s) with --strict: nothing was written`,
            rule: RULES.buildStrict.id,
          },
        ]
      : [];
  throw new BriefingError([...diagnostics, ...note]);
}

/** What stops a build: errors, and with --strict warnings too. */
function blocking(diagnostics: Diagnostic[], strict: boolean): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error' || (strict && d.severity === 'warning'));
}

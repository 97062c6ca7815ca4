// The print page's own code (page-side/: settling hyphens, marking line wraps, evening word spaces,
// fitting and marking for the layout check, placing notes at the page foot)
// as one script: esbuild bundles it at `npm run compile` (scripts/bundle.js) into dist/browser/; from
// source (the tests) it is bundled here in memory with the same options. The first step asked of a
// print page's document brings it along (once per document); the steps are short calls by name, and
// the page code is ordinary TypeScript that shares its helpers (page.evaluate bodies had to be
// self-contained).
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { PACKAGE_ROOT } from '../package-root.js';
import type { Columns } from './column-guess.js';
import type { FootInPage, FootPlaced } from './foot-notes.js';
import type { HyphenCleanup } from './hyphens.js';
import type { Marked } from './layout-check.js';
import type { Aside } from './parts.js';
import type { LineWraps, Marks } from './line-ends.js';
import type { EvenedSpaces, Track, Variant } from './word-spaces.js';
import { profiled } from './page-profile.js';

/** Where `npm run compile` writes the bundle, under the package root. */
export const PAGE_BUNDLE = 'dist/browser/print-page.js';
const SOURCE = 'src/print/page-side';
const fromSource = import.meta.url.endsWith('.ts');

/** The steps the page offers (page-side/index.ts implements them; `ms` is the page's own clock). */
export interface PageSide {
  settleSoftHyphens(maxInARow: Record<string, number>, hyphen: string): HyphenCleanup;
  putSettled(texts: string[], ends: number[][], mark: string): boolean;
  settledHold(ends: number[][], hyphen: string): boolean;
  markLineWraps(marks: Marks, later?: boolean, hide?: boolean): LineWraps;
  applyLineWraps(wraps: LineWraps, marks: Marks): boolean;
  evenWordSpaces(maxRatio: number, maxTracking: number, variants: string[]): EvenedSpaces;
  applyVariants(chosen: Variant[], settings: string[]): void;
  applyTracks(tracks: Track[]): void;
  fitAndMark(prefix: string, hide?: boolean, screen?: string): Marked;
  placeFootNotes(args: FootInPage): Promise<FootPlaced | { restored: true; ms: number } | undefined>;
  /** The edition laid out in columns one page tall: each id's column and the last (column-guess.ts). */
  columnGuess(ids: string[], skip: string, screen?: string): Promise<Columns | undefined>;
  /**
   * SHA-256 (hex) of each text the page holds in `window[holder][field]`: keys without the texts
   * sent. From `from`, until `most` characters were digested (a text met at the last round is not).
   */
  heldDigests(holder: string, field: string, from?: number, most?: number): string[];
  /** Parts' HTML built (or kept from the last print) and digested, a batch from `from` (parts.ts). */
  partDigests(aside: string, count: number, from: number, most: number): { digests: string[]; kept: boolean[] };
  /** A part's HTML into `root`, for the print (called by parts.ts's own code in the page). */
  buildPart(saved: Aside, index: number, root: Element): string[];
}

type PageWindow = Window & { briefingPage?: PageSide };

/** The page code bundled (an IIFE that sets `window.briefingPage`). */
export async function bundlePageSide(): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: PACKAGE_ROOT, // the bundle's comments name files relative to it, wherever it is made
    entryPoints: [`${SOURCE}/index.ts`],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'warning',
  });
  return result.outputFiles[0]!.text;
}

let script: Promise<string> | undefined;
let loaded: string | undefined;

/** The script: the compiled bundle, or (from source) bundled now; read once per process. */
export async function pageScript(): Promise<string> {
  script ??= fromSource ? bundlePageSide() : readFile(path.join(PACKAGE_ROOT, PAGE_BUNDLE), 'utf8');
  return (loaded ??= await script);
}

let code: string | undefined;

/**
 * What the page code is, for cache keys (settle-cache.ts): the compiled bundle, or from source the
 * page-side files' text (the same code, read without bundling).
 */
export function pageSideCode(): string {
  if (code === undefined) {
    const dir = path.join(PACKAGE_ROOT, SOURCE);
    code = fromSource
      ? readdirSync(dir)
          .sort()
          .map((name) => readFileSync(path.join(dir, name), 'utf8'))
          .join('\0')
      : readFileSync(path.join(PACKAGE_ROOT, PAGE_BUNDLE), 'utf8');
  }
  return code;
}

/** Pages whose document was sent the script (page.ts forgets a page when its document is replaced). */
const sent = new WeakSet<Page>();

/** The page's document is a new one: the next step asked of it brings the script along again. */
export function documentReplaced(page: Page): void {
  sent.delete(page);
}

/**
 * Run a step of the page code in the page. The first step asked of a document brings the script
 * along, and the page runs it once: a page whose rebuild asks for no step (the prepared body put
 * in) never gets it. Issued at once when the script was read before (loadEdition makes sure), so a
 * step asked right after the body goes in runs before any frame lays the body out.
 */
export async function inPage<K extends keyof PageSide>(
  page: Page,
  step: K,
  ...args: Parameters<PageSide[K]>
): Promise<Awaited<ReturnType<PageSide[K]>>> {
  const text = loaded ?? (await pageScript());
  const call = (withScript: boolean) =>
    page.evaluate(
      (step, args, script) => {
        const w = window as PageWindow;
        if (!w.briefingPage && script) (0, eval)(script); // sets window.briefingPage
        const side = w.briefingPage;
        if (!side) return undefined;
        const value = (side[step] as (...a: unknown[]) => unknown)(...args);
        // A step that waits (for fonts, images) answers when it is done.
        return value instanceof Promise ? value.then((done: unknown) => ({ value: done })) : { value };
      },
      step,
      args,
      withScript ? text : '',
    );
  let answer = await profiled(page, step, () => call(!sent.has(page)));
  // A document replaced behind page.ts's back (a navigation): sent again.
  if (!answer) answer = await call(true);
  sent.add(page);
  return answer!.value as Awaited<ReturnType<PageSide[K]>>;
}

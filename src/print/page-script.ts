// The print page's own code (page-side/: settling hyphens, marking line wraps, evening word spaces)
// as one script: esbuild bundles it at `npm run compile` (scripts/bundle.js) into dist/browser/; from
// source (the tests) it is bundled here in memory with the same options. page.ts puts it into each
// print page once its document is made; the steps are then short calls by name, and the page code is
// ordinary TypeScript that shares its helpers (page.evaluate bodies had to be self-contained).
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { PACKAGE_ROOT } from '../package-root.js';
import type { HyphenCleanup } from './hyphens.js';
import type { LineWraps, Marks } from './line-ends.js';
import type { EvenedSpaces, Track, Variant } from './word-spaces.js';

/** Where `npm run compile` writes the bundle, under the package root. */
export const PAGE_BUNDLE = 'dist/browser/print-page.js';
const SOURCE = 'src/print/page-side';
const fromSource = import.meta.url.endsWith('.ts');

/** The steps the page offers (page-side/index.ts implements them; `ms` is the page's own clock). */
export interface PageSide {
  settleSoftHyphens(maxInARow: Record<string, number>, hyphen: string): HyphenCleanup;
  putSettled(texts: string[], ends: number[][], mark: string): boolean;
  settledHold(ends: number[][], hyphen: string): boolean;
  markLineWraps(marks: Marks): LineWraps;
  applyLineWraps(wraps: LineWraps, marks: Marks): boolean;
  evenWordSpaces(maxRatio: number, maxTracking: number, variants: string[]): EvenedSpaces;
  applyVariants(chosen: Variant[], settings: string[]): void;
  applyTracks(tracks: Track[]): void;
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

/** The script: the compiled bundle, or (from source) bundled now. */
export function pageScript(): Promise<string> {
  return (script ??= fromSource ? bundlePageSide() : readFile(path.join(PACKAGE_ROOT, PAGE_BUNDLE), 'utf8'));
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

/** Put the page code into the page's document (again after the document is replaced). */
export async function installPageScript(page: Page): Promise<void> {
  await page.evaluate(await pageScript());
}

/**
 * Run a step of the page code in the page. A page whose document does not have it yet (one made
 * outside page.ts) gets it first.
 */
export async function inPage<K extends keyof PageSide>(
  page: Page,
  step: K,
  ...args: Parameters<PageSide[K]>
): Promise<ReturnType<PageSide[K]>> {
  const call = () =>
    page.evaluate(
      (step, args) => {
        const side = (window as PageWindow).briefingPage;
        return side ? { value: (side[step] as (...a: unknown[]) => unknown)(...args) } : undefined;
      },
      step,
      args,
    );
  let answer = await call();
  if (!answer) {
    await installPageScript(page);
    answer = await call();
  }
  return answer!.value as ReturnType<PageSide[K]>;
}

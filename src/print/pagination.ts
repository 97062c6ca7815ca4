// Where a print's pages fell, as one typed value, and the page-number cache that keeps it for the
// next build (a dotfile beside the PDF, written by build.ts, read and shaped only here).
import type { Page } from 'puppeteer-core';
import { readRegularFile } from '../cache.js';

/** Where things fell in a print of the edition. */
export interface Pagination {
  /** Contents entry id (chapters, sections, anything with a page number) → physical page number. */
  pages: Map<string, number>;
  /** Chapter heading ids with a blank page before them (right-hand starts). */
  blanks: Set<string>;
  /** Pages in the PDF. */
  pageCount: number;
}

/** A previous print's pagination, a first guess for the next: never trusted (the final PDF is checked). */
export type PageGuess = Omit<Pagination, 'pageCount'> & { pageCount?: number };

/**
 * A layout decision made from where a print's pages fell, and printed again until it holds: the
 * seam where another pagination strategy or page floats plug into the print loop (pdf.ts). Blank
 * pages before right-hand chapter starts are one (pages.ts); notes at the page foot can be another.
 */
export interface PageStep {
  /** Before the first print, put in the page what the guess (the last build) says. */
  restore(page: Page, guess: PageGuess): Promise<void>;
  /**
   * After a print laid out as `printed`: change the page where this step wants another layout, and
   * return the pagination expected once the change is printed; undefined when the print stands.
   */
  settle(page: Page, printed: Pagination): Promise<Pagination | undefined>;
}

// The cache file: one JSON object, each id → its page, plus two kinds of key no id takes.
const BLANK_KEY = 'blank-before:';
const PAGE_COUNT_KEY = 'page-count:';
/** Most pages a guessed page count may claim. */
const MAX_GUESSED_PAGES = 20_000;
const MAX_CACHE_BYTES = 16 * 1024 * 1024;

/** The cache file's text for a pagination. */
export function pageCacheText({ pages, blanks, pageCount }: Pagination): string {
  const data: Record<string, number> = Object.fromEntries(pages);
  data[PAGE_COUNT_KEY] = pageCount;
  for (const id of blanks) data[`${BLANK_KEY}${id}`] = 1;
  return `${JSON.stringify(data, null, 1)}\n`;
}

/**
 * The pagination of the previous build, from its cache file. Missing, unreadable, not a regular file
 * (a FIFO there would hang the build: read without blocking or following a link) or of another
 * shape: no guess.
 */
export function readPageCache(file: string): PageGuess | undefined {
  let data: unknown;
  try {
    data = JSON.parse(readRegularFile(file, MAX_CACHE_BYTES)?.toString('utf8') ?? 'null') as unknown;
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const guess: PageGuess = { pages: new Map(), blanks: new Set() };
  for (const [key, n] of Object.entries(data)) {
    if (!Number.isInteger(n)) continue;
    if (key === PAGE_COUNT_KEY) guess.pageCount = n as number;
    else if (key.startsWith(BLANK_KEY)) guess.blanks.add(key.slice(BLANK_KEY.length));
    else guess.pages.set(key, n as number);
  }
  return guess;
}

/**
 * The guessed page count, if plausible: a hand-edited cache must not make Chromium lay out a million
 * pages, and a count below the last page of an entry is wrong.
 */
export function plausiblePageCount(guess: PageGuess | undefined): number | undefined {
  const count = guess?.pageCount;
  if (!guess || count === undefined || !Number.isInteger(count) || count > MAX_GUESSED_PAGES) return undefined;
  return count >= Math.max(0, ...guess.pages.values()) ? count : undefined;
}

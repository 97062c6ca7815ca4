// The contents' page numbers guessed before a first build's first print (page-side/page-estimate.ts:
// the laid-out page dealt out onto pages), so that a build without the last build's numbers prints
// with them at once instead of printing first only to measure them. A guess like the last build's:
// the print proves it, and a wrong one is printed again with the numbers it measured.
import type { Page } from 'puppeteer-core';
import { inPage } from './page-script.js';
import type { PageGuess } from './pagination.js';

/** Each id's guessed page, the page count, and the page's time for the guess (ms). */
export interface PageEstimate {
  pages: [string, number][];
  pageCount: number;
  ms: number;
}

/**
 * The guess, or undefined when the page cannot make one (no page size, an id it did not place).
 * BRIEFING_PAGE_ESTIMATE=0: never (a first build measures, as before); `late`: every page one too
 * many, a guess that is always wrong (for the tests).
 */
export async function estimatePages(
  page: Page,
  ids: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<(PageGuess & { pageCount: number; ms: number }) | undefined> {
  if (env.BRIEFING_PAGE_ESTIMATE === '0') return undefined;
  const estimate = await inPage(page, 'estimatePages', ids);
  if (!estimate) return undefined;
  const late = env.BRIEFING_PAGE_ESTIMATE === 'late' ? 1 : 0;
  return {
    pages: new Map(estimate.pages.map(([id, n]) => [id, n + late])),
    blanks: new Set(),
    pageCount: estimate.pageCount + late,
    ms: estimate.ms,
  };
}

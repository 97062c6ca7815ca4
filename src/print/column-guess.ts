// A cold build's guess of its page numbers, without a print: the edition laid out in columns one page
// tall in the print page (page-side/column-guess.ts), each contents entry's page the column it falls
// in, the page count the last column's, and the blank pages before right-hand starts as pages.ts
// would put them after a print. Like the last build's numbers on a rebuild, the guess is never
// trusted: the final PDF is checked, and a wrong guess costs another pass, never a wrong number.
import type { Page } from 'puppeteer-core';
import { BLANK_CLASS, rightHandStarts, type PagePlan } from './pages.js';
import type { PageGuess } from './pagination.js';
import { inPage } from './page-script.js';

/** Where the edition fell in columns: each id's column (null: not laid out), and the last column. */
export interface Columns {
  at: Array<number | null>;
  end: number;
}

/**
 * The pagination the columns say, as a print of the edition would measure it and the page steps
 * settle it: pages from 1, the blank pages a right-hand start needs (`plan.start` right) and the
 * pages they move. Undefined when an id was not laid out or the columns do not make sense.
 */
export function columnPages(
  ids: readonly string[],
  columns: Columns,
  plan: PagePlan | undefined,
): PageGuess | undefined {
  if (columns.at.length !== ids.length || !Number.isInteger(columns.end) || columns.end < 0) return undefined;
  const pages = new Map<string, number>();
  for (const [i, id] of ids.entries()) {
    const column = columns.at[i];
    if (column === null || column === undefined || !Number.isInteger(column) || column < 0 || column > columns.end)
      return undefined;
    pages.set(id, column + 1);
  }
  const pageCount = columns.end + 1;
  if (plan?.start !== 'right') return { pages, blanks: new Set(), pageCount };
  const { blanks, predicted } = rightHandStarts(plan, pages, new Set());
  return { pages: predicted, blanks, pageCount: pageCount + blanks.size };
}

/**
 * The guess from the page as it is (laid out or not: a layout in columns it is then), if any.
 * `screen`: the id of the style hiding it from the screen (page.ts screenHidden), set aside meanwhile.
 */
export async function guessFromColumns(
  page: Page,
  ids: readonly string[],
  plan: PagePlan | undefined,
  screen = '',
): Promise<PageGuess | undefined> {
  const columns = await inPage(page, 'columnGuess', [...ids], `.${BLANK_CLASS}`, screen);
  return columns && columnPages(ids, columns, plan);
}

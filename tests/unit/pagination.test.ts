// The page-number cache (src/print/pagination.ts): a build's pagination written beside its PDF and
// read back as the next build's guess, typed, with no sentinel key leaking into the page numbers.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageCacheText, plausiblePageCount, readPageCache } from '../../src/print/pagination.js';
import { tempDir } from '../support/cli.js';

function roundTrip(text: string) {
  const file = path.join(tempDir(), '.x.pages.json');
  writeFileSync(file, text);
  return readPageCache(file);
}

describe('page-number cache', () => {
  it('reads back the pages, blank pages and page count it wrote, each in its own field', () => {
    const guess = roundTrip(
      pageCacheText({
        pages: new Map([
          ['contents-title', 3],
          ['one', 5],
          ['two', 9],
        ]),
        blanks: new Set(['two']),
        pageCount: 12,
      }),
    );
    expect(guess && Object.fromEntries(guess.pages)).toEqual({ 'contents-title': 3, one: 5, two: 9 });
    expect(guess && [...guess.blanks]).toEqual(['two']);
    expect(guess?.pageCount).toBe(12);
  });

  it('gives no guess for a file that is not a JSON object, and skips values that are not page numbers', () => {
    expect(roundTrip('[1, 2]')).toBeUndefined();
    expect(roundTrip('{ not json')).toBeUndefined();
    const guess = roundTrip('{"one": 4, "two": "9", "three": 2.5}');
    expect(guess && Object.fromEntries(guess.pages)).toEqual({ one: 4 });
    expect(guess?.pageCount).toBeUndefined();
  });

  it('trusts a page count only if plausible: an integer, at most 20,000, not below an entry’s page', () => {
    const pages = new Map([['one', 40]]);
    const blanks = new Set<string>();
    expect(plausiblePageCount({ pages, blanks, pageCount: 44 })).toBe(44);
    expect(plausiblePageCount({ pages, blanks, pageCount: 39 })).toBeUndefined();
    expect(plausiblePageCount({ pages, blanks, pageCount: 1_000_000_000 })).toBeUndefined();
    expect(plausiblePageCount({ pages, blanks })).toBeUndefined();
  });
});

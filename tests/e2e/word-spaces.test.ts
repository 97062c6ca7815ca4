// Rivers in justified text, measured on the printed review as a reader sees it: the word boxes of
// `pdftotext -bbox-layout` (scripts/word-spaces.js). Before print/word-spaces.ts and the Russian
// limit of four hyphenated lines in a row, pages 4–13 had 19 (en), 49 (ru) and 19 (kk) justified
// lines with a word space over twice the normal one, up to 6.1 ×.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT, runCli, tempDir, type CliResult } from '../support/cli.js';

interface Spaces {
  lines: number;
  loose: number;
  worst: number;
  looseLines: { page: number; ratio: number; text: string }[];
}

function wordSpaces(pdf: string, first: number, last: number): Spaces {
  const args = ['scripts/word-spaces.js', '--list', '--first', String(first), '--last', String(last), pdf];
  return JSON.parse(execFileSync('node', args, { cwd: ROOT, encoding: 'utf8' })) as Spaces;
}

describe('justified lines without rivers (the review, en, ru and kk)', () => {
  const cache = tempDir();
  // The same output folder both times: the cache is kept per PDF.
  const out = tempDir();
  const pdf = (locale: string) => path.join(out, locale, `hr-review-2022.${locale}.pdf`);
  const build = (locales: string): CliResult =>
    runCli(['build', '--content', path.join(ROOT, 'content'), '--locale', locales, '--format', 'pdf', '--out', out], {
      env: { BRIEFING_CACHE_DIR: cache, BRIEFING_TRACE: '1' },
    });
  let cold: CliResult;

  beforeAll(() => {
    cold = build('en,ru,kk');
    expect(cold.stderr).not.toMatch(/ error /);
    expect(cold.code).toBe(0);
  }, 240_000);

  it.each(['en', 'ru', 'kk'])(
    '%s: no justified line on pages 4–13 has a word space over 2 × the normal one',
    (locale) => {
      const spaces = wordSpaces(pdf(locale), 4, 13);
      expect(spaces.lines).toBeGreaterThan(250);
      expect(spaces.looseLines).toEqual([]);
      expect(spaces.worst).toBeLessThanOrEqual(2);
    },
  );

  // The same PDFs, for ru/kk typography as a reader meets it (scripts/typography-counts.js reads
  // pdftotext -raw, the Cyrillic lines only: the kk review is translated only in its preface).
  it.each(['ru', 'kk'])(
    '%s: no spaced dash or English quote left, no line break after a number, in a digit group or after an initial',
    (locale) => {
      const counts = JSON.parse(
        execFileSync('node', ['scripts/typography-counts.js', pdf(locale)], { cwd: ROOT, encoding: 'utf8' }),
      ) as Record<string, number>;
      expect(counts.cyrillicLines).toBeGreaterThan(locale === 'ru' ? 500 : 50);
      if (locale === 'ru') {
        expect(counts.emDashes).toBeGreaterThan(10);
        expect(counts.guillemets).toBeGreaterThan(50);
      }
      for (const key of [
        'spacedEnDashesOrHyphens',
        'englishOrStraightQuotes',
        'breaksAfterNumber',
        'breaksInDigitGroup',
        'breaksAfterInitial',
      ])
        expect({ [key]: counts[key] }).toEqual({ [key]: 0 });
    },
  );

  it('a rebuild of the same HTML puts the same tracking in from the cache: the same bytes', () => {
    const first = readFileSync(pdf('ru'));
    // Without the prepared body (prepared-cache.ts), which would skip the tracking altogether.
    for (const name of readdirSync(cache)) if (name.startsWith('prepared-')) rmSync(path.join(cache, name));
    const warm = build('ru');
    expect(warm.code).toBe(0);
    expect(warm.stderr).toMatch(/runs of loose justified lines tracked, as the last build of this HTML found/);
    expect(readFileSync(pdf('ru')).equals(first)).toBe(true);
  }, 120_000);
});

// A rebuild of an unchanged edition does not prepare its page again (src/print/prepared-cache.ts):
// the body as the last build of the same HTML left it (hyphens settled, loose lines tracked, line
// wraps and layout marks in) goes into the page in one step. The PDF is the same, byte for byte, as
// a build without any cache; the layout check still finds what the skipped marking found, at its
// line; an edit, a broken file or another folder's cache prepare afresh.
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync, appendFileSync, cpSync } from 'node:fs';
import path from 'node:path';
import { runCli, STARTER, tempDir, type CliResult } from '../support/cli.js';
import { WIDE_TABLE_CHAPTER } from '../support/content.js';

const PREPARED = /: loaded as the last build of this HTML prepared it /;
const SETTLED = /: soft hyphens settled /;
const FITTED = /: layout fitted /;

describe('the prepared body of the last build of the same HTML', () => {
  const content = path.join(tempDir('briefing-prepared-'), 'content');
  const cache = tempDir('briefing-prepared-cache-');
  const out = tempDir('briefing-prepared-out-');
  const pdf = (dir = out) => readFileSync(path.join(dir, 'en', 'starter-2022.en.pdf'));
  const build = (cacheDir = cache, to = out): CliResult => {
    const run = runCli(['build', '--content', content, '--out', to, '--format', 'pdf', '--locale', 'en'], {
      env: { SOURCE_DATE_EPOCH: '1700000000', BRIEFING_CACHE_DIR: cacheDir, BRIEFING_TRACE: '1' },
    });
    expect(run.code, run.stderr).toBe(0);
    return run;
  };
  const tooWide = (run: CliResult) => run.stderr.split('\n').filter((line) => line.includes('layout:too-wide'));
  let first: CliResult;
  let reference: Buffer;

  beforeAll(() => {
    cpSync(STARTER, content, { recursive: true });
    writeFileSync(path.join(content, 'en', '04-wide.md'), WIDE_TABLE_CHAPTER);
    first = build();
    const fresh = tempDir('briefing-prepared-fresh-');
    build('off', fresh);
    reference = pdf(fresh);
  });

  it('a first build prepares its page and keeps the body; a rebuild puts it in and skips the steps', () => {
    expect(first.stderr).toMatch(SETTLED);
    expect(first.stderr).not.toMatch(PREPARED);
    expect(readdirSync(cache).some((name) => name.startsWith('prepared-'))).toBe(true);
    const again = build();
    expect(again.stderr).toMatch(PREPARED);
    expect(again.stderr).not.toMatch(SETTLED);
    expect(again.stderr).not.toMatch(FITTED);
    expect(pdf().equals(reference)).toBe(true);
  });

  it('the layout check still warns at the line of what is too wide', () => {
    const again = build();
    expect(again.stderr).toMatch(PREPARED);
    const lines = tooWide(again);
    expect(lines).toEqual(tooWide(first));
    expect(lines[0]!.startsWith(`${path.join(content, 'en', '04-wide.md')}:5:1 warning`), lines[0]).toBe(true);
  });

  it('a broken cache file prepares afresh, the same bytes', () => {
    const name = readdirSync(cache).find((n) => n.startsWith('prepared-'))!;
    writeFileSync(path.join(cache, name), '{"key": 1');
    const run = build();
    expect(run.stderr).not.toMatch(PREPARED);
    expect(run.stderr).toMatch(FITTED);
    expect(pdf().equals(reference)).toBe(true);
  });

  it('an edit prepares afresh, and prints what a build without cache prints', () => {
    appendFileSync(path.join(content, 'en', '04-wide.md'), '\nOne more sentence after the table.\n');
    const run = build();
    expect(run.stderr).not.toMatch(PREPARED);
    expect(run.stderr).toMatch(FITTED);
    const fresh = tempDir('briefing-prepared-fresh-');
    build('off', fresh);
    expect(pdf().equals(pdf(fresh))).toBe(true);
    expect(build().stderr).toMatch(PREPARED);
    expect(pdf().equals(pdf(fresh))).toBe(true);
  });
});

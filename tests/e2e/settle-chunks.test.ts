// Settling by chapter (src/print/settle.ts, settle-chunks.ts): after an edit, the chapters whose HTML
// did not change are settled as the last build settled them, each checked in the page, and only the
// edited one is measured, alone in the body. The PDF must be byte for byte a cold build's of the
// edited report, and a kept chapter whose settling no longer holds is settled afresh.
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readCacheFile, writeCacheFile } from '../../src/cache.js';
import { ROOT, copyFixture, runCli, tempDir, type CliResult } from '../support/cli.js';
import { pdfText } from '../support/pdf.js';

const PDF = path.join('en', 'hr-review-2022.en.pdf');
const EPOCH = { SOURCE_DATE_EPOCH: '1700000000' };

interface Kept {
  key: string;
  chunks: Array<[string, { texts: string[]; ends: number[][] }]>;
}

describe('settling by chapter', () => {
  const dir = tempDir();
  const content = path.join(dir, 'content');
  const cache = path.join(dir, 'cache');
  const out = path.join(dir, 'out');

  function build(where = out, cacheDir = cache): CliResult {
    // Without the chapters as prepared (prepared-chapters.ts, its own test), which would be put in
    // before any settling: this test is of the settling by chapter under them.
    const names = existsSync(cacheDir) ? readdirSync(cacheDir) : [];
    for (const name of names.filter((n) => n.startsWith('prepared-chapters-'))) rmSync(path.join(cacheDir, name));
    const run = runCli(['build', '--content', content, '--out', where, '--locale', 'en', '--format', 'pdf'], {
      env: { BRIEFING_TRACE: '1', BRIEFING_CACHE_DIR: cacheDir, ...EPOCH },
    });
    expect(run.code, run.stderr).toBe(0);
    return run;
  }
  /** A cache-less build of the content as it is now: the bytes every other build must give. */
  const cold = () => {
    const where = path.join(tempDir(), 'out');
    build(where, 'off');
    return readFileSync(path.join(where, PDF));
  };
  /** [chapters reused, of] from the trace, or undefined when the chapters were not reused. */
  const chapters = (run: CliResult) => {
    const m = /soft hyphens settled \(.*, (\d+) of (\d+) chapters as the last build settled them\)/.exec(run.stderr);
    return m ? [Number(m[1]), Number(m[2])] : undefined;
  };
  const chapter = (prefix: string) =>
    path.join(
      content,
      'en',
      readdirSync(path.join(content, 'en')).find((f) => f.startsWith(prefix))!,
    );
  /** One more sentence at the end of the chapter's first long paragraph. */
  const edit = (prefix: string, sentence: string) => {
    const file = chapter(prefix);
    const text = readFileSync(file, 'utf8');
    const paragraph = text.split('\n\n').find((p) => /^[A-Z]/.test(p) && p.length > 200)!;
    writeFileSync(file, text.replace(paragraph, `${paragraph} ${sentence}`));
  };
  const keptFile = () =>
    path.join(
      cache,
      readdirSync(cache).find((name) => name.startsWith('settled-'))!,
    );

  beforeAll(() => {
    cpSync(path.join(ROOT, 'content'), content, { recursive: true });
    const first = build();
    expect(chapters(first)).toBeUndefined();
    const kept = JSON.parse(readCacheFile(keptFile())!) as Kept;
    // The front matter and the eight chapters of the review.
    expect(kept.chunks).toHaveLength(9);
  }, 300_000);

  it('after a one-paragraph edit, settles only the edited chapter, and gives the bytes of a cold build', () => {
    edit('03-', 'One sentence more, for the test.');
    const run = build();
    expect(chapters(run)).toEqual([8, 9]);
    // Measured afresh: the edited chapter's lines only.
    const lines = [...run.stderr.matchAll(/word spaces evened \(\{"lines":(\d+)/g)].map((m) => Number(m[1]));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBeGreaterThan(0);
    const pdf = readFileSync(path.join(out, PDF));
    expect(pdf.equals(cold())).toBe(true);
    expect(pdfText(path.join(out, PDF)).replace(/\s+/g, ' ')).toContain('One sentence more, for the test.');
    // The same HTML again: the edition as the last build prepared it (prepared-cache.ts).
    expect(build().stderr).toMatch(/loaded as the last build of this HTML prepared it/);
  }, 300_000);

  it('a kept chapter whose kept hyphen no longer ends its line: settled afresh, the same bytes', () => {
    const kept = JSON.parse(readCacheFile(keptFile())!) as Kept;
    // In a chapter that is not edited: a hyphen after a paragraph's third letter (a line start,
    // never a line end), listed as kept.
    const entry = kept.chunks.slice(1).find(([, s]) => s.texts.some((t) => /^[A-Z][a-z]{5}/.test(t)))!;
    const s = entry[1];
    const node = s.texts.findIndex((t) => /^[A-Z][a-z]{5}/.test(t));
    const text = s.texts[node]!;
    s.texts[node] = `${text.slice(0, 3)}-${text.slice(3)}`;
    s.ends[node] = [3, ...s.ends[node]!.map((at) => at + 1)];
    writeCacheFile(keptFile(), JSON.stringify(kept));
    edit('05-', 'And one more, for the check.');
    const run = build();
    expect(run.stderr).toMatch(/the last build's settling of a chapter did not hold, settled afresh/);
    expect(chapters(run)).toBeUndefined();
    expect(readFileSync(path.join(out, PDF)).equals(cold())).toBe(true);
  }, 300_000);
});

describe('settling by chapter, with a table set across the text area', () => {
  it('a kept chapter with a widened table, then the edited one: the bytes of a cold build each time', () => {
    const dir = tempDir();
    const content = copyFixture(path.join(ROOT, 'tests', 'fixtures', 'i18n'));
    const first = path.join(content, 'en', '01-first.md');
    const second = path.join(content, 'en', '02-second.md');
    // Nine columns of long words: wider than the text column at its natural width.
    const row = (cell: string) => `| ${Array.from({ length: 9 }, () => cell).join(' | ')} |`;
    const table = [row('Implementation'), row('---'), row('Internationalisation')].join('\n');
    writeFileSync(first, `${readFileSync(first, 'utf8')}\n\n${table}\n`);
    const cache = path.join(dir, 'cache');
    const build = (out: string, cacheDir: string) => {
      const run = runCli(['build', '--content', content, '--out', out, '--format', 'pdf', '--locale', 'en'], {
        env: { BRIEFING_TRACE: '1', BRIEFING_CACHE_DIR: cacheDir, ...EPOCH },
      });
      expect(run.code, run.stderr).toBe(0);
      return run;
    };
    const file = (out: string) =>
      path.join(
        out,
        'en',
        readdirSync(path.join(out, 'en')).find((name) => name.endsWith('.pdf'))!,
      );
    const same = (run: CliResult, out: string) => {
      const cold = path.join(tempDir(), 'out');
      build(cold, 'off');
      expect(readFileSync(file(out)).equals(readFileSync(file(cold)))).toBe(true);
      return run;
    };
    const out = path.join(dir, 'out');
    expect(build(out, cache).stderr).toMatch(/1 wide table\(s\) set across the text area/);
    // The chapter with the table kept, the other edited.
    writeFileSync(second, `${readFileSync(second, 'utf8')}\nOne more sentence in the second chapter.\n`);
    expect(same(build(out, cache), out).stderr).toMatch(
      /soft hyphens settled \(.*chapters as the last build settled them\)/,
    );
    // The chapter with the table edited.
    writeFileSync(first, `${readFileSync(first, 'utf8')}\nOne more sentence in the first chapter.\n`);
    expect(same(build(out, cache), out).stderr).toMatch(
      /soft hyphens settled \(.*chapters as the last build settled them\)/,
    );
  }, 300_000);
});

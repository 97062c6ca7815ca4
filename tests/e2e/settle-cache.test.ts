// Soft hyphens settled by the last build of the same HTML (src/print/settle-cache.ts): put into the
// page and checked there instead of measured again. A guess that may cost time and must never change
// a page (entries sealed as Briefing seals them, src/cache.ts: the lies below are the build's own): checked on the Russian edition of the i18n fixture (Russian patterns, Cyrillic text) in
// the A5 facing-pages theme (narrow lines: many hyphens), with a cache that lies.
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readCacheFile, writeCacheFile } from '../../src/cache.js';
import { ROOT, copyFixture, runCli, tempDir, type CliResult } from '../support/cli.js';

const PDF = (out: string) => {
  const dir = path.join(out, 'ru');
  return path.join(
    dir,
    readdirSync(dir).find((name) => name.endsWith('.pdf'))!,
  );
};

/** The prepared body of the last build (prepared-cache.ts) would skip the settling these tests are about. */
function forgetPrepared(cacheDir: string): void {
  if (cacheDir === 'off' || !existsSync(cacheDir)) return;
  for (const name of readdirSync(cacheDir, { withFileTypes: true }))
    if (name.name.startsWith('prepared-')) rmSync(path.join(cacheDir, name.name));
}

interface Kept {
  key: string;
  cleanup: { kept: number; settled: { texts: string[]; ends: number[][] } };
  widened: number;
}

describe('soft hyphens settled by the last build of the same HTML (ru, A5 facing pages)', () => {
  let content: string;
  let templates: string;
  let cache: string;
  let out: string;
  let first: CliResult;
  let reference: Buffer;

  function build(where = out, cacheDir = cache): CliResult {
    forgetPrepared(cacheDir);
    const run = runCli(
      ['build', '--content', content, '--templates', templates, '--out', where, '--format', 'pdf', '--locale', 'ru'],
      { env: { BRIEFING_TRACE: '1', BRIEFING_CACHE_DIR: cacheDir } },
    );
    expect(run.code, run.stderr).toBe(0);
    return run;
  }
  const reused = (run: CliResult) => /soft hyphens settled \(.*as the last build of this HTML found\)/.test(run.stderr);
  const keptFile = () =>
    path.join(
      cache,
      readdirSync(cache).find((name) => name.startsWith('settled-'))!,
    );

  beforeAll(() => {
    const dir = tempDir();
    content = copyFixture(path.join(ROOT, 'tests', 'fixtures', 'i18n'));
    // Long words on narrow lines: many line ends fall inside a word.
    const chapter = path.join(content, 'ru', '01-first.md');
    const paragraph =
      'Конституционные гарантии неприкосновенности частной жизни распространяются на информационно-телекоммуникационные сети, ' +
      'а правозащитные организации систематически документируют непропорциональные ограничения свободы объединений. ';
    writeFileSync(chapter, `${readFileSync(chapter, 'utf8')}\n${paragraph.repeat(12)}\n`);
    templates = path.join(dir, 'templates');
    cpSync(path.join(ROOT, 'templates'), templates, { recursive: true });
    cpSync(path.join(ROOT, 'tests', 'fixtures', 'themes', 'a5'), templates, { recursive: true });
    cache = path.join(dir, 'cache');
    out = path.join(dir, 'out');
    first = build();
    const fresh = path.join(tempDir(), 'out');
    build(fresh, 'off');
    reference = readFileSync(PDF(fresh));
  });

  it('a first build measures, keeps what it found, and prints what a build without cache prints', () => {
    expect(reused(first)).toBe(false);
    const kept = JSON.parse(readCacheFile(keptFile())!) as Kept;
    expect(kept.cleanup.kept).toBeGreaterThan(0);
    expect(kept.cleanup.settled.texts.some((text) => /[а-я]-/.test(text))).toBe(true);
    // No table set across the text area: a rebuild puts the settling in with the body.
    expect(kept.widened).toBe(0);
    expect(readFileSync(PDF(out)).equals(reference)).toBe(true);
  });

  it('a rebuild of the same HTML puts the kept settling in, and the PDF is byte for byte the same', () => {
    const run = build();
    expect(reused(run)).toBe(true);
    expect(readFileSync(PDF(out)).equals(reference)).toBe(true);
  });

  it('a kept hyphen that does not end its line: the page is loaded again and settled afresh', () => {
    const kept = JSON.parse(readCacheFile(keptFile())!) as Kept;
    // A hyphen after the third letter of the paragraph's first word (a line start, never a line end),
    // listed as kept: the same letters, but a settling that would print "Кон-" mid-line.
    const node = kept.cleanup.settled.texts.findIndex((text) => text.startsWith('Конституционные'));
    expect(node).toBeGreaterThanOrEqual(0);
    const text = kept.cleanup.settled.texts[node]!;
    kept.cleanup.settled.texts[node] = `${text.slice(0, 3)}-${text.slice(3)}`;
    kept.cleanup.settled.ends[node] = [3, ...kept.cleanup.settled.ends[node]!.map((at) => at + 1)];
    writeCacheFile(keptFile(), JSON.stringify(kept));
    const run = build();
    expect(reused(run)).toBe(false);
    expect(readFileSync(PDF(out)).equals(reference)).toBe(true);
    // And what it found replaced the lie.
    expect(reused(build())).toBe(true);
  });

  it('other letters under the same key, or a broken file: not used', () => {
    const kept = JSON.parse(readCacheFile(keptFile())!) as Kept;
    const node = kept.cleanup.settled.texts.findIndex((text) => /[а-я]{3}/.test(text));
    kept.cleanup.settled.texts[node] = kept.cleanup.settled.texts[node]!.replace(/[а-я]/, 'ж');
    writeCacheFile(keptFile(), JSON.stringify(kept));
    expect(reused(build())).toBe(false);
    expect(readFileSync(PDF(out)).equals(reference)).toBe(true);
    writeFileSync(keptFile(), '{"key": 1');
    expect(reused(build())).toBe(false);
    expect(readFileSync(PDF(out)).equals(reference)).toBe(true);
  });

  it('an edit to the text settles afresh', () => {
    const chapter = path.join(content, 'ru', '01-first.md');
    writeFileSync(chapter, `${readFileSync(chapter, 'utf8')}\nЕщё одно предложение, добавленное переводчиком.\n`);
    expect(reused(build())).toBe(false);
    expect(reused(build())).toBe(true);
  });
});

describe('soft hyphens settled by the last build, with a table set across the text area', () => {
  it('a rebuild puts the settling in after the table is fitted, and prints what a build without cache prints', () => {
    const dir = tempDir();
    const content = copyFixture(path.join(ROOT, 'tests', 'fixtures', 'i18n'));
    const chapter = path.join(content, 'en', '01-first.md');
    // Nine columns of long words: wider than the text column at its natural width.
    const row = (cell: string) => `| ${Array.from({ length: 9 }, () => cell).join(' | ')} |`;
    const table = [row('Implementation'), row('---'), row('Internationalisation')].join('\n');
    writeFileSync(chapter, `${readFileSync(chapter, 'utf8')}\n\n${table}\n`);
    const cache = path.join(dir, 'cache');
    const build = (out: string, cacheDir: string) => {
      forgetPrepared(cacheDir);
      const run = runCli(['build', '--content', content, '--out', out, '--format', 'pdf', '--locale', 'en'], {
        env: { BRIEFING_TRACE: '1', BRIEFING_CACHE_DIR: cacheDir },
      });
      expect(run.code, run.stderr).toBe(0);
      return run;
    };
    const first = build(path.join(dir, 'out'), cache);
    expect(first.stderr).toMatch(/1 wide table\(s\) set across the text area/);
    const kept = JSON.parse(
      readCacheFile(
        path.join(
          cache,
          readdirSync(cache).find((name) => name.startsWith('settled-'))!,
        ),
      )!,
    ) as Kept;
    expect(kept.widened).toBe(1);
    const again = build(path.join(dir, 'out'), cache);
    expect(again.stderr).toMatch(/soft hyphens settled \(.*as the last build of this HTML found\)/);
    build(path.join(dir, 'fresh'), 'off');
    const pdf = (out: string) =>
      readFileSync(
        path.join(
          out,
          'en',
          readdirSync(path.join(out, 'en')).find((n) => n.endsWith('.pdf'))!,
        ),
      );
    expect(pdf(path.join(dir, 'out')).equals(pdf(path.join(dir, 'fresh')))).toBe(true);
  });
});

// A warm rebuild with `notes: foot` prints only the layout markers that decide a finding
// (print/lean-marks.ts), the others placed as the last print of the same body placed them: its
// findings are the findings of the build that printed every marker, line for line, and its PDF is
// the same, byte for byte. The edition has findings of both kinds: boxes printed outside their
// chapter over the next one's title (boxes are printed whole), and a page left 5 % full before a
// figure too tall for it (found from the blocks' markers, most of them left out). When a marker
// printed falls elsewhere than the places kept say, every marker is printed again.
import { describe, it, expect } from 'vitest';
import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, runCli, tempDir } from '../support/cli.js';
import { cacheFileFor, readCacheJson, writeCacheFile } from '../../src/cache.js';
import type { KeptMarks } from '../../src/print/lean-marks.js';

const LEAN = /: (\d+) of (\d+) layout markers left out of the print /;
const FELL_ELSEWHERE = /: a layout marker fell elsewhere than in the last print of this body: every marker printed/;

describe('notes: foot, a warm rebuild of an edition with layout findings', () => {
  it('reports what the build with every marker reported, with most markers left out of its print', () => {
    const dir = tempDir('briefing-lean-marks-');
    const content = path.join(dir, 'content');
    const templates = path.join(dir, 'templates');
    cpSync(path.join(ROOT, 'tests/fixtures/layout'), content, { recursive: true });
    cpSync(path.join(ROOT, 'templates'), templates, { recursive: true });
    const theme = path.join(templates, 'theme.yaml');
    writeFileSync(theme, readFileSync(theme, 'utf8').replace(/^notes: .*$/m, 'notes: foot'));
    // Chapters that do not contain their floats: the boxes of chapter III spill onto chapter IV.
    appendFileSync(path.join(templates, 'print.css'), '\n.chapter { display: block; }\n');
    writeFileSync(
      path.join(content, 'en', 'images', 'tall.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="1000" viewBox="0 0 600 1000"><rect width="600" height="1000" fill="#1c4e80"/></svg>\n',
    );
    writeFileSync(
      path.join(content, 'en', '05-tall.md'),
      [
        '# A tall figure',
        '',
        'One short paragraph before the figure, with a note.[^t]',
        '',
        '![A figure nearly a page tall](images/tall.svg)',
        '',
        'The text after the figure.',
        '',
        '[^t]: The note at the foot of the page.',
      ].join('\n'),
    );
    const cache = tempDir('briefing-lean-marks-cache-');
    const out = path.join(dir, 'out');
    const build = () => {
      const run = runCli(
        ['build', '--content', content, '--templates', templates, '--out', out, '--format', 'pdf', '--locale', 'en'],
        { env: { BRIEFING_CACHE_DIR: cache, BRIEFING_TRACE: '1' } },
      );
      expect(run.code, run.stderr).toBe(0);
      const findings = run.stderr.split('\n').filter((line) => /(layout|print):[a-z-]+$/.test(line));
      return { trace: run.stderr, findings, bytes: readFileSync(path.join(out, 'en', 'layout-2024.en.pdf')) };
    };
    const [cold, ...warm] = [build(), build(), build()];
    expect(cold.trace).not.toMatch(LEAN);
    const rules = cold.findings.map((line) => line.split(' ').at(-1));
    expect(new Set(rules)).toEqual(new Set(['layout:box-outside-chapter', 'layout:overlap', 'layout:underfull-page']));
    expect(cold.findings.find((line) => line.endsWith('layout:underfull-page'))).toMatch(
      /05-tall\.md:1:1 warning page \d+: the page is \d+ % full, and its chapter goes on/,
    );
    for (const rebuild of warm) {
      const [, left, of] = LEAN.exec(rebuild.trace) ?? [];
      expect(Number(left)).toBeGreaterThan(0);
      expect(Number(left)).toBeLessThan(Number(of));
      expect(rebuild.findings).toEqual(cold.findings);
      expect(rebuild.bytes.equals(cold.bytes)).toBe(true);
    }

    // The places kept say the first chapter's title ended 10 units lower than it prints: the lean
    // print finds it elsewhere, so every marker is printed again, and the findings are the same.
    const previous = process.env.BRIEFING_CACHE_DIR;
    process.env.BRIEFING_CACHE_DIR = cache;
    try {
      const file = cacheFileFor('layout-marks', path.join(out, 'en', 'layout-2024.en.pdf'), 'json')!;
      const kept = readCacheJson(file, (data): data is KeptMarks => typeof data === 'object' && data !== null)!;
      const title = kept.placed.find(([id]) => id === 'lc-0-1-end')!;
      title[2] = title[2]! - 10;
      expect(writeCacheFile(file, JSON.stringify(kept))).toBe(true);
    } finally {
      process.env.BRIEFING_CACHE_DIR = previous;
    }
    const moved = build();
    expect(moved.trace).toMatch(LEAN);
    expect(moved.trace).toMatch(FELL_ELSEWHERE);
    expect(moved.findings).toEqual(cold.findings);
    expect(moved.bytes.equals(cold.bytes)).toBe(true);
    // The places found then are kept: the next rebuild is lean again.
    const again = build();
    expect(again.trace).toMatch(LEAN);
    expect(again.trace).not.toMatch(FELL_ELSEWHERE);
    expect(again.findings).toEqual(cold.findings);
  });
});

// End to end: a long single-file report is parsed in two halves at once (the second in the worker
// thread of src/pipeline/parse-split.ts, as the compiled CLI ships it), and builds the same HTML as
// when it is parsed on one thread.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, runCli, tempDir, type CliResult } from '../support/cli.js';

describe('a long report parsed on two threads', () => {
  let dir: string;
  const runs: Record<string, CliResult> = {};
  const html = (threads: string) => readFileSync(path.join(dir, threads, 'en', 'manual-2026.en.html'), 'utf8');

  beforeAll(() => {
    dir = tempDir();
    const source = path.join(dir, 'manual.md');
    // The bench's manual-like document, five chapters (~190 000 characters).
    spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'bench', 'manual-like.js'), source, '5']);
    for (const threads of ['1', '2'])
      runs[threads] = runCli(['build', source, '--out', path.join(dir, threads), '--format', 'html', '-q'], {
        env: { BRIEFING_PARSE_THREADS: threads, BRIEFING_CACHE_DIR: 'off', BRIEFING_TRACE: '1' },
      });
  });

  it('cuts the text at a chapter and parses its second half in the worker', () => {
    expect(runs['2']!.code).toBe(0);
    expect(runs['2']!.stderr).toMatch(/manual\.md: parsed in two halves at once \(cut at line \d+\)/);
    expect(runs['1']!.code).toBe(0);
    expect(runs['1']!.stderr).not.toMatch(/two halves|parsed whole/);
  });

  it('builds the same HTML as one thread does', () => {
    const two = html('2');
    expect(two.length).toBeGreaterThan(100_000);
    expect(two).toBe(html('1'));
  });
});

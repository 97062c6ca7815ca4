// A FIFO where the build keeps its contents page numbers (`.<name>.pages.json`, read before printing):
// read without blocking, so the build does not hang; the write then refuses the FIFO at its path.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { runCli, STARTER, tempDir } from '../support/cli.js';

describe('a FIFO .pages.json in the output folder', () => {
  it('is a positioned error, not a hang; nothing is written', () => {
    const out = tempDir();
    mkdirSync(path.join(out, 'en'));
    const fifo = path.join(out, 'en', '.starter-2022.en.pages.json');
    execFileSync('mkfifo', [fifo]);
    const started = performance.now();
    const run = runCli(['build', '--content', STARTER, '--out', out, '--format', 'pdf']);
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${fifo} error cannot write output: the path is not a file; nothing was written (remove or rename ${fifo}, or pass another --out) output:write`,
    );
    expect(existsSync(path.join(out, 'en', 'starter-2022.en.pdf'))).toBe(false);
  });
});

// A browser that crashes or hangs while printing: one retry with a fresh browser, then a clear error.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { browserProcess, BrowserSession } from '../../src/print/browser.js';
import { printEdition } from '../../src/print/pdf.js';
import { runCli, STARTER, tempDir } from '../support/cli.js';

const META = { title: 'T', author: 'A', keywords: [], language: 'en', date: new Date(Date.UTC(2022, 0, 1)) };
const HTML =
  '<!DOCTYPE html><html lang="en"><head><title>T</title></head><body><nav><a href="#one">One <span data-page-of="one">000</span></a></nav><h1 id="one">One</h1><p>Text.</p></body></html>';

function chromiumsUnder(pid: number): number {
  const out = execFileSync('ps', ['-eo', 'pid,ppid,comm'], { encoding: 'utf8' });
  const rows = out
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/));
  const children = (p: string): string[] => rows.filter((r) => r[1] === p).flatMap((r) => [r[0]!, ...children(r[0]!)]);
  return children(String(pid)).filter((c) => rows.find((r) => r[0] === c)?.[2]?.includes('chrom')).length;
}

describe('printing with a browser that fails', () => {
  it('replaces a browser that crashed and prints again', async () => {
    const session = new BrowserSession();
    try {
      const { browser } = await session.browser();
      // Its whole process group: Debian's /usr/bin/chromium-headless-shell is a shell script that runs
      // the browser as its child, which the script's death leaves printing (the first print then failed
      // only because its profile folder, where page.pdf()'s stream was written, had been removed).
      process.kill(-browserProcess(browser)!.pid!, 'SIGKILL');
      const retries: string[] = [];
      const result = await printEdition(session, HTML, META, [], 'crash.pdf', (reason) => retries.push(reason));
      expect(retries).toHaveLength(1);
      expect(retries[0]).toMatch(/^the browser failed: /);
      expect(result.pages).toBe(1);
      expect(result.pagination.pages.get('one')).toBe(1);
    } finally {
      await session.close();
    }
    expect(chromiumsUnder(process.pid)).toBe(0);
  });

  it('gives up after a second hang with a message that names the file and the fix, writing nothing', () => {
    const out = tempDir();
    const run = runCli(['build', '--content', STARTER, '--out', out], { env: { BRIEFING_PRINT_TIMEOUT: '0.05' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^briefing: en: no answer from the browser within 0\.05 s; restarting the browser and printing again$/m,
    );
    expect(run.stderr).toContain(
      `${path.join(out, 'en', 'starter-2022.en.pdf')} error printing failed twice: no answer from the browser within 0.05 s; then no answer from the browser within 0.05 s (check that Chromium runs`,
    );
    expect(existsSync(path.join(out, 'en'))).toBe(false);
  });
});

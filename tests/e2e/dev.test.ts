// `briefing dev` as a user runs it: a real process on a free port, serving a copy of the starter
// content; edits are served (and pushed to an open page) without a restart, a content error becomes an
// overlay naming file:line while the server keeps running, and Ctrl-C stops it cleanly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { BIN, copyFixture, ROOT, STARTER, tempDir } from '../support/cli.js';
import { launchBrowser } from '../../src/print/browser.js';
import { bundleViewer } from '../../src/dev/viewer-bundle.js';

async function until<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeout = 10_000,
): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await Promise.resolve()
      .then(probe)
      .catch(() => undefined);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('briefing dev', () => {
  let content: string;
  let chapter: string;
  let child: ChildProcess;
  let url: string;
  let stdout = '';
  let stderr = '';
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  let browser: Browser;
  const page = async () => (await fetch(url)).text();

  beforeAll(async () => {
    content = copyFixture(STARTER);
    chapter = path.join(content, 'en', '02-mechanisms.md');
    child = spawn(process.execPath, [BIN, 'dev', '--port', '0', '--content', content], {
      cwd: ROOT,
      env: { ...process.env, CI: 'true' },
    });
    child.stdout!.setEncoding('utf8').on('data', (t: string) => {
      stdout += t;
    });
    child.stderr!.setEncoding('utf8').on('data', (t: string) => {
      stderr += t;
    });
    exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    url = await until(
      () => /Serving the en web edition at (http:\/\/\S+)/.exec(stdout)?.[1],
      `the URL on stdout (stderr: ${stderr})`,
      20_000,
    );
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('prints a localhost URL and serves the web edition with the live-reload client', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toContain('<title>Starter Review of Things That Matter</title>');
    expect(html).toContain('id="briefing-dev-client"');
    expect(html).toContain("connect-src 'self'");
    expect(html).not.toContain('briefing-dev-overlay"');
    expect((await fetch(new URL('/nothing-here', url))).status).toBe(404);
  });

  it("serves the print view's script as compiled: the bundle of its TypeScript source", async () => {
    const response = await fetch(new URL('/print/viewer.js', url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe(await bundleViewer());
  });

  it('rebuilds on a change, well under a second, and the open page reloads itself', async () => {
    const tab = await browser.newPage();
    await tab.goto(url, { waitUntil: 'load' });
    await tab.waitForFunction(() => document.title.startsWith('Starter Review'));
    const before = stderr.length;
    writeFileSync(
      chapter,
      `${readFileSync(chapter, 'utf8')}\nA sentence added while the preview runs: live-edit-one.\n`,
    );
    await tab.waitForFunction(() => document.body.textContent.includes('live-edit-one'), { timeout: 10_000 });
    expect(await page()).toContain('live-edit-one');
    const times = [...stderr.slice(before).matchAll(/rebuilt in (\d+) ms/g)].map((m) => Number(m[1]));
    expect(times.length).toBeGreaterThan(0);
    for (const ms of times) expect(ms).toBeLessThan(1000);
    await tab.close();
  });

  it('picks up a file saved by rename (as editors do atomically)', async () => {
    const temporary = path.join(tempDir(), 'next.md');
    writeFileSync(temporary, readFileSync(chapter, 'utf8').replace('live-edit-one', 'live-edit-two'));
    renameSync(temporary, chapter);
    await until(async () => (await page()).includes('live-edit-two'), 'the renamed file to be served');
  });

  it('shows a content error as an overlay with file:line, keeps serving, and recovers when fixed', async () => {
    const good = readFileSync(chapter, 'utf8');
    const tab = await browser.newPage();
    await tab.goto(url, { waitUntil: 'load' });
    writeFileSync(chapter, '# Mechanisms\n\nSee this.[^nowhere]\n');
    const broken = await until(async () => {
      const html = await page();
      return html.includes('id="briefing-dev-overlay"') && html;
    }, 'the error overlay');
    expect(broken).toMatch(/en\/02-mechanisms\.md:3:10 error note &#34;nowhere&#34; has no definition/);
    // The last good build stays underneath.
    expect(broken).toContain('live-edit-two');
    const overlay = await tab.waitForSelector('#briefing-dev-overlay', { timeout: 10_000 });
    expect(await overlay!.evaluate((el) => el.textContent)).toContain(
      '02-mechanisms.md:3:10 error note "nowhere" has no definition',
    );
    expect(stderr).toMatch(/02-mechanisms\.md:3:10 error note "nowhere"/);
    expect(child.exitCode).toBeNull();

    writeFileSync(chapter, good.replace('live-edit-two', 'live-edit-three'));
    await until(async () => {
      const html = await page();
      return html.includes('live-edit-three') && !html.includes('id="briefing-dev-overlay"');
    }, 'recovery');
    await tab.waitForFunction(
      () => !document.getElementById('briefing-dev-overlay') && document.body.textContent.includes('live-edit-three'),
      { timeout: 10_000 },
    );
    await tab.close();
  });

  it('stops cleanly on Ctrl-C (SIGINT): exit 0, port closed', async () => {
    child.kill('SIGINT');
    const { code } = await exited;
    expect(code).toBe(0);
    expect(stderr).toMatch(/SIGINT: stopped/);
    await expect(fetch(url)).rejects.toThrow();
  });
});

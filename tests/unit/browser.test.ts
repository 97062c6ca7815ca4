import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findBrowser, launchBrowser, printTimeout, SYSTEM_BROWSERS } from '../../src/print/browser.js';
import { puppeteerChrome } from '../../src/print/chromium.js';
import { BriefingError } from '../../src/messages.js';

describe('findBrowser', () => {
  it('prefers the browser named in the environment', () => {
    expect(findBrowser({ BRIEFING_BROWSER: process.execPath }, () => '')).toEqual({
      path: process.execPath,
      source: 'environment',
    });
    expect(findBrowser({ PUPPETEER_EXECUTABLE_PATH: process.execPath }, () => '')).toEqual({
      path: process.execPath,
      source: 'environment',
    });
  });

  it('rejects an environment path that does not exist, naming the variable', () => {
    expect(() => findBrowser({ BRIEFING_BROWSER: '/nope/chrome' }, () => '')).toThrow(/BRIEFING_BROWSER/);
  });

  it("uses puppeteer's downloaded Chrome before a system browser", () => {
    expect(findBrowser({}, () => process.execPath)).toEqual({ path: process.execPath, source: 'puppeteer' });
  });

  it('falls back to the first system browser that exists', () => {
    expect(findBrowser({}, () => '/nope/puppeteer-chrome', ['/nope/chromium', process.execPath])).toEqual({
      path: process.execPath,
      source: 'system',
    });
    expect(SYSTEM_BROWSERS).toContain('/usr/bin/chromium');
  });

  it('says how to install a browser when none is found', () => {
    let error: unknown;
    try {
      findBrowser({}, () => '', ['/nope/chromium']);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BriefingError);
    expect(String((error as Error).message)).toMatch(
      /no Chrome or Chromium found.*apt-get install chromium.*npx puppeteer browsers install chrome/,
    );
  });
});

describe("puppeteer's downloaded browsers, found without loading puppeteer", () => {
  const chromeTail =
    process.platform === 'darwin'
      ? ['chrome-mac-x64', 'Google Chrome for Testing.app', 'Contents', 'MacOS', 'Google Chrome for Testing']
      : process.platform === 'win32'
        ? ['chrome-win64', 'chrome.exe']
        : ['chrome-linux64', 'chrome'];
  const shellTail =
    process.platform === 'darwin'
      ? ['chrome-headless-shell-mac-x64', 'chrome-headless-shell']
      : process.platform === 'win32'
        ? ['chrome-headless-shell-win64', 'chrome-headless-shell.exe']
        : ['chrome-headless-shell-linux64', 'chrome-headless-shell'];
  const touch = (file: string) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '');
  };

  it('finds the newest Chrome for Testing under PUPPETEER_CACHE_DIR (the layout `npx puppeteer browsers install chrome` writes)', () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'briefing-puppeteer-cache-'));
    try {
      expect(puppeteerChrome({ PUPPETEER_CACHE_DIR: cache })).toBe('');
      for (const version of ['linux-131.0.6778.204', 'linux-142.0.7444.59'])
        touch(path.join(cache, 'chrome', version, ...chromeTail));
      expect(puppeteerChrome({ PUPPETEER_CACHE_DIR: cache })).toBe(
        path.join(cache, 'chrome', 'linux-142.0.7444.59', ...chromeTail),
      );
      expect(findBrowser({ PUPPETEER_CACHE_DIR: cache }).source).toBe('puppeteer');
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it("prefers puppeteer's chrome-headless-shell to its Chrome (faster to start and to print)", () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'briefing-puppeteer-cache-'));
    try {
      touch(path.join(cache, 'chrome', 'linux-142.0.7444.59', ...chromeTail));
      touch(path.join(cache, 'chrome-headless-shell', 'linux-131.0.6778.204', ...shellTail));
      touch(path.join(cache, 'chrome-headless-shell', 'linux-142.0.7444.59', ...shellTail));
      expect(puppeteerChrome({ PUPPETEER_CACHE_DIR: cache })).toBe(
        path.join(cache, 'chrome-headless-shell', 'linux-142.0.7444.59', ...shellTail),
      );
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it("lists Debian's headless shell before full Chromium among system browsers", () => {
    const shell = SYSTEM_BROWSERS.indexOf('/usr/bin/chromium-headless-shell');
    expect(shell).toBeGreaterThanOrEqual(0);
    expect(shell).toBeLessThan(SYSTEM_BROWSERS.indexOf('/usr/bin/chromium'));
  });
});

describe('launching', () => {
  it('says which browser did not start and how to check it', async () => {
    // /bin/false runs and exits at once: what a broken Chromium install looks like.
    const error = await launchBrowser({ path: '/bin/false', source: 'environment' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BriefingError);
    expect((error as BriefingError).diagnostics[0]).toMatchObject({
      file: '/bin/false',
      rule: 'print:launch',
    });
    expect(String((error as Error).message)).toMatch(/the browser did not start/);
    expect(String((error as Error).message)).toMatch(/\/bin\/false --headless --version/);
  });

  it('starts a browser that exited by itself before DevTools answered once more (a start-up flake), not twice (tests/e2e/browser-restart.test.ts: then it runs)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'briefing-flaky-browser-'));
    try {
      // Exits at its first start, as Chromium now and then does; the second start counts again and exits too.
      const starts = path.join(dir, 'starts');
      const browser = path.join(dir, 'browser.sh');
      writeFileSync(browser, `#!/bin/sh\necho x >> '${starts}'\necho "write: Broken pipe (32)" >&2\nexit 1\n`, {
        mode: 0o755,
      });
      const error = await launchBrowser({ path: browser, source: 'environment' }).catch((e: unknown) => e);
      expect(String((error as Error).message)).toMatch(/the browser did not start/);
      expect(readFileSync(starts, 'utf8').trim().split('\n')).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the print timeout', () => {
  it('is 120 s, longer for a long edition, and what BRIEFING_PRINT_TIMEOUT says when set', () => {
    expect(printTimeout({}, 300_000)).toBe(120);
    expect(printTimeout({}, 5_200_000)).toBe(120 + 5 * 30);
    expect(printTimeout({ BRIEFING_PRINT_TIMEOUT: '45' }, 5_200_000)).toBe(45);
    expect(printTimeout({ BRIEFING_PRINT_TIMEOUT: 'soon' })).toBe(120);
  });
});

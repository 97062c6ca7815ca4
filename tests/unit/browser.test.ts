import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findBrowser, launchBrowser, SYSTEM_BROWSERS } from '../../src/print/browser.js';
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

describe("puppeteer's downloaded Chrome, found without loading puppeteer", () => {
  it('finds the newest Chrome for Testing under PUPPETEER_CACHE_DIR (the layout `npx puppeteer browsers install chrome` writes)', () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'briefing-puppeteer-cache-'));
    try {
      expect(puppeteerChrome({ PUPPETEER_CACHE_DIR: cache })).toBe('');
      const tail =
        process.platform === 'darwin'
          ? ['chrome-mac-x64', 'Google Chrome for Testing.app', 'Contents', 'MacOS', 'Google Chrome for Testing']
          : process.platform === 'win32'
            ? ['chrome-win64', 'chrome.exe']
            : ['chrome-linux64', 'chrome'];
      for (const version of ['linux-131.0.6778.204', 'linux-142.0.7444.59']) {
        const file = path.join(cache, 'chrome', version, ...tail);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, '');
      }
      expect(puppeteerChrome({ PUPPETEER_CACHE_DIR: cache })).toBe(
        path.join(cache, 'chrome', 'linux-142.0.7444.59', ...tail),
      );
      expect(findBrowser({ PUPPETEER_CACHE_DIR: cache }).source).toBe('puppeteer');
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
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
});

import { describe, expect, it } from 'vitest';
import { findBrowser, SYSTEM_BROWSERS } from '../../src/print/browser.js';
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

// One browser for a describe block's tests: launched before them, closed after them.
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'puppeteer-core';
import { closeBrowser, launchBrowser } from '../../src/print/browser.js';

/** Call inside `describe`; the returned function gives the block's browser once its tests run. */
export function suiteBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await closeBrowser(browser);
  });
  return () => browser!;
}

// The print page's code (src/print/page-script.ts, src/print/page-side/): a step asked of a page that
// never had the script brings it along; a new document in the same page gets it again; a hyphen
// settled in one document is checked in the next, and a line wrap marked.
import { describe, expect, it } from 'vitest';
import { suiteBrowser } from '../support/browser.js';
import { settleSoftHyphens, putSettled, settledHold } from '../../src/print/hyphens.js';
import { HYPHEN_MARKED, markLineWraps } from '../../src/print/line-ends.js';

// A narrow column: "implementation" must break at one of its soft hyphens.
const PAGE = `<html><body style="margin:0;font:16px/20px serif"><p id="p" style="width:120px;margin:0">
  The imple\u00ADmen\u00ADta\u00ADtion of the recom\u00ADmen\u00ADda\u00ADtions continues.</p></body></html>`;

describe('the print page script', () => {
  const browser = suiteBrowser();

  it('runs steps in a page made without it, and again after the page gets a new document', async () => {
    const page = await browser().newPage();
    await page.setContent(PAGE);
    const first = await settleSoftHyphens(page);
    expect(first.kept).toBeGreaterThan(0);
    const text = await page.$eval('#p', (p) => p.textContent ?? '');
    expect(text).not.toContain('\u00AD');
    expect(text).toContain(HYPHEN_MARKED);
    // A navigation: a new window, without the script the first step brought.
    await page.goto('about:blank');
    await page.setContent(PAGE);
    expect(await page.evaluate(() => 'briefingPage' in window)).toBe(false);
    expect(await putSettled(page, first.settled)).toBe(true);
    expect(await settledHold(page, first.settled)).toBe(true);
    const wraps = await markLineWraps(page);
    expect(wraps.length).toBeGreaterThan(0);
    await page.close();
  });
});

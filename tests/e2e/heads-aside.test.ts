// The running heads printed in the print page (src/print/pages.ts startHeads): the edition's nodes
// are moved aside while they print and put back untouched but not displayed, so that no frame lays
// the whole edition out again after the last print; shown again, it prints as before.
import { describe, expect, it } from 'vitest';
import { suiteBrowser } from '../support/browser.js';
import { startHeads } from '../../src/print/pages.js';

const PAGE = `<html><head><style>@page { size: A5; margin: 20mm }</style></head><body>
<section class="chapter"><h2 id="one">One</h2><p>First page.</p></section>
<section class="chapter" style="break-before: page"><h2 id="two">Two</h2><p>Second page.</p></section>
</body></html>`;

const printed = (page: import('puppeteer-core').Page) =>
  page.pdf({ preferCSSPageSize: true, tagged: false, outline: false });

describe('the running heads printed in the print page', () => {
  const browser = suiteBrowser();

  it('put the edition back as it was, not displayed, and it prints as before once shown', async () => {
    const page = await browser().newPage();
    await page.setContent(PAGE);
    const body = await page.evaluate(() => document.body.innerHTML);
    const before = Buffer.from(await printed(page)).toString('latin1');
    const heads = new Map([[2, { left: 'Annual review', right: 'Two', folio: true as const }]]);
    const started = await startHeads(page, heads, 2, printed);
    const { overlay } = await started.printed;
    expect(Buffer.from(overlay!).toString('latin1')).toMatch(/\/Type\s*\/Page\b/);
    expect(await page.evaluate(() => document.body.innerHTML)).toBe(body);
    expect(await page.evaluate(() => document.documentElement.style.display)).toBe('none');
    expect(await page.evaluate(() => document.head.querySelectorAll('style').length)).toBe(1);
    await page.evaluate(() => document.documentElement.style.removeProperty('display'));
    const after = Buffer.from(await printed(page)).toString('latin1');
    // The same pages (Skia stamps the time: compared without its dates).
    const undated = (pdf: string) => pdf.replace(/\/(CreationDate|ModDate) \([^)]*\)/g, '');
    expect(undated(after)).toBe(undated(before));
    await page.close();
  });
});

// The measuring print (src/print/pdf.ts measuringPrinter): for the page numbers alone, the layout
// markers' links are out of the print (Chromium looks every destination up on every page) and
// links to the ids whose pages the edition shows are in; the page is left as it was.
import { describe, expect, it } from 'vitest';
import { suiteBrowser } from '../support/browser.js';
import * as finish from '../../src/print/finish.js';
import { measuringPrinter, type Printer } from '../../src/print/pdf.js';

// A contents entry for #one (linked from the contents), one for #two (linked only by a marker's
// link), and a marker of the kind layout-check.ts makes, in a hidden links box that is not last.
const PAGE = `<html><head><style>@page { size: A5 } .chapter { break-before: page }</style></head><body>
<nav><a href="#one">One <span data-page-of="one">0</span></a> Two <span data-page-of="two">0</span></nav>
<section class="chapter"><h2 id="one">One</h2><p id="lc-0-1">Text<span id="lc-0-1-end"></span></p></section>
<section class="chapter"><h2 id="two">Two</h2></section>
<div hidden data-briefing-markers><a href="#lc-0-1"></a><a href="#lc-0-1-end"></a><a href="#two"></a></div>
<p>After the markers.</p></body></html>`;

const print: (page: import('puppeteer-core').Page) => Printer = (page) => async (tagged) => {
  const pdf = await page.pdf({ preferCSSPageSize: true, tagged, outline: false });
  return { pdf, load: () => finish.loadPdf(pdf), finish, note: '' };
};

describe('the measuring print', () => {
  const browser = suiteBrowser();

  it('prints the pages of the ids the edition shows, without the markers, and puts the markers back', async () => {
    const page = await browser().newPage();
    await page.setContent(PAGE);
    const before = await page.evaluate(() => document.body.innerHTML);
    const measured = await (await measuringPrinter(page, print(page), { markers: false })(false)).load();
    const pages = finish.readDestinations(measured);
    expect([...pages.keys()].sort()).toEqual(['one', 'two']);
    expect(pages.get('one')?.page).toBe(2);
    expect(pages.get('two')?.page).toBe(3);
    expect(await page.evaluate(() => document.body.innerHTML)).toBe(before);
    expect(await page.evaluate(() => document.head.querySelectorAll('style').length)).toBe(1);
    await page.close();
  });

  it('prints the markers too when they are what it measures', async () => {
    const page = await browser().newPage();
    await page.setContent(PAGE);
    const before = await page.evaluate(() => document.body.innerHTML);
    const measured = await (await measuringPrinter(page, print(page), { markers: true })(false)).load();
    expect([...finish.readDestinations(measured).keys()].sort()).toEqual(['lc-0-1', 'lc-0-1-end', 'one', 'two']);
    expect(await page.evaluate(() => document.body.innerHTML)).toBe(before);
    await page.close();
  });
});

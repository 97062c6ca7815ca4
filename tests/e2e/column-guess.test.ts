// A cold build's page numbers guessed from the edition laid out in columns one page tall
// (src/print/column-guess.ts, page-side/column-guess.ts): in the page, the columns are the pages a
// print puts the ids on (forced breaks, named pages, break-after, headings kept with their text) and
// the page is left as it was; a cold build whose guess holds prints once, the bytes of a build that
// measures its pages in a pass of their own; a wrong guess is printed again, with the right numbers.
import { describe, expect, it } from 'vitest';
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { suiteBrowser } from '../support/browser.js';
import { runCli, STARTER, tempDir, templatesWith } from '../support/cli.js';
import { pagesText, printedContents, squash } from '../support/pdf.js';
import * as finish from '../../src/print/finish.js';
import { guessFromColumns } from '../../src/print/column-guess.js';
import { VIEWPORT } from '../../src/print/browser.js';
import { SCREEN_HIDDEN, type PrintPage } from '../../src/print/page.js';
import { wholePrinter } from '../../src/print/pdf.js';
import { hideFromScreen } from '../../src/print/page-side/screen-hidden.js';

const words = (n: number, seed: number) =>
  Array.from({ length: n }, (_, i) => ['lorem', 'ipsum', 'dolor', 'amet', 'consectetur'][(i * 7 + seed) % 5]).join(' ');
const paragraphs = (n: number, seed: number) =>
  Array.from({ length: n }, (_, i) => `<p>${words(40 + ((i + seed) % 5) * 17, i + seed)}</p>`).join('\n');

// A5 with a page area of 180 mm (not a whole number of px: the print rounds it up). A cover and a
// preface on named pages, contents on a named page inside a wrapper, chapters that break before
// them, a block that breaks after it, a named page in a chapter without a break of its own, a
// heading kept with its text, and long chapters.
const IDS = ['one', 'one-b', 'two', 'two-b', 'two-c', 'three', 'end'];
const PAGE = `<html><head><style>
@page { size: A5; margin: 15mm 14mm } @page wide { size: A5; margin: 15mm 14mm }
:root { --content-height: 180mm } body { margin: 0; width: 120mm; font: 11pt/1.45 serif }
p { margin: 0 0 0.6em; text-align: justify; orphans: 2; widows: 2 }
h1, h2 { break-after: avoid; break-inside: avoid; margin: 1.2em 0 0.6em } h1 { font-size: 18pt; margin-top: 0 }
.cover { page: cover; height: 180mm } .preface { page: front; break-before: page; padding-top: 30mm }
.contents { page: front; break-before: page } .chapter { break-before: page; display: flow-root }
.ends-page { break-after: page } .wide { page: wide }
</style></head><body>
<header class="cover"><h1>Title</h1></header>
<section class="preface">${paragraphs(2, 1)}</section>
<div class="frame"><nav class="contents">${IDS.map((id) => `<a href="#${id}">${id}</a>`).join(' ')}</nav>
<main>
<article class="chapter"><h1 id="one">One</h1>${paragraphs(9, 2)}<div class="ends-page">${paragraphs(1, 3)}</div>
<h2 id="one-b">One B</h2>${paragraphs(7, 4)}</article>
<article class="chapter"><h1 id="two">Two</h1>${paragraphs(5, 5)}<h2 id="two-b">Two B</h2>${paragraphs(4, 6)}
<div class="wide">${paragraphs(2, 7)}</div><h2 id="two-c">Two C</h2>${paragraphs(13, 8)}</article>
<article class="chapter"><h1 id="three">Three</h1>${paragraphs(6, 9)}<p id="end">The end.</p></article>
</main></div></body></html>`;

describe('the page-number guess from columns, in the page', () => {
  const browser = suiteBrowser();

  it('puts each id on the page a print puts it on, and leaves the page as it was', async () => {
    const page = await browser().newPage();
    await page.setContent(PAGE);
    const before = await page.evaluate(() => document.documentElement.outerHTML);
    const guess = await guessFromColumns(page, IDS, undefined);
    expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(before);
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const doc = await finish.loadPdf(pdf);
    const printed = finish.readDestinations(doc);
    expect(guess).toBeDefined();
    expect(Object.fromEntries(guess!.pages)).toEqual(Object.fromEntries(IDS.map((id) => [id, printed.get(id)?.page])));
    expect(guess!.pageCount).toBe(doc.getPageCount());
    // The ids fell far apart: the forced breaks and named pages were column breaks.
    expect(doc.getPageCount()).toBeGreaterThan(10);
    await page.close();
  });

  it('guesses the same in a page hidden from the screen (screenHidden), and leaves it so', async () => {
    const page = await browser().newPage();
    await page.setContent(PAGE);
    const shown = await guessFromColumns(page, IDS, undefined);
    await page.evaluate(hideFromScreen, SCREEN_HIDDEN);
    const before = await page.evaluate(() => document.documentElement.outerHTML);
    const hidden = await guessFromColumns(page, IDS, undefined, SCREEN_HIDDEN);
    expect(hidden).toBeDefined();
    expect(hidden).toEqual(shown);
    expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(before);
    expect(await page.evaluate(() => getComputedStyle(document.body).contentVisibility)).toBe('hidden');
    await page.close();
  });

  it('prints a page hidden from the screen as it prints displayed, and leaves it not displayed', async () => {
    const page = await browser().newPage();
    await page.setViewport(VIEWPORT);
    await page.setContent(PAGE);
    const displayed = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: false, outline: false });
    await page.evaluate(hideFromScreen, SCREEN_HIDDEN);
    const print: PrintPage = { page, head: '', diagnostics: [], headDiagnostics: [], screenHidden: true };
    const printed = await wholePrinter(print, import('../../src/print/finish.js'), false, undefined)(false);
    // Two prints of the same page differ in their dates alone.
    const undated = (pdf: Uint8Array) =>
      Buffer.from(pdf)
        .toString('latin1')
        .replace(/\/(CreationDate|ModDate) \(D:[^)]*\)/g, '');
    expect(undated(printed.pdf!)).toBe(undated(displayed));
    expect((await finish.loadPdf(printed.pdf!)).getPageCount()).toBeGreaterThan(10);
    expect(print).toMatchObject({ unlaid: true, screenHidden: false });
    expect(
      await page.evaluate(
        (id) => [document.documentElement.style.display, !document.getElementById(id), innerWidth],
        SCREEN_HIDDEN,
      ),
    ).toEqual(['none', true, VIEWPORT.width]);
    await page.close();
  });

  it('makes no guess in a page without a page height to lay out in', async () => {
    const page = await browser().newPage();
    await page.setContent(PAGE.replace(':root { --content-height: 180mm }', ''));
    expect(await guessFromColumns(page, IDS, undefined)).toBeUndefined();
    await page.close();
  });
});

/** A cold build of the starter fixture (empty cache folder, fresh output), traced, a fixed date. */
function cold(env: NodeJS.ProcessEnv, templates?: string): { pdf: Buffer; stderr: string; out: string } {
  const dir = tempDir('briefing-column-guess-');
  const out = path.join(dir, 'out');
  const run = runCli(
    ['build', '--content', STARTER, '--out', out, '--format', 'pdf', ...(templates ? ['--templates', templates] : [])],
    {
      env: {
        BRIEFING_TRACE: '1',
        BRIEFING_CACHE_DIR: path.join(dir, 'cache'),
        SOURCE_DATE_EPOCH: '1700000000',
        ...env,
      },
    },
  );
  if (run.code !== 0) throw new Error(`the build failed (${run.code}): ${run.stderr}`);
  return { pdf: readFileSync(path.join(out, 'en', 'starter-2022.en.pdf')), stderr: run.stderr, out };
}

const PRINTED = /^briefing: en: printed \d+ pages in (\d) pass/m;

describe('a cold build with the guess from columns', () => {
  it('prints once when the guess holds: the bytes of a build that measures its pages, and of a build without cache', () => {
    const guessed = cold({});
    expect(guessed.stderr).toMatch(/page numbers guessed from a layout in columns/);
    expect(guessed.stderr).not.toMatch(/measuring pass printed/);
    expect(PRINTED.exec(guessed.stderr)?.[1]).toBe('1');
    const measured = cold({ BRIEFING_COLUMN_GUESS: '0' });
    expect(measured.stderr).toMatch(/measuring pass printed/);
    expect(PRINTED.exec(measured.stderr)?.[1]).toBe('2');
    expect(guessed.pdf.equals(measured.pdf)).toBe(true);
    expect(cold({ BRIEFING_CACHE_DIR: 'off' }).pdf.equals(guessed.pdf)).toBe(true);
  });

  it('a wrong guess (a column break a print does not make) costs a pass, never a wrong number', () => {
    // `break-before: column` breaks only between columns: every section starts a column in the
    // guess, not a page in print.
    const templates = templatesWith();
    appendFileSync(path.join(templates, 'print.css'), '\n.chapter h2 { break-before: column; }\n');
    const wrong = cold({}, templates);
    expect(wrong.stderr).toMatch(/page numbers guessed from a layout in columns/);
    expect(PRINTED.exec(wrong.stderr)?.[1]).toBe('2');
    const measured = cold({ BRIEFING_COLUMN_GUESS: '0' }, templates);
    expect(wrong.pdf.equals(measured.pdf)).toBe(true);
    // Every heading on the page its contents entry names (the sections moved by the guess too).
    const file = path.join(wrong.out, 'en', 'starter-2022.en.pdf');
    const pages = pagesText(file);
    const entries = printedContents(file, pages.findIndex((p) => p.startsWith('Contents')) + 1);
    expect(entries.map((e) => e.number)).toEqual(['I', 'II', 'III', 'A', 'B', 'IV']);
    for (const entry of entries) expect(squash(pages[entry.page - 1]!)).toContain(`${entry.number}. ${entry.title}`);
    // The check mode says the guess missed, and by how much.
    expect(cold({ BRIEFING_COLUMN_GUESS: 'check' }, templates).stderr).toMatch(/the guess from columns missed/);
  });
});

// The contents' page numbers guessed from the layout before a first build's first print
// (src/print/page-estimate.ts): the printed pages of a page with forced breaks, paragraphs split
// between lines, headings kept with what follows and an inline note; and a first build
// whose guess is wrong (BRIEFING_PAGE_ESTIMATE=late) or not made (=0) prints the same bytes as one
// whose guess is right, in more passes.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { suiteBrowser } from '../support/browser.js';
import { runCli, STARTER, tempDir } from '../support/cli.js';
import * as finish from '../../src/print/finish.js';
import { estimatePages } from '../../src/print/page-estimate.js';

/** A paragraph of `words` words, each sentence different. */
const paragraph = (n: number, words: number) =>
  `<p>${Array.from({ length: words }, (_, i) => `word${(i * 7 + n) % 13}${i % 5 === 0 ? '.' : ''}`).join(' ')}</p>`;

// Everything on a grid of 20 px lines and a page of 30 lines and 10 px: no page end falls within a
// pixel of a line (where whether a line fits is Chromium's rounding, not the page's layout).
const STYLE = `@page { size: 500px 700px; margin: 40px 50px 50px; }
  body { margin: 0; width: 400px; font: 10px/20px serif; orphans: 2; widows: 2; }
  .chapter { break-before: page; }
  h1, h2 { font-size: 14px; line-height: 20px; break-after: avoid; break-inside: avoid; margin: 20px 0 0; }
  p { margin: 0 0 20px; text-align: justify; }
  .note { display: inline-block; font-size: 8px; }`;

/** Chapters of sections whose headings fall anywhere on a page (long paragraphs between), one with a note. */
function edition(): { html: string; ids: string[] } {
  const ids: string[] = [];
  let body = '';
  for (let c = 1; c <= 3; c += 1) {
    ids.push(`c${c}`);
    body += `<section class="chapter"><h1 id="c${c}">Chapter ${c}</h1>`;
    for (let s = 1; s <= 4; s += 1) {
      ids.push(`c${c}s${s}`);
      body += `<section><h2 id="c${c}s${s}">Section ${c}.${s}</h2>`;
      for (let p = 0; p < 1 + ((c * s) % 3); p += 1)
        body += paragraph(c * 31 + s * 7 + p, 200 + (((c + s + p) * 37) % 250));
      body += '</section>';
    }
    body += '</section>';
  }
  return { html: page(body, ids), ids };
}

/** The print page: the body after links to every id (a destination is written only for an id linked to). */
const page = (body: string, ids: string[], style = STYLE) =>
  `<html><head><style>${style}</style></head><body><nav>${ids.map((id) => `<a href="#${id}">${id}</a>`).join(' ')}</nav>${body}</body></html>`;

describe('the page numbers guessed from the layout', () => {
  const browser = suiteBrowser();

  it('are the pages the print puts each id on', async () => {
    const tab = await browser().newPage();
    await tab.emulateMediaType('print');
    const { html, ids } = edition();
    await tab.setContent(html);
    const guess = await estimatePages(tab, ids, {});
    const printed = finish.readDestinations(
      await finish.loadPdf(await tab.pdf({ preferCSSPageSize: true, tagged: false, outline: false })),
    );
    expect(guess?.pages).toEqual(new Map(ids.map((id) => [id, printed.get(id)?.page])));
    expect(guess?.pageCount).toBe(Math.max(...[...printed.values()].map((d) => d.page)));
    expect(guess!.pageCount).toBeGreaterThan(8);
    // Made one page late (for the tests), every number is wrong; turned off, none is made.
    expect([...(await estimatePages(tab, ids, { BRIEFING_PAGE_ESTIMATE: 'late' }))!.pages.values()]).toEqual(
      [...guess!.pages.values()].map((n) => n + 1),
    );
    expect(await estimatePages(tab, ids, { BRIEFING_PAGE_ESTIMATE: '0' })).toBeUndefined();
    await tab.close();
  });

  it('are not made when the body is not as wide as the page text (its lines are not the printed ones)', async () => {
    const tab = await browser().newPage();
    await tab.emulateMediaType('print');
    await tab.setContent(
      page('<h1 id="a">A</h1>' + paragraph(1, 300), ['a'], STYLE.replace('width: 400px', 'width: 300px')),
    );
    expect(await estimatePages(tab, ['a'], {})).toBeUndefined();
    await tab.setContent(page('<h1 id="a">A</h1>' + paragraph(1, 300), ['a']));
    expect((await estimatePages(tab, ['a'], {}))?.pages).toEqual(new Map([['a', 1]]));
    await tab.close();
  });

  it('print a first build in one pass when right, and the same bytes when wrong or not made', () => {
    const build = (estimate: string | undefined) => {
      const out = tempDir();
      const env = {
        BRIEFING_CACHE_DIR: 'off',
        ...(estimate === undefined ? {} : { BRIEFING_PAGE_ESTIMATE: estimate }),
      };
      const run = runCli(['build', '--content', STARTER, '--out', out, '--format', 'pdf'], { env });
      expect(run.code, run.stderr).toBe(0);
      const passes = /^briefing: en: printed \d+ pages in (\d) pass/m.exec(run.stderr)?.[1];
      return { passes: Number(passes), pdf: readFileSync(path.join(out, 'en', 'starter-2022.en.pdf')) };
    };
    const right = build(undefined);
    const wrong = build('late');
    const measured = build('0');
    expect([right.passes, wrong.passes, measured.passes]).toEqual([1, 2, 2]);
    expect(wrong.pdf).toEqual(right.pdf);
    expect(measured.pdf).toEqual(right.pdf);
  });
});

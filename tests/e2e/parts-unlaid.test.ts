// Printed in parts, a long edition is shown to Chromium one part at a time (parts.ts): once it is
// marked, and after the parts, the whole edition stays in the page without being laid out (at 20 ×
// the review a whole layout is about a second of Chromium's time, for nothing). The page kept for
// the next print (the dev print view's way) holds the edition unlaid, and prints the next body the
// same as a fresh page does.
import { describe, expect, it } from 'vitest';
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderEditionHtml } from '../../src/api.js';
import { BrowserSession } from '../../src/print/browser.js';
import { headOf, printAgain, type PrintPage } from '../../src/print/page.js';
import { printEdition } from '../../src/print/pdf.js';
import { STARTER, tempDir } from '../support/cli.js';
import { WIDE_TABLE_CHAPTER } from '../support/content.js';

const META = { title: 'T', author: 'A', keywords: [], language: 'en', date: new Date(Date.UTC(2022, 0, 1)) };

/** Whether the page's document is displayed (laid out when anything asks where something is). */
function displayed(print: PrintPage): Promise<boolean> {
  return print.page.evaluate(
    () => getComputedStyle(document.documentElement).display !== 'none' && document.body.getClientRects().length > 0,
  );
}

describe('printing in parts: the whole edition is not laid out after it is marked', () => {
  it('leaves the edition unlaid in the page after the parts, and a page printed again prints what a fresh one does', async () => {
    // With a table too wide for the text column: fitting it needs the edition laid out.
    const content = path.join(tempDir(), 'content');
    cpSync(STARTER, content, { recursive: true });
    writeFileSync(path.join(content, 'en', '04-wide.md'), WIDE_TABLE_CHAPTER);
    const html = await renderEditionHtml({ content, locale: 'en' }, 'print');
    // A cache folder of its own: what the prints below keep for 'unlaid.pdf' decides their paths (with
    // another run's prepared body and settling kept, a draft in a fresh page once lost its too-wide
    // table: the edition was hidden before the measuring, when the page script came first).
    const cacheBefore = process.env.BRIEFING_CACHE_DIR;
    process.env.BRIEFING_CACHE_DIR = path.join(tempDir(), 'cache');
    const session = new BrowserSession();
    try {
      const print = async (page: Promise<PrintPage | undefined>, draft = false) => {
        let kept: PrintPage | undefined;
        const result = await printEdition(session, html, META, [], 'unlaid.pdf', undefined, undefined, {
          page,
          draft,
          keep: (done) => (kept = done),
          parts: {},
        });
        return { result, kept: kept! };
      };
      const first = await print(session.preparePage('unlaid.pdf', headOf(html)).page);
      expect(first.kept.page.isClosed()).toBe(false);
      const edition = await first.kept.page.evaluate(() => document.querySelectorAll('main *').length);
      expect(edition).toBeGreaterThan(100);
      // The edition is in the page, not displayed: asking for a layout lays none of it out.
      expect(await displayed(first.kept)).toBe(false);

      const again = await print(Promise.resolve(printAgain(first.kept)));
      expect(Buffer.from(again.result.pdf).equals(Buffer.from(first.result.pdf))).toBe(true);
      // A draft (the print view's) in the same page: the edition laid out again as a fresh page lays it out.
      const fresh = await print(session.preparePage('unlaid.pdf', headOf(html)).page, true);
      const draft = await print(Promise.resolve(printAgain(again.kept)), true);
      expect(draft.result.pagination).toEqual(fresh.result.pagination);
      // (The wide table named by the layout check.)
      expect(fresh.result.diagnostics.some((d) => d.message.includes('wider than'))).toBe(true);
      expect(draft.result.diagnostics).toEqual(fresh.result.diagnostics);
      expect(draft.result.pages).toBe(first.result.pages);
      await Promise.all([draft.kept.page.close(), fresh.kept.page.close()]);
    } finally {
      await session.close();
      if (cacheBefore === undefined) delete process.env.BRIEFING_CACHE_DIR;
      else process.env.BRIEFING_CACHE_DIR = cacheBefore;
    }
  });
});

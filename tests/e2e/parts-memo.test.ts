// The page's memo of parts' HTML (parts.ts inPage): a part whose nodes did not change since the
// last print is not serialized again, and its key is the one a fresh page (no memo) gives; a part
// changed anywhere under its nodes, or whose ids' link targets changed, is built again.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { renderEditionHtml } from '../../src/api.js';
import { BrowserSession } from '../../src/print/browser.js';
import { pageCount, printParts, type PartCache, type PartChapter, type PrintedPart } from '../../src/print/parts.js';
import { ROOT } from '../support/cli.js';

const OPTIONS = { preferCSSPageSize: true, printBackground: true, tagged: true, outline: true } as const;

async function print(page: Page, chapters: PartChapter[], cache: PartCache): Promise<PrintedPart[]> {
  return printParts(page, chapters, OPTIONS, 'memo-test', (pdf) => Promise.resolve(pageCount(pdf)), cache);
}

function mapCache(): PartCache & { keys: Set<string> } {
  const map = new Map<string, Uint8Array>();
  return { keys: new Set(), get: (key) => map.get(key), set: (key, pdf) => void map.set(key, pdf) };
}

describe('the memo of parts’ HTML in the print page', () => {
  it('keeps unchanged parts, builds changed ones again, and gives the keys of a fresh page', async () => {
    const html = await renderEditionHtml({ content: path.join(ROOT, 'content'), locale: 'en' }, 'print');
    const session = new BrowserSession();
    try {
      const { browser } = await session.browser();
      const page = await browser.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      const ids = await page.evaluate(() =>
        Array.from(document.querySelectorAll('main > *'), (el) => el.querySelector('[id]')!.id),
      );
      expect(ids.length).toBe(8);
      const chapters = ids.map((id) => ({ id, opens: true }));
      const cache = mapCache();
      const first = await print(page, chapters, cache);
      expect(first).toHaveLength(9);
      expect(first.every((p) => !p.reused)).toBe(true);

      // Unchanged: every part's key found again.
      const again = await print(page, chapters, cache);
      expect(again.map((p) => p.key)).toEqual(first.map((p) => p.key));
      expect(again.every((p) => p.reused)).toBe(true);
      // Every chapter part's HTML kept (part 0, the front matter with the contents, is always built).
      expect(again.map((p) => p.kept)).toEqual([false, ...ids.map(() => true)]);

      // A text deep in chapter III, an attribute in chapter V, chapter VI's own element, and the
      // first link to chapter VII written otherwise (the same id: its part's hidden link changes).
      await page.evaluate((ids: string[]) => {
        const chapter = (i: number) => document.getElementById(ids[i]!)!.closest('main > *')!;
        const walker = document.createTreeWalker(chapter(2), NodeFilter.SHOW_TEXT);
        while (walker.nextNode() && !walker.currentNode.textContent?.trim());
        walker.currentNode.textContent += ' more';
        chapter(4).querySelector('p')!.setAttribute('data-x', '1');
        chapter(5).setAttribute('data-y', '1');
        const link = document.querySelector(`a[href="#${ids[6]}"]`)!;
        link.setAttribute('href', `#${ids[6]!.replace(/-/g, '%2D')}`);
      }, ids);
      const changed = await print(page, chapters, cache);
      const fresh = changed.flatMap((p, i) => (p.reused ? [] : [i]));
      expect(fresh).toEqual([0, 3, 5, 6, 7]);
      expect(changed.flatMap((p, i) => (p.kept ? [] : [i]))).toEqual(fresh);

      // The same document in a fresh page (no memo): the same keys.
      const other = await browser.newPage();
      await other.setContent(await page.content(), { waitUntil: 'load' });
      const anew = await print(other, chapters, mapCache());
      expect(anew.map((p) => p.key)).toEqual(changed.map((p) => p.key));
      expect(anew.some((p) => p.kept)).toBe(false);
      await Promise.all([page.close(), other.close()]);
    } finally {
      await session.close();
    }
  }, 120_000);
});

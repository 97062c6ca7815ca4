// The web edition against WCAG 2.2 AA in a real Chromium: axe-core with every wcag2a/2aa/21a/21aa/22aa
// and best-practice rule (and label-content-name-mismatch, WCAG 2.5.3, which axe ships as
// experimental) at 320, 375 and 1280 px, on the review (en, and ru: a fallback edition with English
// chapters), the layout fixture (wide tables, code, figures, boxes) and the standards fixture (math,
// grid tables, lists, notes); then the contents, the notes and their back-links used from the keyboard
// alone, and the contents' heading as assistive technology sees it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { runCli, ROOT, tempDir } from '../support/cli.js';
import { launchBrowser } from '../../src/print/browser.js';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const WIDTHS = [320, 375, 1280];

/** The HTML edition of `content` in `locale`, built by the CLI. */
function buildHtml(content: string, locale: string): string {
  const out = tempDir('briefing-a11y-');
  const run = runCli(['build', '--content', content, '--out', out, '--format', 'html', '--locale', locale]);
  expect(run.code, run.stderr).toBe(0);
  const file = run.stdout
    .split('\n')
    .map((l) => l.split(/\s+/)[0]!)
    .find((f) => f.endsWith('.html'))!;
  return path.resolve(ROOT, file);
}

async function open(browser: Browser, file: string, width: number): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width, height: 800 });
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  return page;
}

/** axe's violations as lines `rule (impact): targets`; '' when there are none. */
async function violations(page: Page): Promise<string> {
  // Evaluated over DevTools, which the page's CSP does not govern.
  await page.evaluate(AXE);
  const found = await page.evaluate(async (tags) => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            options: unknown,
          ) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      rules: { 'label-content-name-mismatch': { enabled: true } },
    });
    return result.violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .slice(0, 5)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
  }, TAGS);
  return found.join('\n');
}

describe('the web edition meets WCAG 2.2 AA (axe-core, every rule of its tags) at 320, 375 and 1280 px', () => {
  let browser: Browser;
  const editions: Array<[string, string]> = [];

  beforeAll(async () => {
    editions.push(
      ['review en', buildHtml(path.join(ROOT, 'content'), 'en')],
      ['review ru (fallback chapters)', buildHtml(path.join(ROOT, 'content'), 'ru')],
      ['layout fixture', buildHtml(path.join(ROOT, 'tests', 'fixtures', 'layout'), 'en')],
      ['standards fixture', buildHtml(path.join(ROOT, 'tests', 'fixtures', 'standards'), 'en')],
    );
    browser = await launchBrowser();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('no violations in any of them at any width', async () => {
    const found: string[] = [];
    for (const [name, file] of editions) {
      for (const width of WIDTHS) {
        const page = await open(browser, file, width);
        const report = await violations(page);
        if (report) found.push(`${name} at ${width} px:\n${report}`);
        await page.close();
      }
    }
    expect(found.join('\n\n')).toBe('');
  }, 600_000);

  it('every table and code block, which may scroll sideways, takes keyboard focus', async () => {
    const page = await open(browser, editions[2]![1], 320);
    const regions = await page.evaluate(() =>
      [...document.querySelectorAll('main table, main pre')].map((e) => ({
        tag: e.tagName,
        scrolls: e.scrollWidth > e.clientWidth,
        tabIndex: (e as HTMLElement).tabIndex,
      })),
    );
    expect(regions.some((r) => r.tag === 'TABLE' && r.scrolls)).toBe(true);
    expect(regions.some((r) => r.tag === 'PRE')).toBe(true);
    for (const region of regions) expect(region.tabIndex).toBe(0);
    await page.close();
  });

  it('exposes "Contents" as a heading (not inside the summary, whose content is a button label)', async () => {
    const page = await open(browser, editions[0]![1], 375);
    const snapshot = await page.accessibility.snapshot({ interestingOnly: true });
    const headings: string[] = [];
    const walk = (node: { role?: string; name?: string; children?: unknown[] } | null) => {
      if (!node) return;
      if (node.role === 'heading' && node.name) headings.push(node.name);
      for (const child of node.children ?? []) walk(child as typeof node);
    };
    walk(snapshot);
    expect(headings).toContain('Contents');
    expect(await page.evaluate(() => document.querySelector('summary h2, summary [role=heading]'))).toBeNull();
    await page.close();
  });

  describe('keyboard only (Tab, Enter) in Chromium', () => {
    /** Tab until `predicate` holds for the focused element (at most `limit` presses). */
    async function tabTo(page: Page, selector: string, limit = 400): Promise<string> {
      for (let i = 0; i < limit; i += 1) {
        await page.keyboard.press('Tab');
        const matched = await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
        if (matched)
          return page.evaluate(() => (document.activeElement as HTMLAnchorElement).getAttribute('href') ?? '');
      }
      throw new Error(`no ${selector} within ${limit} Tab presses`);
    }

    it('contents: Tab reaches a chapter link, Enter goes there and the next Tab continues from the chapter', async () => {
      const page = await open(browser, editions[0]![1], 1280);
      const href = await tabTo(page, '.toc-chapter > a');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => location.hash)).toBe(href);
      const target = href.slice(1);
      // Sequential navigation starts again at the target: the next focus is after the heading.
      await page.keyboard.press('Tab');
      const after = await page.evaluate((id) => {
        const heading = document.getElementById(id)!;
        const focused = document.activeElement!;
        return Boolean(heading.compareDocumentPosition(focused) & Node.DOCUMENT_POSITION_FOLLOWING);
      }, target);
      expect(after).toBe(true);
      await page.close();
    });

    it('notes: Tab to a note reference, Enter opens the note; Tab to its back-link, Enter returns to the reference', async () => {
      const page = await open(browser, editions[0]![1], 375);
      const href = await tabTo(page, 'main a[role="doc-noteref"]');
      const refId = await page.evaluate(() => document.activeElement!.id);
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => location.hash)).toBe(href);
      // The note's first focusable element is its label, a back-link to the reference.
      const back = await tabTo(page, 'a[role="doc-backlink"]', 5);
      expect(decodeURIComponent(back.slice(1))).toBe(refId);
      const inNote = await page.evaluate(
        (id) => document.getElementById(id)!.contains(document.activeElement),
        decodeURIComponent(href.slice(1)),
      );
      expect(inNote).toBe(true);
      await page.keyboard.press('Enter');
      expect(decodeURIComponent(await page.evaluate(() => location.hash.slice(1)))).toBe(refId);
      await page.close();
    });
  });
});

// The web edition in a real Chromium: axe-core finds no accessibility violations, the page works from
// 360 px phones to wide screens with and without JavaScript, and makes no request of its own.
// Screenshots are written to the test's temp folder (path in the output) for a human to look at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { runCli, ROOT, tempDir } from '../support/cli.js';
import { launchBrowser } from '../../src/print/browser.js';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PHONE = { width: 360, height: 780 };
const WIDE = { width: 1280, height: 900 };

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: Array<{ target: string[]; failureSummary: string }>;
}

/** Build one locale's HTML edition of the real review; undefined (with the reason) when it does not build. */
function buildHtml(locale: string): { file?: string; reason?: string } {
  const out = tempDir('briefing-web-');
  const run = runCli([
    'build',
    '--content',
    path.join(ROOT, 'content'),
    '--out',
    out,
    '--format',
    'html',
    '--locale',
    locale,
  ]);
  if (run.code !== 0)
    return {
      reason: `briefing build --locale ${locale} failed (exit ${run.code}): ${run.stderr.trim().split('\n')[0]}`,
    };
  const file = run.stdout
    .split('\n')
    .map((l) => l.split(/\s+/)[0]!)
    .find((f) => f.endsWith('.html'));
  return { file: file && path.resolve(ROOT, file) };
}

async function open(
  browser: Browser,
  file: string,
  viewport: { width: number; height: number },
  javaScript = true,
): Promise<{ page: Page; requests: string[]; problems: string[] }> {
  const page = await browser.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') problems.push(m.text());
  });
  await page.setJavaScriptEnabled(javaScript);
  await page.setViewport(viewport);
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  return { page, requests, problems };
}

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated over DevTools, which the page's CSP does not govern (it allows only the page's own script, by hash).
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document)).violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

const report = (violations: AxeViolation[]) =>
  violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes
          .slice(0, 5)
          .map((n) => n.target.join(' '))
          .join('\n  ')}`,
    )
    .join('\n');

describe('the web edition (content/en) in Chromium', () => {
  let browser: Browser;
  let file: string;
  const shots = tempDir('briefing-shots-');

  beforeAll(async () => {
    const built = buildHtml('en');
    expect(built.reason).toBeUndefined();
    file = built.file!;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    ['phone', PHONE],
    ['wide', WIDE],
  ] as const)('has no axe-core violations (%s)', async (_name, viewport) => {
    const { page } = await open(browser, file, viewport);
    expect(report(await axeViolations(page))).toBe('');
    await page.close();
  });

  it('makes no request beyond its own file and logs no error', async () => {
    const { page, requests, problems } = await open(browser, file, WIDE);
    await page.evaluate(() => document.getElementById('sources')!.scrollIntoView());
    await new Promise((r) => setTimeout(r, 200));
    expect(requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:'))).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('has landmarks, one h1 and headings in order', async () => {
    const { page } = await open(browser, file, WIDE);
    const outline = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      banner: document.querySelectorAll('body > header').length,
      nav: document.querySelectorAll('nav').length,
      main: document.querySelectorAll('main').length,
      levels: Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6')).map((h) => Number(h.tagName[1])),
    }));
    expect(outline).toMatchObject({ lang: 'en', banner: 1, nav: 1, main: 1 });
    expect(outline.levels.filter((l) => l === 1)).toHaveLength(1);
    expect(outline.levels[0]).toBe(1);
    outline.levels.forEach((level, i) => {
      if (i > 0) expect(level, `heading ${i}`).toBeLessThanOrEqual(outline.levels[i - 1]! + 1);
    });
    await page.close();
  });

  it('links every note both ways', async () => {
    const { page } = await open(browser, file, WIDE);
    const broken = await page.evaluate(() => {
      const missing: string[] = [];
      for (const a of Array.from(
        document.querySelectorAll<HTMLAnchorElement>('a[role="doc-noteref"], a[role="doc-backlink"], .toc a'),
      )) {
        if (!document.getElementById(decodeURIComponent(a.hash.slice(1)))) missing.push(a.href);
      }
      return {
        missing,
        refs: document.querySelectorAll('a[role="doc-noteref"]').length,
        backlinks: document.querySelectorAll('a[role="doc-backlink"][aria-label]').length,
      };
    });
    expect(broken.missing).toEqual([]);
    expect(broken.refs).toBeGreaterThan(0);
    expect(broken.backlinks).toBeGreaterThan(0);
    await page.close();
  });

  it('phone (360 px), without JavaScript: one column, contents a closed disclosure that opens', async () => {
    const { page } = await open(browser, file, PHONE, false);
    await page.screenshot({ path: path.join(shots, 'phone-top.png') });
    const layout = await page.evaluate(() => ({
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      open: document.querySelector('details.contents-toggle')!.hasAttribute('open'),
      tocVisible: document.querySelector('.toc a')!.checkVisibility(),
      calloutFloat: getComputedStyle(document.querySelector('.callout')!).float,
    }));
    expect(layout).toEqual({ overflow: 0, open: false, tocVisible: false, calloutFloat: 'none' });
    await page.click('summary');
    expect(await page.evaluate(() => document.querySelector('.toc a')!.checkVisibility())).toBe(true);
    await page.evaluate(() => document.querySelector('.callout')!.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: path.join(shots, 'phone-callout.png') });
    console.log(`screenshots: ${shots}`);
    await page.close();
  });

  it('wide (1280 px), without JavaScript: a sidebar of contents, callouts beside the text', async () => {
    const { page } = await open(browser, file, WIDE, false);
    const layout = await page.evaluate(() => {
      const link = document.querySelector('.toc a')!.getBoundingClientRect();
      const paragraph = document.querySelector('.with-callouts')!.firstElementChild!.getBoundingClientRect();
      // Every box sits beside its OWN paragraph (the one it follows in the content), top aligned.
      const groups = Array.from(document.querySelectorAll('.with-callouts'));
      const beside = groups.every((group) => {
        const p = group.firstElementChild!.getBoundingClientRect();
        const box = group.querySelector('.callout')!.getBoundingClientRect();
        return box.left >= p.right && Math.abs(box.top - p.top) < 24;
      });
      return {
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        sidebar: getComputedStyle(document.querySelector('nav.contents')!).position,
        tocVisible: link.width > 0 && link.right < paragraph.left,
        calloutBeside:
          groups.length > 10 &&
          document.querySelectorAll('.callout').length ===
            document.querySelectorAll('.with-callouts .callout').length &&
          beside,
      };
    });
    expect(layout).toEqual({ overflow: 0, sidebar: 'sticky', tocVisible: true, calloutBeside: true });
    await page.evaluate(() => document.querySelector('.callout')!.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: path.join(shots, 'wide-callout.png') });
    await page.close();
  });

  it('wide, with JavaScript: marks the part being read in the contents', async () => {
    const { page } = await open(browser, file, WIDE);
    const target = await page.evaluate(() =>
      document.querySelectorAll('.toc-section a')[2]!.getAttribute('href')!.slice(1),
    );
    await page.evaluate((id) => document.getElementById(id)!.scrollIntoView(), target);
    await page.waitForFunction(
      (id) => document.querySelector('.toc a[aria-current="location"]')?.getAttribute('href') === `#${id}`,
      { timeout: 5000 },
      target,
    );
    expect(await page.evaluate(() => document.querySelectorAll('[aria-current]').length)).toBe(1);
    await page.screenshot({ path: path.join(shots, 'wide-reading.png') });
    await page.close();
  });

  it('prints the web page as a clean document (no contents sidebar, no floats)', async () => {
    const { page } = await open(browser, file, WIDE);
    await page.emulateMediaType('print');
    const printed = await page.evaluate(() => ({
      contents: getComputedStyle(document.querySelector('nav.contents')!).display,
      callout: getComputedStyle(document.querySelector('.callout')!).float,
      chapterBreak: getComputedStyle(document.querySelector('.chapter')!).breakBefore,
    }));
    expect(printed).toEqual({ contents: 'none', callout: 'none', chapterBreak: 'page' });
    await page.close();
  });

  it('the ru edition has no axe-core violations either', async () => {
    const built = buildHtml('ru');
    // A ru edition that does not build is a failure, never a skip.
    expect(built.file, built.reason).toBeDefined();
    const { page } = await open(browser, built.file!, WIDE);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    expect(report(await axeViolations(page))).toBe('');
    await page.close();
  });
});

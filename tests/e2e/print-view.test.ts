// `briefing dev`'s print view (/print): the printed pages drawn by pdf.js in a browser, re-printed on
// every save by a Chromium kept warm, the same error overlay as the web view, and nothing served but
// the viewer, pdf.js and the PDF in memory. One dev server (in this process) for the whole file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { copyFixture, ROOT, STARTER, tempDir } from '../support/cli.js';
import { pdfText } from '../support/pdf.js';
import { BrowserSession, closeBrowser, launchBrowser } from '../../src/print/browser.js';
import { printEdition } from '../../src/print/pdf.js';
import { MemoryPartCache } from '../../src/print/part-cache.js';
import type { EarlyPart } from '../../src/print/early-pages.js';
import { createPreview } from '../../src/dev/preview.js';
import { startDevServer, type DevServer } from '../../src/dev/server.js';

function chromiumsUnder(pid: number): number {
  const rows = execFileSync('ps', ['-eo', 'pid,ppid,comm'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/));
  const children = (p: string): string[] => rows.filter((r) => r[1] === p).flatMap((r) => [r[0]!, ...children(r[0]!)]);
  return children(String(pid)).filter((c) => rows.find((r) => r[0] === c)?.[2]?.includes('chrom')).length;
}

/** Pages `first`–`last` of a PDF drawn at a low resolution by poppler: one PPM's bytes per page. */
function pixels(file: string, first: number, last: number): string[] {
  const dir = tempDir();
  execFileSync('pdftoppm', ['-r', '30', '-f', String(first), '-l', String(last), file, path.join(dir, 'p')]);
  return readdirSync(dir)
    .sort()
    .map((name) =>
      createHash('sha256')
        .update(readFileSync(path.join(dir, name)))
        .digest('hex'),
    );
}

/** The draft keeps its soft hyphens (only the text layer differs from the build's PDF): read past them. */
const draftText = (file: string) => pdfText(file).replace(/\u00AD/g, '');

/** The print view's edition of `content` as it is now, printed in a fresh browser page: its PDF file. */
async function freshDraft(
  content: string,
  label: string,
  guess: Parameters<typeof printEdition>[6],
  options: Parameters<typeof printEdition>[7],
) {
  const html = (await createPreview({ content }).build()).printHtml!();
  const session = new BrowserSession();
  try {
    const printed = await printEdition(
      session,
      html,
      { title: '', author: '', keywords: [], language: 'en', date: new Date(0) },
      [],
      label,
      () => {},
      guess,
      options,
    );
    const file = path.join(tempDir(), 'fresh.pdf');
    writeFileSync(file, printed.pdf);
    return { file, printed };
  } finally {
    await session.close();
  }
}

describe('briefing dev: the print view', () => {
  let content: string;
  let chapter: string;
  let server: DevServer;
  let browser: Browser;
  let tab: Page;
  const log: string[] = [];
  const shown = (generation: number) =>
    tab.waitForFunction(
      (g) => Number(document.body.dataset.generation) >= g,
      { timeout: 60_000, polling: 20 },
      generation,
    );
  const servedPdf = async () => {
    const file = path.join(tempDir(), 'served.pdf');
    writeFileSync(file, new Uint8Array(await (await fetch(new URL('/print/edition.pdf', server.url))).arrayBuffer()));
    return file;
  };

  beforeAll(async () => {
    content = copyFixture(STARTER);
    chapter = path.join(content, 'en', '02-mechanisms.md');
    server = await startDevServer({
      preview: createPreview({ content }),
      port: 0,
      log: (line) => log.push(line),
      report: () => {},
    });
    browser = await launchBrowser();
    tab = await browser.newPage();
    await tab.setViewport({ width: 1000, height: 1400 });
  }, 60_000);

  afterAll(async () => {
    await closeBrowser(browser);
    await server?.close();
  });

  it('serves a viewer with a strict CSP that draws every printed page, contents numbers proven', async () => {
    const response = await fetch(new URL('/print', server.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await response.text()).toContain('<script type="module" src="/print/viewer.js"></script>');
    await tab.goto(new URL('/print', server.url).href);
    await shown(1);
    const state = (await (await fetch(new URL('/print/state', server.url))).json()) as Record<string, unknown>;
    expect(state).toMatchObject({ generation: 1, overlay: '' });
    const pdf = await servedPdf();
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    expect(pages).toBeGreaterThan(3);
    expect(state.pages).toBe(pages);
    expect(await tab.evaluate(() => document.body.dataset.pages)).toBe(String(pages));
    expect(await tab.$$eval('.page', (els) => els.length)).toBe(pages);
    // The first page is really drawn: a canvas with ink on it, not a blank one.
    const inked = await tab.$eval('.page canvas', (canvas) => {
      const c = canvas;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 128) dark += 1;
      return { width: c.width, dark };
    });
    expect(inked.width).toBeGreaterThan(500);
    expect(inked.dark).toBeGreaterThan(100);
    expect(draftText(pdf)).toContain('Starter Review of Things That Matter');
    expect(log.some((l) => /printed \d+ pages for the print view in \d+ ms/.test(l))).toBe(true);
  });

  it('prints again on a save and draws the new pages (time measured from the write)', async () => {
    const started = performance.now();
    writeFileSync(
      chapter,
      `${readFileSync(chapter, 'utf8')}\nA sentence saved while the print view is open: printview-edit-one.\n`,
    );
    await shown(2);
    const ms = performance.now() - started;
    // The target is 1 s on a quiet machine (npm run bench measures it); a loaded CI runner gets slack.
    expect(ms).toBeLessThan(10_000);
    console.log(`print view: save → pages drawn in ${Math.round(ms)} ms`);
    expect(draftText(await servedPdf())).toContain('printview-edit-one');
  });

  it('shows a content error in the same overlay as the web view, over the last good pages, and recovers', async () => {
    const good = readFileSync(chapter, 'utf8');
    writeFileSync(chapter, '# Mechanisms\n\nSee this.[^nowhere]\n');
    const overlay = await tab.waitForSelector('#briefing-dev-overlay', { timeout: 30_000 });
    expect(await overlay!.evaluate((el) => el.textContent)).toContain(
      '02-mechanisms.md:3:10 error note "nowhere" has no definition',
    );
    // The last good print is still there underneath.
    expect(draftText(await servedPdf())).toContain('printview-edit-one');
    expect(await tab.$$eval('.page', (els) => els.length)).toBeGreaterThan(3);

    writeFileSync(chapter, good.replace('printview-edit-one', 'printview-edit-two'));
    await tab.waitForFunction(() => !document.getElementById('briefing-dev-overlay'), { timeout: 60_000 });
    await shown(3);
    expect(draftText(await servedPdf())).toContain('printview-edit-two');
  });

  it('prints a save in the page of the last print (only the body changes) what a fresh page prints', async () => {
    // Generation 3 was printed in the page that printed generation 2, its body swapped: the same
    // pages, line for line, as a fresh browser page given the same HTML.
    const served = await servedPdf();
    const { file } = await freshDraft(content, 'fresh draft', undefined, { draft: true });
    expect(draftText(file)).toContain('printview-edit-two');
    expect(draftText(served)).toBe(draftText(file));
  });

  it('serves nothing else under /print', async () => {
    for (const probe of ['/print/nothing', '/print/..%2f..%2fpackage.json', '/print/edition.pdf/../../README.md']) {
      const response = await fetch(new URL(probe, server.url));
      expect(response.status, probe).toBe(404);
    }
  });

  it('stops its warm browser when the server closes', async () => {
    await closeBrowser(browser);
    await server.close();
    expect(chromiumsUnder(process.pid)).toBe(0);
  });
});

describe('briefing dev: the print view of a long report (printed in parts)', () => {
  let server: DevServer;
  let browser: Browser;
  let tab: Page;
  let chapter: string;
  let content: string;
  const log: string[] = [];
  const served = async () => {
    const file = path.join(tempDir(), 'served.pdf');
    writeFileSync(file, new Uint8Array(await (await fetch(new URL('/print/edition.pdf', server.url))).arrayBuffer()));
    return file;
  };
  /** Each page's text (pdftotext ends every page with a form feed). */
  const pageTexts = (file: string) => draftText(file).split('\f').slice(0, -1);
  const box = (n: number) => `.page[data-page="${n}"]`;
  const showing = (n: number, generation: number) =>
    tab.waitForFunction(
      (s, g) => document.querySelector<HTMLElement>(s)?.dataset.shows === g,
      { timeout: 60_000, polling: 20 },
      box(n),
      String(generation),
    );

  beforeAll(async () => {
    // The review's chapters are fewer than PARTS_FROM_CHAPTERS: printed in parts as a long report is.
    process.env.BRIEFING_PRINT_PARTS = '1';
    content = path.join(tempDir(), 'content');
    cpSync(path.join(ROOT, 'content'), content, { recursive: true });
    const en = path.join(content, 'en');
    chapter = path.join(
      en,
      readdirSync(en).find((f) => f.startsWith('03-'))!,
    );
    server = await startDevServer({
      preview: createPreview({ content }),
      port: 0,
      log: (line) => log.push(line),
      report: () => {},
    });
    browser = await launchBrowser();
    tab = await browser.newPage();
    await tab.setViewport({ width: 1000, height: 1400 });
  }, 60_000);

  afterAll(async () => {
    delete process.env.BRIEFING_PRINT_PARTS;
    await closeBrowser(browser);
    await server?.close();
  });

  it('redraws on a save only the pages of the part printed again; the pages kept are the same pages', async () => {
    await tab.goto(new URL('/print', server.url).href);
    await tab.waitForFunction(() => document.body.dataset.generation === '1', { timeout: 120_000, polling: 20 });
    const before = pageTexts(await served());
    const text = readFileSync(chapter, 'utf8');
    const paragraph = text.split('\n\n').find((p) => /^[A-Z]/.test(p) && p.length > 200)!;
    const opening = paragraph.split(/\s+/).slice(0, 4).join(' ');
    const edited = before.findIndex((t) => t.replace(/\s+/g, ' ').includes(opening)) + 1;
    expect(edited).toBeGreaterThan(1);
    // The edited chapter's page and the cover drawn from the first print, their canvases marked.
    await tab.evaluate((s) => document.querySelector(s)!.scrollIntoView(), box(edited));
    await showing(edited, 1);
    await showing(1, 1);
    await tab.evaluate(() => {
      document.querySelectorAll<HTMLElement>('.page[data-shows="1"] canvas').forEach((c) => (c.dataset.first = ''));
      // Every page drawn from now on, by its box's page number.
      const drawn: string[] = [];
      (window as { drawnPages?: string[] }).drawnPages = drawn;
      new MutationObserver((records) => {
        for (const r of records)
          if ([...r.addedNodes].some((n) => n.nodeName === 'CANVAS'))
            drawn.push((r.target as HTMLElement).dataset.page!);
      }).observe(document.getElementById('pages')!, { childList: true, subtree: true });
    });

    const parts: string[] = [];
    tab.on('request', (r) => {
      if (r.url().includes('/print/part.pdf')) parts.push(r.url());
    });
    // When the web view is told to reload (its HTML made after the print view's new pages were sent).
    // And when the part's response came (its headers: the server writes it at once). Not from the
    // resource timings: pdf.js cancels a fetch once it has the document's bytes, and a fetch
    // cancelled before its body ended has no entry.
    await tab.evaluate(() => {
      const timed = window as { reloadAt?: number; partAt?: number };
      new EventSource('/__briefing/events').addEventListener('reload', () => {
        timed.reloadAt ??= performance.now();
      });
      const fetched = window.fetch.bind(window);
      window.fetch = async (input, init) => {
        const response = await fetched(input, init);
        if (String(input instanceof Request ? input.url : input).includes('/print/part.pdf'))
          timed.partAt ??= performance.now();
        return response;
      };
    });
    writeFileSync(chapter, text.replace(paragraph, `${paragraph} Kept.`));
    await showing(edited, 2);
    await showing(1, 2);
    await tab.waitForFunction(() => document.body.dataset.generation === '2', { timeout: 60_000, polling: 20 });
    const state = (await (await fetch(new URL('/print/state', server.url))).json()) as {
      kept: Array<[number, number]>;
      earlyKept: Array<[number, number]>;
    };
    const kept = (n: number) => state.kept.some(([first, last]) => first <= n && n <= last);
    expect(kept(1)).toBe(true);
    expect(kept(edited)).toBe(false);
    // The edited part was drawn from its own PDF before the print was finished, and the finished
    // print (the same pages) drew it no more: the edited page drawn once since the save, its part
    // asked for while that print was under way.
    expect(state.earlyKept.some(([first, last]) => first <= edited && edited <= last)).toBe(true);
    const drawn = await tab.evaluate(() => (window as { drawnPages?: string[] }).drawnPages!);
    expect(drawn.filter((p) => p === String(edited))).toEqual([String(edited)]);
    expect(parts.length).toBeGreaterThan(0);
    // The web edition's HTML (made in the server's thread) waited until the part was sent.
    const [partAt, reloadAt] = await tab.evaluate(() => {
      const timed = window as { reloadAt?: number; partAt?: number };
      return [timed.partAt, timed.reloadAt];
    });
    expect(partAt).toBeDefined();
    // (The server renders it once the part is written: both can reach the page in one read and be
    // handled in either order, a millisecond apart. This report's web HTML renders in ~10 ms: the
    // order caught the web HTML rendered first in one of two runs, not always.)
    expect(partAt).toBeLessThan(reloadAt! + 10);
    expect(drawn).not.toContain('1');
    const first = (n: number) => tab.$eval(`${box(n)} canvas`, (c) => (c as HTMLElement).dataset.first !== undefined);
    expect(await first(1)).toBe(true);
    expect(await first(edited)).toBe(false);
    const after = pageTexts(await served());
    expect(after[edited - 1]).toContain('Kept.');
    for (const [from, to] of state.kept)
      for (let n = from; n <= to; n += 1) expect(after[n - 1], `page ${n}`).toBe(before[n - 1]);
  }, 300_000);

  it('prepares only the edited chapter, and prints what a fresh page prints in parts', async () => {
    // The save above: every chapter but the edited one put in as the first print prepared it
    // (print/prepared-chapters.ts), the edition not laid out whole.
    expect(
      log.some((l) => /printed \d+ pages for the print view in \d+ ms \(7 of 8 chapters as prepared before\)/.test(l)),
    ).toBe(true);
    const { file, printed } = await freshDraft(content, 'fresh draft in parts', undefined, { draft: true, parts: {} });
    expect(printed.chaptersKept).toBeUndefined();
    expect(pdfText(await served(), { layout: true })).toBe(pdfText(file, { layout: true }));
  }, 300_000);

  it('gives each part a draft prints afresh before the draft is finished: the same pages, heads on', async () => {
    // Two drafts of the same content in one page cache, as the view prints two saves: the second
    // tries the first's page numbers, reprints the edited part and gives it early.
    const cache = new MemoryPartCache();
    const given: EarlyPart[] = [];
    let finished = false;
    const options = (guess?: Parameters<typeof printEdition>[6]) =>
      [
        guess,
        {
          draft: true,
          parts: {
            cache,
            early: (part: EarlyPart) => {
              expect(finished).toBe(false);
              given.push(part);
            },
          },
        },
      ] as const;
    // (A copy of its own: the view's server watches the content.)
    const own = path.join(tempDir(), 'content');
    cpSync(content, own, { recursive: true });
    const edited = path.join(own, path.relative(content, chapter));
    const first = await freshDraft(own, 'early parts', ...options());
    cache.turn();
    const text = readFileSync(edited, 'utf8');
    writeFileSync(
      edited,
      text.replace(/\n\n([A-Z][^\n]{200,})/, (_, p: string) => `\n\n${p} Early.`),
    );
    given.length = 0;
    const second = await freshDraft(own, 'early parts', ...options(first.printed.pagination));
    finished = true;
    expect(second.printed.earlyStands).toBe(true);
    expect(given.length).toBeGreaterThan(0);
    const dir = tempDir();
    for (const [i, part] of given.entries()) {
      const file = path.join(dir, `part-${i}.pdf`);
      writeFileSync(file, part.pdf);
      const last = part.first + part.pages - 1;
      expect(draftText(file)).toBe(
        draftText(second.file)
          .split('\f')
          .slice(part.first - 1, last)
          .join('\f') + '\f',
      );
      // Drawn alike: the same pixels as the draft's pages (running heads included).
      expect(pixels(file, 1, part.pages)).toEqual(pixels(second.file, part.first, last));
    }
    expect(given.some((p) => draftText(path.join(dir, `part-${given.indexOf(p)}.pdf`)).includes('Early.'))).toBe(true);
  }, 300_000);
});

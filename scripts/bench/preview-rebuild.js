// The dev server's print view, timed: a copy of the content, the dev server with its warm print
// browser, the viewer (/print) open in a second Chromium as a reader would have it; then `runs` saves
// of one chapter, each timed from the write to (1) the new PDF at the server and (2) the viewer
// having drawn the new pages. Prints JSON { printed, drawn, web } (milliseconds per save) on stdout.
// Usage: node scripts/bench/preview-rebuild.js <content dir> <runs>
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPreview } from '../../dist/dev/preview.js';
import { startDevServer } from '../../dist/dev/server.js';
import { closeBrowser, launchBrowser } from '../../dist/print/browser.js';

const [source, runs = '5'] = process.argv.slice(2);
const content = mkdtempSync(path.join(tmpdir(), 'briefing-preview-bench-'));
cpSync(source, content, { recursive: true });
const en = path.join(content, 'en');
const chapter = path.join(
  en,
  readdirSync(en).find((name) => /^\d+-.*\.md$/.test(name)),
);

const web = [];
const server = await startDevServer({
  preview: createPreview({ content, locale: 'en' }),
  port: 0,
  log: (line) => {
    const ms = /rebuilt in (\d+) ms/.exec(line)?.[1];
    if (ms) web.push(Number(ms));
  },
  report: () => {},
});
const browser = await launchBrowser();
const result = { printed: [], drawn: [], web: [] };
try {
  const tab = await browser.newPage();
  await tab.setViewport({ width: 1200, height: 900 });
  await tab.goto(`${server.url}print`);
  const shown = (generation) =>
    tab.waitForFunction((g) => document.body.dataset.generation === String(g), { timeout: 0, polling: 10 }, generation);
  await shown(1);
  for (let i = 1; i <= Number(runs); i += 1) {
    await new Promise((r) => setTimeout(r, 300));
    web.length = 0;
    const started = performance.now();
    writeFileSync(chapter, `${readFileSync(chapter, 'utf8')}\nA sentence saved while the print view is open (${i}).\n`);
    const printed = server.print.printed(i + 1).then(() => performance.now() - started);
    await shown(i + 1);
    result.drawn.push(performance.now() - started);
    result.printed.push(await printed);
    result.web.push(...web);
  }
} finally {
  await closeBrowser(browser);
  await server.close();
  rmSync(content, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify(result)}\n`);

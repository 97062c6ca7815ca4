// Which part of Briefing's print page makes Chromium's print pass slow on long editions, by
// elimination: the same print HTML, prepared as Briefing prepares it (wide tables fitted, soft hyphens
// settled, layout-check markers), then printed with one thing taken away at a time. Variants take
// turns, round after round, in one browser, so load on a shared machine hits them alike: read the
// ratios to the first variant, not the seconds.
// Usage: node scripts/bench/print-elimination.js <content-dir> [rounds] [variant,...]
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderEditionHtml } from '../../dist/api.js';
import { fitAndMark, fitTables } from '../../dist/print/layout-check.js';
import { settleSoftHyphens } from '../../dist/print/hyphens.js';
import { launchPlain } from './plain-launch.js';

const [content, roundsArg = '2', only] = process.argv.slice(2);
const rounds = Number(roundsArg);
const html = path.join(tmpdir(), `briefing-elimination-${process.pid}.html`);
writeFileSync(html, await renderEditionHtml({ content, locale: 'en' }, 'print'));

const BASE = { preferCSSPageSize: true, printBackground: true, timeout: 0, waitForFonts: false, outline: false };
const unlink = (selector) => (page) =>
  page.evaluate((s) => document.querySelectorAll(s).forEach((a) => a.removeAttribute('href')), selector);
/** Each variant: how the page is prepared, then how it is printed. */
const VARIANTS = {
  'briefing (prepared, tagged)': { prepare: true, tagged: true },
  'prepared, untagged': { prepare: true, tagged: false },
  'no layout-check markers': { prepare: true, tagged: true, after: unlink('[hidden] > a[href^="#lc-"]') },
  'no internal links at all': { prepare: true, tagged: true, after: unlink('a[href^="#"]') },
  'markers, no hyphens settled': { prepare: 'mark', tagged: true },
  'plain HTML, tagged': { prepare: false, tagged: true },
  'plain HTML, untagged': { prepare: false, tagged: false },
  'plain HTML, untagged, no links': { prepare: false, tagged: false, after: unlink('a[href^="#"]') },
};
const chosen = Object.entries(VARIANTS).filter((_, i) => !only || only.split(',').includes(String(i)));

const browser = await launchPlain();
const times = new Map(chosen.map(([name]) => [name, []]));
let pages = 0;
try {
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, v] of chosen) {
      const page = await browser.newPage();
      await page.setJavaScriptEnabled(false);
      await page.emulateMediaType('print');
      await page.goto(pathToFileURL(html).href, { waitUntil: 'load', timeout: 0 });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      if (v.prepare) {
        await fitTables(page);
        if (v.prepare === true) await settleSoftHyphens(page);
        await fitAndMark(page);
      }
      await v.after?.(page);
      const started = performance.now();
      const pdf = await page.pdf({ ...BASE, tagged: v.tagged });
      times.get(name).push(performance.now() - started);
      pages = (String(Buffer.from(pdf).toString('latin1')).match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      await page.close();
    }
  }
} finally {
  await browser.close();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const first = median(times.get(chosen[0][0]));
console.log(`${content}: ${pages} pages, ${rounds} rounds, page.pdf() only (median; ratio to the first row)`);
for (const [name, xs] of times)
  console.log(
    `${name.padEnd(34)} ${(median(xs) / 1000).toFixed(2).padStart(6)} s  ${(median(xs) / first).toFixed(2)} ×   [${xs.map((x) => (x / 1000).toFixed(1)).join(' ')}]`,
  );

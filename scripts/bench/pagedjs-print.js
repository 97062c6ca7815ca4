// The peer: the same finished HTML laid out by Paged.js 0.4.3 (which, like Briefing, gets contents
// page numbers right) in the same Chromium, then printed. Usage: node scripts/bench/pagedjs-print.js in.html out.pdf
import path from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { launchPlain } from './plain-launch.js';

const [input, output] = process.argv.slice(2);
// The package's `exports` hide dist/: resolve the polyfill from the package folder.
const require = createRequire(import.meta.url);
const main = require.resolve('pagedjs');
const polyfill = path.join(
  main.slice(0, main.lastIndexOf(`${path.sep}pagedjs${path.sep}`) + 9),
  'dist',
  'paged.polyfill.js',
);
const html = (await readFile(input, 'utf8'))
  .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
  .replace(
    '<head>',
    `<head><script>window.PagedConfig = { auto: true, after: () => { window.__pagedDone = true; } };</script><script src="${pathToFileURL(polyfill).href}"></script>`,
  );
const staged = `${input}.paged.html`;
await writeFile(staged, html);
const browser = await launchPlain();
try {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(path.resolve(staged)).href, { waitUntil: 'load', timeout: 0 });
  await page.waitForFunction(() => window.__pagedDone === true, { timeout: 0, polling: 50 });
  await writeFile(output, await page.pdf({ preferCSSPageSize: true, printBackground: true, timeout: 0 }));
} finally {
  await browser.close();
}

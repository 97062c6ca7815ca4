// The floor: one plain page.pdf of a finished HTML file, in a fresh process (launch included).
// Usage: node scripts/bench/plain-print.js in.html out.pdf
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { launchPlain } from './plain-launch.js';

const [input, output] = process.argv.slice(2);
const browser = await launchPlain();
try {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(path.resolve(input)).href, { waitUntil: 'load', timeout: 0 });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await writeFile(output, await page.pdf({ preferCSSPageSize: true, printBackground: true, timeout: 0 }));
} finally {
  await browser.close();
}

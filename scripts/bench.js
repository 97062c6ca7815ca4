// npm run bench: the whole `briefing build` of the English edition against the floor (one plain
// page.pdf of the same finished HTML in a fresh process) and the peer (Paged.js in the same Chromium),
// in one run on this machine; medians of whole processes (Node start-up and browser launch included)
// and the peak memory of each process tree. Options: --runs N (5) --content DIR (content).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { treePss } from './bench/process-memory.js';
import { renderEditionHtml } from '../dist/api.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    content: { type: 'string', default: 'content' },
    only: { type: 'string' },
  },
});
const RUNS = Number(values.runs);
const work = mkdtempSync(path.join(tmpdir(), 'briefing-bench-'));
const bin = path.resolve('bin/briefing.js');

function measure(args, env = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, CI: 'true', BRIEFING_CACHE_DIR: warmCache, ...env },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let peak = 0;
    // Every 100 ms: sampling /proc more often costs CPU that the measured process would miss.
    const timer = setInterval(() => (peak = Math.max(peak, treePss(child.pid))), 100);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      const ms = performance.now() - started;
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}\n${stderr}`));
      else resolve({ ms, peak });
    });
  });
}

async function pagesOf(pdf) {
  const doc = await PDFDocument.load(readFileSync(pdf), { updateMetadata: false });
  return doc.getPageCount();
}

async function series(name, args, runs = RUNS, pdf, setup = () => ({})) {
  const results = [];
  for (let i = 0; i < runs; i += 1) results.push(await measure(args, setup(i)));
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const peak = Math.max(...results.map((r) => r.peak));
  const pages = pdf ? `   ${await pagesOf(pdf)} pages` : '';
  console.log(
    `${name.padEnd(36)} median ${(median / 1000).toFixed(2)} s   min ${(times[0] / 1000).toFixed(2)} s   max ${(times.at(-1) / 1000).toFixed(2)} s   peak ${(peak / 1024 / 1024).toFixed(0)} MB${pages}   (${runs} runs)`,
  );
  return { median, peak };
}

const content = path.resolve(values.content);
const out = path.join(work, 'out');
// Briefing keeps parsed Markdown (node_modules/.cache) and the last contents page numbers (beside the
// PDF) for the next build. "cold" runs start with neither, as a first build or a CI release does;
// "warm" runs are the rebuilds of someone iterating on the edition.
const warmCache = path.join(work, 'cache');
const coldSetup = () => {
  const cache = path.join(work, 'cold-cache');
  rmSync(cache, { recursive: true, force: true });
  return { BRIEFING_CACHE_DIR: cache };
};
console.log(`Briefing benchmark: ${content}, ${RUNS} runs each, ${new Date().toISOString()}\n`);

// The finished print HTML of the edition (what Briefing prints), for the floor and the peer.
const html = path.join(work, 'edition.print.html');
writeFileSync(html, await renderEditionHtml({ content, locale: 'en' }, 'print'));

async function run() {
  const only = values.only?.split(',');
  const want = (name) => !only || only.includes(name);
  const r = {};
  const builtPdf = () =>
    path.join(
      out,
      'en',
      readdirSync(path.join(out, 'en')).find((f) => f.endsWith('.pdf')),
    );
  if (want('build')) {
    r.cold = await series(
      'briefing build, cold (no caches)',
      [bin, 'build', '--content', content, '--out', path.join(work, 'cold-out'), '-q'],
      RUNS,
      undefined,
      () => {
        rmSync(path.join(work, 'cold-out'), { recursive: true, force: true });
        return coldSetup();
      },
    );
    await measure([bin, 'build', '--content', content, '--out', out, '-q']); // fills the warm caches
    r.build = await series('briefing build, warm (rebuild)', [bin, 'build', '--content', content, '--out', out, '-q']);
    console.log(`${''.padEnd(36)} ${await pagesOf(builtPdf())} pages (en, PDF + HTML)`);
  }
  if (want('floor'))
    r.floor = await series(
      'floor: plain page.pdf, fresh process',
      ['scripts/bench/plain-print.js', html, path.join(work, 'floor.pdf')],
      RUNS,
      path.join(work, 'floor.pdf'),
    );
  if (want('peer'))
    r.peer = await series(
      'peer: Paged.js 0.4.3, same Chromium',
      ['scripts/bench/pagedjs-print.js', html, path.join(work, 'paged.pdf')],
      RUNS,
      path.join(work, 'paged.pdf'),
    );
  if (want('html'))
    r.html = await series('briefing build --format html', [
      bin,
      'build',
      '--content',
      content,
      '--out',
      out,
      '--format',
      'html',
      '-q',
    ]);
  if (want('check')) {
    r.checkCold = await series(
      'briefing check, cold',
      [bin, 'check', '--content', content],
      RUNS,
      undefined,
      coldSetup,
    );
    r.check = await series('briefing check, warm', [bin, 'check', '--content', content]);
  }
  if (want('all'))
    r.all = await series(
      'briefing build --locale all',
      [bin, 'build', '--content', content, '--out', out, '--locale', 'all', '-q'],
      Math.min(RUNS, 3),
    );

  console.log('');
  if (r.build && r.floor)
    console.log(
      `build / floor        warm ${(r.build.median / r.floor.median).toFixed(2)} ×, cold ${(r.cold.median / r.floor.median).toFixed(2)} ×   (target ≤ 1.3 ×)`,
    );
  if (r.build && r.peer)
    console.log(
      `Paged.js / build     warm ${(r.peer.median / r.build.median).toFixed(2)} ×, cold ${(r.peer.median / r.cold.median).toFixed(2)} ×   (target ≥ 1.5 ×)`,
    );
  if (r.all && r.build)
    console.log(`all locales / en     ${(r.all.median / r.build.median).toFixed(2)} ×   (target ≤ 2 ×)`);
  if (r.html) console.log(`HTML-only build      ${(r.html.median / 1000).toFixed(2)} s   (target < 1 s)`);
  if (r.check)
    console.log(
      `check                warm ${(r.check.median / 1000).toFixed(2)} s, cold ${(r.checkCold.median / 1000).toFixed(2)} s   (target < 0.5 s)`,
    );
}

try {
  await run();
} finally {
  rmSync(work, { recursive: true, force: true });
}

// npm run bench:scale: synthetic editions of 1×, 5× and 20× the review (its chapters repeated under
// new names, see bench/synthetic.js), each measured in fresh processes, in one run: the floor (one
// plain page.pdf of the same print HTML, the median of three), Paged.js 0.4.3 on the same HTML, and `briefing build`
// cold (no caches), warm (a rebuild) and after a one-paragraph edit in one chapter (a rebuild).
// Time and peak memory (PSS of the process and its Chromium) of each, and the ratios to the floor and
// to Paged.js. On a shared machine read the same-run ratios, not the seconds. Timed runs are not
// sampled: reading every process's /proc files each 100 ms took ~0.45 s of CPU during a 3 s build on
// 2 cores (~0.25 s of its wall); the peaks (and an edit's CPU by process) come from a second run of
// each (floor, cold into an empty cache, warm, one more edit), sampled.
// Options: --sizes 1,5,20  --content content  --parts auto|1|0 (BRIEFING_PRINT_PARTS for the builds)
//          --only floor,peer,cold,warm,edit  --edits N (edit rebuilds per size, each one more sentence in
//          the same paragraph: the median is reported, with each one's CPU seconds of Node and Chromium)
// (`--only cold,edit --sizes 20 --edits 3`: the 20× edit alone, after the cold build that it needs.)
// With BRIEFING_TRACE set (1, browser, memory), each build's trace is kept in the OS temp folder as
// briefing-scale-<size>x-<cold|warm|edit>.log, to say where a build's time went.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { renderEditionHtml } from '../dist/api.js';
import { treeCpu, treePss } from './bench/process-memory.js';
import { syntheticEdition } from './bench/synthetic.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1,5,20' },
    content: { type: 'string', default: 'content' },
    parts: { type: 'string', default: 'auto' },
    only: { type: 'string', default: 'floor,peer,cold,warm,edit' },
    edits: { type: 'string', default: '1' },
  },
});
const want = new Set(values.only.split(','));
const work = mkdtempSync(path.join(tmpdir(), 'briefing-scale-'));
const bin = path.resolve('bin/briefing.js');

/** Run a Node script in a fresh process; its time, and when `sampled` its peak memory and CPU by process. */
function measure(args, env = {}, log = undefined, sampled = false) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, CI: 'true', ...env },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let peak = 0;
    const seen = new Map();
    let cpu = { node: 0, browser: 0 };
    const sample = () => {
      peak = Math.max(peak, treePss(child.pid));
      cpu = treeCpu(child.pid, seen);
    };
    const timer = sampled ? setInterval(sample, 100) : undefined;
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (log && process.env.BRIEFING_TRACE) writeFileSync(log, stderr);
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}\n${stderr}`));
      else resolve({ seconds: (performance.now() - started) / 1000, peak, cpu });
    });
  });
}

/** Add a sentence to the first long paragraph of a chapter in the middle of the edition. */
function editOneParagraph(dir) {
  const en = path.join(dir, 'en');
  const files = readdirSync(en).filter((f) => /^\d+-.*\.md$/.test(f));
  const file = path.join(en, files[Math.floor(files.length / 2)]);
  const text = readFileSync(file, 'utf8');
  const paragraph = text.split('\n\n').find((p) => /^[A-Z]/.test(p) && p.length > 200);
  writeFileSync(file, text.replace(paragraph, `${paragraph} One sentence more, for the benchmark.`));
}

async function pagesOf(pdf) {
  return (await PDFDocument.load(readFileSync(pdf), { updateMetadata: false })).getPageCount();
}

/** The run of median time. */
const median = (runs) => [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];

const fmt = (r) =>
  r
    ? `${r.seconds.toFixed(2).padStart(7)} s ${(r.peak ? (r.peak / 1024 / 1024).toFixed(0) : '–').padStart(5)} MB`
    : '       –         ';
const ratio = (a, b) => (a && b ? `${(a.seconds / b.seconds).toFixed(2)}×` : '–');

try {
  console.log(
    `bench:scale ${new Date().toISOString()}, parts: ${values.parts}, load average at start ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const rows = [];
  for (const times of values.sizes.split(',').map(Number)) {
    const dir = syntheticEdition(values.content, work, times);
    const html = path.join(work, `x${times}.print.html`);
    writeFileSync(html, await renderEditionHtml({ content: dir, locale: 'en' }, 'print'));
    const env = { BRIEFING_PRINT_PARTS: values.parts };
    const build = (which, cache = 'cache', sampled = false) =>
      measure(
        [bin, 'build', '--content', dir, '--out', path.join(work, `out-${times}-${cache}`), '--format', 'pdf', '-q'],
        { ...env, BRIEFING_CACHE_DIR: path.join(work, `${cache}-${times}`) },
        path.join(tmpdir(), `briefing-scale-${times}x-${which}.log`),
        sampled,
      );
    const floor = (sampled) =>
      measure(['scripts/bench/plain-print.js', html, path.join(work, 'floor.pdf')], {}, undefined, sampled);
    const r = { times };
    // The floor divides every ratio: the median of three.
    if (want.has('floor')) r.floor = median([await floor(false), await floor(false), await floor(false)]);
    if (want.has('peer')) r.peer = await measure(['scripts/bench/pagedjs-print.js', html, path.join(work, 'peer.pdf')]);
    if (want.has('cold')) r.cold = await build('cold');
    if (want.has('warm')) r.warm = await build('warm');
    if (want.has('edit')) {
      const edits = [];
      for (let i = 1; i <= Number(values.edits); i += 1) {
        editOneParagraph(dir);
        const load = loadavg()[0];
        const one = await build(Number(values.edits) > 1 ? `edit-${i}` : 'edit');
        edits.push(one);
        console.log(`${String(times).padStart(3)}× edit ${i}: ${one.seconds.toFixed(2)} s, load ${load.toFixed(1)}`);
      }
      r.edit = median(edits);
    }
    // The peaks: each again, sampled (the builds into a cache of their own, from empty).
    if (r.floor) r.floor.peak = (await floor(true)).peak;
    if (r.cold) r.cold.peak = (await build('cold-sampled', 'memory', true)).peak;
    if (r.warm && r.cold) r.warm.peak = (await build('warm-sampled', 'memory', true)).peak;
    if (r.edit && r.cold) {
      editOneParagraph(dir);
      const one = await build('edit-sampled', 'memory', true);
      r.edit.peak = one.peak;
      console.log(
        `${String(times).padStart(3)}× one more edit, sampled: ${one.seconds.toFixed(2)} s, CPU node ${one.cpu.node.toFixed(2)} s + Chromium ${one.cpu.browser.toFixed(2)} s, ${(one.peak / 1024 / 1024).toFixed(0)} MB`,
      );
    }
    const built = path.join(work, `out-${times}-cache`, 'en');
    const pdf = path.join(
      built,
      readdirSync(built).find((f) => f.endsWith('.pdf')),
    );
    r.pages = await pagesOf(pdf);
    rows.push(r);
    console.log(
      `${String(times).padStart(3)}× ${String(r.pages).padStart(5)} pages | floor ${fmt(r.floor)} | Paged.js ${fmt(r.peer)} | cold ${fmt(r.cold)} | warm ${fmt(r.warm)} | edit ${fmt(r.edit)}`,
    );
  }
  console.log(
    '\nsize  pages   cold/floor  warm/floor  edit/floor   warm/Paged.js  edit  (targets: cold ≤ 1.8×, warm ≤ 1.3×)',
  );
  for (const r of rows)
    console.log(
      `${String(r.times).padStart(3)}×  ${String(r.pages).padStart(5)}   ${ratio(r.cold, r.floor).padStart(9)}  ${ratio(r.warm, r.floor).padStart(10)}  ${ratio(r.edit, r.floor).padStart(10)}   ${ratio(r.warm, r.peer).padStart(12)}  ${r.edit ? `${r.edit.seconds.toFixed(2)} s` : '–'}`,
    );
} finally {
  rmSync(work, { recursive: true, force: true });
}

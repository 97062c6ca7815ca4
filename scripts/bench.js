// npm run bench: the whole `briefing build` of the English edition against the floor (one plain
// page.pdf of the same finished HTML in a fresh process) and the peer (Paged.js in the same Chromium),
// in one run on this machine; medians of whole processes (Node start-up and browser launch included)
// and the peak memory of each process tree. Options: --runs N (5) --content DIR (content)
// --only build,edit,floor,peer,html,check,all,allen,preview,manual,foot. `foot` prints the review and a
// generated ~250-page report with ~340 footnotes with the theme's `notes: foot` (warm rebuilds), each
// against the floor of its own print HTML, in turns. `manual` builds a generated
// ~150-page Pandoc-Markdown manual (scripts/bench/manual-like.js) as a one-file report, cold, against
// Pandoc → WeasyPrint (Debian's pandoc and weasyprint; skipped with a line when they are missing). Every process uses the browser Briefing
// finds (printed first); BRIEFING_BROWSER=/usr/bin/chromium npm run bench compares with another.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { treePss } from './bench/process-memory.js';
import { renderEditionHtml } from '../dist/api.js';
import { findBrowser } from '../dist/print/chromium.js';

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
    `${name.padEnd(40)} median ${(median / 1000).toFixed(2)} s   min ${(times[0] / 1000).toFixed(2)} s   max ${(times.at(-1) / 1000).toFixed(2)} s   peak ${(peak / 1024 / 1024).toFixed(0)} MB${pages}   (${runs} runs)`,
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
const browser = findBrowser();
console.log(
  `Briefing benchmark: ${content}, ${RUNS} runs each, ${new Date().toISOString()}\nbrowser (every run): ${browser.path} (${browser.source})\n`,
);

// The finished print HTML of the edition (what Briefing prints), for the floor and the peer.
const html = path.join(work, 'edition.print.html');
writeFileSync(html, await renderEditionHtml({ content, locale: 'en' }, 'print'));

function summary(name, results, pdf) {
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const peak = Math.max(...results.map((r) => r.peak));
  console.log(
    `${name.padEnd(40)} median ${(median / 1000).toFixed(2)} s   min ${(times[0] / 1000).toFixed(2)} s   max ${(times.at(-1) / 1000).toFixed(2)} s   peak ${(peak / 1024 / 1024).toFixed(0)} MB${pdf ? `   ${pdf} pages` : ''}   (${results.length} runs)`,
  );
  return { median, peak };
}

/**
 * The runs that are compared (cold and warm build, floor, peer) take turns, round after round, so a
 * burst of load on this shared machine hits all of them alike: their ratios are what this reports.
 */
async function interleaved(entries, rounds = RUNS) {
  const results = entries.map(() => []);
  for (let round = 0; round < rounds; round += 1) {
    for (let k = 0; k < entries.length; k += 1) {
      const i = (k + round) % entries.length;
      const { args, setup = () => ({}) } = entries[i];
      results[i].push(await measure(args, setup()));
    }
  }
  return Promise.all(
    entries.map(async (e, i) => summary(e.name, results[i], e.pdf ? await pagesOf(e.pdf()) : undefined)),
  );
}

const installed = (command) => spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;

/** The manual-like document, built cold by Briefing and by Pandoc → WeasyPrint, taking turns. */
async function manualAgainstPandoc() {
  const source = path.join(work, 'manual', 'manual.md');
  const manualOut = path.join(work, 'manual', 'out');
  await new Promise((resolve, reject) =>
    spawn(process.execPath, ['scripts/bench/manual-like.js', source], { stdio: 'inherit' })
      .on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`manual-like.js exited ${code}`))))
      .on('error', reject),
  );
  const entries = [
    {
      key: 'briefing',
      name: 'manual-like: briefing build, cold',
      args: [bin, 'build', source, '--out', manualOut, '--format', 'pdf', '-q'],
      setup: () => {
        rmSync(manualOut, { recursive: true, force: true });
        return coldSetup();
      },
      pdf: () =>
        path.join(
          manualOut,
          'en',
          readdirSync(path.join(manualOut, 'en')).find((f) => f.endsWith('.pdf')),
        ),
    },
  ];
  if (installed('pandoc') && installed('weasyprint'))
    entries.push({
      key: 'peer',
      name: 'manual-like: pandoc → weasyprint',
      args: ['scripts/bench/pandoc-weasyprint.js', source, path.join(work, 'manual', 'peer.pdf')],
      pdf: () => path.join(work, 'manual', 'peer.pdf'),
    });
  else
    console.log(
      'manual-like: pandoc or weasyprint is not installed here, so no peer (apt-get install pandoc weasyprint)',
    );
  const results = await interleaved(entries, Math.min(RUNS, 3));
  return Object.fromEntries(entries.map((e, i) => [e.key, results[i]]));
}

/** The review and a long generated report printed with page-foot notes, each against its floor. */
async function footAgainstFloor() {
  const templates = path.join(work, 'foot-templates');
  cpSync('templates', templates, { recursive: true });
  const theme = path.join(templates, 'theme.yaml');
  writeFileSync(theme, readFileSync(theme, 'utf8').replace(/^notes: .*$/m, 'notes: foot'));
  const report = path.join(work, 'foot', 'report.md');
  await new Promise((resolve, reject) =>
    spawn(process.execPath, ['scripts/bench/manual-like.js', report, '19'], { stdio: 'inherit' })
      .on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`manual-like.js exited ${code}`))))
      .on('error', reject),
  );
  const entries = [];
  for (const [key, source] of [
    ['review', content],
    ['report', report],
  ]) {
    const dir = path.join(work, 'foot', key);
    const args = [bin, 'build', ...(key === 'review' ? ['--content', source] : [source])];
    args.push('--templates', templates, '--out', dir, '--format', 'pdf', '-q');
    await measure(args); // warm caches (parsed Markdown, page numbers)
    const printHtml = path.join(work, 'foot', `${key}.print.html`);
    const options = key === 'review' ? { content: source } : { content: path.dirname(source), report: source };
    writeFileSync(printHtml, await renderEditionHtml({ ...options, templates, locale: 'en' }, 'print'));
    const pdf = () =>
      path.join(
        dir,
        'en',
        readdirSync(path.join(dir, 'en')).find((f) => f.endsWith('.pdf')),
      );
    entries.push(
      { key, name: `notes: foot, ${key}, warm`, args, pdf },
      {
        key: `${key}Floor`,
        name: `notes: foot, ${key}: floor`,
        args: ['scripts/bench/plain-print.js', printHtml, path.join(work, 'foot', `${key}.floor.pdf`)],
        pdf: () => path.join(work, 'foot', `${key}.floor.pdf`),
      },
    );
  }
  const results = await interleaved(entries);
  return Object.fromEntries(entries.map((e, i) => [e.key, results[i]]));
}

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
  const build = (dir, ...more) => [bin, 'build', '--content', content, '--out', dir, '--format', 'pdf', '-q', ...more];
  const compared = [];
  if (want('build')) {
    await measure(build(out)); // fills the warm caches (parsed Markdown, contents numbers)
    compared.push(
      {
        key: 'cold',
        name: 'build, cold (no caches)',
        args: build(path.join(work, 'cold-out')),
        setup: () => {
          rmSync(path.join(work, 'cold-out'), { recursive: true, force: true });
          return coldSetup();
        },
      },
      { key: 'build', name: 'build, warm (rebuild: one print)', args: build(out), pdf: builtPdf },
    );
  }
  if (want('edit')) {
    // A rebuild after an edit: a copy of the content whose first chapter gains a sentence before
    // every run (that file is parsed and hyphenated again; the contents numbers are still guessed).
    const edited = path.join(work, 'edited');
    cpSync(content, edited, { recursive: true });
    const en = path.join(edited, 'en');
    const chapter = path.join(
      en,
      readdirSync(en).find((name) => /^\d+-.*\.md$/.test(name)),
    );
    const editOut = path.join(work, 'edit-out');
    const args = [bin, 'build', '--content', edited, '--out', editOut, '--format', 'pdf', '-q'];
    await measure(args);
    let edits = 0;
    compared.push({
      key: 'edit',
      name: 'build, warm after an edit',
      args,
      setup: () => {
        edits += 1;
        writeFileSync(chapter, `${readFileSync(chapter, 'utf8')}\nA sentence added before rebuild ${edits}.\n`);
        return {};
      },
    });
  }
  if (want('floor'))
    compared.push({
      key: 'floor',
      name: 'floor: plain page.pdf, fresh process',
      args: ['scripts/bench/plain-print.js', html, path.join(work, 'floor.pdf')],
      pdf: () => path.join(work, 'floor.pdf'),
    });
  if (want('peer'))
    compared.push({
      key: 'peer',
      name: 'peer: Paged.js 0.4.3, same Chromium',
      args: ['scripts/bench/pagedjs-print.js', html, path.join(work, 'paged.pdf')],
      pdf: () => path.join(work, 'paged.pdf'),
    });
  (await interleaved(compared)).forEach((result, i) => (r[compared[i].key] = result));

  if (want('html'))
    r.html = await series('build --format html', [
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
    r.checkCold = await series('check, cold', [bin, 'check', '--content', content], RUNS, undefined, coldSetup);
    r.check = await series('check, warm', [bin, 'check', '--content', content]);
  }
  // Warm rebuilds of all locales and of en alone, taking turns (as the builds above): two builds of
  // every locale first fill the caches of all three, or the first `all` run was a cold one for ru and
  // kk (two prints each) and the series after it met other load than en's (and a third build is the
  // first to take its PDFs from the finished-PDF cache: traced).
  const locales = [];
  const localeBuild = (locale) => [bin, 'build', '--content', content, '--out', out, '--locale', locale, '-q'];
  if (want('all')) locales.push({ key: 'all', name: 'build --locale all (PDF + HTML)', args: localeBuild('all') });
  if (want('allen')) locales.push({ key: 'allEn', name: 'build --locale en (PDF + HTML)', args: localeBuild('en') });
  if (locales.length > 0) {
    await measure(localeBuild('all'));
    await measure(localeBuild('all'));
    (await interleaved(locales, Math.min(RUNS, 3))).forEach((result, i) => (r[locales[i].key] = result));
  }
  if (want('manual')) r.manual = await manualAgainstPandoc();
  if (want('foot')) r.foot = await footAgainstFloor();
  if (want('preview')) {
    // The dev server's print view: a save → the new PDF at the server → the pages drawn in a browser.
    const preview = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['scripts/bench/preview-rebuild.js', content, String(RUNS)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.on('exit', (code) =>
        code === 0 ? resolve(JSON.parse(text)) : reject(new Error(`preview bench exited ${code}`)),
      );
    });
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    r.preview = { printed: median(preview.printed), drawn: median(preview.drawn) };
    console.log(
      `${'dev print view: save → PDF at the server'.padEnd(40)} median ${(r.preview.printed / 1000).toFixed(2)} s   min ${(Math.min(...preview.printed) / 1000).toFixed(2)} s   max ${(Math.max(...preview.printed) / 1000).toFixed(2)} s   (${preview.printed.length} saves)`,
    );
    console.log(
      `${'dev print view: save → pages drawn'.padEnd(40)} median ${(r.preview.drawn / 1000).toFixed(2)} s   min ${(Math.min(...preview.drawn) / 1000).toFixed(2)} s   max ${(Math.max(...preview.drawn) / 1000).toFixed(2)} s   (${preview.drawn.length} saves, web rebuild ${Math.round(median(preview.web))} ms)`,
    );
  }

  console.log('');
  if (r.build && r.floor)
    console.log(
      `build / floor        warm ${(r.build.median / r.floor.median).toFixed(2)} ×  (target ≤ 1.3 ×),  cold ${(r.cold.median / r.floor.median).toFixed(2)} ×  (target ≤ 1.8 ×)`,
    );
  if (r.edit && r.floor)
    console.log(
      `edit rebuild         ${(r.edit.median / r.floor.median).toFixed(2)} × the floor${r.peer ? `, ${(r.edit.median / r.peer.median).toFixed(2)} × Paged.js` : ''}`,
    );
  if (r.build && r.peer)
    console.log(
      `build / Paged.js     warm ${(r.build.median / r.peer.median).toFixed(2)} ×  (target ≤ 0.67 ×),  cold ${(r.cold.median / r.peer.median).toFixed(2)} ×`,
    );
  if (r.all && r.allEn)
    console.log(`all locales / en     ${(r.all.median / r.allEn.median).toFixed(2)} ×   (target ≤ 2 ×)`);
  if (r.html) console.log(`HTML-only build      ${(r.html.median / 1000).toFixed(2)} s   (target < 1 s)`);
  if (r.check)
    console.log(
      `check                warm ${(r.check.median / 1000).toFixed(2)} s, cold ${(r.checkCold.median / 1000).toFixed(2)} s   (target < 0.5 s)`,
    );
  if (r.foot)
    for (const [name, target] of [
      ['review', 1.5],
      ['report', 2],
    ])
      console.log(
        `notes: foot, ${name.padEnd(7)} ${(r.foot[name].median / r.foot[`${name}Floor`].median).toFixed(2)} × its floor   (target ≤ ${target} ×)`,
      );
  if (r.manual?.peer)
    console.log(
      `manual / Pandoc      ${(r.manual.briefing.median / r.manual.peer.median).toFixed(2)} × Pandoc → WeasyPrint   (target ≤ 0.5 ×)`,
    );
  if (r.preview)
    console.log(`print view           save → pages drawn ${(r.preview.drawn / 1000).toFixed(2)} s   (target ≤ 1 s)`);
  console.log(
    `load average         ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (${cpus().length} cores)`,
  );
}

try {
  await run();
} finally {
  rmSync(work, { recursive: true, force: true });
}

// The cost of citations and cross-references (issue 27): a generated one-file report with 300
// citations (80 BibTeX entries, Chicago author-date or notes) and 100 cross-references (20 of them
// `[page]` references), against the same report without them. Each round builds both, in turns, in
// fresh processes; the figure is the CPU time (user + system) of the Briefing process from
// /usr/bin/time (Chromium runs in a process group of its own and is not counted: BRIEFING_TRACE=browser
// shows its CPU), and the wall time of the same run (Chromium's work included: the time a user waits),
// medians over the rounds, with the load average.
//   node scripts/bench/citations.js [--rounds 5] [--style chicago-author-date] [--only check|build]
//                                   [--warm] [--fresh-cache] [--baseline plain|links] [--citations 300]
//                                   [--against ../other-checkout]
// `--citations N` (a multiple of 10) spreads N citations over the same 300 paragraphs (0: none, the
// text otherwise the same; 1,000: three or four a paragraph): what each one more costs (the slope).
// The report without them (`--baseline`):
// - `plain` (the default): each reference written out as the plain text it prints ("(Author 2012,
//   14)", "Figure 3") and the reference list typed by hand (the same 80 entries as paragraphs under a
//   "References" heading), as a report without citations has one: no links;
// - `links`: the same text with each reference a Markdown link to a hand-set anchor
//   (`[(Author 2012, 14)](#ref-key)`, `[Figure 3](#fig-3)`, `[entry]{#ref-key}`), so as many links as
//   the citations make: what is left is the cost of the citation machinery itself, not of the links.
// With a note style (`--style chicago-note-bibliography`) each citation of the report without them is
// a footnote typed by hand ("Surname, Title, page."), so both reports have the same 300 notes.
// `--against DIR`: another checkout of Briefing (compiled) measured in the same rounds, each report
// built by both CLIs in turns: before and after a change, under the same load (each CLI with its own
// copy of the reports and its own cache folder).
// `--warm` builds each report once first and measures rebuilds (the caches of the last build in use).
// Without it the first round is each report's first build in a new folder with an empty cache folder
// (BRIEFING_CACHE_DIR, one for the bench's builds; before 7 Dec 2026 the default one, shared with
// every build on the machine) and the later rounds rebuild into the same output folder;
// `--fresh-cache` gives every build an empty cache folder of its own: a first build on a new machine.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    style: { type: 'string', default: 'chicago-author-date' },
    only: { type: 'string', default: 'check,build' },
    warm: { type: 'boolean', default: false },
    'fresh-cache': { type: 'boolean', default: false },
    baseline: { type: 'string', default: 'plain' },
    citations: { type: 'string', default: '300' },
    against: { type: 'string' },
  },
});

if (!['plain', 'links'].includes(values.baseline)) throw new Error(`--baseline plain or links, not ${values.baseline}`);
if (values.warm && values['fresh-cache'])
  throw new Error('--warm measures rebuilds from the caches: not with --fresh-cache');
const linked = values.baseline === 'links';
if (!Number.isInteger(Number(values.citations)) || Number(values.citations) % 10 !== 0)
  throw new Error(`--citations: a multiple of 10, not ${values.citations}`);

const ENTRIES = 80;
const NOTE_STYLE = values.style.includes('note');
const CITATIONS = Number(values.citations);
const PARAGRAPHS = 300;
const CROSSREFS = 100;
const CHAPTERS = 10;
const FIGURES = 20;
const TABLES = 20;

const SURNAMES = ['Abbott', 'Baker', 'Chen', 'Dias', 'Evans', 'Fischer', 'Garcia', 'Haddad', 'Ivanova', 'Jones'];
const GIVEN = ['Ann', 'Boris', 'Chloe', 'Daniel', 'Elena', 'Farid', 'Grace', 'Hugo'];
const WORDS =
  'public budgets courts rights reform policy data region council review measure growth pay schools health water'.split(
    ' ',
  );

/** A deterministic sequence (no Math.random: both reports and every run are the same). */
function* numbers(seed) {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2147483648;
    yield x;
  }
}
const rand = numbers(27);
const pick = (list) => list[rand.next().value % list.length];

function entries() {
  return Array.from({ length: ENTRIES }, (_, i) => {
    const surname = SURNAMES[i % SURNAMES.length];
    const given = GIVEN[(i * 3) % GIVEN.length];
    const year = 1990 + (i % 30);
    const key = `${surname.toLowerCase()}${year}${String.fromCharCode(97 + Math.floor(i / 30))}`;
    const co = i % 4 === 0 ? ` and ${pick(SURNAMES)}, ${pick(GIVEN)}` : '';
    const title = `${pick(WORDS)} and ${pick(WORDS)} in ${pick(WORDS)}`.replace(/^./, (c) => c.toUpperCase());
    const text =
      i % 2 === 0
        ? `@book{${key},\n  author = {${surname}, ${given}${co}},\n  title = {${title}},\n  publisher = {Academic Press},\n  address = {New York},\n  year = {${year}}\n}\n`
        : `@article{${key},\n  author = {${surname}, ${given}${co}},\n  title = {${title}},\n  journal = {Journal of ${pick(WORDS)}},\n  volume = {${i}},\n  pages = {${i + 10}--${i + 30}},\n  year = {${year}}\n}\n`;
    const typed = `${surname}, ${given}. ${year}. ${title}. New York: Academic Press.`;
    return { key, surname, year, title, text, typed };
  });
}

/** Both reports' text: `cite(entry, page)` and `ref(kind, n, label)` write a reference each way. */
function report(withReferences) {
  const bib = entries();
  const lines = [
    '---',
    'title: Citations at Scale',
    'date: 2024-05-01',
    ...(withReferences ? ['bibliography: references.bib', `csl: ${values.style}.csl`] : []),
    '---',
    '',
  ];
  let citations = 0;
  let crossrefs = 0;
  // A note style's citations are footnotes: without them, the same notes typed by hand (below each
  // paragraph), so the two reports have as many notes, pages and links.
  const notes = [];
  const cite = () => {
    const e = bib[citations % ENTRIES];
    const page = 10 + (citations % 90);
    const form = citations % 3;
    citations += 1;
    if (!withReferences) {
      const to = (words) => (linked ? `[${words}](#ref-${e.key})` : words);
      if (NOTE_STYLE) {
        notes.push(`[^c${citations}]: ${to(`${e.surname}, ${e.title}`)}${form === 0 ? `, ${page}` : ''}.`);
        return `${form === 1 ? e.surname : ''}[^c${citations}]`;
      }
      return form === 1
        ? `${to(e.surname)} (${to(e.year)})`
        : `(${to(`${e.surname} ${e.year}${form === 0 ? `, ${page}` : ''}`)})`;
    }
    return form === 0 ? `[@${e.key}, p. ${page}]` : form === 1 ? `@${e.key}` : `[see @${e.key}]`;
  };
  const kinds = [
    ['fig', 'Figure', FIGURES],
    ['tbl', 'Table', TABLES],
  ];
  const ref = () => {
    const [kind, word, count] = kinds[crossrefs % 2];
    const n = 1 + (Math.floor(crossrefs / 2) % count);
    const page = crossrefs % 5 === 0;
    crossrefs += 1;
    if (!withReferences)
      return `${linked ? `[${word} ${n}](#${kind}-${n})` : `${word} ${n}`}${page ? ' on page 12' : ''}`;
    return `@${kind}-${n}${page ? '[page]' : ''}`;
  };
  const perChapter = { paragraphs: PARAGRAPHS / CHAPTERS, cite: CITATIONS / CHAPTERS, ref: CROSSREFS / CHAPTERS };
  // Paragraph p of a chapter holds its share of the chapter's citations (one each at 300).
  const share = (p) =>
    Math.floor(((p + 1) * perChapter.cite) / perChapter.paragraphs) -
    Math.floor((p * perChapter.cite) / perChapter.paragraphs);
  for (let c = 1; c <= CHAPTERS; c += 1) {
    lines.push(`# Chapter ${c}`, '');
    for (let p = 0; p < perChapter.paragraphs; p += 1) {
      const words = Array.from({ length: 40 }, () => pick(WORDS)).join(' ');
      const cites = Array.from({ length: share(p) }, () => ` ${cite()}`).join(',');
      const ref1 = p < perChapter.ref ? ` as ${ref()} shows` : '';
      lines.push(`The ${words} grew${cites}${ref1}, and ${pick(WORDS)} ${pick(WORDS)} followed.`, '');
      if (notes.length > 0) lines.push(...notes.splice(0).flatMap((note) => [note, '']));
      if (p === 5 || p === 20) {
        const n = (c - 1) * 2 + (p === 5 ? 1 : 2);
        lines.push(`![Chart ${n} of ${pick(WORDS)}](map.png){#fig-${n}}`, '');
        lines.push(
          `Table: ${pick(WORDS)} by region {#tbl-${n}}`,
          '',
          '| Region | Value |',
          '|:--|--:|',
          `| North | ${n} |`,
          '',
        );
      }
    }
  }
  const entry = (e) => (linked ? `[${e.typed}]{#ref-${e.key}}` : e.typed);
  if (!withReferences) lines.push('## References', '', ...bib.flatMap((e) => [entry(e), '']));
  if (citations !== CITATIONS || crossrefs !== CROSSREFS)
    throw new Error(`${citations} citations, ${crossrefs} cross-references`);
  return { text: `${lines.join('\n')}\n`, bib: bib.map((e) => e.text).join('\n') };
}

function make(dir, withReferences) {
  mkdirSync(dir, { recursive: true });
  const { text, bib } = report(withReferences);
  writeFileSync(path.join(dir, 'report.md'), text);
  if (withReferences) writeFileSync(path.join(dir, 'references.bib'), bib);
  copyFileSync(path.resolve('tests/fixtures/citations/content/en/map.png'), path.join(dir, 'map.png'));
}

const bins = { this: path.resolve('bin/briefing.js') };
if (values.against) bins.against = path.resolve(values.against, 'bin/briefing.js');

/** CPU seconds (user + system) of one CLI run and its children, and its wall seconds. */
function cpu(args, cwd, bin = 'this') {
  const cache = cacheOf(bin);
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, bins[bin], ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', BRIEFING_CACHE_DIR: cache },
  });
  const wall = (performance.now() - started) / 1000;
  if (values['fresh-cache']) rmSync(cache, { recursive: true, force: true });
  if (run.status !== 0) throw new Error(`${args.join(' ')} in ${cwd}: exit ${run.status}\n${run.stderr}`);
  const [user, system] = run.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { cpu: user + system, wall };
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

const work = mkdtempSync(path.join(tmpdir(), 'briefing-bench-cite-'));
// Each CLI its own copy of both reports and its own cache folder: what a build keeps for the next build
// of the same PDF (its print, its finished file) would otherwise be the other checkout's, and missed.
const dirsOf = (bin) => ({ with: path.join(work, bin, 'with'), without: path.join(work, bin, 'without') });
for (const bin of Object.keys(bins)) {
  make(dirsOf(bin).with, true);
  make(dirsOf(bin).without, false);
  if (!values['fresh-cache']) mkdirSync(path.join(work, bin, 'cache'));
}
/** The cache folder a build of `bin` uses (a fresh one each build with --fresh-cache). */
const cacheOf = (bin) =>
  values['fresh-cache']
    ? mkdtempSync(path.join(tmpdir(), 'briefing-bench-cite-cache-'))
    : path.join(work, bin, 'cache');
const commands = { check: ['check', 'report.md'], build: ['build', 'report.md'] };
console.log(
  `${CITATIONS} citations (${ENTRIES} entries, ${values.style}), ${CROSSREFS} cross-references; without them: ${values.baseline}${values['fresh-cache'] ? '; a fresh cache folder per build' : ''}`,
);
for (const name of values.only.split(',')) {
  const args = commands[name];
  // (With --against both CLIs warm up: the content-keyed caches keep each one's entries.)
  if (values.warm)
    for (const bin of Object.keys(bins)) for (const dir of Object.values(dirsOf(bin))) cpu(args, dir, bin);
  const runs = Object.keys(bins).flatMap((bin) => ['with', 'without'].map((which) => ({ bin, which })));
  const times = new Map(runs.map((run) => [run, []]));
  const loads = [];
  for (let round = 0; round < Number(values.rounds); round += 1) {
    loads.push(loadavg()[0]);
    // In turns, the order reversed every round: load that drifts falls on all alike.
    for (const run of round % 2 === 0 ? runs : [...runs].reverse())
      times.get(run).push(cpu(args, dirsOf(run.bin)[run.which], run.bin));
  }
  for (const bin of Object.keys(bins)) {
    const [runsWith, runsWithout] = ['with', 'without'].map((which) =>
      times.get(runs.find((r) => r.bin === bin && r.which === which)),
    );
    const label = values.against ? ` [${bin === 'this' ? 'this checkout' : values.against}]` : '';
    for (const measure of ['cpu', 'wall']) {
      const [a, b] = [runsWith, runsWithout].map((list) => list.map((t) => t[measure]));
      const unit = measure === 'cpu' ? 's CPU' : 's wall';
      console.log(
        `${name}${values.warm ? ' (warm)' : ''}${label}: with ${median(a).toFixed(2)} ${unit}, without ${median(b).toFixed(2)} ${unit}, ratio ${(median(a) / median(b)).toFixed(2)} ` +
          `(medians of ${values.rounds}; with ${a.map((t) => t.toFixed(2)).join(' ')}; without ${b.map((t) => t.toFixed(2)).join(' ')}; load ${loads.map((l) => l.toFixed(1)).join(' ')})`,
      );
    }
  }
}
rmSync(work, { recursive: true, force: true });

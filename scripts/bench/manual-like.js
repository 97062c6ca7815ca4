// A manual-like Pandoc Markdown document for the peer comparison of `npm run bench -- --only manual`:
// the mix of the Pandoc User's Guide (one file, a `%` title block, chapters and sections, option
// definition lists, fenced code, pipe and grid tables, inline code, emphasis, #anchor links, footnotes)
// at about its length. Generated, not vendored: the real manual is GPL text we do not ship; its own
// measurements are in docs/REAL-DOCUMENTS.md. Deterministic (a fixed-seed generator), so every run and
// both tools get the same bytes.
// Usage: node scripts/bench/manual-like.js out.md [chapters (12)]

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const WORDS = (
  'the a of to and in is for that with as on by be this it or an are from at which can when will ' +
  'option document output input format file filter template metadata variable reader writer ' +
  'extension table heading section list note citation style reference default value command line ' +
  'argument markdown element attribute block inline paragraph figure image link footnote math ' +
  'code syntax parser printer chapter contents number page margin font width height language'
).split(' ');

/** A small deterministic generator (mulberry32): the same document on every machine. */
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = generator(24);
const pick = (list) => list[Math.floor(random() * list.length)];
const words = (n) => Array.from({ length: n }, () => pick(WORDS)).join(' ');

function sentence() {
  const text = words(8 + Math.floor(random() * 14));
  const styled = random() < 0.3 ? ` with \`--${pick(WORDS)}-${pick(WORDS)}\`` : random() < 0.3 ? ` *${words(2)}*` : '';
  return `${text[0].toUpperCase()}${text.slice(1)}${styled}.`;
}

const paragraph = (n = 4 + Math.floor(random() * 4)) => Array.from({ length: n }, sentence).join(' ');

function definitions(chapter, section) {
  const terms = Array.from({ length: 4 }, (_, k) => `\`--${pick(WORDS)}-${chapter}-${section}-${k}\``);
  return terms.map((term) => `${term}\n\n:   ${paragraph(2)}\n\n    ${paragraph(2)}`).join('\n\n');
}

function pipeTable() {
  const rows = Array.from({ length: 5 }, () => `| \`${pick(WORDS)}\` | ${words(3)} | ${words(6)} |`);
  return ['| Name | Kind | Description |', '|------|------|-------------|', ...rows, '', `Table: ${words(4)}`].join(
    '\n',
  );
}

function gridTable() {
  const line = '+--------------+--------------------------------+';
  const row = () => `| ${words(1).padEnd(12)} | ${words(4).slice(0, 30).padEnd(30)} |`;
  return [
    line,
    '| Field        | Meaning                        |',
    line.replace(/-/g, '='),
    row(),
    line,
    row(),
    line,
  ].join('\n');
}

function codeBlock() {
  const lines = Array.from({ length: 4 + Math.floor(random() * 6) }, () => `pandoc --${pick(WORDS)} ${pick(WORDS)}.md`);
  return ['```sh', ...lines, '```'].join('\n');
}

function section(chapter, index, notes) {
  const id = `sec-${chapter}-${index}`;
  const parts = [`## Section ${chapter}.${index} ${words(3)} {#${id}}`, paragraph()];
  for (let k = 0; k < 3; k += 1) {
    const note = `n${chapter}-${index}-${k}`;
    notes.push(`[^${note}]: ${paragraph(2)}`);
    parts.push(`${paragraph()} See [the previous section](#sec-${chapter}-${Math.max(1, index - 1)}).[^${note}]`);
  }
  parts.push(definitions(chapter, index), paragraph(), index % 2 ? pipeTable() : gridTable(), paragraph(), codeBlock());
  return parts.join('\n\n');
}

function manual(chapters) {
  const body = ['% A Manual-Like Document\n% Briefing bench\n% 2026'];
  for (let chapter = 1; chapter <= chapters; chapter += 1) {
    const notes = [];
    body.push(`# Chapter ${chapter}: ${words(2)}`, paragraph());
    for (let index = 1; index <= 6; index += 1) body.push(section(chapter, index, notes));
    body.push(notes.join('\n\n'));
  }
  return `${body.join('\n\n')}\n`;
}

const [out, chapters = '12'] = process.argv.slice(2);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, manual(Number(chapters)));

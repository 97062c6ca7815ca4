#!/usr/bin/env node
// Huge inputs, generated on the fly (never committed): a 10 MB chapter, 10,000 notes, 5,000 callouts.
// For each: `briefing check` and `briefing build --format html` in a fresh process, wall time and peak
// memory (max RSS, from /usr/bin/time when present). Usage: node scripts/bench-huge.js [case…]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'briefing.js');
const words = 'the review of human rights law court public control national system report mechanism'.split(' ');
const sentence = (i) => Array.from({ length: 14 }, (_, j) => words[(i * 7 + j * 3) % words.length]).join(' ') + '.';

const CASES = {
  'chapter-10mb': (en) => {
    const paragraphs = [];
    let size = 0;
    for (let i = 0; size < 10 * 1024 * 1024; i++) {
      const p = Array.from({ length: 8 }, (_, j) => sentence(i + j)).join(' ');
      paragraphs.push(p);
      size += p.length + 2;
    }
    writeFileSync(path.join(en, '05-huge.md'), `# Huge\n\n${paragraphs.join('\n\n')}\n`);
  },
  'notes-10000': (en) => {
    const refs = Array.from({ length: 10000 }, (_, i) => `${sentence(i)}[^n${i}]`);
    writeFileSync(path.join(en, '05-notes.md'), `# Notes\n\n${refs.join('\n\n')}\n`);
    const defs = Array.from({ length: 10000 }, (_, i) => `[^n${i}]: Source ${i} <https://example.org/${i}>`);
    // Added to the starter's own definitions (its chapters cite them).
    writeFileSync(
      path.join(en, 'sources.md'),
      `${readFileSync(path.join(en, 'sources.md'), 'utf8')}\n${defs.join('\n\n')}\n`,
    );
  },
  'callouts-5000': (en) => {
    const parts = Array.from({ length: 5000 }, (_, i) => `${sentence(i)}\n\n:::callout\n- ${sentence(i + 1)}\n:::`);
    writeFileSync(path.join(en, '05-callouts.md'), `# Callouts\n\n${parts.join('\n\n')}\n`);
  },
};

function measure(args, env) {
  const time = existsSync('/usr/bin/time');
  const started = process.hrtime.bigint();
  const run = time
    ? spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, bin, ...args], { env, encoding: 'utf8' })
    : spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // Wall time swings with the machine's load; CPU time (user + system) much less.
  const [kb, user, sys] = time ? run.stderr.trim().split('\n').at(-1).split(' ').map(Number) : [NaN, NaN, NaN];
  const problems = run.stderr.split('\n').filter((l) => / (error|warning) /.test(l)).length;
  return {
    status: run.status,
    seconds: seconds.toFixed(2),
    cpuSeconds: (user + sys).toFixed(2),
    peakMB: Number.isFinite(kb) ? Math.round(kb / 1024) : '?',
    problems,
  };
}

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(CASES);
for (const name of wanted) {
  const dir = mkdtempSync(path.join(tmpdir(), 'briefing-huge-'));
  const content = path.join(dir, 'content');
  cpSync(path.join(root, 'tests', 'fixtures', 'starter'), content, { recursive: true });
  CASES[name](path.join(content, 'en'));
  const env = { ...process.env, BRIEFING_CACHE_DIR: 'off', CI: 'true' };
  const check = measure(['check', '--content', content], env);
  const html = measure(['build', '--format', 'html', '--content', content, '--out', path.join(dir, 'out'), '-q'], env);
  console.log(JSON.stringify({ case: name, check, buildHtml: html }));
  rmSync(dir, { recursive: true, force: true });
}

// npm run bench:scale: synthetic editions of 1×, 3× and 10× the review (its chapters repeated under
// new names, citing the same notes), each built once in a fresh process (cold caches); time and
// peak memory (PSS of Briefing and Chromium) per size, and time per page, to show how cost grows.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { treePss } from './bench/process-memory.js';

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '1,3,10' }, content: { type: 'string', default: 'content' } },
});
const work = mkdtempSync(path.join(tmpdir(), 'briefing-scale-'));
const bin = path.resolve('bin/briefing.js');

/** A content folder with the source locale's chapters repeated `times` times (new slugs, same notes). */
function syntheticEdition(times) {
  const dir = path.join(work, `x${times}`);
  const en = path.join(dir, 'en');
  cpSync(path.resolve(values.content), dir, { recursive: true });
  for (const other of readdirSync(dir))
    if (other !== 'en' && statSync(path.join(dir, other)).isDirectory())
      rmSync(path.join(dir, other), { recursive: true });
  const chapters = readdirSync(en).filter((name) => /^\d+-/.test(name));
  for (let copy = 2; copy <= times; copy += 1) {
    for (const name of chapters) {
      const [, order, slug] = /^(\d+)-(.*)$/.exec(name);
      const target = path.join(
        en,
        `${String(copy * 100 + Number(order)).padStart(4, '0')}-${slug.replace(/\.md$/, '')}-${copy}${name.endsWith('.md') ? '.md' : ''}`,
      );
      cpSync(path.join(en, name), target, { recursive: true });
      if (statSync(target).isDirectory()) {
        for (const section of readdirSync(target).filter((f) => /^\d+-.*\.md$/.test(f))) {
          renameSync(path.join(target, section), path.join(target, section.replace(/\.md$/, `-${copy}.md`)));
        }
      }
    }
  }
  // The source locale only.
  const config = path.join(dir, 'briefing.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').replace(/^locales:.*$/m, 'locales: [en]'));
  return dir;
}

function build(dir, out) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, 'build', '--content', dir, '--out', out, '-q'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, CI: 'true', BRIEFING_CACHE_DIR: path.join(out, '.cache') },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, treePss(child.pid))), 100);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) reject(new Error(stderr));
      else resolve({ seconds: (performance.now() - started) / 1000, peak });
    });
  });
}

try {
  console.log('size   pages   time      per page    peak memory');
  let base;
  for (const times of values.sizes.split(',').map(Number)) {
    const dir = syntheticEdition(times);
    const out = path.join(work, `out-${times}`);
    const result = await build(dir, out);
    const pdf = readdirSync(path.join(out, 'en')).find((f) => f.endsWith('.pdf'));
    const pages = (
      await PDFDocument.load(readFileSync(path.join(out, 'en', pdf)), { updateMetadata: false })
    ).getPageCount();
    base ??= result.seconds / times;
    console.log(
      `${String(times).padStart(3)}×  ${String(pages).padStart(6)}  ${result.seconds.toFixed(2).padStart(6)} s  ${((result.seconds / pages) * 1000).toFixed(0).padStart(6)} ms  ${(result.peak / 1024 / 1024).toFixed(0).padStart(7)} MB   (${(result.seconds / times / base).toFixed(2)} × the 1× time per unit)`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

// `npm run compile`, after scripts/bundle.js: each chunk of dist/bundle/ written again as a script
// (esbuild's transform to CommonJS: the same code, its imports `require`s of the other chunks, its
// dynamic imports `__chunk(…)` and `__import(…)`) into dist/bundle/script/, with V8's code for it made by a
// build of a new report run from those scripts (src/script-bundle.ts: bin/briefing.js loads the CLI
// from there, its code cached, when it may). Without a browser, the build makes the web edition only.
import { transformSync } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import {
  BUNDLE_DIR,
  CACHE_FLAGS,
  MANIFEST,
  SCRIPT_DIR,
  ScriptBundle,
  wrap,
  writeCachedData,
} from '../dist/script-bundle.js';

// bundle.js gives every chunk this line; a script is given `require` by its loader instead.
const BANNER =
  "import { createRequire as __briefingRequire } from 'node:module'; const require = __briefingRequire(import.meta.url);\n";
const scriptDir = path.join(BUNDLE_DIR, SCRIPT_DIR);

if (process.argv[2] === '--warm') await warmUp(process.argv[3]);
else writeScripts();

function writeScripts() {
  rmSync(scriptDir, { recursive: true, force: true });
  mkdirSync(scriptDir, { recursive: true });
  const scripts = {};
  for (const name of readdirSync(BUNDLE_DIR).filter((n) => n.endsWith('.js'))) {
    const source = readFileSync(path.join(BUNDLE_DIR, name), 'utf8');
    if (!source.startsWith(BANNER)) throw new Error(`${name} does not start as scripts/bundle.js makes a chunk start`);
    // A dynamic import of a chunk (some with a comment before its name): `__chunk`; of a package named
    // (pdfjs-dist, esbuild): `__import`, an import() of the loader's (vm's own is experimental). Any
    // other is left as written: code that runs in the page (pdf.js's import for the proof's sheet).
    const dynamic = source
      .slice(BANNER.length)
      .replace(/\bimport\(\s*(?:\/\*[^*]*\*\/\s*)?"\.\/([\w.-]+\.js)"\s*\)/g, '__chunk("./$1")')
      .replace(/(?<![\w$."'`])import\(("(?:node:)?[@a-z][\w@./-]*")\)/g, '__import($1)');
    const { code } = transformSync(dynamic, {
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      define: { 'import.meta.url': '__importMetaUrl' },
      logLevel: 'error',
    });
    writeFileSync(path.join(scriptDir, name), code);
    scripts[name] = createHash('sha256').update(code).digest('hex');
  }
  const manifest = { node: process.version, flags: CACHE_FLAGS, scripts };
  writeFileSync(path.join(scriptDir, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  const work = mkdtempSync(path.join(os.tmpdir(), 'briefing-code-cache-'));
  try {
    const warm = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--warm', work], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
      env: { ...process.env, BRIEFING_CACHE_DIR: 'off', BRIEFING_TRACE: '' },
    });
    if (warm.status === 0) process.stdout.write(`${warm.stderr.trim().split('\n').at(-1)}\n`);
    else {
      // No scripts then: bin/briefing.js loads the ES modules, as without this step.
      rmSync(scriptDir, { recursive: true, force: true });
      process.stderr.write(`code cache not made (the CLI runs as ES modules): the build failed\n${warm.stderr}\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A build of a new report from the scripts, then the code V8 made of each kept beside it. */
async function warmUp(work) {
  setFlagsFromString(CACHE_FLAGS);
  const manifest = JSON.parse(readFileSync(path.join(scriptDir, MANIFEST), 'utf8'));
  const bundle = new ScriptBundle(BUNDLE_DIR, manifest, false);
  const { main } = bundle.load('main.js');
  const io = { out: () => {}, err: (text) => process.stderr.write(text), isTTY: false };
  const report = path.join(work, 'report');
  if ((await main(['new', report], io)) !== 0) throw new Error('briefing new failed');
  const args = ['build', '--content', path.join(report, 'content'), '--out', path.join(work, 'out'), '--quiet'];
  // Without a browser (the pdf format fails), the web edition alone.
  if ((await main(args, { ...io, err: () => {} })) !== 0 && (await main([...args, '--format', 'html'], io)) !== 0)
    throw new Error('the build failed');
  const made = writeCachedData(bundle, BUNDLE_DIR);
  // The chunks the build did not load: their code as compiled up front (no function run yet).
  const loaded = new Set(bundle.chunks().map((c) => c.name));
  for (const name of Object.keys(manifest.scripts).filter((n) => !loaded.has(n))) {
    const script = new Script(wrap(readFileSync(path.join(scriptDir, name), 'utf8')), { filename: name });
    writeFileSync(path.join(scriptDir, `${name}.cache`), script.createCachedData());
  }
  process.stderr.write(
    `code cache: ${made} chunks run by a build, ${Object.keys(manifest.scripts).length - made} compiled\n`,
  );
}

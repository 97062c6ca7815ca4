// The CLI as one bundle (dist/bundle/, loaded by bin/briefing.js): Node 20 reads, resolves and
// compiles the ~400 modules of the unbundled dist/ one by one, 0.2–0.45 s of every build on 2
// cores, where the bundle takes 0.1 s (measured: `npm run bench`). Made from dist/ by
// `npm run compile`, after tsc; tests and the API use dist/ as compiled. Packages that are loaded
// lazily and are CommonJS (pdf-lib, fontkit) or huge (pdfjs-dist) stay outside, loaded by Node.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const outdir = 'dist/bundle';
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: ['dist/cli/main.js'],
  outdir,
  bundle: true,
  splitting: true, // commands and lazily loaded stages stay lazy (one chunk each)
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['pdf-lib', 'fontkit', 'pdfjs-dist'],
  // Bundled CommonJS packages call require(); ESM has none of its own.
  banner: {
    js: "import { createRequire as __briefingRequire } from 'node:module'; const require = __briefingRequire(import.meta.url);",
  },
  logLevel: 'warning',
  legalComments: 'none',
});

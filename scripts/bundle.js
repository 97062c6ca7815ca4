// The CLI as one bundle (dist/bundle/, loaded by bin/briefing.js): Node 20 reads, resolves and
// compiles the ~400 modules of the unbundled dist/ one by one, 0.2–0.45 s of every build on 2
// cores, where the bundle takes 0.1 s (measured: `npm run bench`). Made from dist/ by
// `npm run compile`, after tsc; tests and the API use dist/ as compiled. pdf-lib goes in as its ES
// build (lazily, in a chunk of its own): loaded by Node as CommonJS, its ~150 files cost 0.21 s and
// 0.38 s of CPU to resolve and compile during every print, where the chunk takes 0.06 s (measured).
// fontkit (only for themes with font files) and pdfjs-dist (huge; proof only) stay outside.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleViewer, VIEWER_BUNDLE } from '../dist/dev/viewer-bundle.js';
import { bundlePageSide, PAGE_BUNDLE } from '../dist/print/page-script.js';

/**
 * pdf-lib's standard-font encodings, read when first asked for: @pdf-lib/standard-fonts inflates and
 * parses them (with pako) as soon as it is loaded, ~17 ms of every build, for the 14 standard fonts
 * Briefing never uses (its fonts are embedded). The same code otherwise; the build fails if it changed.
 */
const lazyEncodings = {
  name: 'lazy-standard-font-encodings',
  setup(bundle) {
    bundle.onLoad({ filter: /@pdf-lib[\\/]standard-fonts[\\/]lib[\\/]Encoding\.js$/ }, ({ path: file }) => {
      const source = readFileSync(file, 'utf8');
      const eager =
        'var decompressedEncodings = utils_1.decompressJson(all_encodings_compressed_json_1.default);\nvar allUnicodeMappings = JSON.parse(decompressedEncodings);';
      const table = /exports\.Encodings = \{[^}]*\};/;
      if (!source.includes(eager) || !table.test(source))
        throw new Error(`${file} is not the code lazy-standard-font-encodings expects: update scripts/bundle.js`);
      const lazy = `var mappings;
function allUnicodeMappings() {
    return (mappings = mappings || JSON.parse(utils_1.decompressJson(all_encodings_compressed_json_1.default)));
}
function encoding(name, key) {
    var made;
    return { enumerable: true, get: function () { return (made = made || new Encoding(name, allUnicodeMappings()[key])); } };
}`;
      const contents = source
        .replace(eager, lazy)
        .replace(
          table,
          "exports.Encodings = Object.defineProperties({}, { Symbol: encoding('Symbol', 'symbol'), ZapfDingbats: encoding('ZapfDingbats', 'zapfdingbats'), WinAnsi: encoding('WinAnsi', 'win1252') });",
        );
      return { contents, loader: 'js' };
    });
  },
};

/**
 * unist-util-visit-parents gives each node's visit function a name (`node (element<p>)`, coloured,
 * for stack traces) with Object.defineProperty: for every node of every walk, about ten times the walk
 * itself (the Markdown pipeline and the render steps walk each edition's trees dozens of times; a
 * report with 300 citations has 2.3 × the nodes of its text alone). Bundled without the naming; the
 * same code otherwise; the build fails if that file changed.
 */
const unnamedVisits = {
  name: 'unnamed-visits',
  setup(bundle) {
    bundle.onLoad({ filter: /unist-util-visit-parents[\\/]lib[\\/]index\.js$/ }, ({ path: file }) => {
      const source = readFileSync(file, 'utf8');
      const naming =
        /\n {4}const value = \/\*\* @type \{Record<string, unknown>\} \*\/ \(\n {6}node && typeof node === 'object' \? node : \{\}\n {4}\)\n\n {4}if \(typeof value\.type === 'string'\) \{\n[^]*?Object\.defineProperty\(visit, 'name', \{\n[^]*?\n {6}\}\)\n {4}\}\n/;
      if (!naming.test(source))
        throw new Error(`${file} is not the code unnamed-visits expects: update scripts/bundle.js`);
      return { contents: source.replace(naming, '\n'), loader: 'js' };
    });
  },
};

const outdir = 'dist/bundle';
rmSync(outdir, { recursive: true, force: true });
await build({
  // The parse worker's module (src/pipeline/parse-split.ts) is loaded by name, next to the chunks;
  // dev: the dev loop for scripts that time it (src/dev/index.ts).
  entryPoints: { main: 'dist/cli/main.js', 'parse-worker': 'dist/pipeline/parse-worker.js', dev: 'dist/dev/index.js' },
  outdir,
  bundle: true,
  splitting: true, // commands and lazily loaded stages stay lazy (one chunk each)
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // esbuild: only src/dev/viewer-bundle.ts imports it, running from source (tests); never bundled.
  external: ['fontkit', 'pdfjs-dist', 'esbuild'],
  // Its package.json points `main` at the CommonJS build; the same code as ES modules is in es/.
  // (css-tree: only its tokenizer is bundled; colours require the package from node_modules, see
  // src/render/colors.ts, since its grammar is JSON read at run time next to its modules.)
  alias: { 'pdf-lib': 'pdf-lib/es/index.js' },
  // Bundled CommonJS packages call require(); ESM has none of its own.
  banner: {
    js: "import { createRequire as __briefingRequire } from 'node:module'; const require = __briefingRequire(import.meta.url);",
  },
  plugins: [lazyEncodings, unnamedVisits],
  logLevel: 'warning',
  legalComments: 'none',
});

// The print view's browser code (src/dev/browser/), read by the dev server from dist/browser/.
mkdirSync(path.dirname(VIEWER_BUNDLE), { recursive: true });
writeFileSync(VIEWER_BUNDLE, await bundleViewer());

// The print page's code (src/print/page-side/), read by src/print/page-script.ts from dist/browser/.
writeFileSync(PAGE_BUNDLE, await bundlePageSide());

// The print view's browser code (src/dev/browser/print-viewer.ts) as one script. esbuild bundles it at
// `npm run compile` (scripts/bundle.js calls `bundleViewer`) into dist/browser/, which the dev server
// reads: an installed Briefing never needs esbuild. Running from source (the tests), there is no
// compiled copy to trust, so it is bundled here in memory with the same options.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import { PRINT_PATH } from './protocol.js';

/** Where `npm run compile` writes the bundle, under the package root. */
export const VIEWER_BUNDLE = 'dist/browser/print-viewer.js';
const ENTRY = 'src/dev/browser/print-viewer.ts';

/** The viewer bundled: pdf.js stays the server's own copy, imported from PRINT_PATH. */
export async function bundleViewer(): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: PACKAGE_ROOT, // the bundle's comments name files relative to it, wherever it is made
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [
      {
        name: 'pdfjs-from-server',
        setup(build) {
          build.onResolve({ filter: /^pdfjs-dist$/ }, () => ({ path: `${PRINT_PATH}/pdf.mjs`, external: true }));
        },
      },
    ],
  });
  return result.outputFiles[0]!.text;
}

let script: Promise<string> | undefined;

/** The script served as /print/viewer.js: the compiled bundle, or (from source) bundled now. */
export function viewerScript(): Promise<string> {
  const fromSource = import.meta.url.endsWith('.ts');
  return (script ??= fromSource ? bundleViewer() : readFile(path.join(PACKAGE_ROOT, VIEWER_BUNDLE), 'utf8'));
}

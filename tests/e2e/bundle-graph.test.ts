// What the CLI bundle (scripts/bundle.js) loads with a chunk: its static imports, followed through.
// Whatever a cold build loads before its print HTML is handed to Chromium delays the print.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/cli.js';

const BUNDLE = path.join(ROOT, 'dist', 'bundle');

/** The chunk's text and that of every chunk it imports statically (not `import(…)`), transitively. */
function staticallyLoaded(chunk: string): string {
  const seen = new Set<string>();
  const texts: string[] = [];
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const text = readFileSync(path.join(BUNDLE, name), 'utf8');
    texts.push(text);
    for (const m of text.matchAll(/^import\s+(?:[^'"();]*?\s+from\s+)?["']\.\/([^"']+\.js)["'];?$/gm)) visit(m[1]!);
  };
  visit(chunk);
  return texts.join('\n');
}

/** The bundle's one chunk of a lazily loaded module, named after it by esbuild (`print-<hash>.js`). */
function chunkOf(name: string): string {
  const found = readdirSync(BUNDLE).filter((file) => new RegExp(`^${name}-[A-Z0-9]+\\.js$`).test(file));
  expect(found, `dist/bundle/${name}-*.js`).toHaveLength(1);
  return found[0]!;
}

describe('the CLI bundle', () => {
  it('loads the print module without pdf-lib: it loads while Chromium lays out the edition (print/finish.ts)', () => {
    const print = staticallyLoaded(chunkOf('print'));
    expect(print).toContain('// dist/print/pdf.js');
    expect(print).toContain('// dist/cache.js');
    expect(print).not.toContain('// node_modules/pdf-lib/');
    // (The finishing module does load it: the test would see it if it were there.)
    expect(staticallyLoaded(chunkOf('finish'))).toContain('// node_modules/pdf-lib/');
  });

  it("loads Handlebars' runtime with the build, its compiler only for a template no cache holds (render.ts)", () => {
    const builds = readdirSync(BUNDLE).filter((file) => /^build-[A-Z0-9]+\.js$/.test(file));
    const loaded = builds.map(staticallyLoaded).join('\n');
    expect(loaded).toContain('// dist/build.js');
    expect(loaded).toContain('// node_modules/handlebars/dist/cjs/handlebars.runtime.js');
    expect(loaded).not.toContain('// node_modules/handlebars/dist/cjs/handlebars/compiler/');
    expect(loaded).not.toContain('// node_modules/source-map/');
  });
});

// Compiling the templates (Handlebars parses each one and generates its JavaScript) took 0.1 s of
// every build, twice over: once to report syntax errors with the file's line, once more lazily on
// first use. The generated code (Handlebars' "precompiled" template) depends only on the template's
// text, the options and the Handlebars version, so it is generated once, used for both, and kept on
// disk beside the parsed-Markdown cache for the next build. That file is code we run, so it is read
// only through readCacheFile (src/cache.ts): sealed with this user's secret key, so a file anyone else
// wrote or edited is a miss and the template is compiled again.
import { createHash } from 'node:crypto';
import path from 'node:path';
import Handlebars, { type HandlebarsRuntime } from './handlebars-runtime.js';
import { builtInEntry, cacheDir, readCacheFile, recordBuiltIn, writeCacheFile } from '../cache.js';

/** Where a template's precompiled JavaScript is kept: its name, and its file in the cache folder if there is one. */
function entryOf(source: string): { name: string; file: string | undefined } {
  const dir = cacheDir();
  const key = createHash('sha256').update(`${Handlebars.VERSION}|strict|`).update(source).digest('hex').slice(0, 32);
  const name = `template-${key}.js`;
  return { name, file: dir ? path.join(dir, name) : undefined };
}

/** The kept precompiled JavaScript of a strict template (the cache folder's, else the package's own), if any. */
export function keptTemplate(source: string): string | undefined {
  const { name, file } = entryOf(source);
  // (The built-in templates' code comes with the package, made at `npm run compile`: see cache.ts.)
  return (file ? readCacheFile(file) : undefined) ?? builtInEntry(name);
}

/** The precompiled JavaScript of a strict template: kept, or from `precompile` (then kept). */
export function precompiledTemplate(source: string, precompile: () => string, kept = keptTemplate(source)): string {
  if (kept !== undefined) return kept;
  const { name, file } = entryOf(source);
  const spec = precompile();
  // Failing to write it: the next build compiles again.
  if (file) writeCacheFile(file, spec);
  recordBuiltIn(name, spec);
  return spec;
}

/** A template function from its precompiled JavaScript (what Handlebars.compile builds internally). */
export function templateOf(hbs: HandlebarsRuntime, spec: string): HandlebarsTemplateDelegate {
  // The spec is an object literal of functions that Handlebars generated from our own templates.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const specification = new Function(`return ${spec};`) as () => TemplateSpecification;
  return hbs.template(specification());
}

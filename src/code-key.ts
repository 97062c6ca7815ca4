// What the code behind a cached result is: the versions of the packages that compute it and the text
// of our own modules that do. A cache keyed by it misses after an upgrade or an edit of either.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from './package-root.js';

// Our modules: src/*.ts under the test runner, else the compiled dist/*.js (which the CLI bundle is
// made from, by the same `npm run compile`).
const fromSource = path.extname(fileURLToPath(import.meta.url)) === '.ts';
const root = path.join(PACKAGE_ROOT, fromSource ? 'src' : 'dist');
const require = createRequire(import.meta.url);

/** `packages` by name; `modules` relative to src/ without extension (`pipeline/parser`). */
export function codeKey(packages: readonly string[], modules: readonly string[]): string {
  const hash = createHash('sha256');
  for (const name of packages) {
    try {
      hash.update(`${name}@${(require(`${name}/package.json`) as { version: string }).version}\n`);
    } catch {
      hash.update(`${name}@?\n`); // exports hide package.json: the other keys still change with it
    }
  }
  for (const module of modules) hash.update(readFileSync(path.join(root, `${module}${fromSource ? '.ts' : '.js'}`)));
  return hash.digest('hex');
}

// What the code behind a cached result is: the versions of the packages that compute it and the text
// of our own modules that do. A cache keyed by it misses after an upgrade or an edit of either.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from './package-root.js';

// Our modules: src/*.ts under the test runner, else the compiled dist/*.js (which the CLI bundle is
// made from, by the same `npm run compile`).
const fromSource = path.extname(fileURLToPath(import.meta.url)) === '.ts';
const root = path.join(PACKAGE_ROOT, fromSource ? 'src' : 'dist');
const here = path.dirname(fileURLToPath(import.meta.url));

/** `packages` by name; `modules` relative to src/ without extension (`pipeline/parser`). */
export function codeKey(packages: readonly string[], modules: readonly string[]): string {
  const hash = createHash('sha256');
  for (const name of packages) hash.update(`${name}@${packageVersion(name) ?? '?'}\n`);
  for (const module of modules) hash.update(readFileSync(path.join(root, `${module}${fromSource ? '.ts' : '.js'}`)));
  return hash.digest('hex');
}

/**
 * A package's version from its package.json in the nearest node_modules above this module, where
 * Node's resolution finds it. Read directly: requiring a package's package.json costs a resolution
 * (~2 ms cold), and most of the parser's packages hide their package.json behind `exports`.
 */
function packageVersion(name: string): string | undefined {
  for (let dir = here; ; dir = path.dirname(dir)) {
    try {
      const { version } = JSON.parse(readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as {
        version?: unknown;
      };
      return String(version);
    } catch {
      // Not here (or unreadable): the next folder up.
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

// Briefing's own folder (where package.json, templates/ and node_modules/ are), found from wherever
// this code runs: src/ under the test runner, dist/ as compiled, dist/bundle/ as bundled for the CLI
// (scripts/bundle.js). Paths to our own files start here, never from a module's own location.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}

export const PACKAGE_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

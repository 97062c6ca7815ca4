// The code key (src/code-key.ts) names each package by its version, also a package whose `exports`
// hide its package.json from require (most of the Markdown parser's): a cache keyed by it misses
// after an upgrade.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { codeKey } from '../../src/code-key.js';
import { ROOT } from '../support/cli.js';

const keyOf = (line: string) => createHash('sha256').update(line).digest('hex');

describe('codeKey', () => {
  it('names a package by the version in its package.json, exports or not', () => {
    const name = 'micromark-extension-gfm-table';
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
      version: string;
      exports?: unknown;
    };
    expect(pkg.exports).toBeDefined();
    expect(codeKey([name], [])).toBe(keyOf(`${name}@${pkg.version}\n`));
    expect(codeKey(['no-such-package-here'], [])).toBe(keyOf('no-such-package-here@?\n'));
  });
});

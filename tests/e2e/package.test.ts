// The npm package: what `npm pack` puts in it is what `npm install -g ./briefing-*.tgz` gets, so the
// installed CLI needs the compiled code, its bundle and the built-in templates in it, and no tests.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/cli.js';

describe('npm pack', () => {
  it('ships the CLI, its compiled code and bundle, and the templates; the package is not private', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { private?: boolean };
    expect(pkg.private).toBeUndefined();
    // --ignore-scripts: the list as packed, without compiling again (the tests run on compiled code).
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const files = new Set((JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path));
    for (const file of [
      'bin/briefing.js',
      'dist/bundle/main.js',
      'dist/cli/main.js',
      'dist/pipeline/parser.js',
      'dist/browser/print-viewer.js',
      'templates/layout.hbs',
      'templates/partials/cover.hbs',
      'templates/theme.yaml',
      'package.json',
      'README.md',
    ]) {
      expect(files, file).toContain(file);
    }
    expect([...files].filter((f) => /^(tests|src|content|scripts)\//.test(f))).toEqual([]);
  });
});

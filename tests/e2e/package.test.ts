// The npm package: what `npm pack` puts in it is what `npm install -g ./briefing-*.tgz` gets, so the
// installed CLI needs the compiled code, its bundle and the built-in templates in it, and no tests.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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

  it("bundles unist-util-visit's walker without naming a function per node (scripts/bundle.js, unnamed-visits)", () => {
    const dir = path.join(ROOT, 'dist/bundle');
    const chunks = readdirSync(dir)
      .filter((name) => name.endsWith('.js'))
      .map((name) => readFileSync(path.join(dir, name), 'utf8'));
    const walkers = chunks.filter((code) => code.includes('function factory(node, index, parents)'));
    expect(walkers).toHaveLength(1);
    expect(walkers[0]).toContain('toResult(enter(node, parents, index))');
    // (esbuild renames `visit` and writes double quotes: `Object.defineProperty(visit2, "name", {`.)
    expect(walkers[0]).not.toMatch(/defineProperty\(visit\w*, ["']name["']/);
  });
});

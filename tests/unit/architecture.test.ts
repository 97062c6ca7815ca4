// docs/ARCHITECTURE.md cannot drift from the tree: every module in src/ is named in its table (a row
// names a path, `src/render/theme.ts`, then siblings by file name, `theme-css.ts`), and every name
// there is a file.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/cli.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(rel);
    return entry.name.endsWith('.ts') ? [rel] : [];
  });
}

/** The files the table's first column names. */
function namedInArchitecture(): Set<string> {
  const named = new Set<string>();
  for (const line of readFileSync(path.join(ROOT, 'docs/ARCHITECTURE.md'), 'utf8').split('\n')) {
    const cells = /^\|([^|]*)\|(.*)$/.exec(line);
    if (!cells) continue;
    const [, first, rest] = cells as unknown as [string, string, string];
    // A folder row (`src/print/`) names its files in its text too.
    const folder = /`(src\/[\w/-]+\/)`/.exec(first)?.[1];
    let dir: string | undefined = folder?.slice(0, -1);
    for (const [, name] of (folder ? first + rest : first).matchAll(/`([^`]+)`/g)) {
      if (name!.startsWith('src/') && name!.endsWith('.ts')) {
        dir = path.posix.dirname(name!);
        named.add(name!);
      } else if (dir && /^[\w./-]+\.ts$/.test(name!) && !name!.startsWith('src/')) {
        const file = path.posix.join(dir, name!);
        // In a folder row's text a name may be another folder's (`main.ts` beside `cli/commands/`).
        if (!folder || existsSync(path.join(ROOT, file))) named.add(file);
      }
    }
  }
  return named;
}

describe('docs/ARCHITECTURE.md', () => {
  const named = namedInArchitecture();

  it('names every src/**/*.ts', () => {
    expect(sourceFiles('src').filter((file) => !named.has(file))).toEqual([]);
  });

  it('names no file that does not exist', () => {
    expect([...named].filter((file) => file.endsWith('.ts') && !existsSync(path.join(ROOT, file)))).toEqual([]);
  });
});

describe('package.json', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  /** Packages src/ loads at run time (type-only imports load nothing). */
  const runtimeImports = () =>
    sourceFiles('src')
      // esbuild: only when running from source, to bundle browser code (viewer-bundle.ts, page-script.ts).
      .filter((file) => !file.startsWith('src/dev/browser/'))
      .flatMap((file) =>
        [
          ...readFileSync(path.join(ROOT, file), 'utf8').matchAll(
            /^import (?!type )[^;]*?from '([^.'][^']*)'|import\('([^.'][^']*)'\)|require(?:\.resolve)?\(`?'?([^.'`$][^'`$]*)/gm,
          ),
        ]
          .map((m) => (m[1] ?? m[2] ?? m[3])!)
          .filter((name) => !name.startsWith('node:'))
          .map((name) => ({
            file,
            name: name
              .split('/')
              .slice(0, name.startsWith('@') ? 2 : 1)
              .join('/'),
          })),
      );

  it('declares every package src/ loads as a runtime dependency, and none twice', () => {
    const undeclared = runtimeImports().filter(
      ({ file, name }) =>
        !(name in pkg.dependencies) &&
        !(['src/dev/viewer-bundle.ts', 'src/print/page-script.ts'].includes(file) && name === 'esbuild'),
    );
    expect(undeclared).toEqual([]);
    expect(Object.keys(pkg.devDependencies).filter((name) => name in pkg.dependencies)).toEqual([]);
  });
});

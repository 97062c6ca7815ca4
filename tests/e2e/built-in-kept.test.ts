// The built-in templates' cache entries made at `npm run compile` (scripts/keep-built-in.js) into
// dist/kept/: a cold build with those templates compiles and checks none of them; other templates
// are a miss, computed and kept in the cache folder as before.
import { describe, expect, it } from 'vitest';
import { cpSync, appendFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import Handlebars from 'handlebars';
import { copyFixture, ROOT, runCli, STARTER, tempDir } from '../support/cli.js';
import { PACKAGE_PATTERNS, packagePatterns } from '../../src/render/rehype-hyphenate.js';
import { cssReferences } from '../../src/render/css-resources.js';

const KEPT = path.join(ROOT, 'dist', 'kept');
const TEMPLATES = path.join(ROOT, 'templates');

/** The cache entries of the templates a build wrote into its cache folder. */
function templateEntries(cache: string): string[] {
  return readdirSync(cache)
    .filter((name) => name.startsWith('template-'))
    .sort();
}

function build(content: string, cache: string, templates?: string) {
  const out = path.join(path.dirname(content), 'out');
  const result = runCli(
    ['build', '--content', content, '--out', out, '--format', 'html', ...(templates ? ['--templates', templates] : [])],
    { env: { BRIEFING_CACHE_DIR: cache } },
  );
  expect(result.code, result.stderr).toBe(0);
  return readFileSync(
    path.join(
      out,
      'en',
      readdirSync(path.join(out, 'en')).find((n) => n.endsWith('.html'))!,
    ),
    'utf8',
  );
}

describe('the built-in templates kept at compile time', () => {
  it('are what Handlebars makes of the built-in templates', () => {
    const specs = readdirSync(KEPT)
      .filter((name) => /^template-[0-9a-f]{32}\.js$/.test(name))
      .map((name) => readFileSync(path.join(KEPT, name), 'utf8'));
    const sources = [
      ...readdirSync(TEMPLATES)
        .filter((n) => n.endsWith('.hbs'))
        .map((n) => path.join(TEMPLATES, n)),
      ...readdirSync(path.join(TEMPLATES, 'partials')).map((n) => path.join(TEMPLATES, 'partials', n)),
    ].map((file) => readFileSync(file, 'utf8'));
    const made = sources.map((source) => Handlebars.create().precompile(source, { strict: true }) as string);
    expect(specs.length).toBeGreaterThan(0);
    for (const spec of specs) expect(made).toContain(spec);
  });

  it('leave a cold build with the built-in templates nothing to compile or check; edited templates are a miss', () => {
    const content = copyFixture(STARTER);
    const cold = tempDir('briefing-kept-');
    const built = build(content, cold);
    expect(templateEntries(cold)).toEqual([]);
    expect(readdirSync(cold).filter((name) => name.startsWith('css-references-'))).toEqual([]);

    // A copy with its layout edited: that layout compiled and checked, and kept in the cache folder.
    const templates = path.join(tempDir('briefing-kept-templates-'), 'templates');
    cpSync(TEMPLATES, templates, { recursive: true });
    appendFileSync(path.join(templates, 'layout.hbs'), '\n');
    const other = tempDir('briefing-kept-');
    const edited = build(content, other, templates);
    const entries = templateEntries(other);
    expect(entries.filter((n) => n.endsWith('.js'))).toHaveLength(1);
    expect(entries.filter((n) => n.startsWith('template-check-'))).toHaveLength(1);
    expect(entries.filter((n) => n.startsWith('template-ids-'))).toHaveLength(1);
    expect(edited.trimEnd()).toBe(built.trimEnd());
    for (const dir of [cold, other, templates]) rmSync(dir, { recursive: true, force: true });
  });

  it('hold the resources the built-in stylesheets refer to (none), as cssReferences finds them', () => {
    const kept = readdirSync(KEPT)
      .filter((name) => /^css-references-[0-9a-f]{32}\.json$/.test(name))
      .map((name) => JSON.parse(readFileSync(path.join(KEPT, name), 'utf8')) as unknown);
    const found = ['print.css', 'screen.css'].map((name) =>
      cssReferences(readFileSync(path.join(TEMPLATES, name), 'utf8')),
    );
    expect(kept).toHaveLength(2);
    for (const references of kept) expect(found).toContainEqual(references);
  });

  it('hold the hyphen package’s pattern files as JSON, named by each file’s digest, equal to the files', () => {
    const require = createRequire(import.meta.url);
    expect(PACKAGE_PATTERNS).toEqual(expect.arrayContaining(['en-gb', 'ru']));
    for (const name of PACKAGE_PATTERNS) {
      const file = require.resolve(`hyphen/patterns/${name}.js`);
      const digest = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 32);
      const kept = JSON.parse(readFileSync(path.join(KEPT, `hyphen-${name}-${digest}.json`), 'utf8')) as unknown;
      const required = require(file) as unknown;
      expect(kept, name).toStrictEqual(JSON.parse(JSON.stringify(required)));
      expect(packagePatterns(name), name).toStrictEqual(kept);
    }
  });
});

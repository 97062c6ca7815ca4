// The CLI bundle run as scripts with V8's code cache (src/script-bundle.ts, made at compile by
// scripts/code-cache.js): the same files as from the ES modules; every chunk a build loads comes with
// its cached code; a chunk whose text is not the one its cache was made from, or a cache made under
// other flags or by another Node, is compiled from its text (or the ES modules are run).
import { describe, expect, it } from 'vitest';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { copyFixture, ROOT, runCli, STARTER, tempDir } from '../support/cli.js';
import { CACHE_FLAGS, MANIFEST, SCRIPT_DIR, ScriptBundle, scriptBundle } from '../../src/script-bundle.js';

const BUNDLE = path.join(ROOT, 'dist', 'bundle');

/** Every file a build wrote, by name, as bytes. */
function built(codeCache: '0' | '1'): Map<string, Buffer> {
  const content = copyFixture(STARTER);
  const out = tempDir('briefing-script-out-');
  const result = runCli(['build', '--content', content, '--out', out], {
    env: { BRIEFING_CODE_CACHE: codeCache, BRIEFING_CACHE_DIR: 'off', SOURCE_DATE_EPOCH: '1700000000' },
  });
  expect(result.code, result.stderr).toBe(0);
  const files = new Map(
    readdirSync(path.join(out, 'en')).map((name) => [name, readFileSync(path.join(out, 'en', name))] as const),
  );
  rmSync(out, { recursive: true, force: true });
  return files;
}

describe('the bundle as scripts with their code cached', () => {
  it('builds the same files as the ES modules', () => {
    const scripts = built('1');
    expect([...scripts.keys()].sort()).toEqual(
      expect.arrayContaining([expect.stringMatching(/\.pdf$/), expect.stringMatching(/\.html$/)]),
    );
    expect(scripts).toEqual(built('0'));
  });

  it('is what this process may run, with the cache made under its flags', () => {
    const manifest = JSON.parse(readFileSync(path.join(BUNDLE, SCRIPT_DIR, MANIFEST), 'utf8')) as {
      node: string;
      scripts: Record<string, string>;
    };
    expect(manifest.node).toBe(process.version);
    expect(Object.keys(manifest.scripts)).toContain('main.js');
    expect(scriptBundle(BUNDLE, CACHE_FLAGS, {})).toBeInstanceOf(ScriptBundle);
    expect(scriptBundle(BUNDLE, '', {})).toBeUndefined();
    expect(scriptBundle(BUNDLE, CACHE_FLAGS, { BRIEFING_CODE_CACHE: '0' })).toBeUndefined();
  });

  it('compiles a chunk whose text changed, or made by another Node, from its text alone', () => {
    // A copy of the bundle: main.js edited (a comment at its end, the same code).
    const copy = path.join(tempDir('briefing-script-bundle-'), 'bundle');
    cpSync(BUNDLE, copy, { recursive: true });
    setFlagsFromString(CACHE_FLAGS);
    const fresh = scriptBundle(copy, CACHE_FLAGS, {})!;
    fresh.load('main.js');
    expect(fresh.chunks().every((c) => c.cached)).toBe(true);

    const main = path.join(copy, SCRIPT_DIR, 'main.js');
    writeFileSync(main, `${readFileSync(main, 'utf8')}// edited\n`);
    const edited = scriptBundle(copy, CACHE_FLAGS, {})!;
    expect(typeof edited.load('main.js').main).toBe('function');
    const loaded = new Map(edited.chunks().map((c) => [c.name, c.cached]));
    expect(loaded.get('main.js')).toBe(false);
    expect([...loaded.values()].filter(Boolean).length).toBe(loaded.size - 1);

    const manifestFile = path.join(copy, SCRIPT_DIR, MANIFEST);
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { node: string };
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, node: 'v0.0.0' }));
    expect(scriptBundle(copy, CACHE_FLAGS, {})).toBeUndefined();
    rmSync(path.dirname(copy), { recursive: true, force: true });
  });
});

// The CLI bundle run as scripts with V8's code cache. Node 20 compiles every ES module from its
// source on every run (it has no compile cache before Node 22): ~0.1 s of parsing the bundle's
// chunks and compiling their functions as they first run, in this process, before the print HTML.
// `npm run compile` (scripts/code-cache.js) writes each chunk of dist/bundle/ again as a script
// (the same code: imports as `require`s of the chunks, exports as getters, esbuild's transform) into
// dist/bundle/script/, runs a build with them and keeps the code V8 made of each (`createCachedData`)
// beside it. bin/briefing.js loads the CLI from there when it may (`scriptBundle`); else, and for
// anything out of place, from the ES modules as before, the same code either way.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

/** Where the scripts and their code cache are, in the bundle's folder. */
export const SCRIPT_DIR = 'script';
export const MANIFEST = 'manifest.json';
/** What the code cache was made under: V8 refuses a cache made under other flags (bin/briefing.js sets this one). */
export const CACHE_FLAGS = '--interrupt-budget=1000000';

/** What scripts/code-cache.js wrote: each script's sha256, and the Node and flags its cache is for. */
export interface ScriptManifest {
  node: string;
  flags: string;
  scripts: Record<string, string>;
}

/** A chunk's script as compiled here, its exports and whether V8 took its cached code. */
interface Loaded {
  module: { exports: Record<string, unknown> };
  script: Script;
  cached: boolean;
}

/**
 * The bundle's chunks as scripts: `load('main.js')` is the CLI's main module. Each chunk is compiled
 * with its cached code only when its text is the one the cache was made from (its sha256 in the
 * manifest) and V8 takes it (the same V8 and flags); else from its text alone, as an ES module is.
 */
export class ScriptBundle {
  private readonly loaded = new Map<string, Loaded>();

  constructor(
    private readonly bundleDir: string,
    private readonly manifest: ScriptManifest,
    private readonly withCache = true,
  ) {}

  load(name: string): Record<string, unknown> {
    const known = this.loaded.get(name);
    if (known) return known.module.exports;
    const dir = path.join(this.bundleDir, SCRIPT_DIR);
    const bytes = readFileSync(path.join(dir, name));
    const cachedData =
      this.withCache && this.matches(name, bytes) ? cacheOf(path.join(dir, `${name}.cache`)) : undefined;
    // Named as the ES module it stands for: import.meta.url, stack traces and relative paths the same.
    const file = path.join(this.bundleDir, name);
    const url = pathToFileURL(file).href;
    const script = new Script(wrap(bytes.toString('utf8')), { filename: file, cachedData });
    const module = { exports: {} };
    this.loaded.set(name, { module, script, cached: cachedData !== undefined && !script.cachedDataRejected });
    const nodeRequire = createRequire(url);
    const require = Object.assign(
      (specifier: string) =>
        specifier.startsWith('./') ? this.load(specifier.slice(2)) : (nodeRequire(specifier) as unknown),
      nodeRequire,
    );
    // A dynamic import of a chunk: loaded in a later microtask, as import() settles.
    const chunk = (specifier: string) => Promise.resolve().then(() => this.load(specifier.slice(2)));
    // A package (pdfjs-dist, esbuild): resolved from here as from the chunk's folder (the same node_modules).
    const external = (specifier: string) => import(specifier);
    (script.runInThisContext() as ChunkFunction)(module.exports, require, module, url, chunk, external);
    return module.exports;
  }

  /** The chunks loaded so far, and whether each came with its cached code. */
  chunks(): Array<{ name: string; cached: boolean }> {
    return [...this.loaded].map(([name, { cached }]) => ({ name, cached }));
  }

  /** V8's code of each chunk loaded so far, with what it compiled while running (scripts/code-cache.js). */
  cachedData(): Array<{ name: string; data: Buffer }> {
    return [...this.loaded].map(([name, { script }]) => ({ name, data: script.createCachedData() }));
  }

  private matches(name: string, bytes: Buffer): boolean {
    return this.manifest.scripts[name] === createHash('sha256').update(bytes).digest('hex');
  }
}

type ChunkFunction = (
  exports: object,
  require: (specifier: string) => unknown,
  module: { exports: object },
  importMetaUrl: string,
  chunk: (specifier: string) => Promise<unknown>,
  external: (specifier: string) => Promise<unknown>,
) => void;

/** A chunk's script as a function of what an ES module has (strict, as modules are). */
export function wrap(source: string): string {
  return `(function (exports, require, module, __importMetaUrl, __chunk, __import) {"use strict";${source}\n})`;
}

function cacheOf(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * The bundle as scripts, when this process may run it so: the scripts and their manifest are there,
 * the cache was made by this Node under the flags this process runs with. `BRIEFING_CODE_CACHE=0`:
 * never (the ES modules).
 */
export function scriptBundle(bundleDir: string, flags: string, env = process.env): ScriptBundle | undefined {
  if (env.BRIEFING_CODE_CACHE === '0' || flags !== CACHE_FLAGS) return undefined;
  let manifest: ScriptManifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(bundleDir, SCRIPT_DIR, MANIFEST), 'utf8')) as ScriptManifest;
  } catch {
    return undefined;
  }
  if (manifest.node !== process.version || manifest.flags !== flags) return undefined;
  return new ScriptBundle(bundleDir, manifest);
}

/** Written by scripts/code-cache.js: each chunk's code cache beside its script. */
export function writeCachedData(bundle: ScriptBundle, bundleDir: string): number {
  const made = bundle.cachedData();
  for (const { name, data } of made) writeFileSync(path.join(bundleDir, SCRIPT_DIR, `${name}.cache`), data);
  return made.length;
}

/** This module's folder's bundle: dist/bundle/. */
export const BUNDLE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bundle');

// Nothing read back from a cache file is trusted (src/cache.ts): a poisoned, corrupt, foreign or
// wrong-shaped entry is a miss — never code that runs, never different output, never an error — and
// cache files are created exclusively, never through a link, in a folder only we can write.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { VFile } from 'vfile';
import {
  cacheFileFor,
  cacheFileMayStartWith,
  cacheWritten,
  readCacheBytes,
  readCacheBytesSoon,
  readCacheFile,
  writeCacheFile,
  writeCacheFileSoon,
} from '../../src/cache.js';
import { readParsed, writeParsed } from '../../src/pipeline/parse-cache.js';
import { createParser } from '../../src/pipeline/parser.js';
import { privateDir } from '../../src/private-dir.js';
import { keepPrintHead, lastPrintHead } from '../../src/print/head-cache.js';
import { keepSettled, lastSettled } from '../../src/print/settle-cache.js';
import { precompiledTemplate, templateOf } from '../../src/render/template-cache.js';
import { ROOT, tempDir } from '../support/cli.js';

let dir: string;
const saved = process.env.BRIEFING_CACHE_DIR;
beforeEach(() => {
  dir = tempDir('briefing-cache-trust-');
  process.env.BRIEFING_CACHE_DIR = dir;
});
afterEach(() => {
  if (saved === undefined) delete process.env.BRIEFING_CACHE_DIR;
  else process.env.BRIEFING_CACHE_DIR = saved;
});

const only = (prefix: string) =>
  path.join(
    dir,
    readdirSync(dir).find((n) => n.startsWith(prefix))!,
  );

describe('a poisoned cache entry is a miss', () => {
  it('compiled template: planted code is never run, the template is compiled again', () => {
    const hbs = Handlebars.create();
    const source = '<h1>{{title}}</h1>';
    let compiled = 0;
    const precompile = () => {
      compiled += 1;
      return hbs.precompile(source, { strict: true }) as string;
    };
    precompiledTemplate(source, precompile);
    const file = only('template-');
    const spec = readCacheFile(file)!;
    // Whoever can write the cache folder plants code under the key computed from the public template.
    writeFileSync(file, `(globalThis.briefingPwned = 1, ${spec})`);
    const g = globalThis as { briefingPwned?: number };
    const again = precompiledTemplate(source, precompile);
    templateOf(hbs, again)({ title: 'x' });
    expect(g.briefingPwned).toBeUndefined();
    expect(compiled).toBe(2);
    // The same planted code, kept in Briefing's format but sealed with another key: a miss as well.
    const sealed = readFileSync(file, 'latin1').split('\n')[0]!;
    writeFileSync(file, `${sealed.replace(/[0-9a-f]{8}$/, '00000000')}\n(globalThis.briefingPwned = 1, ${spec})`);
    templateOf(hbs, precompiledTemplate(source, precompile))({ title: 'x' });
    expect(g.briefingPwned).toBeUndefined();
  });

  it('parsed Markdown: an invented tree is not used; sealed but wrong-shaped JSON is a miss, not an error', () => {
    const text = '# A\n\nTrue text.\n';
    const { key } = readParsed(dir, text);
    writeParsed(dir, key, createParser().parse(new VFile({ value: text })));
    expect(readParsed(dir, text).tree?.type).toBe('root');
    const invented = { type: 'root', children: [{ type: 'html', value: '<script>alert(1)</script>' }] };
    writeFileSync(path.join(dir, `${key}.json`), JSON.stringify(invented));
    expect(readParsed(dir, text).tree).toBeUndefined();
    for (const wrong of ['null', '[]', '{"type":"root"}', '"root"', '7']) {
      writeCacheFile(path.join(dir, `${key}.json`), wrong);
      expect(readParsed(dir, text).tree, wrong).toBeUndefined();
    }
    // An entry moved to another key (a sealed tree of another text) is a miss too.
    const other = readParsed(dir, '# B\n');
    writeParsed(dir, other.key, { type: 'root', children: [] });
    writeFileSync(path.join(dir, `${key}.json`), readFileSync(path.join(dir, `${other.key}.json`)));
    expect(readParsed(dir, text).tree).toBeUndefined();
  });

  it('hyphenated text: a rewritten entry does not change the text; sealed wrong shapes are misses', async () => {
    const markdown = {
      type: 'element',
      tagName: 'p',
      properties: {},
      children: [{ type: 'text', value: 'The implementation continues.' }],
    };
    const run = async () => {
      const m = await import('../../src/render/rehype-hyphenate.js');
      const cache = new m.HyphenationCache();
      const tree = { type: 'root' as const, children: [structuredClone(markdown)] };
      m.default({ lang: 'en', cache })(tree as never, new VFile());
      cache.save();
      return JSON.stringify(tree);
    };
    const fresh = await run();
    const file = only('hyphenation-');
    const stored = JSON.parse(readCacheFile(file)!) as Record<string, [string, number, number, number]>;
    stored['The implementation continues.']![0] = 'Invented text.';
    writeFileSync(file, JSON.stringify(stored));
    expect(await run()).toBe(fresh);
    for (const wrong of [
      'null',
      '[]',
      '{"The implementation continues.": 5}',
      '{"The implementation continues.": ["x"]}',
    ]) {
      writeCacheFile(file, wrong);
      expect(await run(), wrong).toBe(fresh);
    }
  });

  it('print head and settled hyphens: planted files are not read; sealed wrong shapes are misses', () => {
    keepPrintHead('out/en/a.pdf', '<head>ours</head>');
    expect(lastPrintHead('out/en/a.pdf')).toBe('<head>ours</head>');
    writeFileSync(cacheFileFor('print-head', 'out/en/a.pdf', 'html')!, '<head><script>x()</script></head>');
    expect(lastPrintHead('out/en/a.pdf')).toBe('');
    const cleanup = { kept: 1, settled: { texts: ['a-b'], ends: [[1]] } } as never;
    const settled = { cleanup, tracks: [[0, 1, 2, 0.5]], variants: [[3, 1]], widened: 0, wraps: [[0, [3]]] } as never;
    keepSettled('out/en/a.pdf', 'k', settled);
    expect(lastSettled('out/en/a.pdf', 'k')).toEqual(settled);
    const file = cacheFileFor('settled', 'out/en/a.pdf', 'json')!;
    writeFileSync(
      file,
      JSON.stringify({ key: 'k', cleanup: { kept: 1, settled: { texts: ['in-vented'], ends: [[2]] } } }),
    );
    expect(lastSettled('out/en/a.pdf', 'k')).toBeUndefined();
    for (const wrong of [
      'null',
      '[]',
      '{"key":"k","cleanup":null}',
      '{"key":"k","cleanup":{"settled":{"texts":[1],"ends":[]}}}',
      '{"key":"k","cleanup":{"settled":{"texts":["a"],"ends":[[]]}},"wraps":[[0,["x"]]]}',
      '{"key":"k","cleanup":{"settled":{"texts":["a"],"ends":[[]]}}}',
    ]) {
      writeCacheFile(file, wrong);
      expect(lastSettled('out/en/a.pdf', 'k'), wrong).toBeUndefined();
    }
  });
});

describe('a poisoned font character set is a miss', () => {
  it('planted or sealed-but-wrong ranges (one beyond Unicode would loop for ages) are not used', async () => {
    // A WOFF (zlib) font: each miss below reads the font again, and fontkit's JavaScript Brotli took
    // 20–50 ms a read of a WOFF2 against under 1 ms here; any font proves the same.
    const font = readFileSync(
      path.join(ROOT, 'node_modules', '@fontsource', 'pt-mono', 'files', 'pt-mono-latin-400-normal.woff'),
    );
    // A fresh charset.js each time (its in-memory sets gone), the rest of the shared module graph kept:
    // vi.resetModules() would make every later test file of this worker import all of src/ again.
    let instance = 0;
    const load = async () => {
      instance += 1;
      const fresh = (await import(
        /* @vite-ignore */ `../../src/render/charset.js?instance=${instance}`
      )) as typeof import('../../src/render/charset.js');
      return fresh.fontCharset(font);
    };
    // The character sets sit beside the parse cache's folder: both inside this test's folder.
    process.env.BRIEFING_CACHE_DIR = path.join(dir, 'mdast');
    const real = await load();
    expect(real.has(0x41)).toBe(true);
    const charsets = path.join(dir, 'charsets');
    const [file] = readdirSync(charsets).map((n) => path.join(charsets, n));
    // A planted set claims Cyrillic too: the glyph check would pass text the font cannot print.
    writeFileSync(
      file!,
      JSON.stringify([
        [0x20, 0x7e],
        [0x400, 0x4ff],
      ]),
    );
    expect((await load()).has(0x416)).toBe(false);
    for (const wrong of ['null', '{}', '[[5,1]]', '[[0, 1e12]]', '[["a","b"]]']) {
      writeCacheFile(file!, wrong);
      expect([...(await load())].length, wrong).toBe(real.size);
    }
  });
});

describe('cache files on disk', () => {
  it('are read without following a link or blocking on a FIFO', () => {
    const elsewhere = path.join(tempDir(), 'x.json');
    writeCacheFile(elsewhere, '"sealed elsewhere"');
    const file = path.join(dir, 'x.json');
    symlinkSync(elsewhere, file);
    expect(readCacheFile(file)).toBeUndefined();
    const fifo = path.join(dir, 'y.json');
    execFileSync('mkfifo', [fifo]);
    expect(readCacheFile(fifo)).toBeUndefined();
  });

  it('are written to a fresh temp file, never through a link planted at a predictable temp name', () => {
    const victim = path.join(tempDir(), 'victim');
    writeFileSync(victim, 'precious');
    const file = path.join(dir, 'z.json');
    symlinkSync(victim, `${file}.tmp-${process.pid}`);
    expect(writeCacheFile(file, '"data"')).toBe(true);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readCacheFile(file)).toBe('"data"');
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('are not written into a folder others can write to, nor through a linked folder', () => {
    chmodSync(dir, 0o777);
    expect(writeCacheFile(path.join(dir, 'a.json'), '1')).toBe(false);
    chmodSync(dir, 0o700);
    const linked = path.join(tempDir(), 'linked');
    symlinkSync(dir, linked);
    expect(writeCacheFile(path.join(linked, 'b.json'), '1')).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('hold bytes as they are (a PDF), sealed as text is: a changed byte is a miss', () => {
    const file = path.join(dir, 'part.pdf');
    const bytes = Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x0a, 0xe2, 0xe3, 0xcf, 0xd3, 0x00, 0xff]);
    expect(writeCacheFile(file, bytes)).toBe(true);
    expect([...readCacheBytes(file)!]).toEqual([...bytes]);
    const raw = readFileSync(file);
    raw[raw.length - 1] = 0xfe;
    writeFileSync(file, raw);
    expect(readCacheBytes(file)).toBeUndefined();
  });

  it('read in the thread pool give what this thread reads: a changed byte, another name, a link, a FIFO are misses', async () => {
    const file = path.join(dir, 'part.pdf');
    const bytes = Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x0a, 0xe2, 0xe3, 0xcf, 0xd3, 0x00, 0xff]);
    writeCacheFile(file, bytes);
    expect([...(await readCacheBytesSoon(file))!]).toEqual([...bytes]);
    writeCacheFile(path.join(dir, 'empty.pdf'), new Uint8Array(0));
    expect((await readCacheBytesSoon(path.join(dir, 'empty.pdf')))?.length).toBe(0);
    const renamed = path.join(dir, 'other.pdf');
    writeFileSync(renamed, readFileSync(file));
    expect(await readCacheBytesSoon(renamed)).toBeUndefined();
    expect(await readCacheBytesSoon(path.join(dir, 'missing.pdf'))).toBeUndefined();
    const linked = path.join(dir, 'linked.pdf');
    symlinkSync(file, linked);
    expect(await readCacheBytesSoon(linked)).toBeUndefined();
    const fifo = path.join(dir, 'fifo.pdf');
    execFileSync('mkfifo', [fifo]);
    expect(await readCacheBytesSoon(fifo)).toBeUndefined();
    const raw = readFileSync(file);
    raw[raw.length - 1] = 0xfe;
    writeFileSync(file, raw);
    expect(await readCacheBytesSoon(file)).toBeUndefined();
    writeFileSync(file, raw.subarray(0, 40));
    expect(await readCacheBytesSoon(file)).toBeUndefined();
  });

  it('written in the thread pool are sealed as on this thread, the same bytes, no temp file left', async () => {
    const bytes = Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x0a, 0xe2, 0x00, 0xff]);
    writeCacheFile(path.join(dir, 'now.pdf'), bytes);
    const soon = writeCacheFileSoon(path.join(dir, 'soon.pdf'), bytes);
    const text = writeCacheFileSoon(path.join(dir, 'soon.json'), '{"a":"é"}');
    await cacheWritten();
    expect(await soon).toBe(true);
    expect(await text).toBe(true);
    expect([...readCacheBytes(path.join(dir, 'soon.pdf'))!]).toEqual([...bytes]);
    expect(readCacheFile(path.join(dir, 'soon.json'))).toBe('{"a":"é"}');
    // Sealed with the file's name: the same bytes under another name differ only in the seal.
    const body = (name: string) => readFileSync(path.join(dir, name)).subarray(82);
    expect(body('soon.pdf').equals(body('now.pdf'))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['now.pdf', 'soon.json', 'soon.pdf']);
    chmodSync(dir, 0o777);
    expect(await writeCacheFileSoon(path.join(dir, 'open.json'), '1')).toBe(false);
    chmodSync(dir, 0o700);
  });

  it('are told apart by how they start without being read whole; only a miss is decided so', () => {
    const file = path.join(dir, 'kept.json');
    writeCacheFile(file, '{"key":"abc","body":"…"}');
    expect(cacheFileMayStartWith(file, '{"key":"abc",')).toBe(true);
    expect(cacheFileMayStartWith(file, '{"key":"abd",')).toBe(false);
    expect(cacheFileMayStartWith(path.join(dir, 'missing.json'), '{')).toBe(false);
    // Unsealed text that starts so may start so: reading it whole still finds it is not ours.
    writeFileSync(file, `briefing-cache-1 ${'0'.repeat(64)}\n{"key":"abc","body":"planted"}`);
    expect(cacheFileMayStartWith(file, '{"key":"abc",')).toBe(true);
    expect(readCacheFile(file)).toBeUndefined();
  });

  it('are sealed with a per-user key kept 0600 in a 0700 folder of ours', () => {
    writeCacheFile(path.join(dir, 'k.json'), '1');
    const key = path.join(privateDir(), 'cache.key');
    expect(lstatSync(key).isFile()).toBe(true);
    expect(lstatSync(key).mode & 0o077).toBe(0);
    expect(lstatSync(privateDir()).mode & 0o077).toBe(0);
    expect(lstatSync(privateDir()).uid).toBe(process.getuid!());
  });
});

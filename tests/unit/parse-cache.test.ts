import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { serialize } from 'node:v8';
import { VFile } from 'vfile';
import {
  cacheDir,
  clonePlain,
  hasParsed,
  holdParsedWrites,
  parseCached,
  readParsed,
  releaseParsedWrites,
  writeParsed,
} from '../../src/pipeline/parse-cache.js';
import { cacheWritten } from '../../src/cache.js';
import { createParser } from '../../src/pipeline/parser.js';
import { ROOT, tempDir } from '../support/cli.js';

const parser = createParser();

describe('the parsed-Markdown cache', () => {
  it('gives back exactly the tree the parser makes, for every file of the review', () => {
    const dir = tempDir();
    const files = readdirSync(path.join(ROOT, 'content', 'en'), { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.md'),
    );
    expect(files.length).toBeGreaterThan(20);
    for (const name of files) {
      const text = readFileSync(path.join(ROOT, 'content', 'en', name), 'utf8');
      const parsed = parser.parse(new VFile({ path: name, value: text }));
      const first = readParsed(dir, text);
      expect(first.tree).toBeUndefined();
      writeParsed(dir, first.key, parsed);
      expect(readParsed(dir, text).tree, name).toEqual(JSON.parse(JSON.stringify(parsed)));
    }
  });

  it('treats a damaged entry as a miss, and a different text as another key', () => {
    const dir = tempDir();
    const { key } = readParsed(dir, '# A\n');
    writeFileSync(path.join(dir, `${key}.json`), '{"type": "ro');
    expect(readParsed(dir, '# A\n').tree).toBeUndefined();
    expect(readParsed(dir, '# B\n').key).not.toBe(key);
  });

  it('says whether a text is stored, under the key readParsed reads', () => {
    const dir = tempDir();
    const text = '# A\n\nSome *text*.\n';
    expect(hasParsed(dir, text)).toBe(false);
    const { key, tree } = readParsed(dir, text);
    expect(tree).toBeUndefined();
    expect(hasParsed(dir, text)).toBe(false);
    expect(readParsed(dir, text).key).toBe(key);
    writeParsed(dir, key, parser.parse(new VFile({ value: text })));
    expect(hasParsed(dir, text)).toBe(true);
    expect(hasParsed(dir, '# B\n')).toBe(false);
    expect(readParsed(dir, text)).toEqual({
      key,
      tree: JSON.parse(JSON.stringify(parser.parse(new VFile({ value: text })))),
    });
    expect(readParsed(dir, '# B\n').key).not.toBe(key);
  });

  it('holds a build’s writes until released, then writes them; later ones at once', async () => {
    const dir = tempDir();
    const before = process.env.BRIEFING_CACHE_DIR;
    process.env.BRIEFING_CACHE_DIR = dir;
    try {
      holdParsedWrites();
      const text = '# Held\n\nA *tree*.\n';
      const tree = await parseCached(new VFile({ path: 'held.md', value: text }), text, undefined);
      const plain = JSON.parse(JSON.stringify(tree)) as unknown;
      await cacheWritten();
      const { key } = readParsed(dir, text);
      expect(existsSync(path.join(dir, `${key}.json`))).toBe(false);
      // Held, it is read back as the file would be (the same text again is not parsed again).
      expect(hasParsed(dir, text)).toBe(true);
      expect(readParsed(dir, text).tree).toEqual(plain);
      releaseParsedWrites();
      await cacheWritten();
      expect(existsSync(path.join(dir, `${key}.json`))).toBe(true);
      expect(readParsed(dir, text).tree).toEqual(plain);
      const later = '# Not held\n';
      await parseCached(new VFile({ path: 'later.md', value: later }), later, undefined);
      await cacheWritten();
      expect(hasParsed(dir, later)).toBe(true);
    } finally {
      releaseParsedWrites();
      if (before === undefined) delete process.env.BRIEFING_CACHE_DIR;
      else process.env.BRIEFING_CACHE_DIR = before;
    }
  });

  it('gives a parse the tree the next build reads back, to V8’s serialization (chapter-cache.ts keys by it)', async () => {
    const dir = tempDir();
    const before = process.env.BRIEFING_CACHE_DIR;
    process.env.BRIEFING_CACHE_DIR = dir;
    try {
      // ASCII words in a text with a letter beyond Latin-1: V8 holds the parser's slices of it in two
      // bytes a character, JSON.parse's in one, and its serializer writes each as it is held.
      const text = '# Cold “and” warm\n\nA paragraph of plain words, long enough to be a slice of the text.\n';
      const parsed = parser.parse(new VFile({ path: 'cold.md', value: text }));
      expect(serialize(parsed)).not.toEqual(serialize(JSON.parse(JSON.stringify(parsed))));
      const cold = await parseCached(new VFile({ path: 'cold.md', value: text }), text, undefined);
      await cacheWritten();
      const warm = await parseCached(new VFile({ path: 'cold.md', value: text }), text, undefined);
      expect(readParsed(dir, text).tree).toBeDefined();
      expect(serialize(cold)).toEqual(serialize(warm));
      expect(cold).toEqual(parsed);
    } finally {
      if (before === undefined) delete process.env.BRIEFING_CACHE_DIR;
      else process.env.BRIEFING_CACHE_DIR = before;
    }
  });

  it('can be moved or turned off', () => {
    expect(cacheDir({ BRIEFING_CACHE_DIR: 'off' })).toBeUndefined();
    expect(cacheDir({ BRIEFING_CACHE_DIR: '/tmp/x' })).toBe('/tmp/x');
    expect(cacheDir({})).toBe(path.join(ROOT, 'node_modules', '.cache', 'briefing', 'mdast'));
  });
});

describe('clonePlain (the dev loop copies each cached tree on every save)', () => {
  it('copies a tree deeply: the copy equals the tree and shares no object with it', () => {
    const tree = {
      type: 'root',
      children: [{ type: 'text', value: 'a', position: { start: { line: 1, column: 1 } }, data: { hName: undefined } }],
      data: { when: new Map([['k', [1, 2]]]) },
    };
    const copy = clonePlain(tree);
    expect(copy).toEqual(structuredClone(tree));
    expect('hName' in copy.children[0]!.data).toBe(true);
    copy.children[0]!.position.start.line = 9;
    copy.data.when.get('k')!.push(3);
    expect(tree.children[0]!.position.start.line).toBe(1);
    expect(tree.data.when.get('k')).toEqual([1, 2]);
    expect(copy.children).not.toBe(tree.children);
  });
});

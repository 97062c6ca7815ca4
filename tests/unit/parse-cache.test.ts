import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { cacheDir, readParsed, writeParsed } from '../../src/pipeline/parse-cache.js';
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

  it('can be moved or turned off', () => {
    expect(cacheDir({ BRIEFING_CACHE_DIR: 'off' })).toBeUndefined();
    expect(cacheDir({ BRIEFING_CACHE_DIR: '/tmp/x' })).toBe('/tmp/x');
    expect(cacheDir({})).toBe(path.join(ROOT, 'node_modules', '.cache', 'briefing', 'mdast'));
  });
});

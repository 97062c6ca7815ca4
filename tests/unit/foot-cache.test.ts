// The kept placements of page-foot notes (src/print/foot-cache.ts): read back only under their own
// key and in their own shape. A placement kept without the layout check's marks (an older build's)
// is a miss: a rebuild that put its body in would skip marking and have nothing to check the layout by.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { cacheFileFor, writeCacheFile } from '../../src/cache.js';
import { keepChapters, keepPlacement, lastChapters, lastPlacement } from '../../src/print/foot-cache.js';
import { tempDir } from '../support/cli.js';

let dir: string;
const saved = process.env.BRIEFING_CACHE_DIR;
beforeEach(() => {
  dir = tempDir('briefing-foot-cache-');
  process.env.BRIEFING_CACHE_DIR = dir;
});
afterEach(() => {
  if (saved === undefined) delete process.env.BRIEFING_CACHE_DIR;
  else process.env.BRIEFING_CACHE_DIR = saved;
});

const pdf = () => path.join(dir, 'out', 'report.en.pdf');
const marked = {
  overflows: [],
  items: [{ id: 'lc-0-1', endId: 'lc-0-1-end', kind: 'block' as const, chapter: 0, label: 'p "Text"' }],
  ms: { fit: 1, mark: 2 },
};
const foot = { notes: [], areas: [], unplaced: [], ms: 3 };

describe('foot-cache', () => {
  it('gives a placement back under its key only, with the layout marks kept beside it', () => {
    keepPlacement(pdf(), { key: 'k1', before: '9:abc', body: '<main></main>', foot, marked });
    expect(lastPlacement(pdf(), 'k1')).toEqual({ key: 'k1', before: '9:abc', body: '<main></main>', foot, marked });
    expect(lastPlacement(pdf(), 'k2')).toBeUndefined();
  });

  it('takes a placement kept without the layout marks for a miss', () => {
    const file = cacheFileFor('foot-notes', pdf(), 'json')!;
    writeCacheFile(file, JSON.stringify({ key: 'k1', before: '9:abc', body: '<main></main>', foot }));
    expect(lastPlacement(pdf(), 'k1')).toBeUndefined();
    writeCacheFile(
      file,
      JSON.stringify({ key: 'k1', before: '9:abc', body: '<main></main>', foot, marked: { items: 3 } }),
    );
    expect(lastPlacement(pdf(), 'k1')).toBeUndefined();
  });

  it('gives the chapters placed back under the key of the head only', () => {
    const chapters = { '120:x1': { html: '<section></section>', notes: [], areas: [], links: [] } };
    keepChapters(pdf(), { key: 'head-1', chapters });
    expect(lastChapters(pdf(), 'head-1')).toEqual(chapters);
    expect(lastChapters(pdf(), 'head-2')).toBeUndefined();
    writeCacheFile(cacheFileFor('foot-chapters', pdf(), 'json')!, JSON.stringify({ key: 'head-1', chapters: 'no' }));
    expect(lastChapters(pdf(), 'head-1')).toBeUndefined();
  });
});

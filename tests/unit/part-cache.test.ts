// The parts of the last build in the cache folder (src/print/part-cache.ts): kept as the PDF's bytes,
// read back only for a key the last build kept, and loaded ahead (while Chromium prepares the page)
// for the join to take once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { PDFDocument } from 'pdf-lib';
import { cacheWritten } from '../../src/cache.js';
import { DiskPartCache } from '../../src/print/part-cache.js';
import { tempDir } from '../support/cli.js';

let dir: string;
const saved = process.env.BRIEFING_CACHE_DIR;
beforeEach(() => {
  dir = tempDir('briefing-part-cache-');
  process.env.BRIEFING_CACHE_DIR = dir;
});
afterEach(() => {
  if (saved === undefined) delete process.env.BRIEFING_CACHE_DIR;
  else process.env.BRIEFING_CACHE_DIR = saved;
});

const PDF = path.join('/tmp', 'edition.pdf');
const key = (c: string) => c.repeat(64);
const bytes = (n: number) => Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0xe2, 0xff, n]);

/** A build that printed parts a and b (and kept them, written in the thread pool). */
async function lastBuild(): Promise<void> {
  const cache = new DiskPartCache(PDF);
  cache.set(key('a'), bytes(1));
  cache.set(key('b'), bytes(2));
  cache.save();
  await cacheWritten();
}

describe('the part cache', () => {
  it('keeps each part as its bytes, one file a part, and reads back only the parts it kept', async () => {
    await lastBuild();
    expect(readdirSync(dir).filter((n) => n.startsWith('print-part-') && n.endsWith('.pdf'))).toHaveLength(2);
    const cache = new DiskPartCache(PDF);
    expect([...cache.get(key('a'))!]).toEqual([...bytes(1)]);
    expect(cache.get(key('c'))).toBeUndefined();
  });

  it('loads the kept parts ahead, in order, and gives each loaded document once', async () => {
    await lastBuild();
    const cache = new DiskPartCache(PDF);
    const loadedBytes: number[] = [];
    await cache.loadAhead((pdf) => {
      loadedBytes.push(pdf[6]!);
      return Promise.resolve({ part: pdf[6] } as unknown as PDFDocument);
    });
    expect(loadedBytes).toEqual([1, 2]);
    expect(await cache.loaded(key('b'))).toEqual({ part: 2 });
    expect(cache.loaded(key('b'))).toBeUndefined();
    expect([...cache.get(key('b'))!]).toEqual([...bytes(2)]);
    expect(cache.loaded(key('c'))).toBeUndefined();
  });

  it('loads ahead once (a print tried again loads as it goes)', async () => {
    await lastBuild();
    const cache = new DiskPartCache(PDF);
    let loads = 0;
    const load = () => {
      loads += 1;
      return Promise.resolve({} as PDFDocument);
    };
    const first = cache.loadAhead(load);
    await cache.loadAhead(load);
    await first;
    expect(loads).toBe(2);
  });

  it('does not load ahead a part already asked for', async () => {
    await lastBuild();
    const cache = new DiskPartCache(PDF);
    const loadedBytes: number[] = [];
    const ahead = cache.loadAhead((pdf) => {
      loadedBytes.push(pdf[6]!);
      return Promise.resolve({} as PDFDocument);
    });
    expect(cache.loaded(key('a'))).toBeUndefined();
    await ahead;
    expect(loadedBytes).toEqual([2]);
  });
});

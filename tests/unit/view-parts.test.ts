// The print view's parts: kept from one print to the next, parsed ahead while the view waits for a
// save, each parsed part handed to the join once, and no parsing once a save is coming.
import { describe, expect, it } from 'vitest';
import type { PDFDocument } from 'pdf-lib';
import { ViewParts } from '../../src/dev/view-parts.js';

const bytes = (n: number) => new Uint8Array([n]);
const turns = (n: number) =>
  Array.from({ length: n }).reduce<Promise<void>>(
    (p) => p.then(() => new Promise((r) => setImmediate(r))),
    Promise.resolve(),
  );
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Parts a, b, c printed and turned, with a loader that records what it parsed. */
function printed(onParse: (parts: ViewParts) => void = () => {}) {
  const parts = new ViewParts();
  const parsed: number[] = [];
  const load = (pdf: Uint8Array) => {
    parsed.push(pdf[0]!);
    onParse(parts);
    return Promise.resolve({ from: pdf[0] } as unknown as PDFDocument);
  };
  parts.loadAhead(load);
  ['a', 'b', 'c'].forEach((key, i) => parts.set(key, bytes(i)));
  parts.turn();
  return { parts, parsed };
}

describe('ViewParts', () => {
  it('parses the last print’s parts ahead, each handed out once, from its own bytes', async () => {
    const { parts, parsed } = printed();
    expect(parts.get('b')).toEqual(bytes(1));
    expect(parts.loaded('a')).toBeUndefined();
    parts.preloadIn(0);
    await wait(5);
    await turns(5);
    expect(parsed).toEqual([0, 1, 2]);
    expect(parts.parsedAhead).toBe(3);
    expect(await parts.loaded('b')).toEqual({ from: 1 });
    // The join moved its objects: never handed out twice.
    expect(parts.loaded('b')).toBeUndefined();
    expect(parts.parsedAhead).toBe(2);
  });

  it('parses nothing more once a save is coming or a print begins', async () => {
    // One part a turn: a print beginning after the first stops the rest.
    const { parts, parsed } = printed((p) => p.loadAhead(() => Promise.reject(new Error('not now'))));
    parts.preloadIn(0);
    parts.pause();
    await wait(5);
    await turns(5);
    expect(parsed).toEqual([]);
    parts.preloadIn(0);
    await wait(5);
    await turns(5);
    expect(parsed).toEqual([0]);
    expect(parts.parsedAhead).toBe(1);
  });

  it('lets the parts parsed ahead go when a print is done, keeping that print’s parts', async () => {
    const { parts } = printed();
    parts.preloadIn(0);
    await wait(5);
    await turns(5);
    parts.set('d', bytes(3));
    parts.turn();
    expect(parts.parsedAhead).toBe(0);
    expect(parts.get('d')).toEqual(bytes(3));
    expect(parts.get('a')).toBeUndefined();
  });
});

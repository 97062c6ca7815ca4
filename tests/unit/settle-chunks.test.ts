// What settling found, numbered by the body's nodes, split into chunks and merged back
// (src/print/settle-chunks.ts): chunk 0 runs before and after the chapters (front matter, then the
// white space after main), -1 is the path down to main.
import { describe, expect, it } from 'vitest';
import { mergeSettled, mergeWraps, splitSettled, type BodySettled, type Runs } from '../../src/print/settle-chunks.js';

// Text nodes: 3 of chunk 0, 4 of chapter 1, 2 of chapter 2, 1 of chunk 0 again.
const before: Runs = {
  texts: [
    [0, 3],
    [1, 4],
    [2, 2],
    [0, 1],
  ],
  elements: [
    [0, 2],
    [-1, 1],
    [1, 3],
    [2, 2],
  ],
  softs: [
    [0, 1],
    [1, 2],
    [2, 1],
  ],
};
// After tracking, chapter 1's text nodes are 6 (a tracked run splits nodes).
const after = [
  [0, 3],
  [1, 6],
  [2, 2],
  [0, 1],
] as Runs['texts'];
const found: BodySettled = {
  texts: ['pre-face', 'one', 'two-fold', 'three'],
  ends: [[3], [], [3], []],
  tracks: [
    [4, 0, 5, 0.2],
    [7, 1, 3, 0.1],
  ],
  variants: [[4, 1]],
  wraps: [
    [1, [4]],
    [5, [2]],
    [10, [7]],
    [11, [1]],
  ],
};

describe('settling split by chunk and merged back', () => {
  it('numbers each chunk by its own nodes', () => {
    const split = splitSettled(found, [0, 1, 2], before, after)!;
    expect(split.get(0)).toEqual({
      texts: ['pre-face'],
      ends: [[3]],
      tracks: [],
      variants: [],
      wraps: [
        [1, [4]],
        [3, [1]],
      ],
      widened: 0,
    });
    expect(split.get(1)).toEqual({
      texts: ['one', 'two-fold'],
      ends: [[], [3]],
      tracks: [[1, 0, 5, 0.2]],
      variants: [[1, 1]],
      wraps: [[2, [2]]],
      widened: 0,
    });
    expect(split.get(2)).toEqual({
      texts: ['three'],
      ends: [[]],
      tracks: [[0, 1, 3, 0.1]],
      variants: [],
      wraps: [[1, [7]]],
      widened: 0,
    });
  });

  it('merged back, is what the body found', () => {
    const split = splitSettled(found, [0, 1, 2], before, after)!;
    const merged = mergeSettled(split, before)!;
    expect(merged.texts).toEqual(found.texts);
    expect(merged.ends).toEqual(found.ends);
    expect([...merged.tracks].sort((a, b) => a[0] - b[0])).toEqual(found.tracks);
    expect(merged.variants).toEqual(found.variants);
    expect(mergeWraps(split, after)).toEqual(found.wraps);
  });

  it('a chapter alone in the body is numbered from its first node', () => {
    const split = splitSettled(found, [0, 1, 2], before, after)!;
    const alone = new Map([[2, split.get(2)!]]);
    const runs: Runs = {
      texts: [
        [-1, 1],
        [2, 2],
      ],
      elements: [
        [-1, 1],
        [2, 2],
      ],
      softs: [[2, 1]],
    };
    expect(mergeSettled(alone, runs)).toEqual({ texts: ['three'], ends: [[]], tracks: [[1, 1, 3, 0.1]], variants: [] });
  });

  it('nothing outside the chunks settled, and as many soft-hyphenated nodes as kept, or no answer', () => {
    // A variant on the path down to main (element 2).
    expect(splitSettled({ ...found, variants: [[2, 0]] }, [0, 1, 2], before, after)).toBeUndefined();
    // Chapter 2 not among those settled.
    expect(splitSettled(found, [0, 1], before, after)).toBeUndefined();
    const split = splitSettled(found, [0, 1, 2], before, after)!;
    expect(
      mergeSettled(split, {
        ...before,
        softs: [
          [0, 1],
          [1, 3],
          [2, 1],
        ],
      }),
    ).toBeUndefined();
    // A track past the chunk's text nodes.
    split.get(2)!.tracks.push([5, 0, 1, 0.1]);
    expect(mergeSettled(split, before)).toBeUndefined();
  });
});

// artifact-cache.ts keeps what the last build made of each content stream as one file: a line of
// JSON (the version, each stream's key and length), then the bytes. Read back, it is the same memo;
// another version, or a file cut short or lengthened, is no memo (the streams are rewritten).
import { describe, expect, it } from 'vitest';
import { decodeStreams, encodeStreams } from '../../src/print/artifact-cache.js';
import type { StreamMemo } from '../../src/print/artifacts.js';

const memo: StreamMemo = new Map<string, Uint8Array | null>([
  ['a', new Uint8Array([1, 2, 3, 10, 0])],
  ['b', null],
  ['c', new Uint8Array([])],
  ['d', new Uint8Array([255, 10, 10])],
]);

const plain = (m: StreamMemo | undefined) => (m ? [...m].map(([k, v]) => [k, v && [...v]]) : m);

describe('the artifact cache file', () => {
  it('reads back the memo it wrote, in order, nulls kept', () => {
    expect(plain(decodeStreams('v1', encodeStreams('v1', memo)))).toEqual(plain(memo));
  });

  it('reads an empty memo', () => {
    expect(decodeStreams('v1', encodeStreams('v1', new Map()))?.size).toBe(0);
  });

  it('is no memo for another version', () => {
    expect(decodeStreams('v2', encodeStreams('v1', memo))).toBeUndefined();
  });

  it('is no memo cut short, lengthened or without its index line', () => {
    const bytes = encodeStreams('v1', memo);
    expect(decodeStreams('v1', bytes.subarray(0, bytes.length - 1))).toBeUndefined();
    expect(decodeStreams('v1', new Uint8Array([...bytes, 7]))).toBeUndefined();
    expect(decodeStreams('v1', new TextEncoder().encode('{"version":"v1"'))).toBeUndefined();
    expect(decodeStreams('v1', new TextEncoder().encode('not json\n'))).toBeUndefined();
  });
});

// page-side/digest.ts: the print page's SHA-256, which keys chapters and parts without sending their
// HTML over the pipe; it must be SHA-256 (node:crypto's digest of the same text) and tell apart texts
// UTF-8 cannot (a lone surrogate).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Text } from '../../src/print/page-side/digest.js';

const node = (text: string) => createHash('sha256').update(text).digest('hex');

describe('sha256Text', () => {
  it('is node:crypto’s SHA-256 of the text’s UTF-8, at every length around a block', () => {
    for (const length of [0, 1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000])
      expect(sha256Text('a'.repeat(length))).toBe(node('a'.repeat(length)));
    expect(sha256Text('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hashes text beyond ASCII as its UTF-8', () => {
    const text = '<p lang="kk">Қазақ тілі — «ёлка» 😀 ﬁ\u00AD</p>'.repeat(300);
    expect(sha256Text(text)).toBe(node(text));
  });

  it('tells a lone surrogate from the replacement character UTF-8 would make of it', () => {
    const lone = 'a\uD800b';
    expect(sha256Text(lone)).not.toBe(sha256Text('a\uFFFDb'));
    expect(sha256Text(lone)).not.toBe(sha256Text('a\uDC00b'));
    expect(sha256Text('😀')).toBe(node('😀'));
  });
});

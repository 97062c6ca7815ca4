// page-side/digest.ts: the print page's SHA-256, which keys chapters and parts without sending their
// HTML over the pipe; it must be SHA-256 (node:crypto's digest of the same text) and tell apart texts
// UTF-8 cannot (a lone surrogate).
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { heldDigests, sha256Text } from '../../src/print/page-side/digest.js';

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

describe('heldDigests', () => {
  // The page's window, as the page code sees it.
  const page = globalThis as unknown as { window?: unknown; held?: { texts: string[] } };
  page.window = globalThis;
  afterAll(() => {
    delete page.window;
    delete page.held;
  });
  const hold = (texts: string[]) => (page.held = { texts });

  it('digests the held texts from `from`, a batch of about `most` characters at a time', () => {
    const texts = ['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40), 'd'];
    hold(texts);
    expect(heldDigests('held', 'texts', 0, 50)).toEqual(texts.slice(0, 2).map(node));
    expect(heldDigests('held', 'texts', 2, 50)).toEqual(texts.slice(2).map(node));
    expect(heldDigests('held', 'texts', 4, 50)).toEqual([]);
    expect(heldDigests('nothing', 'texts')).toEqual([]);
  });

  it('digests again only the texts not held at the last round, and never answers a changed text from memory', () => {
    const long = (c: string) => c.repeat(1000);
    hold([long('x'), long('y'), long('z')]);
    heldDigests('held', 'texts');
    // The texts met at the last round cost nothing of the batch: all come back in one call.
    hold([long('x'), long('y') + '!', long('z')]);
    expect(heldDigests('held', 'texts', 0, 10)).toEqual([node(long('x')), node(long('y') + '!')]);
    expect(heldDigests('held', 'texts', 2, 10)).toEqual([node(long('z'))]);
    // Two rounds on, a text is digested afresh (the memo holds the last round and this one).
    hold(['p', 'q']);
    heldDigests('held', 'texts');
    hold(['p', 'q']);
    heldDigests('held', 'texts');
    hold([long('x'), 'w']);
    expect(heldDigests('held', 'texts', 0, 10)).toEqual([node(long('x'))]);
  });
});

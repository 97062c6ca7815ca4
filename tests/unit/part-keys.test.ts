// parts.ts keys each printed part by the document it was printed from: what all parts share (the
// head and browser, the print options, the code) hashed once per print, then the part's first page
// and HTML. A part is reused only for the same key, so every input must change it.
import { describe, expect, it } from 'vitest';
import { partKeyOf, partsBase } from '../../src/print/parts.js';

const head = '<head><style>p{}</style></head>\0Chromium/120';
const options = { format: 'A4', tagged: true } as const;

describe('part keys', () => {
  it('are the same for the same document, options, first page and HTML', () => {
    expect(partKeyOf(partsBase(head, options), 5, '<p>a</p>')).toBe(partKeyOf(partsBase(head, options), 5, '<p>a</p>'));
  });

  it('change with the head, the options, the first page or the HTML', () => {
    const key = partKeyOf(partsBase(head, options), 5, '<p>a</p>');
    const others = [
      partKeyOf(partsBase(`${head} `, options), 5, '<p>a</p>'),
      partKeyOf(partsBase(head, { ...options, tagged: false }), 5, '<p>a</p>'),
      partKeyOf(partsBase(head, options), 6, '<p>a</p>'),
      partKeyOf(partsBase(head, options), 5, '<p>b</p>'),
    ];
    expect(new Set([key, ...others]).size).toBe(5);
  });

  it('keep the first page apart from HTML that starts with a digit', () => {
    const base = partsBase(head, options);
    expect(partKeyOf(base, 1, '2<p>a</p>')).not.toBe(partKeyOf(base, 12, '<p>a</p>'));
  });
});

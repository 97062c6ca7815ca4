// parts.ts keys each printed part by the document it was printed from: what all parts share (the
// head and browser, the print options, the code) hashed once per print, then the part's place in
// its document (placeAt: from its first page, or only its parity when loose) and HTML. A part is reused only for the same key, so every input must change it.
import { describe, expect, it } from 'vitest';
import { partKeyOf, partsBase, placeAt } from '../../src/print/parts.js';

const head = '<head><style>p{}</style></head>\0Chromium/120';
const options = { format: 'A4', tagged: true } as const;
const geometry = { width: '210mm', height: 945 };
const at = (first: number) => placeAt(first, geometry);

describe('part keys', () => {
  it('are the same for the same document, options, first page and HTML', () => {
    expect(partKeyOf(partsBase(head, options), at(5), '<p>a</p>')).toBe(
      partKeyOf(partsBase(head, options), at(5), '<p>a</p>'),
    );
  });

  it('change with the head, the options, the first page or the HTML', () => {
    const key = partKeyOf(partsBase(head, options), at(5), '<p>a</p>');
    const others = [
      partKeyOf(partsBase(`${head} `, options), at(5), '<p>a</p>'),
      partKeyOf(partsBase(head, { ...options, tagged: false }), at(5), '<p>a</p>'),
      partKeyOf(partsBase(head, options), at(6), '<p>a</p>'),
      partKeyOf(partsBase(head, options), at(5), '<p>b</p>'),
    ];
    expect(new Set([key, ...others]).size).toBe(5);
  });

  it('printed loose, depend on the parity of the first page only when left and right pages differ', () => {
    const base = partsBase(head, options);
    const loose = (first: number, sided: boolean) => partKeyOf(base, placeAt(first, geometry, { sided }), '<p>a</p>');
    expect(loose(5, true)).toBe(loose(451, true));
    expect(loose(6, true)).toBe(loose(450, true));
    expect(loose(5, true)).not.toBe(loose(6, true));
    expect(loose(5, false)).toBe(loose(6, false));
    expect(loose(5, false)).not.toBe(partKeyOf(base, at(5), '<p>a</p>'));
    // The first part (the front matter) stands where it is, its folios left out too.
    expect(loose(1, true)).toBe(loose(1, false));
    expect(loose(1, true)).not.toBe(partKeyOf(base, at(1), '<p>a</p>'));
  });

  it('keep the first page apart from HTML that starts with a digit', () => {
    const base = partsBase(head, options);
    expect(partKeyOf(base, at(1), '2<p>a</p>')).not.toBe(partKeyOf(base, at(12), '<p>a</p>'));
  });
});

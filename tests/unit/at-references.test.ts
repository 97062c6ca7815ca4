import { describe, expect, it } from 'vitest';
import { findAtReferences } from '../../src/pipeline/at-references.js';

describe('@ references (Pandoc syntax)', () => {
  it('reads a bracketed cluster with prefixes, locators and suffixes', () => {
    const text = 'As shown [see @doe2020, pp. 33-35; also @smith2019, chap. 2, for more].';
    const [cluster] = findAtReferences(text);
    expect(text.slice(cluster!.from, cluster!.to)).toBe(
      '[see @doe2020, pp. 33-35; also @smith2019, chap. 2, for more]',
    );
    expect(cluster!.inText).toBe(false);
    expect(cluster!.items).toEqual([
      { key: 'doe2020', prefix: 'see', locator: '33-35', label: 'page', suffix: '', suppressAuthor: false },
      { key: 'smith2019', prefix: 'also', locator: '2', label: 'chapter', suffix: ', for more', suppressAuthor: false },
    ]);
  });

  it('reads [-@key] and @key [p. 33] in the running text, a bare number as a page', () => {
    const clusters = findAtReferences('@smith2019 [p. 33] says so [-@doe2020, 12].');
    expect(clusters.map((c) => [c.inText, c.items[0]!.key, c.items[0]!.locator, c.items[0]!.suppressAuthor])).toEqual([
      [true, 'smith2019', '33', false],
      [false, 'doe2020', '12', true],
    ]);
  });

  it('leaves e-mail addresses, a lone @ and brackets without a key alone; trailing punctuation is not part of a key', () => {
    expect(findAtReferences('write to jane@example.com or @ once [a note] and x@y')).toEqual([]);
    const [c] = findAtReferences('See @fig-budget.');
    expect(c!.items[0]!.key).toBe('fig-budget');
    // Not a cluster (one part has no key): its key is read as one in the running text, as Pandoc does.
    expect(findAtReferences('[@a; b]').map((c) => c.inText)).toEqual([true]);
  });

  it('reads braced keys and keys with internal punctuation', () => {
    expect(findAtReferences('[@{doi:10.1/x y}] and @a:b.c-d.').map((c) => c.items[0]!.key)).toEqual([
      'doi:10.1/x y',
      'a:b.c-d',
    ]);
  });

  it('reads @fig-x[page] (no space) as a page reference; not after a citation, and a spaced [page] stays locator text', () => {
    const text = 'See @fig-a[page], @tbl-b [page] and @smith2019[page].';
    const clusters = findAtReferences(text);
    expect(clusters.map((c) => [text.slice(c.from, c.to), c.items[0]!.page ?? false])).toEqual([
      ['@fig-a[page]', true],
      ['@tbl-b [page]', false],
      ['@smith2019', false],
    ]);
  });
});

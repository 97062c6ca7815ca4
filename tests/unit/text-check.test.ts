import { describe, expect, it } from 'vitest';
import { hyphenStems, missingText, pdfWordCounts, sourceBlocks, words } from '../../src/print/text-check.js';

const line = (str: string, hasEOL = true) => ({ str, hasEOL });

describe('the text check (source words against the PDF text)', () => {
  const html =
    '<html><head><title>t</title></head><body><p>cover</p>' +
    '<section data-source="a.md:3:1"><h2 data-source="a.md:3:1">Ligatures of Office</h2>' +
    '<p data-source="a.md:5:1">The of\u00adfice prints <span class="x">zanzibar</span> once.</p>' +
    '<p data-source="a.md:7:1"><math><mi>x</mi><annotation encoding="application/x-tex">\\frac{x}{yy}</annotation></math> is math.</p>' +
    '</section></body></html>';

  it('takes each block with the words of its own text, soft hyphens and TeX annotations left out', () => {
    expect(sourceBlocks(html)).toEqual([
      { source: 'a.md:3:1', words: ['ligatures', 'of', 'office'] },
      { source: 'a.md:5:1', words: ['the', 'office', 'prints', 'zanzibar', 'once'] },
      { source: 'a.md:7:1', words: ['x', 'is', 'math'] },
    ]);
  });

  it('names the block whose word the PDF lacks, and only that one', () => {
    const pages = [[line('Ligatures of Oﬃce'), line('The oﬃce prints once.'), line('𝑥 is math.')]];
    expect(missingText(sourceBlocks(html), pdfWordCounts(pages), hyphenStems(pages))).toEqual([
      { source: 'a.md:5:1', missing: ['zanzibar'], words: 5 },
    ]);
  });

  it('never runs the text of two table cells into one word', () => {
    const table = '<table data-source="b.md:2:1"><tr><th>Command line</th><th>Defaults file</th></tr></table>';
    expect(sourceBlocks(table)).toEqual([{ source: 'b.md:2:1', words: ['command', 'line', 'defaults', 'file'] }]);
  });

  it('counts a word the source has twice and the PDF once as missing', () => {
    const blocks = [
      { source: 'a.md:1:1', words: words('Data and data') },
      { source: 'a.md:2:1', words: words('more data') },
    ];
    expect(missingText(blocks, pdfWordCounts([[line('data and data more')]]))).toEqual([
      { source: 'a.md:2:1', missing: ['data'], words: 2 },
    ]);
  });

  it('reads words hyphenated at a line end, and at a page foot with the running head between', () => {
    const blocks = [{ source: 'a.md:1:1', words: words('a specifically enhanced well-being') }];
    const pages = [
      [line('a specific-', false), line('Running head', false)],
      [line('ally en-'), line('hanced well-'), line('being')],
    ];
    expect(missingText(blocks, pdfWordCounts(pages), hyphenStems(pages))).toEqual([]);
    expect(missingText(blocks, pdfWordCounts(pages))).toEqual([
      { source: 'a.md:1:1', missing: ['specifically'], words: 5 },
    ]);
  });
});

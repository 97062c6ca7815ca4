// Figures (an image alone in its paragraph) and table captions (`Table: …` before or after a table):
// numbered across the edition in reading order, words from strings.yaml, in both media. No browser.
import { describe, expect, it } from 'vitest';
import { fromHtml } from 'hast-util-from-html';
import { selectAll, select } from 'hast-util-select';
import { toText } from 'hast-util-to-text';
import { chapterHtml } from '../../src/render/html.js';
import { edition, PNG } from '../support/edition.js';

const TWO_CHAPTERS = {
  'en/map.png': PNG,
  'en/01-one.md': [
    '# One',
    '',
    'Text before. An inline ![icon](map.png) stays an image.',
    '',
    '![Population by *region*, 2022](map.png)',
    '',
    'Table: Budget, millions',
    '',
    '| Item | Amount |',
    '|:--|--:|',
    '| Courts | 88.1 |',
    '',
    '| Plain | table |',
    '|---|---|',
    '| no | caption |',
  ].join('\n'),
  'en/02-two.md': [
    '# Two',
    '',
    '| Region | Share |',
    '|---|:-:|',
    '| North | 12 % |',
    '',
    'Table: Shares by region, with a note[^n]',
    '',
    '![Second chart](map.png)',
  ].join('\n'),
  'en/sources.md': '# Sources\n\n[^n]: A source <https://example.org>\n',
};

describe('figures and table captions', () => {
  it('numbers figures and captioned tables across the edition and counts them in the stats', async () => {
    const { edition: e, messages } = await edition(TWO_CHAPTERS);
    expect(messages).toEqual([]);
    expect(e.stats).toMatchObject({ figures: 2, tables: 2 });
    const [one, two] = e.chapters.map((c) => fromHtml(chapterHtml(c.tree, 'screen', 'en'), { fragment: true }));
    // An image alone in its paragraph is a figure, its alt text the caption; an inline image is not.
    const figures = [...selectAll('figure.figure', one), ...selectAll('figure.figure', two)];
    expect(figures.map((f) => toText(select('figcaption', f)!))).toEqual([
      'Figure 1. Population by region, 2022',
      'Figure 2. Second chart',
    ]);
    expect(select('figure.figure > img[src^="data:image/png"]', one)).toBeTruthy();
    expect(selectAll('p img', one)).toHaveLength(1);
    // Caption before or after the table: the caption comes first in the figure, the paragraph is gone.
    const tables = [...selectAll('figure.table-figure', one), ...selectAll('figure.table-figure', two)];
    expect(tables.map((t) => toText(select('figcaption', t)!))).toEqual([
      'Table 1. Budget, millions',
      'Table 2. Shares by region, with a notei',
    ]);
    expect(tables.map((t) => t.children.filter((c) => c.type === 'element').map((c) => c.tagName))).toEqual([
      ['figcaption', 'table'],
      ['figcaption', 'table'],
    ]);
    expect(toText(two!)).not.toContain('Table:');
    // The plain table stays uncaptioned; Markdown column alignment reaches the HTML.
    expect(selectAll('table', one)).toHaveLength(2);
    expect(select('td[align="right"]', one)).toBeTruthy();
    expect(select('td[align="center"]', two)).toBeTruthy();
  });

  it('takes the words from strings.yaml and renders captions in print without hyphens', async () => {
    const { edition: e } = await edition({
      ...TWO_CHAPTERS,
      'en/strings.yaml':
        'contents: Contents\nsources: Sources\npage: Page\nbackToReference: Back\nnotTranslated: Not yet translated\nskipToContent: Skip\npreparedBy: Prepared by\npreface: Preface\nfigure: Abbildung\ntable: Tabelle\n',
    });
    const print = chapterHtml(e.chapters[0]!.tree, 'print', 'en');
    expect(print).toContain('<span class="caption-label">Abbildung 1.</span> Population by region, 2022</figcaption>');
    expect(print).toContain('<span class="caption-label">Tabelle 1.</span> Budget, millions');
    // No hyphenation in captions and table cells (the body text around them is hyphenated).
    expect(print).toContain('be\u00ADfore');
    const tree = fromHtml(print, { fragment: true });
    const unhyphenated = selectAll('figcaption, td, th', tree);
    expect(unhyphenated.length).toBeGreaterThan(5);
    expect(unhyphenated.map((e) => toText(e)).join('')).not.toContain('\u00AD');
    // Print carries each block's source position for the layout check; the web edition does not.
    expect(selectAll('figure', tree).map((f) => f.properties)).toEqual([
      { className: ['figure'], dataSource: expect.stringMatching(/01-one\.md:5:1$/) as string },
      { className: ['table-figure'], dataSource: expect.stringMatching(/01-one\.md:9:1$/) as string },
    ]);
    expect(chapterHtml(e.chapters[0]!.tree, 'screen', 'en')).not.toContain('data-source');
  });

  it('warns about an image alone in its paragraph without alt text (no caption, no number)', async () => {
    const { edition: e, messages } = await edition({ 'en/map.png': PNG, 'en/01-one.md': '# One\n\n![](map.png)\n' });
    expect(e.stats.figures).toBe(0);
    expect(messages).toEqual([
      'en/01-one.md:3:1 warning image without alt text: it is printed without a caption and is not numbered (write the caption as the alt text: ![Population by region, 2022](chart.png)) briefing:figure-caption',
    ]);
  });
});

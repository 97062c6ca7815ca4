// Cross-references in Quarto's syntax: labels on figures, tables, equations and headings, numbered
// across the edition; `@fig-x` → "Figure 2" linked, `[-@fig-x]` the number; unknown and duplicate
// labels are positioned errors. In-process, no browser.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toText } from 'hast-util-to-text';
import { toHtml } from 'hast-util-to-html';
import type { Element } from 'hast';
import { remove } from 'unist-util-remove';
import rehypeWebPageRefs from '../../src/render/rehype-web-page-refs.js';
import { chapterHtml } from '../../src/render/html.js';
import { ROOT } from '../support/cli.js';
import { edition, PNG } from '../support/edition.js';

const LABELLED = {
  'en/map.png': PNG,
  'en/01-one.md': [
    '# One',
    '',
    'As @fig-second shows (see also [-@fig-first] and [@tbl-budget; @eq-mass]), read @sec-method.',
    '',
    '![First chart](map.png){#fig-first}',
    '',
    'Table: Budget, millions {#tbl-budget}',
    '',
    '| Item | Amount |',
    '|:--|--:|',
    '| Courts | 88.1 |',
    '',
    '$$',
    'E = mc^2',
    '$$ {#eq-mass}',
    '',
    'Text after the equation.',
  ].join('\n'),
  'en/02-two.md': ['# Two {#sec-method}', '', '![Second chart](map.png){#fig-second}', ''].join('\n'),
};

/** LABELLED's first paragraph as printed: its words, and its links to labels spelled with `-` or `:`. */
function expectFirstParagraph(first: Element, separator: '-' | ':') {
  expect(toText(first)).toBe(
    'As Figure\u00a02 shows (see also 1 and Table\u00a01, Equation\u00a01), read Section\u00a0II.',
  );
  const labels = ['fig-second', 'fig-first', 'tbl-budget', 'eq-mass'].map((id) => `#${id.replace('-', separator)}`);
  expect(selectAll('a.xref-link', first).map((a) => a.properties.href)).toEqual([...labels, '#two']);
}

describe('cross-references', () => {
  it('prints "Figure 2" linked to the figure, the number alone for [-@…], across chapters and before the label', async () => {
    const { edition: e, messages } = await edition(LABELLED);
    expect(messages).toEqual([]);
    const [one, two] = e.chapters.map((c) => fromHtml(chapterHtml(c.tree, 'screen', 'en'), { fragment: true }));
    const first = select('p', one)!;
    expectFirstParagraph(first, '-');
    expect(select('figure#fig-second', two)).toBeTruthy();
    expect(select('figure#fig-first img[id]', one)).toBeFalsy();
    expect(toText(select('figure#tbl-budget figcaption', one)!)).toBe('Table 1. Budget, millions');
    expect(toText(select('div.equation#eq-mass .equation-number', one)!)).toBe('(1)');
    expect(select('div.equation#eq-mass math', one)).toBeTruthy();
    // The label on the closing `$$` line did not swallow the text after it.
    expect(toText(one!)).toContain('Text after the equation.');
  });

  it("reads pandoc-crossref's labels and references (`{#fig:x}`, `@fig:x`) as Quarto's", async () => {
    // remark-directive read `@sec:method` as `@sec` and a text directive `:method`: now one text again.
    const colons = (text: string) => text.replace(/\b(fig|tbl|eq|sec)-/g, '$1:');
    const { edition: e, messages } = await edition({
      'en/map.png': PNG,
      'en/01-one.md': `${colons(LABELLED['en/01-one.md'])}\n\n$$a^2 + b^2$$ {#eq:pythagoras}\n\nBy @eq:pythagoras, at 10:30.\n`,
      'en/02-two.md': `${colons(LABELLED['en/02-two.md'])}\n| A |\n|---|\n| 1 |\n\n: Data. []{#tbl:data short-caption="Data"}\n\nIn @tbl:data.\n`,
    });
    expect(messages).toEqual([]);
    const one = fromHtml(chapterHtml(e.chapters[0]!.tree, 'screen', 'en'), { fragment: true });
    const [first, last] = [selectAll('p', one)[0]!, selectAll('p', one).at(-1)!];
    expectFirstParagraph(first, ':');
    expect(toText(last)).toBe('By Equation\u00a02, at 10:30.');
    expect(select('div.equation[id="eq:pythagoras"] math', one)).toBeTruthy();
    const two = fromHtml(chapterHtml(e.chapters[1]!.tree, 'screen', 'en'), { fragment: true });
    expect(toText(select('figure[id="tbl:data"] figcaption', two)!)).toBe('Table 2. Data.');
    expect(toText(selectAll('p', two).at(-1)!)).toBe('In Table\u00a02.');
  });

  it('reports an unknown and a duplicate label at their places', async () => {
    const { messages } = await edition({
      'en/map.png': PNG,
      'en/01-one.md': '# One\n\nSee @fig-nowhere.\n\n![A](map.png){#fig-a}\n\n![B](map.png){#fig-a}\n',
    });
    expect(messages).toEqual([
      'en/01-one.md:7:1 error label "fig-a" is used twice (first in 01-one.md at line 5) (give each figure, table, equation or section its own label) briefing:duplicate-label',
      'en/01-one.md:3:5 error cross-reference "@fig-nowhere": no figure, table, equation or section has the label {#fig-nowhere} (label the figure, table, equation or heading with {#fig-nowhere}, or fix the name) briefing:unknown-label',
    ]);
  });

  it('takes the words from strings.yaml (ru)', async () => {
    const { edition: e } = await edition({
      ...LABELLED,
      'briefing.yaml': 'id: sample\nyear: 2022\nsourceLocale: ru\nlocales: [ru]\n',
      'ru/edition.yaml': 'title: Обзор\npublisher: Офис\n',
      'ru/strings.yaml': readFileSync(path.join(ROOT, 'content', 'ru', 'strings.yaml'), 'utf8'),
      'ru/map.png': PNG,
      'ru/01-one.md': LABELLED['en/01-one.md'],
      'ru/02-two.md': LABELLED['en/02-two.md'],
      'en/01-one.md': null,
    });
    const one = fromHtml(chapterHtml(e.chapters[0]!.tree, 'screen', 'ru'), { fragment: true });
    expect(toText(select('p', one)!)).toBe(
      'As Рисунок\u00a02 shows (see also 1 and Таблица\u00a01, Уравнение\u00a01), read Раздел\u00a0II.',
    );
  });

  it('@fig-x[page]: "on page" and a page number to fill in print (strings.yaml, en/ru/kk), nothing on screen', async () => {
    const pageRefs = (locale: string) => ({
      ...LABELLED,
      'briefing.yaml': `id: sample\nyear: 2022\nsourceLocale: ${locale}\nlocales: [${locale}]\n`,
      [`${locale}/edition.yaml`]: 'title: T\npublisher: P\n',
      [`${locale}/strings.yaml`]: readFileSync(path.join(ROOT, 'content', locale, 'strings.yaml'), 'utf8'),
      [`${locale}/map.png`]: PNG,
      [`${locale}/01-one.md`]: LABELLED['en/01-one.md'],
      [`${locale}/02-two.md`]: [
        '# Two {#sec-method}',
        '',
        'See @fig-first[page], @sec-method[page] and @tbl-budget [p. 2].',
        '',
        '![Second chart](map.png){#fig-second}',
      ].join('\n'),
      ...(locale === 'en' ? {} : { 'en/01-one.md': null }),
    });
    const printed: Record<string, string> = {};
    for (const locale of ['en', 'ru', 'kk']) {
      const { edition: e, messages } = await edition(pageRefs(locale));
      expect(messages, locale).toEqual([]);
      const print = fromHtml(chapterHtml(e.chapters[1]!.tree, 'print', locale), { fragment: true });
      // The number is the print module's to fill in (print/pdf.ts), for the label's element.
      expect(
        selectAll('.xref-page [data-page-of]', print).map((n) => n.properties.dataPageOf),
        locale,
      ).toEqual(['fig-first', 'two']);
      printed[locale] = toText(select('p', print)!).replaceAll('\u00ad', '');
      const screen = fromHtml(chapterHtml(e.chapters[1]!.tree, 'screen', locale), { fragment: true });
      expect(selectAll('[data-page-of]', screen), locale).toEqual([]);
      expect(toText(select('p', screen)!), locale).not.toMatch(/000|page|с\.|бет/);
    }
    expect(printed).toEqual({
      en: 'See Figure\u00a01 on page\u00a0000, Section\u00a0II on page\u00a0000 and Table\u00a01, 2.',
      ru: 'See Рисунок\u00a01 на с.\u00a0000, Раздел\u00a0II на с.\u00a0000 and Таблица\u00a01, 2.',
      kk: 'See Сурет\u00a01,\u00a0000-бетте, Бөлім\u00a0II,\u00a0000-бетте and Кесте\u00a01, 2.',
    });
  });

  it('leaves page references out of the web edition as unist-util-remove would (an element they empty too)', () => {
    const html =
      '<p>As <span class="xref"><a href="#fig-1">Figure 1</a><span class="xref-page"> on page <span data-page-of="fig-1">000</span></span></span> shows.</p>' +
      '<p><span class="only"><span class="xref-page">on page 000</span></span> and <em></em><span class="x xref-page">.</span></p>' +
      '<div><span class="xref-page">x</span></div><span class="xref-page">top</span>';
    const ours = fromHtml(html, { fragment: true });
    const theirs = fromHtml(html, { fragment: true });
    rehypeWebPageRefs()(ours);
    remove(theirs, (node) => {
      const classes = node.type === 'element' ? (node as Element).properties.className : undefined;
      return Array.isArray(classes) && classes.includes('xref-page');
    });
    expect(toHtml(ours)).toBe(toHtml(theirs));
    expect(toHtml(ours)).toBe(
      '<p>As <span class="xref"><a href="#fig-1">Figure 1</a></span> shows.</p><p> and <em></em></p>',
    );
  });
});

describe('code listings', () => {
  it("numbers a captioned code block (Quarto's lst-cap, pandoc-crossref's `: caption {#lst:x}`) and links @lst references", async () => {
    const { edition: e, messages } = await edition({
      'en/01-one.md': [
        '# One',
        '',
        'See @lst-query and @lst:robot.',
        '',
        '```{#lst-query .sql lst-cap="Customers query"}',
        'SELECT * FROM customers;',
        '```',
        '',
        '```python',
        "mood = 'happy'",
        '```',
        '',
        ': Code caption {#lst:robot}',
        '',
        '```{.haskell}',
        'main = print 1',
        '```',
      ].join('\n'),
    });
    expect(messages).toEqual([]);
    const one = fromHtml(chapterHtml(e.chapters[0]!.tree, 'screen', 'en'), { fragment: true });
    expect(toText(select('p', one)!)).toBe('See Listing\u00a01 and Listing\u00a02.');
    const listings = selectAll('figure.listing', one);
    expect(listings.map((f) => [f.properties.id, toText(select('figcaption', f)!)])).toEqual([
      ['lst-query', 'Listing 1. Customers query'],
      ['lst:robot', 'Listing 2. Code caption'],
    ]);
    // The first class on the fence is the language: highlighted as ```sql would be.
    expect(select('figure#lst-query pre code.language-sql', one)).toBeTruthy();
    expect(select('pre code.language-haskell', one)).toBeTruthy();
    expect(toText(one)).not.toContain('{#lst');
  });
});

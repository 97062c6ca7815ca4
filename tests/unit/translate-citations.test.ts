// Citation keys and cross-reference labels in translation files: protected like note references
// (a PO msgstr or an XLIFF target that drops or changes one is refused on import), while the words
// around them (`see`, `p.`) are translated. In-process.
import { describe, expect, it } from 'vitest';
import { markupProblem, protectedTokens } from '../../src/translate/markup.js';

describe('citations and cross-references in translations', () => {
  const source = 'As [see @doe2020, p. 33; -@smith2019] and @fig-budget show, write to a@b.org or `@code`.';

  it('protects each key and label, with the dash of [-@key], and nothing in code or an address', () => {
    expect(protectedTokens(source).map((t) => [t.kind, t.text])).toEqual([
      ['cite', '@doe2020'],
      ['cite', '-@smith2019'],
      ['cite', '@fig-budget'],
      ['code', '`@code`'],
    ]);
  });

  it('accepts translated words around the keys and refuses a dropped, changed or added key', () => {
    expect(
      markupProblem(source, 'Как [см. @doe2020, с. 33; -@smith2019] и @fig-budget, пишите a@b.org или `@code`.'),
    ).toBe(undefined);
    expect(markupProblem(source, 'Как [см. @doe2020, с. 33] и @fig-budget, `@code`.')).toBe(
      'drops or changes the citation or cross-reference -@smith2019 (keys and labels are not translated)',
    );
    expect(markupProblem(source, 'Как [см. @doe2020; -@smith2019] и @рис-бюджет, `@code`.')).toBe(
      'drops or changes the citation or cross-reference @fig-budget (keys and labels are not translated)',
    );
    expect(markupProblem('Plain text.', 'Текст [@doe2020].')).toBe(
      'adds the citation or cross-reference @doe2020, which the source does not have',
    );
  });

  it('keeps the [page] of a page reference with its label', () => {
    const text = 'Figure @fig-budget[page] shows it.';
    expect(protectedTokens(text).map((t) => t.text)).toEqual(['@fig-budget[page]']);
    expect(markupProblem(text, 'Это показывает @fig-budget[page].')).toBe(undefined);
    expect(markupProblem(text, 'Это показывает @fig-budget.')).toBe(
      'drops or changes the citation or cross-reference @fig-budget[page] (keys and labels are not translated)',
    );
  });
});

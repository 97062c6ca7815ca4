// End to end: citations (Chicago author-date and Chicago notes) and cross-references in the PDF and
// web editions, en and ru, read back with poppler and parsed HTML. The citation texts are what Pandoc's
// citeproc prints for the same .bib and .csl (docs/CITATIONS.md).
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toText } from 'hast-util-to-text';
import { ROOT, copyFixture, runCli, tempDir, type CliResult } from '../support/cli.js';
import { pdfText, squash } from '../support/pdf.js';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'citations');

describe('citations and cross-references, PDF and web, en and ru', () => {
  let out: string;
  let run: CliResult;

  beforeAll(() => {
    const content = copyFixture(path.join(FIXTURE, 'content'));
    out = path.join(path.dirname(content), 'output');
    run = runCli(['build', '--content', content, '--out', out, '--locale', 'all']);
  });

  it('builds without a message', () => {
    expect(run.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('briefing: '))).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('prints citations, cross-references and the bibliography in the en PDF', () => {
    const text = squash(pdfText(path.join(out, 'en', 'cite-2024.en.pdf')));
    for (const words of [
      'Public budgets grew (Doe et al. 2020, 33–35), as Figure 1 shows. Smith (2019) measured pay, and (see Lee 2018; United Nations 2021, chap. 2) for courts; 1 lists them, and Section II explains how.',
      'Figure 1. Budget by region',
      'Table 1. Courts by region',
      'The model is Equation 1:',
      'References Doe, Jane, Richard Roe, Edgar Poe, and Anna Moe. 2020. Public Budgets in Practice.',
      'Smith, John. 2019. “Measuring Teacher Pay.” Journal of Education Policy 12 (3): 33–51.',
    ])
      expect(text).toContain(words);
    // The bibliography is in the contents, with its page.
    expect(squash(pdfText(path.join(out, 'en', 'cite-2024.en.pdf'), { layout: true }))).toMatch(/References \d+/);
  });

  it('prints Russian words and CSL terms in the ru PDF', () => {
    const text = squash(pdfText(path.join(out, 'ru', 'cite-2024.ru.pdf')));
    for (const words of [
      'Бюджеты выросли (Doe и др. 2020, 33–35), как показывает Рисунок 1.',
      '(см. Lee 2018; United Nations 2021, гл. 2); их перечисляет таблица 1, а Раздел II объясняет метод.',
      'Модель — Уравнение 1:',
      'Список литературы',
      'Lee, Min. 2018. «Courts and Budgets». В Handbook of Public Law, под редакцией Soo Park и Ha Kim,',
    ])
      expect(text).toContain(words);
  });

  it('links citations to entries and cross-references to their targets in the web edition', () => {
    const page = fromHtml(readFileSync(path.join(out, 'en', 'cite-2024.en.html'), 'utf8'));
    const hrefs = selectAll('a', page).map((a) => String(a.properties.href));
    for (const target of [
      '#ref-doe2020',
      '#ref-smith2019',
      '#ref-lee2018',
      '#ref-un2021',
      '#fig-budget',
      '#tbl-courts',
      '#eq-growth',
    ]) {
      expect(hrefs).toContain(target);
      expect(select(`[id="${target.slice(1)}"]`, page)).toBeTruthy();
    }
    expect(toText(select('#ref-un2021', page)!)).toBe(
      'United Nations. 2021. “Human Rights Review.” Geneva: United Nations. https://example.org/review.',
    );
    expect(select('#ref-un2021 a[href="https://example.org/review"]', page)).toBeTruthy();
    expect(toText(select('#eq-growth .equation-number', page)!)).toBe('(1)');
  });
});

describe('a note style (Chicago notes) in a single-file report', () => {
  it("puts the citations in footnotes as Pandoc's citeproc does", () => {
    const dir = tempDir();
    for (const name of ['notes.md', 'references.bib']) cpSync(path.join(FIXTURE, name), path.join(dir, name));
    const run = runCli(['build', 'notes.md'], { cwd: dir });
    expect(run.code).toBe(0);
    const text = squash(pdfText(path.join(dir, 'output', 'en', 'notes-2024.en.pdf')));
    expect(text).toContain('Public budgets grew.i Smithii measured pay, andiii for courts. The reviewiv agrees.');
    for (const note of [
      'i Doe et al., Public Budgets in Practice, 33–35.',
      'ii “Measuring Teacher Pay.”',
      'iii See Lee, “Courts and Budgets”; United Nations, “Human Rights Review,” chap. 2.',
      'iv “Human Rights Review.”',
    ])
      expect(text).toContain(note);
  });
});

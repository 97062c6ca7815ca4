// End to end: citations (Chicago author-date and Chicago notes) and cross-references in the PDF and
// web editions, en and ru, read back with poppler and parsed HTML. The citation texts are what Pandoc's
// citeproc prints for the same .bib and .csl (docs/CITATIONS.md).
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toText } from 'hast-util-to-text';
import { ROOT, copyFixture, runCli, tempDir, type CliResult } from '../support/cli.js';
import { pagesText, pdfText, squash } from '../support/pdf.js';
import { hasSoffice, skipWithout, sofficeToPdf } from '../support/word-readers.js';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'citations');

// `@fig-budget[page]`, `@tbl-courts[page]`, `@sec-method[page]`: each printed number is the page
// (pdftotext, page by page) where the label's figure, table or heading stands.
const PAGE_REFERENCES = {
  en: {
    contents: 'Contents',
    pattern: /(Figure|Table|Section) (\S+) on page (\d+)/g,
    target: { Figure: 'Figure 1. Budget by region', Table: 'Table 1. Courts by region', Section: 'II. Method' },
  },
  ru: {
    contents: 'Содержание',
    pattern: /(Рисунок|Таблица|Раздел) (\S+) на с\. (\d+)/g,
    target: { Рисунок: 'Рисунок 1. Бюджет по регионам', Таблица: 'Таблица 1. Суды по регионам', Раздел: 'II. Метод' },
  },
} as const;

function pageReferences(pdf: string, locale: keyof typeof PAGE_REFERENCES) {
  const pages = pagesText(pdf).map(squash);
  const { contents, pattern } = PAGE_REFERENCES[locale];
  const target: Record<string, string> = PAGE_REFERENCES[locale].target;
  // Where a label stands: not in the contents, which names every chapter.
  const standsOn = (what: string) =>
    pages.flatMap((p, j) => (p.includes(what) && !p.startsWith(contents) ? [j + 1] : []));
  return pages.flatMap((text, i) =>
    [...text.matchAll(pattern)].map((m) => ({
      on: i + 1,
      what: target[m[1]!]!,
      page: Number(m[3]),
      standsOn: standsOn(target[m[1]!]!),
    })),
  );
}

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

  it('prints "on page N" after a page reference, N the page where the label stands (en and ru)', () => {
    for (const locale of ['en', 'ru'] as const) {
      const refs = pageReferences(path.join(out, locale, `cite-2024.${locale}.pdf`), locale);
      expect(refs.map((r) => r.what).sort(), locale).toEqual(Object.values(PAGE_REFERENCES[locale].target).sort());
      for (const ref of refs) expect(ref.standsOn, `${locale}: ${ref.what} "on page ${ref.page}"`).toEqual([ref.page]);
      // Not the page the reference is on: the chapter after refers back, the chapter before forward.
      expect(refs.filter((r) => r.page !== r.on).length, locale).toBe(refs.length);
    }
  });

  it('proves page references against the final PDF: a wrong number from the last build is printed again', () => {
    const content = path.join(path.dirname(out), 'content');
    const cache = path.join(out, 'en', '.cite-2024.en.pages.json');
    const numbers = JSON.parse(readFileSync(cache, 'utf8')) as Record<string, number>;
    expect(numbers['fig-budget']).toBeGreaterThan(0);
    writeFileSync(cache, JSON.stringify({ ...numbers, 'fig-budget': numbers['fig-budget']! + 1 }));
    const again = runCli(['build', '--content', content, '--out', out, '--locale', 'en']);
    expect(again.stderr).toMatch(/^briefing: en: printed \d+ pages in 2 passes/m);
    for (const ref of pageReferences(path.join(out, 'en', 'cite-2024.en.pdf'), 'en'))
      expect(ref.standsOn, ref.what).toEqual([ref.page]);
  });

  it('prints no page in the web edition: the reference links to its figure', () => {
    const page = fromHtml(readFileSync(path.join(out, 'en', 'cite-2024.en.html'), 'utf8'));
    expect(selectAll('[data-page-of], .xref-page', page)).toEqual([]);
    const text = toText(select('main', page) ?? page).replace(/\s+/g, ' ');
    expect(text).toContain('The method is Section II.');
    expect(text).toContain('it reads Figure 1 and Table 1.');
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

// The Word edition cannot know its pages: "on page" is a PAGEREF field to the target's bookmark, and
// the reader's word processor (here LibreOffice, converting to PDF) fills in the page of its own layout.
describe.skipIf(skipWithout(hasSoffice()))(
  'page references in the Word edition, opened by LibreOffice (en and ru)',
  () => {
    it('prints "on page N", N the page of the LibreOffice PDF where the label stands', () => {
      const content = copyFixture(path.join(FIXTURE, 'content'));
      const out = path.join(path.dirname(content), 'output');
      const run = runCli(['build', '--content', content, '--out', out, '--locale', 'all', '--format', 'docx']);
      expect(run.code, run.stderr).toBe(0);
      for (const locale of ['en', 'ru'] as const) {
        const pdf = sofficeToPdf(path.join(out, locale, `cite-2024.${locale}.docx`));
        const refs = pageReferences(pdf, locale);
        expect(refs.map((r) => r.what).sort(), locale).toEqual(Object.values(PAGE_REFERENCES[locale].target).sort());
        for (const ref of refs)
          expect(ref.standsOn, `${locale}: ${ref.what} "on page ${ref.page}"`).toEqual([ref.page]);
      }
    });
  },
);

// The same content in a note style: Pandoc's citeproc (chicago-note-bibliography.csl, `-M lang=ru-RU`
// for ru) prints these notes, apart from ru's locator words (docs/CITATIONS.md: Pandoc 2.17 keeps
// "pp. 33-35" and "chap. 2" as typed under ru).
const NOTE_STYLE = {
  en: {
    text: 'Public budgets grew,i as Figure 1 shows. Smithii measured pay, andiii for courts;',
    notes: [
      'Doe et al., Public Budgets in Practice, 33–35.',
      '“Measuring Teacher Pay.”',
      'See Lee, “Courts and Budgets”; United Nations, “Human Rights Review,” chap. 2.',
    ],
    entry: 'Smith, John. “Measuring Teacher Pay.” Journal of Education Policy 12, no. 3 (2019): 33–51.',
  },
  ru: {
    text: 'Бюджеты выросли,i как показывает Рисунок 1. Smithii измерил зарплаты, а о судах;iii',
    notes: [
      'Doe и др., Public Budgets in Practice, 33–35.',
      '«Measuring Teacher Pay».',
      'См. Lee, «Courts and Budgets»; United Nations, «Human Rights Review», гл. 2.',
    ],
    entry: 'Smith, John. «Measuring Teacher Pay». Journal of Education Policy 12, вып. 3 (2019 г.): 33–51.',
  },
} as const;

describe('a note style (Chicago notes) in the PDF and web editions, en and ru', () => {
  let out: string;
  beforeAll(() => {
    const content = copyFixture(path.join(FIXTURE, 'content'));
    const settings = path.join(content, 'briefing.yaml');
    writeFileSync(settings, `${readFileSync(settings, 'utf8')}csl: chicago-note-bibliography.csl\n`);
    out = path.join(path.dirname(content), 'output');
    const run = runCli(['build', '--content', content, '--out', out, '--locale', 'all']);
    expect(run.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('briefing: '))).toEqual([]);
  });

  it('puts the citations in notes in the PDF, the bibliography after them', () => {
    for (const locale of ['en', 'ru'] as const) {
      const text = squash(pdfText(path.join(out, locale, `cite-2024.${locale}.pdf`)));
      const { notes, entry } = NOTE_STYLE[locale];
      expect(text, locale).toContain(NOTE_STYLE[locale].text);
      notes.forEach((note, i) => expect(text, locale).toContain(`${['i', 'ii', 'iii'][i]} ${note}`));
      expect(text, locale).toContain(entry);
    }
  });

  it('puts them in notes in the web edition: each mark links to its note, whose text is the citation', () => {
    for (const locale of ['en', 'ru'] as const) {
      const page = fromHtml(readFileSync(path.join(out, locale, `cite-2024.${locale}.html`), 'utf8'));
      const main = select('main', page)!;
      expect(toText(main).replace(/\s+/g, ' '), locale).toContain(NOTE_STYLE[locale].text);
      const marks = selectAll('sup.note-ref a', main).map((a) => String(a.properties.href).slice(1));
      const notes = marks.map((id) => squash(toText(select(`li[id="${id}"] .note-body`, main)!)));
      expect(notes, locale).toEqual(NOTE_STYLE[locale].notes);
      expect(squash(toText(select('#ref-smith2019', page)!)), locale).toBe(NOTE_STYLE[locale].entry);
    }
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

// `briefing build --format docx` as a user runs it, read by independent readers: python-docx finds the
// headings, notes and tables the HTML edition has (the shipped review and tests/fixtures/docx), and
// LibreOffice headless opens the file and converts it to a PDF that has the text. Two builds under
// SOURCE_DATE_EPOCH give the same bytes.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020.js';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import type { Element } from 'hast';
import { ROOT, runCli, tempDir } from '../support/cli.js';
import { overlappingWords, pdfInfo, pdfText, pdfWords } from '../support/pdf.js';
import {
  hasPythonDocx,
  hasSoffice,
  readWithPythonDocx,
  skipWithout,
  sofficeToPdf,
  type WordReading,
} from '../support/word-readers.js';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'docx');
const EPOCH = { SOURCE_DATE_EPOCH: '1700000000' };

function build(args: string[]): string {
  const out = tempDir('briefing-docx-');
  const run = runCli(['build', '--format', 'docx,html', '--out', out, ...args], { env: EPOCH });
  expect(run.code, run.stderr).toBe(0);
  return out;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** What the HTML edition has, counted the way a reader sees it. */
function htmlCounts(file: string) {
  const tree = fromHtml(readFileSync(file, 'utf8'));
  const chapters = selectAll('.chapter', tree);
  const text = (nodes: Element[]) => nodes.map((n) => squash(toString(n)));
  return {
    // The web edition moves the outline down a level (rehype-web-outline): h2 chapters, h3 sections.
    chapters: text(
      chapters.flatMap((c) => c.children.filter((h): h is Element => h.type === 'element' && h.tagName === 'h2')),
    ),
    sections: text(chapters.flatMap((c) => selectAll('h3', c))),
    // A table in a note is its cells' paragraphs in the Word note (docs/LIMITS.md).
    tables: selectAll('.chapter table', tree).length - selectAll('li[id^="fn-"] table', tree).length,
    callouts: selectAll('.chapter aside.callout', tree).length,
    footnotes: text(selectAll('li[id^="fn-"] .note-body', tree)),
    sources: selectAll('ol.sources > li', tree).length,
    noteReferences: selectAll('sup.note-ref', tree).length,
  };
}

describe('build --format docx', () => {
  it('writes the .docx beside the HTML, listed in the manifest', () => {
    const out = build([]);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
      artifacts: Array<{ path: string; format: string; pages: number | null; sha256: string }>;
    };
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'schema', 'manifest.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    const docx = manifest.artifacts.find((a) => a.format === 'docx')!;
    expect(docx).toMatchObject({ path: 'en/hr-review-2022.en.docx', pages: null });
    const bytes = readFileSync(path.join(out, docx.path));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(docx.sha256);
    // A zip whose first entry is [Content_Types].xml, as Word writes it.
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    expect(bytes.subarray(30, 30 + 19).toString('latin1')).toBe('[Content_Types].xml');
    const usage = runCli(['build', '--help']);
    expect(usage.stdout + usage.stderr).toContain('--format <list>      pdf,html,docx');
  });
});

describe.skipIf(skipWithout(hasPythonDocx()))('Word edition read by python-docx', () => {
  let review: { out: string; docx: WordReading; html: ReturnType<typeof htmlCounts> };
  let fixture: { out: string; docx: WordReading; html: ReturnType<typeof htmlCounts> };

  beforeAll(() => {
    const read = (out: string, name: string) => ({
      out,
      docx: readWithPythonDocx(path.join(out, 'en', `${name}.docx`)),
      html: htmlCounts(path.join(out, 'en', `${name}.html`)),
    });
    review = read(build([]), 'hr-review-2022.en');
    fixture = read(build(['--content', FIXTURE]), 'docx-fixture-2024.en');
  });

  it("finds the review's chapters and sections as Heading 1 and 2, as the HTML edition has them", () => {
    expect(review.html.chapters.length).toBeGreaterThan(5);
    expect(review.docx.headings['1']!.map(squash)).toEqual(review.html.chapters);
    expect(review.docx.headings['2']!.map(squash)).toEqual(review.html.sections);
    expect(review.docx.title).toBe('Annual Review of the Human Rights Situation in the Republic of Kazakhstan');
  });

  it("finds the review's callouts and tables as Word tables, and its sources as the Sources list", () => {
    expect(review.docx.tables).toBe(review.html.tables + review.html.callouts);
    expect(review.html.callouts).toBe(32);
    // The review's notes are all sources: a numbered list in the Sources chapter, not Word footnotes.
    expect(review.docx.footnotes).toEqual([]);
    const sources = review.docx.paragraphs.slice(
      review.docx.paragraphs.indexOf(review.docx.headings['1']!.at(-1)!) + 1,
    );
    expect(sources.filter((p) => /^[ivxlc]+\t/.test(p))).toHaveLength(review.html.sources);
    expect(review.html.sources).toBe(31);
  });

  it("finds the fixture's footnotes, headings 1–6 and merged table", () => {
    // Compared without spaces: a table's cells in a note are paragraphs in Word, text runs in HTML.
    const bare = (s: string) => s.replace(/\s+/g, '');
    expect(fixture.docx.footnotes.map(bare)).toEqual(fixture.html.footnotes.map(bare));
    expect(fixture.docx.footnotes).toHaveLength(3);
    expect(Object.keys(fixture.docx.headings).sort()).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(fixture.docx.tables).toBe(fixture.html.tables + fixture.html.callouts);
    // python-docx repeats a merged cell's text in each grid cell it covers.
    expect(fixture.docx.tableCells).toContainEqual([
      ['Merged header', 'Merged header', 'Third'],
      ['Tall cell', 'One', 'Uno'],
      ['Tall cell', 'Two', 'Dos'],
    ]);
  });

  it('writes the same bytes twice under SOURCE_DATE_EPOCH', () => {
    const again = build([]);
    const file = (out: string) => readFileSync(path.join(out, 'en', 'hr-review-2022.en.docx'));
    expect(file(again).equals(file(review.out))).toBe(true);
  });
});

describe.skipIf(skipWithout(hasSoffice()))('Word edition opened by LibreOffice headless', () => {
  it('converts the review and the fixture to PDFs that have their headings, text and notes', () => {
    const review = build(['--locale', 'en']);
    const pdf = sofficeToPdf(path.join(review, 'en', 'hr-review-2022.en.docx'));
    const text = squash(pdfText(pdf));
    expect(Number(pdfInfo(pdf).Pages)).toBeGreaterThan(20);
    for (const heading of [
      'I. Introduction and summary of past human rights reforms',
      'VIII. Sources of additional information',
    ])
      expect(text).toContain(heading);
    expect(text).toContain('Kazakhstan is party to more than 70 multilateral international treaties');
    // Lines keep their height (the title's 26 pt lines overlapped while the line rule was left unsaid).
    pdfWords(pdf).forEach((page, i) => {
      const overlaps = overlappingWords(page).map(([a, b]) => `"${a.text}" / "${b.text}"`);
      expect(overlaps, `page ${i + 1}`).toEqual([]);
    });

    const fixture = build(['--content', FIXTURE]);
    const fixturePdf = squash(pdfText(sofficeToPdf(path.join(fixture, 'en', 'docx-fixture-2024.en.docx'))));
    for (const words of [
      'Local survey, 2021.',
      'As reported by the ministry.',
      'Merged header',
      'Check the figures twice.',
    ])
      expect(fixturePdf).toContain(words);
  });
});

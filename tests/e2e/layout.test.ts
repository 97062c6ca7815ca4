// Print layout that holds for any report (issue 13). Two prints:
// - the stress edition (tests/fixtures/layout: a 1600 px PNG and a 1200 px SVG figure, wide and
//   right-aligned tables with captions, a long code line, a chapter with more boxes than text, a
//   three-line contents title), built with --strict: the layout check must find nothing;
// - the same edition with a table of 3,000 columns and a print.css whose chapters do not contain
//   their boxes: the layout check must name each problem with page and file:line, and still no page
//   may be scaled.
// Everything is read back from the PDF (pdftotext -bbox, pdfimages).
import { beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, cpSync, existsSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { runCli, ROOT, tempDir } from '../support/cli.js';
import {
  overlappingWords,
  pdfInfo,
  pdfWords,
  squash,
  pdfText,
  type PdfPageWords,
  type PdfWord,
} from '../support/pdf.js';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'layout');
const MM = 72 / 25.4;
/** A4 and the shipped print.css: 22 mm side margins, 112 mm text column, 4 mm gap, 50 mm side column. */
const A4 = { width: 595, height: 842 };
const TEXT_RIGHT = (22 + 112) * MM;
const PAGE_RIGHT = (210 - 22) * MM;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const pageText = (page: PdfPageWords) => squash(page.words.map((w) => w.text).join(' '));
const lineOf = (words: PdfWord[], word: PdfWord) => words.filter((w) => Math.abs(w.yMin - word.yMin) < 1);

/** The body text is set at 10.5 pt: its words are about 13.9 pt tall in PT Serif. Scaled pages shrink them. */
function expectUnscaled(pages: PdfPageWords[], bodyPage: number): void {
  for (const page of pages) {
    expect(Math.round(page.width)).toBe(A4.width);
    expect(Math.round(page.height)).toBe(A4.height);
  }
  const body = pages[bodyPage - 1]!.words.filter((w) => w.xMax < TEXT_RIGHT + 1 && w.yMin > 100 && w.yMax < 760);
  expect(median(body.map((w) => w.yMax - w.yMin))).toBeGreaterThan(13);
  expect(median(body.map((w) => w.yMax - w.yMin))).toBeLessThan(15);
  // Nothing printed beyond the page's content box.
  for (const page of pages) for (const w of page.words) expect(w.xMax, w.text).toBeLessThan(PAGE_RIGHT + 1);
}

describe('the stress edition, printed with --strict', () => {
  let pdf: string;
  let pages: PdfPageWords[];
  let run: ReturnType<typeof runCli>;
  /** The first page after the contents that holds `text` (the contents hold every title too). */
  const pageOf = (text: string) => {
    const contents = pages.findIndex((p) => pageText(p).startsWith('Contents'));
    return pages.findIndex((p, i) => i > contents && pageText(p).includes(text)) + 1;
  };

  beforeAll(() => {
    const out = tempDir();
    run = runCli(['build', '--content', FIXTURE, '--out', out, '--format', 'pdf', '--strict']);
    pdf = path.join(out, 'en', 'layout-2024.en.pdf');
    pages = existsSync(pdf) ? pdfWords(pdf) : [];
  });

  it('builds with no layout warning at all', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/warning/);
  });

  it('is not scaled: A4 pages, 10.5 pt body text, nothing beyond the content box', () => {
    expectUnscaled(pages, pageOf('Figures wider than the page Regional'));
  });

  it('has no overlapping words on any page', () => {
    pages.forEach((page, i) => {
      const overlaps = overlappingWords(page).map(([a, b]) => `"${a.text}" / "${b.text}"`);
      expect(overlaps, `page ${i + 1}`).toEqual([]);
    });
  });

  it('prints numbered captions with their figures and tables, in reading order', () => {
    const all = pages.map(pageText).join(' ');
    const captions = [
      'Figure 1. Population movement between the ten regions, 2019–2023',
      'Figure 2. Households per region, thousands',
      'Table 1. Budget by programme, millions',
      'Table 2. Social indicators by region, a table wider than the text column',
    ];
    const at = captions.map((c) => all.indexOf(c));
    expect(
      at.every((i) => i >= 0),
      JSON.stringify(at),
    ).toBe(true);
    expect(all).not.toContain('Table:');
    // Table 1's caption sits right above its table, on the same page.
    const page = pages[pageOf('Table 1.') - 1]!;
    const caption = page.words.find((w) => w.text === 'Budget')!;
    const header = page.words.find((w) => w.text === 'Programme')!;
    expect(header.yMin - caption.yMax).toBeGreaterThan(0);
    expect(header.yMin - caption.yMax).toBeLessThan(20);
  });

  it('scales the wide PNG down to the text column, aspect kept (pdfimages)', () => {
    const list = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).split('\n').slice(2);
    const png = list.map((l) => l.trim().split(/\s+/)).find((cols) => cols[3] === '1600' && cols[4] === '400');
    expect(png, list.join('\n')).toBeTruthy();
    // Printed width = pixels / x-ppi inches: at most the 112 mm column; same ppi both ways.
    const [xppi, yppi] = [Number(png![12]), Number(png![13])];
    expect(1600 / xppi).toBeLessThanOrEqual(112 / 25.4 + 0.01);
    expect(Math.abs(xppi - yppi)).toBeLessThan(2);
    // The SVG chart is drawn as vectors; its labels are text inside the column.
    const chart = pages[pageOf('R10') - 1]!.words.filter((w) => /^R\d+$/.test(w.text));
    expect(chart).toHaveLength(10);
    for (const w of chart) expect(w.xMax).toBeLessThan(TEXT_RIGHT + 1);
  });

  it('keeps Markdown column alignment: right-aligned numbers share their right edge', () => {
    const page = pages[pageOf('Table 1.') - 1]!;
    const column = ['1,204.5', '88.1', '12.0'].map((t) => page.words.find((w) => w.text === t)!);
    expect(new Set(column.map((w) => Math.round(w.xMax))).size).toBe(1);
    expect(column[0]!.xMin).toBeLessThan(column[1]!.xMin - 5);
    // The centred column: "up" and "down" share their middle.
    const up = page.words.find((w) => w.text === 'up')!;
    const down = page.words.find((w) => w.text === 'down')!;
    expect(Math.abs((up.xMin + up.xMax) / 2 - (down.xMin + down.xMax) / 2)).toBeLessThan(1);
    // The left-aligned first column starts at one edge.
    const names = ['Primary', 'Regional', 'Legal'].map((t, i) =>
      page.words.find((w) => w.text === t && Math.abs(w.yMin - column[i]!.yMin) < 1)!,
    );
    expect(new Set(names.map((w) => Math.round(w.xMin))).size).toBe(1);
  });

  it('wraps the wide table inside the text area (issue 24: beside no callout, the whole width) and the long code line inside it', () => {
    const tables = pages[pageOf('Table 2.') - 1]!;
    const cells = tables.words.filter((w) => /^\d{1,3}(,\d{3})+$|%$/.test(w.text));
    expect(cells.length).toBeGreaterThan(20);
    for (const w of cells) expect(w.xMax, w.text).toBeLessThan(PAGE_RIGHT + 1);
    const code = pages[pageOf('harmonise --input') - 1]!.words.filter((w) => /--|harmonise/.test(w.text));
    expect(code.some((w) => w.text.includes('--strict'))).toBe(true);
    for (const w of code) expect(w.xMax, w.text).toBeLessThan(PAGE_RIGHT + 1);
  });

  it('keeps every box of the box-heavy chapter on its own pages, in the side column', () => {
    const start = pageOf('III. Many boxes, little text');
    const next = pageOf('IV. On the long and winding road');
    expect(next).toBeGreaterThan(start);
    for (let n = 1; n <= 12; n += 1) {
      const page = pageOf(`Statement ${n}:`);
      expect(page, `statement ${n}`).toBeGreaterThanOrEqual(start);
      expect(page, `statement ${n}`).toBeLessThan(next);
      const word = pages[page - 1]!.words.find((w) => w.text === `${n}:`)!;
      expect(word.xMin).toBeGreaterThan(TEXT_RIGHT);
    }
    // The next chapter's first page holds no box.
    expect(pageText(pages[next - 1]!)).not.toContain('Statement');
  });

  it('sets the contents like a book: a wrapped title hangs, its page number on the LAST line', () => {
    const page = pages.find((p) => pageText(p).startsWith('Contents'))!;
    const words = page.words;
    const number = words.find((w) => w.text === 'IV.')!;
    const first = words.find((w) => w.text === 'On' && Math.abs(w.yMin - number.yMin) < 1)!;
    const last = words.find((w) => w.text === 'period')!;
    // Three lines; the continuation lines start under the title's first word, not under "IV.".
    expect(Math.round((last.yMin - number.yMin) / (last.yMax - last.yMin))).toBe(2);
    const second = words.find((w) => w.text === 'for' && w.yMin > number.yMin + 1)!;
    expect(Math.abs(second.xMin - first.xMin)).toBeLessThan(1);
    // The page number sits on the last line, at the right; nothing at the right end of the first two lines.
    const pageNumber = lineOf(words, last).at(-1)!;
    expect(pageNumber.text).toMatch(/^\d+$/);
    expect(pageNumber.xMax).toBeGreaterThan(PAGE_RIGHT - 2);
    expect(lineOf(words, number).at(-1)!.text).not.toMatch(/^\d+$/);
    // …and it is right: the chapter starts on that page.
    expect(pageOf('IV. On the long and winding road of the implementation')).toBe(Number(pageNumber.text));
    // Single-line entries: number and page on one line.
    const one = words.find((w) => w.text === 'I.')!;
    expect(lineOf(words, one).at(-1)!.text).toBe(String(pageOf('I. Figures wider than the page Regional')));
  });
});

describe('an edition the layout cannot hold, printed', () => {
  let pdf: string;
  let run: ReturnType<typeof runCli>;

  beforeAll(() => {
    const dir = tempDir();
    const content = path.join(dir, 'content');
    const templates = path.join(dir, 'templates');
    cpSync(FIXTURE, content, { recursive: true });
    cpSync(path.join(ROOT, 'templates'), templates, { recursive: true });
    // Chapters that do not contain their floats: the boxes of chapter III spill onto chapter IV.
    appendFileSync(path.join(templates, 'print.css'), '\n.chapter { display: block; }\n');
    const columns = 3000;
    writeFileSync(
      path.join(content, 'en', '05-export.md'),
      [
        '# A runaway export',
        '',
        'The table below came from a spreadsheet export that went wrong.',
        '',
        `|${Array.from({ length: columns }, (_, i) => `C${i}`).join('|')}|`,
        `|${'---|'.repeat(columns)}`,
        `|${Array.from({ length: columns }, (_, i) => String(i)).join('|')}|`,
        '',
        'Text after the table.',
      ].join('\n'),
    );
    run = runCli(['build', '--content', content, '--templates', templates, '--out', path.join(dir, 'out')]);
    pdf = path.join(dir, 'out', 'en', 'layout-2024.en.pdf');
  });

  it('names each problem with its page and file:line, and still writes the edition', () => {
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stderr.split('\n');
    const spilled = lines.filter((l) => l.includes('layout:box-outside-chapter'));
    expect(spilled.length).toBeGreaterThan(0);
    for (const line of spilled)
      expect(line).toMatch(
        /03-boxes\.md:\d+:1 warning page \d+: callout "Statement \d+:.*is printed outside its chapter/,
      );
    expect(lines.some((l) => /04-long-title\.md:1:1 warning page \d+: .*overlaps callout "Statement/.test(l))).toBe(
      true,
    );
    expect(
      lines.find((l) => l.includes('layout:too-wide')),
      run.stderr,
    ).toMatch(/05-export\.md:5:1 warning table "C0 C1 C2 .* mm wide, wider than its 166 mm column: clipped to it/);
    // The oracle of the clean edition sees it too: the spilled boxes are drawn over chapter IV's words.
    expect(pdfWords(pdf).some((page) => overlappingWords(page).length > 0)).toBe(true);
  });

  it('does not let the 3,000-column table scale the pages: it is cut to the column', () => {
    const pages = pdfWords(pdf);
    const page = pages.findIndex((p) => pageText(p).includes('V. A runaway export The table')) + 1;
    expectUnscaled(pages, pages.findIndex((p) => pageText(p).includes('I. Figures wider than the page Regional')) + 1);
    const text = pdfText(pdf, { first: page, last: page });
    expect(text).toContain('Text after the table.');
    expect(text).not.toContain('C2999');
    expect(Number(pdfInfo(pdf).Pages)).toBeLessThan(15);
  });

  it('with --strict: the same findings are errors and nothing is written', () => {
    const dir = path.dirname(path.dirname(path.dirname(pdf)));
    const out = path.join(dir, 'strict-out');
    const strict = runCli([
      'build',
      '--content',
      path.join(dir, 'content'),
      '--templates',
      path.join(dir, 'templates'),
      '--out',
      out,
      '--format',
      'pdf',
      '--strict',
    ]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/layout:too-wide/);
    expect(strict.stderr).toMatch(/warning\(s\) with --strict: nothing was written/);
    expect(existsSync(path.join(out, 'en'))).toBe(false);
  });
});

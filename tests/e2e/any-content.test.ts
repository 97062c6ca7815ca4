// Print that holds for any content, and fonts for what reports contain (issue 24). The fixture
// tests/fixtures/any-content has big images with and without alt text and inside a sentence, long
// URLs, a 15-column table, pages of table rows, symbols, Greek, Vietnamese and Cyrillic text,
// nineteen chapters (XVIII., XIX.) and no callout. Everything is read back from the PDF
// (pdftotext -bbox, pdfimages, pdffonts); the pages were looked at too (pdftoppm).
import { beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { runCli, ROOT, tempDir } from '../support/cli.js';
import { pdfFonts, pdfWords, squash, type PdfPageWords } from '../support/pdf.js';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'any-content');
const MM = 72 / 25.4;
/** A4, 22 mm side margins: a 166 mm text area; the text column beside a side column is 112 mm. */
const LEFT = 22 * MM;
const TEXT_RIGHT = (22 + 112) * MM;
const PAGE_RIGHT = (210 - 22) * MM;
const pageText = (page: PdfPageWords) => squash(page.words.map((w) => w.text).join(' '));

describe('an edition with the content real reports have', () => {
  let pdf: string;
  let pages: PdfPageWords[];
  let run: ReturnType<typeof runCli>;
  /** The first page after the contents that holds `text`. */
  const pageOf = (text: string) => pages.findIndex((p, i) => i > 1 && pageText(p).includes(text)) + 1;

  beforeAll(() => {
    const out = tempDir();
    run = runCli(['build', '--content', FIXTURE, '--out', out, '--format', 'pdf']);
    pdf = path.join(out, 'en', 'any-2025.en.pdf');
    pages = existsSync(pdf) ? pdfWords(pdf) : [];
  });

  it('builds; nothing is too wide, and pages of table rows are not "underfull"', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/layout:too-wide/);
    expect(run.stderr).not.toMatch(/0[35]-[a-z-]+\.md:\d+:\d+ warning .*layout:underfull-page/);
  });

  it('scales every image into the text area and onto one page (with and without alt, inline too)', () => {
    const rows = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' })
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((l) => l.trim().split(/\s+/));
    // Two of each: with alt text and without; the inline ones inside a sentence.
    const drawn = rows.map((c) => `${c[3]}x${c[4]}`).sort();
    expect(drawn).toEqual(['1400x300', '1400x300', '1800x900', '1800x900', '900x3200', '900x3200']);
    for (const cols of rows) {
      const [width, height, xppi, yppi] = [Number(cols[3]), Number(cols[4]), Number(cols[12]), Number(cols[13])];
      expect(width / xppi, cols.join(' ')).toBeLessThanOrEqual((166 / 25.4) * 1.01);
      // (pdfimages rounds the ppi: 1 % leeway)
      expect(height / yppi, cols.join(' ')).toBeLessThanOrEqual((249 / 25.4) * 1.01);
      expect(Math.abs(xppi - yppi)).toBeLessThan(2);
    }
    // Never split: each image object is drawn on one page only.
    const pagesOf = new Map<string, Set<string>>();
    for (const c of rows) pagesOf.set(`${c[10]}`, (pagesOf.get(`${c[10]}`) ?? new Set()).add(c[0]!));
    for (const [, on] of pagesOf) expect(on.size).toBeLessThanOrEqual(2); // the same file is used twice
  });

  it('breaks long URLs after / or before ? & # (or at a hyphen), never beyond the text area', () => {
    for (const page of [pages[pageOf('Addresses that are long') - 1]!, pages[pages.length - 1]!]) {
      const url = page.words.filter((w) => /example\.org|[/?&#=]/.test(w.text) && w.yMin > 60);
      expect(url.length).toBeGreaterThan(0);
      for (const w of page.words) expect(w.xMax, w.text).toBeLessThan(PAGE_RIGHT + 1);
      const lineEnds = url.filter((w) => !url.some((o) => Math.abs(o.yMin - w.yMin) < 1 && o.xMin > w.xMax));
      for (const end of lineEnds) {
        const next = url.find((w) => w.yMin > end.yMin + 5 && w.yMin < end.yMin + 25 && w.xMin < LEFT + 5);
        if (!next || /[.,]$/.test(end.text)) continue;
        expect(`${end.text} | ${next.text}`).toMatch(/(?:[/-] \| .|. \| [?&#])/);
      }
    }
  });

  it('sets the 15-column table across the whole text area, its words whole or hyphenated', () => {
    const page = pages[pageOf('Indicators by region') - 1]!;
    const top = page.words.find((x) => x.text === 'Indicators')!.yMax;
    // Below the caption, above the folio.
    const table = page.words.filter((w) => w.yMin > top && w.yMax < page.height - 60);
    expect(Math.max(...table.map((w) => w.xMax))).toBeGreaterThan(TEXT_RIGHT + 20);
    for (const w of table) expect(w.xMax, w.text).toBeLessThan(PAGE_RIGHT + 1);
    const source = readFileSync(path.join(FIXTURE, 'en', '03-wide-table.md'), 'utf8');
    const tokens = new Set(source.split(/[\s|]+/).filter(Boolean));
    // A word broken across lines ends in a hyphen (U+00AD where hyphenation broke it, a source's own
    // hyphen as it is) and its rest starts the next line of the cell.
    const pieces = table.map((w) => w.text);
    const broken = (p: string) => /[-\u00AD]$/.test(p);
    pieces.forEach((text, i) => {
      if (tokens.has(text) || broken(text)) return;
      const before = pieces.slice(0, i).filter(broken);
      expect(
        before.some((p) => tokens.has(p.slice(0, -1) + text)),
        `"${text}" is neither a whole word nor the end of a hyphenated one`,
      ).toBe(true);
    });
  });

  it('reserves no side column in an edition without callouts: the text takes the whole width', () => {
    const page = pages[pageOf('Addresses that are long') - 1]!;
    expect(Math.max(...page.words.map((w) => w.xMax))).toBeGreaterThan(TEXT_RIGHT + 40);
  });

  it('keeps wide chapter numbers (XVIII., XIX.) clear of their titles, every title aligned', () => {
    const contents = pages[1]!;
    const numbers = contents.words.filter((w) => /^[IVXL]+\.$/.test(w.text));
    expect(numbers.map((n) => n.text)).toContain('XVIII.');
    const titles = numbers.map(
      (n) =>
        contents.words
          .filter((w) => Math.abs(w.yMin - n.yMin) < 1 && w.xMin > n.xMax)
          .sort((a, b) => a.xMin - b.xMin)[0]!,
    );
    numbers.forEach((n, i) => expect(titles[i]!.xMin - n.xMax, n.text).toBeGreaterThan(2));
    expect(new Set(titles.map((t) => Math.round(t.xMin))).size).toBe(1);
  });

  it('prints symbols, Greek, Vietnamese and Cyrillic in embedded fallback fonts, no Type 3', () => {
    const text = squash(pageText(pages[pageOf('Symbols and scripts') - 1]!));
    for (const s of ['≥', '≤', '≈', '→', '✓', 'μg', 'CO₂', '√2', '∞', 'Ελλάδα', 'Tiếng Việt', 'Статистическое'])
      expect(text).toContain(s);
    const fonts = pdfFonts(pdf);
    for (const f of fonts) expect(f.embedded, f.name).toBe(true);
    expect(fonts.filter((f) => /Type 3/.test(f.type))).toEqual([]);
    const names = fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, ''));
    expect(names).toEqual(expect.arrayContaining(['NotoSerif-Regular', 'NotoSansMath-Regular', 'NotoSans-Bold']));
  });

  it("sets a code block's box drawing and an SVG's Arial, Courier and generic text in Briefing's fonts, none of the machine's", () => {
    const text = pageText(pages[pageOf('Drawings and trees') - 1]!);
    for (const s of ['├── 2021', '│ └── review.md', 'Region in Arial', 'code in Courier', 'generic bold'])
      expect(text).toContain(s);
    const names = pdfFonts(pdf).map((f) => f.name.replace(/^[A-Z]{6}\+/, ''));
    expect(names).toContain('FiraMono-Regular');
    expect(names.filter((name) => !/^(?:PT(?:Serif|Sans|Mono)|Noto\w*|FiraMono)-/.test(name))).toEqual([]);
  });
});

describe('a character no font has', () => {
  it('is an error of `check` at the content line that uses it, naming a font package', () => {
    const content = tempDir();
    cpSync(FIXTURE, content, { recursive: true });
    const file = path.join(content, 'en', '06-agriculture.md');
    appendFileSync(file, '\nThe Thai name of the office is สำนักงาน on its sign.\n');
    const lines = readFileSync(file, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('สำนักงาน')) + 1;
    const column = lines[line - 1]!.indexOf('ส') + 1;
    const run = runCli(['check', '--content', content]);
    expect(run.code).toBe(1);
    const message = run.stderr.split('\n').find((l) => l.includes('theme:missing-glyphs'));
    expect(message).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}:${column} error .*"ส" \\(U\\+0E2A\\).*@fontsource/noto-sans-thai.* theme:missing-glyphs$`,
      ),
    );
    writeFileSync(file, lines.filter((l) => !l.includes('สำนักงาน')).join('\n'));
    expect(runCli(['check', '--content', content]).stderr).not.toMatch(/missing-glyphs/);
  });

  it("stops `build` too, which still prints the content's warnings found before it", () => {
    const content = tempDir();
    cpSync(FIXTURE, content, { recursive: true });
    appendFileSync(path.join(content, 'en', '06-agriculture.md'), '\n::: aside\nสำนักงาน\n:::\n');
    const run = runCli(['build', '--content', content, '--out', tempDir(), '--format', 'html']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /06-agriculture\.md:\d+:1 warning "::: aside" is printed as a plain block .* briefing:plain-div/,
    );
    expect(run.stderr).toMatch(/06-agriculture\.md:\d+:1 error no font of the theme .* theme:missing-glyphs/);
  });

  it('a variation selector (❤️ is ❤ + U+FE0F) needs no glyph of its own', () => {
    const content = tempDir();
    cpSync(FIXTURE, content, { recursive: true });
    appendFileSync(path.join(content, 'en', '06-agriculture.md'), '\nThe team ❤️ its readers.\n');
    const run = runCli(['check', '--content', content]);
    expect(run.stderr).not.toMatch(/U\+FE0F|missing-glyphs/);
    expect(run.code).toBe(0);
  });
});

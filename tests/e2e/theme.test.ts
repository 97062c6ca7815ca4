// Themes on real PDFs (four prints): the review on US Letter with 18 mm margins, a maroon accent, a
// logo, PT Sans from font files and right-hand chapter starts; the review on A5 with facing pages;
// a small edition whose look comes from a _brand.yml alone (also printed with an old layout.hbs
// lacking the page plan). And a bad theme: exit 1, nothing written.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, ROOT, tempDir } from '../support/cli.js';
import { pagesText, printedContents, squash } from '../support/pdf.js';

const THEMES = path.join(ROOT, 'tests', 'fixtures', 'themes');
const MM = 72 / 25.4;

interface Word {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Every word of the PDF with its box (points, origin top left), from pdftotext -bbox. */
function words(pdf: string): { width: number; height: number; words: Word[] } {
  const xml = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const size = /<page width="([\d.]+)" height="([\d.]+)"/.exec(xml)!;
  const all: Word[] = [];
  xml.split('<page ').forEach((chunk, i) => {
    for (const m of chunk.matchAll(
      /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
    )) {
      all.push({ page: i, text: m[5]!, xMin: +m[1]!, yMin: +m[2]!, xMax: +m[3]!, yMax: +m[4]! });
    }
  });
  return { width: Number(size[1]), height: Number(size[2]), words: all };
}

/** The PDF's content streams, uncompressed. */
function contentStreams(pdf: string): string {
  const out = path.join(tempDir('briefing-qdf-'), 'q.pdf');
  execFileSync('qpdf', ['--qdf', '--object-streams=disable', pdf, out]);
  return readFileSync(out, 'latin1');
}

/** The font size most text is set in (Chromium writes CSS px: 10.5pt = 14). */
function bodyFontSize(streams: string): number {
  const counts = new Map<number, number>();
  for (const m of streams.matchAll(/\/F\d+ ([\d.]+) Tf/g)) counts.set(+m[1]!, (counts.get(+m[1]!) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}

/** The fill colour operator Chromium writes for a #rrggbb colour. */
function fill(hex: string): RegExp {
  const parts = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const num = (n: number) =>
    n === 0 ? '0' : n === 1 ? '1' : `0?${n.toFixed(4).replace(/^0/, '').replace(/0+$/, '')}\\d*`;
  return new RegExp(`(^|\\s)${parts.map(num).join(' ')} rg`);
}

/** An area of a page (points, origin top left) rendered at 600 dpi: RGB pixels. */
function pixels(pdf: string, page: number, x: number, y: number, width: number, height: number): number[][] {
  const px = (pt: number) => String(Math.round((pt * 600) / 72));
  const ppm = execFileSync('pdftoppm', [
    '-r',
    '600',
    '-f',
    String(page),
    '-l',
    String(page),
    '-x',
    px(x),
    '-y',
    px(y),
    '-W',
    px(width),
    '-H',
    px(height),
    pdf,
  ]);
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
  const data = ppm.subarray(header[0].length);
  return Array.from({ length: data.length / 3 }, (_, i) => [...data.subarray(i * 3, i * 3 + 3)]);
}

/** The leader strips of the contents page: between each entry's last title word and its page number. */
function leaderStrips(pdf: string, page: number): Array<{ x: number; y: number; width: number }> {
  const all = words(pdf).words.filter((w) => w.page === page);
  return all.flatMap((number) => {
    if (!/^\d+$/.test(number.text) || number.xMin < 400) return [];
    const line = all.filter((w) => w !== number && Math.abs(w.yMax - number.yMax) < 2);
    const titleEnd = Math.max(...line.map((w) => w.xMax));
    return number.xMin - titleEnd > 30
      ? [{ x: titleEnd + 8, y: number.yMax - 7, width: number.xMin - titleEnd - 16 }]
      : [];
  });
}

/** Each contents entry is on the page it names, and not on the page before. */
function expectContentsProven(pdf: string, pages: string[]): number {
  const contentsPage = pages.findIndex((p) => p.startsWith('Contents')) + 1;
  const entries = printedContents(pdf, contentsPage);
  for (const entry of entries) {
    const heading = squash(`${entry.number}. ${entry.title}`).slice(0, 50);
    expect(squash(pages[entry.page - 1]!), `"${heading}" on page ${entry.page}`).toContain(heading);
    if (entry.page > contentsPage + 1) expect(squash(pages[entry.page - 2]!)).not.toContain(heading);
  }
  return entries.length;
}

function build(templates: string, content: string, formats = 'pdf'): string {
  const out = tempDir('briefing-theme-out-');
  const run = runCli(['build', '--content', content, '--templates', templates, '--out', out, '--format', formats]);
  expect(run.code, run.stderr).toBe(0);
  return out;
}

function templatesWith(fixture?: string): string {
  const dir = path.join(tempDir('briefing-theme-'), 'templates');
  cpSync(path.join(ROOT, 'templates'), dir, { recursive: true });
  if (fixture) cpSync(path.join(THEMES, fixture), dir, { recursive: true });
  return dir;
}

describe('the review on US Letter: 18 mm margins, accent, logo, font files, right-hand chapter starts', () => {
  let pdf: string;
  let pages: string[];

  beforeAll(() => {
    pdf = path.join(build(templatesWith('letter'), path.join(ROOT, 'content')), 'en', 'hr-review-2022.en.pdf');
    pages = pagesText(pdf);
  });

  it('is US Letter, not scaled, with every word inside the margins (heads above, folios below)', () => {
    const { width, height, words: all } = words(pdf);
    expect([width, height]).toEqual([612, 792]);
    const margin = 18 * MM;
    for (const w of all) {
      const where = `page ${w.page} "${w.text}" at ${w.xMin.toFixed(1)},${w.yMin.toFixed(1)}`;
      expect(w.xMin, where).toBeGreaterThanOrEqual(margin - 0.5);
      expect(w.xMax, where).toBeLessThanOrEqual(width - margin + 0.5);
      // Above the text area only the running head (a glyph box may reach 3 pt into the margin: the
      // ascenders of a large heading on the first line), below it only the folio.
      if (w.yMax > margin) expect(w.yMin, where).toBeGreaterThan(margin - 3);
      if (w.yMax > height - margin) expect(w.text, `folio ${where}`).toMatch(/^\d+$/);
    }
    // The body is laid out in the whole text area: some line reaches near its right edge.
    expect(Math.max(...all.filter((w) => !/^\d+$/.test(w.text)).map((w) => w.xMax))).toBeGreaterThan(
      width - margin - 3,
    );
  });

  it('keeps the body text size (10.5 pt) and uses the accent colour', () => {
    const streams = contentStreams(pdf);
    expect(bodyFontSize(streams)).toBe(14);
    expect(streams).toMatch(fill('#8a1538'));
    expect(streams).not.toMatch(fill('#1c4e80'));
  });

  it('puts the logo on the cover, and in the running heads (not on chapter openers)', () => {
    const images = (first: number, last = first) =>
      execFileSync('pdfimages', ['-list', '-f', String(first), '-l', String(last), pdf], { encoding: 'utf8' });
    expect(images(1)).toMatch(/^\s+1\s+\d+\s+image\s+120\s+120\s/m);
    expect(pages[0]).toContain('Annual Review of the Human Rights');
    const opener = pages.findIndex((p) => p.startsWith('I. ')) + 1;
    expect(images(opener)).not.toMatch(/\simage\s/);
    expect(images(opener + 1)).toMatch(new RegExp(`^\\s+${opener + 1}\\s+\\d+\\s+image\\s+120\\s+120\\s`, 'm'));
  });

  it('opens every chapter on a right-hand (odd) page, with blank pages (no folio, no head) before where needed', () => {
    const openers = pages.flatMap((p, i) => (/^[IVX]+\. /.test(p) ? [i + 1] : []));
    expect(openers).toHaveLength(8);
    for (const n of openers) expect(n % 2, `chapter opening on page ${n}`).toBe(1);
    const blanks = pages.flatMap((p, i) => (p.trim() === '' ? [i + 1] : []));
    expect(blanks.length).toBeGreaterThan(0);
    for (const n of blanks) expect(openers, `blank page ${n} comes before a chapter`).toContain(n + 1);
    // Chapter openers: folio only. Other body pages: edition and section (or chapter) short titles.
    for (const n of openers) expect(pages[n - 1]).not.toContain('Human Rights Review 2022');
    expect(pages[openers[6]! + 1]).toMatch(/^Human Rights Review 2022\s+Children’s rights/);
  });

  it('proves every contents number', () => {
    expect(expectContentsProven(pdf, pages)).toBe(22);
  });

  it('draws the contents leader dots in the theme’s muted colour, one every 3.2 pt', () => {
    const page = pages.findIndex((p) => p.startsWith('Contents')) + 1;
    const strips = leaderStrips(pdf, page);
    expect(strips.length).toBeGreaterThan(10);
    const muted = [0x2e, 0x7d, 0x32];
    for (const { x, y, width } of strips) {
      const strip = pixels(pdf, page, x, y, width, 7);
      // Every inked pixel is the colour over white (one coverage for all three channels), the
      // darkest ones the colour itself.
      const inked = strip.filter((p) => p.some((c) => c < 235));
      expect(inked.length).toBeGreaterThan(width);
      for (const p of inked) {
        const cover = p.map((c, i) => (255 - c) / (255 - muted[i]!));
        expect(Math.max(...cover) - Math.min(...cover), `${p.join(',')} at ${x},${y}`).toBeLessThan(0.12);
      }
      const darkest = inked.reduce((a, p) => (p[1]! < a[1]! ? p : a));
      for (const [i, c] of darkest.entries()) expect(Math.abs(c - muted[i]!)).toBeLessThanOrEqual(6);
      // Dots: runs of inked columns, 3.2 pt apart.
      const columns = Math.round((width * 600) / 72);
      const rows = strip.length / columns;
      const ink = Array.from({ length: columns }, (_, c) =>
        Array.from({ length: rows }, (_, r) => strip[r * columns + c]!).some((p) => p[1]! < 200),
      );
      const starts = ink.flatMap((on, i) => (on && i > 0 && !ink[i - 1] ? [i] : [])); // whole dots
      expect(starts.length).toBeGreaterThan(5);
      const pitch = ((starts.at(-1)! - starts[0]!) / (starts.length - 1)) * (72 / 600);
      expect(pitch, `${starts.length} dots at ${x.toFixed(1)},${y.toFixed(1)}`).toBeCloseTo(3.2, 1);
    }
  });
});

describe('the review on A5 with facing pages', () => {
  let pdf: string;
  let pages: string[];

  beforeAll(() => {
    pdf = path.join(build(templatesWith('a5'), path.join(ROOT, 'content')), 'en', 'hr-review-2022.en.pdf');
    pages = pagesText(pdf);
  });

  it('is A5, every word inside the mirrored margins, folios on the outer edge', () => {
    const { width, height, words: all } = words(pdf);
    expect(width).toBeCloseTo(148 * MM, 0);
    expect(height).toBeCloseTo(210 * MM, 0);
    for (const w of all) {
      // Right-hand (odd) pages: inner margin (20 mm) on the left; left-hand pages: on the right.
      const [left, right] = w.page % 2 === 1 ? [20 * MM, 14 * MM] : [14 * MM, 20 * MM];
      const where = `page ${w.page} "${w.text}" at ${w.xMin.toFixed(1)}`;
      expect(w.xMin, where).toBeGreaterThanOrEqual(left - 0.5);
      expect(w.xMax, where).toBeLessThanOrEqual(width - right + 0.5);
      if (w.yMax > 16 * MM) expect(w.yMin, where).toBeGreaterThan(16 * MM - 3);
      if (w.yMax > height - 18 * MM) {
        expect(w.text, `folio ${where}`).toBe(String(w.page));
        // The outer edge: right on odd pages, left on even pages.
        if (w.page % 2 === 1) expect(w.xMax).toBeGreaterThan(width - 14 * MM - 2);
        else expect(w.xMin).toBeLessThan(14 * MM + 2);
      }
    }
    expect(bodyFontSize(contentStreams(pdf))).toBe(14);
  });

  it('shows the edition on left-hand pages and the chapter on right-hand pages, and proves the contents', () => {
    const withHead = pages.map((p, i) => ({ n: i + 1, p })).filter(({ p }) => !/^[IVX]+\. /.test(p) && p.trim());
    const left = withHead.filter(({ n }) => n > 5 && n % 2 === 0);
    const right = withHead.filter(({ n }) => n > 5 && n % 2 === 1);
    expect(left.every(({ p }) => p.startsWith('Human Rights Review 2022'))).toBe(true);
    expect(right.some(({ p }) => p.startsWith('Protection and promotion of rights'))).toBe(true);
    expect(right.every(({ p }) => !p.startsWith('Human Rights Review 2022'))).toBe(true);
    expect(expectContentsProven(pdf, pages)).toBe(22);
  });
});

describe('an edition whose look comes from a _brand.yml alone', () => {
  let out: string;
  let pdf: string;
  let pages: string[];

  beforeAll(() => {
    const content = path.join(tempDir('briefing-brand-'), 'content');
    cpSync(path.join(THEMES, 'brand'), content, { recursive: true });
    out = build(path.join(ROOT, 'templates'), content, 'pdf,html');
    pdf = path.join(out, 'en', 'brand-2023.en.pdf');
    pages = pagesText(pdf);
  });

  it('prints with the brand colour, font and logo; the section short title runs as the head', () => {
    const streams = contentStreams(pdf);
    expect(streams).toMatch(fill('#006847'));
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
    expect(fonts).toContain('PTSans-Regular');
    expect(fonts).not.toContain('PTSerif');
    expect(execFileSync('pdfimages', ['-list', '-f', '1', '-l', '1', pdf], { encoding: 'utf8' })).toMatch(
      /\s160\s+80\s/,
    );
    expect(
      pages.some(
        (p) => p.startsWith('Green Office Report\nWater in short') || /^Green Office Report\s+Water in short/.test(p),
      ),
    ).toBe(true);
    expect(pages.some((p) => /^Green Office Report\s+Schools in short/.test(p))).toBe(true);
    expect(expectContentsProven(pdf, pages)).toBe(5);
  });

  it('gives the web edition the same colours, fonts and logo', () => {
    const html = readFileSync(path.join(out, 'en', 'brand-2023.en.html'), 'utf8');
    expect(html).toContain('--accent: #006847;');
    // The theme's family first, then the fallback fonts (render/font-fallbacks.ts).
    expect(html).toMatch(/--font-body: "Office Sans", "Briefing Noto Serif", [^;]*serif;/);
    expect(html).toMatch(/<img class="cover-logo" src="data:image\/png;base64,/);
  });
});

it('a bad theme: exit 1, theme.yaml:line:col and the fix, nothing written', () => {
  const templates = templatesWith();
  writeFileSync(
    path.join(templates, 'theme.yaml'),
    'page:\n  size: A4\n  margins: 24mm 22mm\ncolors:\n  accent: blu\n',
  );
  const out = tempDir('briefing-theme-out-');
  const run = runCli(['build', '--content', path.join(ROOT, 'content'), '--templates', templates, '--out', out]);
  expect(run.code).toBe(1);
  expect(run.stderr).toBe(
    `${templates}/theme.yaml:5:11 error colors.accent: "blu" is not a colour (write a CSS colour such as "#1c4e80", rgb(28 78 128) or navy) theme:invalid\n`,
  );
  expect(existsSync(path.join(out, 'en'))).toBe(false);
});

it('a layout.hbs without the page plan: a warning naming the fix, no running heads', () => {
  const templates = templatesWith();
  const layout = path.join(templates, 'layout.hbs');
  writeFileSync(layout, readFileSync(layout, 'utf8').replace(/<script type="application\/json"[^\n]*\n/, ''));
  const content = path.join(tempDir('briefing-brand-'), 'content');
  cpSync(path.join(THEMES, 'brand'), content, { recursive: true });
  const out = tempDir('briefing-theme-out-');
  const run = runCli(['build', '--content', content, '--templates', templates, '--out', out, '--format', 'pdf']);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toContain(
    'warning the print HTML has no page plan: no running heads are drawn and chapters.start is not applied',
  );
  const pages = pagesText(path.join(out, 'en', 'brand-2023.en.pdf'));
  expect(pages.some((p) => p.startsWith('Green Office Report'))).toBe(false);
});

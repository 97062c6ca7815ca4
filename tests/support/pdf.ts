// PDF oracles: poppler's command-line tools, as a reader of the PDF would see it.
import { execFileSync } from 'node:child_process';

export function pdfText(file: string, options: { first?: number; last?: number; layout?: boolean } = {}): string {
  const args = [];
  if (options.first) args.push('-f', String(options.first));
  if (options.last) args.push('-l', String(options.last));
  if (options.layout) args.push('-layout');
  return execFileSync('pdftotext', [...args, '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

export function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Object.fromEntries(
    out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const at = line.indexOf(':');
        return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
      }),
  );
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
}

export function pdfFonts(file: string): PdfFont[] {
  const lines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  return lines.map((line) => {
    const cols = line.trim().split(/\s+/);
    // name type… encoding emb sub uni object ID: read from the right, types may contain spaces.
    const emb = cols[cols.length - 5];
    return { name: cols[0]!, type: line.slice(37, 55).trim(), embedded: emb === 'yes' };
  });
}

/** Text of each page, 1-based. */
export function pagesText(file: string): string[] {
  const count = Number(pdfInfo(file).Pages);
  return Array.from({ length: count }, (_, i) => pdfText(file, { first: i + 1, last: i + 1 }));
}

export interface PrintedContentsEntry {
  number: string;
  title: string;
  page: number;
}

const ENTRY_START = /^\s*([IVXLC]+|[A-ZА-Я])\.\s+(.*)$/;
const PAGE_AT_END = /\s{2,}(\d+)\s*$/;

/**
 * The contents as printed: read the pages from `first` (the page titled "Contents") in layout mode.
 * An entry starts with its number and ends its first line with the page; wrapped titles continue
 * on the following lines.
 */
export function printedContents(file: string, first: number): PrintedContentsEntry[] {
  // The contents ends on the page before the first entry's page.
  const last = Math.max(
    first,
    (parseContents(pdfText(file, { first, last: first, layout: true }))[0]?.page ?? first + 1) - 1,
  );
  return parseContents(pdfText(file, { first, last, layout: true }));
}

/**
 * Entries set like a book: the number on the first line, a wrapped title continuing on the next
 * lines, the page number at the end of the LAST line (an entry is complete only when a line ends
 * with its page number).
 */
function parseContents(text: string): PrintedContentsEntry[] {
  const entries: PrintedContentsEntry[] = [];
  let open: PrintedContentsEntry | undefined;
  for (const raw of text.split('\n')) {
    // A page break (\f) may start the line of the next page's first entry.
    const line = raw.replace(/\f/g, '');
    if (!line.trim() || /^\s*\d+\s*$/.test(line)) continue;
    const start = open ? null : ENTRY_START.exec(line);
    if (start) open = { number: start[1]!, title: start[2]!, page: 0 };
    else if (open) open.title = `${open.title} ${line.trim()}`;
    else continue;
    const page = PAGE_AT_END.exec(open.title);
    if (page) {
      open.page = Number(page[1]);
      open.title = open.title.slice(0, page.index).trim();
      entries.push(open);
      open = undefined;
    }
  }
  return entries;
}

export function squash(text: string): string {
  return (
    text
      // A soft hyphen that ends a line is a word hyphenated there (ISO 32000-1, 14.8.2.2.3): one word.
      .replace(/\u00AD[ \t]*\n[ \t]*/g, '')
      .replace(/\u00AD/g, '')
      .replace(/-\n/g, '-')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

export interface PdfWord {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface PdfPageWords {
  width: number;
  height: number;
  words: PdfWord[];
}

/** Every word of every page with its box (pdftotext -bbox; points, y from the top). */
export function pdfWords(file: string): PdfPageWords[] {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const unescape = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  return [...html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([^]*?)<\/page>/g)].map((page) => ({
    width: Number(page[1]),
    height: Number(page[2]),
    words: [
      ...page[3]!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g),
    ].map((w) => ({
      xMin: Number(w[1]),
      yMin: Number(w[2]),
      xMax: Number(w[3]),
      yMax: Number(w[4]),
      // A line that wraps at a space ends in one (ActualText "x ", src/print/line-ends.ts), which poppler
      // keeps inside the line's last word: the word is the text without it.
      text: unescape(w[5]!).trimEnd(),
    })),
  }));
}

/**
 * Pairs of words on one page drawn over each other: boxes that overlap by more than `slack` points
 * across and by more than a third of the shorter word's height (a font's box is taller than its line
 * height, so the words of adjacent lines touch by a point or two).
 */
export function overlappingWords(page: PdfPageWords, slack = 0.5): Array<[PdfWord, PdfWord]> {
  const found: Array<[PdfWord, PdfWord]> = [];
  const words = [...page.words].sort((a, b) => a.yMin - b.yMin);
  for (let i = 0; i < words.length; i += 1) {
    const a = words[i]!;
    for (let j = i + 1; j < words.length && words[j]!.yMin < a.yMax - slack; j += 1) {
      const b = words[j]!;
      const x = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
      const y = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
      const shorter = Math.min(a.yMax - a.yMin, b.yMax - b.yMin);
      if (x > slack && y > shorter / 3) found.push([a, b]);
    }
  }
  return found;
}

/**
 * Whether two PDFs show the same text the same: the same words in content order (pdftotext -raw),
 * every word's box on the same page within `tolerance` points. (Chromium writes a page's content at
 * its place in the print's flow: a page printed after other pages than in another print may place
 * a glyph some 1e-5 pt apart, which can flip poppler's reading-order guesses, not what is shown.)
 * `order: false`: the words' places only. Returns the first difference, or undefined.
 */
export function textDifference(a: string, b: string, { tolerance = 0.01, order = true } = {}): string | undefined {
  const raw = (file: string) => execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  if (order && raw(a) !== raw(b)) return 'the text in content order differs';
  const [x, y] = [pdfWords(a), pdfWords(b)];
  if (x.length !== y.length) return `${x.length} pages against ${y.length}`;
  const boxed = (words: PdfWord[]) =>
    words
      .map((w) => ({ text: w.text, box: [w.xMin, w.yMin, w.xMax, w.yMax] }))
      .sort((u, v) => u.box[1]! - v.box[1]! || u.box[0]! - v.box[0]! || u.text.localeCompare(v.text));
  for (let p = 0; p < x.length; p += 1) {
    const [u, v] = [boxed(x[p]!.words), boxed(y[p]!.words)];
    if (u.length !== v.length) return `page ${p + 1}: ${u.length} words against ${v.length}`;
    for (let w = 0; w < u.length; w += 1)
      if (u[w]!.text !== v[w]!.text || u[w]!.box.some((n, i) => Math.abs(n - v[w]!.box[i]!) > tolerance))
        return `page ${p + 1}: ${u[w]!.text} ${u[w]!.box.join(' ')} against ${v[w]!.text} ${v[w]!.box.join(' ')}`;
  }
  return undefined;
}

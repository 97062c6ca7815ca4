// The text of a page's content stream, marked (artifacts.ts): its unmarked painting wrapped as
// Artifact sequences (Pagination for folios), its marked line ends read right. Plain functions of the
// stream's bytes, without pdf-lib.
import { deflateSync, inflateSync } from 'node:zlib';

/** Operators that paint a path (n only ends a clipping path: nothing is painted). */
const PAINT_PATH = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*']);
const BUILD_PATH = new Set(['m', 're']);
const SHOW_TEXT = new Set(['Tj', 'TJ', "'", '"']);
export const BEGIN = ' /Artifact BMC ';
export const END = ' EMC ';
export const PAGINATION = {
  header: ' /Artifact <</Type /Pagination /Subtype /Header>> BDC ',
  footer: ' /Artifact <</Type /Pagination /Subtype /Footer>> BDC ',
};
/** Text this close to the page's top or bottom edge (a share of its height) is a running head or folio. */
export const MARGIN_SHARE = 0.12;

/** One of Skia's spans around a ZERO WIDTH NON-JOINER's glyph (line-ends.ts). */
const MARK_SPAN = String.raw`/Span<</ActualText <feff200c> >> BDC\s+(?:[-\d.]+ [-\d.]+ Td\s+)?<[0-9a-f]+> Tj\s+EMC\s+`;
/** A run of mark spans, with the glyph string shown just before it (what replaceMarkRuns matches). */
export const MARK_RUN = new RegExp(String.raw`(?:<([0-9a-f]*)> Tj(\s+))?((?:${MARK_SPAN})+)`, 'gi');
/**
 * A run of mark spans alone, and the glyph string shown just before one: MARK_RUN's two halves. MARK_RUN
 * may start at any glyph (its optional first group), so a replace tried it at each of a page's
 * thousands of glyphs; a run starts with its literal text, which the regex engine finds fast.
 */
export const SPAN_RUN = new RegExp(String.raw`(?:${MARK_SPAN})+`, 'gi');
export const GLYPH_BEFORE = /^<([0-9a-f]*)> Tj(\s+)$/i;

/**
 * `text.replace(MARK_RUN, replace)`, the same matches: each run of mark spans (SPAN_RUN, in order),
 * from the glyph string just before it when MARK_RUN's first group matches there, that is when the
 * text from the last `<` before the run (not inside the match before) is that glyph and white space.
 */
export function replaceMarkRuns(
  text: string,
  replace: (whole: string, glyphs: string | undefined, gap: string | undefined, run: string) => string,
): string {
  let out = '';
  let at = 0;
  SPAN_RUN.lastIndex = 0;
  for (let found = SPAN_RUN.exec(text); found; found = SPAN_RUN.exec(text)) {
    const end = found.index + found[0].length;
    const open = text.lastIndexOf('<', found.index - 1);
    const glyph = open >= at ? GLYPH_BEFORE.exec(text.slice(open, found.index)) : null;
    const start = glyph ? open : found.index;
    out += text.slice(at, start) + replace(text.slice(start, end), glyph?.[1], glyph?.[2], found[0]);
    at = end;
  }
  return at === 0 ? text : out + text.slice(at);
}
const MARK_TEXT = /<feff200c>/gi;
/** A span whose text ends in a joiner: its text before the joiner, and its operators up to EMC. */
export const JOINED_SPAN = /(\/ActualText <feff((?:[0-9a-f]{4})+?))200d>( >> BDC\s(?:(?!EMC)[\s\S])*?)EMC/gi;

/**
 * The span's operators without the joiner's glyph: the last glyph of its last Tj, when the span has
 * a glyph for each character of its text (2-byte codes) and so the last one is the joiner's. Else
 * (an emoji sequence set as one glyph…) as they are.
 */
export function withoutJoiner(units: string, body: string): string {
  const shows = [...body.matchAll(/<([0-9a-f]*)> Tj/gi)];
  const last = shows.at(-1);
  if (!last || !/^\s*$/.test(body.slice(last.index + last[0].length))) return body;
  const glyphs = shows.reduce((n, m) => (m[1]!.length % 4 === 0 ? n + m[1]!.length / 4 : NaN), 0);
  // The text's characters: its UTF-16 units but low surrogates, and the joiner.
  const chars = (units.match(/.{4}/g) ?? []).filter((u) => !/^d[c-f]/i.test(u)).length + 1;
  if (glyphs !== chars || glyphs < 2) return body;
  const head = last[1]!.slice(0, -4);
  const tail = body.slice(last.index + last[0].length);
  return body.slice(0, last.index) + (head ? `<${head}> Tj` : '') + tail;
}

/**
 * The line ends marked in the print DOM (line-ends.ts), read right: a joiner ending a cluster → a
 * space; two mark spans → a space (the
 * first span's text; the second's is empty); three → the glyph before them, the kept hyphen, in a
 * span of its own read as U+00AD (the marks' texts empty). Other runs stay as they are.
 */
export function rewriteLineEnds(text: string): string {
  if (!/200[cd]>/i.test(text)) return text;
  // A cluster that ends in a joiner (and holds a letter before it): the letter and a space. The
  // joiner's glyph (HarfBuzz's stand-in, the font's space glyph, zero advance in the layout) goes: it
  // paints nothing, but readers size it by the font's /W, so a line's last word reached past the
  // margin by a space's width. The Td before it stays (Td is relative to the line, not the glyphs).
  const joined = text
    .replace(
      JOINED_SPAN,
      (_, open: string, units: string, body: string) => `${open}0020>${withoutJoiner(units, body)}EMC`,
    )
    .replace(/(\/ActualText <feff(?:[0-9a-f]{4})+?)200d>/gi, '$10020>');
  return replaceMarkRuns(joined, (whole, glyphs, gap, run) => {
    const count = run.match(MARK_TEXT)!.length;
    const before = glyphs === undefined ? '' : `<${glyphs}> Tj${gap}`;
    if (count === 2) {
      let n = 0;
      return before + run.replace(MARK_TEXT, () => (n++ === 0 ? '<feff0020>' : '()'));
    }
    if (count !== 3 || glyphs === undefined || glyphs.length < 4 || glyphs.length % 4 !== 0) return whole;
    const head = glyphs.slice(0, -4);
    const hyphen = `/Span<</ActualText <feff00ad> >> BDC <${glyphs.slice(-4)}> Tj EMC${gap}`;
    return (head ? `<${head}> Tj ` : '') + hyphen + run.replace(MARK_TEXT, '()');
  });
}

/**
 * [start, end) ranges of the graphics objects painted outside any marked-content sequence. Inside one
 * (and outside a text object begun outside it), the operations up to the next marked-content operator
 * are passed over in the regex engine (`passOver`; the same ranges: a page of the review's print has
 * ~6,000 operations, ~180 of them outside marked content or marking it).
 */
export function unmarkedObjects(text: string, passOver = true): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let depth = 0;
  let path: number | undefined;
  // A text object begun outside marked content: where, whether it holds marked content, its depth
  // inside, and its showing operators outside that marked content.
  let bt: number | undefined;
  let marked = false;
  let inner = 0;
  let shows: Array<[number, number]> = [];
  scanOperations(
    text,
    (op, start, end) => {
      if (bt !== undefined) {
        if (op === 'BDC' || op === 'BMC') {
          marked = true;
          inner += 1;
        } else if (op === 'EMC') inner = Math.max(0, inner - 1);
        else if (inner === 0 && SHOW_TEXT.has(op)) shows.push([start, end]);
        else if (op === 'ET') {
          // Unmarked throughout: the whole object; else its unmarked showing operators one by one.
          if (!marked && shows.length > 0) ranges.push([bt, end]);
          else if (marked) ranges.push(...shows);
          bt = undefined;
        }
        return;
      }
      if (op === 'BDC' || op === 'BMC') depth += 1;
      else if (op === 'EMC') depth = Math.max(0, depth - 1);
      if (depth > 0) {
        path = undefined;
        return;
      }
      if (op === 'BT') {
        bt = start;
        marked = false;
        inner = 0;
        shows = [];
      } else if (BUILD_PATH.has(op)) {
        path ??= start;
      } else if (PAINT_PATH.has(op) && path !== undefined) {
        ranges.push([path, end]);
        path = undefined;
      } else if (op === 'n') {
        path = undefined;
      } else if (op === 'Do' || op === 'sh' || op === 'EI') {
        ranges.push([start, end]);
      }
    },
    passOver ? () => depth > 0 && bt === undefined : undefined,
  );
  return ranges;
}

/**
 * A content stream's text with its unmarked painting wrapped as the page's is (markStream): text in
 * the top or bottom margin a Pagination Header or Footer, the rest an Artifact. For the running
 * heads' page of a page with a folio (pages.ts stampHeads): its head and its folio each their own kind.
 */
export function paginationMarked(text: string, height: number): string {
  const ranges = unmarkedObjects(text);
  return ranges.length === 0 ? text : wrap(text, ranges, textPlaces(text, height, new Set(ranges.map(([s]) => s))));
}

export function wrap(text: string, ranges: Array<[number, number]>, places: Map<number, 'header' | 'footer'>): string {
  const parts: string[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    const place = places.get(start);
    parts.push(text.slice(at, start), place ? PAGINATION[place] : BEGIN, text.slice(start, end), END);
    at = end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/**
 * Text objects (by the offset of their BT) set in the page's top or bottom margin band: where the
 * text matrix of their first Tm puts them, through the current transformation (q, Q, cm). `only`:
 * the text objects asked about (the stream is not read past the last of them).
 */
export function textPlaces(text: string, height: number, only?: ReadonlySet<number>): Map<number, 'header' | 'footer'> {
  const places = new Map<number, 'header' | 'footer'>();
  const last = only ? Math.max(...only) : Infinity;
  let ctm = [1, 0, 0, 1, 0, 0];
  const stack: number[][] = [];
  let bt: number | undefined;
  scanOperations(text, (op, start, end) => {
    if (start > last && bt === undefined) return true;
    if (op === 'q') stack.push(ctm);
    else if (op === 'Q') ctm = stack.pop() ?? ctm;
    else if (op === 'cm') {
      const m = numbers(text, start, end);
      if (m.length === 6) ctm = multiply(m, ctm);
    } else if (op === 'BT') bt = only && !only.has(start) ? undefined : start;
    else if (op === 'ET') bt = undefined;
    else if (op === 'Tm' && bt !== undefined) {
      const m = numbers(text, start, end);
      if (m.length === 6) {
        const y = ctm[1]! * m[4]! + ctm[3]! * m[5]! + ctm[5]!;
        if (y > height * (1 - MARGIN_SHARE)) places.set(bt, 'header');
        else if (y < height * MARGIN_SHARE) places.set(bt, 'footer');
      }
      bt = undefined;
    }
    return false;
  });
  return places;
}

function numbers(text: string, start: number, end: number): number[] {
  return text
    .slice(start, end)
    .split(/\s+/)
    .slice(0, -1)
    .map(Number)
    .filter((n) => Number.isFinite(n));
}

/** a × b for PDF matrices [a b c d e f] (a applied first). */
function multiply(a: number[], b: number[]): number[] {
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4, b5] = b as [number, number, number, number, number, number];
  return [
    a0 * b0 + a1 * b2,
    a0 * b1 + a1 * b3,
    a2 * b0 + a3 * b2,
    a2 * b1 + a3 * b3,
    a4 * b0 + a5 * b2 + b4,
    a4 * b1 + a5 * b3 + b5,
  ];
}

/** The characters that end a run of regular ones (white space and delimiters: CLASS below), for a regex class. */
const REGULAR_ENDS = String.raw`\0\t\n\f\r ()<>\[\]{}\/%`;

/** Character classes of PDF syntax: 1 white-space, 2 delimiter, 0 regular. */
const CLASS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[c] = 1;
for (const c of '()<>[]{}/%') CLASS[c.charCodeAt(0)] = 2;

/** An operator starts with a letter, ' or " (operands: numbers, names, strings, arrays, dictionaries). */
function startsOperator(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x27 || c === 0x22;
}

/**
 * Tokens as scanOperations reads them, up to the next marked-content operator (BDC, BMC, EMC), inline
 * image (BI), literal string or comment, or anything else it reads another way: white space, `<<`,
 * `>`, `>>`, a hex string without `<` in it, `[ ] { } )`, a name, a run of regular characters (a number,
 * another operator). At most so many a call (each one a state the regex engine keeps to backtrack to).
 */
export const SKIPPED_TOKENS = new RegExp(
  String.raw`(?:[\0\t\n\f\r ]+|<<|>>?|<[^<>]*>|[\[\]{})]|\/[^${REGULAR_ENDS}]*|(?!(?:BDC|BMC|EMC|BI)(?![^${REGULAR_ENDS}]))[^${REGULAR_ENDS}]+){0,512}`,
  'y',
);

/**
 * Call `each` with every operation of the content stream in order (its operator, where its first
 * operand begins, where it ends), until `each` returns true. Nothing is kept between operations.
 * `onlyMarked`: asked after each operation, whether `each` needs none but the marked-content operators
 * until the next of them (nor where that one's operands begin): the operations up to it are then
 * passed over (SKIPPED_TOKENS, in the regex engine), not given to `each`.
 */
export function scanOperations(
  text: string,
  each: (op: string, start: number, end: number) => boolean | void,
  onlyMarked?: () => boolean,
): void {
  let operandStart = -1;
  let i = 0;
  const n = text.length;
  const passOver = () => {
    for (;;) {
      SKIPPED_TOKENS.lastIndex = i;
      SKIPPED_TOKENS.test(text);
      if (SKIPPED_TOKENS.lastIndex === i) return;
      i = SKIPPED_TOKENS.lastIndex;
    }
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (CLASS[c] === 1) {
      i += 1;
      continue;
    }
    const tokenStart = i;
    if (c === 0x25 /* % */) {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i += 1;
      continue;
    }
    if (c === 0x28 /* ( */) i = skipString(text, i);
    else if (c === 0x3c /* < */ && text.charCodeAt(i + 1) === 0x3c) i += 2;
    else if (c === 0x3e /* > */ && text.charCodeAt(i + 1) === 0x3e) i += 2;
    else if (c === 0x3c) i = text.indexOf('>', i) + 1 || n;
    else if (CLASS[c] === 2 && c !== 0x2f) i += 1;
    else {
      i = skipRegular(text, i + 1);
      if (startsOperator(c)) {
        const word = text.slice(tokenStart, i);
        if (word !== 'true' && word !== 'false' && word !== 'null') {
          const start = operandStart === -1 ? tokenStart : operandStart;
          operandStart = -1;
          if (word === 'BI') {
            // Inline image: its data runs from ID to the EI that stands alone.
            const data = text.indexOf('ID', i);
            const close = /\sEI(?=\s|$)/g;
            close.lastIndex = data === -1 ? i : data + 3;
            const found = close.exec(text);
            i = found ? found.index + found[0].length : n;
            if (each('EI', start, i) === true) return;
          } else if (each(word, start, i) === true) return;
          if (onlyMarked?.()) passOver();
          continue;
        }
      }
    }
    if (operandStart === -1) operandStart = tokenStart;
  }
}

function skipRegular(text: string, i: number): number {
  while (i < text.length && CLASS[text.charCodeAt(i) & 0xff] === 0) i += 1;
  return i;
}

/** Past a literal string: balanced parentheses, backslash escapes. */
function skipString(text: string, i: number): number {
  let depth = 0;
  for (; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '\\') i += 1;
    else if (ch === '(') depth += 1;
    else if (ch === ')') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

/** The stream's text, marked: unmarked painting wrapped (when `artifacts`), line ends read right. */
export function markedText(text: string, height: number, artifacts: boolean): string {
  const ranges = artifacts ? unmarkedObjects(text) : [];
  const wrapped =
    ranges.length === 0 ? text : wrap(text, ranges, textPlaces(text, height, new Set(ranges.map(([s]) => s))));
  return rewriteLineEnds(wrapped);
}

/** A head page's folio stream (pages.ts markFolios): its bytes, whether they are deflated, its page's height. */
export interface FolioStream {
  contents: Uint8Array;
  deflated: boolean;
  height: number;
}

/** A head page's folio stream marked as pagination, deflated at once. */
export function markFolioNow({ contents, deflated, height }: FolioStream): Uint8Array {
  const bytes = deflated ? inflateSync(contents) : contents;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return new Uint8Array(deflateSync(Buffer.from(paginationMarked(text, height), 'latin1')));
}

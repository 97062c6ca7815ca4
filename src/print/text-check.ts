// The text check after printing (`build --verify-text`): every word of the source's text is in the
// PDF's text. The words of each block of the print HTML (an element with data-source, see
// render/rehype-source-attributes.ts, minus its own inner blocks) are taken, in document order, from
// the multiset of the words pdf.js reads in the PDF; a block with a word left over is a warning at its
// Markdown file:line. A multiset, not a sequence: the print moves text (notes, side column, running
// heads) and only adds words (numbers, heads), so a word is missing only when the PDF has it fewer
// times than the source. Words: NFKC (ligatures, math italic), lower case, runs of letters/digits.
import { sourcePosition } from '../render/rehype-source-attributes.js';
import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { Diagnostic } from '../messages.js';
import { RULES } from '../rules.js';

export interface SourceBlock {
  /** `file:line:column` of its Markdown. */
  source: string;
  words: string[];
}

export interface MissingText {
  source: string;
  missing: string[];
  words: number;
}

const WORD = /[\p{L}\p{N}]+/gu;
/** Elements whose text is never printed as such (the TeX source KaTeX keeps beside its MathML…). */
const UNPRINTED = new Set(['annotation', 'script', 'style', 'template', 'head']);
/** Elements that end a word: their text never runs into the next one's (table cells, list items…). */
const BREAKING = new Set(
  'address article aside blockquote br caption dd details div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul'.split(
    ' ',
  ),
);

export function words(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().replaceAll('\u00ad', '').match(WORD) ?? [];
}

/** The blocks of the print HTML that came from Markdown, each with the words of its own text. */
export function sourceBlocks(html: string): SourceBlock[] {
  const blocks: SourceBlock[] = [];
  const visit = (node: Root | Element, into: string[]): void => {
    for (const child of node.children as ElementContent[]) {
      if (child.type === 'text') into.push(child.value);
      // A page number (`data-page-of`) is filled in after this HTML was made: its words are not in it.
      else if (child.type === 'element' && !UNPRINTED.has(child.tagName) && child.properties.dataPageOf === undefined) {
        const source = child.properties.dataSource;
        if (typeof source === 'string') {
          const own: string[] = [];
          const block = { source, words: [] as string[] };
          blocks.push(block); // before its inner blocks: document order
          visit(child, own);
          block.words = words(own.join(''));
          into.push(' ');
        } else if (BREAKING.has(child.tagName)) {
          into.push(' ');
          visit(child, into);
          into.push(' ');
        } else visit(child, into);
      }
    }
  };
  visit(fromHtml(html), []);
  return blocks.filter((b) => b.words.length > 0);
}

function count(list: readonly string[], into: Map<string, number>): void {
  const here = new Map<string, number>();
  for (const w of list) here.set(w, (here.get(w) ?? 0) + 1);
  for (const [w, n] of here) into.set(w, Math.max(n, into.get(w) ?? 0));
}

/**
 * The words of the PDF's text lines. Read several ways, the largest count kept per word: text runs
 * joined as they are and with a space (a run may end mid-word or at a word without a space), and a
 * word hyphenated at a line end both joined and as its halves.
 */
export function pdfWordCounts(
  pages: ReadonlyArray<ReadonlyArray<{ str: string; hasEOL: boolean }>>,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const gap of ['', ' ']) {
    const text = pages.map((items) => items.map((i) => i.str + (i.hasEOL ? '\n' : gap)).join('')).join('\n');
    count(words(text), counts);
    count(words(text.replace(/(\p{L})[-\u2010]\n(\p{L})/gu, '$1$2')), counts);
  }
  return counts;
}

/**
 * The first halves of words hyphenated where a text run ends ("specific-" at the foot of a page,
 * whose "ally" follows the running head on the next page: no line joins them).
 */
export function hyphenStems(pages: ReadonlyArray<ReadonlyArray<{ str: string }>>): Set<string> {
  const stems = new Set<string>();
  for (const items of pages)
    for (const { str } of items) {
      const stem = /([\p{L}\p{N}]+)[-\u2010]\s*$/u.exec(str)?.[1];
      if (stem) stems.add(words(stem)[0]!);
    }
  return stems;
}

/** The blocks whose words the PDF lacks, each word taken from the PDF's words once. */
export function missingText(
  blocks: readonly SourceBlock[],
  pdf: ReadonlyMap<string, number>,
  stems: ReadonlySet<string> = new Set(),
): MissingText[] {
  const left = new Map(pdf);
  const take = (w: string): boolean => {
    const n = left.get(w) ?? 0;
    if (n > 0) left.set(w, n - 1);
    return n > 0;
  };
  // A word split at a run's end: a stem it starts with, and its rest among the PDF's words.
  const split = (w: string): boolean => {
    for (let i = w.length - 1; i > 0; i -= 1) if (stems.has(w.slice(0, i)) && take(w.slice(i))) return true;
    return false;
  };
  const out: MissingText[] = [];
  for (const block of blocks) {
    const missing: string[] = [];
    for (const w of block.words) if (!take(w) && !split(w)) missing.push(w);
    if (missing.length > 0) out.push({ source: block.source, missing, words: block.words.length });
  }
  return out;
}

/** The text runs of every page, read by pdf.js (Mozilla's PDF reader, already used by `proof`). */
export async function pdfTextItems(pdf: Uint8Array): Promise<Array<Array<{ str: string; hasEOL: boolean }>>> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // A copy: pdf.js takes ownership of the buffer it is given.
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, disableFontFace: true })
    .promise;
  try {
    const pages = [];
    for (let n = 1; n <= doc.numPages; n += 1) {
      const content = await (await doc.getPage(n)).getTextContent();
      pages.push(content.items.filter((i) => 'str' in i).map((i) => ({ str: i.str, hasEOL: i.hasEOL })));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** The check: a warning at each block of the source whose words are not all in the PDF. */
export async function checkText(
  printHtml: string,
  pdf: Uint8Array,
  label: string,
  sourceRoot?: string,
): Promise<Diagnostic[]> {
  const pages = await pdfTextItems(pdf);
  const missing = missingText(sourceBlocks(printHtml), pdfWordCounts(pages), hyphenStems(pages));
  return missing.map((m) => {
    const at = sourcePosition(m.source, sourceRoot);
    const shown = m.missing
      .slice(0, 8)
      .map((w) => `"${w}"`)
      .join(', ');
    return {
      ...(at ?? { file: label }),
      severity: RULES.layoutTextMissing.severity,
      message: `${m.missing.length} of the ${m.words} words of this block are not in the text of ${label}: ${shown}${m.missing.length > 8 ? ', …' : ''}`,
      rule: RULES.layoutTextMissing.id,
      fix: RULES.layoutTextMissing.fix,
    };
  });
}

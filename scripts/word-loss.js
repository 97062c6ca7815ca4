// Words of a Markdown document that a PDF lost: the share of the source's words (as rendered text)
// that pdftotext does not find in the PDF, measured the same way for any tool that printed it.
//   node scripts/word-loss.js --from markdown|gfm --pdf x.pdf source.md [more.md …]
//   node scripts/word-loss.js --from docx --hyphens join --pdf x.pdf draft.docx
// Method (identical for every PDF compared):
//  - source words: `pandoc -f <from> -t plain --wrap=none` of the sources (Markdown syntax gone, the
//    text a reader should see), so no tool's own parser decides what counts as a word; a .docx is
//    read by python-docx instead (scripts/docx-words.py: paragraphs, table cells, notes), which
//    neither Briefing (mammoth) nor Pandoc is, and whose tables are not wrapped into columns;
//  - PDF words: `pdftotext -enc UTF-8` of the PDF;
//  - words: NFKC (ligatures), lower case, soft hyphens dropped, runs of letters/digits (\p{L}\p{N});
//    a word split by a line-end hyphen is counted both joined and as its halves (hyphenation is a
//    typesetting choice, a compound at a line end is not a loss);
//  - `--hyphens join`: a compound's hyphen is dropped on both sides ("CGIAR-produced" is one word),
//    because pdftotext itself joins a compound broken at its hyphen ("CGIARproduced") and a table
//    cell's hyphenated halves can come out lines apart: a half left over with a hyphen is matched
//    to a missing word it begins, the rest of which is left over too;
//  - missing: the multiset difference Σ max(0, n_source(w) − n_pdf(w)) ÷ the number of source words.
// Prints JSON: words, missing, share, and the 20 most missed words. Needs pandoc (python3 with
// python-docx for --from docx) and pdftotext.
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: {
    from: { type: 'string', default: 'markdown' },
    pdf: { type: 'string' },
    hyphens: { type: 'string', default: 'split' },
  },
  allowPositionals: true,
});
if (!values.pdf || positionals.length === 0) {
  console.error('usage: node scripts/word-loss.js --from markdown|gfm --pdf x.pdf source.md …');
  process.exit(2);
}

const WORD = /[\p{L}\p{N}]+/gu;

const JOIN = values.hyphens === 'join';

/** A source's line ends are paragraph ends; a PDF's compound may break at its hyphen. */
function normalize(text, lineEnds = false) {
  // A soft hyphen that ends a line (what a PDF's text says of a word hyphenated there, as ISO 32000
  // asks) joins the word's halves; anywhere else it is dropped.
  const joined = lineEnds ? text.replace(/\u00ad[ \t]*\n[ \t]*/g, '') : text;
  const plain = joined.normalize('NFKC').toLowerCase().replaceAll('\u00ad', '');
  if (!JOIN) return plain;
  const hyphen = lineEnds
    ? /([\p{L}\p{N}])-[ \t]*(?:\n[ \t]*)?(?=[\p{L}\p{N}])/gu
    : /([\p{L}\p{N}])-[ \t]*(?=[\p{L}\p{N}])/gu;
  return plain.replace(hyphen, '$1');
}

function count(words, into = new Map()) {
  for (const w of words) into.set(w, (into.get(w) ?? 0) + 1);
  return into;
}

/** The PDF's words: a hyphen at a line end is read both ways, the larger count kept per word. */
function pdfWords(text) {
  const split = count(normalize(text, true).match(WORD) ?? []);
  const joined = count(
    normalize(text, true)
      .replace(/(\p{L})-\n(\p{L})/gu, '$1$2')
      .match(WORD) ?? [],
  );
  for (const [w, n] of joined) split.set(w, Math.max(n, split.get(w) ?? 0));
  return split;
}

const plain =
  values.from === 'docx'
    ? positionals
        .map((file) =>
          execFileSync('python3', [new URL('docx-words.py', import.meta.url).pathname, file], {
            encoding: 'utf8',
            maxBuffer: 1 << 28,
          }),
        )
        .join('\n')
    : execFileSync('pandoc', ['-f', values.from, '-t', 'plain', '--wrap=none', ...positionals], {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      });
const source = count(normalize(plain).match(WORD) ?? []);
const pdfText = execFileSync('pdftotext', ['-enc', 'UTF-8', values.pdf, '-'], {
  encoding: 'utf8',
  maxBuffer: 1 << 28,
});
const printed = pdfWords(pdfText);
/** Halves pdftotext left with their hyphen (a table cell's line end), for --hyphens join. */
const halves = JOIN
  ? count(
      [
        ...pdfText
          .normalize('NFKC')
          .toLowerCase()
          .matchAll(/([\p{L}\p{N}]+)-[ \t]*\n/gu),
      ].map((m) => m[1]),
    )
  : new Map();

let words = 0;
let missing = 0;
const missed = [];
for (const [w, n] of source) {
  words += n;
  let lost = Math.max(0, n - (printed.get(w) ?? 0));
  for (let i = 1; lost > 0 && i < w.length; i++) {
    // A missing word found as a left-over half and the rest of it (both used up once matched).
    const head = w.slice(0, i);
    const tail = w.slice(i);
    while (lost > 0 && (halves.get(head) ?? 0) > 0 && (printed.get(tail) ?? 0) > (source.get(tail) ?? 0)) {
      halves.set(head, halves.get(head) - 1);
      printed.set(tail, printed.get(tail) - 1);
      lost -= 1;
    }
  }
  missing += lost;
  if (lost > 0) missed.push([w, lost]);
}
missed.sort((a, b) => b[1] - a[1]);
console.log(
  JSON.stringify({
    pdf: values.pdf,
    words,
    missing,
    share: `${((100 * missing) / words).toFixed(2)} %`,
    mostMissed: missed.slice(0, 20),
  }),
);

// Words of a Markdown document that a PDF lost: the share of the source's words (as rendered text)
// that pdftotext does not find in the PDF, measured the same way for any tool that printed it.
//   node scripts/word-loss.js --from markdown|gfm --pdf x.pdf source.md [more.md …]
// Method (identical for every PDF compared):
//  - source words: `pandoc -f <from> -t plain --wrap=none` of the sources (Markdown syntax gone, the
//    text a reader should see), so no tool's own parser decides what counts as a word;
//  - PDF words: `pdftotext -enc UTF-8` of the PDF;
//  - words: NFKC (ligatures), lower case, soft hyphens dropped, runs of letters/digits (\p{L}\p{N});
//    a word split by a line-end hyphen is counted both joined and as its halves (hyphenation is a
//    typesetting choice, a compound at a line end is not a loss);
//  - missing: the multiset difference Σ max(0, n_source(w) − n_pdf(w)) ÷ the number of source words.
// Prints JSON: words, missing, share, and the 20 most missed words. Needs pandoc and pdftotext.
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { from: { type: 'string', default: 'markdown' }, pdf: { type: 'string' } },
  allowPositionals: true,
});
if (!values.pdf || positionals.length === 0) {
  console.error('usage: node scripts/word-loss.js --from markdown|gfm --pdf x.pdf source.md …');
  process.exit(2);
}

const WORD = /[\p{L}\p{N}]+/gu;

function normalize(text) {
  return text.normalize('NFKC').toLowerCase().replaceAll('\u00ad', '');
}

function count(words, into = new Map()) {
  for (const w of words) into.set(w, (into.get(w) ?? 0) + 1);
  return into;
}

/** The PDF's words: a hyphen at a line end is read both ways, the larger count kept per word. */
function pdfWords(text) {
  const split = count(normalize(text).match(WORD) ?? []);
  const joined = count(
    normalize(text)
      .replace(/(\p{L})-\n(\p{L})/gu, '$1$2')
      .match(WORD) ?? [],
  );
  for (const [w, n] of joined) split.set(w, Math.max(n, split.get(w) ?? 0));
  return split;
}

const plain = execFileSync('pandoc', ['-f', values.from, '-t', 'plain', '--wrap=none', ...positionals], {
  encoding: 'utf8',
  maxBuffer: 1 << 28,
});
const source = count(normalize(plain).match(WORD) ?? []);
const printed = pdfWords(
  execFileSync('pdftotext', ['-enc', 'UTF-8', values.pdf, '-'], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  }),
);

let words = 0;
let missing = 0;
const missed = [];
for (const [w, n] of source) {
  words += n;
  const lost = Math.max(0, n - (printed.get(w) ?? 0));
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

// Rivers in justified text, measured on the PDF as a reader sees it: the word spaces of every
// justified line, from the word boxes `pdftotext -bbox-layout` reports.
//   node scripts/word-spaces.js [--first N] [--last N] [--ratio 2] [--list] x.pdf
// Method (the same for any PDF):
//  - a line is justified when it has two words or more and ends within 0.5 pt of a right edge of
//    its page: where at least 3 lines end (a column's edge; a paragraph's last line, set with natural
//    spaces, ends short of it; pdftotext's blocks are no paragraphs, so they are not used);
//  - a word space is the distance from one word box's right edge to the next one's left edge;
//  - the normal word space of a type size (line height, to 0.5 pt) is the median space of the lines
//    that are not justified (natural spacing); with none, the median of all of them;
//  - a line is loose when its widest space is over `ratio` (default 2) × the normal space.
// Prints JSON: lines (justified), loose, the worst ratio, normal spaces per size; with --list each
// loose line (page, widest space, text). Needs pdftotext (poppler-utils).
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: {
    first: { type: 'string' },
    last: { type: 'string' },
    ratio: { type: 'string', default: '2' },
    list: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
if (positionals.length !== 1) {
  console.error('usage: node scripts/word-spaces.js [--first N] [--last N] [--ratio 2] [--list] x.pdf');
  process.exit(2);
}

const ATTRS = /(\w+)="([^"]*)"/g;
const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function box(tag) {
  const b = {};
  for (const [, key, value] of tag.matchAll(ATTRS)) b[key] = Number(value);
  return b;
}

/** Pages → blocks → lines → words, each with its box, from pdftotext's XHTML (a fixed, flat format). */
function read(pdf) {
  const args = ['-bbox-layout', '-enc', 'UTF-8'];
  if (values.first) args.push('-f', values.first);
  if (values.last) args.push('-l', values.last);
  const xml = execFileSync('pdftotext', [...args, pdf, '-'], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const first = Number(values.first ?? 1);
  return xml
    .split('<page ')
    .slice(1)
    .map((page, i) => ({
      number: first + i,
      lines: page
        .split('<line ')
        .slice(1)
        .map((line) => ({
          ...box(line.slice(0, line.indexOf('>'))),
          words: [...line.matchAll(/<word ([^>]*)>([^<]*)<\/word>/g)].map(([, attrs, text]) => ({
            ...box(attrs),
            text: text.replace(/&(\w+);/g, (m, name) => ENTITIES[name] ?? m),
          })),
        })),
    }));
}

function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)];
}

const size = (line) => (Math.round((line.yMax - line.yMin) * 2) / 2).toFixed(1);
const spaces = (line) => line.words.slice(1).map((w, i) => w.xMin - line.words[i].xMax);

const ratio = Number(values.ratio);
const lines = [];
for (const page of read(positionals[0])) {
  const ends = page.lines.map((l) => l.xMax);
  const atEdge = (x) => ends.filter((e) => Math.abs(e - x) <= 0.5).length >= 3;
  for (const line of page.lines) {
    if (line.words.length < 2) continue;
    lines.push({ page: page.number, justified: atEdge(line.xMax), size: size(line), spaces: spaces(line), line });
  }
}

const natural = new Map();
for (const l of lines.filter((l) => !l.justified)) natural.set(l.size, [...(natural.get(l.size) ?? []), ...l.spaces]);
const everyNatural = median([...natural.values()].flat());
const normal = Object.fromEntries([...natural].map(([s, gaps]) => [s, Number(median(gaps).toFixed(2))]));

const justified = lines
  .filter((l) => l.justified)
  .map((l) => {
    const widest = Math.max(...l.spaces);
    return { ...l, widest, ratio: widest / (normal[l.size] ?? everyNatural) };
  });
const loose = justified.filter((l) => l.ratio > ratio);
const report = {
  lines: justified.length,
  loose: loose.length,
  worst: Number(Math.max(0, ...justified.map((l) => l.ratio)).toFixed(2)),
  normal,
};
if (values.list)
  report.looseLines = loose.map((l) => ({
    page: l.page,
    widest: Number(l.widest.toFixed(1)),
    ratio: Number(l.ratio.toFixed(2)),
    text: l.line.words.map((w) => w.text).join(' '),
  }));
console.log(JSON.stringify(report, null, 2));

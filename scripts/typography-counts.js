// Russian and Kazakh typography as a reader of the PDF meets it: marks counted in `pdftotext -raw` text
// (printed lines, line-end hyphens kept),
// on the lines written in Cyrillic (an edition's untranslated chapters keep their English marks).
//   node scripts/typography-counts.js x.pdf
// pdftotext writes a no-break space as a plain space, so ties are counted by what they prevent: a
// line that ends with a number before a word, inside a digit group ("20 / 000") or with an initial.
// Prints JSON: Cyrillic lines, em dashes, spaced en dashes and hyphens (should be em dashes), «» „“,
// English “” and straight quotes, line breaks after numbers, in digit groups, after initials, and
// hyphenated line ends (Kazakh: in words with a Kazakh letter). Needs pdftotext (poppler-utils).
import { execFileSync } from 'node:child_process';

if (process.argv.length !== 3) {
  console.error('usage: node scripts/typography-counts.js x.pdf');
  process.exit(2);
}
const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', process.argv[2], '-'], {
  encoding: 'utf8',
  maxBuffer: 256 << 20,
});
const cyrillic = (line) => {
  const letters = line.match(/\p{L}/gu) ?? [];
  return letters.length > 0 && (line.match(/\p{Script=Cyrillic}/gu) ?? []).length * 2 > letters.length;
};
const lines = text
  .split('\n')
  .map((l) => l.trim())
  .filter(Boolean);
const count = (re) => lines.filter(cyrillic).reduce((n, l) => n + (l.match(re) ?? []).length, 0);
/** Consecutive Cyrillic line pairs where `end` matches the first and `start` the second. */
const breaks = (end, start) =>
  lines.filter((l, i) => cyrillic(l) && i + 1 < lines.length && end.test(l) && start.test(lines[i + 1])).length;

console.log(
  JSON.stringify(
    {
      cyrillicLines: lines.filter(cyrillic).length,
      emDashes: count(/—/g),
      spacedEnDashesOrHyphens: count(/ [–-] /g),
      guillemets: count(/[«»]/g),
      // „…“ inside «…»; an English ” (or a straight ") in a Cyrillic line is a quote left as typed.
      innerQuotes: count(/„/g),
      englishOrStraightQuotes: count(/[”"]/g),
      breaksAfterNumber: breaks(/(?:^|\s)\d{1,4}$/, /^\p{Ll}/u),
      breaksInDigitGroup: breaks(/(?:^|\s)\d{1,3}$/, /^\d{3}\b/),
      breaksAfterInitial: breaks(/(?:^|[\s.])\p{Lu}\.$/u, /^\p{L}/u),
      hyphenatedLineEnds: count(/\p{L}-$/gu),
      kazakhHyphenatedLineEnds: lines.filter(
        (l, i) =>
          cyrillic(l) &&
          /\p{L}-$/u.test(l) &&
          /[әғқңөұүһі]/iu.test(`${l.split(' ').at(-1)}${lines[i + 1]?.split(' ')[0]}`),
      ).length,
    },
    null,
    2,
  ),
);

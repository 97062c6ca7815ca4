// Delimiter limit for Markdown. micromark pairs emphasis (`*`, `_`), strikethrough (`~`), code spans
// (backticks) and link or footnote brackets (`[`, `]`) by walking back over every earlier mark of the
// same paragraph, so a paragraph made of unpaired marks costs time quadratic in their number (a 45 kB
// line of `*a_` took 20 s; `a]`, `~a`, `*a` alike). It cannot be fixed from outside micromark, so the
// marks are counted per paragraph before parsing, and a paragraph with more than the limit is
// reported at the mark over the limit; the file is parsed only up to that line (as nesting.ts does).
// One pass over the text. Fenced code is skipped (its marks are literal); a table counts per row
// (each cell is parsed apart); a list item starts a new paragraph. Anything else errs on the high side.
import { findDeepNesting, type DeepNesting } from './nesting.js';

export interface CrowdedParagraph {
  line: number;
  column: number;
  /** Offset of the start of the line at fault: the text before it is safe to parse. */
  lineStart: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LIST_ITEM = /^[ \t]*(?:[-*+]|1[.)])[ \t]/;
// Tested with spaces and tabs removed: no two optional runs of the same character meet, so no backtracking.
const TABLE_DELIMITER_ROW = /^\|?:?-+:?(?:\|:?-+:?)*\|?$/;

/** Characters that open or close inline constructs micromark resolves by walking back. */
function isMark(code: number): boolean {
  // * _ ~ ` [ ]
  return code === 42 || code === 95 || code === 126 || code === 96 || code === 91 || code === 93;
}

const ESCAPE_WEIGHT = 1 / 16;

/** `#` or an ASCII letter: what follows the `&` of a character reference. */
function isReferenceStart(code: number): boolean {
  return code === 35 || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** ASCII punctuation: what a backslash escapes in CommonMark. */
function isEscapable(code: number): boolean {
  return (
    (code >= 33 && code <= 47) ||
    (code >= 58 && code <= 64) ||
    (code >= 91 && code <= 96) ||
    (code >= 123 && code <= 126)
  );
}

/** The first mark beyond `max` in one paragraph (or table row), or undefined. */
export function findCrowdedParagraph(text: string, max: number): CrowdedParagraph | undefined {
  let lineStart = 0;
  let line = 0;
  let count = 0;
  let fence: string | undefined;
  let table = false;
  let blockLine = 0; // the line's number within its block of non-blank lines
  let previous = { start: 0, end: 0 };
  while (lineStart <= text.length) {
    line += 1;
    let end = text.indexOf('\n', lineStart);
    if (end === -1) end = text.length;
    const head = text.slice(lineStart, Math.min(end, lineStart + 200));
    const fenceMatch = FENCE.exec(head);
    if (fence !== undefined) {
      // Inside fenced code: only a closing fence (same mark, at least as long) ends it.
      if (fenceMatch && fenceMatch[1]![0] === fence[0] && fenceMatch[1]!.length >= fence.length) fence = undefined;
    } else if (fenceMatch) {
      fence = fenceMatch[1];
      count = 0;
      blockLine = 0;
    } else if (head.trim() === '') {
      count = 0;
      table = false;
      blockLine = 0;
    } else {
      blockLine += 1;
      // Only a table that starts its block is taken for one: elsewhere micromark may read a paragraph.
      if (!table && blockLine === 2 && isTableStart(text, previous, { start: lineStart, end })) table = true;
      if (table || LIST_ITEM.test(head)) count = 0;
      const { runs, over } = scanMarks(text, lineStart, end, max - count);
      if (over !== undefined) return { line, column: over - lineStart + 1, lineStart };
      count += runs;
    }
    previous = { start: lineStart, end };
    lineStart = end + 1;
  }
  return undefined;
}

/** A GFM table: a delimiter row under a header row with as many cells (else micromark reads a paragraph). */
function isTableStart(
  text: string,
  header: { start: number; end: number },
  row: { start: number; end: number },
): boolean {
  const delimiter = text.slice(row.start, row.end);
  if (!TABLE_DELIMITER_ROW.test(delimiter.replace(/[ \t]/g, ''))) return false;
  return cells(delimiter) === cells(text.slice(header.start, header.end));
}

function cells(row: string): number {
  const trimmed = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  let count = 1;
  for (let i = 0; i < trimmed.length; i += 1) {
    if (trimmed[i] === '\\') i += 1;
    else if (trimmed[i] === '|') count += 1;
  }
  return count;
}

/** The mark runs in [start, end), and the offset of the one past `budget` if any. */
function scanMarks(text: string, start: number, end: number, budget: number): { runs: number; over?: number } {
  let runs = 0;
  for (let i = start; i < end; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 92) {
      // A backslash escapes the next character: not a mark, but each escape is an event micromark
      // merges by splicing its event list (20,000 escapes in a paragraph: 13 s), so escapes count
      // too, a sixteenth each (the splices are cheap until there are thousands).
      i += 1;
      if (i < end && isEscapable(text.charCodeAt(i))) {
        runs += ESCAPE_WEIGHT;
        if (runs > budget) return { runs, over: i - 1 };
      }
      continue;
    }
    if (code === 38 && isReferenceStart(text.charCodeAt(i + 1))) {
      // `&#91;`, `&amp;`: a character reference is an event micromark merges like an escape (1 MB of
      // `&#91;^a` took minutes), so it counts like one.
      runs += ESCAPE_WEIGHT;
      if (runs > budget) return { runs, over: i };
      continue;
    }
    if (!isMark(code)) continue;
    runs += 1;
    if (runs > budget) return { runs, over: i };
    // A run of the same emphasis, strikethrough or code mark is one delimiter; brackets count singly.
    if (code !== 91 && code !== 93) while (i + 1 < end && text.charCodeAt(i + 1) === code) i += 1;
  }
  return { runs };
}

export function delimitersMessage(max: number): { reason: string; fix: string } {
  return {
    reason: `too many inline marks in one paragraph: more than ${max} runs of \`*\`, \`_\`, \`~\`, backticks or brackets, which take the parser too long; the file is read only up to this line`,
    fix: 'split the paragraph, or escape literal marks with a backslash (the limit is `limits: { maxDelimiters: … }` in briefing.yaml, or BRIEFING_MAX_DELIMITERS)',
  };
}

/**
 * A text's limit scans: too deep a line (nesting.ts), then too many inline marks before it, and the
 * offset the parse stops at (the start of the line at fault), if any. The same in the parse worker.
 */
export function scanLimits(
  text: string,
  maxNesting: number,
  maxDelimiters: number,
): { deep?: DeepNesting; crowded?: CrowdedParagraph; cutAt?: number } {
  const deep = findDeepNesting(text, maxNesting);
  const crowded = findCrowdedParagraph(deep ? text.slice(0, deep.lineStart) : text, maxDelimiters);
  return { deep, crowded, cutAt: crowded?.lineStart ?? deep?.lineStart };
}

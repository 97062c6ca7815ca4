// Pandoc's fancy list markers (`a.`, `B)`, `(c)`, `iv.`, `(1)`, `#.`), which CommonMark does not read.
// As with fenced divs, the parser is wrapped: each marker is respelled as a decimal marker of exactly
// the same width (`a.` → `1.`, `(iv)` → `001)`), so every offset and column stays true and
// micromark builds the list; then each list that began with a respelled marker gets its style back
// (`type` and `start` on the <ol>). Pandoc's rules for what starts a list are kept: a blank line
// before the first item (later items may follow directly), and two spaces after a capital letter
// with a period, so a line such as "B. Smith said" stays text. Code blocks are left alone.
import type { List, Root } from 'mdast';
import type { Processor } from 'unified';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';

/** The style of a list as its first marker wrote it: `type` as HTML's <ol type>. */
interface ListStyle {
  type: '1' | 'a' | 'A' | 'i' | 'I';
  start: number;
}

// indent, "(", the number, the delimiter, the spaces after it (or the end of the line)
const MARKER = /^( *)(\(?)([a-zA-Z]|[ivxlcdm]+|[IVXLCDM]+|\d{1,9}|#)([.)])( +|$)/;
const STANDARD_ITEM = /^ {0,3}(?:[-+*]|\d{1,9}[.)])(?: |$)/;
const CODE_FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ROMAN = /^(?:[ivxlcdm]+|[IVXLCDM]+)$/;

export default function remarkFancyLists(this: Processor) {
  const parse = this.parser;
  if (!parse) throw new Error('remark-fancy-lists must come after remark-parse');
  this.parser = (document: string, file: VFile) => {
    const { text, styles } = respellFancyMarkers(document);
    const tree = parse(text, file) as Root;
    if (styles.size > 0) applyStyles(tree, styles);
    return tree;
  };
}

/** Every fancy marker outside code respelled at the same width; the style of each, by line (1-based). */
export function respellFancyMarkers(document: string): { text: string; styles: Map<number, ListStyle> } {
  const styles = new Map<number, ListStyle>();
  if (!/^ *\(?(?:[a-zA-Z]+|\d+|#)[.)]/m.test(document)) return { text: document, styles };
  let fence: string | undefined;
  let previousBlank = true;
  let inList = false;
  const lines = document.split('\n').map((line, index) => {
    const code = CODE_FENCE.exec(line)?.[1];
    if (code && (fence === undefined || (code[0] === fence[0] && code.length >= fence.length))) {
      fence = fence === undefined ? code : undefined;
      previousBlank = false;
      return line;
    }
    if (fence !== undefined) return line;
    const blank = line.trim() === '';
    const respelled = blank ? undefined : respellLine(line, previousBlank, inList);
    if (respelled) styles.set(index + 1, respelled.style);
    // A list goes on through blank lines and indented lines, and ends at unindented text.
    if (respelled || STANDARD_ITEM.test(line)) inList = true;
    else if (!blank && !line.startsWith(' ')) inList = false;
    previousBlank = blank;
    return respelled?.line ?? line;
  });
  return { text: lines.join('\n'), styles };
}

function respellLine(line: string, previousBlank: boolean, inList: boolean) {
  const m = MARKER.exec(line);
  if (!m) return undefined;
  const [whole, indent, open, label, delimiter, spaces] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const decimal = /^\d/.test(label);
  if (decimal && !open) return undefined; // `1.` and `1)` are CommonMark's own
  if (open && delimiter !== ')') return undefined; // `(a.` is not a marker
  if (indent.length > 3 && !inList) return undefined; // indented code, not a nested list
  if (!previousBlank && !inList) return undefined; // a list needs a blank line before it
  if (/^[A-Z]$/.test(label) && delimiter === '.' && spaces.length < 2) return undefined; // initials
  const marker = `${open}${label}${delimiter}`;
  const respelled = `${'1'.padStart(marker.length - 1, '0')}${delimiter === '.' ? '.' : ')'}`;
  return { line: `${indent}${respelled}${spaces}${line.slice(whole.length)}`, style: styleOf(label) };
}

function styleOf(label: string): ListStyle {
  if (/^\d+$/.test(label) || label === '#') return { type: '1', start: label === '#' ? 1 : Number(label) };
  // `i`, `ii`, `iv`… are roman; any other single letter counts in the alphabet (Pandoc: `v.` alone too).
  if (ROMAN.test(label) && (label.length > 1 || label === 'i' || label === 'I'))
    return { type: label === label.toLowerCase() ? 'i' : 'I', start: romanValue(label) };
  return {
    type: label === label.toLowerCase() ? 'a' : 'A',
    start: label.toLowerCase().charCodeAt(0) - 96,
  };
}

function romanValue(label: string): number {
  const values: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100, d: 500, m: 1000 };
  const digits = [...label.toLowerCase()].map((c) => values[c]!);
  return digits.reduce((sum, value, i) => sum + (value < (digits[i + 1] ?? 0) ? -value : value), 0);
}

/** Each ordered list whose first item was respelled gets its start and type back. */
function applyStyles(tree: Root, styles: Map<number, ListStyle>): void {
  visit(tree, 'list', (list: List) => {
    const style = list.ordered ? styles.get(list.children[0]?.position?.start.line ?? 0) : undefined;
    if (!style) return;
    list.start = style.start;
    if (style.type !== '1') list.data = { ...list.data, hProperties: { ...list.data?.hProperties, type: style.type } };
  });
}

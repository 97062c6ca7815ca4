// Pandoc's simple and multiline tables, which CommonMark reads as paragraphs and thematic breaks.
// The parser is wrapped: each table block (found on the source lines, outside code) is hidden from
// micromark as an HTML comment of exactly the same length (`<!--` over its first characters, `-->`
// over its last), so every offset stays true; the comment node that comes back is replaced by an
// mdast table built from the block's own lines. Columns and alignment follow Pandoc's manual: a
// column ends where its dashes end; text flush with its dashes on the left is left-aligned, on the
// right right-aligned, inside both centred. Cells are read as inline Markdown.
import type { Html, PhrasingContent, Root, Table, TableCell, TableRow } from 'mdast';
import type { Processor } from 'unified';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';

type Align = 'left' | 'right' | 'center' | null;

/** A table block: its lines (0-based, inclusive) and what it holds. */
interface Block {
  first: number;
  last: number;
  header: string[];
  rule: string;
  rows: string[][];
  /** The line whose text sets the alignment: the (first) header line, else the first row's. */
  sample: string;
}

const FULL_RULE = /^ {0,3}-{3,}[ \t]*$/;
const GROUP_RULE = /^ {0,3}-+(?: +-+)+[ \t]*$/;
const CODE_FENCE = /^ {0,3}(`{3,}|~{3,})/;

export default function remarkPandocTables(this: Processor) {
  const parse = this.parser;
  if (!parse) throw new Error('remark-pandoc-tables must come after remark-parse');
  const inline = (text: string): PhrasingContent[] => {
    const tree = parse(text, { value: text } as VFile) as Root;
    const first = tree.children[0];
    const children = first && first.type === 'paragraph' ? first.children : [];
    // Positions are the cell's own; remark-positions places them in the file.
    visit({ type: 'root', children } as Root, (node) => void delete node.position);
    return children;
  };
  this.parser = (document: string, file: VFile) => {
    const lines = document.split('\n');
    const blocks = findTables(lines);
    if (blocks.length === 0) return parse(document, file);
    const tree = parse(hideBlocks(lines, blocks).join('\n'), file) as Root;
    replaceComments(tree, blocks, inline);
    return tree;
  };
}

/** Every simple or multiline table in the source, outside fenced code. */
export function findTables(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i += 1) {
    const code = CODE_FENCE.exec(lines[i]!)?.[1];
    if (code && (fence === undefined || (code[0] === fence[0] && code.length >= fence.length))) {
      fence = fence === undefined ? code : undefined;
      continue;
    }
    if (fence !== undefined || (i > 0 && lines[i - 1]!.trim() !== '')) continue;
    // A table that starts with its dashed line is headerless: simple (rows on single lines) first.
    const block = GROUP_RULE.test(lines[i]!)
      ? (simpleAt(lines, i) ?? multilineAt(lines, i))
      : (multilineAt(lines, i) ?? simpleAt(lines, i));
    if (!block) continue;
    blocks.push(block);
    i = block.last;
  }
  return blocks;
}

/** `-----` / header lines / `--- ---` / rows separated by blank lines / `-----`. */
function multilineAt(lines: string[], at: number): Block | undefined {
  const top = lines[at]!;
  const headed = FULL_RULE.test(top);
  if (!headed && !GROUP_RULE.test(top)) return undefined;
  let ruleAt = at;
  if (headed) {
    ruleAt = lines.findIndex((line, k) => k > at && (line.trim() === '' || GROUP_RULE.test(line)));
    if (ruleAt === -1 || !GROUP_RULE.test(lines[ruleAt]!) || ruleAt === at + 1) return undefined;
  }
  // The closing rule spans the table (a short `---` further down is a thematic break, not the end).
  const width = lines[ruleAt]!.trimEnd().length;
  const end = lines.findIndex((line, k) => k > ruleAt + 1 && FULL_RULE.test(line) && line.trim().length >= width * 0.8);
  if (end === -1 || (end + 1 < lines.length && lines[end + 1]!.trim() !== '' && !/^Table:/.test(lines[end + 1]!)))
    return undefined;
  const body = lines.slice(ruleAt + 1, end);
  if (!headed && body.some((line) => FULL_RULE.test(line))) return undefined;
  const rule = lines[ruleAt]!;
  const rows = splitOnBlank(body).map((group) => cellsOf(group, rule));
  if (rows.length === 0) return undefined;
  return {
    first: at,
    last: end,
    header: headed ? cellsOf(lines.slice(at + 1, ruleAt), rule) : [],
    rule,
    rows,
    sample: headed ? lines[at + 1]! : body.find((line) => line.trim() !== '')!,
  };
}

/** Header line / `--- ---` / one row per line until a blank line (headerless: closed by a rule). */
function simpleAt(lines: string[], at: number): Block | undefined {
  const headed = !GROUP_RULE.test(lines[at]!) && GROUP_RULE.test(lines[at + 1] ?? '');
  const ruleAt = headed ? at + 1 : at;
  if (!GROUP_RULE.test(lines[ruleAt] ?? '')) return undefined;
  let end = ruleAt + 1;
  while (end < lines.length && lines[end]!.trim() !== '') end += 1;
  let last = end - 1;
  const rule = lines[ruleAt]!;
  if (!headed) {
    // A headerless simple table ends with a dashed line of its own.
    if (last <= ruleAt + 1 || !/^ {0,3}-[- ]*$/.test(lines[last]!)) return undefined;
    last = end - 1;
  }
  const rowLines = lines.slice(ruleAt + 1, headed ? end : last);
  if (rowLines.length === 0) return undefined;
  return {
    first: at,
    last,
    header: headed ? cellsOf([lines[at]!], rule) : [],
    rule,
    rows: rowLines.map((line) => cellsOf([line], rule)),
    sample: headed ? lines[at]! : rowLines[0]!,
  };
}

function splitOnBlank(lines: string[]): string[][] {
  const groups: string[][] = [[]];
  for (const line of lines) {
    if (line.trim() === '') groups.push([]);
    else groups.at(-1)!.push(line);
  }
  return groups.filter((g) => g.length > 0);
}

/**
 * Where each column ends: where the next column's dashes start, as Pandoc counts a column's width as
 * its dashes and the spaces after them (a cell's text may run one past its dashes: "Number of" over
 * `---------`). The last runs to the end of the line.
 */
function columnEnds(rule: string): number[] {
  const starts = [...rule.matchAll(/-+/g)].map((m) => m.index);
  return [...starts.slice(1), Number.POSITIVE_INFINITY];
}

/** The text of each column over one or more lines (a multiline cell's lines joined). */
function cellsOf(lines: string[], rule: string): string[] {
  const ends = columnEnds(rule);
  return ends.map((end, c) => {
    const start = c === 0 ? 0 : ends[c - 1]!;
    return lines
      .map((line) => line.slice(start, end).trim())
      .filter(Boolean)
      .join('\n');
  });
}

/** Pandoc's alignment: where the sample line's text stands against each column's dashes. */
function alignments(block: Block): Align[] {
  return [...block.rule.matchAll(/-+/g)].map((m) => {
    const from = m.index;
    const to = from + m[0].length;
    // The text may start one column left of the dashes or end one right of them (Pandoc's slack).
    const window = Math.max(0, from - 1);
    const text = /\S(?:.*\S)?/.exec(block.sample.slice(window, to + 1));
    if (!text) return null;
    const start = window + text.index;
    const end = start + text[0].length;
    const left = start <= from;
    const right = end >= to;
    if (left === right) return left ? null : 'center';
    return left ? 'left' : 'right';
  });
}

/** The blocks hidden from micromark as same-length HTML comments. */
export function hideBlocks(lines: string[], blocks: Block[]): string[] {
  const out = [...lines];
  for (const block of blocks) {
    const first = out[block.first]!;
    const last = out[block.last]!;
    const inner = lines.slice(block.first, block.last + 1).join('\n');
    if (
      inner.includes('-->') ||
      first.length < 4 ||
      last.length < 3 ||
      (block.first === block.last && first.length < 7)
    )
      continue;
    out[block.first] = `<!--${first.slice(4)}`;
    out[block.last] = `${out[block.last]!.slice(0, -3)}-->`;
  }
  return out;
}

function replaceComments(tree: Root, blocks: Block[], inline: (text: string) => PhrasingContent[]): void {
  const byLine = new Map(blocks.map((b) => [b.first + 1, b]));
  visit(tree, 'html', (node: Html, index, parent) => {
    const block = byLine.get(node.position?.start.line ?? 0);
    if (!block || !parent || index === undefined || !node.value.startsWith('<!--')) return;
    parent.children[index] = toTable(block, node, inline);
  });
}

/** A headerless table's first row stands as its header (mdast tables always have one). */
function toTable(block: Block, node: Html, inline: (text: string) => PhrasingContent[]): Table {
  const row = (cells: string[]): TableRow => ({
    type: 'tableRow',
    children: cells.map((text): TableCell => ({ type: 'tableCell', children: text ? inline(text) : [] })),
  });
  const rows = [...(block.header.length > 0 ? [block.header] : []), ...block.rows];
  return { type: 'table', align: alignments(block), children: rows.map(row), position: node.position };
}

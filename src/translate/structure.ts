// A translation must stay the one block its source segment is, with the same bold, italic and
// struck-out spans: a blank line (Shift+Enter twice in a CAT tool), a `- ` or `# ` at a line start,
// `:::`, front matter or raw HTML would change the file's blocks once written, and every translation
// of the file would then show as untranslated (its record no longer matches); an unclosed `**` would
// print literally. Source and translation are parsed alike, by the pipeline's own parser, and
// compared: whatever the source's Markdown is, the translation must make the same kinds of nodes.
import type { Nodes, Root } from 'mdast';
import { createParser } from '../pipeline/parser.js';
import type { SegmentKind } from './segments.js';

const BLOCK_WORDS: Record<string, string> = {
  paragraph: 'a new paragraph (a blank line)',
  list: 'a list (`-`, `*`, `+` or `1.` at the start of a line)',
  heading: 'a heading (`#` at the start of a line, or a line of `---` or `===` under text)',
  thematicBreak: 'a rule (a line of `---`, `***` or `___`)',
  code: 'a code block (a line indented by four spaces, or a ``` fence)',
  blockquote: 'a quotation (`>` at the start of a line)',
  html: 'raw HTML',
  yaml: 'front matter (`---` on the first line)',
  containerDirective: 'a callout box (`:::` at the start of a line)',
  leafDirective: 'a directive (`::` at the start of a line)',
  table: 'a table',
  footnoteDefinition: 'a note definition (`[^name]:` at the start of a line)',
  definition: 'a link definition (`[label]: url` at the start of a line)',
};

const INLINE_WORDS: Record<string, string> = {
  strong: 'bold (`**…**`)',
  emphasis: 'italic (`*…*` or `_…_`)',
  delete: 'struck-out (`~~…~~`)',
  html: 'raw HTML (`<…>`)',
};

/** Why `translation` would not stay the block `source` is (kind: what the segment is), or undefined. */
export function structureProblem(kind: SegmentKind, source: string, translation: string): string | undefined {
  // YAML values (edition.yaml, strings.yaml, the front matter `short`) are written by the YAML library.
  if (kind === 'value' || kind === 'short') return undefined;
  const text = translation.replace(/\r\n?/g, '\n');
  if ((kind === 'heading' || kind === 'cell') && text.includes('\n') && !source.includes('\n'))
    return `has a line break, which would end the ${kind === 'heading' ? 'heading' : 'table row'}`;
  if (kind === 'cell' && pipes(text) !== pipes(source))
    return 'has a `|`, which would split the table cell (write `\\|` for a bar)';
  if (/\n[ \t]*\n/.test(text.trim()) && !/\n[ \t]*\n/.test(source.trim()))
    return 'has a blank line, which would start a new paragraph';
  if (/(?:^|\n)[ \t]*:::/.test(text) && !/(?:^|\n)[ \t]*:::/.test(source))
    return 'has `:::` at the start of a line, which would open or close a callout box';
  const wrap = (t: string) => (kind === 'heading' || kind === 'cell' ? `# ${t}` : t);
  const want = parse(wrap(source));
  const have = parse(wrap(text));
  const wantBlocks = want.children.map((n) => n.type);
  const haveBlocks = have.children.map((n) => n.type);
  const at = Math.max(wantBlocks.length, haveBlocks.length);
  const differs = Array.from({ length: at }, (_, i) => i).find((i) => wantBlocks[i] !== haveBlocks[i]);
  if (differs !== undefined) {
    const extra = haveBlocks[differs];
    const what = extra === undefined ? 'fewer blocks than its source' : (BLOCK_WORDS[extra] ?? `a ${extra}`);
    return `would make ${what} in the Markdown: keep it one ${kind === 'cell' ? 'table cell' : kind === 'heading' ? 'heading' : 'paragraph'}`;
  }
  const wantInline = inlineCounts(want);
  const haveInline = inlineCounts(have);
  for (const [type, words] of Object.entries(INLINE_WORDS)) {
    const a = wantInline.get(type) ?? 0;
    const b = haveInline.get(type) ?? 0;
    if (a === b) continue;
    if (type === 'html') return 'has raw HTML, which Briefing refuses (write the text without tags)';
    return `has ${b} ${words} span${b === 1 ? '' : 's'} where the source has ${a}`;
  }
  // A `**` without its pair is no span at all: the parser leaves it as text, and it would print.
  const stray = literalMarkers(have) - literalMarkers(want);
  if (stray > 0) return 'has a `**`, `__` or `~~` that opens or closes nothing: it would print literally';
  return undefined;
}

function literalMarkers(tree: Root): number {
  let count = 0;
  const visit = (node: Nodes) => {
    if (node.type === 'text') count += node.value.match(/\*\*|__|~~/g)?.length ?? 0;
    if ('children' in node) for (const child of node.children) visit(child);
  };
  for (const child of tree.children) visit(child);
  return count;
}

function parse(markdown: string): Root {
  return createParser().parse(markdown);
}

function inlineCounts(tree: Root): Map<string, number> {
  const counts = new Map<string, number>();
  const visit = (node: Nodes) => {
    // HTML comments are allowed (dropped by the pipeline); other raw HTML is not.
    if (!(node.type === 'html' && /^<!--/.test(node.value))) counts.set(node.type, (counts.get(node.type) ?? 0) + 1);
    if ('children' in node) for (const child of node.children) visit(child);
  };
  for (const child of tree.children) visit(child);
  return counts;
}

/** Unescaped `|` outside code spans (what GFM splits a row at). */
function pipes(text: string): number {
  return text.replace(/`[^`]*`/g, '').match(/(?<!\\)\|/g)?.length ?? 0;
}

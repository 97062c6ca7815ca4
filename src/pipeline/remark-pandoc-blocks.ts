// Pandoc's block extensions that CommonMark reads as plain paragraphs: line blocks (`| ` lines, for
// addresses and verse: each line kept, leading spaces too) and the `%` title block (title, authors,
// date on the first lines), which goes to the file's metadata like front matter.
import type { Break, PhrasingContent, Root, Text } from 'mdast';
import type { VFile } from 'vfile';

import { visit } from 'unist-util-visit';

const LINE_BLOCK_LINE = /^[ \t]*\|(?: |$)/;

export default function remarkPandocBlocks() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value);
    titleBlock(tree, file, source);
    visit(tree, 'paragraph', (paragraph) => {
      const start = paragraph.position?.start.offset;
      const end = paragraph.position?.end.offset;
      if (start === undefined || end === undefined) return;
      const raw = source.slice(start, end);
      if (!raw.startsWith('|') || !raw.split('\n').every((line) => LINE_BLOCK_LINE.test(line))) return;
      paragraph.children = lineBlock(paragraph.children);
      paragraph.data = { ...paragraph.data, hProperties: { className: ['line-block'] } };
    });
  };
}

/** `| line` → the line, each ended by a break; a line's leading spaces kept as no-break spaces. */
function lineBlock(children: PhrasingContent[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let atLineStart = true;
  for (const child of children) {
    if (child.type !== 'text') {
      out.push(child);
      atLineStart = false;
      continue;
    }
    child.value.split('\n').forEach((line, i) => {
      if (i > 0) {
        out.push({ type: 'break' } satisfies Break);
        atLineStart = true;
      }
      const text = atLineStart
        ? line.replace(/^[ \t]*\|(?: |$)/, '').replace(/^ +/, (s) => '\u00a0'.repeat(s.length))
        : line;
      if (text !== '') out.push({ type: 'text', value: text, position: child.position } satisfies Text);
      atLineStart = false;
    });
  }
  return out;
}

/** `% Title` / `% Author; Author` / `% Date` first in the file → file.data.matter, and out of the text. */
function titleBlock(tree: Root, file: VFile, source: string): void {
  const first = tree.children[0];
  if (first?.type !== 'paragraph' || first.position?.start.offset === undefined) return;
  const raw = source.slice(first.position.start.offset, first.position.end.offset);
  if (!raw.startsWith('%')) return;
  const lines = raw.split('\n').filter((line) => line.startsWith('%'));
  const [title, authors, date] = lines.map((line) => line.replace(/^%\s*/, '').trim());
  const matter = { ...file.data.matter };
  if (title && matter.title === undefined) matter.title = title;
  if (authors && matter.author === undefined)
    matter.author = authors
      .split(';')
      .map((a) => a.trim())
      .filter(Boolean);
  if (date && matter.date === undefined) matter.date = date;
  file.data.matter = matter;
  file.data.matterPosition ??= first.position;
  tree.children.shift();
}

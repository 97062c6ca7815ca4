// Every node gets a position, so every message has a line: some syntax extensions build nodes without
// one (GFM literal autolinks such as `www.example.org` or `https://…` in running text are made by a
// find-and-replace after parsing). A node without a position is placed where its text stands in the
// source, searched from the end of the sibling before it; failing that, at that point.
// Done as part of parsing (the parser is wrapped), since sources.md's note definitions are checked
// on the parsed tree before any transformer runs.
import type { Root } from 'mdast';
import type { Parent, Position } from 'unist';
import type { Processor } from 'unified';
import type { VFile } from 'vfile';
import { toString } from 'mdast-util-to-string';
import { pointsIn } from '../positions.js';

export default function remarkPositions(this: Processor) {
  const parse = this.parser;
  if (!parse) throw new Error('remark-positions must come after remark-parse');
  this.parser = (document: string, file: VFile) => {
    const tree = parse(document, file) as Root;
    fillPositions(tree, file);
    return tree;
  };
}

export function fillPositions(tree: Root, file: VFile): void {
  const source = String(file.value);
  const point = pointsIn(source);

  const walk = (parent: Parent, span: Position): void => {
    let cursor = span.start.offset ?? 0;
    const end = span.end.offset ?? source.length;
    for (const child of parent.children) {
      if (!child.position) {
        const text = toString(child);
        const at = text ? source.indexOf(text, cursor) : -1;
        child.position =
          at !== -1 && at + text.length <= end
            ? { start: point(at), end: point(at + text.length) }
            : { start: point(cursor), end: point(cursor) };
      }
      if ('children' in child) walk(child as Parent, child.position);
      cursor = Math.max(cursor, child.position.end.offset ?? cursor);
    }
  };
  walk(tree, tree.position ?? { start: point(0), end: point(source.length) });
}

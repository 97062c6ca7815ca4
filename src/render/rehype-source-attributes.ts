// Print: each block's source position (node.data.source, see pipeline/source-stamps.ts) written as a
// data-source attribute, for the layout check to name file:line. Never in the web edition. The path is
// written relative to the content folder (`root`): the same content gives the same HTML and PDF bytes
// wherever it is checked out; `sourcePosition` turns it back into the file a message names.
import path from 'node:path';
import type { Root } from 'hast';
import { visit } from 'unist-util-visit';

export interface SourceAttributeOptions {
  /** The content folder; undefined: the path is written as it is. */
  root?: string;
}

export default function rehypeSourceAttributes({ root }: SourceAttributeOptions = {}) {
  return (tree: Root) => {
    visit(tree, 'element', (node) => {
      const source = node.data?.source;
      if (source) node.properties.dataSource = root === undefined ? source : relativeSource(source, root);
    });
  };
}

/** `path:line:column` with the path relative to `root`, in / separators (the same on every system). */
function relativeSource(source: string, root: string): string {
  const at = /^(.*)(:\d+:\d+)$/.exec(source);
  if (!at) return source;
  return path.relative(root, at[1]!).split(path.sep).join('/') + at[2]!;
}

/** A data-source value as a message's file, line and column: its path resolved against `root`. */
export function sourcePosition(
  source: string | undefined,
  root: string | undefined,
): { file: string; line: number; column: number } | undefined {
  const at = source ? /^(.*):(\d+):(\d+)$/.exec(source) : null;
  if (!at) return undefined;
  const file = root === undefined ? at[1]! : path.resolve(root, at[1]!);
  return { file, line: Number(at[2]), column: Number(at[3]) };
}

// Print: each block's source position (node.data.source, see pipeline/source-stamps.ts) written as a
// data-source attribute, for the layout check to name file:line. Never in the web edition. The path is
// written relative to the content folder (`root`): the same content gives the same HTML and PDF bytes
// wherever it is checked out; `sourcePosition` turns it back into the file a message names.
import path from 'node:path';
import type { Root } from 'hast';
import { eachElement } from '../hast-walk.js';

export interface SourceAttributeOptions {
  /** The content folder; undefined: the path is written as it is. */
  root?: string;
}

export default function rehypeSourceAttributes({ root }: SourceAttributeOptions = {}) {
  return (tree: Root) => {
    // Each file's path made relative once: path.relative resolves both paths on every call, and
    // every element from the file (each citation's span and link) has a position.
    const relative = new Map<string, string>();
    eachElement(tree, (node) => {
      const source = node.data?.source;
      if (source) node.properties.dataSource = root === undefined ? source : relativeSource(source, root, relative);
    });
  };
}

/** `path:line:column` with the path relative to `root`, in / separators (the same on every system). */
function relativeSource(source: string, root: string, relative: Map<string, string>): string {
  const at = /^(.*)(:\d+:\d+)$/.exec(source);
  if (!at) return source;
  const file = at[1]!;
  let made = relative.get(file);
  if (made === undefined) {
    made = path.relative(root, file).split(path.sep).join('/');
    relative.set(file, made);
  }
  return made + at[2]!;
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

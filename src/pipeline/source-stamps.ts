// Where each block of the edition comes from, kept on the hast node (node.data.source, not an
// attribute: the web edition stays clean). The print renderer writes it out as data-source, so the
// layout check after printing can name the file:line of what it finds (print/layout-check.ts).
import type { Root } from 'hast';
import { eachElement } from '../hast-walk.js';

declare module 'hast' {
  interface Data {
    /** `path:line:column` of the Markdown that made this element. */
    source?: string;
  }
}

/** The elements a layout problem can be pinned on. */
const BLOCKS = new Set([
  'p',
  'figure',
  'table',
  'aside',
  'pre',
  'ul',
  'ol',
  'blockquote',
  'h1',
  'h2',
  'h3',
  'h4',
  'img',
]);

export function stampSources(tree: Root, file: string): void {
  eachElement(tree, (node) => {
    const start = node.position?.start;
    if (!start || !BLOCKS.has(node.tagName)) return;
    const data = (node.data ?? {}) as NonNullable<typeof node.data>;
    data.source = `${file}:${start.line}:${start.column}`;
    node.data = data;
  });
}

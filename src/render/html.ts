// hast of a chapter → HTML for one medium. The print medium gets its own transforms (sidebar order,
// hyphenation) so the web edition keeps the content's reading order and clean text.
import { unified } from 'unified';
import rehypeStringify from 'rehype-stringify';
import type { Root } from 'hast';
import rehypeSidebarOrder from './rehype-sidebar-order.js';

export type Medium = 'print' | 'screen';

const screen = unified().use(rehypeStringify);
const print = unified().use(rehypeSidebarOrder).use(rehypeStringify);

export function chapterHtml(tree: Root, medium: Medium): string {
  const processor = medium === 'print' ? print : screen;
  // Transforms mutate: work on a copy so both media can be rendered from one tree.
  const copy = structuredClone(tree);
  return processor.stringify(processor.runSync(copy) as Root);
}

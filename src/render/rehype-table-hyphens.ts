// Print: the cells of a table with many columns get soft hyphens (rehype-hyphenate leaves table cells
// alone: in a table that fits, a hyphen only hurts reading). Such a table is set across the whole
// text area in small type (src/print/layout-check.ts, fitTables); a word longer than its column is
// then hyphenated at a syllable (Indi-cator) instead of being cut at any letter (Ind/icat/or).
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { eachElement } from '../hast-walk.js';
import { hyphenateText, type HyphenationCache } from './rehype-hyphenate.js';

/** From this many columns a table may not fit the text column at its natural width. */
export const MANY_COLUMNS = 8;

function columns(table: Element): number {
  let count = 0;
  eachElement(table, (node: Element) => {
    if (node.tagName !== 'tr') return;
    count = Math.max(count, node.children.filter((c) => c.type === 'element').length);
  });
  return count;
}

/** `cache`: the run's hyphenated texts (a rebuild then needs no patterns for the cells either). */
export default function rehypeTableHyphens(options: {
  lang: string;
  exceptions?: readonly string[];
  cache?: HyphenationCache;
}) {
  return (tree: Root) => {
    eachElement(tree, (table: Element) => {
      if (table.tagName !== 'table' || columns(table) < MANY_COLUMNS) return;
      visit(table, 'element', (cell: Element) => {
        if (cell.tagName !== 'td' && cell.tagName !== 'th') return;
        visit(cell, 'text', (text) => {
          text.value = hyphenateText(text.value, {
            lang: options.lang,
            exceptions: options.exceptions,
            minWordLength: 8,
            cache: options.cache,
          });
        });
      });
    });
  };
}

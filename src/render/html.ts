// hast of a chapter → HTML for one medium. The print medium gets its own transforms (sidebar order,
// hyphenation) so the web edition keeps the content's reading order and clean, searchable text.
import { unified } from 'unified';
import rehypeStringify from 'rehype-stringify';
import type { Root } from 'hast';
import rehypeSidebarOrder from './rehype-sidebar-order.js';
import rehypeHyphenate, { HyphenationCache } from './rehype-hyphenate.js';
import rehypeWebOutline from './rehype-web-outline.js';
import rehypeCalloutGroups from './rehype-callout-groups.js';
import rehypeSourceAttributes from './rehype-source-attributes.js';
import rehypePrintOpen from './rehype-print-open.js';
import rehypeUrlBreaks from './rehype-url-breaks.js';
import rehypeTableHyphens from './rehype-table-hyphens.js';
import rehypeLangSpans from './rehype-lang-spans.js';
import rehypeScrollFocus from './rehype-scroll-focus.js';
import rehypeWebPageRefs from './rehype-web-page-refs.js';
import { sanitizeChapter } from './sanitize.js';
import { copyTree } from '../hast-copy.js';

export type Medium = 'print' | 'screen';

// The web edition's chapters go through our schema (sanitize.ts) as trees, before they become HTML.
const screen = unified()
  .use(rehypeWebPageRefs)
  .use(rehypeWebOutline)
  .use(rehypeCalloutGroups)
  .use(rehypeScrollFocus)
  .use(() => sanitizeChapter)
  .use(rehypeStringify);
const makePrinter = (lang: string, cache: HyphenationCache, exceptions: readonly string[], root?: string) =>
  unified()
    .use(rehypeSidebarOrder)
    .use(rehypePrintOpen)
    .use(rehypeHyphenate, { lang, cache, exceptions })
    .use(rehypeTableHyphens, { lang, exceptions, cache })
    .use(rehypeUrlBreaks)
    .use(rehypeLangSpans)
    .use(rehypeSourceAttributes, { root })
    .use(rehypeStringify);

/** The print processors of one HyphenationCache (one run), by language, hyphenation exceptions and root. */
const printers = new WeakMap<HyphenationCache, Map<string, ReturnType<typeof makePrinter>>>();

function printProcessor(lang: string, cache: HyphenationCache, exceptions: readonly string[], root?: string) {
  const mine = printers.get(cache) ?? new Map<string, ReturnType<typeof makePrinter>>();
  printers.set(cache, mine);
  const key = `${lang}\0${exceptions.join(' ')}\0${root ?? ''}`;
  let processor = mine.get(key);
  if (!processor) {
    processor = makePrinter(lang, cache, exceptions, root);
    mine.set(key, processor);
  }
  return processor;
}

/**
 * `hyphenation`: the run's hyphenated texts (print only; default: this call's, in memory);
 * `exceptions`: the words the edition's settings break by hand for `lang` (print only);
 * `sourceRoot`: the content folder, which print's data-source paths are relative to.
 */
export function chapterHtml(
  tree: Root,
  medium: Medium,
  lang: string,
  hyphenation: HyphenationCache = new HyphenationCache(undefined),
  exceptions: readonly string[] = [],
  sourceRoot?: string,
): string {
  const processor = medium === 'print' ? printProcessor(lang, hyphenation, exceptions, sourceRoot) : screen;
  // Transforms mutate: work on a copy so both media can be rendered from one tree.
  const copy = copyTree(tree);
  return processor.stringify(processor.runSync(copy) as Root);
}

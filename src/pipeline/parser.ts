// Markdown → mdast: remark-parse with GFM, directives and front matter, and a position on every node.
// Loaded only when a file is not in the parse cache (parse-cache.ts): its modules (micromark and
// its extensions) take about 0.15 s to import, which a rebuild or a `check` from cache never pays.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkDirective from 'remark-directive';
import remarkPositions from './remark-positions.js';

export function createParser() {
  return unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkGfm)
    .use(remarkDirective)
    .use(remarkPositions) // wraps the parser: every node has a position from the start
    .freeze();
}

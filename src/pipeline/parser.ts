// Markdown → mdast: remark-parse with GFM, directives and front matter, and a position on every node.
// Loaded only when a file is not in the parse cache (parse-cache.ts): its modules (micromark and
// its extensions) take about 0.15 s to import, which a rebuild or a `check` from cache never pays.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfmAsNeeded from './parser-gfm.js';
import remarkDirective from 'remark-directive';
import remarkMath from 'remark-math';
import { remarkDefinitionList } from 'remark-definition-list';
import remarkGridTables from '@adobe/remark-gridtables';
import remarkPositions from './remark-positions.js';
import remarkFencedDivs from './remark-fenced-divs.js';
import remarkFancyLists from './remark-fancy-lists.js';
import remarkPandocTables from './remark-pandoc-tables.js';
import remarkRawTexSyntax from './raw-tex-syntax.js';
import mystSyntax from './myst-syntax.js';

/**
 * The syntax Briefing reads: CommonMark, GFM (tables, footnotes, strikethrough with `~~` only, so
 * that `H~2~O` stays Pandoc's subscript), directives and Pandoc's fenced divs, fancy list markers, `$…$`/`$$…$$` math,
 * raw TeX, definition lists, grid tables and Pandoc's simple and multiline tables, and MyST's directives.
 */
export function createParser() {
  return unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkGfmAsNeeded, { singleTilde: false }) // remark-gfm's GFM, autolinks only where there may be some
    .use(remarkDirective)
    .use(remarkMath)
    .use(remarkDefinitionList)
    .use(remarkGridTables)
    .use(remarkRawTexSyntax) // Pandoc's raw TeX (`\newpage`, `\textit{…}`) as rawTex nodes
    .use(remarkFencedDivs) // wraps the parser: Pandoc's `::: {.class}` read as directives
    .use(remarkFancyLists) // wraps the parser: Pandoc's `a.`, `(iv)` list markers read as lists
    .use(remarkPandocTables) // wraps the parser: Pandoc's simple and multiline tables
    .use(mystSyntax) // wraps the parser: MyST's ```` ```{note} ```` and `:::{note}` directives as mystDirective nodes
    .use(remarkPositions) // wraps the parser: every node has a position from the start
    .freeze();
}

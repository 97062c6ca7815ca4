// Pandoc's rule for `$…$` math, so prices stay prices: the opening `$` must have a non-space right
// after it, the closing `$` a non-space right before it, no backslash escaping it and no digit right
// after it ("costs $5 and $10" is text; so is "$73 … 23\$"). remark-math reads those as math; such a
// node is read again as ordinary Markdown (its emphasis and code kept, `\$` a dollar sign). GitHub's
// $`…`$ is math without its backticks.
import type { PhrasingContent, Root } from 'mdast';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';

export default function remarkMathDollars() {
  return async (tree: Root, file: VFile) => {
    const source = String(file.value);
    const rejected: Array<{ parent: { children: PhrasingContent[] }; index: number; raw: string }> = [];
    visit(tree, 'inlineMath', (node, index, parent) => {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start === undefined || end === undefined || !parent || index === undefined) return undefined;
      const raw = source.slice(start, end);
      // GitHub's own inline math, $`a^2`$: the backticks are delimiters, not part of the formula.
      const github = /^\$`([^`]+)`\$$/.exec(raw);
      if (github) {
        node.value = github[1]!;
        // mdast-util-math put the text in the hast to be made as it parsed: that text too.
        if (node.data?.hChildren) node.data.hChildren = [{ type: 'text', value: node.value }];
        return undefined;
      }
      if (!raw.startsWith('$') || raw.startsWith('$$') || isPandocMath(node.value, source.slice(end, end + 1)))
        return undefined;
      rejected.push({ parent: parent as { children: PhrasingContent[] }, index, raw });
      return SKIP;
    });
    if (rejected.length === 0) return;
    // Loaded only when a `$` was not math: micromark is not needed on a rebuild from the parse cache.
    const { fromMarkdown } = await import('mdast-util-from-markdown');
    // Last first, so the indexes of the earlier ones in the same parent stay true.
    for (const { parent, index, raw } of rejected.reverse()) {
      const position = parent.children[index]!.position;
      const paragraph = fromMarkdown(raw).children[0];
      const inline = paragraph?.type === 'paragraph' ? paragraph.children : [{ type: 'text' as const, value: raw }];
      visit({ type: 'root', children: inline } as Root, (n) => void (n.position = position));
      parent.children.splice(index, 1, ...inline);
    }
  };
}

/** Pandoc's test: no space inside either `$`, the closing one not escaped, no digit after it. */
function isPandocMath(value: string, after: string): boolean {
  const escapedClose = /(^|[^\\])(\\\\)*\\$/.test(value);
  return value !== '' && !/^\s/.test(value) && !/\s$/.test(value) && !escapedClose && !/^\d/.test(after);
}

// Pandoc's rule for `$…$` math, so prices stay prices: the opening `$` must have a non-space right
// after it, the closing `$` a non-space right before it and no digit right after it ("costs $5 and
// $10" is text). remark-math reads `$5 and $` as math; such a node is turned back into its source text.
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';

export default function remarkMathDollars() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value);
    visit(tree, 'inlineMath', (node, index, parent) => {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start === undefined || end === undefined || !parent || index === undefined) return undefined;
      const raw = source.slice(start, end);
      const single = raw.startsWith('$') && !raw.startsWith('$$');
      if (!single) return undefined;
      const value = node.value;
      const pandocMath =
        value !== '' && !/^\s/.test(value) && !/\s$/.test(value) && !/^\d/.test(source.slice(end, end + 1));
      if (pandocMath) return undefined;
      parent.children.splice(index, 1, { type: 'text', value: raw, position: node.position });
      return [SKIP, index + 1];
    });
  };
}

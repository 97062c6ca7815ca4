// Print: each block's source position (node.data.source, see pipeline/source-stamps.ts) written as a
// data-source attribute, for the layout check to name file:line. Never in the web edition.
import type { Root } from 'hast';
import { visit } from 'unist-util-visit';

export default function rehypeSourceAttributes() {
  return (tree: Root) => {
    visit(tree, 'element', (node) => {
      if (node.data?.source) node.properties.dataSource = node.data.source;
    });
  };
}

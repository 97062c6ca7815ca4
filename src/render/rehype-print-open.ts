// Print: paper cannot be clicked open, so every <details> is printed open (its summary and its text).
import type { Root } from 'hast';
import { visit } from 'unist-util-visit';

export default function rehypePrintOpen() {
  return (tree: Root) => {
    visit(tree, 'element', (node) => {
      if (node.tagName === 'details') node.properties.open = true;
    });
  };
}

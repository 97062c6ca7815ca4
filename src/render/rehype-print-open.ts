// Print: paper cannot be clicked open, so every <details> is printed open (its summary and its text).
import type { Root } from 'hast';
import { eachElement } from '../hast-walk.js';

export default function rehypePrintOpen() {
  return (tree: Root) => {
    eachElement(tree, (node) => {
      if (node.tagName === 'details') node.properties.open = true;
    });
  };
}

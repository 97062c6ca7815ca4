// Web: tables and code blocks scroll sideways when wider than the column (screen.css), and a region
// that scrolls must be reachable from the keyboard (WCAG 2.1.1; axe's scrollable-region-focusable):
// each takes focus (tabindex 0), so arrow keys scroll it. Print has no scrolling: not there.
import type { Root } from 'hast';
import { eachElement } from '../hast-walk.js';

const SCROLLING = new Set(['table', 'pre']);

export default function rehypeScrollFocus() {
  return (tree: Root) => {
    eachElement(tree, (node) => {
      const classes = node.properties.className;
      const math = Array.isArray(classes) && classes.includes('math-display');
      if ((SCROLLING.has(node.tagName) || math) && node.properties.tabIndex === undefined) node.properties.tabIndex = 0;
    });
  };
}

// The web edition is one page whose h1 is the edition's title (the cover). Chapters therefore become
// h2 and sections h3 there, so the heading outline nests: title › contents, title › chapter › section.
// The print edition keeps h1 chapters (each starts a page; the PDF outline is built from them).
import type { Root } from 'hast';
import { eachElement } from '../hast-walk.js';

const LEVEL = /^h([1-5])$/;

export default function rehypeWebOutline() {
  return (tree: Root) => {
    eachElement(tree, (node) => {
      const level = LEVEL.exec(node.tagName)?.[1];
      if (level) node.tagName = `h${Number(level) + 1}`;
    });
  };
}

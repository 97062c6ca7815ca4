// Fenced code with a language, highlighted by rehype-highlight (highlight.js's common languages).
// highlight.js is ~1 MB of code: it is loaded only for a document that has such a fence, so a report
// without code does not pay for compiling it on every build. A language highlight.js does not know
// (`http`, `abnf`) is printed as plain code, its text whole: not worth a warning without a fix, which
// rehype-highlight would give.
import type { Root } from 'hast';
import type { VFile } from 'vfile';
import { classAttribute, someElement } from '../hast-classes.js';

export default function rehypeCodeHighlight() {
  return async (tree: Root, file: VFile) => {
    // (`code[class*="language-"]`, asked without a selector: see hast-classes.ts.)
    if (!someElement(tree, (node) => node.tagName === 'code' && classAttribute(node).includes('language-'))) return;
    const { default: rehypeHighlight } = await import('rehype-highlight');
    // Only fenced code with a language is highlighted: guessing one would colour prose.
    rehypeHighlight({ detect: false })(tree, file);
    file.messages = file.messages.filter((m) => m.source !== 'rehype-highlight');
  };
}

// Content is Markdown only: raw HTML is an error (it could carry scripts into the PDF and the web
// edition); HTML comments are editors' notes and are dropped.
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';
import { report } from './data.js';
import { RULES } from '../rules.js';

// Each comment on its own: `<!-- a --><script>…</script><!-- b -->` is a script between two comments.
// `--!>` also ends a comment in browsers; an unclosed `<!--` runs to the end of the node.
const COMMENTS = /<!--[\s\S]*?(?:--!?>|$)/g;

export default function remarkRawHtml() {
  return (tree: Root, file: VFile) => {
    // The closing tag of an element already reported (`</script>` after `<script>`) is not reported again.
    const opened = new WeakMap<object, Set<string>>();
    visit(tree, 'html', (node, index, parent) => {
      const closing = /^\s*<\/\s*([a-zA-Z][\w-]*)\s*>\s*$/.exec(node.value)?.[1]?.toLowerCase();
      const seen = parent ? (opened.get(parent) ?? new Set<string>()) : new Set<string>();
      if (parent) opened.set(parent, seen);
      const outsideComments = node.value.replace(COMMENTS, '');
      if (outsideComments.trim() !== '' && !(closing && seen.has(closing))) {
        const tag = /<\/?\s*([a-zA-Z][\w-]*)/.exec(outsideComments)?.[1];
        if (tag) seen.add(tag.toLowerCase());
        const handler = /[\s/"'](on[a-z]+)\s*=/i.exec(outsideComments)?.[1];
        const scheme = /\b(javascript|vbscript|data)\s*:/i.exec(outsideComments)?.[1];
        const detail = handler
          ? ` with an event handler (${handler.toLowerCase()}=)`
          : scheme
            ? ` with a ${scheme.toLowerCase()}: URL`
            : '';
        report(
          file,
          node,
          'error',
          `raw HTML${tag ? ` <${tag}>` : ''}${detail} is not allowed in content`,
          RULES.rawHtml,
          'write it as Markdown, or escape the `<` as `\\<`',
        );
      }
      if (parent && index !== undefined) {
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      return undefined;
    });
  };
}

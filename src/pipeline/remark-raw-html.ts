// Content is Markdown only: raw HTML is an error (it could carry scripts into the PDF and the web
// edition); HTML comments are editors' notes and are dropped.
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';
import { report } from './data.js';

const COMMENT = /^\s*<!--[\s\S]*?-->\s*$/;

export default function remarkRawHtml() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'html', (node, index, parent) => {
      if (!COMMENT.test(node.value)) {
        const tag = /<\/?\s*([a-zA-Z][\w-]*)/.exec(node.value)?.[1];
        report(file, node, 'error', `raw HTML${tag ? ` <${tag}>` : ''} is not allowed in content`, 'raw-html', 'write it as Markdown, or escape the `<` as `\\<`');
      }
      if (parent && index !== undefined) {
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      return undefined;
    });
  };
}

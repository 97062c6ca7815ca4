// The raw HTML a file keeps (remark-raw-html.ts checked it against the allowlist) parsed into real
// elements by rehype-raw, only in files that have some: re-parsing a whole tree through parse5 costs
// time every other file need not pay. `<a name="x">` (old-style anchors) gets `id="x"`, so links reach it.
import type { Root } from 'hast';
import type { VFile } from 'vfile';
import { raw } from 'hast-util-raw';
import { visit, EXIT } from 'unist-util-visit';

export default function rehypeRawWhereNeeded() {
  return (tree: Root, file: VFile): Root => {
    let has = false;
    visit(tree, 'raw', () => {
      has = true;
      return EXIT;
    });
    if (!has) return tree;
    const parsed = raw(tree, { file }) as Root;
    visit(parsed, 'element', (node) => {
      if (node.tagName === 'a' && typeof node.properties.name === 'string' && node.properties.id === undefined) {
        node.properties.id = node.properties.name;
        delete node.properties.name;
      }
    });
    return parsed;
  };
}

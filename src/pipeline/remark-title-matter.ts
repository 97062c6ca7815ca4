// A page titled in its front matter, as Quarto, R Markdown and Jekyll write pages (`title: Onboarding`
// over `##` headings), opens with that title as its heading: a chapter file's `#`, a section file's
// `##`. Its own headings move down to stay below the title (Pandoc's --shift-heading-level-by): a
// section page's `##` become `###`. A page that opens by repeating its title as a heading (MkDocs
// pages often do) keeps that heading.
import type { Heading, Root } from 'mdast';
import type { VFile } from 'vfile';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';

export default function remarkTitleMatter() {
  return (tree: Root, file: VFile) => {
    const role = file.data.role;
    const title = file.data.matter?.title;
    if (!role || role.kind === 'preface' || file.data.partOfReport) return;
    if (typeof title !== 'string' || title.trim() === '') return;
    const depth = role.kind === 'section' ? 2 : 1;
    const first = tree.children[0];
    if (first?.type === 'heading' && first.depth <= depth && sameText(toString(first), title)) return;
    shiftBelow(tree, depth);
    const position = file.data.matterPosition;
    const heading: Heading = {
      type: 'heading',
      depth: depth,
      children: [{ type: 'text', value: title.trim(), position }],
      position,
    };
    tree.children.unshift(heading);
  };
}

/** Every heading moved down by the same steps, so that the highest is one level below `depth`. */
function shiftBelow(tree: Root, depth: number): void {
  let highest = 7;
  visit(tree, 'heading', (node: Heading) => {
    highest = Math.min(highest, node.depth);
  });
  const by = Math.max(0, depth + 1 - highest);
  if (by === 0) return;
  visit(tree, 'heading', (node: Heading) => {
    node.depth = Math.min(6, node.depth + by) as Heading['depth'];
  });
}

function sameText(a: string, b: string): boolean {
  const plain = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  return plain(a) === plain(b);
}

// Raw HTML that holds images, as GitHub READMEs write them (`<p align="center"><img src="images/a.png">
// <br><i>Source: …</i></p>`, `<a href="…"><img src="badge.svg"></a>`): read as the Markdown it says
// (hast-util-to-mdast), so each image and link goes through the checks and treatment of Markdown's own
// (in the content folder, inlined, scaled into the column; remote images refused) at its own line.
import type { Html, Nodes as MdastNodes, Root as MdastRoot } from 'mdast';
import type { Element, Root as HastRoot } from 'hast';
import type { Point } from 'unist';

/** The file's point at an offset (positions.ts's pointsIn). */
type PointAt = (offset: number) => Point;
import { fromHtml } from 'hast-util-from-html';
import { toMdast } from 'hast-util-to-mdast';
import { visit } from 'unist-util-visit';

/**
 * What an `<img>` may carry: its source and text, and the layout a README or a licence badge gives it
 * (`style="border-width:0"`: left to the templates, as for Markdown's images).
 */
const IMAGE_ATTRIBUTES = new Set(['src', 'alt', 'title', 'width', 'height', 'align', 'style']);

/**
 * The node read as Markdown when it holds an `<img>` and everything else in it is allowed
 * (`allowed(element)`): block HTML as its blocks, inline HTML as its phrasing. Undefined otherwise.
 */
export function imagesAsMarkdown(
  node: Html,
  { inline, allowed, point }: { inline: boolean; allowed: (element: Element) => boolean; point: PointAt },
): MdastNodes[] | undefined {
  if (!/<img[\s/>]/i.test(node.value)) return undefined;
  const hast = fromHtml(node.value, { fragment: true });
  if (!readable(hast, allowed)) return undefined;
  const mdast = toMdast(hast) as MdastRoot;
  const start = node.position?.start.offset;
  visit(mdast, (child) => {
    const at = child.position;
    const from = at?.start.offset;
    const to = at?.end.offset;
    child.position =
      start === undefined || from === undefined || to === undefined
        ? undefined
        : { start: point(start + from), end: point(start + to) };
  });
  const blocks = mdast.children;
  if (!inline) return blocks;
  // Inline HTML is one tag: its phrasing (out of a paragraph, when hast-util-to-mdast made one).
  return blocks.flatMap((block) => (block.type === 'paragraph' ? block.children : [block]));
}

/** What hast-util-to-mdast says in Markdown without losing anything (a table's merged cells, <sub>, would be). */
const SAID_IN_MARKDOWN = new Set(['p', 'div', 'br', 'a', 'i', 'em', 'b', 'strong', 'code', 'span']);

function readable(tree: HastRoot, allowed: (element: Element) => boolean): boolean {
  let images = 0;
  let ok = true;
  visit(tree, 'element', (element) => {
    if (element.tagName !== 'img') {
      ok &&= SAID_IN_MARKDOWN.has(element.tagName) && allowed(element);
      return;
    }
    images += 1;
    const src = element.properties.src;
    ok &&= typeof src === 'string' && Object.keys(element.properties).every((name) => IMAGE_ATTRIBUTES.has(name));
  });
  return ok && images > 0;
}

// Web: a callout belongs beside the paragraph it follows in the content. A float placed after that
// paragraph would sit beside the *next* one, so the paragraph and its boxes are grouped
// (<div class="with-callouts">) and screen.css lays the group out as two columns on wide screens;
// narrower screens read paragraph, then boxes, in the content's order.
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { hasClass } from '../hast-classes.js';

const isCallout = (node: RootContent | ElementContent | undefined): node is Element =>
  node?.type === 'element' && node.tagName === 'aside' && hasClass(node, 'callout');

const ANCHORS = new Set(['p', 'ul', 'ol', 'figure', 'table', 'blockquote', 'pre']);

export default function rehypeCalloutGroups() {
  return (tree: Root) => group(tree);
}

function group(parent: Root | Element): void {
  const children = parent.children as ElementContent[];
  const out: ElementContent[] = [];
  for (let i = 0; i < children.length; i += 1) {
    const child = children[i]!;
    if (child.type === 'element' && child.tagName !== 'aside') group(child);
    if (child.type !== 'element' || !ANCHORS.has(child.tagName)) {
      out.push(child);
      continue;
    }
    // The boxes right after this block (whitespace between them is dropped inside the group).
    const boxes: Element[] = [];
    let j = i + 1;
    for (; j < children.length; j += 1) {
      const next = children[j]!;
      if (next.type === 'text' && next.value.trim() === '') continue;
      if (!isCallout(next)) break;
      boxes.push(next);
    }
    if (boxes.length === 0) {
      out.push(child);
      continue;
    }
    out.push({
      type: 'element',
      tagName: 'div',
      properties: { className: ['with-callouts'] },
      children: [
        child,
        { type: 'element', tagName: 'div', properties: { className: ['callout-column'] }, children: boxes },
      ],
    });
    i = j - 1;
  }
  parent.children = out;
}

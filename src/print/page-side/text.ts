// What every step in the print page shares: the body's text nodes in document order, a letter's box,
// and whether one box sits on a lower line than another.

/** U+00AD SOFT HYPHEN, as render/rehype-hyphenate.ts inserts it. */
export const SOFT = '\u00AD';

/** The body's text nodes in document order (those `keep` takes). */
export function textNodes(keep: (node: Text) => boolean = () => true): Text[] {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (keep(n as Text)) nodes.push(n as Text);
  return nodes;
}

/** The body's text nodes that hold a soft hyphen. */
export function softHyphenated(): Text[] {
  return textNodes((node) => node.data.includes(SOFT));
}

/**
 * The last rect of the one-letter range at `at`: a range just after a line-end soft hyphen also
 * reports a rect on the line before.
 */
export function letterBox(range: Range, node: Text, at: number): DOMRect | undefined {
  range.setStart(node, at);
  range.setEnd(node, at + 1);
  const rects = range.getClientRects();
  return rects[rects.length - 1];
}

/** Whether `next` is on a lower line than `line` (lower by more than half the line's height). */
export function isBelow(line: DOMRect | undefined, next: DOMRect | undefined): boolean {
  return Boolean(line && next && next.top - line.top > line.height / 2);
}

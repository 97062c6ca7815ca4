// A paragraph the translator has not translated yet (the source text stands in a translated file,
// found by translate/stale.ts and given as `file.data.untranslated`) falls back block by block: it is
// printed as the source wrote it, marked `class="untranslated"` with the source's `lang`, so screen
// readers, the PDF's /Lang, hyphenation and typography all treat it as the source language.
import type { Root, Node, Parent } from 'mdast';
import type { VFile } from 'vfile';

declare module 'vfile' {
  interface DataMap {
    /** Blocks of a translated file still in the source language: where they start, and that language. */
    untranslated: { lang: string; places: ReadonlyArray<{ line: number; column: number }> };
  }
}

const BLOCKS = new Set(['paragraph', 'heading', 'tableCell']);

function mark(node: Node, lang: string): void {
  const data = (node.data ??= {}) as { hProperties?: Record<string, unknown> };
  const className = data.hProperties?.className;
  data.hProperties = {
    ...data.hProperties,
    lang,
    className: [...(Array.isArray(className) ? (className as string[]) : []), 'untranslated'],
  };
}

export default function remarkUntranslated() {
  return (tree: Root, file: VFile) => {
    const untranslated = file.data.untranslated;
    if (!untranslated || untranslated.places.length === 0) return;
    // A table row holds several cells on one line: a cell is named when the place falls inside it.
    const named = (node: Node) =>
      untranslated.places.some(({ line, column }) => {
        const { start, end } = node.position ?? {};
        if (!start || !end || start.line !== line) return false;
        return node.type !== 'tableCell' || (start.column <= column && column < end.column);
      });
    // `pending`: a block's line named a container (a callout's `:::` line): its first block is the text.
    const walk = (node: Node, pending: boolean) => {
      const here = pending || named(node);
      // An item of one paragraph prints as <li> alone in a tight list (no <p> to carry the mark).
      const whole = node.type === 'listItem' && (node as Parent).children.length === 1;
      if ((BLOCKS.has(node.type) || whole) && here) {
        mark(node, untranslated.lang);
        return false;
      }
      if (!('children' in node)) return pending;
      let open = here;
      for (const child of (node as Parent).children) open = walk(child, open);
      return pending && open;
    };
    walk(tree, false);
  };
}

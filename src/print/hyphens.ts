// Soft hyphens (inserted at render time, see render/rehype-hyphenate.ts) give justified print text
// good line breaks, but Chromium writes every one of them into the PDF text layer, so whole-word
// search and copy fail. After layout, before printing: keep only the soft hyphens that actually end a
// line, as a plain hyphen ("imple-" / "menting", like a TeX PDF); drop the rest. Line breaks stay
// identical: a greedy line breaker picks the same breaks when unused opportunities disappear.
// The measurement runs in print media with the body as wide as the page's content box (print.css).
import type { Page } from 'puppeteer-core';

export interface HyphenCleanup {
  /** Soft hyphens that ended a line, now plain hyphens. */
  kept: number;
  /** Soft hyphens that did not end a line, removed. */
  removed: number;
}

export async function settleSoftHyphens(page: Page): Promise<HyphenCleanup> {
  await page.emulateMediaType('print');
  return page.evaluate(() => {
    const SOFT = '\u00AD';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode())
      if ((n as Text).data.includes(SOFT)) nodes.push(n as Text);
    const range = document.createRange();
    // The last rect of a one-letter range: a range just after a line-end soft hyphen also reports
    // a rect on the line before.
    const box = (node: Text, at: number) => {
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      const rects = range.getClientRects();
      return rects[rects.length - 1];
    };
    // Measure everything first, then write: each write invalidates the layout. One measurement per
    // hyphenated word (does it span two lines?), then per soft hyphen only in the few words that do.
    const lineEnds = nodes.map((node) => {
      const ends = new Set<number>();
      for (const word of node.data.matchAll(/[^\s\u00AD]*\u00AD[^\s]*/g)) {
        const from = word.index;
        range.setStart(node, from);
        range.setEnd(node, from + word[0].length);
        if (range.getClientRects().length < 2) continue;
        for (
          let i = node.data.indexOf(SOFT, from);
          i > 0 && i < from + word[0].length - 1;
          i = node.data.indexOf(SOFT, i + 1)
        ) {
          const before = box(node, i - 1);
          const after = box(node, i + 1);
          if (before && after && after.top - before.top > before.height / 2) ends.add(i);
        }
      }
      return ends;
    });
    let kept = 0;
    let removed = 0;
    nodes.forEach((node, k) => {
      let out = '';
      for (let i = 0; i < node.data.length; i += 1) {
        const c = node.data[i]!;
        if (c !== SOFT) out += c;
        else if (lineEnds[k]!.has(i)) {
          out += '-';
          kept += 1;
        } else removed += 1;
      }
      node.data = out;
    });
    return { kept, removed };
  });
}

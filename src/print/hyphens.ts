// Soft hyphens (inserted at render time, see render/rehype-hyphenate.ts) give justified print text
// good line breaks, but Chromium writes every one of them into the PDF text layer, so whole-word
// search and copy fail. After layout, before printing: keep only the soft hyphens that actually end a
// line, as a plain hyphen ("imple-" / "menting", like a TeX PDF) marked to be read as U+00AD
// (line-ends.ts); drop the rest. Line breaks stay
// identical: a greedy line breaker picks the same breaks when unused opportunities disappear.
// Typesetting rule on top (TeX's \doublehyphendemerits, most English house styles): at most two
// hyphenated line ends in a row; Russian book rules allow four (five in columns under 3.5 quadrats),
// and Cyrillic words are long: every hyphen dropped there left a loose line. One more than the
// language's limit loses its word's break points, the paragraph is laid out again and measured
// again, until no such run is left.
// The measurement runs in print media with the body as wide as the page's content box (print.css).
import type { Page } from 'puppeteer-core';
import { HYPHEN_MARKED, LINE_END_MARK } from './line-ends.js';

export interface HyphenCleanup {
  /** Where each soft-hyphenated text node ended up, in document order (see settle-cache.ts). */
  settled: SettledText;
  /** Soft hyphens that ended a line, now plain hyphens. */
  kept: number;
  /** Soft hyphens that did not end a line, removed. */
  removed: number;
  /** Words whose break points were dropped to end a run of three hyphenated lines. */
  unhyphenated: number;
}

/** The settled text of every text node that had soft hyphens, in document order, and where in it the
 * kept hyphens are (each a line end). */
export interface SettledText {
  texts: string[];
  ends: number[][];
}

/** Most hyphenated line ends in a row, by language (the block's `lang`, primary subtag). */
export const MAX_HYPHENS_IN_A_ROW: Record<string, number> = { default: 2, ru: 4, kk: 4 };

/** `page` is in print media already (see page.ts), so the lines measured are the lines printed. */
export async function settleSoftHyphens(page: Page): Promise<HyphenCleanup> {
  return page.evaluate(
    (maxInARow: Record<string, number>, hyphen: string) => {
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
      interface LineEnd {
        at: number;
        top: number;
      }
      // One measurement per hyphenated word (does it span two lines?), then per soft hyphen only in
      // the few words that do. Measure everything first, then write: each write invalidates the layout.
      const measure = (node: Text): LineEnd[] => {
        const ends: LineEnd[] = [];
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
            if (before && after && after.top - before.top > before.height / 2) ends.push({ at: i, top: before.top });
          }
        }
        return ends;
      };
      const blockOf = (node: Text): Element => {
        let el = node.parentElement!;
        while (el.parentElement && getComputedStyle(el).display.startsWith('inline')) el = el.parentElement;
        return el;
      };
      const lineEnds = new Map<Text, LineEnd[]>(nodes.map((node) => [node, measure(node)]));
      const blocks = new Map<Element, Text[]>();
      for (const node of nodes) {
        const block = blockOf(node);
        blocks.set(block, [...(blocks.get(block) ?? []), node]);
      }

      // The hyphenated line end one past the language's limit in a block: its word loses its soft hyphens.
      const thirdInARow = (block: Element): { node: Text; at: number } | undefined => {
        const lang = (block.closest('[lang]')?.getAttribute('lang') ?? '').toLowerCase().split('-')[0]!;
        const most = maxInARow[lang] ?? maxInARow.default!;
        const lineHeight =
          parseFloat(getComputedStyle(block).lineHeight) || parseFloat(getComputedStyle(block).fontSize) * 1.2;
        const ends = blocks
          .get(block)!
          .flatMap((node) => lineEnds.get(node)!.map((end) => ({ node, ...end })))
          .sort((a, b) => a.top - b.top);
        let run = 1;
        for (let i = 1; i < ends.length; i += 1) {
          const gap = ends[i]!.top - ends[i - 1]!.top;
          run = gap > lineHeight * 0.5 && gap < lineHeight * 1.5 ? run + 1 : 1;
          if (run > most) return ends[i];
        }
        return undefined;
      };
      let unhyphenated = 0;
      let dirty = [...blocks.keys()];
      for (let round = 0; round < 12 && dirty.length > 0; round += 1) {
        const changed: Element[] = [];
        for (const block of dirty) {
          const third = thirdInARow(block);
          if (!third) continue;
          const { node, at } = third;
          const start = node.data.slice(0, at).search(/[^\s]*$/);
          const rest = node.data.slice(at).search(/\s/);
          const end = rest === -1 ? node.data.length : at + rest;
          node.data =
            node.data.slice(0, start) + node.data.slice(start, end).replaceAll(SOFT, '') + node.data.slice(end);
          unhyphenated += 1;
          changed.push(block);
        }
        for (const block of changed) for (const node of blocks.get(block)!) lineEnds.set(node, measure(node));
        dirty = changed;
      }

      let kept = 0;
      let removed = 0;
      const settled = { texts: [] as string[], ends: [] as number[][] };
      for (const node of nodes) {
        const ends = new Set(lineEnds.get(node)!.map((end) => end.at));
        const at: number[] = [];
        let out = '';
        for (let i = 0; i < node.data.length; i += 1) {
          const c = node.data[i]!;
          if (c !== SOFT) out += c;
          else if (ends.has(i)) {
            at.push(out.length);
            out += hyphen;
            kept += 1;
          } else removed += 1;
        }
        node.data = out;
        settled.texts.push(out);
        settled.ends.push(at);
      }
      return { kept, removed, unhyphenated, settled };
    },
    MAX_HYPHENS_IN_A_ROW,
    HYPHEN_MARKED,
  );
}

/** Where putSettled leaves the text nodes it changed, for settledHold (they have no soft hyphen left to be found by). */
type SettledWindow = Window & { briefingSettled?: Text[] };

/**
 * Put a settling found before (same page, see settle-cache.ts) into the page's text: only when the
 * same text nodes hold the same letters (hyphens aside), else nothing is changed and the answer is
 * false. No layout: with the body just put in, the first layout is the settled one.
 */
export function putSettled(page: Page, settled: SettledText): Promise<boolean> {
  return page.evaluate(
    (texts, ends, mark) => {
      const SOFT = '\u00AD';
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const nodes: Text[] = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode())
        if ((n as Text).data.includes(SOFT)) nodes.push(n as Text);
      if (nodes.length !== texts.length || ends.length !== texts.length) return false;
      // The same letters (hyphens aside: kept ones were soft, and where they are is checked after).
      for (let i = 0; i < nodes.length; i += 1) {
        const text = texts[i]!;
        if (!ends[i]!.every((at) => text[at] === '-')) return false;
        const letters = (t: string) => t.replaceAll(SOFT, '').replaceAll(mark, '').replaceAll('-', '');
        if (letters(text) !== letters(nodes[i]!.data)) return false;
      }
      nodes.forEach((node, i) => {
        node.data = texts[i]!;
      });
      (window as SettledWindow).briefingSettled = nodes;
      return true;
    },
    settled.texts,
    settled.ends,
    LINE_END_MARK,
  );
}

/** Whether every kept hyphen of the settling putSettled put in still ends its line (lays the page out). */
export function settledHold(page: Page, settled: SettledText): Promise<boolean> {
  return page.evaluate(
    (ends, hyphen) => {
      const nodes = (window as SettledWindow).briefingSettled;
      delete (window as SettledWindow).briefingSettled;
      if (!nodes || nodes.length !== ends.length) return false;
      const range = document.createRange();
      const box = (node: Text, at: number) => {
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        const rects = range.getClientRects();
        return rects[rects.length - 1];
      };
      return nodes.every((node, i) =>
        ends[i]!.every((at) => {
          const before = box(node, at - 1);
          // The letter after the kept hyphen and its marks (line-ends.ts).
          const after = box(node, at + hyphen.length);
          return Boolean(before && after && after.top - before.top > before.height / 2);
        }),
      );
    },
    settled.ends,
    HYPHEN_MARKED,
  );
}

// The page of each id the edition shows a number for, guessed from the page as it is laid out (one
// long column as wide as the page's text): its blocks are dealt out onto pages as tall as the page's
// content box, as Chromium's pagination would (forced breaks, blocks that may not break moved whole,
// paragraphs split between lines with their orphans and widows, a heading kept with what follows).
// A first build prints with these numbers instead of printing once only to measure them; the print
// proves them, and a wrong guess costs the print made with it (see ../page-estimate.ts).
import type { PageEstimate } from '../page-estimate.js';

interface Block {
  el: Element;
  /** A forced page break before it (its own, or that of a box it is the first block of). */
  forced: boolean;
  /** Kept on the page of the block after it (`break-after: avoid`, headings). */
  keepWithNext: boolean;
  /** May break between its lines (text), else moved whole to the next page when it does not fit. */
  lines: boolean;
}

const FORCED = new Set(['page', 'left', 'right', 'recto', 'verso']);
const TEXT_BLOCK = /^(P|LI|DD|DT|PRE|BLOCKQUOTE|DIV|TD|TH|FIGCAPTION|CAPTION)$/;

/** The page's content box, in CSS pixels, from the first `@page` rule with a size. */
function contentBox(): { width: number; height: number } | undefined {
  for (const sheet of document.styleSheets) {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      continue;
    }
    for (const rule of rules) {
      if (!(rule instanceof CSSPageRule) || rule.selectorText !== '') continue;
      const [width, height] = rule.style.getPropertyValue('size').trim().split(/\s+/);
      if (!width || !height) continue;
      const margin = (side: string) => pixels(rule.style.getPropertyValue(`margin-${side}`) || '0');
      return {
        width: pixels(width) - margin('left') - margin('right'),
        height: pixels(height) - margin('top') - margin('bottom'),
      };
    }
  }
  return undefined;
}

/** A CSS length in pixels, as the page resolves it. */
function pixels(length: string): number {
  const probe = document.createElement('div');
  probe.style.cssText = `position:absolute;visibility:hidden;height:${length}`;
  document.body.append(probe);
  const px = probe.getBoundingClientRect().height;
  probe.remove();
  return px;
}

/** The blocks that fill pages, in document order: out-of-flow boxes left out, unbreakable ones whole. */
function flowBlocks(root: Element, pageHeight: number): Block[] {
  const blocks: Block[] = [];
  const walk = (el: Element, forcedFirst: boolean, pageName: string): void => {
    const style = getComputedStyle(el);
    // (A float beside the text is left out: the review's callouts that cross a page end moved no
    // contents entry, in its three locales.)
    if (style.display === 'none' || style.float !== 'none' || /absolute|fixed/.test(style.position)) return;
    const page = style.getPropertyValue('page') || 'auto';
    const named = page === 'auto' ? pageName : page;
    const forced = forcedFirst || FORCED.has(style.breakBefore) || named !== pageName;
    const inline = [...el.children].map((kid) => getComputedStyle(kid).display.startsWith('inline'));
    const whole = style.breakInside === 'avoid' && el.getBoundingClientRect().height < pageHeight;
    if (!inline.includes(false) || whole) {
      const keepWithNext = style.breakAfter === 'avoid' || /^H[1-6]$/.test(el.tagName);
      blocks.push({ el, forced, keepWithNext, lines: !whole && TEXT_BLOCK.test(el.tagName) });
      return;
    }
    // Beside blocks, an inline box (an inline-block note) stands on a line of its own: a block too.
    // (Not kept with what follows after a heading: that put one of the review's ru chapters a page late.)
    [...el.children].forEach((kid, i) => {
      if (!inline[i]) walk(kid, i === 0 && forced, named);
      else blocks.push({ el: kid, forced: i === 0 && forced, keepWithNext: false, lines: false });
    });
  };
  for (const kid of root.children) walk(kid, false, 'auto');
  return blocks;
}

/** The lines of a block, top and bottom in the document, read from its text's boxes (a note mark makes a line taller). */
function linesOf(el: Element): { top: number; bottom: number }[] {
  const range = document.createRange();
  range.selectNodeContents(el);
  const lines: { top: number; bottom: number }[] = [];
  for (const box of range.getClientRects()) {
    if (box.height === 0) continue;
    // The text's box, not the line's (half the leading each side): a page ends where the last
    // text's box fits, measured on the review (the line boxes put one chapter a page late).
    const top = box.top + scrollY;
    const bottom = box.bottom + scrollY;
    const last = lines.at(-1);
    // A box that starts below the line before's middle opens a new line.
    if (last && top < (last.top + last.bottom) / 2) last.bottom = Math.max(last.bottom, bottom);
    else lines.push({ top, bottom });
  }
  return lines;
}

/** Where a text block that does not fit breaks: the top of its first line on the next page, or its own top. */
function lineBreak(el: Element, top: number, pageEnd: number): number {
  const style = getComputedStyle(el);
  const lines = linesOf(el);
  let fit = lines.findIndex((line) => line.bottom > pageEnd);
  if (fit === -1) return top;
  if (lines.length - fit < (Number(style.widows) || 2)) fit = lines.length - (Number(style.widows) || 2);
  return fit < (Number(style.orphans) || 2) ? top : lines[fit]!.top;
}

/**
 * The top margin a block starts a page with after a forced break, where Chromium keeps it (it drops
 * margins only at breaks it chose): the largest of those that collapse into its own (the boxes it opens).
 */
function marginAbove(el: Element): number {
  let margin = 0;
  for (let box: Element | null = el; box && box !== document.body; box = box.parentElement) {
    margin = Math.max(margin, parseFloat(getComputedStyle(box).marginTop) || 0);
    if (box.previousElementSibling) break;
  }
  return margin;
}

/** The ids an element stands for: its own and those of the boxes it opens; inside a whole block, all. */
function idsOf(block: Block): string[] {
  const ids: string[] = [];
  for (let el: Element | null = block.el; el; el = el.parentElement) {
    if (el.id) ids.push(el.id);
    if (el.previousElementSibling) break;
  }
  if (!block.lines) for (const inner of block.el.querySelectorAll('[id]')) ids.push(inner.id);
  return ids;
}

/** The page being filled: its number and where its first block starts in the document. */
interface Filling {
  page: number;
  top: number | undefined;
}

/** A block kept with the next one (a heading) at the end of what is placed, and the ids placed with it. */
interface Kept {
  top: number;
  ids: string[];
}

/** The blocks dealt out onto pages; each id's page (where it starts) and the page count. */
function dealOut(blocks: Block[], pageHeight: number): { pageOf: Map<string, number>; at: Filling } {
  const pageOf = new Map<string, number>();
  const at: Filling = { page: 1, top: undefined };
  // The run of blocks kept with the next one just before this block (a heading, its note).
  let kept: Kept[] = [];
  for (const block of blocks) {
    const box = block.el.getBoundingClientRect();
    const top = box.top + scrollY;
    const bottom = box.bottom + scrollY;
    if (box.height === 0 && !block.forced) continue;
    let starts = at.page;
    if (at.top === undefined) at.top = top;
    else if (block.forced) {
      starts = at.page += 1;
      at.top = top - marginAbove(block.el);
    } else if (bottom - at.top > pageHeight) {
      starts = breakAt(block, top, bottom, { at, pageHeight, kept, pageOf });
    }
    const ids = idsOf(block).filter((id) => !pageOf.has(id));
    for (const id of ids) pageOf.set(id, starts);
    kept = block.keepWithNext ? [...kept, { top, ids }] : [];
  }
  return { pageOf, at };
}

/**
 * A block that does not fit on the page being filled: where it breaks (between its lines, or before
 * it, the headings kept with it going along) and the pages it runs on over. Returns the page it starts on.
 */
function breakAt(
  block: Block,
  top: number,
  bottom: number,
  { at, pageHeight, kept, pageOf }: { at: Filling; pageHeight: number; kept: Kept[]; pageOf: Map<string, number> },
): number {
  let next = block.lines ? lineBreak(block.el, top, at.top! + pageHeight) : top;
  const starts = next > top ? at.page : at.page + 1;
  if (next === top && kept.length > 0 && kept[0]!.top > at.top!) {
    next = kept[0]!.top;
    for (const id of kept.flatMap((k) => k.ids)) pageOf.set(id, at.page + 1);
  }
  at.page += 1;
  // A block taller than a page (a long paragraph, a tall table) runs on over the pages it fills.
  while (bottom - next > pageHeight) {
    const more = block.lines ? lineBreak(block.el, top, next + pageHeight) : top;
    next = more > next ? more : next + pageHeight;
    at.page += 1;
  }
  at.top = next;
  return starts;
}

/** Each id's guessed page and the page count; undefined when the page size is unknown or an id was not placed. */
export function estimatePages(ids: string[]): PageEstimate | undefined {
  const box = contentBox();
  // Lines as printed only when the body is as wide as the page's text (print.css; a template may differ).
  if (!box || !(box.height > 0) || Math.abs(document.body.getBoundingClientRect().width - box.width) > 1)
    return undefined;
  const pageHeight = box.height;
  const started = performance.now();
  const { pageOf, at } = dealOut(flowBlocks(document.body, pageHeight), pageHeight);
  const pages: [string, number][] = [];
  for (const id of ids) {
    const page = pageOf.get(id);
    if (page === undefined) return undefined;
    pages.push([id, page]);
  }
  return { pages, pageCount: at.page, ms: Math.round(performance.now() - started) };
}

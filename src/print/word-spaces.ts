// Rivers in justified text: Chromium breaks lines greedily, and a line that cannot take its next word
// (a long Russian word, words tied by a no-break space, a word whose hyphens the settling dropped)
// spreads its slack over a few word spaces: up to six spaces wide in the ru review. After the soft
// hyphens settle (hyphens.ts; the line breaks are final), for every justified line whose widest word
// space is over MAX_SPACE_RATIO × its font's space:
// 1. if more slack than tracking can take, its paragraph is set again a little tighter or looser
//    (VARIANTS, a typesetter's "tracking a paragraph"); a variant is kept only when fewer lines stay
//    loose and every line-end hyphen still ends its line (a settled hyphen never lands mid-line);
// 2. the line gets letter-spacing of its own, capped at MAX_TRACKING_EM, so its letters share the
//    slack (InDesign's letter-spacing range and pdfTeX's font expansion do the same): its text is
//    wrapped in spans, its last letter left out so the right edge stays flush. Its content grows by
//    less than its slack, so it still fits and no line break moves.
// What was done is returned by position (element and text node indexes, offsets), so a rebuild of the
// same HTML puts it in without measuring (settle-cache.ts). scripts/word-spaces.js measures the PDF.
import type { Page } from 'puppeteer-core';

/** Widest word space wanted in a justified line, in spaces of its font. */
export const MAX_SPACE_RATIO = 2;
/** Most letter-spacing given to one loose line, in em. */
export const MAX_TRACKING_EM = 0.08;
/** Paragraph settings tried, in order, on a paragraph with more slack than tracking can take. */
export const VARIANTS = [
  'letter-spacing: -0.01em',
  'word-spacing: -0.05em',
  'letter-spacing: 0.01em',
  'letter-spacing: -0.02em',
];

/** A paragraph set again: [element index in the body, variant]. */
export type Variant = [number, number];

/** A tracked run of text: [text node index in the body, from, to, letter-spacing in px]. */
export type Track = [number, number, number, number];

export interface EvenedSpaces {
  /** Justified lines measured. */
  lines: number;
  /** Lines given letter-spacing of their own. */
  tracked: number;
  /** Lines still over the maximum. */
  loose: number;
  tracks: Track[];
  variants: Variant[];
  /** Paragraphs set again with a variant. */
  reset: number;
  /** Time in the page (measuring and choosing; the spans are written after). */
  ms: number;
}

/** `page` is laid out for print with its soft hyphens settled (see hyphens.ts). */
export async function evenWordSpaces(page: Page): Promise<EvenedSpaces> {
  const evened = await page.evaluate(
    (maxRatio, maxTracking, variants) => {
      const started = performance.now();
      const isSpace = (c: string) => c === ' ' || c === '\u00A0';
      const range = document.createRange();
      const texts: Text[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text);
      // The font's own space, unjustified (canvas text never is).
      const canvas = document.createElement('canvas').getContext('2d')!;
      const spaceWidths = new Map<string, number>();
      const elementSpaces = new Map<Element, number>();
      const spaceOf = (el: Element) => {
        const known = elementSpaces.get(el);
        if (known !== undefined) return known;
        const style = getComputedStyle(el);
        const font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        if (!spaceWidths.has(font)) {
          canvas.font = font;
          spaceWidths.set(font, canvas.measureText(' ').width);
        }
        elementSpaces.set(el, spaceWidths.get(font)!);
        return spaceWidths.get(font)!;
      };
      const blocksOf = new Map<Element, Element>();
      const blockOf = (node: Node): Element => {
        const parent = node.parentElement!;
        let el = blocksOf.get(parent) ?? parent;
        while (el.parentElement && getComputedStyle(el).display.startsWith('inline')) el = el.parentElement;
        blocksOf.set(parent, el);
        return el;
      };

      // Justified blocks and their text, in document order (code and spaced-out text left alone).
      const blocks = new Map<Element, Text[]>();
      for (const node of texts) {
        const parent = node.parentElement;
        if (!parent || !node.data.trim() || parent.closest('code, pre, .katex, math, svg')) continue;
        if (getComputedStyle(parent).letterSpacing !== 'normal') continue;
        const block = blockOf(node);
        if (getComputedStyle(block).textAlign !== 'justify') continue;
        const list = blocks.get(block);
        if (list) list.push(node);
        else blocks.set(block, [node]);
      }

      interface Line {
        from: number;
        /** The line's last letter. */
        to: number;
        gaps: number;
        ratio: number;
        width: number;
        normal: number;
      }
      /**
       * Each line's first letter by bisection on the letters' boxes (layout only: after a paragraph is
       * set again, a hit test would also repaint the page). Letters without a box (collapsed white
       * space) count as on the line after.
       */
      const searchStarts = (
        rows: { mid: number; bottom: number }[],
        length: number,
        charAt: (index: number) => { node: Text; at: number },
      ): number[] => {
        const lineOf = (index: number) => {
          const { node, at } = charAt(index);
          range.setStart(node, at);
          range.setEnd(node, at + 1);
          const rects = range.getClientRects();
          const r = rects[rects.length - 1];
          const mid = r && r.height > 0 ? r.top + r.height / 2 : Infinity;
          const row = rows.findIndex((row) => mid < row.bottom);
          return row === -1 ? rows.length : row;
        };
        const starts: number[] = [];
        let lo = 0;
        for (let row = 0; row < rows.length; row += 1) {
          let hi = length;
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (lineOf(mid) >= row) hi = mid;
            else lo = mid + 1;
          }
          starts.push(lo);
          lo += 1;
        }
        return starts;
      };
      /** window.scrollY when the rows were read (a hit test may scroll after). */
      let rowsScrolled = 0;
      /** A letter's box: its row (rows.length when below them all) and left edge; none when collapsed. */
      const boxOf = (
        rows: { bottom: number }[],
        index: number,
        charAt: (index: number) => { node: Text; at: number },
      ) => {
        const { node, at } = charAt(index);
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        const rects = range.getClientRects();
        const r = rects[rects.length - 1];
        if (!r || r.height <= 0) return undefined;
        const mid = r.top + r.height / 2 + window.scrollY - rowsScrolled;
        const row = rows.findIndex((row) => mid < row.bottom);
        return { row: row === -1 ? rows.length : row, left: r.left, width: r.width };
      };
      /**
       * The first letter of row `r` by bisection on the letters' boxes (layout reads only, no hit test:
       * a hit test scrolls the line into view and brings the page's painting up to date, ~4 × the
       * cost). Undefined unless it is certainly the letter a hit test at the row's left edge finds: a
       * letter at least 2 px wide whose box starts the row, the letters before it collapsed or on
       * earlier rows.
       */
      const firstOnRow = (
        rows: { left: number; bottom: number }[],
        r: number,
        from: number,
        guess: number,
        text: string,
        charAt: (index: number) => { node: Text; at: number },
      ): number | undefined => {
        // Galloping from `guess` (the line as long as the one before) brackets it in a few reads.
        const onOrAfter = (index: number) => (boxOf(rows, index, charAt)?.row ?? rows.length) >= r;
        let lo = from;
        let hi = text.length;
        const probe = Math.max(lo, Math.min(hi - 1, guess));
        if (probe < hi && onOrAfter(probe)) {
          hi = probe;
          let step = 1;
          for (; hi - step >= lo && onOrAfter(hi - step); step *= 2) hi -= step;
          lo = Math.max(lo, hi - step + 1);
        } else if (probe < hi) {
          lo = probe + 1;
          for (let step = 1; lo + step - 1 < hi; step *= 2) {
            if (onOrAfter(lo + step - 1)) {
              hi = lo + step - 1;
              break;
            }
            lo += step;
          }
        }
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (onOrAfter(mid)) hi = mid;
          else lo = mid + 1;
        }
        if (lo > 0 && (boxOf(rows, lo - 1, charAt)?.row ?? r) >= r) return undefined;
        // The space that breaks the line: collapsed, or a box of no width (the letter after it must
        // still start the row).
        for (let skipped = 0; lo < text.length && skipped < 4; skipped += 1, lo += 1) {
          const box = boxOf(rows, lo, charAt);
          if (box && !isSpace(text[lo]!)) {
            const starts = box.row === r && box.width >= 2 && Math.abs(box.left - rows[r]!.left) <= 0.5;
            return starts ? lo : undefined;
          }
        }
        return undefined;
      };
      /** The first letter of a row by a hit test at its left edge (the line scrolled into view first). */
      const hitStart = (
        row: { left: number; mid: number },
        scrolled: number,
        nodes: Text[],
        base: number[],
      ): number | undefined => {
        // Hit tests see only the viewport: the line is scrolled into it.
        let y = row.mid + scrolled - window.scrollY;
        if (y < 0 || y >= window.innerHeight) {
          window.scrollTo(0, window.scrollY + y - window.innerHeight / 2);
          y = row.mid + scrolled - window.scrollY;
        }
        const hit = document.caretPositionFromPoint(row.left + 1, y);
        const i = hit ? nodes.indexOf(hit.offsetNode as Text) : -1;
        return hit && i >= 0 ? base[i]! + hit.offset : undefined;
      };
      /** The block's lines but its last (set with natural spaces); undefined when they cannot be told. */
      const measure = (
        block: Element,
        nodes: Text[],
        text: string,
        base: number[],
        search = false,
      ): Line[] | undefined => {
        const charAt = (index: number) => {
          let i = nodes.length - 1;
          while (base[i]! > index) i -= 1;
          return { node: nodes[i]!, at: index - base[i]! };
        };
        // Lines: the block's boxes in one call, a new line when a box is lower by half its height;
        // each line's first letter by bisection, or a hit test at its left edge when that is unsure.
        range.selectNodeContents(block);
        const scrolled = window.scrollY;
        rowsScrolled = scrolled;
        const rows: { left: number; mid: number; bottom: number }[] = [];
        for (const r of range.getClientRects()) {
          if (r.width === 0 || r.height === 0) continue;
          const row = rows[rows.length - 1];
          if (row && r.top + r.height / 2 < row.bottom) row.left = Math.min(row.left, r.left);
          else rows.push({ left: r.left, mid: r.top + r.height / 2, bottom: r.bottom });
        }
        const starts = search ? searchStarts(rows, text.length, charAt) : [];
        for (let r = 0; !search && r < rows.length; r += 1) {
          const from = r === 0 ? 0 : starts[r - 1]! + 1;
          const length = r > 1 ? starts[r - 1]! - starts[r - 2]! : Math.round(text.length / rows.length);
          const guess = r === 0 ? 0 : starts[r - 1]! + length;
          const found = firstOnRow(rows, r, from, guess, text, charAt) ?? hitStart(rows[r]!, scrolled, nodes, base);
          if (found === undefined) return undefined;
          starts.push(found);
        }
        // A line found out of order (a float, a box inside): the block is left as it is.
        if (starts.some((at, i) => i > 0 && at <= starts[i - 1]!)) return undefined;
        const lines: Line[] = [];
        for (let i = 0; i + 1 < starts.length; i += 1) {
          let to = starts[i + 1]! - 1;
          // The space that breaks the line, and the marks after a kept hyphen (line-ends.ts: `-` + ZWNJs).
          while (to > starts[i]! && (isSpace(text[to]!) || text[to] === '\u200C')) to -= 1;
          let gaps = 0;
          let probe = -1;
          for (let at = starts[i]!; at < to; at += 1) {
            if (!isSpace(text[at]!)) continue;
            gaps += 1;
            probe = at;
          }
          if (gaps === 0) continue;
          // Chromium shares a line's slack evenly among its spaces: one of them tells the line.
          const { node, at } = charAt(probe);
          range.setStart(node, at);
          range.setEnd(node, at + 1);
          const width = range.getBoundingClientRect().width;
          const normal = spaceOf(node.parentElement!);
          lines.push({ from: starts[i]!, to, gaps, ratio: width / normal, width, normal });
        }
        return lines;
      };
      const result = { lines: 0, reset: 0, tracked: 0, loose: 0 };
      const variantsChosen: [number, number][] = [];
      const elements = [...document.body.querySelectorAll('*')];
      // The letter-spacing that brings a loose line's widest space to 0.9 × the maximum. Each of its m
      // characters (k of them spaces) grows by t, so each of its k gaps takes (m·t)/k less slack, and
      // is t wider itself and t wider after the letter before it: 2t. Its last letter keeps none
      // (that would pull it off the right edge).
      const want = (l: Line) =>
        l.ratio <= maxRatio * 0.95
          ? 0
          : l.to - l.from > 2 * l.gaps
            ? ((l.width - 0.9 * maxRatio * l.normal) * l.gaps) / (l.to - l.from - 2 * l.gaps)
            : Infinity;
      /** Lines over the maximum after capped tracking, and the widest space then. */
      const score = (lines: Line[], cap: number) => {
        const after = lines.map((l) => {
          const t = Math.min(want(l), cap);
          return (l.width - (t * (l.to - l.from - 2 * l.gaps)) / l.gaps) / l.normal;
        });
        return [after.filter((r) => r > maxRatio).length, Math.max(0, ...after)];
      };
      /** The best of the variants for a paragraph, if one is better: every line-end hyphen still ends its line. */
      const reset = (block: Element, nodes: Text[], text: string, base: number[], lines: Line[]) => {
        const el = block as HTMLElement;
        const original = el.style.cssText;
        const cap = maxTracking * parseFloat(getComputedStyle(block).fontSize);
        const hyphens = lines.filter((l) => text[l.to] === '-').map((l) => l.to);
        let best: { variant: number; lines: Line[]; score: number[] } | undefined;
        let bar = score(lines, cap);
        variants.forEach((variant, v) => {
          if (bar[0] === 0) return; // the first that leaves no line loose is taken
          el.style.cssText = `${original};${variant}`;
          const tried = measure(block, nodes, text, base, true);
          if (!tried || !hyphens.every((at) => tried.some((l) => l.to === at))) return;
          const got = score(tried, cap);
          if (got[0]! < bar[0]! || (got[0] === bar[0] && got[1]! < bar[1]! - 0.1)) {
            best = { variant: v, lines: tried, score: got };
            bar = got;
          }
        });
        el.style.cssText = best ? `${original};${variants[best.variant]}` : original;
        return best;
      };
      const tracks: [number, number, number, number][] = [];
      const textIndex = new Map(texts.map((node, i) => [node, i]));
      for (const [block, nodes] of blocks) {
        const base: number[] = [];
        let text = '';
        for (const node of nodes) {
          base.push(text.length);
          text += node.data;
        }
        let lines = measure(block, nodes, text, base);
        if (!lines) continue;
        const size = parseFloat(getComputedStyle(block).fontSize);
        // More slack than tracking can take: the paragraph is set again, a little tighter or looser.
        if (lines.some((l) => want(l) > maxTracking * size)) {
          const chosen = reset(block, nodes, text, base, lines);
          if (chosen) {
            lines = chosen.lines;
            result.reset += 1;
            variantsChosen.push([elements.indexOf(block), chosen.variant]);
          }
        }
        result.lines += lines.length;
        const spacing = parseFloat(getComputedStyle(block).letterSpacing) || 0;
        for (const line of lines) {
          const t = Math.min(want(line), maxTracking * size);
          if (t <= 0) continue;
          result.tracked += 1;
          if (score([line], maxTracking * size)[0]) result.loose += 1;
          for (let at = line.from; at < line.to;) {
            const i = base.findLastIndex((b) => b <= at);
            const stop = Math.min(line.to, base[i]! + nodes[i]!.data.length);
            const px = Math.round((spacing + t) * 1000) / 1000;
            tracks.push([textIndex.get(nodes[i]!)!, at - base[i]!, stop - base[i]!, px]);
            at = stop;
          }
        }
      }
      window.scrollTo(0, 0);
      return { ...result, tracks, variants: variantsChosen, ms: Math.round(performance.now() - started) };
    },
    MAX_SPACE_RATIO,
    MAX_TRACKING_EM,
    VARIANTS,
  );
  await applyTracks(page, evened.tracks);
  return evened;
}

/** Set the paragraphs evenWordSpaces set again for this same page before (see settle-cache.ts). */
export async function applyVariants(page: Page, variants: Variant[]): Promise<void> {
  if (variants.length === 0) return;
  await page.evaluate(
    (chosen, settings) => {
      const elements = [...document.body.querySelectorAll<HTMLElement>('*')];
      for (const [index, variant] of chosen) {
        const el = elements[index];
        if (el) el.style.cssText = `${el.style.cssText};${settings[variant]}`;
      }
    },
    variants,
    VARIANTS,
  );
}

/** Wrap each tracked run of a text node in a span with its letter-spacing (also what a rebuild of the
 * same HTML puts in, see settle-cache.ts). */
export async function applyTracks(page: Page, tracks: Track[]): Promise<void> {
  await page.evaluate((tracks) => {
    const texts: Text[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text);
    const range = document.createRange();
    // From the end: a node split at a later offset keeps its earlier offsets.
    for (const [index, from, to, px] of [...tracks].sort((a, b) => b[0] - a[0] || b[1] - a[1])) {
      const node = texts[index];
      if (!node || to > node.data.length) continue;
      range.setStart(node, from);
      range.setEnd(node, to);
      const span = document.createElement('span');
      span.className = 'tracked';
      span.style.letterSpacing = `${px}px`;
      range.surroundContents(span);
    }
  }, tracks);
}

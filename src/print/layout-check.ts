// The layout check on every PDF. Two halves, around the print:
// 0. Before the soft hyphens settle (`fitTables`): a table too wide for the text column takes the
//    whole text area in smaller type.
// 1. Before printing (in the laid-out print page, `fitAndMark`): content still wider than its column is clipped to it, and named, since anything wider than the page makes Chromium scale EVERY page
//    down without a word. Then each block, heading and callout box gets a start and an end marker
//    that Chromium turns into named destinations (page + height on the page) in the PDF.
// 2. After printing (`checkLayout`, pure): from those destinations, what cannot be seen in the DOM
//    (Chromium does not expose pagination): a box outside its chapter's pages, boxes overlapping
//    each other or a full-width element, a heading at the foot of a page (its text starts on the
//    next page), a page less than a quarter full that is not its chapter's last page.
// Every finding is a warning with the page number and the Markdown file:line (data-source, see
// render/rehype-source-attributes.ts); `--strict` makes warnings errors.
import type { Page } from 'puppeteer';
import type { Diagnostic } from '../messages.js';
import { inPage } from './page-script.js';
import { SCREEN_HIDDEN } from './page.js';
import { RULES, type Rule } from '../rules.js';

/** Marker ids start with this; print/finish.ts removes their destinations from the final PDF. */
export const MARKER_PREFIX = 'lc-';

export type LayoutItemKind = 'box' | 'heading' | 'block' | 'wide';

export interface LayoutItem {
  /** Destination id of the element's top (its own id, or a marker id given to it). */
  id: string;
  /** Destination id of a marker at the element's end (the top of its last line). */
  endId: string;
  kind: LayoutItemKind;
  /** Index of the chapter (article) it belongs to; -1 outside chapters (cover, preface, contents). */
  chapter: number;
  /** `file:line:column` of its Markdown, when known. */
  source?: string;
  /** Short description for messages: `callout "The census of…"`, `heading "A. Title"`. */
  label: string;
}

export interface Overflow {
  source?: string;
  label: string;
  /** Widths in millimetres. */
  width: number;
  column: number;
}

export interface Marked {
  overflows: Overflow[];
  items: LayoutItem[];
  /** Time spent in the page: fitting, marking (ms). */
  ms: { fit: number; mark: number };
}

/** A destination as read back from the PDF: physical page and the top of the element (PDF units, from the bottom). */
export interface PlacedDestination {
  page: number;
  top?: number;
}

export interface PageGeometry {
  pages: number;
  /** Page height in PDF units. */
  height: number;
}

/**
 * A table too wide for the text column is set across the whole text area in smaller type, then in
 * smaller type still, and only as a last resort with words wrapped anywhere (print.css: .table-wide,
 * .table-small, .table-wrap); tables that fit keep their natural widths. Runs before the soft hyphens
 * settle: the hyphens of a wide table's cells (render/rehype-table-hyphens.ts) break in its final
 * layout. Returns how many tables were widened.
 */
export async function fitTables(page: Page): Promise<number> {
  return page.evaluate(() => {
    const body = document.body.getBoundingClientRect();
    const tooWide = (table: Element, right: number) =>
      table.getBoundingClientRect().right > right + 1 || table.scrollWidth > table.clientWidth + 1;
    const wide = Array.from(document.querySelectorAll<HTMLElement>('main .chapter table')).filter(
      (table) =>
        !table.closest('aside') &&
        tooWide(table, (table.closest('.chapter') ?? document.body).getBoundingClientRect().right),
    );
    // The figure of a captioned table widens with it, so the caption spans the table.
    const hosts = wide.map((table) => table.closest<HTMLElement>('figure.table-figure') ?? table);
    // Whole words first: the cells' soft hyphens are put back only where smaller type is not enough
    // (with them Chromium would narrow every column to syllables).
    const hyphenated = wide.map((table) => {
      const texts: Array<[Text, string]> = [];
      const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node as Text;
        if (!text.data.includes('\u00AD')) continue;
        texts.push([text, text.data]);
        text.data = text.data.replaceAll('\u00AD', '');
      }
      return texts;
    });
    for (const host of hosts) host.classList.add('table-wide');
    const steps: Array<(i: number) => void> = [
      (i) => hosts[i]!.classList.add('table-small'),
      (i) => {
        for (const [text, data] of hyphenated[i]!) text.data = data;
      },
      (i) => hosts[i]!.classList.add('table-wrap'),
    ];
    for (const step of steps) {
      wide.forEach((table, i) => {
        if (tooWide(table, body.right)) step(i);
      });
    }
    return wide.length;
  });
}

/**
 * Clip what is wider than its column (and say so), then mark every element the check measures.
 * Runs in the print layout (media print, body as wide as the page's content box) after the soft
 * hyphens settled, before the first print: the markers add no box and change no line. (In the page:
 * page-side/layout-marks.ts.) `hide`: the edition hidden after, as page.ts hideEdition does; `screen`:
 * hidden from the screen alone (page.ts screenHidden).
 */
export function fitAndMark(
  page: Page,
  { hide = false, screen = false }: { hide?: boolean; screen?: boolean } = {},
): Promise<Marked> {
  return inPage(page, 'fitAndMark', MARKER_PREFIX, hide, screen ? SCREEN_HIDDEN : '');
}

/** The printed layout as the checks below see it: items, where they were placed, chapter pages. */
interface Printed {
  items: readonly LayoutItem[];
  placed: ReadonlyMap<string, PlacedDestination>;
  geometry: PageGeometry;
  chapterCount: number;
  /** Each chapter's items, in order. */
  chapters: LayoutItem[][];
  /** Each chapter's first page. */
  firstPage: number[];
  lastPage: (chapter: number) => number;
  at: (item: LayoutItem) => { start: PlacedDestination; end: PlacedDestination } | undefined;
  warn: (item: LayoutItem | undefined, page: number, message: string, rule: Rule) => void;
}

/** The findings of the layout check, from the markers' destinations in the printed PDF. */
export function checkLayout(
  items: readonly LayoutItem[],
  placed: ReadonlyMap<string, PlacedDestination>,
  geometry: PageGeometry,
  file: string,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const warn = (item: LayoutItem | undefined, page: number, message: string, rule: Rule) =>
    diagnostics.push({
      ...where(item?.source, file),
      severity: 'warning',
      message: `page ${page}: ${message}`,
      rule: rule.id,
      fix: rule.fix,
    });
  const at = (item: LayoutItem) => {
    const start = placed.get(item.id);
    const end = placed.get(item.endId);
    return start && end ? { start, end } : undefined;
  };

  // Chapter k runs from its first item's page to the page before chapter k+1 starts.
  const chapterCount = Math.max(-1, ...items.map((i) => i.chapter)) + 1;
  const chapters = byChapter(items, chapterCount);
  const firstPage: number[] = [];
  for (let k = 0; k < chapterCount; k += 1) {
    const first = chapters[k]![0];
    firstPage.push((first && placed.get(first.id)?.page) ?? Number.NaN);
  }
  const lastPage = (k: number) => (k + 1 < chapterCount ? firstPage[k + 1]! - 1 : geometry.pages);
  const printed: Printed = { items, placed, geometry, chapterCount, chapters, firstPage, lastPage, at, warn };
  boxesOutsideChapters(printed);
  overlaps(printed);
  headingsAtFoot(printed);
  underfullPages(printed);
  return diagnostics;
}

/** The items of each chapter 0 … count - 1, in order (items outside chapters in none). */
function byChapter(items: readonly LayoutItem[], count: number): LayoutItem[][] {
  const chapters = Array.from({ length: count }, (): LayoutItem[] => []);
  for (const item of items) chapters[item.chapter]?.push(item);
  return chapters;
}

function boxesOutsideChapters({ items, firstPage, lastPage, at, warn }: Printed): void {
  // Boxes stay within their chapter's pages.
  for (const item of items.filter((i) => i.kind === 'box')) {
    const where = at(item);
    if (!where || Number.isNaN(firstPage[item.chapter]!)) continue;
    if (where.start.page < firstPage[item.chapter]! || where.end.page > lastPage(item.chapter)) {
      warn(
        item,
        where.end.page,
        `${item.label} is printed outside its chapter (pages ${firstPage[item.chapter]}–${lastPage(item.chapter)})`,
        RULES.layoutBoxOutsideChapter,
      );
    }
  }
}

function overlaps({ items, at, warn }: Printed): void {
  // Boxes overlap neither each other nor an element that spans both columns (same page, rows intersect).
  const spans = items
    .filter((i) => i.kind === 'box' || i.kind === 'wide')
    .flatMap((item) => {
      const where = at(item);
      if (!where || where.start.page !== where.end.page || where.start.top === undefined) return [];
      return [{ item, page: where.start.page, top: where.start.top, bottom: where.end.top ?? where.start.top }];
    });
  for (let i = 0; i < spans.length; i += 1) {
    for (let j = i + 1; j < spans.length; j += 1) {
      const a = spans[i]!;
      const b = spans[j]!;
      if (a.page !== b.page || (a.item.kind === 'wide' && b.item.kind === 'wide')) continue;
      // PDF heights grow upwards: rows [bottom, top] intersect when each starts above the other's end.
      if (a.top > b.bottom + 1 && b.top > a.bottom + 1) {
        warn(b.item, b.page, `${b.item.label} overlaps ${a.item.label}`, RULES.layoutOverlap);
      }
    }
  }
}

function headingsAtFoot({ items, placed, warn }: Printed): void {
  // A heading whose next block starts on a later page stands alone at the foot of its page.
  items.forEach((item, i) => {
    if (item.kind !== 'heading') return;
    const next = nextBlock(items, i);
    const page = placed.get(item.id)?.page;
    const nextPage = next ? placed.get(next.id)?.page : undefined;
    if (page !== undefined && nextPage !== undefined && nextPage > page) {
      warn(
        item,
        page,
        `${item.label} stands at the foot of the page; its text starts on page ${nextPage}`,
        RULES.layoutHeadingAtFoot,
      );
    }
  });
}

/** The first item after the i-th of its chapter that is not a box (read on from i, not copied: 6,000 items at 20 × the review). */
function nextBlock(items: readonly LayoutItem[], i: number): LayoutItem | undefined {
  const { chapter } = items[i]!;
  for (let j = i + 1; j < items.length; j += 1) {
    const n = items[j]!;
    if (n.kind !== 'box' && n.chapter === chapter) return n;
  }
  return undefined;
}

function underfullPages({ chapters, placed, geometry, chapterCount, firstPage, at, warn }: Printed): void {
  // Pages less than a quarter full that are not their chapter's last page. The lowest line that
  // starts on a page tells how far down it is filled; a block running on to the next page fills it.
  const textTop = Math.max(...[...placed.values()].map((d) => d.top ?? 0));
  const textBottom = geometry.height - textTop;
  const textHeight = textTop - textBottom;
  if (textHeight > 0) {
    for (let k = 0; k < chapterCount; k += 1) {
      const chapter = chapters[k]!;
      // The chapter's last page with anything on it (a blank page may follow, before a right-hand start).
      const lastFilled = Math.max(...chapter.map((i) => placed.get(i.endId)?.page ?? 0));
      const { lowest, full } = pageFills(
        chapter.flatMap((item) => at(item) ?? []),
        firstPage[k]!,
        lastFilled,
      );
      for (let page = firstPage[k]!; page < lastFilled; page += 1) {
        const low = lowest.get(page);
        const filled = full.has(page) ? 1 : low === undefined ? 0 : (textTop - low) / textHeight;
        if (filled < 0.25) {
          const first = chapter[0];
          warn(
            first,
            page,
            `the page is ${Math.round(filled * 100)} % full, and its chapter goes on`,
            RULES.layoutUnderfullPage,
          );
        }
      }
    }
  }
}

/**
 * Of each page from `first` to before `end`: the lowest top of an item's start or end on it, and
 * whether a block goes on from it to a later page (filling it to its foot). One pass over the items
 * (each page looking at every item of a long chapter took ~15 ms at 20 × the review).
 */
function pageFills(
  items: ReadonlyArray<{ start: PlacedDestination; end: PlacedDestination }>,
  first: number,
  end: number,
): { lowest: Map<number, number>; full: Set<number> } {
  const lowest = new Map<number, number>();
  const full = new Set<number>();
  for (const { start, end: last } of items) {
    for (let page = Math.max(start.page, first); page < Math.min(last.page, end); page += 1) full.add(page);
    for (const d of [start, last])
      if (d.page >= first && d.page < end && d.top !== undefined)
        lowest.set(d.page, Math.min(lowest.get(d.page) ?? Number.POSITIVE_INFINITY, d.top));
  }
  return { lowest, full };
}

/** Overflows found before printing, as warnings. */
export function overflowWarnings(overflows: readonly Overflow[], file: string): Diagnostic[] {
  return overflows.map((o) => ({
    ...where(o.source, file),
    severity: 'warning' as const,
    message: `${o.label} is ${o.width} mm wide, wider than its ${o.column} mm column: clipped to it (Chromium would have shrunk every page)`,
    rule: RULES.layoutTooWide.id,
    fix: RULES.layoutTooWide.fix,
  }));
}

function where(source: string | undefined, fallback: string): Pick<Diagnostic, 'file' | 'line' | 'column'> {
  const m = source ? /^(.*):(\d+):(\d+)$/.exec(source) : null;
  return m ? { file: m[1]!, line: Number(m[2]), column: Number(m[3]) } : { file: fallback };
}

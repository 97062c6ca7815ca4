// Fitting and marking the laid-out print page for the layout check (see ../layout-check.ts): what
// is wider than its column is clipped to it and named, then every block, heading and callout box
// gets a start and an end marker that Chromium turns into named destinations in the PDF.
import { hideFromScreen } from './screen-hidden.js';
import type { LayoutItemKind, Marked, Overflow } from '../layout-check.js';
import { putMarksFound } from './line-ends.js';

const PX_PER_MM = 96 / 25.4;

const mm = (px: number) => Math.round((px / PX_PER_MM) * 10) / 10;

const sourceOf = (el: Element) => el.closest('[data-source]')?.getAttribute('data-source') ?? undefined;

const collapsed = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The start of an element's text (its text nodes' in order, as textContent), white space collapsed
 * and trimmed: all of it, or more than `most` characters of it (a prefix so collapsed starts as the
 * whole text does, but for its last character), not a whole paragraph's, list's or table's text.
 */
function textStart(el: Element, most: number): string {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let raw = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    raw += (n as Text).data;
    if (raw.length <= 4 * most) continue;
    const start = collapsed(raw.slice(0, 4 * most));
    if (start.length > most + 1) return start;
  }
  return collapsed(raw);
}

/** Short description for messages: `callout "The census of…"`, `heading "A. Title"`. */
function describe(el: Element): string {
  const text = textStart(el, 40);
  const words = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  const name = el.matches('aside') ? 'callout' : el.matches('h1,h2,h3,h4') ? 'heading' : el.tagName.toLowerCase();
  return words ? `${name} "${words}"` : name;
}

/**
 * Clip what is wider than its column (and say so), then mark every element the check measures.
 * `prefix`: of the markers' ids. The line wraps' marks left to put in (line-ends.ts) go in after the
 * reads: zero-width, they widen nothing, and the page is laid out once for them and the markers, not
 * before the reads too. `hide`: the edition no longer displayed after (page.ts hideEdition), in this
 * same task, so no frame lays it out again for the marks (parts are printed from their own HTML);
 * `screen`: instead hidden from the screen alone, by the style of that id (screen-hidden.ts).
 */
export function fitAndMark(prefix: string, hide = false, screen = ''): Marked {
  const started = performance.now();
  const overflows: Overflow[] = [];
  // Found to fit already (fitsAsItIs, by markLineWraps before its tracks went in): not read again.
  if (!takeFitted()) {
    wrapWideTables();
    overflows.push(...squeezedTables());
    // (The body's box as it was before anything is clipped.)
    const body = document.body.getBoundingClientRect();
    const clipped: Element[] = [];
    clipToColumns(overflows, clipped, body);
    clipToPage(overflows, clipped, body);
  }
  const fitted = performance.now();
  // Before the markers: their labels are the text as it prints.
  putMarksFound();
  const items = markBlocks(prefix);
  if (hide) document.documentElement.style.display = 'none';
  else if (screen) hideFromScreen(screen);
  return { overflows, items, ms: { fit: fitted - started, mark: performance.now() - fitted } };
}

type FittedWindow = Window & { briefingFitted?: HTMLElement };

/**
 * Whether fitAndMark would find nothing to wrap or clip: its reads, none of its writes. When so,
 * kept for it (`keep`), so that it does not read the page again: markLineWraps asks before its
 * tracks go in (they widen nothing), and the page, hidden then, is never laid out with them.
 */
export function fitsAsItIs(keep: boolean): boolean {
  const overflows: Overflow[] = [];
  if (!wrapWideTables(true)) {
    overflows.push(...squeezedTables());
    const body = document.body.getBoundingClientRect();
    if (overflows.length === 0) clipToColumns(overflows, [], body, true);
    if (overflows.length === 0) clipToPage(overflows, [], body, true);
    if (overflows.length === 0) {
      if (keep) (window as FittedWindow).briefingFitted = document.body;
      return true;
    }
  }
  return false;
}

/** Whether fitsAsItIs found this body fitting, by the step just before (once). */
export function takeFitted(): boolean {
  const fitted = (window as FittedWindow).briefingFitted === document.body;
  delete (window as FittedWindow).briefingFitted;
  return fitted;
}

/**
 * A wide table that settling its soft hyphens made too wide again (a hyphen taken out joins a
 * word): its words wrap anywhere (print.css: .table-wrap) rather than be clipped. `dry`: only
 * whether one would (true).
 */
function wrapWideTables(dry = false): boolean {
  for (const table of Array.from(
    document.querySelectorAll<HTMLElement>('main .chapter .table-wide table, main .chapter table.table-wide'),
  )) {
    if (table.getBoundingClientRect().right > document.body.getBoundingClientRect().right + 1) {
      if (dry) return true;
      (table.closest<HTMLElement>('.table-wide') ?? table).classList.add('table-wrap');
    }
  }
  return false;
}

/**
 * A table whose cells cannot hold their text even broken anywhere (a runaway export of thousands
 * of columns) is named: the width its first row's text needs.
 */
function squeezedTables(): Overflow[] {
  const squeezed: Overflow[] = [];
  for (const table of Array.from(
    document.querySelectorAll<HTMLElement>('main .chapter .table-wrap table, main .chapter table.table-wrap'),
  )) {
    const cells = Array.from(table.querySelectorAll<HTMLElement>('tr:first-child > *'));
    if (!cells.some((c) => c.scrollWidth > c.clientWidth + 1)) continue;
    const needed = cells.reduce((sum, c) => sum + c.scrollWidth, 0);
    squeezed.push({
      source: sourceOf(table),
      label: describe(table),
      width: mm(needed),
      column: mm(document.body.getBoundingClientRect().width),
    });
  }
  return squeezed;
}

/**
 * Wider than the column: clip to it. Chapters are the text column (boxes float in the side column
 * beside them); a box must stay inside the page's content box.
 */
function clipToColumns(overflows: Overflow[], clipped: Element[], body: DOMRect, dry = false): void {
  // Each chapter's box read once, until something is clipped (a read a block was ~half this step's).
  const columns = new Map<Element, DOMRect>();
  const columnOf = (el: Element) => {
    let rect = columns.get(el);
    if (!rect) columns.set(el, (rect = el.getBoundingClientRect()));
    return rect;
  };
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('body [data-source]'))) {
    if (clipped.some((c) => c.contains(el))) continue;
    // Boxes, their content, chapter titles and the sources list may use the side column too.
    const wholePage = el.closest('aside, .kind-sources, .table-wide') !== null || el.matches('.kind-chapter > h1');
    const column = wholePage ? body : columnOf(el.closest('.chapter, .preface') ?? document.body);
    const rect = el.getBoundingClientRect();
    const wider = Math.max(rect.right - column.right, el.scrollWidth - el.clientWidth);
    if (wider <= 1) continue;
    overflows.push({
      source: sourceOf(el),
      label: describe(el),
      width: mm(Math.max(rect.width, el.scrollWidth)),
      column: mm(column.width),
    });
    if (dry) return;
    if (el.tagName === 'TABLE') {
      // Cells wholly beyond the column would be printed invisibly (and land in the text layer,
      // thousands of them for a runaway export): remove them, keep what can be seen.
      const hidden = Array.from(el.querySelectorAll('th, td')).filter(
        (cell) => cell.getBoundingClientRect().left >= column.right,
      );
      for (const cell of hidden) cell.remove();
      el.style.display = 'block';
    }
    el.style.maxWidth = `${column.right - rect.left}px`;
    el.style.overflow = 'hidden';
    clipped.push(el);
    columns.clear();
  }
}

/** Anything else still wider than the page (no source of its own): clip its block too. */
function clipToPage(overflows: Overflow[], clipped: Element[], body: DOMRect, dry = false): void {
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
    if (clipped.some((c) => c.contains(el))) continue;
    const rect = el.getBoundingClientRect();
    if (rect.right <= body.right + 1 || getComputedStyle(el).display === 'none') continue;
    overflows.push({ source: sourceOf(el), label: describe(el), width: mm(rect.width), column: mm(body.width) });
    if (dry) return;
    el.style.maxWidth = `${Math.max(0, body.right - rect.left)}px`;
    el.style.overflow = 'hidden';
    clipped.push(el);
  }
}

/** The blocks of each chapter the check measures (headings, paragraphs, boxes…), of a section too. */
const BLOCKS =
  ':scope > :is(h1,h2,h3,h4,h5,h6,p,ul,ol,dl,div,details,figure,table,pre,blockquote,aside,.sources), :scope > .section > :is(h2,h3,h4,h5,h6,p,ul,ol,dl,div,details,figure,table,pre,blockquote,aside)';

/** Markers. A destination is written for every id some link points to, hidden links included. */
function markBlocks(prefix: string): Marked['items'] {
  const items: Marked['items'] = [];
  const links = document.createElement('div');
  links.hidden = true;
  // parts.ts finds it to give each part the links of its own markers.
  links.setAttribute('data-briefing-markers', '');
  Array.from(document.querySelectorAll('main .chapter')).forEach((chapter, k) => {
    const wide = chapter.matches('.kind-sources');
    // Numbered within the chapter: a block added to one chapter renames no marker of another
    // (whose part, printed before, stays reusable: see parts.ts).
    let n = 0;
    for (const el of Array.from(chapter.querySelectorAll(BLOCKS))) {
      n += 1;
      items.push(mark(el, kindOf(el, wide), k, `${prefix}${k}-${n}`, links));
    }
  });
  document.body.appendChild(links);
  return items;
}

function kindOf(el: Element, wide: boolean): LayoutItemKind {
  if (el.matches('aside')) return 'box';
  if (el.matches('h2,h3,h4,h5,h6')) return 'heading';
  return el.matches('.kind-chapter > h1, .table-wide') || wide ? 'wide' : 'block';
}

/** An element's start (its id, or `name`) and an end marker after its last line, linked from `links`. */
function mark(el: Element, kind: LayoutItemKind, chapter: number, name: string, links: HTMLElement) {
  if (!el.id) el.id = name;
  const end = document.createElement('span');
  end.id = `${name}-end`;
  // The end of a table is its last cell; of anything else, its last line.
  // (querySelector's first match of `tr:last-child` would be the header row's.)
  const cells = el.tagName === 'TABLE' ? el.querySelectorAll('tr:last-child > :last-child') : [];
  const host = cells.length > 0 ? cells[cells.length - 1]! : el;
  const last = host.lastElementChild;
  (last && /^(P|LI|DD|FIGCAPTION|DIV|OL|UL)$/.test(last.tagName) ? last : host).appendChild(end);
  for (const id of [el.id, end.id]) {
    const a = document.createElement('a');
    a.href = `#${id}`;
    links.appendChild(a);
  }
  return { id: el.id, endId: end.id, kind, chapter, source: sourceOf(el), label: describe(el) };
}

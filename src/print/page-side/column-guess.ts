// The edition laid out in columns exactly one page tall (Chromium fragments a multi-column box with
// the engine that paginates, as print.css `.foot-measure` relies on): the column each id falls in is
// the page it would print on, a cold build's first guess of its page numbers (../column-guess.ts).
// Every forced page break (and named page change) of the edition is made a column break for it;
// the page is left as it was.
import type { Columns } from '../column-guess.js';
import { shownForNow } from './screen-hidden.js';
import { contentHeight } from './text.js';

/** Break values that force a page break (Chromium does not force them between columns). */
const PAGE_BREAKS = new Set(['page', 'left', 'right', 'recto', 'verso']);
const ATTR = 'data-briefing-column-break';

/**
 * The column (0-based) each of `ids` starts in and the edition's last column; undefined when the
 * page has no page height to lay out in (`--content-height`) or holds any `skip` element (blank pages
 * put in: the guess is of an edition without them). Read again once the faces are in when the layout
 * in columns started loading one (laid out in a stand-in face, lines move).
 */
export async function columnGuess(ids: string[], skip: string, screen = ''): Promise<Columns | undefined> {
  const { body } = document;
  await document.fonts.ready;
  // Hidden from the screen (screen-hidden.ts `screen`): shown for this layout alone, hidden again in
  // this task, before the page renders a frame (its layout would be for nothing: the print lays out).
  // (Its height read first, by a probe outside the body: in it, the probe laid the edition out once
  // more, in no columns.)
  const outside = screen ? heightOutsideBody() : 0;
  const hideAgain = shownForNow(screen);
  // A print's page area is the theme's height rounded up to a whole px (measured: 941.1 → 942 px).
  const height = Math.ceil(outside || contentHeight());
  if (document.querySelector(skip) || !(height > 0)) {
    hideAgain();
    return undefined;
  }
  const marked = markBreaks();
  const style = document.createElement('style');
  style.textContent = `body { columns: 1 !important; column-fill: auto !important; column-gap: 150mm !important;
  height: ${height}px !important; }
[${ATTR}~='before'] { break-before: column !important; }
[${ATTR}~='after'] { break-after: column !important; }`;
  document.head.append(style);
  const end = document.createElement('div');
  body.append(end);
  try {
    let columns = readColumns(ids, end);
    if (document.fonts.status === 'loading') {
      await document.fonts.ready;
      columns = readColumns(ids, end);
    }
    return columns;
  } finally {
    style.remove();
    end.remove();
    for (const el of marked) el.removeAttribute(ATTR);
    hideAgain();
  }
}

/**
 * contentHeight with the body's `--content-height`, measured by a probe beside the body rather than
 * in it (0: the body has none): laid out alone.
 */
function heightOutsideBody(): number {
  const value = getComputedStyle(document.body).getPropertyValue('--content-height').trim();
  if (!value) return 0;
  const probe = document.createElement('div');
  probe.style.cssText = 'position:absolute;visibility:hidden;width:0';
  probe.style.height = value;
  document.documentElement.append(probe);
  const height = probe.getBoundingClientRect().height;
  probe.remove();
  return height;
}

/** Each id's column and the column of `end`, in the body laid out in columns. */
function readColumns(ids: string[], end: Element): Columns {
  const { body } = document;
  const box = body.getBoundingClientRect();
  const css = getComputedStyle(body);
  const left = box.left + parseFloat(css.borderLeftWidth) + parseFloat(css.paddingLeft);
  // (Not clientWidth: a quirks-mode body's is the viewport's.)
  const inner = ['borderLeftWidth', 'paddingLeft', 'paddingRight', 'borderRightWidth'] as const;
  const step = inner.reduce((w, side) => w - parseFloat(css[side]), box.width) + parseFloat(css.columnGap);
  // Rounded: a box hanging out of its column by less than half the gap is still in it.
  const column = (el: Element) => Math.round((el.getBoundingClientRect().left - left) / step);
  const at = ids.map((id) => {
    const el = document.getElementById(id);
    return el && el.getClientRects().length > 0 ? column(el) : null;
  });
  return { at, end: column(end) };
}

/**
 * Each element that starts or ends a page in print, marked to start or end a column: those the
 * stylesheets' rules (and style attributes) could give a forced break or a named page, by their
 * computed style. A named page breaks where a sibling's differs.
 */
function markBreaks(): Element[] {
  const selectors = new Set<string>(['[style]']);
  for (const sheet of Array.from(document.styleSheets)) {
    try {
      collectSelectors(sheet.cssRules, selectors);
    } catch {
      // (A sheet whose rules cannot be read: its breaks are not seen, the guess may be wrong.)
    }
  }
  const candidates = new Set<Element>();
  for (const selector of selectors) {
    try {
      for (const el of Array.from(document.body.querySelectorAll(selector))) candidates.add(el);
    } catch {
      // (A selector querySelectorAll does not take: a pseudo-element's.)
    }
  }
  const marked: Element[] = [];
  for (const el of candidates) {
    const css = getComputedStyle(el);
    if (css.display === 'none') continue;
    const named = css.page !== '' && css.page !== 'auto';
    const before = PAGE_BREAKS.has(css.breakBefore) || (named && pageOf(el.previousElementSibling) !== css.page);
    const after = PAGE_BREAKS.has(css.breakAfter) || (named && pageOf(el.nextElementSibling) !== css.page);
    if (!before && !after) continue;
    el.setAttribute(ATTR, `${before ? 'before ' : ''}${after ? 'after' : ''}`.trim());
    marked.push(el);
  }
  return marked;
}

/** A sibling's named page (`auto` for none); undefined at either end. */
function pageOf(el: Element | null): string | undefined {
  return el ? getComputedStyle(el).page || 'auto' : undefined;
}

/** The selectors of every style rule that sets a page break or a named page, nested rules too. */
function collectSelectors(rules: CSSRuleList, into: Set<string>): void {
  for (const rule of Array.from(rules)) {
    if (rule instanceof CSSStyleRule) {
      const { style } = rule;
      if (
        PAGE_BREAKS.has(style.breakBefore) ||
        PAGE_BREAKS.has(style.breakAfter) ||
        (style.page && style.page !== 'auto')
      )
        into.add(rule.selectorText);
    }
    if ('cssRules' in rule && !(rule instanceof CSSPageRule))
      collectSelectors((rule as CSSGroupingRule).cssRules, into);
  }
}

// The layout markers a warm rebuild prints. Chromium looks up every named destination on every
// page it prints (measured: the cost grows with destinations × pages, ~1 µs each for an empty span):
// the ~2,400 markers of a 240-page report cost its print ~0.4 s. On a rebuild whose prepared body
// came from the cache (prepared-cache.ts; foot-cache.ts with page-foot notes), the last print of
// that same body says where every marker fell (kept below, under the body's key); only the markers
// that decide a finding are printed again, and each must fall where it fell then (else every
// marker is printed again, see pdf.ts). Why the others need not be printed: the
// blocks and headings of a chapter follow each other through the pages, so a marker between two
// printed ones on the same page is on that page. Of the rest, the checks (layout-check.ts,
// foot-proof.ts) ask only the highest and the lowest marker of each page and the lowest block start
// (under the page's notes): those are printed, as the last print placed them. Boxes and full-width
// items are printed whole, and every start on a page whose notes had body text below them (the
// proof counts them). Where the last print's markers were out of page order (Chromium gives a
// marker in the first line of a page the page before), the page changes there: those are printed.
import { cacheFileFor, readCacheJson, writeCacheFile } from '../cache.js';
import type { LayoutItem, PlacedDestination } from './layout-check.js';
import { MARKER_PREFIX } from './layout-check.js';

/** A marker of the flow (a block or heading's start or end), with where the last print placed it. */
interface FlowMark {
  id: string;
  start: boolean;
  at: PlacedDestination & { top: number };
}

/**
 * The markers this print may leave out, with where the last print of the same body placed them.
 */
export function leanMarks(
  items: readonly LayoutItem[],
  areas: readonly { id: string }[],
  last: ReadonlyMap<string, PlacedDestination>,
): Map<string, PlacedDestination> {
  const flows = flowsOf(items, last);
  const crowded = pagesWithTextBelowNotes(items, areas, last);
  const dropped = new Map<string, PlacedDestination>();
  for (const flow of flows) {
    for (const run of pageRuns(flow)) {
      const starts = run.filter((m) => m.start);
      const needed = new Set([run[0], run.at(-1), highest(run), lowest(run), lowest(starts)]);
      const everyStart = crowded.has(run[0]!.at.page);
      for (const mark of run) {
        if (!needed.has(mark) && !(mark.start && everyStart) && mark.id.startsWith(MARKER_PREFIX))
          dropped.set(mark.id, mark.at);
      }
    }
  }
  return dropped;
}

/** Each chapter's blocks and headings as their start and end markers, in order (those the last print placed). */
function flowsOf(items: readonly LayoutItem[], last: ReadonlyMap<string, PlacedDestination>): FlowMark[][] {
  const flows = new Map<number, FlowMark[]>();
  for (const item of items) {
    if (item.kind !== 'block' && item.kind !== 'heading') continue;
    const flow = flows.get(item.chapter) ?? [];
    flows.set(item.chapter, flow);
    for (const [id, start] of [
      [item.id, true],
      [item.endId, false],
    ] as const) {
      const at = last.get(id);
      // Not placed (a hidden block, as the notes' store): printed as it is, nothing to infer.
      if (at?.top === undefined) continue;
      flow.push({ id, start, at: { page: at.page, top: at.top } });
    }
  }
  return [...flows.values()];
}

// (PDF heights grow upwards.)
const highest = (marks: readonly FlowMark[]) =>
  marks.reduce<FlowMark | undefined>((a, m) => (a && a.at.top >= m.at.top ? a : m), undefined);
const lowest = (marks: readonly FlowMark[]) =>
  marks.reduce<FlowMark | undefined>((a, m) => (a && a.at.top <= m.at.top ? a : m), undefined);

/** The flow cut where the page changes. */
function pageRuns(flow: readonly FlowMark[]): FlowMark[][] {
  const runs: FlowMark[][] = [];
  for (const mark of flow) {
    const run = runs.at(-1);
    if (run && run[0]!.at.page === mark.at.page) run.push(mark);
    else runs.push([mark]);
  }
  return runs;
}

/** The pages where the last print had a block starting below the notes (foot-proof.ts counts them all). */
function pagesWithTextBelowNotes(
  items: readonly LayoutItem[],
  areas: readonly { id: string }[],
  last: ReadonlyMap<string, PlacedDestination>,
): Set<number> {
  const pages = new Set<number>();
  for (const area of areas) {
    const notes = last.get(area.id);
    if (notes?.top === undefined) continue;
    const below = items.some((item) => {
      const start = last.get(item.id);
      return start?.page === notes.page && start.top !== undefined && start.top < notes.top! - 1;
    });
    if (below) pages.add(notes.page);
  }
  return pages;
}

/**
 * This print's places with the markers left out filled in from the last print; undefined when a
 * marker printed both times fell elsewhere this time (or not at all): then every marker is printed.
 */
export function completeMarks(
  placed: ReadonlyMap<string, PlacedDestination>,
  last: ReadonlyMap<string, PlacedDestination>,
  dropped: ReadonlyMap<string, PlacedDestination>,
): Map<string, PlacedDestination> | undefined {
  for (const [id, then] of last) {
    if (dropped.has(id)) continue;
    const now = placed.get(id);
    if (!now || now.page !== then.page || now.top !== then.top) return undefined;
  }
  return new Map([...placed, ...dropped]);
}

/** The positions to keep for the next rebuild: every marker's, and every layout item's. */
export function markPositions(
  items: readonly LayoutItem[],
  placed: ReadonlyMap<string, PlacedDestination>,
): Array<[string, number, number | null]> {
  const ids = new Set(items.flatMap((i) => [i.id, i.endId]));
  return [...placed]
    .filter(([id]) => id.startsWith(MARKER_PREFIX) || ids.has(id))
    .map(([id, at]) => [id, at.page, at.top ?? null]);
}

/** The marker links of the body (layout-check.ts's hidden list) without those of the markers left out. */
export function withoutMarkerLinks(body: string, dropped: ReadonlyMap<string, unknown>): string | undefined {
  const open = body.indexOf('<div hidden="" data-briefing-markers="">');
  const close = open < 0 ? -1 : body.indexOf('</div>', open);
  if (close < 0) return undefined;
  const links = body
    .slice(open, close)
    .replace(/<a href="#([^"]*)"><\/a>/g, (link, id: string) => (dropped.has(id) ? '' : link));
  return `${body.slice(0, open)}${links}${body.slice(close)}`;
}

/**
 * Where the last print with every layout marker placed them, under the key of the prepared body it
 * printed: a rebuild that puts that body in prints only the markers that decide a finding. Each as
 * [id, page, top or null].
 */
export interface KeptMarks {
  key: string;
  placed: Array<[string, number, number | null]>;
}

const marksFileFor = (pdf: string) => cacheFileFor('layout-marks', pdf, 'json');

export function lastMarks(pdf: string, key: string): Map<string, { page: number; top?: number }> | undefined {
  const file = marksFileFor(pdf);
  const kept = file ? readCacheJson(file, isKeptMarks) : undefined;
  if (kept?.key !== key) return undefined;
  return new Map(kept.placed.map(([id, page, top]) => [id, top === null ? { page } : { page, top }]));
}

function isKeptMarks(data: unknown): data is KeptMarks {
  const kept = data as Partial<KeptMarks> | null;
  return (
    typeof kept === 'object' &&
    kept !== null &&
    typeof kept.key === 'string' &&
    Array.isArray(kept.placed) &&
    kept.placed.every(
      (p) =>
        Array.isArray(p) &&
        typeof p[0] === 'string' &&
        typeof p[1] === 'number' &&
        (p[2] === null || typeof p[2] === 'number'),
    )
  );
}

/** Keep the markers' places for the next rebuild of this PDF (best effort: an unwritable cache is no cache). */
export function keepMarks(pdf: string, kept: KeptMarks): void {
  const file = marksFileFor(pdf);
  if (file) writeCacheFile(file, JSON.stringify(kept));
}

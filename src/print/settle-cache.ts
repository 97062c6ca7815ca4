// Settling soft hyphens (hyphens.ts) measures every hyphenated word on the laid-out page (~0.14 s
// of Chromium's time for the review), marking the line wraps (line-ends.ts) every wrapped line
// (~0.2–0.3 s): on the critical path of every print. What it finds depends
// only on the page: the whole print HTML (text, styles, fonts), the browser that lays it out (its
// version and flags) and the settling code. So the last result for each PDF is kept in Briefing's
// cache folder under a key of all of them; a rebuild of the same HTML puts it into the page with the
// body, before the first layout (putSettled checks the text nodes and letters are the same), and
// settledHold checks every kept hyphen still ends its line (else the page is loaded again and
// settled afresh). A stale, missing or broken file
// costs time, never a difference in output. (The check would not see a hyphen moved by a letter or
// two within a line end's slack: only an edited file could do that, since the key holds everything
// that decides the lines, the same trust as the parsed-Markdown cache beside it.)
// Beside it, what each chapter settled (settle-chunks.ts), under a key of its own HTML, the head, the
// edition's skeleton, the browser and the code: after an edit, only the chapters edited settle again.
import { createHash } from 'node:crypto';
import { cacheFileFor, readCacheJson, writeCacheFile } from '../cache.js';
import { textDigest } from '../output/digest.js';
import { LAUNCH_ARGS } from './chromium.js';
import { MAX_HYPHENS_IN_A_ROW, putSettled, settledHold, settleSoftHyphens, type HyphenCleanup } from './hyphens.js';
import { evenWordSpaces, MAX_SPACE_RATIO, MAX_TRACKING_EM, type Track, type Variant, VARIANTS } from './word-spaces.js';
import { applyLineWraps, markLineWraps, type LineWraps } from './line-ends.js';
import { pageSideCode } from './page-script.js';
import { CHUNK_CODE, type ChunkSettled } from './settle-chunks.js';

/** What settles text besides the text: the browser, the code. */
function settling(browserVersion: string) {
  return createHash('sha256')
    .update(`${browserVersion}\0${LAUNCH_ARGS.join(' ')}\0`)
    .update(`${settleSoftHyphens.toString()}\0${putSettled.toString()}\0${settledHold.toString()}\0`)
    .update(
      `${JSON.stringify(MAX_HYPHENS_IN_A_ROW)}\0${evenWordSpaces.toString()}\0${MAX_SPACE_RATIO}\0${MAX_TRACKING_EM}\0${VARIANTS.join(';')}\0`,
    )
    .update(`${markLineWraps.toString()}\0${applyLineWraps.toString()}\0`)
    .update(pageSideCode()); // what those calls run in the page
}

/** What settles an edition's text: its HTML, the browser, the code. */
export function settleKey(html: string, browserVersion: string): string {
  return settling(browserVersion).update(textDigest(html)).digest('hex');
}

/** What settles every chapter's text besides its own HTML and place: the head (styles, fonts), the browser, the code. */
export function chunkBase(head: string, browserVersion: string): string {
  return settling(browserVersion).update(`${CHUNK_CODE}\0`).update(head).digest('hex');
}

const fileFor = (pdf: string) => cacheFileFor('settled', pdf, 'json');

/** What the last build of this PDF settled, the lines it tracked (word-spaces.ts), the wraps it marked (line-ends.ts). */
export interface Settled {
  cleanup: HyphenCleanup;
  tracks: Track[];
  variants: Variant[];
  /** Tables set across the text area before settling (layout-check.ts fitTables): 0 lets the
   * settling go in with the body, since no table's hyphens are then taken out and put back. */
  widened: number;
  wraps: LineWraps;
}

/** The settling the last build of this PDF found, if it was for this key. */
export function lastSettled(pdf: string, key: string): Settled | undefined {
  return readSettled(pdf, key).whole;
}

/** What the last build of this PDF settled: the whole edition's, if for this key; each chapter's by its key. */
export function readSettled(pdf: string, key: string): { whole?: Settled; chunks: Map<string, ChunkSettled> } {
  const file = fileFor(pdf);
  const kept = file ? readCacheJson(file, isKept) : undefined;
  const whole =
    kept?.key === key
      ? {
          cleanup: kept.cleanup,
          tracks: kept.tracks,
          variants: kept.variants,
          widened: kept.widened,
          wraps: kept.wraps,
        }
      : undefined;
  return { whole, chunks: new Map(kept?.chunks ?? []) };
}

/** The shape keepSettled writes: anything else (an old format, an edited file) is a miss. */
function isKept(data: unknown): data is Settled & { key: string; chunks?: Array<[string, ChunkSettled]> } {
  if (typeof data !== 'object' || data === null) return false;
  const { key, cleanup, tracks, variants, widened, wraps, chunks } = data as {
    chunks?: unknown;
    key?: unknown;
    widened?: unknown;
    cleanup?: Partial<HyphenCleanup> | null;
    tracks?: unknown;
    variants?: unknown;
    wraps?: unknown;
  };
  const settled = typeof cleanup === 'object' && cleanup !== null ? cleanup.settled : undefined;
  return (
    typeof key === 'string' &&
    Number.isInteger(widened) &&
    typeof settled === 'object' &&
    settled !== null &&
    isFound({ ...settled, tracks, variants, wraps }) &&
    (chunks === undefined ||
      (Array.isArray(chunks) &&
        chunks.every(
          (c) =>
            Array.isArray(c) &&
            c.length === 2 &&
            typeof c[0] === 'string' &&
            isFound(c[1]) &&
            Number.isInteger(c[1].widened),
        )))
  );
}

/** The shape of what settling found (hyphens, tracks, variants, wraps), the whole edition's or a chapter's (with `widened`). */
function isFound(data: unknown): data is ChunkSettled {
  if (typeof data !== 'object' || data === null) return false;
  const { texts, ends, tracks, variants, wraps, widened } = data as Record<string, unknown>;
  const numbers = (list: unknown, length: number) =>
    Array.isArray(list) &&
    list.every((t) => Array.isArray(t) && t.length === length && t.every((n) => typeof n === 'number'));
  return (
    (widened === undefined || Number.isInteger(widened)) &&
    Array.isArray(texts) &&
    Array.isArray(ends) &&
    texts.every((t) => typeof t === 'string') &&
    ends.every((e) => Array.isArray(e) && e.every(Number.isInteger)) &&
    numbers(tracks, 4) &&
    numbers(variants, 2) &&
    Array.isArray(wraps) &&
    wraps.every(
      (w) =>
        Array.isArray(w) &&
        w.length === 2 &&
        Number.isInteger(w[0]) &&
        Array.isArray(w[1]) &&
        w[1].every(Number.isInteger),
    )
  );
}

/**
 * Keep this settling, and each chapter's by its key, for the next build of this PDF (best effort: a
 * cache that cannot be written is no cache).
 */
export function keepSettled(
  pdf: string,
  key: string,
  { cleanup, tracks, variants, widened, wraps }: Settled,
  chunks: Array<[string, ChunkSettled]> = [],
): void {
  const file = fileFor(pdf);
  // Not written: the next build settles again.
  if (file) writeCacheFile(file, JSON.stringify({ key, cleanup, tracks, variants, widened, wraps, chunks }));
}

// Preparing the print page (pdf.ts step 1) lays the whole edition out several times: the soft
// hyphens are settled or checked (hyphens.ts, settle-cache.ts), the loose lines tracked
// (word-spaces.ts), the line wraps marked (line-ends.ts), the tables fitted and the blocks marked for
// the layout check (layout-check.ts): ~85 ms of every rebuild of the review, with nothing changed.
// What it makes depends only on the print HTML, the browser and that code. So the body as the last
// build of each PDF left it, with what marking found, is kept in the cache folder under a key of all
// three; a rebuild of the same HTML puts that body in the page in one step and skips the steps.
// (Page-foot notes keep their own prepared body, placed notes and all: foot-cache.ts.) A stale,
// missing or broken file costs time, never a difference in output (cache.ts seals each file).
import { cacheFileFor, cacheFileMayStartWith, readCacheRecord, writeCacheRecordSoon } from '../cache.js';
import { isMarked, placementKey } from './foot-cache.js';
import { fitAndMark, fitTables, type Marked } from './layout-check.js';
import { applyTracks, applyVariants } from './word-spaces.js';
import { settleKey } from './settle-cache.js';

/** A prepared body as kept: its key, the body's HTML (inside <body>) and what marking found. */
interface KeptBody {
  key: string;
  body: string;
  marked: Marked;
}

/** The last key made: a build asks for the same HTML's key twice (to look the body up, then to keep it). */
let lastKey: { html: string; browserVersion: string; key: string } | undefined;

/** What decides a prepared body: the HTML, the browser, and the code of every preparing step. */
export function preparedKey(html: string, browserVersion: string): string {
  if (lastKey?.html === html && lastKey.browserVersion === browserVersion) return lastKey.key;
  const code = [settleKey('', browserVersion), applyVariants, applyTracks, fitTables, fitAndMark];
  const key = placementKey(html, browserVersion, code.map(String).join('\0'));
  lastKey = { html, browserVersion, key };
  return key;
}

const fileFor = (pdf: string) => cacheFileFor('prepared', pdf, 'json');

/**
 * The body the last build of this PDF prepared, if it was for this key. A file kept for another key
 * (after an edit) is not read whole: its key is written first (keepPrepared).
 */
export function lastPrepared(pdf: string, key: string): { body: string; marked: Marked } | undefined {
  const file = fileFor(pdf);
  if (!file || !cacheFileMayStartWith(file, keptStart(key))) return undefined;
  const record = readCacheRecord(file);
  if (!record) return undefined;
  const kept = { ...(record.head as object), body: record.body.toString('utf8') };
  return isKept(kept) && kept.key === key ? { body: kept.body, marked: kept.marked } : undefined;
}

/** How a kept body's file starts (JSON.stringify writes the key first, as keepPrepared orders it). */
const keptStart = (key: string) => `{"key":${JSON.stringify(key)},`;

function isKept(data: unknown): data is KeptBody {
  if (typeof data !== 'object' || data === null) return false;
  const { key, body, marked } = data as Partial<KeptBody>;
  return typeof key === 'string' && typeof body === 'string' && isMarked(marked);
}

/**
 * Keep a prepared body for the next build of this PDF (best effort: an unwritable cache is no cache):
 * a line of JSON (the key, what marking found), then the body as it is (JSON would escape its every
 * quote: at 20 × the review, 6 MB turned into JSON at the end of every edit).
 */
export function keepPrepared(pdf: string, kept: KeptBody): void {
  const file = fileFor(pdf);
  // (In the thread pool: it comes from the page while the PDF is being finished.)
  if (file) void writeCacheRecordSoon(file, { key: kept.key, marked: kept.marked }, kept.body);
}

// Placing page-foot notes (foot-notes.ts) lays each chapter out again, page by page: ~0.4 s of
// Chromium's time for the review and seconds for a 240-page report, before every first print. What
// it does depends only on the page it starts from (the print HTML as loaded, settled and marked),
// the browser and the placing code. So the last placement of each PDF is kept in the cache folder
// (the body as placement left it, and what it reports for the proof) under a key of the HTML, the
// browser and the code; a rebuild of the same HTML puts that body in the page in one step, once the
// page's body is checked to be the one that placement started from (a hash of it). A stale, missing
// or broken file costs time, never a difference in output (cache.ts seals each file).
import { createHash } from 'node:crypto';
import { cacheFileFor, readCacheJson, writeCacheFile } from '../cache.js';
import { textDigest } from '../output/digest.js';
import { LAUNCH_ARGS } from './chromium.js';
import type { Marked } from './layout-check.js';

/** A placement as kept: the page's body before and after it, and its report (FootNotes, as JSON). */
export interface KeptPlacement {
  key: string;
  /** The hash of the body placement started from (checked in the page before the body is put in). */
  before: string;
  body: string;
  foot: unknown;
  /** What marking the layout found (fitAndMark), for the layout check of a build that skips it. */
  marked: Marked;
}

/** What decides a placement: the edition's HTML, the browser (version and flags) and the code. */
export function placementKey(html: string, browserVersion: string, code: string): string {
  return createHash('sha256')
    .update(`${browserVersion}\0${LAUNCH_ARGS.join(' ')}\0${code}\0`)
    .update(textDigest(html))
    .digest('hex');
}

const fileFor = (pdf: string) => cacheFileFor('foot-notes', pdf, 'json');

/** The placement the last build of this PDF kept, if it was for this key. */
export function lastPlacement(pdf: string, key: string): KeptPlacement | undefined {
  const file = fileFor(pdf);
  const kept = file ? readCacheJson(file, isKept) : undefined;
  return kept?.key === key ? kept : undefined;
}

function isKept(data: unknown): data is KeptPlacement {
  if (typeof data !== 'object' || data === null) return false;
  const { key, before, body, foot, marked } = data as Partial<KeptPlacement>;
  return (
    typeof key === 'string' &&
    typeof before === 'string' &&
    typeof body === 'string' &&
    typeof foot === 'object' &&
    foot !== null &&
    isMarked(marked)
  );
}

export function isMarked(data: unknown): data is Marked {
  const marked = data as Partial<Marked> | null | undefined;
  return (
    typeof marked === 'object' &&
    marked !== null &&
    Array.isArray(marked.overflows) &&
    Array.isArray(marked.items) &&
    marked.items.every((i) => typeof i?.id === 'string' && typeof i.endId === 'string' && typeof i.kind === 'string') &&
    typeof marked.ms === 'object' &&
    marked.ms !== null
  );
}

/** Keep a placement for the next build of this PDF (best effort: a cache that cannot be written is no cache). */
export function keepPlacement(pdf: string, kept: KeptPlacement): void {
  const file = fileFor(pdf);
  if (file) writeCacheFile(file, JSON.stringify(kept));
}

/**
 * The chapters the last build of this PDF placed, each under a hash of the chapter before placing
 * (foot-notes.ts), kept under a key of the head (not the whole HTML), the browser and the code: after
 * an edit, the chapters not edited are put in as placed (each chapter starts a page of its own).
 */
export interface KeptChapters {
  key: string;
  chapters: Record<string, unknown>;
}

const chaptersFileFor = (pdf: string) => cacheFileFor('foot-chapters', pdf, 'json');

export function lastChapters(pdf: string, key: string): Record<string, unknown> | undefined {
  const file = chaptersFileFor(pdf);
  const kept = file ? readCacheJson(file, isKeptChapters) : undefined;
  return kept?.key === key ? kept.chapters : undefined;
}

function isKeptChapters(data: unknown): data is KeptChapters {
  const kept = data as Partial<KeptChapters> | null;
  return (
    typeof kept === 'object' &&
    kept !== null &&
    typeof kept.key === 'string' &&
    typeof kept.chapters === 'object' &&
    kept.chapters !== null
  );
}

/** Keep the chapters this build placed for the next build of this PDF (best effort, as keepPlacement). */
export function keepChapters(pdf: string, kept: KeptChapters): void {
  const file = chaptersFileFor(pdf);
  if (file) writeCacheFile(file, JSON.stringify(kept));
}

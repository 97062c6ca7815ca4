// Printing the running heads (pages.ts) lays out and prints a document of as many pages as the
// edition: ~0.1 s of Chromium's time for the review, ~1.5 s at 20 times its length, on every build.
// What it prints depends only on the heads of each page, the page count, the logo, the print head
// (the @page rules and fonts), the browser and that code. So the last heads' PDF of each edition PDF
// is kept in the cache folder under a key of all of them; a rebuild that needs the same heads stamps
// those on and prints none. A stale, missing or broken file costs time, never a difference in
// output: the heads are reused only for the same key (cache.ts seals each file).
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { cacheFileFor, readCacheRecord, writeCacheRecordSoon } from '../cache.js';
import { codeKey } from '../code-key.js';
import { LAUNCH_ARGS } from './chromium.js';
import { startHeads, type PageHead, type PrintedHeads } from './pages.js';

/** What the heads of one print are: the head of each page, how many pages, the logo. */
export interface HeadsToPrint {
  heads: Map<number, PageHead>;
  pageCount: number;
  logo: string | undefined;
}

/** What decides the heads' PDF: the heads, the print head, the browser, and the code that prints them. */
export function headsKey(
  { heads, pageCount, logo }: HeadsToPrint,
  printHead: string,
  browserVersion: string,
  code: string,
): string {
  return createHash('sha256')
    .update(`${browserVersion}\0${LAUNCH_ARGS.join(' ')}\0${startHeads.toString()}\0${code}\0${MARKING}\0`)
    .update(`${pageCount}\0${logo ?? ''}\0${JSON.stringify([...heads])}\0`)
    .update(printHead)
    .digest('hex');
}

/** What marks the folio pages' streams kept with the heads (pages.ts markFolios): our code, zlib's. */
const MARKING = `${codeKey([], ['print/pages', 'print/artifacts'])}\0${process.versions.zlib}`;

// A line of JSON (the key, the PDF's length, each folio page's marked stream's), then the heads'
// PDF's bytes as they are, then those streams.
const fileFor = (pdf: string) => cacheFileFor('running-heads', pdf, 'bin');

/** The heads the last build of this PDF printed, if they were for this key. */
export function lastHeads(pdf: string, key: string, { heads, pageCount }: HeadsToPrint): PrintedHeads | undefined {
  const file = fileFor(pdf);
  const record = file ? readCacheRecord(file) : undefined;
  const head = record?.head as { key?: unknown; pdf?: unknown; marked?: unknown } | null | undefined;
  if (!record || head?.key !== key) return undefined;
  const { body } = record;
  const length = typeof head.pdf === 'number' ? head.pdf : body.length;
  const lengths = Array.isArray(head.marked) ? (head.marked as unknown[]) : [];
  const marked = new Map<number, Uint8Array>();
  let at = length;
  for (const entry of lengths) {
    if (!Array.isArray(entry) || !entry.every((n) => Number.isInteger(n) && n >= 0)) return undefined;
    const [page, size] = entry as [number, number];
    marked.set(page, new Uint8Array(body.subarray(at, at + size)));
    at += size;
  }
  if (at !== body.length || length > body.length) return undefined;
  const overlay = new Uint8Array(body.subarray(0, length));
  return { heads, pageCount, overlay, kept: true, ...(Array.isArray(head.marked) ? { marked } : {}) };
}

/**
 * Keep the heads' PDF for the next build of this PDF (best effort: an unwritable cache is no cache),
 * sealed and written in the thread pool (20 × the review: as JSON, base64, made, sealed and written
 * here, ~30 ms of this thread while the PDF was finished).
 */
export function keepHeads(pdf: string, key: string, overlay: Uint8Array, marked = new Map<number, Uint8Array>()): void {
  const file = fileFor(pdf);
  if (!file) return;
  const streams = [...marked];
  const head = { key, pdf: overlay.length, marked: streams.map(([p, bytes]) => [p, bytes.length]) };
  void writeCacheRecordSoon(file, head, Buffer.concat([overlay, ...streams.map(([, bytes]) => bytes)]));
  // (The JSON file of Briefing before the above: read no more.)
  rmSync(cacheFileFor('running-heads', pdf, 'json')!, { force: true });
}

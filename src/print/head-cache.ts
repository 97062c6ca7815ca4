// The head of the last print HTML of each PDF (fonts and styles, see page.ts), kept in Briefing's
// cache folder so the next build can load it into Chromium before its own HTML is ready. A guess
// only: page.ts uses it when the new head is the same byte for byte, so a stale, missing or broken
// file costs time, never a difference in output.
import { cacheFileFor, readCacheFile, writeCacheFile } from '../cache.js';

const fileFor = (pdf: string) => cacheFileFor('print-head', pdf, 'html');

/** The head the last build of this PDF printed, or '' (none kept, or unreadable). */
export function lastPrintHead(pdf: string): string {
  const file = fileFor(pdf);
  return (file && readCacheFile(file)) ?? '';
}

/**
 * Keep this head for the next build of this PDF (best effort: a cache that cannot be written is no
 * cache). `previous`: what lastPrintHead() gave this build, when it asked (saves reading it again).
 */
export function keepPrintHead(pdf: string, head: string, previous = lastPrintHead(pdf)): void {
  const file = fileFor(pdf);
  if (!file || !head || previous === head) return;
  // Not written: the next build loads the whole document.
  writeCacheFile(file, head);
}

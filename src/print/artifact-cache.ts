// What the last build of each PDF made of its content streams (artifacts.ts), kept in Briefing's
// cache folder: a rebuild whose pages come back from Chromium byte for byte the same (every page of
// an unchanged edition, the pages before an edit) takes their rewritten streams from here instead of
// reading and deflating them again (about 70 ms of CPU for the review, measured). Keyed by each
// stream's own bytes and by the code and zlib that rewrote it, so a stale, missing or broken file
// costs time, never a difference in output.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cacheFileFor, readCacheJson, writeCacheFile } from '../cache.js';
import { MARKING_CODE, type StreamMemo } from './artifacts.js';

const fileFor = (pdf: string) => cacheFileFor('artifacts', pdf, 'json');

const VERSION = createHash('sha256')
  .update(`${process.versions.zlib}\0${MARKING_CODE.join('\0')}`)
  .digest('hex');

interface Kept {
  version: string;
  /** [stream key, base64 of the rewritten stream or null]. */
  streams: Array<[string, string | null]>;
}

function isKept(data: unknown): data is Kept {
  if (typeof data !== 'object' || data === null) return false;
  const { version, streams } = data as Partial<Kept>;
  return (
    typeof version === 'string' &&
    Array.isArray(streams) &&
    streams.every(
      (e) =>
        Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && (e[1] === null || typeof e[1] === 'string'),
    )
  );
}

/** What the last build of this PDF made of its streams (empty: none kept, another version, unreadable). */
export function lastStreams(pdf: string): StreamMemo {
  const file = fileFor(pdf);
  const kept = file ? readCacheJson(file, isKept) : undefined;
  if (kept?.version !== VERSION) return new Map();
  return new Map(kept.streams.map(([key, bytes]) => [key, bytes === null ? null : Buffer.from(bytes, 'base64')]));
}

/** Whether anything may be kept for this PDF (a file there; cheaper than reading it: see lastStreams). */
export function streamsKept(pdf: string): boolean {
  const file = fileFor(pdf);
  return file !== undefined && existsSync(file);
}

/** Keep what this build made (best effort), unless it is what was kept already. */
export function keepStreams(pdf: string, found: StreamMemo, known: StreamMemo): void {
  const file = fileFor(pdf);
  if (!file || (found.size === known.size && [...found.keys()].every((key) => known.has(key)))) return;
  const streams = [...found].map(([key, bytes]) => [key, bytes && Buffer.from(bytes).toString('base64')]);
  writeCacheFile(file, JSON.stringify({ version: VERSION, streams }));
}

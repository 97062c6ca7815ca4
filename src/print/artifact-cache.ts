// What the last build of each PDF made of its content streams (artifacts.ts), kept in Briefing's
// cache folder: a rebuild whose pages come back from Chromium byte for byte the same (every page of
// an unchanged edition, the pages before an edit) takes their rewritten streams from here instead of
// reading and deflating them again (about 70 ms of CPU for the review, measured). Keyed by each
// stream's own bytes and by the code and zlib that rewrote it, so a stale, missing or broken file
// costs time, never a difference in output.
import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { cacheFileFor, readCacheBytes, writeCacheFileSoon } from '../cache.js';
import { MARKING_CODE, type StreamMemo } from './artifacts.js';

const fileFor = (pdf: string) => cacheFileFor('artifacts', pdf, 'bin');

const VERSION = createHash('sha256')
  .update(`${process.versions.zlib}\0${MARKING_CODE.join('\0')}`)
  .digest('hex');

/** The first line of the file: the version, and each stream's key with its bytes' length (null: nothing to wrap). */
interface Index {
  version: string;
  streams: Array<[string, number | null]>;
}

function isIndex(data: unknown): data is Index {
  if (typeof data !== 'object' || data === null) return false;
  const { version, streams } = data as Partial<Index>;
  return (
    typeof version === 'string' &&
    Array.isArray(streams) &&
    streams.every(
      (e) =>
        Array.isArray(e) &&
        e.length === 2 &&
        typeof e[0] === 'string' &&
        (e[1] === null || (Number.isInteger(e[1]) && e[1] >= 0)),
    )
  );
}

/**
 * The memo as a file's bytes: a line of JSON (the version, each key and length), then the streams'
 * bytes one after another, as they are. (As JSON with base64, 9.4 MB at 20 × the review, reading
 * and writing it cost an edit ~0.1 s of this process.)
 */
export function encodeStreams(version: string, memo: StreamMemo): Uint8Array {
  const streams: Index['streams'] = [...memo].map(([key, bytes]) => [key, bytes ? bytes.length : null]);
  const index = Buffer.from(`${JSON.stringify({ version, streams })}\n`);
  const chunks = [index, ...[...memo.values()].filter((b): b is Uint8Array => b !== null)];
  return Buffer.concat(chunks);
}

/** The memo encodeStreams wrote, if of `version` (each stream a view of `bytes`); else undefined. */
export function decodeStreams(version: string, bytes: Uint8Array): StreamMemo | undefined {
  const newline = bytes.indexOf(10);
  if (newline < 0) return undefined;
  let index: unknown;
  try {
    index = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, newline).toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isIndex(index) || index.version !== version) return undefined;
  const memo: StreamMemo = new Map();
  let at = newline + 1;
  for (const [key, length] of index.streams) {
    if (length !== null && at + length > bytes.length) return undefined;
    memo.set(key, length === null ? null : bytes.subarray(at, at + length));
    at += length ?? 0;
  }
  return at === bytes.length ? memo : undefined;
}

/** What readStreamsAhead read, by PDF, until lastStreams takes it. */
const readAhead = new Map<string, StreamMemo>();

/** lastStreams read now, while Chromium prints and this process waits on it, for the next lastStreams of `pdf`. */
export function readStreamsAhead(pdf: string): void {
  readAhead.delete(pdf);
  readAhead.set(pdf, lastStreams(pdf));
}

/** What the last build of this PDF made of its streams (empty: none kept, another version, unreadable). */
export function lastStreams(pdf: string): StreamMemo {
  const ahead = readAhead.get(pdf);
  if (ahead) {
    readAhead.delete(pdf);
    return ahead;
  }
  const file = fileFor(pdf);
  const bytes = file ? readCacheBytes(file) : undefined;
  return (bytes && decodeStreams(VERSION, bytes)) ?? (new Map() as StreamMemo);
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
  // (In the thread pool: the PDF is being finished.)
  void writeCacheFileSoon(file, encodeStreams(VERSION, found));
  // (The JSON and base64 file of Briefing before the above: read no more.)
  rmSync(cacheFileFor('artifacts', pdf, 'json')!, { force: true });
}

// The parts of the last build of each PDF (parts.ts), kept in Briefing's cache folder by the key of
// the document each was printed from (its HTML, the page head, the browser, the print options, its
// first page): a rebuild prints again only the parts whose document changed. Each part is a file of
// its own, named by its key, and each PDF's index names the parts of its last build: a rebuild
// after an edit reads only the parts it reuses and writes only the parts it printed (20 × the review:
// one file of 43 parts, 21 MB, took ~0.7 s of this process to write again after every edit). A
// stale, missing or broken file costs time, never a difference in output: a part is reused only for
// the same key, from a file sealed under that name (cache.ts).
import { rmSync } from 'node:fs';
import path from 'node:path';
import {
  cacheDir,
  cacheFileFor,
  readCacheBytes,
  readCacheBytesSoon,
  readCacheJson,
  writeCacheFile,
  writeCacheFileSoon,
} from '../cache.js';
import type { PDFDocument } from 'pdf-lib';
import type { PartCache } from './parts.js';

const indexFor = (pdf: string) => cacheFileFor('print-parts', pdf, 'json');

/**
 * A part's file, named by its key (a hex digest: parts.ts): the PDF's bytes as they are (base64 cost
 * an edit at 20 × the review ~0.1 s of this process to decode, and a third more bytes to seal).
 */
function partFile(key: string): string | undefined {
  const dir = cacheDir();
  return dir && /^[0-9a-f]{64}$/.test(key) ? path.join(dir, `print-part-${key}.pdf`) : undefined;
}

/** A part cache for one PDF: what the last build kept, and what this build prints or reuses. */
export class DiskPartCache implements PartCache {
  private readonly kept: Set<string>;
  private readonly used = new Map<string, Uint8Array>();
  /** The parts read from the cache folder (not written again). */
  private readonly read = new Set<string>();
  /** Parts read and loaded ahead (loadAhead), each loaded document taken once (loaded). */
  private readonly ahead = new Map<string, { pdf: Uint8Array; doc?: Promise<PDFDocument> }>();
  /** Parts asked for (loaded): not loaded ahead any more. */
  private readonly asked = new Set<string>();
  private loadingAhead = false;

  constructor(private readonly pdf: string) {
    const file = indexFor(pdf);
    this.kept = new Set((file ? readCacheJson(file, isKeys) : undefined) ?? []);
  }

  get(key: string): Uint8Array | undefined {
    const used = this.used.get(key) ?? this.ahead.get(key)?.pdf;
    if (used) return used;
    return this.readPart(key);
  }

  /**
   * The last build's parts read and loaded (`load`), in order, one a turn of the event loop, while
   * Chromium prepares the page and this process waits for it: an edit reuses all parts but one or
   * two (20 × the review: ~0.5 s of loading out of the parts' step, which follows the preparing).
   * Each part is read and its seal checked in the thread pool, all at once (readCacheBytesSoon);
   * resolves once all are loaded.
   */
  loadAhead(load: (pdf: Uint8Array) => Promise<PDFDocument>): Promise<void> {
    // (Once: a print tried again after a browser failure loads what it needs as it goes.)
    if (this.loadingAhead) return Promise.resolve();
    this.loadingAhead = true;
    const keys = [...this.kept];
    const reading = keys.map((key) => this.readPartSoon(key));
    return new Promise((resolve) => {
      let i = 0;
      const next = (): void => {
        const key = keys[i];
        const read = reading[i];
        i += 1;
        if (key === undefined || read === undefined) return resolve();
        void read.then((pdf) => {
          if (pdf && !this.asked.has(key)) {
            const doc = load(pdf);
            doc.catch(() => undefined);
            this.ahead.set(key, { pdf, doc });
          }
          setImmediate(next);
        });
      };
      next();
    });
  }

  /** The document of a part loaded ahead, once (the join takes its objects); else undefined. */
  loaded(key: string): Promise<PDFDocument> | undefined {
    this.asked.add(key);
    const ahead = this.ahead.get(key);
    const doc = ahead?.doc;
    if (ahead) ahead.doc = undefined;
    return doc;
  }

  private readPart(key: string): Uint8Array | undefined {
    const file = this.kept.has(key) ? partFile(key) : undefined;
    const bytes = file ? readCacheBytes(file) : undefined;
    if (bytes === undefined) return undefined;
    this.read.add(key);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private async readPartSoon(key: string): Promise<Uint8Array | undefined> {
    const file = this.kept.has(key) ? partFile(key) : undefined;
    const bytes = file ? await readCacheBytesSoon(file) : undefined;
    if (bytes === undefined) return undefined;
    this.read.add(key);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  set(key: string, pdf: Uint8Array): void {
    this.used.set(key, pdf);
  }

  /**
   * Keep the parts of this build's last print for the next (best effort): the parts printed written
   * (sealed and written in the thread pool while the build writes its files: 20 × the review's cold
   * build, 83 parts, ~19 MB, had sealed and written here before them), the index written, the files
   * of the last build's parts not used any more removed. (A part file not there when the next build
   * reads it is a part printed again.)
   */
  save(): void {
    const index = indexFor(this.pdf);
    if (!index || this.used.size === 0) return;
    for (const [key, pdf] of this.used) {
      const file = this.read.has(key) ? undefined : partFile(key);
      if (file) void writeCacheFileSoon(file, pdf);
    }
    writeCacheFile(index, JSON.stringify([...this.used.keys()]));
    for (const key of this.kept) {
      const file = this.used.has(key) ? undefined : partFile(key);
      if (file) rmSync(file, { force: true });
    }
  }
}

function isKeys(data: unknown): data is string[] {
  return Array.isArray(data) && data.every((k) => typeof k === 'string');
}

/**
 * A part cache in memory, for prints in one process (the dev print view): each print may reuse the
 * parts of the print before it, and only those (a long edition's old parts are not hoarded).
 */
export class MemoryPartCache implements PartCache {
  private kept = new Map<string, Uint8Array>();
  private used = new Map<string, Uint8Array>();

  get(key: string): Uint8Array | undefined {
    return this.used.get(key) ?? this.kept.get(key);
  }

  set(key: string, pdf: Uint8Array): void {
    this.used.set(key, pdf);
  }

  /** A print is done: its parts are what the next one may reuse. */
  turn(): void {
    if (this.used.size === 0) return;
    this.kept = this.used;
    this.used = new Map();
  }
}

// The parts of the last build of each PDF (parts.ts), kept in Briefing's cache folder by the key of
// the document each was printed from (its HTML, the page head, the browser, the print options, its
// first page): a rebuild prints again only the parts whose document changed. A stale, missing or
// broken file costs time, never a difference in output: a part is reused only for the same key.
import { cacheFileFor, readCacheJson, writeCacheFile } from '../cache.js';
import type { PartCache } from './parts.js';

const fileFor = (pdf: string) => cacheFileFor('print-parts', pdf, 'json');

/** A part cache for one PDF: what the last build kept, and what this build prints or reuses. */
export class DiskPartCache implements PartCache {
  private readonly kept: Map<string, string>;
  private readonly used = new Map<string, Uint8Array>();

  constructor(private readonly pdf: string) {
    const file = fileFor(pdf);
    const data = file ? readCacheJson(file, isParts) : undefined;
    this.kept = new Map(Object.entries(data ?? {}));
  }

  get(key: string): Uint8Array | undefined {
    const used = this.used.get(key);
    if (used) return used;
    const kept = this.kept.get(key);
    return kept === undefined ? undefined : new Uint8Array(Buffer.from(kept, 'base64'));
  }

  set(key: string, pdf: Uint8Array): void {
    this.used.set(key, pdf);
  }

  /** Keep the parts of this build's last print for the next (best effort). */
  save(): void {
    const file = fileFor(this.pdf);
    if (!file || this.used.size === 0) return;
    const data = Object.fromEntries([...this.used].map(([key, pdf]) => [key, Buffer.from(pdf).toString('base64')]));
    writeCacheFile(file, JSON.stringify(data));
  }
}

function isParts(data: unknown): data is Record<string, string> {
  return (
    typeof data === 'object' &&
    data !== null &&
    !Array.isArray(data) &&
    Object.values(data).every((v) => typeof v === 'string')
  );
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

// The print view's parts (print/parts.ts) between prints: each print may reuse the parts of the print
// before it, and only those; and those parts are parsed ahead, while the view waits for the next save,
// so that its join takes them parsed (part-cache.ts's DiskPartCache does that for a build, while
// Chromium prepares the page; here it would delay the save's own work). 20 × the review: parsing the
// 90 parts a save reuses was ~0.2 s of this process's CPU right after the early part was sent, while
// the reader's browser drew it. A parsed part is handed out once (the join moves its objects) and
// parsed by the same function the join would have used, from the same bytes.
import type { PDFDocument } from 'pdf-lib';
import type { PartCache } from '../print/parts.js';

type Load = (pdf: Uint8Array) => Promise<PDFDocument>;

export class ViewParts implements PartCache {
  #kept = new Map<string, Uint8Array>();
  #used = new Map<string, Uint8Array>();
  #load: Load | undefined;
  #parsed = new Map<string, Promise<PDFDocument>>();
  /** Counts preloads begun and paused: a preload's turns stop once another began or it was paused. */
  #run = 0;
  #timer: NodeJS.Timeout | undefined;

  get(key: string): Uint8Array | undefined {
    return this.#used.get(key) ?? this.#kept.get(key);
  }

  set(key: string, pdf: Uint8Array): void {
    this.#used.set(key, pdf);
  }

  /** A print begins (pdf.ts), with how it parses parts: kept for the next preload; nothing is parsed now. */
  loadAhead(load: Load): void {
    this.#load = load;
    this.pause();
  }

  /** The part parsed ahead, once; undefined: the join parses it. */
  loaded(key: string): Promise<PDFDocument> | undefined {
    const doc = this.#parsed.get(key);
    this.#parsed.delete(key);
    return doc;
  }

  /** A print is done: its parts are what the next one may reuse (none parsed yet). */
  turn(): void {
    if (this.#used.size === 0) return;
    this.pause();
    this.#kept = this.#used;
    this.#used = new Map();
    this.#parsed.clear();
  }

  /** In `ms`, the parts kept parsed, one a turn of the event loop, until paused. */
  preloadIn(ms: number): void {
    this.pause();
    const run = this.#run;
    this.#timer = setTimeout(() => this.#preload(run), ms);
  }

  /** A save is coming or a print begins: no more parsing ahead (what is parsed stays). */
  pause(): void {
    this.#run += 1;
    clearTimeout(this.#timer);
  }

  /** How many parts are parsed ahead (for tests). */
  get parsedAhead(): number {
    return this.#parsed.size;
  }

  #preload(run: number): void {
    const load = this.#load;
    if (!load || run !== this.#run) return;
    const keys = [...this.#kept.keys()].filter((key) => !this.#parsed.has(key));
    const next = () => {
      const key = keys.shift();
      if (key === undefined || run !== this.#run) return;
      const doc = load(this.#kept.get(key)!);
      doc.catch(() => undefined);
      this.#parsed.set(key, doc);
      setImmediate(next);
    };
    next();
  }
}

// Each chapter's HTML per medium kept by the chapter's tree: after an edit of one chapter, the others
// come out of the transforms (edition.ts) as the same trees, and their print transforms (hyphenation
// lookups above all) and stringifying are not run again (20 × the review, the print HTML's CPU after
// a one-sentence edit: 0.49 → 0.21 s in a new process from dist/, 0.15 → 0.11 s a save of the dev
// loop). Keyed by the whole tree as it is handed to html.ts (V8's serialization of every field of
// every node, in order, positions too: a tree that differs anywhere is a miss), the medium, the
// language, its hyphenation exceptions, the content folder and the code of html.ts's transforms:
// the HTML is a function of these alone. A tree with an attribute value that is not plain data is
// never kept. In memory for as long as the templates are (the dev loop's saves); a build reads and
// writes the last build's entries in the cache folder (written once rendered, only when changed, in
// the thread pool: cache.ts cacheWritten).
import { createHash } from 'node:crypto';
import { serialize } from 'node:v8';
import path from 'node:path';
import type { Root } from 'hast';
import { readCacheJson, writeCacheFileSoon } from '../cache.js';
import { codeKey } from '../code-key.js';
import { eachElement, EXIT } from '../hast-walk.js';

/** The modules and packages whose code makes a chapter's HTML from its tree (html.ts and its imports). */
const RENDER_PACKAGES = [
  'unified',
  'rehype-stringify',
  'hast-util-to-html',
  'hast-util-sanitize',
  'hast-util-to-string',
  'unist-util-visit',
  'hyphen',
];
const RENDER_MODULES = [
  'render/chapter-cache',
  'render/render',
  'render/html',
  'render/rehype-sidebar-order',
  'render/rehype-print-open',
  'render/rehype-hyphenate',
  'render/kk-patterns',
  'render/liang',
  'render/rehype-table-hyphens',
  'render/rehype-url-breaks',
  'render/rehype-lang-spans',
  'render/rehype-source-attributes',
  'render/rehype-web-page-refs',
  'render/rehype-web-outline',
  'render/rehype-callout-groups',
  'render/rehype-scroll-focus',
  'render/sanitize',
  'hast-walk',
  'hast-classes',
  'pipeline/crossrefs',
];
const FORMAT = 1;
/** Renders an entry may go unused before memory lets it go (a dev save renders both media). */
const KEPT_RENDERS = 8;

let renderCode: string | undefined;

interface Entry {
  html: string;
  /** The render that last used it; 0: read from disk, not used yet. */
  used: number;
}

/** What a chapter's HTML is made from, besides its tree. */
export interface ChapterRender {
  medium: string;
  lang: string;
  exceptions: readonly string[];
  sourceRoot?: string;
}

export class ChapterHtmlCache {
  readonly #entries = new Map<string, Entry>();
  readonly #file: string | undefined;
  #read = false;
  #render = 0;
  #changed = false;
  /** How many entries the last save wrote (a build saves once its HTML is rendered, then at its end). */
  #saved: number | undefined;
  #writing: Promise<void> = Promise.resolve();

  /**
   * `dir`: the cache folder to read from and save to (undefined: memory only); `contentDir` names
   * the file (the last build of that content folder).
   */
  constructor(dir: string | undefined, contentDir = '') {
    const name = createHash('sha256').update(path.resolve(contentDir)).digest('hex').slice(0, 24);
    this.#file = dir ? path.join(dir, `chapter-html-${name}.json`) : undefined;
  }

  /** A new render begins: entries unused for several renders leave memory. */
  startRender(): void {
    this.#render += 1;
    for (const [key, entry] of this.#entries)
      if (entry.used > 0 && entry.used < this.#render - KEPT_RENDERS) this.#entries.delete(key);
  }

  /** The chapter's HTML, kept or made by `make` (and kept, when the tree is plain data). */
  html(tree: Root, how: ChapterRender, make: () => string): { html: string; hit: boolean } {
    const key = chapterKey(tree, how);
    if (key === undefined) return { html: make(), hit: false };
    this.#load();
    const kept = this.#entries.get(key);
    if (kept) {
      kept.used = this.#render;
      return { html: kept.html, hit: true };
    }
    const html = make();
    this.#entries.set(key, { html, used: this.#render });
    this.#changed = true;
    return { html, hit: false };
  }

  /** Written to the cache folder: the entries this process used, when they are not what was read. */
  save(): void {
    if (!this.#file || !this.#read) return;
    const used = [...this.#entries].filter(([, entry]) => entry.used > 0);
    if (!this.#changed && (used.length === this.#entries.size || used.length === this.#saved)) return;
    const data = { format: FORMAT, entries: Object.fromEntries(used.map(([key, entry]) => [key, entry.html])) };
    // Sealed and written in the thread pool (20 × the review, 4 MB: ~25 ms of this thread's while
    // the parts print). Not written (read-only or full): saved again next time; the next build
    // renders those chapters again.
    // (After the write before it: the later save's file is the one left.)
    this.#changed = false;
    this.#saved = used.length;
    const file = this.#file;
    const text = JSON.stringify(data);
    this.#writing = this.#writing.then(async () => {
      if (await writeCacheFileSoon(file, text)) return;
      this.#changed = true;
      this.#saved = undefined;
    });
  }

  /** The saves so far written (or given up). */
  written(): Promise<void> {
    return this.#writing;
  }

  #load(): void {
    if (this.#read) return;
    this.#read = true;
    const kept = this.#file ? readCacheJson(this.#file, isKept) : undefined;
    for (const [key, html] of Object.entries(kept?.entries ?? {})) this.#entries.set(key, { html, used: 0 });
  }
}

/** The key of a chapter's HTML: its tree and how it is rendered, with the code; undefined when not plain data. */
export function chapterKey(tree: Root, how: ChapterRender): string | undefined {
  renderCode ??= codeKey(RENDER_PACKAGES, RENDER_MODULES);
  if (!plainValues(tree)) return undefined;
  let bytes: Buffer;
  try {
    bytes = serialize(tree);
  } catch {
    return undefined; // a function or a symbol in it (an API caller's plugin's data): not kept
  }
  const head = JSON.stringify([FORMAT, renderCode, how.medium, how.lang, how.exceptions, how.sourceRoot ?? null]);
  return createHash('sha256').update(head).update('\0').update(bytes).digest('hex');
}

/**
 * V8's serializer writes every value exactly (NaN, -0, undefined, a hole, a Map, a Date, shared and
 * cyclic objects; ~2 × faster than JSON.stringify with a replacer) but an object of a class as its
 * fields: the values whose methods the render calls (an attribute's String(), a class list's items)
 * must be plain, and a data.source a string.
 */
function plainValues(tree: Root): boolean {
  let plain = true;
  eachElement(tree, (element) => {
    const source = (element.data as { source?: unknown } | undefined)?.source;
    if (source !== undefined && typeof source !== 'string') plain = false;
    for (const value of Object.values(element.properties))
      if (!(isPrimitive(value) || (Array.isArray(value) && value.every(isPrimitive)))) plain = false;
    return plain ? undefined : EXIT;
  });
  return plain;
}

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

function isKept(data: unknown): data is { format: number; entries: Record<string, string> } {
  if (typeof data !== 'object' || data === null) return false;
  const { format, entries } = data as { format?: unknown; entries?: unknown };
  return (
    format === FORMAT &&
    typeof entries === 'object' &&
    entries !== null &&
    Object.values(entries).every((html) => typeof html === 'string')
  );
}

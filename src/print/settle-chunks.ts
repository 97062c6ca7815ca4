// The edition's chapters as units of settling (settle.ts): an edit to one chapter settles that chapter
// again, not the edition. A chunk is one child element of `main` (a chapter), chunk 0 everything
// else in the body (cover, preface, contents). Chapters lay out on their own: the body has the page's
// width, a chapter starts a page and contains its floats (print.css), and nothing in one changes a
// line of another, unless styles in the body or counters in generated content (`content:
// counter(…)`) tie them: then the body is one chunk, as before.
// In the page, chunks are taken out (each replaced by an empty copy of its element, so selectors on
// the chapters' order still match) to settle or put back only some of them; the settling steps
// (hyphens.ts, word-spaces.ts, line-ends.ts) number what they found by the body's text nodes and
// elements, so the runs of each chunk's nodes in the body translate those numbers to and from each
// chunk's own.
import { createHash } from 'node:crypto';
import type { Page } from 'puppeteer-core';
import type { LineWraps } from './line-ends.js';
import { inPage } from './page-script.js';
import type { Track, Variant } from './word-spaces.js';

/** What settling found in one chunk, numbered by its own text nodes and elements. */
export interface ChunkSettled {
  /** Its soft-hyphenated text nodes, settled, and where the kept hyphens are (hyphens.ts). */
  texts: string[];
  ends: number[][];
  /** Its tracked runs, by its text nodes before tracking (word-spaces.ts). */
  tracks: Track[];
  /** Its paragraphs set again, by its elements. */
  variants: Variant[];
  /** Its line wraps, by its text nodes after tracking (line-ends.ts). */
  wraps: LineWraps;
  /** Its tables set across the text area before settling (layout-check.ts fitTables). */
  widened: number;
}

/** A run of consecutive nodes of one chunk (-1: of none: the path down to main, an empty copy). */
export type Run = [chunk: number, count: number];

/** The chunks' runs in the body's text nodes, elements, and text nodes holding a soft hyphen. */
export interface Runs {
  texts: Run[];
  elements: Run[];
  softs: Run[];
}

/** The whole body's numbering of what settling found (as hyphens.ts, word-spaces.ts, line-ends.ts return it). */
export interface BodySettled {
  texts: string[];
  ends: number[][];
  tracks: Track[];
  variants: Variant[];
  wraps: LineWraps;
}

/** Where the page keeps its chunks (a window property). */
const STATE = '__briefingChunks';

interface ChunkState {
  /** Each chunk's HTML (readChunks), kept here: Node asks for their digests and only the HTML it needs. */
  html: string[];
  roots: Element[];
  /** main and its ancestors below the body. */
  spine: Element[];
  /** [stand-in, node taken out], in the order taken out. */
  held: Array<[ChildNode, ChildNode]>;
}

/**
 * In the page: find the chunks and remember them with each chunk's HTML (chunk 0 with every chapter
 * as its empty element); the skeleton every chunk's layout depends on (the body, main and its
 * ancestors, the chapters' own tags) and each chunk's length. Without `serialize`, only the chunks
 * found and counted (their keys are known: prepared-chapters.ts), no HTML made.
 */
function readChunks(state: string, serialize: boolean): { skeleton: string; lengths: number[]; count: number } {
  const body = document.body;
  const main = body.querySelector('main');
  const counting = (rules: CSSRuleList): boolean =>
    Array.from(rules).some((rule) => {
      if (rule instanceof CSSPageRule) return false; // folios: not in the text
      if (rule instanceof CSSStyleRule && /counters?\(/.test(rule.style.getPropertyValue('content'))) return true;
      const nested = (rule as CSSGroupingRule).cssRules;
      return nested ? counting(nested) : false;
    });
  const tied = Array.from(document.styleSheets).some((sheet) => {
    try {
      return counting(sheet.cssRules);
    } catch {
      return true;
    }
  });
  const styled = body.querySelector('style, link') !== null;
  const roots = main && !tied && !styled && main.children.length > 1 ? Array.from(main.children) : [];
  const spine: Element[] = [];
  for (let el = main; roots.length > 0 && el && el !== body; el = el.parentElement) spine.unshift(el);
  const s: ChunkState = { html: [], roots, spine, held: [] };
  (window as unknown as Record<string, ChunkState>)[state] = s;
  const tag = (el: Element) => (el.cloneNode(false) as Element).outerHTML;
  const skeleton = [body, ...spine, ...roots].map(tag).join('\n');
  if (!serialize) return { skeleton, lengths: [], count: roots.length + 1 };
  // Chunk 0 from a copy (the page's own nodes are not moved, so nothing is laid out again): the path
  // down to main with its other children, each chapter as its empty element.
  const chapters = new Set<Node>(roots);
  const path = new Set<Node>([body, ...spine]);
  const copy = (node: Node): Node => {
    if (chapters.has(node)) return node.cloneNode(false);
    if (!path.has(node)) return node.cloneNode(true);
    const shallow = node.cloneNode(false);
    for (const child of Array.from(node.childNodes)) shallow.appendChild(copy(child));
    return shallow;
  };
  // (White space at its end differs between a document parsed whole and a body put in: page.ts.)
  const rest = (copy(body) as Element).innerHTML.trimEnd();
  s.html = [rest, ...roots.map((root) => root.outerHTML)];
  return { skeleton, lengths: s.html.map((text) => text.length), count: s.html.length };
}

/** In the page: the HTML of the chunks given, as readChunks found it. */
function chunkHtml(state: string, chunks: number[]): string[] {
  const s = (window as unknown as Record<string, ChunkState>)[state]!;
  return chunks.map((c) => s.html[c] ?? '');
}

/**
 * In the page: take every chunk not in `keep` out of the body (a chapter's stand-in is its empty
 * element; chunk 0's elements are, its text nodes a comment).
 */
function takeOut(state: string, keep: number[]): void {
  const s = (window as unknown as Record<string, ChunkState>)[state]!;
  const kept = new Set(keep);
  const hold = (node: ChildNode, stand: ChildNode) => {
    node.replaceWith(stand);
    s.held.push([stand, node]);
  };
  s.roots.forEach((root, i) => {
    if (!kept.has(i + 1)) hold(root, root.cloneNode(false) as Element);
  });
  if (kept.has(0)) return;
  const spine = new Set<Node>(s.spine);
  const stands = new Set<Node>(s.held.map(([stand]) => stand));
  const roots = new Set<Node>(s.roots);
  for (const parent of [document.body, ...s.spine]) {
    for (const node of Array.from(parent.childNodes)) {
      if (spine.has(node) || roots.has(node) || stands.has(node)) continue;
      hold(node, node instanceof Element ? (node.cloneNode(false) as Element) : document.createComment(''));
    }
  }
}

/** In the page: everything taken out back in its place. */
function putBack(state: string): void {
  const s = (window as unknown as Record<string, ChunkState | undefined>)[state];
  if (!s) return;
  for (const [stand, node] of s.held.reverse()) stand.replaceWith(node);
  s.held = [];
}

/**
 * In a page holding chunk 0 (each chapter as its empty element): the chapters given (by chunk) put in
 * their places; resolves once their images and fonts are ready.
 */
function fillChapters(chapters: Array<[number, string]>): Promise<void> {
  const main = document.body.querySelector('main');
  const places = Array.from(main?.children ?? []);
  for (const [chunk, html] of chapters) {
    const place = places[chunk - 1];
    if (place) place.outerHTML = html;
  }
  return Promise.all(Array.from(document.images).map((image) => image.decode().catch(() => undefined)))
    .then(() => document.fonts.ready)
    .then(() => undefined);
}

/** In the page: how many elements match `selector` in each chapter present (by chunk). */
function countIn(state: string, selector: string): Array<[number, number]> {
  const s = (window as unknown as Record<string, ChunkState>)[state]!;
  return s.roots.flatMap((root, i) => (root.isConnected ? [[i + 1, root.querySelectorAll(selector).length]] : []));
}

/** In the page: the chunks' runs in the body as it is now (chunks taken out count as none). */
function readRuns(state: string): Runs {
  const s = (window as unknown as Record<string, ChunkState>)[state]!;
  const label = new Map<Node, number>(s.roots.map((root, i) => [root, i + 1]));
  const none = new Set<Node>([...s.spine, ...s.held.map(([stand]) => stand)]);
  const runs: Runs = { texts: [], elements: [], softs: [] };
  const add = (list: Run[], chunk: number) => {
    const last = list[list.length - 1];
    if (last && last[0] === chunk) last[1] += 1;
    else list.push([chunk, 1]);
  };
  // Depth first, in document order: the order of a tree walker and of querySelectorAll.
  const visit = (parent: Node, inherited: number) => {
    for (let node = parent.firstChild; node; node = node.nextSibling) {
      const chunk = inherited >= 0 ? inherited : (label.get(node) ?? (none.has(node) ? -1 : 0));
      if (node.nodeType === Node.TEXT_NODE) {
        add(runs.texts, chunk);
        if ((node as Text).data.includes('\u00AD')) add(runs.softs, chunk);
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        add(runs.elements, chunk);
        visit(node, chunk);
      }
    }
  };
  visit(document.body, -1);
  return runs;
}

/** The page's side of chunking: part of every chunk's key (settle-cache.ts). */
export const CHUNK_CODE = [readChunks, chunkHtml, takeOut, putBack, readRuns, countIn, fillChapters]
  .map(String)
  .join('\0');

/** The edition's chunks in the page. */
export interface Chunks {
  /** Each chunk's key: what decides its settling. */
  keys: string[];
  /** The edition's head (page.ts headOf). */
  head: string;
  /** Each chunk's length in characters. */
  lengths: number[];
  /** The HTML of the chunks given (chunk 0 with each chapter as its empty element), from the page. */
  html: (chunks: number[]) => Promise<string[]>;
  read: () => Promise<Runs>;
  /** How many elements match `selector` in each chapter in the body (by chunk). */
  count: (selector: string) => Promise<Map<number, number>>;
  /** Only these chunks in the body (the others taken out) while `work` runs. */
  only: <T>(chunks: number[], work: () => Promise<T>) => Promise<T>;
}

/**
 * Find the page's chunks and key each by `base` (browser, code, head), the skeleton, its place and
 * its HTML's digest (made in the page: the edition's HTML is not sent for its keys).
 */
export async function findChunks(page: Page, head: string, base: string): Promise<Chunks> {
  const { skeleton, lengths } = await page.evaluate(readChunks, STATE, true);
  const digests = await inPage(page, 'heldDigests', STATE, 'html');
  const keys = digests.map((digest, i) =>
    createHash('sha256').update(`${base}\0${skeleton}\0${i}/${digests.length}\0${digest}`).digest('hex'),
  );
  return chunksOf(page, head, keys, lengths);
}

/**
 * The page's chunks under keys found before they went in (prepared-chapters.ts, by their HTML's
 * text): none is read back. Undefined when the page has not as many chunks as keys.
 */
export async function chunksKeyed(page: Page, head: string, keys: string[]): Promise<Chunks | undefined> {
  const { count } = await page.evaluate(readChunks, STATE, false);
  return count === keys.length ? chunksOf(page, head, keys, []) : undefined;
}

function chunksOf(page: Page, head: string, keys: string[], lengths: number[]): Chunks {
  return {
    keys,
    head,
    lengths,
    html: (chunks) => page.evaluate(chunkHtml, STATE, chunks),
    read: () => page.evaluate(readRuns, STATE),
    count: async (selector) => new Map(await page.evaluate(countIn, STATE, selector)),
    only: async (chunks, work) => {
      await page.evaluate(
        takeOut,
        STATE,
        keys.map((_, i) => i).filter((i) => chunks.includes(i)),
      );
      try {
        return await work();
      } finally {
        await page.evaluate(putBack, STATE);
      }
    },
  };
}

/**
 * The page's chunks set aside (`aside`), or back: the print page prepares a group as a page of its
 * own would (prepared-chapters.ts), its edition's chunks kept for what follows.
 */
export async function chunksAside(page: Page, aside: boolean): Promise<void> {
  await page.evaluate(
    (state, away) => {
      const w = window as unknown as Record<string, unknown>;
      const [from, to] = away ? [state, `${state}Aside`] : [`${state}Aside`, state];
      w[to] = w[from];
      delete w[from];
    },
    STATE,
    aside,
  );
}

/** Put chunk 0 and the chapters given (by chunk) of `chunks` into a page whose head is loaded (page.ts). */
export async function loadChunks(page: Page, chunks: Chunks, chapters: number[]): Promise<void> {
  const wanted = chapters.filter((c) => c > 0);
  const [body, ...html] = await chunks.html([0, ...wanted]);
  await putChunks(
    page,
    body!,
    wanted.map((c, i): [number, string] => [c, html[i]!]),
  );
}

/** Chunk 0's HTML (`body`) and the chapters given (by chunk, with their HTML) put into a page whose head is loaded. */
export async function putChunks(page: Page, body: string, chapters: Array<[number, string]>): Promise<void> {
  await page.evaluate((text) => {
    document.body.innerHTML = text;
  }, body);
  await page.evaluate(fillChapters, chapters);
}

/** Global index → [chunk, local index] by runs; undefined past the end. */
function locator(runs: Run[]): (index: number) => [number, number] | undefined {
  const starts: number[] = [];
  const locals: number[] = [];
  const seen = new Map<number, number>();
  let at = 0;
  for (const [chunk, count] of runs) {
    starts.push(at);
    locals.push(seen.get(chunk) ?? 0);
    seen.set(chunk, (seen.get(chunk) ?? 0) + count);
    at += count;
  }
  return (index) => {
    if (index < 0 || index >= at) return undefined;
    let lo = 0;
    let hi = runs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return [runs[lo]![0], locals[lo]! + index - starts[lo]!];
  };
}

/** [chunk, local index] → global index by runs; undefined when the chunk has no such node here. */
function placer(runs: Run[]): (chunk: number, local: number) => number | undefined {
  const segments = new Map<number, Array<[start: number, local: number, count: number]>>();
  let at = 0;
  for (const [chunk, count] of runs) {
    const list = segments.get(chunk) ?? [];
    const local = list.reduce((n, [, , c]) => n + c, 0);
    list.push([at, local, count]);
    segments.set(chunk, list);
    at += count;
  }
  return (chunk, local) => {
    const segment = segments.get(chunk)?.find(([, from, count]) => local >= from && local < from + count);
    return segment && segment[0] + local - segment[1];
  };
}

/** How many nodes of each chunk the runs hold. */
function counts(runs: Run[]): Map<number, number> {
  const n = new Map<number, number>();
  for (const [chunk, count] of runs) n.set(chunk, (n.get(chunk) ?? 0) + count);
  return n;
}

/**
 * What a settling of the body found, per chunk (`chunks`: those settled; `before`: the runs before
 * it, `after`: the text nodes' runs after tracking). Undefined when something falls outside them.
 */
export function splitSettled(
  found: BodySettled,
  chunks: number[],
  before: Runs,
  after: Run[],
): Map<number, ChunkSettled> | undefined {
  const out = new Map<number, ChunkSettled>(
    chunks.map((c) => [c, { texts: [], ends: [], tracks: [], variants: [], wraps: [], widened: 0 }]),
  );
  const [soft, text, element, wrapped] = [before.softs, before.texts, before.elements, after].map(locator);
  const into = (at: [number, number] | undefined): [ChunkSettled, number] | undefined =>
    at && out.has(at[0]) ? [out.get(at[0])!, at[1]] : undefined;
  for (let i = 0; i < found.texts.length; i += 1) {
    const to = into(soft!(i));
    if (!to || to[1] !== to[0].texts.length) return undefined;
    to[0].texts.push(found.texts[i]!);
    to[0].ends.push(found.ends[i]!);
  }
  for (const [node, from, end, px] of found.tracks) {
    const to = into(text!(node));
    if (!to) return undefined;
    to[0].tracks.push([to[1], from, end, px]);
  }
  for (const [el, variant] of found.variants) {
    const to = into(element!(el));
    if (!to) return undefined;
    to[0].variants.push([to[1], variant]);
  }
  for (const [node, offsets] of found.wraps) {
    const to = into(wrapped!(node));
    if (!to) return undefined;
    to[0].wraps.push([to[1], offsets]);
  }
  const softs = counts(before.softs);
  return [...out].every(([c, s]) => s.texts.length === (softs.get(c) ?? 0)) ? out : undefined;
}

/**
 * The chunks' settlings numbered as the body's (`runs` as it is now), but for the line wraps, which
 * are numbered after tracking (mergeWraps). Undefined when a chunk's soft-hyphenated text nodes
 * are not as many as it kept, or a number falls outside the chunk.
 */
export function mergeSettled(settled: Map<number, ChunkSettled>, runs: Runs): Omit<BodySettled, 'wraps'> | undefined {
  const softs = counts(runs.softs);
  if ([...settled].some(([c, s]) => s.texts.length !== (softs.get(c) ?? 0))) return undefined;
  const next = new Map([...settled.keys()].map((c) => [c, 0]));
  const merged: Omit<BodySettled, 'wraps'> = { texts: [], ends: [], tracks: [], variants: [] };
  for (const [chunk, count] of runs.softs) {
    const s = settled.get(chunk);
    if (!s) continue;
    for (let k = 0; k < count; k += 1) {
      const i = next.get(chunk)!;
      merged.texts.push(s.texts[i]!);
      merged.ends.push(s.ends[i]!);
      next.set(chunk, i + 1);
    }
  }
  const [text, element] = [runs.texts, runs.elements].map(placer);
  for (const [chunk, s] of settled) {
    for (const [node, from, to, px] of s.tracks) {
      const at = text!(chunk, node);
      if (at === undefined) return undefined;
      merged.tracks.push([at, from, to, px]);
    }
    for (const [el, variant] of s.variants) {
      const at = element!(chunk, el);
      if (at === undefined) return undefined;
      merged.variants.push([at, variant]);
    }
  }
  return merged;
}

/** The chunks' line wraps numbered as the body's text nodes (after tracking); undefined as mergeSettled. */
export function mergeWraps(settled: Map<number, ChunkSettled>, texts: Run[]): LineWraps | undefined {
  const place = placer(texts);
  const wraps: LineWraps = [];
  for (const [chunk, s] of settled) {
    for (const [node, offsets] of s.wraps) {
      const at = place(chunk, node);
      if (at === undefined) return undefined;
      wraps.push([at, offsets]);
    }
  }
  return wraps.sort((a, b) => a[0] - b[0]);
}

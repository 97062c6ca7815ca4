// Each chapter as the last build prepared it (soft hyphens settled, loose lines tracked, line wraps
// and layout marks in), so that an edit prepares only its chapter and the edition is never laid out
// whole. A chapter's preparation depends only on its own HTML, its place, the edition's skeleton and
// head, the browser and the code (settle-chunks.ts: a chapter lays out on its own; its markers are
// numbered by its place, layout-marks.ts): its key is its settling key (settle-chunks.ts findChunks)
// and the code of every preparing step. On a rebuild whose HTML is new, the chapters found under
// their keys are taken out, the others (and the front matter) settled, fitted and marked in the page
// alone, then the kept chapters put in as kept, unlaid, with their layout items: they are trusted by
// their key, as the parsed-Markdown cache is (the e2e test print-parts compares the PDF's bytes with
// a cold build's). Only an edition with nothing too wide (no table widened, nothing clipped) is
// prepared so, and kept so: a fit that found something is the whole edition's to make.
// When the HTML splits into its chapters by its text (chapter-split.ts), each chapter, and the front
// matter, is kept under a key of its text instead (and its place, the skeleton's start tags, the
// head, the browser, the code): a rebuild finds them before anything goes into the page and puts
// the edition in once, the kept ones as prepared (loadByChapter), rather than fresh and then again:
// at 20 × the review the body's HTML parsed twice, serialized and digested for the keys cost about
// 0.4 s of Chromium's CPU an edit (1.78 → 1.36 s, medians of 9), the front matter's settling part of it.
import { createHash } from 'node:crypto';
import { cacheFileFor, readCacheJson, writeCacheFile } from '../cache.js';
import { trace } from '../trace.js';
import { joinChapters, splitChapters, type ChapterSplit } from './chapter-split.js';
import { fitAndMark, fitTables, type LayoutItem, type Marked } from './layout-check.js';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import {
  collectGarbage,
  headOf,
  hideEdition,
  loadEdition,
  putBodyAhead,
  replaceChapters,
  showEdition,
  type PrintPage,
} from './page.js';
import { chunkBase } from './settle-cache.js';
import { chunksAside, chunksKeyed, findChunks, putChunks, type Chunks } from './settle-chunks.js';
import { settleBody } from './settle.js';
import type { Arrival, Arrivals, PartHelper } from './parts.js';
import { applyTracks, applyVariants } from './word-spaces.js';

/** One chapter as prepared: its element's HTML and its layout items (layout-check.ts). */
export interface PreparedChapter {
  html: string;
  items: LayoutItem[];
}

/** The code that prepares a chapter besides settling (in chunkBase): every chapter's key has it. */
const CODE = [applyVariants, applyTracks, fitTables, fitAndMark, readChapters, putChapters].map(String).join('\0');

/** A chapter's key: its settling key, the code, and whether it is a draft's (not settled, see pdf.ts). */
const keyOf = (chunkKey: string, draft: boolean) =>
  createHash('sha256')
    .update(`${CODE}\0${String(draft)}\0${chunkKey}`)
    .digest('hex');

/** The last HTML split (a build asks to load it, then to keep its chapters). */
let lastSplit: { html: string; split: ChapterSplit | undefined } | undefined;

function splitOf(html: string): ChapterSplit | undefined {
  if (lastSplit?.html !== html) lastSplit = { html, split: splitChapters(html) };
  return lastSplit.split;
}

/**
 * Each chunk's key by its HTML's text (chapter-split.ts): the settling's base (head, browser, code),
 * the code, whether a draft's, the skeleton's start tags, its place and its text; chunk 0's (the front
 * matter, never kept) is ''. Undefined when the HTML does not split, or into other than `count` chunks.
 */
function textKeys(html: string, browserVersion: string, draft: boolean, count?: number): string[] | undefined {
  const last = lastKeys;
  const keys =
    last?.html === html && last.browserVersion === browserVersion && last.draft === draft
      ? last.keys
      : (lastKeys = { html, browserVersion, draft, keys: keysOfText(html, browserVersion, draft) }).keys;
  return keys && (count === undefined || keys.length === count) ? keys : undefined;
}

/** The last keys made (a build asks for them up to three times). */
let lastKeys: { html: string; browserVersion: string; draft: boolean; keys: string[] | undefined } | undefined;

function keysOfText(html: string, browserVersion: string, draft: boolean): string[] | undefined {
  const head = headOf(html);
  const split = head ? splitOf(html) : undefined;
  if (!split) return undefined;
  const base = chunkBase(head, browserVersion);
  const n = split.chapters.length + 1;
  const key = (text: string, i: number) =>
    createHash('sha256')
      .update(`${CODE}\0text\0${String(draft)}\0${base}\0${split.skeleton}\0${i}/${n}\0`)
      .update(text)
      .digest('hex');
  const last = split.gaps[split.gaps.length - 1]!;
  const front = `${split.gaps[0]!.slice(head.length, split.mainOpen)}\0${last.slice(split.mainClose)}`;
  return [key(front, 0), ...split.chapters.map((text, i) => key(text, i + 1))];
}

/**
 * The edition's HTML with the kept chapters (and front matter: chunk 0, its halves before and after
 * main's children) as prepared, the others as they are.
 */
function joined(html: string, split: ChapterSplit, kept: Map<number, PreparedChapter>): string {
  const body = joinChapters(
    split,
    split.chapters.map((_, i) => kept.get(i + 1)?.html),
  );
  const front = kept.get(0)?.html.split('\0');
  if (front?.length !== 2) return body;
  const end = body.length - split.gaps[split.gaps.length - 1]!.length + split.mainClose;
  return `${headOf(html)}${front[0]}${body.slice(split.mainOpen, end)}${front[1]}</body></html>`;
}

// In the cache folder: an index per PDF (the chunks' keys in order, the white space between them)
// and a file per chunk, named by the PDF and the chunk's key: an edit reads the chunks it finds and
// writes only those it prepared afresh (20 × the review: one file of 5.7 MB had been made, sealed and
// written again after every edit, ~0.1 s of this process between marking and the parts).
const fileFor = (pdf: string) => cacheFileFor('prepared-chapters', pdf, 'json');

/** A chunk's file beside the PDF's index, by its key (a hex digest); undefined for another key. */
function chunkFile(index: string, key: string): string | undefined {
  if (!/^[0-9a-f]{64}$/.test(key)) return undefined;
  return path.join(path.dirname(index), `${chunkPrefix(index)}${key}.json`);
}

const chunkPrefix = (index: string) =>
  `${path.basename(index, '.json').replace(/^prepared-chapters-/, 'prepared-chapter-')}-`;

/**
 * What the last build of a PDF kept: its chapters by key and, when it kept every chunk (the front
 * matter too) in order, the white space around them in main (`inner`, one more than the chapters):
 * enough to put its whole body into the next build's page ahead of time (bodyAhead).
 */
export interface Stored {
  chapters: Map<string, PreparedChapter>;
  /** The chunks' keys in order, and the text between them, when all were kept. */
  order?: { keys: string[]; inner: string[] };
}

/** A draft's chapters (the dev print view's), kept in memory for the next save: by the PDF's label. */
const drafts = new Map<string, Stored>();

/** The chunks of each PDF found in their files by this process (not written again while there). */
const onDisk = new Map<string, Set<string>>();

/** What the last build of this PDF kept. */
function readKept(pdf: string, draft: boolean): Stored {
  if (draft) return drafts.get(pdf) ?? { chapters: new Map() };
  const file = fileFor(pdf);
  const index = file ? readCacheJson(file, isIndex) : undefined;
  const chapters: Array<[string, PreparedChapter]> = [];
  for (const key of index?.keys ?? []) {
    const chunk = chunkFile(file!, key);
    const chapter = chunk ? readCacheJson(chunk, isChapter) : undefined;
    if (chapter) chapters.push([key, chapter]);
  }
  onDisk.set(pdf, new Set(chapters.map(([key]) => key)));
  return storedOf({ chapters, inner: index?.inner });
}

interface KeptFile {
  chapters: Array<[string, PreparedChapter]>;
  inner?: string[];
}

/** A PDF's index file: its chunks' keys in order, and the white space between them when all were kept. */
interface Index {
  format: 2;
  keys: string[];
  inner?: string[];
}

function storedOf({ chapters, inner }: KeptFile): Stored {
  const order = inner?.length === chapters.length ? { keys: chapters.map(([key]) => key), inner } : undefined;
  return { chapters: new Map(chapters), order };
}

const isStrings = (data: unknown): data is string[] => Array.isArray(data) && data.every((t) => typeof t === 'string');

function isIndex(data: unknown): data is Index {
  const { format, keys, inner } = (data ?? {}) as Partial<Index>;
  return format === 2 && isStrings(keys) && (inner === undefined || isStrings(inner));
}

function isChapter(data: unknown): data is PreparedChapter {
  const { html, items } = (data ?? {}) as Partial<PreparedChapter>;
  return (
    typeof html === 'string' &&
    Array.isArray(items) &&
    items.every((i: Partial<LayoutItem>) => typeof i?.id === 'string' && typeof i.endId === 'string')
  );
}

/**
 * Keep these chapters for the next build of this PDF (best effort), after this turn of the event
 * loop; with the text between them when they are every chunk of `html`, in order.
 */
function keep(pdf: string, draft: boolean, chapters: Array<[string, PreparedChapter]>, html: string): void {
  const whole = { chapters, inner: innerOf(html, chapters.length) };
  if (draft) {
    drafts.set(pdf, storedOf(whole));
    return;
  }
  const file = fileFor(pdf);
  if (file) setImmediate(() => writeKept(pdf, file, whole));
}

/**
 * The chunks not found in their files written, then the index; the files of this PDF's chunks not
 * kept any more removed. A chunk that cannot be written: no index (the next build prepares afresh).
 */
function writeKept(pdf: string, index: string, { chapters, inner }: KeptFile): void {
  const found = onDisk.get(pdf);
  for (const [key, chapter] of chapters) {
    const chunk = chunkFile(index, key);
    if (!chunk || (!found?.has(key) && !writeCacheFile(chunk, JSON.stringify(chapter)))) return;
  }
  const keys = chapters.map(([key]) => key);
  const written: Index = { format: 2, keys, inner };
  if (!writeCacheFile(index, JSON.stringify(written))) return;
  onDisk.set(pdf, new Set(keys));
  const prefix = chunkPrefix(index);
  try {
    for (const name of readdirSync(path.dirname(index)))
      if (name.startsWith(prefix) && name.endsWith('.json') && !onDisk.get(pdf)!.has(name.slice(prefix.length, -5)))
        rmSync(path.join(path.dirname(index), name), { force: true });
  } catch {
    // (Left for the next build to remove.)
  }
}

/** The white space in main before, between and after its chapters, when `html` splits into `chunks` chunks. */
function innerOf(html: string, chunks: number): string[] | undefined {
  const split = splitOf(html);
  if (split?.chapters.length !== chunks - 1) return undefined;
  const { gaps, mainOpen, mainClose } = split;
  return [gaps[0]!.slice(mainOpen), ...gaps.slice(1, -1), gaps[gaps.length - 1]!.slice(0, mainClose)];
}

/**
 * In the page: the HTML of the chapters given (by chunk: main's children from 1), and which chapter
 * holds each layout item (by its id; 0: none).
 */
function readChapters(
  chunks: number[],
  ids: string[],
  front: boolean,
): { html: string[]; of: number[]; front?: string } {
  const main = document.querySelector('main');
  const roots = Array.from(main?.children ?? []);
  const index = new Map(roots.map((root, i) => [root, i + 1]));
  const read = {
    html: chunks.map((c) => roots[c - 1]?.outerHTML ?? ''),
    of: ids.map((id) => index.get(document.getElementById(id)?.closest('main > *') as Element) ?? 0),
  };
  if (!front || !main) return read;
  // The front matter: the body copied without main's children (a comment in their place) and
  // without the layout check's links (made again for every chapter, putChapters), cut in two there.
  const path = new Set<Node>([document.body]);
  for (let el: Element | null = main; el && el !== document.body; el = el.parentElement) path.add(el);
  const copy = (node: Node): Node | undefined => {
    if (node instanceof Element && node.hasAttribute('data-briefing-markers')) return undefined;
    if (node === main) {
      const empty = node.cloneNode(false);
      empty.appendChild(document.createComment('briefing-chapters'));
      return empty;
    }
    if (!path.has(node)) return node.cloneNode(true);
    const shallow = node.cloneNode(false);
    for (const child of Array.from(node.childNodes)) {
      const copied = copy(child);
      if (copied) shallow.appendChild(copied);
    }
    return shallow;
  };
  const halves = (copy(document.body) as Element).innerHTML.split('<!--briefing-chapters-->');
  return halves.length === 2 ? { ...read, front: halves.join('\0') } : read;
}

/**
 * In the page: the chapters given put in place of theirs (by chunk), the layout check's hidden links
 * made again for every item in order (as marking makes them); resolves once images are decoded.
 */
function putChapters(chapters: Array<[number, string]>, ids: string[]): Promise<void> {
  const roots = Array.from(document.querySelector('main')?.children ?? []);
  for (const [chunk, html] of chapters) roots[chunk - 1]!.outerHTML = html;
  // (Chapters prepared in groups left a links element each: the first holds them all, as one marking's.)
  const [links, ...more] = Array.from(document.querySelectorAll('[data-briefing-markers]'));
  for (const other of more) other.remove();
  links!.replaceChildren(
    ...ids.map((id) => {
      const a = document.createElement('a');
      a.href = `#${id}`;
      return a;
    }),
  );
  return Promise.all(Array.from(document.images).map((image) => image.decode().catch(() => undefined))).then(
    () => undefined,
  );
}

/** Items by chunk, as the page said which chapter holds each (readChapters). */
function byChunk(items: LayoutItem[], of: number[]): Map<number, LayoutItem[]> {
  const by = new Map<number, LayoutItem[]>();
  items.forEach((item, i) => by.set(of[i]!, [...(by.get(of[i]!) ?? []), item]));
  return by;
}

/**
 * The chapters given (by chunk) as the page holds them, with their items, and with `front` the front
 * matter as chunk 0 (when it reads); undefined when an item is outside them.
 */
async function readPrepared(print: PrintPage, chunks: number[], items: LayoutItem[], front = false) {
  const read = await print.page.evaluate(
    readChapters,
    chunks,
    items.map((i) => i.id),
    front,
  );
  const by = byChunk(items, read.of);
  if (by.has(0)) return undefined;
  const chapters = new Map(
    chunks.map((c, i): [number, PreparedChapter] => [c, { html: read.html[i]!, items: by.get(c) ?? [] }]),
  );
  if (read.front !== undefined) chapters.set(0, { html: read.front, items: [] });
  return chapters;
}

/**
 * After the whole edition was settled, fitted and marked (`keys`: its chunks' settling keys, from
 * before settling): keep each chapter as prepared, when nothing was too wide. Asks the page at once
 * (before anything else is asked of it); not awaited.
 */
export function keepChapters(
  print: PrintPage,
  { label, html, browserVersion, draft }: Edition,
  keys: string[] | undefined,
  marked: Marked,
  widened: number,
): void {
  if (!keys || keys.length < 2 || widened > 0 || marked.overflows.length > 0) return;
  // (Nowhere to keep them: the cache is off.)
  if (!draft && !fileFor(label)) return;
  const byText = textKeys(html, browserVersion, draft, keys.length);
  const stored = byText ?? keys.map((key) => keyOf(key, draft));
  // (The front matter too, when kept by its text: loadByChapter puts it in so.)
  readPrepared(print, keys.map((_, i) => i).slice(1), marked.items, byText !== undefined)
    .then(
      (chapters) =>
        chapters &&
        keep(
          label,
          draft,
          [...chapters].sort(([a], [b]) => a - b).map(([c, ch]) => [stored[c]!, ch]),
          html,
        ),
    )
    .catch(() => undefined);
}

/** The edition a print page prepares: its PDF's label, its HTML, the browser, whether a draft. */
export interface Edition {
  label: string;
  html: string;
  browserVersion: string;
  draft: boolean;
}

/** The keys its chapters are kept under: by their text when the HTML splits into as many, else by the page's (`keys`). */
function storedKeys(html: string, browserVersion: string, draft: boolean, keys: string[]): string[] {
  return textKeys(html, browserVersion, draft, keys.length) ?? keys.map((key) => keyOf(key, draft));
}

/** What preparing from kept chapters made of the page (see prepareFromChapters). */
export interface ByChapter {
  /** The chapters' settling keys (settle-chunks.ts), for keepChapters. */
  keys?: string[];
  /** What marking found: the edition prepared, hidden (unlaid). */
  marked?: Marked;
  /** Something was too wide: the chapters not kept were touched, load the edition again. */
  again?: boolean;
  /** Chapters put in as kept, of all. */
  kept?: [number, number];
}

/**
 * The edition in the page (put in unlaid) prepared from the chapters the last build kept: the others
 * and the front matter settled (unless a draft), fitted and marked alone, the kept ones put in.
 * `inGroups` (a cold build of an edition printed in parts): with no chapter kept, the chapters are
 * prepared a group at a time (groupsOf), each alone in the page, rather than the edition whole.
 */
export async function prepareFromChapters(
  print: PrintPage,
  html: string,
  label: string,
  browserVersion: string,
  draft: boolean,
  inGroups = false,
  beside?: Beside,
  pipe?: Pipe,
): Promise<ByChapter> {
  const { page } = print;
  const head = headOf(html);
  if (!head) return {};
  const chunks = await findChunks(page, head, chunkBase(head, browserVersion));
  if (chunks.keys.length < 2) return {};
  const { keys } = chunks;
  const stored = readKept(label, draft).chapters;
  const kept = new Map<number, PreparedChapter>();
  keys.forEach((key, i) => {
    const found = i > 0 ? stored.get(keyOf(key, draft)) : undefined;
    if (found) kept.set(i, found);
  });
  const most = inGroups ? groupHtml() : 0;
  if (kept.size === 0 && most === 0) return { keys };
  const fresh = keys.map((_, i) => i).filter((i) => !kept.has(i));
  const groups = most > 0 ? groupsOf(chunks.lengths, fresh, most) : [fresh];
  // (A cold build's, every chapter prepared afresh, when a second renderer will prepare too.)
  const piped = pipe && beside && kept.size === 0 && most > 0 && groups.length >= besideFrom();
  const alone = await prepareGroups(print, chunks, piped ? pipedGroups(chunks.lengths, fresh, most) : groups, {
    label,
    draft,
    beside,
    // (The front matter read too when the chapters are kept by their text: loadByChapter puts it in so.)
    front: textKeys(html, browserVersion, draft, keys.length) !== undefined,
    pipe: piped ? pipe : undefined,
  });
  if (!alone) return { keys, again: true };
  return putKept(print, { label, html, browserVersion, draft }, keys, kept, alone, true);
}

/**
 * The kept chapters put in (unless `put` is false: they are in already) with every chapter's layout
 * links, every chapter kept for the next build; what the page was made.
 */
async function putKept(
  print: PrintPage,
  { label, html, browserVersion, draft }: Edition,
  keys: string[],
  kept: Map<number, PreparedChapter>,
  alone: { marked: Marked; chapters: Map<number, PreparedChapter>; elsewhere: Map<number, PreparedChapter> },
  put: boolean,
): Promise<ByChapter> {
  const items = keys.flatMap((_, i) => (kept.get(i) ?? alone.chapters.get(i))?.items ?? []);
  // The kept chapters (unless in already) and those prepared beside, in the page as prepared.
  await print.page.evaluate(
    putChapters,
    [...(put ? kept : []), ...alone.elsewhere].map(([c, chapter]): [number, string] => [c, chapter.html]),
    items.flatMap((i) => [i.id, i.endId]),
  );
  const stored = put ? storedKeys(html, browserVersion, draft, keys) : keys;
  keep(
    label,
    draft,
    keys.flatMap((_, i): Array<[string, PreparedChapter]> => {
      const chapter = kept.get(i) ?? alone.chapters.get(i);
      // (Chunk 0, the front matter, only when read: loadByChapter puts it in by its text.)
      return chapter ? [[stored[i]!, chapter]] : [];
    }),
    html,
  );
  const chapters = kept.size - (kept.has(0) ? 1 : 0);
  if (kept.size === 0) return { keys, marked: { ...alone.marked, items } };
  trace(`${label}: ${chapters} of ${keys.length - 1} chapters put in as the last build prepared them`);
  if (kept.has(0)) trace(`${label}: the front matter put in as the last build prepared it`);
  return { keys, marked: { ...alone.marked, items }, kept: [chapters, keys.length - 1] };
}

/**
 * Before the edition goes into the page: the chapters the last build prepared, found by their HTML's
 * text (chapter-split.ts), put in as prepared with the others and the front matter as they are, in
 * one go; those others then prepared alone (as prepareFromChapters does), so that no kept chapter is
 * put in twice nor read back. Undefined when none is found so, or the page chunks the edition
 * otherwise (then the edition is to be loaded as it is); `again` when something was too wide.
 */
export async function loadByChapter(
  print: PrintPage,
  edition: Edition,
): Promise<(ByChapter & { preloaded: boolean }) | undefined> {
  const { html, label, browserVersion, draft } = edition;
  const keys = textKeys(html, browserVersion, draft);
  const split = keys && splitOf(html);
  const { ahead } = print;
  print.ahead = undefined;
  if (!keys || !split) return undefined;
  const stored = (ahead && aheadChapters.get(ahead)) ?? readKept(label, draft).chapters;
  const kept = new Map<number, PreparedChapter>();
  keys.forEach((key, i) => {
    const found = stored.get(key);
    if (found) kept.set(i, found);
  });
  if (kept.size === 0) return undefined;
  const swapped = ahead && (await swapAhead(print, ahead, { html, split, keys, kept }));
  const preloaded =
    swapped !== undefined ||
    (await loadEdition(print, joined(html, split, kept), undefined, { unlaid: true })).preloaded;
  trace(
    swapped !== undefined
      ? `${label}: the last build's body, put in ahead of time, made this one's: ${swapped} of ${keys.length - 1} chapters replaced`
      : `${label}: ${kept.size} of ${keys.length} chunks found by their text, put in with the others at once`,
  );
  const chunks = await chunksKeyed(print.page, headOf(html), keys);
  if (!chunks) return undefined;
  const fresh = keys.map((_, i) => i).filter((i) => !kept.has(i));
  const alone = await prepareGroups(print, chunks, [fresh], { label, draft, front: true });
  if (!alone) return { preloaded, keys, again: true };
  return { preloaded, ...(await putKept(print, edition, keys, kept, alone, false)) };
}

/** What the last build kept, as read to put its body in ahead of time (loadByChapter reads it no more). */
const aheadChapters = new WeakMap<object, Map<string, PreparedChapter>>();

/**
 * The last build's body of this PDF, as it prepared it (every chapter and the front matter), put
 * into the print page unlaid while this build's HTML is still being made (the CLI: during the
 * Markdown pipeline; the print view: between saves): the page parses the edition on the other core,
 * and loadByChapter then replaces only the chapters whose text changed (20 × the review: ~0.6 s of
 * an edit). A guess, as the head loaded ahead of time is: used only for the same head, chunks and
 * front matter, else the body goes in as before. Never fails.
 */
export async function bodyAhead(print: PrintPage, label: string, draft = false): Promise<PrintPage> {
  const stored = print.head ? readKept(label, draft) : undefined;
  const order = stored?.order;
  const front = order && stored.chapters.get(order.keys[0]!)?.html.split('\0');
  if (!stored || !order || front?.length !== 2) return print;
  const chapters = order.keys.slice(1).map((key) => stored.chapters.get(key)!.html);
  const main = order.inner.map((gap, i) => (i === 0 ? gap : chapters[i - 1]! + gap)).join('');
  try {
    if (!(await putBodyAhead(print, `${front[0]}${main}${front[1]}`))) return print;
    print.ahead = { keys: order.keys, inner: order.inner };
    aheadChapters.set(print.ahead, stored.chapters);
    trace(`${label}: the last build's body put in ahead of time`);
  } catch (error) {
    trace(
      `${label}: the last build's body not put in ahead (${String((error as Error).message ?? error).split('\n')[0]})`,
    );
  }
  return print;
}

/**
 * The body put in ahead of time made this edition's (as `joined` would make it), replacing the
 * chapters it does not hold as kept; how many were replaced, or undefined when it cannot be made so
 * (another head, other chunks, other front matter or white space between them).
 */
async function swapAhead(
  print: PrintPage,
  ahead: NonNullable<PrintPage['ahead']>,
  {
    html,
    split,
    keys,
    kept,
  }: { html: string; split: ChapterSplit; keys: string[]; kept: Map<number, PreparedChapter> },
): Promise<number | undefined> {
  const inner = innerOf(html, keys.length);
  const same =
    print.head === headOf(html) &&
    ahead.keys.length === keys.length &&
    ahead.keys[0] === keys[0] &&
    kept.has(0) &&
    inner?.every((gap, i) => gap === ahead.inner[i]);
  if (!same) return undefined;
  const changed = keys.flatMap((key, i): Array<[number, string]> =>
    i > 0 && (key !== ahead.keys[i] || !kept.has(i)) ? [[i, kept.get(i)?.html ?? split.chapters[i - 1]!]] : [],
  );
  return (await replaceChapters(print, changed, keys.length - 1)) ? changed.length : undefined;
}

/**
 * The HTML a group of chapters prepared alone holds at most (20 × the review: 11 groups of ~85
 * pages): the page lays out and settles no more than that at once, so its memory does not grow with
 * the edition. BRIEFING_PREPARE_GROUP: another size (characters; 0: none, the edition prepared whole).
 */
const GROUP_HTML = 400_000;

/**
 * The chunks to prepare (`fresh`, in order) in runs of at most `most` characters of HTML (one chunk
 * may be longer), by each chunk's length.
 */
export function groupsOf(lengths: number[], fresh: number[], most: number): number[][] {
  const groups: number[][] = [];
  let size = Infinity;
  for (const chunk of fresh) {
    const length = lengths[chunk] ?? 0;
    if (size + length > most) {
      groups.push([]);
      size = 0;
    }
    groups[groups.length - 1]!.push(chunk);
    size += length;
  }
  return groups;
}

/**
 * Piped (prepareGroups), the front matter alone first: the print page prepares it, then prints,
 * the parts' printing being the longer work (20 × the review: its first group of ~85 pages had held
 * the first part back ~0.6 s). (A chapter lays out alone: how they are grouped changes no byte.)
 */
function pipedGroups(lengths: number[], fresh: number[], most: number): number[][] {
  return fresh[0] === 0 ? [[0], ...groupsOf(lengths, fresh.slice(1), most)] : groupsOf(lengths, fresh, most);
}

function groupHtml(env: NodeJS.ProcessEnv = process.env): number {
  const size = Number(env.BRIEFING_PREPARE_GROUP);
  return env.BRIEFING_PREPARE_GROUP && Number.isInteger(size) && size >= 0 ? size : GROUP_HTML;
}

/** A print page in a renderer of its own, for groups of chapters prepared beside the print page's (pdf.ts). */
export interface Beside {
  /** The page, its head loaded: opened on the first call. */
  page: () => Promise<PrintPage>;
  /** Its work is done: its browser may end. */
  done: () => void;
}

/**
 * Whether a cold build of this edition will likely prepare enough groups of chapters for a second
 * renderer (prepareGroups), so that it is started before the edition is loaded: nothing kept of this
 * PDF's chapters (a rebuild after an edit prepares a chapter or two) and the body long enough.
 */
export function besideAhead(pdf: string, html: string, head: string, draft: boolean): boolean {
  const most = groupHtml();
  const from = besideFrom();
  if (draft || most === 0 || from === Infinity || html.length - head.length < (from - 1) * most) return false;
  const file = fileFor(pdf);
  return !file || !existsSync(file);
}

type Alone = Awaited<ReturnType<typeof prepareAlone>>;

/**
 * Each group of chunks prepared alone (prepareAlone), in the print page, its markers in a links
 * element of its own (putChapters makes them one), and, when `beside` is given and the groups are
 * many (besideFrom), in a second renderer at once, the print page taking groups from the first, the
 * other from the last: what marking found in all, every chapter's HTML, and those prepared beside
 * (`elsewhere`: to be put into the print page). Undefined when something was too wide in one.
 */
async function prepareGroups(
  print: PrintPage,
  chunks: Chunks,
  groups: number[][],
  {
    label,
    draft,
    beside,
    front = false,
    pipe,
  }: { label: string; draft: boolean; beside?: Beside; front?: boolean; pipe?: Pipe },
) {
  const done = new Map<number, Alone>();
  const queue = groups.map((_, i) => i);
  const tooWide = () => [...done.values()].some((alone) => !alone);
  const twoRenderers = beside !== undefined && groups.length >= besideFrom();
  // Piped: the second renderer prepares the groups in order while the print page prints the parts
  // whose chapters are in (parts.ts pipedSplit), after preparing the first group (the front matter).
  const held = twoRenderers && pipe && groups.length > 1 ? await heldChunks(chunks, groups) : undefined;
  // Rather than wait for the next group, the print page prepares it (as a page of its own would).
  const help = async (): Promise<boolean> => {
    const i = tooWide() ? undefined : queue.shift();
    if (i === undefined) return false;
    try {
      done.set(i, await prepareHere(print, held!, groups[i]!, label, draft));
    } catch (error) {
      queue.unshift(i);
      throw error;
    }
    helped.push(i);
    arrivals?.give(i, done.get(i), true);
    if (groups.length >= COLLECT_FROM_GROUPS) await collectGarbage(print.page, label);
    return true;
  };
  const helped: number[] = [];
  const arrivals = held ? arrivalsOf(groups, help) : undefined;
  let preparedHere = 0;
  const here = async (most = Infinity) => {
    for (let i = queue.shift(); i !== undefined && !tooWide(); i = preparedHere < most ? queue.shift() : undefined) {
      const group = groups[i]!;
      const alone = await chunks.only(group, () => prepareAlone(print, chunks, group, label, draft, front));
      done.set(i, alone);
      arrivals?.give(i, alone, false);
      preparedHere += 1;
      // With a second renderer (which collects after each group), what the groups left is let go
      // every few groups: both renderers' memory adds up then (20 × the review: else the page grows
      // ~40 MB a group, to ~300 MB, the build's peak). The other prepares meanwhile.
      const every = groups.length >= COLLECT_FROM_GROUPS && preparedHere % COLLECT_EVERY_GROUPS === 0;
      if (twoRenderers && every && queue.length > 0) await collectGarbage(print.page, label);
    }
  };
  const there = twoRenderers
    ? prepareBeside(beside, held ?? chunks, groups, {
        label,
        draft,
        front,
        collecting: groups.length >= COLLECT_FROM_GROUPS,
        take: () => (tooWide() ? undefined : arrivals ? queue.shift() : queue.pop()),
        give: (i, alone) => {
          if (alone === null) queue.unshift(i);
          else done.set(i, alone);
          arrivals?.give(i, alone, true);
        },
        lend: arrivals?.lend,
      })
    : undefined;
  const piped = arrivals && pipeAfter(here, arrivals, pipe!, there!, label);
  await Promise.all([piped ?? here(), there]);
  // A group the second renderer failed at (or all after the first, when the parts could not be piped).
  await here();
  if (tooWide()) return undefined;
  const { chapters, marked } = merged(groups.map((_, i) => done.get(i)!));
  const elsewhere = new Map<number, PreparedChapter>();
  // (Piped and printed, the chapters prepared beside or between parts are in the page already.)
  if (!(await piped))
    for (const i of [...((await there) ?? []), ...helped])
      for (const [c, chapter] of done.get(i)!.chapters) elsewhere.set(c, chapter);
  if (groups.length > 1) traceGroups(label, groups.length, await there, (await piped) === true, helped.length);
  return { marked, chapters, elsewhere };
}

/** How the groups were prepared: beside (how many), and piped (how many in the print page between parts). */
function traceGroups(label: string, groups: number, beside: number[] | undefined, piped: boolean, helped: number) {
  const between = helped > 0 ? `, ${helped} in the print page between them` : '';
  trace(
    `${label}: prepared in ${groups} groups of chapters, each alone in the page${beside ? `, ${beside.length} in a second renderer` : ''}${piped ? `, its parts printed meanwhile${between}` : ''}`,
  );
}

/** The groups' chapters and what marking found in them, in order. */
function merged(groups: Array<NonNullable<Alone>>) {
  const chapters = new Map<number, PreparedChapter>();
  const marked: Marked = { overflows: [], items: [], ms: { fit: 0, mark: 0 } };
  for (const alone of groups) {
    for (const [c, chapter] of alone.chapters) chapters.set(c, chapter);
    marked.items.push(...alone.marked.items);
    marked.ms.fit += alone.marked.ms.fit;
    marked.ms.mark += alone.marked.ms.mark;
  }
  return { chapters, marked };
}

/**
 * The parts printed while the chapters are prepared (pdf.ts: the measuring pass): told each group as
 * it is ready (parts.ts Arrivals); rejects, the page as it was before, when it cannot finish.
 */
export type Pipe = (arrivals: Arrivals) => Promise<void>;

/**
 * The print page prepares the first group (the front matter with it), then prints while the second
 * renderer prepares the others; whether every part was printed so. When it was not (a group too
 * wide, the second renderer lost, the parts not printed), the print page prepares what is left.
 */
async function pipeAfter(
  here: (most?: number) => Promise<void>,
  arrivals: ReturnType<typeof arrivalsOf>,
  pipe: Pipe,
  there: Promise<number[]>,
  label: string,
): Promise<boolean> {
  await here(1);
  let printed = false;
  try {
    await pipe(arrivals);
    printed = true;
  } catch (error) {
    arrivals.fail();
    const why = String((error as Error).message ?? error).split('\n')[0];
    trace(`${label}: the parts printed while the chapters were prepared thrown away (${why})`);
  }
  // (The second renderer lent to the parts, if it was, is theirs no longer.)
  arrivals.close();
  await there;
  return printed;
}

/**
 * The groups as they are prepared, for the parts printed meanwhile: a group prepared beside with
 * its chapters' HTML (to be put into the print page), one prepared in the print page without.
 * A group too wide, or lost with the second renderer, fails them.
 */
function arrivalsOf(groups: number[][], help: () => Promise<boolean>) {
  const ready: Arrival[] = [];
  let given = 0;
  let failed = false;
  // The second renderer, its groups done, lent to the parts (parts.ts PartHelper) until they release it.
  let lent: (helper: PartHelper | undefined) => void = () => {};
  const helper = new Promise<PartHelper | undefined>((resolve) => (lent = resolve));
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let wake: (() => void) | undefined;
  const tell = () => {
    wake?.();
    wake = undefined;
  };
  return {
    give: (i: number, alone: Alone | null | undefined, beside: boolean) => {
      if (!alone) failed = true;
      else {
        given += 1;
        ready.push({
          chunks: groups[i]!,
          html: beside ? [...alone.chapters].map(([c, chapter]): [number, string] => [c, chapter.html]) : [],
          markers: alone.marked.items.flatMap((item) => [item.id, item.endId]),
        });
      }
      tell();
    },
    fail: () => {
      failed = true;
      tell();
    },
    helper,
    lend: (print: PrintPage): Promise<void> => {
      lent({ page: print.page, release });
      return released;
    },
    close: () => {
      lent(undefined);
      release();
    },
    next: async (around: <T>(work: () => Promise<T>) => Promise<T>): Promise<Arrival | undefined> => {
      for (;;) {
        if (failed) throw new Error('a group of chapters was not prepared');
        const arrival = ready.shift();
        if (arrival) return arrival;
        if (given === groups.length) return undefined;
        if (!(await around(help))) await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}

/**
 * The chunks with the HTML of every group's chapters (and chunk 0) asked of the print page at once:
 * the second renderer takes each group's from here while the print page prints.
 */
async function heldChunks(chunks: Chunks, groups: number[][]): Promise<Chunks> {
  const wanted = [0, ...groups.flat().filter((c) => c > 0)];
  const html = await chunks.html(wanted);
  const held = new Map(wanted.map((c, i) => [c, html[i]!]));
  return { ...chunks, html: (asked) => Promise.resolve(asked.map((c) => held.get(c) ?? '')) };
}

/**
 * Groups the print page prepares between its collections when a second renderer prepares too. 20 ×
 * the review, cold, nine pairs in turns: every third group ~0.35 s sooner than every group, peaks
 * about the same (670–799 MB every group, 701–799 MB every third); never: 849–887 MB.
 */
const COLLECT_EVERY_GROUPS = 3;

/**
 * Groups (the front matter's too) from which the renderers' garbage is collected between groups at
 * all: each collection costs its renderer ~70–140 ms, between a group and the next or the parts
 * (5 × the review, 4 groups: two collections, for a peak ~0.2 GB under the 20 ×'s); a long edition's
 * memory adds up group by group (20 × the review: 15 groups).
 */
const COLLECT_FROM_GROUPS = 6;

/**
 * Groups from which a second renderer prepares some: it starts in about half a second and costs
 * ~0.4 s of CPU (its start, the head's faces, chunk 0 with each group), which only pays when the
 * machine is not already busy (load average under twice its cores, as parse-split.ts). BRIEFING_RENDERERS:
 * 1, never; 2, from two groups whatever the load.
 */
function besideFrom(env: NodeJS.ProcessEnv = process.env): number {
  if (env.BRIEFING_RENDERERS === '2') return 2;
  return env.BRIEFING_RENDERERS === '1' || loadavg()[0]! >= 2 * availableParallelism() ? Infinity : BESIDE_FROM;
}
const BESIDE_FROM = 3;

/**
 * Groups prepared in a page of a second renderer, each in turn as `take` gives it: the head, chunk 0
 * and the group's chapters put in (as settle.ts settleElsewhere does), the others taken out as in
 * the print page, so each is prepared as it would have been there. `give` is told each group's
 * result (null: failed here, to be prepared in the print page). Returns the groups it prepared.
 */
async function prepareBeside(
  beside: Beside,
  chunks: Chunks,
  groups: number[][],
  {
    label,
    draft,
    front,
    collecting,
    take,
    give,
    lend,
  }: {
    label: string;
    draft: boolean;
    front: boolean;
    /** Whether its garbage is collected between its groups (COLLECT_FROM_GROUPS). */
    collecting: boolean;
    take: () => number | undefined;
    give: (i: number, alone: Alone | null) => void;
    /** Its groups done, the page lent (to print parts) until given back. */
    lend?: (print: PrintPage) => Promise<void>;
  },
): Promise<number[]> {
  const prepared: number[] = [];
  let current: number | undefined;
  try {
    const print = await beside.page();
    if (print.head !== chunks.head) throw new Error('not the same head');
    for (current = take(); current !== undefined; current = take()) {
      // The group before is garbage once this one is in: let go (20 × the review: the build's peak is while both prepare).
      const collect = collecting && prepared.length > 0 ? () => collectGarbage(print.page, label) : undefined;
      const alone = await prepareIn(print, chunks, groups[current]!, { label, draft, front, collect });
      give(current, alone);
      prepared.push(current);
      current = undefined;
    }
    await lend?.(print);
  } catch (error) {
    trace(`${label}: the second renderer failed (${String((error as Error).message ?? error).split('\n')[0]})`);
    if (current !== undefined) give(current, null);
  } finally {
    beside.done();
  }
  return prepared;
}

/**
 * A group prepared in a page of its own: the head's, chunk 0 and the group's chapters put in (as
 * settle.ts settleElsewhere does), the others taken out as in the print page, so it is prepared as
 * it would have been there. `collect`: after the group is in.
 */
async function prepareIn(
  print: PrintPage,
  chunks: Chunks,
  group: number[],
  { label, draft, front, collect }: { label: string; draft: boolean; front: boolean; collect?: () => Promise<void> },
): Promise<Alone> {
  const wanted = group.filter((c) => c > 0);
  const [body, ...html] = await chunks.html([0, ...wanted]);
  await putChunks(
    print.page,
    body!,
    wanted.map((c, k): [number, string] => [c, html[k]!]),
  );
  await collect?.();
  const here = await findChunks(print.page, chunks.head, '');
  if (here.keys.length !== chunks.keys.length) throw new Error('the chapters are not the same in the other page');
  return here.only(group, () => prepareAlone(print, here, group, label, draft, front));
}

/**
 * A group prepared in the print page while its parts print (prepareIn, in place of the part shown),
 * the edition's chunks set aside meanwhile.
 */
async function prepareHere(print: PrintPage, chunks: Chunks, group: number[], label: string, draft: boolean) {
  await chunksAside(print.page, true);
  try {
    return await prepareIn(print, chunks, group, { label, draft, front: false });
  } finally {
    await chunksAside(print.page, false);
  }
}

/**
 * The chunks in the body alone (the others taken out) shown, settled (unless a draft), fitted and
 * marked, then the edition hidden; their items and chapters' HTML. Undefined when something was too wide.
 */
async function prepareAlone(
  print: PrintPage,
  chunks: Chunks,
  fresh: number[],
  label: string,
  draft: boolean,
  front: boolean,
) {
  const { page } = print;
  await showEdition(print);
  const widened = await fitTables(page);
  const ok = widened === 0 && (draft || (await settleBody(page, chunks, fresh, label, { hide: true })).split);
  // Hidden once marked, in the page's same task: no frame lays the group out again (readPrepared
  // reads only its HTML).
  const marked = ok ? await fitAndMark(page, { hide: true }) : undefined;
  const chapters =
    marked && marked.overflows.length === 0
      ? await readPrepared(
          print,
          fresh.filter((c) => c > 0),
          marked.items,
          front && fresh.includes(0),
        )
      : undefined;
  await hideEdition(print);
  return marked && chapters && { marked, chapters };
}

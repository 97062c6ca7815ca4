// Parsing Markdown (micromark) is most of the pipeline's time: about 0.3–0.5 s for the review in a
// fresh process. A parsed tree depends only on the file's text and on the parser, so it is kept on
// disk (node_modules/.cache/briefing, or BRIEFING_CACHE_DIR; BRIEFING_CACHE_DIR=off disables it) and
// read back as JSON, about ten times faster. The key covers the text and the parser's exact code:
// the versions of the parsing packages and the source of our own parser wrapper.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { cacheDir, readCacheJson, writeCacheFile, writeCacheFileSoon } from '../cache.js';
import { codeKey } from '../code-key.js';
import type { Planned } from './parse-ahead.js';

const PARSER_PACKAGES = [
  'remark-parse',
  'micromark-extension-gfm-autolink-literal',
  'micromark-extension-gfm-footnote',
  'micromark-extension-gfm-strikethrough',
  'micromark-extension-gfm-table',
  'micromark-extension-gfm-task-list-item',
  'mdast-util-gfm-autolink-literal',
  'mdast-util-gfm-footnote',
  'mdast-util-gfm-strikethrough',
  'mdast-util-gfm-table',
  'mdast-util-gfm-task-list-item',
  'remark-directive',
  'remark-frontmatter',
  'remark-math',
  'remark-definition-list',
  '@adobe/remark-gridtables',
  'micromark',
  'mdast-util-from-markdown',
  'micromark-util-character',
];
/** The modules the parser's output depends on. */
const PARSER_MODULES = [
  'pipeline/parser',
  'pipeline/parser-gfm',
  'pipeline/remark-positions',
  'pipeline/remark-fenced-divs',
  'pipeline/remark-fancy-lists',
  'pipeline/remark-pandoc-tables',
  'pipeline/parse-split',
  'pipeline/parse-worker',
  'pipeline/parse-thread',
  'pipeline/parse-ahead',
  'pipeline/equation-labels',
  'pipeline/raw-tex-syntax',
  'pipeline/myst-syntax',
  'positions',
];

let parserKey: string | undefined;

/** The parser's code (see code-key.ts), for caches of what is computed from its trees. */
export function keyOfParser(): string {
  parserKey ??= codeKey(PARSER_PACKAGES, PARSER_MODULES);
  return parserKey;
}

export { cacheDir } from '../cache.js';

/** An mdast root as far as the cache can tell (sealed by us; this only guards a changed format). */
function isRoot(data: unknown): data is Root {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as Root).type === 'root' &&
    Array.isArray((data as Root).children)
  );
}

const parsedKey = (text: string) => createHash('sha256').update(keyOfParser()).update('\0').update(text).digest('hex');

/** Keys hasParsed worked out, each taken by the readParsed that follows (a warm build hashes each text once). */
const known = new Map<string, string>();

/** The cached tree for this text, or undefined. Never throws: a broken, foreign or wrong-shaped entry is a miss. */
export function readParsed(dir: string, text: string): { key: string; tree?: Root } {
  const key = known.get(text) ?? parsedKey(text);
  known.delete(text);
  const file = path.join(dir, `${key}.json`);
  const pending = held?.get(file);
  return { key, tree: pending === undefined ? readCacheJson(file, isRoot) : heldTree(pending) };
}

/** A held write's tree, read back as the file would be (the same file repeated in an edition parses once). */
function heldTree(text: string): Root | undefined {
  const data = JSON.parse(text) as unknown;
  return isRoot(data) ? data : undefined;
}

/** Whether a tree for this text is stored (not read: a warm build does not ask the parse worker for it). */
export function hasParsed(dir: string, text: string): boolean {
  const key = parsedKey(text);
  if (known.size >= 10_000) known.clear(); // texts never read back (a file cut at a limit): not kept for ever
  known.set(text, key);
  const file = path.join(dir, `${key}.json`);
  return held?.has(file) === true || existsSync(file);
}

/** Store a tree (see writeCacheFile; failing to: the next build parses again). */
export function writeParsed(dir: string, key: string, tree: Root): void {
  writeCacheFile(path.join(dir, `${key}.json`), JSON.stringify(tree));
}

/**
 * writeParsed, sealed and written in the thread pool (writeCacheFileSoon; its text made now: the
 * pipeline changes the tree next): a build's parse, where writing each file's tree was ~13 ms of a
 * cold build of the review before its print HTML.
 */
function writeParsedSoon(dir: string, key: string, tree: Root): string {
  const file = path.join(dir, `${key}.json`);
  const text = JSON.stringify(tree);
  if (held) held.set(file, text);
  else void writeCacheFileSoon(file, text);
  return text;
}

/** The held writes' texts by file (read back by readParsed and hasParsed as the files would be). */
let held: Map<string, string> | undefined;

/**
 * The parsed trees' cache files (their text made at once) sealed and written only once released:
 * a build holds them until its first print goes out, since their sealing and writing took ~12 ms of
 * this thread before a cold build of the review's print HTML (~0.5 ms a file), while Chromium waited.
 */
export function holdParsedWrites(): void {
  held ??= new Map();
}

/** The held writes begun, and the next ones begun at once (several calls: the first one counts). */
export function releaseParsedWrites(): void {
  const writes = held;
  held = undefined;
  for (const [file, text] of writes ?? []) void writeCacheFileSoon(file, text);
}

/**
 * Parsed Markdown by file path and text: `briefing dev` keeps one across rebuilds, so an edit
 * re-parses only the file that changed (parsing is most of a rebuild). Trees are cloned out of it,
 * since our plugins change the tree they run on.
 */
export type ParseCache = Map<string, { text: string; tree: Root }>;

/**
 * Parsed Markdown: from the in-memory cache (dev), the disk cache, or the parser (loaded on first
 * need); a file `planned` for the parse worker (parse-ahead.ts) from the worker or parsed here whole.
 */
export async function parseCached(
  file: VFile,
  text: string,
  cache: ParseCache | undefined,
  planned?: Planned,
): Promise<Root> {
  const key = `${file.path}`;
  const hit = cache?.get(key);
  if (hit && hit.text === text) return clonePlain(hit.tree);
  const tree = await parseWithDiskCache(file, text, planned);
  cache?.set(key, { text, tree: clonePlain(tree) });
  return tree;
}

/**
 * A deep copy of a tree of plain objects and arrays (what the parser and JSON make), anything else
 * structured-cloned: 3–5 × faster than structuredClone on mdast (the dev loop copies every file's
 * tree on every save: 20 × the review, ~30 ms of a ~320 ms rebuild).
 */
export function clonePlain<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item: unknown) => clonePlain(item)) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = clonePlain(item);
  return out as T;
}

let parser: Promise<ReturnType<typeof import('./parser.js').createParser>> | undefined;

async function parseWithDiskCache(file: VFile, text: string, planned: Planned | undefined): Promise<Root> {
  const dir = cacheDir();
  const stored = dir ? readParsed(dir, text) : undefined;
  if (stored?.tree) return stored.tree;
  parser ??= import('./parser.js').then((m) => m.createParser());
  const tree = planned ? await plannedTree(planned, file, text) : await parseSplit(file, text);
  // The tree as the next build reads it back (heldTree): the same values, and strings as JSON.parse
  // makes them. A parsed file's ASCII text sliced from a text with other letters is held by V8 in two
  // bytes a character, and chapter-cache.ts keys a chapter by V8's serialization of its tree, which
  // writes a string as it is held: the next build missed every chapter kept by a cold one (20 × the
  // review, 122 of 141 chapters rendered again, ~0.25 s of the first edit after a cold build).
  if (dir && stored) return heldTree(writeParsedSoon(dir, stored.key, tree)) ?? tree;
  return tree;
}

/** A long text in two halves at once (parse-split.ts), else whole. */
async function parseSplit(file: VFile, text: string): Promise<Root> {
  const load = parser!.then((p) => (f: VFile) => p.parse(f));
  const { parseInHalves, parseElsewhere } = await import('./parse-split.js');
  return parseInHalves(load, file, text, parseElsewhere());
}

/** A planned file's tree: the worker's when it parsed this very text, else parsed here, whole (the worker is busy). */
async function plannedTree(planned: Planned, file: VFile, text: string): Promise<Root> {
  const answer = planned === 'here' ? undefined : await planned;
  return answer?.tree && answer.length === text.length ? answer.tree : (await parser!).parse(file);
}

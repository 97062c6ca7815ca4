// Hyphenation for the PDF edition, done by us: Chromium's `hyphens: auto` hyphenates nothing offline
// (its dictionaries come from the component updater), so justified print text gets loose lines.
// This plugin inserts soft hyphens (U+00AD) at the points given by Liang's TeX patterns (npm `hyphen`)
// into the words of text nodes. Print only: the web edition must not get them (copy/search of HTML).
//
// English uses the British patterns (en-gb): the review is set in Oxford/UN spelling (labour, -ize)
// and British practice breaks by word structure (know-ledge, present-a-tion, demo-cracy), which is
// what Oxford and UN editors do; the US patterns break by pronunciation (knowl-edge, democ-ra-cy) and
// miss some British spellings (labour, colour get no break). `en-US` selects the US patterns.
// Kazakh uses hyph-utf8's hyph-kk rules (kk-patterns.ts). Locales without patterns are left
// unchanged; `hyphenationPatterns(lang)` tells the caller beforehand, and `file.data.hyphenation`
// records what was done, so it can warn once.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { builtInEntry, cacheDir, readCacheJson, recordBuiltIn, recordingBuiltIn, writeCacheFile } from '../cache.js';
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { compilePatterns, kazakhPatterns, kazakhWrongBreak } from './kk-patterns.js';
import { LIANG_CODE, liangHyphenator, type CompiledPatterns } from './liang.js';
import type { VFile } from 'vfile';
import { hasClass } from '../hast-classes.js';

export const SOFT_HYPHEN = '\u00AD';

export interface HyphenateOptions {
  /** BCP 47 tag of the text: `en`, `en-GB`, `en-US`, `ru`, `kk`… */
  lang: string;
  /** Words with fewer letters are never hyphenated (default 6). */
  minWordLength?: number;
  /**
   * Words with their break points marked by `-`, e.g. `Ka-zakh-stan`, in any case; they win over the
   * patterns. From the edition's settings (`typography: { en: { hyphenation: { exceptions } } }`).
   */
  exceptions?: readonly string[];
  /** Hyphenated text kept between builds (made and saved by the caller); default: this run's memory only. */
  cache?: HyphenationCache;
}

export interface HyphenationReport {
  lang: string;
  /** Pattern set used (`en-gb`, `en-us`, `ru`), or null when the language has none: text unchanged. */
  patterns: PatternName | null;
  /** Words looked at (letters only, outside skipped contexts). */
  words: number;
  /** Words that got at least one soft hyphen. */
  hyphenated: number;
  /** Soft hyphens inserted. */
  softHyphens: number;
}

declare module 'vfile' {
  interface DataMap {
    /** Set by rehype-hyphenate (print edition only). */
    hyphenation: HyphenationReport;
  }
}

export type PatternName = 'en-gb' | 'en-us' | 'ru' | 'kk';

interface Language {
  patterns: PatternName;
  /** Fewest letters before / after a break (TeX: English 2/3, Russian 2/2). */
  leftMin: number;
  rightMin: number;
  /** A break the patterns allow but the language does not (only ever removes breaks). */
  wrongBreak?: (lower: string, at: number) => boolean;
}

const LANGUAGES: Record<string, Language> = {
  en: { patterns: 'en-gb', leftMin: 2, rightMin: 3 },
  'en-gb': { patterns: 'en-gb', leftMin: 2, rightMin: 3 },
  'en-us': { patterns: 'en-us', leftMin: 2, rightMin: 3 },
  ru: { patterns: 'ru', leftMin: 2, rightMin: 2 },
  // hyph-kk's hyphenmins: 2 and 2.
  kk: { patterns: 'kk', leftMin: 2, rightMin: 2, wrongBreak: kazakhWrongBreak },
};

function languageOf(lang: string): Language | undefined {
  const tag = lang.trim().toLowerCase().replace(/_/g, '-');
  return LANGUAGES[tag] ?? LANGUAGES[tag.split('-').slice(0, 2).join('-')] ?? LANGUAGES[tag.split('-')[0]!];
}

/** The pattern set used for `lang`, or undefined when it has none (the text is left unchanged). */
export function hyphenationPatterns(lang: string): PatternName | undefined {
  return languageOf(lang)?.patterns;
}

const require = createRequire(import.meta.url);
const hyphenators = new Map<string, (word: string) => string>();

function hyphenatorKey(language: Language, exceptions: readonly string[]): string {
  return `${language.patterns}|${language.leftMin}|${language.rightMin}|${exceptions.join(' ')}`;
}

/** The `hyphen` package's pattern files the languages use (Kazakh's are made by kk-patterns.ts). */
export const PACKAGE_PATTERNS = [...new Set(Object.values(LANGUAGES).map((l) => l.patterns))].filter((p) => p !== 'kk');

/** A combining mark first (no break before it). */
const MARK_FIRST = /^\p{M}/u;

const packaged = new Map<string, CompiledPatterns>();

/**
 * A pattern file of the `hyphen` package, compiled: as JSON from dist/kept/ (made by `npm run
 * compile`, scripts/keep-built-in.js, named by the file's digest) while the file is the one it was
 * made from (parsing the JSON: ~2 ms, requiring the file's JavaScript: ~10 ms of a build, en), else
 * required (and kept, while compiling, if JSON gives it back exactly).
 */
export function packagePatterns(name: string): CompiledPatterns {
  let patterns = packaged.get(name);
  if (!patterns) {
    const file = require.resolve(`hyphen/patterns/${name}.js`);
    const entry = `hyphen-${name}-${createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 32)}.json`;
    const kept = builtInEntry(entry);
    patterns = kept === undefined ? undefined : keptPatterns(kept);
    if (!patterns) {
      patterns = require(`hyphen/patterns/${name}.js`) as CompiledPatterns;
      const json = recordingBuiltIn() ? JSON.stringify(patterns) : undefined;
      if (json !== undefined && isDeepStrictEqual(JSON.parse(json), patterns)) recordBuiltIn(entry, json);
    }
    packaged.set(name, patterns);
  }
  return patterns;
}

function keptPatterns(text: string): CompiledPatterns | undefined {
  try {
    const data = JSON.parse(text) as unknown;
    return Array.isArray(data) && Array.isArray(data[0]) && typeof data[1] === 'object' && data[1] !== null
      ? (data as CompiledPatterns)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A cached word hyphenator (soft hyphens at the allowed points) for a language and its exceptions. */
function wordHyphenator(language: Language, exceptions: readonly string[]): (word: string) => string {
  const key = hyphenatorKey(language, exceptions);
  const existing = hyphenators.get(key);
  if (existing) return existing;

  const patterns = language.patterns === 'kk' ? compilePatterns(kazakhPatterns()) : packagePatterns(language.patterns);
  // The package's hyphenator (html: false, or a `<` in text would make it skip to the next `>`), a
  // word at a time without its text reader (liang.ts). Our words are letters only.
  const hyphenate = liangHyphenator(patterns, SOFT_HYPHEN);
  // Our exceptions, by lowercased word (the package's own exception option misplaces the second and
  // later breaks of words written in another case).
  const fixed = new Map<string, number[]>();
  for (const definition of exceptions) {
    const points: number[] = [];
    let at = 0;
    for (const part of definition.split('-')) {
      if (at > 0) points.push(at);
      at += part.length;
    }
    fixed.set(definition.replace(/-/g, '').toLowerCase(), points);
  }
  const cache = new Map<string, string>();
  const { leftMin, rightMin, wrongBreak } = language;
  const fn = (word: string): string => {
    let result = cache.get(word);
    if (result !== undefined) return result;
    const points = fixed.get(word.toLowerCase());
    const parts = points ? splitAt(word, points) : hyphenate(word).split(SOFT_HYPHEN);
    result = parts[0]!;
    let at = result.length;
    for (let i = 1; i < parts.length; i++) {
      const part = parts[i]!;
      // Keep a break only with enough letters either side, and never before a combining mark.
      const allowed = at >= leftMin && word.length - at >= rightMin && !MARK_FIRST.test(part);
      if (allowed && !wrongBreak?.(word.toLowerCase(), at)) result += SOFT_HYPHEN;
      result += part;
      at += part.length;
    }
    if (cache.size < 100_000) cache.set(word, result);
    return result;
  };
  hyphenators.set(key, fn);
  return fn;
}

function splitAt(word: string, points: number[]): string[] {
  const parts: string[] = [];
  let from = 0;
  for (const point of points) {
    parts.push(word.slice(from, point));
    from = point;
  }
  parts.push(word.slice(from));
  return parts;
}

// --- what is never hyphenated
const SKIP_TAGS = new Set([
  'code',
  'pre',
  'kbd',
  'samp',
  'var',
  'script',
  'style',
  'textarea',
  'math',
  'svg',
  'sup',
  'sub',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  // Short lines and ragged text: a hyphen there only hurts reading (tables, captions).
  'td',
  'th',
  'caption',
  'figcaption',
]);
const WORD = /\p{L}[\p{L}\p{M}]*/gu;
const TOKEN = /\S+/gu;
/** Tokens left whole: digits, soft hyphens already there, URLs, e-mail addresses, domain names. */
const SKIP_TOKEN =
  /[\p{Nd}\u00AD@]|:\/\/|^\p{P}*www\.|[\p{L}\p{N}-]\.(?:[a-z]{2,}\/|(?:kz|ru|com|org|net|int|gov|edu|info|eu)(?![\p{L}\p{N}]))/iu;
/** Acronyms and CamelCase: an uppercase letter after the first (UNICEF, NGOs, OHCHR’s, KazInform). */
const INNER_CAPITAL = /.\p{Lu}/u;

function skipElement(node: Element, primary: string): boolean {
  if (SKIP_TAGS.has(node.tagName)) return true;
  const p = node.properties;
  if (node.tagName === 'a' && typeof p.href === 'string' && /^(?:https?:|mailto:)/i.test(p.href)) return true;
  if (String(p.translate).toLowerCase() === 'no') return true;
  if (hasClass(node, 'heading-number') || hasClass(node, 'callout')) return true;
  // Text marked as another language would get the wrong patterns.
  if (typeof p.lang === 'string' && p.lang !== '' && p.lang.toLowerCase().split('-')[0] !== primary) return true;
  return false;
}

/**
 * Hyphenate plain text as the plugin does for one text node (no element context). Returns the text
 * unchanged for languages without patterns.
 */
export function hyphenateText(text: string, options: HyphenateOptions): string {
  const language = languageOf(options.lang);
  if (!language) return text;
  const texts = options.cache ?? new HyphenationCache(undefined);
  return cachedHyphenator(language, options.exceptions ?? [], options.minWordLength ?? 6, texts)(text)[0];
}

function hyphenateValue(
  value: string,
  hyphenate: (word: string) => string,
  minWordLength: number,
  counts: { words: number; hyphenated: number; softHyphens: number },
): string {
  return value.replace(TOKEN, (token) => {
    if (SKIP_TOKEN.test(token)) return token;
    return token.replace(WORD, (word) => {
      counts.words++;
      if (word.length < minWordLength || INNER_CAPITAL.test(word)) return word;
      const result = hyphenate(word);
      if (result.length !== word.length) {
        counts.hyphenated++;
        counts.softHyphens += result.length - word.length;
      }
      return result;
    });
  });
}

/**
 * A text's hyphenation through the run's cache of hyphenated texts (see HyphenationCache). The
 * patterns are loaded and their trie built (~50 ms) only on the first text the cache does not know.
 */
export function cachedHyphenator(
  language: Language,
  exceptions: readonly string[],
  minWordLength: number,
  texts: HyphenationCache,
): (text: string) => Hyphenated {
  let hyphenate: ((word: string) => string) | undefined;
  const cache = texts.forHyphenator(`${hyphenatorKey(language, exceptions)}|${minWordLength}`);
  return (text) => {
    let done = cache.get(text);
    if (!done) {
      const counts = { words: 0, hyphenated: 0, softHyphens: 0 };
      hyphenate ??= wordHyphenator(language, exceptions);
      done = [
        hyphenateValue(text, hyphenate, minWordLength, counts),
        counts.words,
        counts.hyphenated,
        counts.softHyphens,
      ];
      cache.set(text, done);
    }
    return done;
  };
}

/** rehype plugin: soft hyphens in the words of text nodes (print edition only). */
export default function rehypeHyphenate(options: HyphenateOptions) {
  const language = languageOf(options.lang);
  const minWordLength = options.minWordLength ?? 6;
  const primary = options.lang.trim().toLowerCase().split(/[-_]/)[0]!;
  const texts = options.cache ?? new HyphenationCache(undefined);
  return (tree: Root, file: VFile): void => {
    const report: HyphenationReport = {
      lang: options.lang,
      patterns: language?.patterns ?? null,
      words: 0,
      hyphenated: 0,
      softHyphens: 0,
    };
    file.data.hyphenation = report;
    if (!language) return;
    const hyphenateText = cachedHyphenator(language, options.exceptions ?? [], minWordLength, texts);
    const walk = (children: Array<RootContent | ElementContent>): void => {
      for (const child of children) {
        if (child.type === 'text') {
          const done = hyphenateText(child.value);
          child.value = done[0];
          report.words += done[1];
          report.hyphenated += done[2];
          report.softHyphens += done[3];
        } else if (child.type === 'element') {
          if (!skipElement(child, primary)) walk(child.children);
        }
      }
    };
    walk(tree.children);
  };
}

// --- hyphenated text kept between builds
// Hyphenating the review's text is 0.1–0.2 s of a rebuild (patterns, and the token tests around
// them); the result depends only on the text and the hyphenator (patterns, exceptions, limits), so
// each text node's result is kept on disk beside the parsed-Markdown cache and read back as one JSON
// file per hyphenator. Written by whoever made the HyphenationCache (the build) with the entries it used,
// then those it read and did not use, up to KEPT_PER_USED times as many: the file is shared by every
// report in that language, and two reports built in turns (scripts/bench/citations.js, or two
// projects) each found only the other's texts and hyphenated all of theirs again.

/** [hyphenated text, words, hyphenated words, soft hyphens]. */
type Hyphenated = [string, number, number, number];

interface TextCache {
  file: string | undefined;
  /** Entries read from disk, not (yet) used by this run. */
  stored: Map<string, Hyphenated>;
  /** Entries this run used or made: what the next build will need. */
  used: Map<string, Hyphenated>;
  added: number;
}

const CACHE_FORMAT = 1;
/** Entries kept beside a run's own, as a multiple of them (the oldest read are left out first). */
const KEPT_PER_USED = 3;

/**
 * The hyphenated texts of one run, per hyphenator, read from `dir` on first use. Whoever makes one
 * saves it (save()) when its run is done; nothing is shared between runs in one process.
 */
export class HyphenationCache {
  readonly #caches = new Map<string, TextCache>();
  readonly #dir: string | undefined;
  #keepRead = false;

  /** `dir`: the cache folder (default: cache.ts's), undefined to keep texts in memory only. */
  constructor(dir: string | undefined = cacheDir()) {
    this.#dir = dir;
  }

  forHyphenator(key: string): {
    get(text: string): Hyphenated | undefined;
    set(text: string, value: Hyphenated): void;
  } {
    let cache = this.#caches.get(key);
    if (!cache) {
      cache = this.#read(key);
      this.#caches.set(key, cache);
    }
    const self = cache;
    return {
      get(text) {
        const hit = self.used.get(text) ?? self.stored.get(text);
        if (hit) self.used.set(text, hit);
        return hit;
      },
      set(text, value) {
        self.used.set(text, value);
        self.added += 1;
      },
    };
  }

  /**
   * Every entry read is kept by the next save: a chapter's HTML was taken from the chapter cache
   * (chapter-cache.ts), so its texts, still the edition's, were not looked up.
   */
  keepRead(): void {
    this.#keepRead = true;
  }

  /** Write the hyphenators' files that gained entries (temp file + rename). Failing to cache is not an error. */
  save(): void {
    for (const cache of this.#caches.values()) {
      if (!cache.file || cache.added === 0) continue;
      // Not written (read-only or full): the next build hyphenates again.
      if (writeCacheFile(cache.file, JSON.stringify(Object.fromEntries(kept(cache, this.#keepRead))))) cache.added = 0;
    }
  }

  #read(key: string): TextCache {
    // Keyed by the hyphenator and by the code that decides what is hyphenated (this module, the
    // Kazakh patterns, which are made by code rather than shipped by the package, and liang.ts).
    const id = createHash('sha256')
      .update(`${CACHE_FORMAT}|${hyphenVersion()}|${key}|`)
      .update(readFileSync(fileURLToPath(import.meta.url)))
      .update(`${kazakhPatterns.toString()}${compilePatterns.toString()}${kazakhWrongBreak.toString()}${LIANG_CODE}`)
      .digest('hex')
      .slice(0, 24);
    const file = this.#dir ? path.join(this.#dir, `hyphenation-${id}.json`) : undefined;
    // None yet, unreadable, not sealed by us or of another shape: a miss.
    const kept = file ? readCacheJson(file, isHyphenatedRecord) : undefined;
    return { file, stored: new Map(kept ? Object.entries(kept) : []), used: new Map(), added: 0 };
  }
}

/** What a save writes: the run's entries first, then those read and not used, in the order read. */
function kept(cache: TextCache, all: boolean): Map<string, Hyphenated> {
  const out = new Map(cache.used);
  const limit = all ? Infinity : cache.used.size * (1 + KEPT_PER_USED);
  for (const [text, value] of cache.stored) {
    if (out.size >= limit) break;
    if (!out.has(text)) out.set(text, value);
  }
  return out;
}

function isHyphenatedRecord(data: unknown): data is Record<string, Hyphenated> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  return Object.values(data).every(
    (v) =>
      Array.isArray(v) && v.length === 4 && typeof v[0] === 'string' && v.slice(1).every((n) => Number.isInteger(n)),
  );
}

function hyphenVersion(): string {
  try {
    return (require('hyphen/package.json') as { version: string }).version;
  } catch {
    return '?';
  }
}

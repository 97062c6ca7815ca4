// The one recognizer of `@` references in a text, as Pandoc reads them: bracketed clusters
// (`[@a; @b, p. 33]`, `[see @a]`, `[-@a]`) and keys in the running text (`@a`, `@a [p. 33]`).
// A key with a cross-reference prefix, Quarto's (`fig-`, `tbl-`, `sec-`, `eq-`, `lst-`) or
// pandoc-crossref's (`fig:`, `tbl:`, `sec:`, `eq:`, `lst:`), is a cross-reference, any other a citation: the caller decides what each means. `@fig-x[page]` (no space) asks for the page too.
// An `@` right after a letter, digit or `@` is not a reference (`jane@example.com`). One pass over
// the text with sticky expressions: linear.
import type { LabelKind } from './references-registry.js';

export interface AtItem {
  key: string;
  /** Text before the key inside brackets (`see`). */
  prefix: string;
  /** Text after the key and its locator (`, and elsewhere`). */
  suffix: string;
  /** `p. 33` → locator `33`, label `page` (CSL's locator labels). */
  locator?: string;
  label?: string;
  /** `[-@a]`: the author (or the word "Figure") left out. */
  suppressAuthor: boolean;
  /** `@fig-x[page]`: a cross-reference that names the page its label stands on, in print. */
  page?: boolean;
}

export interface AtCluster {
  items: AtItem[];
  /** `@a` in the running text ("Smith (2019)"), or a bracketed cluster ("(Smith 2019)"). */
  inText: boolean;
  /** Offsets of the whole cluster in the text scanned. */
  from: number;
  to: number;
}

/** Cross-reference prefixes: Quarto's (`fig-x`) and pandoc-crossref's (`fig:x`). */
export const CROSSREF_PREFIX = /^(fig|tbl|sec|eq|lst)[-:]/;

/** What a label (or a reference's key) names: `fig-x` and `fig:x` a figure; undefined: no label. */
export function labelKind(id: string): LabelKind | undefined {
  return CROSSREF_PREFIX.exec(id)?.[1] as LabelKind | undefined;
}

const KEY = /[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*/uy;
const BRACED_KEY = /\{([^{}]+)\}/y;
const WORD_BEFORE = /[\p{L}\p{N}_@]/u;
const AFTER_KEY_LOCATOR = /[ \t]\[([^[\]@]*)\]/y;
/** Right after a cross-reference's key, no space between: "on page 12" in print. */
export const PAGE_SUFFIX = '[page]';

// Locator words Pandoc knows (English and Russian), → CSL's labels.
const LOCATOR_LABELS: Record<string, string> = {
  p: 'page',
  pp: 'page',
  page: 'page',
  pages: 'page',
  с: 'page',
  стр: 'page',
  chap: 'chapter',
  chapter: 'chapter',
  chapters: 'chapter',
  гл: 'chapter',
  sec: 'section',
  section: 'section',
  sections: 'section',
  para: 'paragraph',
  paragraph: 'paragraph',
  vol: 'volume',
  volume: 'volume',
  fig: 'figure',
  figure: 'figure',
  no: 'issue',
  l: 'line',
  line: 'line',
  lines: 'line',
  n: 'note',
  note: 'note',
  col: 'column',
  column: 'column',
  pt: 'part',
  part: 'part',
  bk: 'book',
  book: 'book',
  v: 'verse',
  vv: 'verse',
};
const LOCATOR = /^[\s,]*(?:([\p{L}]+)\.?\s*)?([\p{N}][\p{N}\p{L}]*(?:\s*[-–—,]\s*[\p{N}][\p{N}\p{L}]*)*)(.*)$/su;

/** Every `@` reference in `text`, in order. */
export function findAtReferences(text: string): AtCluster[] {
  if (!text.includes('@')) return [];
  const found: AtCluster[] = [];
  let at = 0;
  while (at < text.length) {
    const next = nextCandidate(text, at);
    if (next === -1) break;
    const cluster = text[next] === '[' ? bracketed(text, next) : inText(text, next);
    if (cluster) {
      found.push(cluster);
      at = cluster.to;
    } else at = next + 1;
  }
  return found;
}

/** The next `[` or `@` from `at` (whichever comes first), or -1. */
function nextCandidate(text: string, at: number): number {
  const bracket = text.indexOf('[', at);
  const sign = text.indexOf('@', at);
  if (bracket === -1) return sign;
  if (sign === -1) return bracket;
  return Math.min(bracket, sign);
}

/** `[…]` holding `;`-separated items, each with one key; undefined when it is not a cluster. */
function bracketed(text: string, open: number): AtCluster | undefined {
  const close = text.indexOf(']', open + 1);
  if (close === -1) return undefined;
  const inner = text.slice(open + 1, close);
  if (inner.includes('[') || !inner.includes('@')) return undefined;
  // `[@a](url)` or `[@a][ref]` would be a link: the parser already made it one when it is.
  const items: AtItem[] = [];
  for (const part of inner.split(';')) {
    const item = bracketItem(part);
    if (!item) return undefined;
    items.push(item);
  }
  return { items, inText: false, from: open, to: close + 1 };
}

function bracketItem(part: string): AtItem | undefined {
  let sign = -1;
  for (let i = part.indexOf('@'); i !== -1; i = part.indexOf('@', i + 1)) {
    if (i === 0 || !WORD_BEFORE.test(part[i - 1]!)) {
      sign = i;
      break;
    }
  }
  if (sign === -1) return undefined;
  const dash = sign > 0 && part[sign - 1] === '-' && (sign === 1 || /\s/.test(part[sign - 2]!));
  const key = keyAt(part, sign + 1);
  if (!key) return undefined;
  const prefix = part.slice(0, dash ? sign - 1 : sign).trim();
  return { key: key.key, prefix, ...locatorOf(part.slice(key.end)), suppressAuthor: dash };
}

/** `@key` in the running text, with an optional ` [p. 33]` after it. */
function inText(text: string, sign: number): AtCluster | undefined {
  if (sign > 0 && WORD_BEFORE.test(text[sign - 1]!)) return undefined;
  const key = keyAt(text, sign + 1);
  if (!key) return undefined;
  if (CROSSREF_PREFIX.test(key.key) && text.startsWith(PAGE_SUFFIX, key.end)) {
    const item: AtItem = { key: key.key, prefix: '', suffix: '', suppressAuthor: false, page: true };
    return { items: [item], inText: true, from: sign, to: key.end + PAGE_SUFFIX.length };
  }
  AFTER_KEY_LOCATOR.lastIndex = key.end;
  const extra = AFTER_KEY_LOCATOR.exec(text);
  const to = extra ? AFTER_KEY_LOCATOR.lastIndex : key.end;
  const item: AtItem = { key: key.key, prefix: '', suppressAuthor: false, ...locatorOf(extra?.[1] ?? '') };
  return { items: [item], inText: true, from: sign, to };
}

function keyAt(text: string, at: number): { key: string; end: number } | undefined {
  BRACED_KEY.lastIndex = at;
  const braced = BRACED_KEY.exec(text);
  if (braced) return { key: braced[1]!, end: BRACED_KEY.lastIndex };
  KEY.lastIndex = at;
  const m = KEY.exec(text);
  return m ? { key: m[0], end: KEY.lastIndex } : undefined;
}

/** `, p. 33, and elsewhere` → locator 33 labelled page, suffix `, and elsewhere`; else all suffix. */
function locatorOf(rest: string): Pick<AtItem, 'locator' | 'label' | 'suffix'> {
  const m = LOCATOR.exec(rest);
  if (m) {
    const word = m[1]?.toLowerCase();
    const label = word === undefined ? 'page' : LOCATOR_LABELS[word];
    if (label) return { locator: m[2]!, label, suffix: m[3]!.trimEnd() };
  }
  return { suffix: rest.trimEnd() };
}

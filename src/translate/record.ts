// What a translated file was translated from. Markdown files keep the record in their front matter
// (`translation: { from, blocks }`, blocks = source segment fingerprints in source order, null for a
// segment not translated yet); YAML files (edition.yaml, strings.yaml) cannot carry front matter, so
// their record lives in the sidecar. The sidecar (`<locale>/.source/<file>.json`) also keeps the
// source text of every recorded fingerprint: that is what lets status show old → new and export
// write the previous source of a fuzzy entry.
import path from 'node:path';
import { parseDocument } from 'yaml';
import { toJsLimited } from '../config/yaml.js';
import { readTextIfPresent, type Folder } from '../paths.js';
import { CARRY_SIMILARITY } from './match.js';
import { frontMatterOf, type Segment } from './segments.js';

export interface TranslationRecord {
  from: string;
  /** One entry per source segment at the time of recording; null: that segment was not translated. */
  blocks: (string | null)[];
}

export interface Sidecar {
  /** YAML files only: their record, the fingerprint of each key's source value (null: not translated). */
  keys?: Record<string, string | null>;
  from?: string;
  /** Source text by fingerprint, for every fingerprint in the record. */
  texts: Record<string, string>;
}

export const SIDECAR_DIR = '.source';

export function sidecarPath(localeDir: string, relative: string): string {
  return path.join(localeDir, SIDECAR_DIR, `${relative}.json`);
}

/**
 * A file's sidecar, read through src/paths.ts (inside the content folder, a regular file: a FIFO or a
 * link elsewhere is a positioned error, never a hang). Missing, broken or of another shape: no record.
 */
export async function readSidecar(content: Folder, file: string): Promise<Sidecar> {
  const text = await readTextIfPresent(content, file);
  if (text === undefined) return { texts: {} };
  try {
    const data = JSON.parse(text) as unknown;
    if (!isSidecar(data)) return { texts: {} };
    return { keys: data.keys, from: data.from, texts: data.texts ?? {} };
  } catch {
    return { texts: {} };
  }
}

function isSidecar(data: unknown): data is Partial<Sidecar> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const { keys, from, texts } = data as Record<string, unknown>;
  const record = (v: unknown, ok: (x: unknown) => boolean) =>
    v === undefined || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(ok));
  return (
    (from === undefined || typeof from === 'string') &&
    record(keys, (x) => x === null || typeof x === 'string') &&
    record(texts, (x) => typeof x === 'string')
  );
}

export function sidecarText(sidecar: Sidecar): string {
  const texts: Record<string, string> = {};
  for (const key of Object.keys(sidecar.texts).sort()) texts[key] = sidecar.texts[key]!;
  const record = sidecar.keys ? { from: sidecar.from, keys: sidecar.keys } : {};
  return `${JSON.stringify({ ...record, texts }, null, 2)}\n`;
}

/** The record in a Markdown file's front matter (CRLF, BOM and all), if any. */
export function markdownRecord(markdown: string): TranslationRecord | undefined {
  const matter = frontMatterOf(markdown);
  if (!matter) return undefined;
  // An alias bomb is reported by the pipeline (limits:yaml-aliases); here it just records nothing.
  const converted = toJsLimited(parseDocument(matter.yaml));
  const data = ('value' in converted ? converted.value : null) as {
    translation?: { from?: unknown; blocks?: unknown };
  } | null;
  const t = data?.translation;
  if (!t || !Array.isArray(t.blocks)) return undefined;
  return {
    from: typeof t.from === 'string' ? t.from : '',
    blocks: t.blocks.map((b) => (b === null || b === undefined ? null : String(b))),
  };
}

/**
 * `markdown` with its front matter's `translation` (and `short`, when given) replaced, the rest of
 * the front matter and the body untouched. Line endings and a BOM stay as the file had them.
 */
export function withRecord(markdown: string, record: TranslationRecord, short?: string): string {
  const bom = markdown.startsWith('\uFEFF') ? '\uFEFF' : '';
  const text = bom ? markdown.slice(1) : markdown;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const matter = frontMatterOf(text);
  const doc = parseDocument(matter?.yaml ?? '');
  if (short !== undefined) doc.set('short', short);
  doc.set('translation', doc.createNode({ from: record.from, blocks: record.blocks }, { flow: false }));
  const yaml = doc.toString({ lineWidth: 100 }).trimEnd().replace(/\r?\n/g, eol);
  const body = matter ? text.slice(matter.end) : text;
  return `${bom}---${eol}${yaml}${eol}---${eol}${body}`;
}

export type BlockState = 'done' | 'changed' | 'missing';

export interface Alignment {
  /** For each current source segment: done, changed since translated (with the record entry it replaced), or missing. */
  states: { state: BlockState; recordIndex?: number }[];
  /** Record entries whose source segment is gone (not merely changed). */
  removed: number[];
}

/**
 * Align a record (fingerprints in the old source's order) with the current source segments: the
 * longest common subsequence keeps what is unchanged (so reordering elsewhere does not confuse it);
 * in each gap between unchanged segments, old and new entries are paired in order (an edited
 * paragraph), and only the leftovers are additions or removals.
 */
export function align(
  record: readonly (string | null)[],
  current: readonly Segment[],
  alike?: (recordIndex: number, currentIndex: number) => number | undefined,
): Alignment {
  const n = record.length;
  const m = current.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] =
        record[i] !== null && record[i] === current[j]!.fingerprint
          ? lcs[i + 1]![j + 1]! + 1
          : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const matches: [number, number][] = [];
  for (let i = 0, j = 0; i < n && j < m;) {
    if (record[i] !== null && record[i] === current[j]!.fingerprint) matches.push([i++, j++]);
    else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) i++;
    else j++;
  }
  const states: Alignment['states'] = current.map(() => ({ state: 'missing' }));
  // A segment moved elsewhere is still done: match leftovers with the same fingerprint.
  const matchedR = new Set(matches.map(([r]) => r));
  const matchedC = new Set(matches.map(([, c]) => c));
  for (let c = 0; c < m; c++) {
    if (matchedC.has(c)) continue;
    const r = record.findIndex((fp, i) => fp !== null && fp === current[c]!.fingerprint && !matchedR.has(i));
    if (r === -1) continue;
    states[c] = { state: 'done', recordIndex: r };
    matchedR.add(r);
    matchedC.add(c);
  }
  const removed: number[] = [];
  let prevR = -1;
  let prevC = -1;
  for (const [r, c] of [...matches, [n, m] as [number, number]]) {
    const olds = range(prevR + 1, r).filter((i) => !matchedR.has(i));
    const news = range(prevC + 1, c).filter((j) => !matchedC.has(j));
    const pairs = pairGap(olds, news, record, alike);
    for (const [ci, ri] of pairs)
      states[ci] = record[ri] !== null ? { state: 'changed', recordIndex: ri } : { state: 'missing', recordIndex: ri };
    const paired = new Set(pairs.values());
    for (const ri of olds) if (!paired.has(ri) && record[ri] !== null) removed.push(ri);
    if (r < n && c < m) states[c] = { state: 'done', recordIndex: r };
    prevR = r;
    prevC = c;
  }
  return { states, removed };
}

/**
 * Old and new entries of one gap: in order when there are as many of each or how alike they are is
 * unknown; otherwise (a split, an insertion next to an edit) the most alike pairs first, and none below CARRY_SIMILARITY (a split paragraph's second half is not offered
 * the next paragraph's translation). Returns current index → record index.
 */
function pairGap(
  olds: number[],
  news: number[],
  record: readonly (string | null)[],
  alike?: (recordIndex: number, currentIndex: number) => number | undefined,
): Map<number, number> {
  const pairs = new Map<number, number>();
  const scored = alike
    ? olds.flatMap((ri) => news.map((ci) => ({ ri, ci, score: record[ri] === null ? undefined : alike(ri, ci) })))
    : [];
  // As many old as new entries: each was edited in place, however much.
  const inPlace = olds.length === news.length;
  if (inPlace || !alike || scored.some((p) => p.score === undefined && record[p.ri] !== null)) {
    news.forEach((ci, k) => {
      if (olds[k] !== undefined) pairs.set(ci, olds[k]);
    });
    return pairs;
  }
  const used = new Set<number>();
  for (const p of scored
    .filter((p) => p.score !== undefined && p.score >= CARRY_SIMILARITY)
    .sort((a, b) => b.score! - a.score! || Math.abs(a.ri - a.ci) - Math.abs(b.ri - b.ci))) {
    if (used.has(p.ri) || pairs.has(p.ci)) continue;
    used.add(p.ri);
    pairs.set(p.ci, p.ri);
  }
  return pairs;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

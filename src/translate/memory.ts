// The locale's translation memory: every recorded translation in the locale folder, whatever file it
// sits in now (a section moved to another chapter, a paragraph repeated elsewhere, a file whose
// source was renamed), paired with the source text it was translated from (the record's fingerprint
// and the sidecar's text). Export fills a segment that has nothing from it: the same source text
// anywhere is an exact match (pre-filled, like msgmerge's compendium); a similar one (word-level
// similarity ≥ CARRY_SIMILARITY) is a fuzzy match, offered for review with its source as the previous
// source. Status and import never read it: it only fills what the translator is offered.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { readTextIfPresent } from '../paths.js';
import { stripBom, type FileCatalog } from './catalog.js';
import { CARRY_SIMILARITY, similarity } from './match.js';
import { markdownRecord, readSidecar, SIDECAR_DIR, sidecarPath } from './record.js';
import { fingerprint, markdownSegments } from './segments.js';
import { readImportedMemory } from './tmx.js';

export interface Memory {
  /** Source fingerprint → a translation of it. */
  exact: Map<string, string>;
  /** Translations whose source text is known (for fuzzy matches). */
  known: { source: string; translation: string; words: Map<string, number> }[];
}

/** Every recorded Markdown translation of the locale (YAML values stay per key). */
export async function localeMemory(contentDir: string, locale: string): Promise<Memory> {
  const localeDir = path.join(contentDir, locale);
  const memory: Memory = { exact: new Map(), known: [] };
  const entries = await readdir(localeDir, { withFileTypes: true, recursive: true }).catch(() => []);
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((p) => !path.relative(localeDir, p).split(path.sep).includes(SIDECAR_DIR))
    .sort();
  for (const file of files) {
    const text = await readTextIfPresent({ root: contentDir, name: 'content folder' }, file).catch(() => undefined);
    if (text === undefined) continue;
    const target = stripBom(text);
    const record = markdownRecord(target);
    const mine = markdownSegments(target);
    if (!record || record.blocks.length !== mine.length) continue;
    const relative = path.relative(localeDir, file).split(path.sep).join('/');
    const sidecar = await readSidecar({ root: contentDir, name: 'content folder' }, sidecarPath(localeDir, relative));
    record.blocks.forEach((fp, i) => {
      if (fp === null || fp === 'unconfirmed') return;
      const translation = mine[i]!.text;
      if (!memory.exact.has(fp)) memory.exact.set(fp, translation);
      const source = sidecar.texts[fp];
      if (source !== undefined) memory.known.push({ source, translation, words: wordBag(source) });
    });
  }
  // A translator's own memory (imported TMX) comes after the locale's files.
  for (const { source, translation } of await readImportedMemory(contentDir, locale)) {
    const fp = fingerprint(source);
    if (!memory.exact.has(fp)) memory.exact.set(fp, translation);
    memory.known.push({ source, translation, words: wordBag(source) });
  }
  return memory;
}

/** The catalogs with their empty Markdown segments filled from the memory (exact: done; similar: fuzzy). */
export function fillFromMemory(catalogs: FileCatalog[], memory: Memory): FileCatalog[] {
  return catalogs.map((catalog) => {
    if (catalog.relative.endsWith('.yaml')) return catalog;
    const entries = catalog.entries.map((entry) => {
      if (entry.state !== 'empty') return entry;
      const exact = memory.exact.get(entry.segment.fingerprint);
      if (exact !== undefined) return { ...entry, state: 'done' as const, translation: exact };
      const best = bestMatch(entry.segment.text, memory);
      return best ? { ...entry, state: 'fuzzy' as const, translation: best.translation, previous: best.source } : entry;
    });
    return { ...catalog, entries };
  });
}

function bestMatch(text: string, memory: Memory): Memory['known'][number] | undefined {
  const words = wordBag(text);
  const total = count(words);
  let best: { score: number; item: Memory['known'][number] } | undefined;
  for (const item of memory.known) {
    // A cheap upper bound first: in-order common words never outnumber common words.
    let common = 0;
    for (const [w, n] of words) common += Math.min(n, item.words.get(w) ?? 0);
    const bound = (2 * common) / (total + count(item.words) || 1);
    if (bound < Math.max(CARRY_SIMILARITY, best?.score ?? 0)) continue;
    const score = similarity(item.source, text);
    if (score >= CARRY_SIMILARITY && score > (best?.score ?? 0)) best = { score, item };
  }
  return best?.item;
}

/** Words with how often each occurs. */
function wordBag(text: string): Map<string, number> {
  const bag = new Map<string, number>();
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) bag.set(w, (bag.get(w) ?? 0) + 1);
  return bag;
}

function count(bag: Map<string, number>): number {
  let n = 0;
  for (const v of bag.values()) n += v;
  return n;
}

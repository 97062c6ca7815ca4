// Imported units → the segments of the current source, so no translation is lost on the way in:
// by id (msgctxt / unit id); by source text when a unit has no id (translate-toolkit's po2xliff and
// xliff2po drop msgctxt); and a unit whose source paragraph was edited since the export is paired
// with the segment that replaced it (the most similar one left, like gettext's msgmerge), and kept as
// needs review with its old source as the previous source. A unit matched by id whose source text
// differs (a YAML value edited since) is needs review too, never recorded as done.
import type { Entry, FileCatalog } from './catalog.js';
import type { ImportedUnit } from './import.js';
import { fingerprint } from './segments.js';

/** How alike an old source must be to a new one to carry its translation (word-level Dice of the LCS). */
export const CARRY_SIMILARITY = 0.5;

export interface Matched {
  /** The unit to use for each segment id. */
  units: Map<string, ImportedUnit>;
  /** Units whose source changed since export, each with the segment it now translates (needs review). */
  carried: { unit: ImportedUnit; entry: Entry; similarity: number }[];
  /** Units whose source segment is gone and nothing similar is left to translate. */
  obsolete: ImportedUnit[];
}

export function matchUnits(catalog: FileCatalog, imported: readonly ImportedUnit[]): Matched {
  const byId = new Map(catalog.entries.map((e) => [e.segment.id, e]));
  const units = new Map<string, ImportedUnit>();
  const leftovers: ImportedUnit[] = [];
  const claim = (entry: Entry, unit: ImportedUnit) => {
    const changed = unit.source !== '' && norm(unit.source) !== norm(entry.segment.text);
    units.set(entry.segment.id, changed ? { ...unit, fuzzy: true, previous: unit.source } : unit);
  };
  // An empty target means "not translated": it never erases what the locale already has.
  const translated = imported.filter((u) => u.translation.trim() !== '');
  for (const unit of translated) {
    const entry = unit.id === '' ? undefined : byId.get(unit.id);
    if (entry && !units.has(entry.segment.id)) claim(entry, unit);
    else leftovers.push(unit);
  }
  // No id: the first segment with the same source text not claimed yet.
  const unclaimed = () => catalog.entries.filter((e) => !units.has(e.segment.id));
  const stillLeft: ImportedUnit[] = [];
  for (const unit of leftovers) {
    const entry = unclaimed().find((e) => e.segment.fingerprint === fingerprint(unit.source));
    if (entry) claim(entry, unit);
    else stillLeft.push(unit);
  }
  // Edited since export: best similarity first; a finished translation in the locale is not replaced.
  const open = unclaimed().filter((e) => e.state !== 'done');
  const pairs = stillLeft
    .flatMap((unit) => open.map((entry) => ({ unit, entry, similarity: similarity(unit.source, entry.segment.text) })))
    .filter((p) => p.similarity >= CARRY_SIMILARITY && p.entry.segment.kind !== 'value')
    .sort((a, b) => b.similarity - a.similarity);
  const carried: Matched['carried'] = [];
  const used = new Set<ImportedUnit>();
  for (const pair of pairs) {
    if (used.has(pair.unit) || units.has(pair.entry.segment.id)) continue;
    used.add(pair.unit);
    units.set(pair.entry.segment.id, { ...pair.unit, fuzzy: true, previous: pair.unit.source });
    carried.push(pair);
  }
  return { units, carried, obsolete: stillLeft.filter((u) => !used.has(u)) };
}

function norm(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** 2 × common words (in order) / all words: 1 for the same text, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  if (x.length + y.length === 0) return 1;
  let prev = new Array<number>(y.length + 1).fill(0);
  for (let i = 1; i <= x.length; i++) {
    const row = new Array<number>(y.length + 1).fill(0);
    for (let j = 1; j <= y.length; j++)
      row[j] = x[i - 1] === y[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, row[j - 1]!);
    prev = row;
  }
  return (2 * prev[y.length]!) / (x.length + y.length);
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

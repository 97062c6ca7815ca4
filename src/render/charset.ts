// Which characters a font really has: its character map, read with fontkit. The unicode-range of a
// font package's @font-face rules is no proof (Google's subsets are nominal: PT Serif's "latin" range
// names ↑ and ↓, which PT Serif lacks; Noto Sans Math's only file is declared "latin" and holds
// every math symbol). Read once per font file, then kept on disk beside the parse cache.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cacheDir, readCacheJson, writeCacheFile } from '../cache.js';

const known = new Map<string, Set<number>>();
const require = createRequire(import.meta.url);

/** The code points of a font file's data (woff2, woff, ttf, otf); empty when it cannot be read. */
export function fontCharset(data: Buffer): Set<number> {
  try {
    return readableFontCharset(data);
  } catch {
    return new Set();
  }
}

/** The same, or fontkit's error when the data is no font it can read (a theme's own font file). */
export function readableFontCharset(data: Buffer): Set<number> {
  const key = createHash('sha256').update(data).digest('hex').slice(0, 32);
  let set = known.get(key);
  if (!set) {
    set = readCharset(key, () => data);
    known.set(key, set);
  }
  return set;
}

/** The code points of a font file, read only when its size and time are new (fallback fonts). */
export function fileCharset(file: string): Set<number> {
  const { size, mtimeMs } = statSync(file);
  const key = createHash('sha256').update(`${file}\0${size}\0${mtimeMs}`).digest('hex').slice(0, 32);
  let set = known.get(key);
  if (!set) {
    try {
      set = readCharset(key, () => readFileSync(file));
    } catch {
      set = new Set();
    }
    known.set(key, set);
  }
  return set;
}

/** Read from the cache folder, else with fontkit (its error thrown when the data is no font). */
function readCharset(key: string, data: () => Buffer): Set<number> {
  const dir = cacheDir();
  const file = dir ? path.join(dir, '..', 'charsets', `${key}.json`) : undefined;
  // Not cached yet, not sealed by us (src/cache.ts) or of another shape: read the font.
  const cached = file ? readCacheJson(file, isRanges) : undefined;
  if (cached) return fromRanges(cached);
  // fontkit (0.15 s to load) only when a font is new to this machine.
  const fontkit = require('fontkit') as typeof import('fontkit');
  const opened = fontkit.create(data());
  const codePoints = ('fonts' in opened ? opened.fonts[0]! : opened).characterSet;
  if (file) writeCacheFile(file, JSON.stringify(toRanges(codePoints)));
  return new Set(codePoints);
}

/** Ranges of code points as toRanges writes them (a range beyond Unicode would be a very long loop). */
function isRanges(data: unknown): data is Array<[number, number]> {
  return (
    Array.isArray(data) &&
    data.every(
      (r) =>
        Array.isArray(r) &&
        r.length === 2 &&
        Number.isInteger(r[0]) &&
        Number.isInteger(r[1]) &&
        (r[0] as number) >= 0 &&
        (r[0] as number) <= (r[1] as number) &&
        (r[1] as number) <= 0x10ffff,
    )
  );
}

function toRanges(codePoints: number[]): Array<[number, number]> {
  const sorted = [...new Set(codePoints)].sort((a, b) => a - b);
  const ranges: Array<[number, number]> = [];
  for (const cp of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && cp === last[1] + 1) last[1] = cp;
    else ranges.push([cp, cp]);
  }
  return ranges;
}

function fromRanges(ranges: Array<[number, number]>): Set<number> {
  const set = new Set<number>();
  for (const [from, to] of ranges) for (let cp = from; cp <= to; cp += 1) set.add(cp);
  return set;
}

/** The union of the character maps of the regular (400, upright) faces of @font-face rules with data: URLs. */
export function regularFacesCharset(css: string): Set<number> {
  const rules = [...css.matchAll(/@font-face\s*{[^}]*}/g)].map((m) => m[0]);
  const regular = rules.filter((r) => /font-weight:\s*(?:400|100 900)\b/.test(r) && !/font-style:\s*italic/.test(r));
  const all = new Set<number>();
  for (const rule of regular) {
    const data = /url\(data:[^;]+;base64,([A-Za-z0-9+/=]+)\)/.exec(rule)?.[1];
    if (data) for (const cp of fontCharset(Buffer.from(data, 'base64'))) all.add(cp);
  }
  return all;
}

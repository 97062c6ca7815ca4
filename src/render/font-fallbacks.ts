// Fallback fonts after the theme's own: characters the body or headings font lacks (Greek,
// Vietnamese, math, arrows, ✓ …) are set in Noto fonts from Briefing's own dependencies, embedded
// only when the text uses such a character, and only the subsets that hold it. Kept apart from
// fonts.ts (the theme's fonts); packages are resolved from Briefing's own node_modules and every file
// is read through src/paths.ts inside its package (fonts.ts: ownFontSheet, readOwnFontFile).
import path from 'node:path';
import { fontCharset } from './charset.js';
import { cssString } from './escape.js';
import { ownFontSheet, readOwnFontFile, type PackageSheet } from './fonts.js';

export type FontRole = 'body' | 'headings';

/** In order: a character goes to the first that has it. */
export const FALLBACK_PACKAGES: Record<FontRole, readonly string[]> = {
  body: ['@fontsource/noto-serif', '@fontsource/noto-sans-math', '@fontsource/noto-sans-symbols-2'],
  // Noto Serif last: Noto Sans lacks a few (the subscript digits).
  headings: [
    '@fontsource/noto-sans',
    '@fontsource/noto-sans-math',
    '@fontsource/noto-sans-symbols-2',
    '@fontsource/noto-serif',
  ],
};

/** Fallbacks for symbols only: never for letters. */
const SYMBOL_FONTS = new Set(['@fontsource/noto-sans-math', '@fontsource/noto-sans-symbols-2']);
const LETTER = /\p{L}/u;

interface Face {
  weight: string;
  style: string;
  file: string;
  /** The package stylesheet it came from: every read stays inside its package (src/paths.ts). */
  sheet: PackageSheet;
  range?: string;
}

/** One subset of a package (e.g. Noto Serif's Greek) in every style the package has. */
interface Subset {
  name: string;
  faces: Face[];
  /** The regular face's real character map. */
  charset: Set<number>;
}

export interface FallbackFamily {
  pkg: string;
  /** CSS family name, Briefing's own so that no installed system font of that name stands in. */
  family: string;
  subsets: Subset[];
}

const families = new Map<string, Promise<FallbackFamily | undefined>>();

/** A fallback package's subsets and their character maps (undefined when it is not installed). */
export function fallbackFamily(pkg: string): Promise<FallbackFamily | undefined> {
  let family = families.get(pkg);
  if (!family) {
    family = loadFamily(pkg);
    families.set(pkg, family);
  }
  return family;
}

async function loadFamily(pkg: string): Promise<FallbackFamily | undefined> {
  const faces: Array<Face & { subset: string }> = [];
  let name: string | undefined;
  for (const weight of ['400', '400-italic', '700', '700-italic']) {
    const sheet = ownFontSheet(`${pkg}/${weight}.css`);
    if (!sheet) continue;
    const cssPath = sheet.css;
    const css = readOwnFontFile(sheet, cssPath).toString('utf8');
    for (const rule of css.matchAll(/\/\*\s*(\S+)\s*\*\/\s*@font-face\s*{([^}]*)}/g)) {
      const body = rule[2]!;
      const url = /url\((\.\/[^)]+\.woff2)\)/.exec(body)?.[1];
      if (!url) continue;
      name ??= /font-family:\s*'([^']+)'/.exec(body)?.[1];
      const weight = /font-weight:\s*(\d+)/.exec(body)?.[1] ?? '400';
      const style = /font-style:\s*(\w+)/.exec(body)?.[1] ?? 'normal';
      // "noto-serif-greek-400-normal" → subset "greek"
      const subset = rule[1]!.replace(/-\d+-(?:normal|italic)$/, '');
      faces.push({
        subset,
        weight,
        style,
        file: path.join(path.dirname(cssPath), url),
        sheet,
        range: /unicode-range:\s*([^;}]+)/.exec(body)?.[1]?.trim(),
      });
    }
  }
  if (!name || faces.length === 0) return undefined;
  const bySubset = new Map<string, Face[]>();
  for (const { subset, ...face } of faces) bySubset.set(subset, [...(bySubset.get(subset) ?? []), face]);
  const subsets = await Promise.all(
    [...bySubset].map(async ([subset, list]) => {
      const regular = list.find((f) => f.weight === '400' && f.style === 'normal') ?? list[0]!;
      return { name: subset, faces: list, charset: await fontCharset(readOwnFontFile(regular.sheet, regular.file)) };
    }),
  );
  return { pkg, family: `Briefing ${name}`, subsets };
}

/** The fallback families of a role, in order (packages that are not installed are left out). */
export async function fallbackFamilies(role: FontRole): Promise<FallbackFamily[]> {
  const loaded = await Promise.all(FALLBACK_PACKAGES[role].map(fallbackFamily));
  return loaded.filter((f): f is FallbackFamily => f !== undefined);
}

export interface FallbackPlan {
  /** @font-face rules (data: URLs) of the subsets the text needs. */
  css: string;
  /** Characters no fallback has. */
  uncovered: number[];
}

const dataUrls = new Map<string, string>();

function dataUrl(face: Face): string {
  const file = face.file;
  let url = dataUrls.get(file);
  if (!url) {
    url = `data:font/woff2;base64,${readOwnFontFile(face.sheet, file).toString('base64')}`;
    dataUrls.set(file, url);
  }
  return url;
}

/** The subsets of the fallback families that set `missing` (characters the theme's font lacks). */
export function planFallbacks(missing: Iterable<number>, families: readonly FallbackFamily[]): FallbackPlan {
  const chosen = new Map<Subset, { family: FallbackFamily; inRange: boolean }>();
  const uncovered: number[] = [];
  for (const cp of missing) {
    let found = false;
    for (const family of families) {
      // A symbol font's letters (Noto Sans Math has Arabic ones) are for formulas, not for text.
      if (SYMBOL_FONTS.has(family.pkg) && LETTER.test(String.fromCodePoint(cp))) continue;
      const subset = family.subsets.find((s) => s.charset.has(cp));
      if (!subset) continue;
      const inRange = subset.faces[0]!.range === undefined || rangeHas(subset.faces[0]!.range, cp);
      const before = chosen.get(subset);
      chosen.set(subset, { family, inRange: (before?.inRange ?? true) && inRange });
      found = true;
      break;
    }
    if (!found) uncovered.push(cp);
  }
  const rules: string[] = [];
  for (const [subset, { family, inRange }] of chosen) {
    // A single weight serves every weight (a synthesized bold would be written as a Type 3 font).
    const single = !subset.faces.some((f) => f.weight === '700');
    for (const face of subset.faces) {
      // A subset whose declared range misses a character it holds (Noto Sans Math's "latin") goes without.
      const range = inRange && face.range ? ` unicode-range: ${face.range};` : '';
      rules.push(
        `@font-face { font-family: ${cssString(family.family)}; font-style: ${face.style}; font-weight: ${single ? '100 900' : face.weight}; font-display: block; src: url(${dataUrl(face)}) format('woff2');${range} }`,
      );
    }
  }
  return { css: rules.join('\n'), uncovered };
}

function rangeHas(range: string, cp: number): boolean {
  return range.split(',').some((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    return cp >= parseInt(from!, 16) && cp <= parseInt(to ?? from!, 16);
  });
}

/** CSS family names of the fallbacks, for the font-family lists after the theme's own. */
export function fallbackFamilyNames(families: readonly FallbackFamily[]): string {
  return families.map((f) => cssString(f.family)).join(', ');
}

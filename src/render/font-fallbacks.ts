// Fallback fonts after the theme's own: characters the body or headings font lacks (Greek,
// Vietnamese, math, arrows, ✓, emoji …) are set in Noto fonts from Briefing's own dependencies, embedded
// only when the text uses such a character, and only the subsets that hold it. Kept apart from
// fonts.ts (the theme's fonts); packages are resolved from Briefing's own node_modules.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileCharset } from './charset.js';

export type FontRole = 'body' | 'headings';

/** In order: a character goes to the first that has it. */
export const FALLBACK_PACKAGES: Record<FontRole, readonly string[]> = {
  // Arabic and Hebrew (right to left, shaped by Chromium) in Noto Sans: Noto has no serif face of them on npm.
  body: [
    '@fontsource/noto-serif',
    '@fontsource/noto-sans-arabic',
    '@fontsource/noto-sans-hebrew',
    '@fontsource/noto-sans-math',
    '@fontsource/noto-sans-symbols-2',
    // Emoji (📝 ✅ in Word drafts) in Noto Emoji's monochrome outlines: a colour emoji is a bitmap
    // or COLR font Chromium may print as an image, and a report prints in one ink.
    '@fontsource/noto-emoji',
    // Box drawing (`tree`'s ├── │ in code blocks) in Fira Mono's cells, as wide as PT Mono's: no Noto
    // package on npm has them.
    '@fontsource/fira-mono',
  ],
  // Noto Serif last: Noto Sans lacks a few (the subscript digits).
  headings: [
    '@fontsource/noto-sans',
    '@fontsource/noto-sans-arabic',
    '@fontsource/noto-sans-hebrew',
    '@fontsource/noto-sans-math',
    '@fontsource/noto-sans-symbols-2',
    '@fontsource/noto-emoji',
    '@fontsource/fira-mono',
    '@fontsource/noto-serif',
  ],
};

/** Fallbacks for symbols only: never for letters. */
const SYMBOL_FONTS = new Set([
  '@fontsource/noto-sans-math',
  '@fontsource/noto-sans-symbols-2',
  '@fontsource/noto-emoji',
  '@fontsource/fira-mono',
]);
const LETTER = /\p{L}/u;

interface Face {
  weight: string;
  style: string;
  file: string;
  range?: string;
}

/** One subset of a package (e.g. Noto Serif's Greek) in every style the package has. */
interface Subset {
  name: string;
  faces: Face[];
  /** The regular face's real character map, read when first asked (most editions never ask). */
  readonly charset: Set<number>;
}

export interface FallbackFamily {
  pkg: string;
  /** CSS family name, Briefing's own so that no installed system font of that name stands in. */
  family: string;
  subsets: Subset[];
}

const require = createRequire(import.meta.url);
const families = new Map<string, FallbackFamily | undefined>();

/** A fallback package's subsets (undefined when it is not installed): its stylesheets only. */
export function fallbackFamily(pkg: string): FallbackFamily | undefined {
  if (!families.has(pkg)) families.set(pkg, loadFamily(pkg));
  return families.get(pkg);
}

function loadFamily(pkg: string): FallbackFamily | undefined {
  const faces: Array<Face & { subset: string }> = [];
  let name: string | undefined;
  for (const sheet of ['400', '400-italic', '700', '700-italic']) {
    let cssPath: string;
    try {
      cssPath = require.resolve(`${pkg}/${sheet}.css`);
    } catch {
      continue;
    }
    const css = readFileSync(cssPath, 'utf8');
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
        range: /unicode-range:\s*([^;}]+)/.exec(body)?.[1]?.trim(),
      });
    }
  }
  if (!name || faces.length === 0) return undefined;
  const bySubset = new Map<string, Face[]>();
  for (const { subset, ...face } of faces) bySubset.set(subset, [...(bySubset.get(subset) ?? []), face]);
  const subsets = [...bySubset].map(([subset, list]): Subset => {
    const regular = list.find((f) => f.weight === '400' && f.style === 'normal') ?? list[0]!;
    let charset: Set<number> | undefined;
    return {
      name: subset,
      faces: list,
      get charset() {
        charset ??= fileCharset(woffOf(regular.file));
        return charset;
      },
    };
  });
  return { pkg, family: `Briefing ${name}`, subsets };
}

/**
 * The WOFF sibling of a package's WOFF2 file where there is one: the same font, its character map
 * read ten times faster (zlib, where WOFF2's Brotli is decoded in JavaScript: ~0.1 s against ~1 s
 * for eight faces).
 */
export function woffOf(file: string): string {
  const woff = file.replace(/\.woff2$/, '.woff');
  return woff !== file && existsSync(woff) ? woff : file;
}

/**
 * The regular faces' files of an npm font package ("@fontsource/pt-serif"), resolved from Briefing's
 * own node_modules; undefined for anything else (font files of a theme, a package not found).
 */
export function packageRegularFiles(specifier: string): string[] | undefined {
  if (/\.(css|woff2?|ttf|otf)$/i.test(specifier)) return undefined;
  let cssPath: string;
  try {
    cssPath = require.resolve(`${specifier}/400.css`);
  } catch {
    return undefined;
  }
  const css = readFileSync(cssPath, 'utf8');
  const files = [...css.matchAll(/url\((\.\/[^)]+\.woff2)\)/g)].map((m) =>
    woffOf(path.join(path.dirname(cssPath), m[1]!)),
  );
  return files.length > 0 ? files : undefined;
}

/** The fallback families of a role, in order (packages that are not installed are left out). */
export function fallbackFamilies(role: FontRole): FallbackFamily[] {
  return FALLBACK_PACKAGES[role].map(fallbackFamily).filter((f): f is FallbackFamily => f !== undefined);
}

export interface FallbackPlan {
  /** @font-face rules (data: URLs) of the subsets the text needs. */
  css: string;
  /** Characters no fallback has. */
  uncovered: number[];
}

const dataUrls = new Map<string, string>();

function dataUrl(file: string): string {
  let url = dataUrls.get(file);
  if (!url) {
    url = `data:font/woff2;base64,${readFileSync(file).toString('base64')}`;
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
        `@font-face { font-family: ${JSON.stringify(family.family)}; font-style: ${face.style}; font-weight: ${single ? '100 900' : face.weight}; font-display: block; src: url(${dataUrl(face.file)}) format('woff2');${range} }`,
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
  return families.map((f) => JSON.stringify(f.family)).join(', ');
}

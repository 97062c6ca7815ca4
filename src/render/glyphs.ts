// Every character of a locale's text must be in the theme's fonts or their fallbacks
// (font-fallbacks.ts), or Chromium sets it in whatever system font it finds (a different one on
// every machine) — like Prince's --fail-missing-glyphs. Found by `check` and `build` alike, at the
// content line that uses the character, with a font package that has it.
import type { ElementContent, Root, RootContent } from 'hast';
import { toString } from 'hast-util-to-string';
import type { ProcessedEdition } from '../pipeline/edition.js';
import { BriefingError, type Diagnostic } from '../messages.js';
import { loadTheme, type Theme } from './theme.js';
import type { FontFamily } from './fonts.js';
import { RULES } from '../rules.js';
import { codePoints } from './code-points.js';
import { fileCharset, regularFacesCharset } from './charset.js';
import {
  packageRegularFiles,
  fallbackFamilies,
  fallbackFamilyNames,
  planFallbacks,
  type FallbackFamily,
  type FontRole,
} from './font-fallbacks.js';

/** Characters no font needs a glyph for: spaces, controls, invisible format characters (soft hyphen…)
 * and variation selectors (U+FE0F after ❤ asks for the emoji style; a font without it prints ❤). */
const INVISIBLE = /[\p{Z}\p{Cc}\p{Cf}\p{Variation_Selector}]/u;

interface RoleCoverage {
  font: FontFamily;
  /** The theme font's real character map (its regular faces). */
  charset: Set<number>;
  fallbacks: FallbackFamily[];
}

export type GlyphCoverage = Record<FontRole, RoleCoverage>;

/** What the theme's fonts and their fallbacks cover (character maps cached on disk: see charset.ts). */
export function glyphCoverage(theme: Theme): GlyphCoverage {
  const role = (r: FontRole): RoleCoverage => {
    const font = theme.fonts[r];
    // A package's own files where they resolve (WOFF: fast to read), else the faces inlined in the CSS.
    const files = packageRegularFiles(font.source);
    const charset = files ? union(files.map(fileCharset)) : regularFacesCharset(font.css);
    // A font whose faces cannot be read falls back on what it declares.
    return { font, charset: charset.size > 0 ? charset : declared(font), fallbacks: fallbackFamilies(r) };
  };
  return { body: role('body'), headings: role('headings') };
}

function union(sets: Set<number>[]): Set<number> {
  const all = new Set<number>();
  for (const set of sets) for (const cp of set) all.add(cp);
  return all;
}

function declared(font: FontFamily): Set<number> {
  const set = new Set<number>();
  for (let cp = 0; cp < 0x3000; cp += 1) if (font.covers(cp)) set.add(cp);
  return set;
}

/** The font-family list after the theme's font: its fallbacks' names. */
export function fallbackNames(coverage: GlyphCoverage, role: FontRole): string {
  return fallbackFamilyNames(coverage[role].fallbacks);
}

function editionText(edition: ProcessedEdition): string {
  return [
    ...Object.values(edition.meta).filter((v): v is string => typeof v === 'string'),
    ...Object.values(edition.strings).filter((v): v is string => typeof v === 'string'),
    ...(edition.preface ? [toString(edition.preface)] : []),
    ...edition.chapters.map((c) => `${c.short}\n${toString(c.tree)}`),
  ].join('\n');
}

/** The visible characters of an edition. */
function usedCodePoints(edition: ProcessedEdition): Set<number> {
  const used = codePoints(editionText(edition));
  for (const cp of used) if (INVISIBLE.test(String.fromCodePoint(cp))) used.delete(cp);
  return used;
}

/** Per edition: the characters its text uses (toString of every chapter: ~50 ms for the review, done once). */
const usedByEdition = new WeakMap<ProcessedEdition, Set<number>>();

function usedOnce(edition: ProcessedEdition): Set<number> {
  let used = usedByEdition.get(edition);
  if (!used) {
    used = usedCodePoints(edition);
    usedByEdition.set(edition, used);
  }
  return used;
}

/** Per role, the fallback subsets the edition's text needs and what no font has. */
function plans(coverage: GlyphCoverage, edition: ProcessedEdition) {
  const used = [...usedOnce(edition)];
  return (['body', 'headings'] as const).map((role) => {
    const { charset, fallbacks } = coverage[role];
    const missing = used.filter((cp) => !charset.has(cp));
    // Most editions: nothing missing, no fallback looked at.
    return missing.length === 0 ? { css: '', uncovered: [] } : planFallbacks(missing, fallbacks);
  });
}

/** @font-face rules of the fallback subsets the edition's text needs (empty for most editions). */
export function fallbackCss(coverage: GlyphCoverage, edition: ProcessedEdition): string {
  return plans(coverage, edition)
    .map((plan) => plan.css)
    .filter(Boolean)
    .join('\n');
}

export function missingGlyphs(coverage: GlyphCoverage, edition: ProcessedEdition): Diagnostic[] {
  const uncovered = new Set<number>();
  for (const plan of plans(coverage, edition)) for (const cp of plan.uncovered) uncovered.add(cp);
  const diagnostics: Diagnostic[] = [];
  const sorted = [...uncovered].sort((a, b) => a - b);
  // One message per place: the first use of each character, grouped by line.
  const byPlace = new Map<string, { place: Place; chars: number[] }>();
  for (const cp of sorted) {
    const place = firstUse(edition, String.fromCodePoint(cp)) ?? { file: coverage.body.font.place.file };
    const key = `${place.file}:${place.line ?? 0}`;
    const entry = byPlace.get(key) ?? { place, chars: [] };
    // The line's first such character, as the reader meets it.
    if ((place.column ?? Infinity) < (entry.place.column ?? Infinity)) entry.place = place;
    entry.chars.push(cp);
    byPlace.set(key, entry);
  }
  for (const { place, chars } of byPlace.values()) {
    const listed = chars
      .slice(0, 12)
      .map((cp) => `"${String.fromCodePoint(cp)}" (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`)
      .join(', ');
    const packages = [...new Set(chars.map(packageFor))];
    diagnostics.push({
      ...place,
      severity: 'error',
      message: `no font of the theme (${coverage.body.font.source}, ${coverage.headings.font.source}) or its fallbacks has a glyph for ${listed}${chars.length > 12 ? ', …' : ''}`,
      rule: RULES.themeMissingGlyphs.id,
      fix: `install a font package that has ${chars.length === 1 ? 'it' : 'them'} (\`npm install ${packages.join(' ')}\`) and name it in templates/theme.yaml (fonts.body / fonts.headings), or write the text without ${chars.length === 1 ? 'it' : 'them'}`,
    });
  }
  return diagnostics;
}

interface Place {
  file: string;
  line?: number;
  column?: number;
}

/** The Markdown file:line:column of the first text that uses `char`. */
function firstUse(edition: ProcessedEdition, char: string): Place | undefined {
  const trees: Root[] = [...(edition.preface ? [edition.preface] : []), ...edition.chapters.map((c) => c.tree)];
  // Depth first, with the source of the nearest block (pipeline/source-stamps.ts) handed down.
  const search = (nodes: Array<RootContent | ElementContent>, source: string | undefined): Place | undefined => {
    for (const node of nodes) {
      if (node.type === 'element') {
        const found = search(node.children, node.data?.source ?? source);
        if (found) return found;
      } else if (node.type === 'text') {
        const at = node.value.indexOf(char);
        const m = at === -1 || !source ? null : /^(.*):(\d+):(\d+)$/.exec(source);
        if (!m) continue;
        const start = node.position?.start;
        // A text node on one line: the character's own column; else the block's start.
        return start && !node.value.slice(0, at).includes('\n')
          ? { file: m[1]!, line: start.line, column: start.column + at }
          : { file: m[1]!, line: Number(m[2]), column: Number(m[3]) };
      }
    }
    return undefined;
  };
  for (const tree of trees) {
    const found = search(tree.children, undefined);
    if (found) return found;
  }
  return undefined;
}

/** A Noto package of the npm registry (@fontsource) for a character's script. */
const SCRIPT_PACKAGES: Array<[RegExp, string]> = [
  [/\p{Script=Arabic}/u, '@fontsource/noto-sans-arabic'],
  [/\p{Script=Hebrew}/u, '@fontsource/noto-sans-hebrew'],
  [/\p{Script=Armenian}/u, '@fontsource/noto-sans-armenian'],
  [/\p{Script=Georgian}/u, '@fontsource/noto-sans-georgian'],
  [/\p{Script=Devanagari}/u, '@fontsource/noto-sans-devanagari'],
  [/\p{Script=Bengali}/u, '@fontsource/noto-sans-bengali'],
  [/\p{Script=Tamil}/u, '@fontsource/noto-sans-tamil'],
  [/\p{Script=Thai}/u, '@fontsource/noto-sans-thai'],
  [/\p{Script=Hangul}/u, '@fontsource/noto-sans-kr'],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, '@fontsource/noto-sans-jp'],
  [/\p{Script=Han}/u, '@fontsource/noto-sans-sc'],
  [/\p{Extended_Pictographic}/u, '@fontsource/noto-emoji'],
];

function packageFor(cp: number): string {
  const char = String.fromCodePoint(cp);
  return SCRIPT_PACKAGES.find(([script]) => script.test(char))?.[1] ?? '@fontsource/noto-sans-symbols';
}

/**
 * `check`'s glyph check: the theme (templates/theme.yaml) read for its fonts only, every edition's
 * text against them. A theme that cannot be read gives its own errors.
 */
export async function checkGlyphs(
  templatesDir: string,
  contentDir: string,
  editions: readonly ProcessedEdition[],
): Promise<Diagnostic[]> {
  let theme: Theme;
  try {
    theme = await loadTheme(templatesDir, contentDir);
  } catch (error) {
    if (error instanceof BriefingError) return error.diagnostics;
    throw error;
  }
  const coverage = glyphCoverage(theme);
  return editions.flatMap((edition) => missingGlyphs(coverage, edition));
}

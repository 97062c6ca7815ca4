// Every character of a locale's text must be in the theme's fonts, or Chromium sets it in whatever
// system font it finds (a different one on every machine) — like Prince's --fail-missing-glyphs.
import { toString } from 'hast-util-to-string';
import type { ProcessedEdition } from '../pipeline/edition.js';
import type { Diagnostic } from '../messages.js';
import type { Theme } from './theme.js';
import { RULES } from '../rules.js';
import { codePoints } from './code-points.js';

/** Characters no font needs a glyph for: spaces, controls and invisible format characters (soft hyphen…). */
const INVISIBLE = /[\p{Z}\p{Cc}\p{Cf}]/u;

export function missingGlyphs(theme: Theme, edition: ProcessedEdition): Diagnostic[] {
  const text = [
    ...Object.values(edition.meta).filter((v): v is string => typeof v === 'string'),
    ...Object.values(edition.strings).filter((v): v is string => typeof v === 'string'),
    ...(edition.preface ? [toString(edition.preface)] : []),
    ...edition.chapters.map((c) => `${c.short}\n${toString(c.tree)}`),
  ].join('\n');
  const used = codePoints(text);
  for (const cp of used) if (INVISIBLE.test(String.fromCodePoint(cp))) used.delete(cp);
  const diagnostics: Diagnostic[] = [];
  for (const role of ['body', 'headings'] as const) {
    const font = theme.fonts[role];
    const missing = [...used].filter((cp) => !font.covers(cp)).sort((a, b) => a - b);
    if (missing.length === 0) continue;
    const listed = missing
      .slice(0, 12)
      .map((cp) => `"${String.fromCodePoint(cp)}" (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`)
      .join(', ');
    diagnostics.push({
      file: font.place.file,
      line: font.place.line,
      column: font.place.column,
      severity: 'error',
      message: `font "${font.family}" (fonts.${role}, ${font.source}) has no glyph for ${missing.length === 1 ? '' : `${missing.length} characters: `}${listed}${missing.length > 12 ? ', …' : ''} used in the ${edition.locale} text`,
      rule: RULES.themeMissingGlyphs.id,
      fix: `choose a font that covers the ${edition.locale} text, or add font files that do`,
    });
  }
  return diagnostics;
}

// Each language's typography: section letters, note numbering, quotation marks, dashes, non-breaking
// spaces and ragged-right text. Defaults come from the language (Russian and Kazakh: Cyrillic section
// letters А, Б, В…, «ёлочки» with „лапки“ inside, a non-breaking space after one-letter words and
// before dashes); `typography: { <locale>: {…} }` in briefing.yaml changes any of them per locale.
import { fail } from '../messages.js';
import { RULES } from '../rules.js';
import type { YamlFile } from './yaml.js';
import type { NoteNumbering } from './config.js';

export type SectionLetters = 'latin' | 'cyrillic';

export interface Typography {
  sectionLetters: SectionLetters;
  /** Overrides the edition's `noteNumbering` for this locale. */
  noteNumbering?: NoteNumbering;
  /** Outer and inner quotation marks (four characters: “”‘’ or «»„“), or undefined to keep quotes as written. */
  quotes?: string;
  /** What `--` and a spaced hyphen ` - ` become (`---`: an em dash), or undefined to keep them as written. */
  dash?: '–' | '—';
  /** Non-breaking space after one-letter words and before dashes. */
  nonBreakingSpaces: boolean;
  /** Ragged-right text instead of justified; by default where the language has no hyphenation patterns. */
  ragged?: boolean;
  /** Print hyphenation: words broken by hand (`Ka-zakh-stan`), in any case, instead of by the patterns. */
  hyphenation?: { exceptions?: readonly string[] };
}

const DEFAULTS: Record<string, Typography> = {
  // English keeps quotes and dashes as written: the source reproduces a printed original character
  // for character (tests/content/coverage.test.ts); an edition can opt in with `typography: { en: … }`.
  en: { sectionLetters: 'latin', nonBreakingSpaces: false },
  ru: { sectionLetters: 'cyrillic', quotes: '«»„“', dash: '—', nonBreakingSpaces: true },
  kk: { sectionLetters: 'cyrillic', quotes: '«»„“', dash: '—', nonBreakingSpaces: true },
};

/** A locale's typography: its language's defaults with briefing.yaml's `typography` for it on top. */
export function typographyFor(locale: string, configured: Record<string, Partial<Typography>> = {}): Typography {
  return { ...defaultTypography(locale), ...configured[locale] };
}

export function defaultTypography(locale: string): Typography {
  return { ...(DEFAULTS[locale.toLowerCase().split(/[-_]/)[0]!] ?? DEFAULTS.en!) };
}

/** Each configured locale's hyphenation exceptions (render looks a text's language up in them). */
export function hyphenationExceptions(
  configured: Record<string, Partial<Typography>>,
): Readonly<Record<string, readonly string[]>> {
  const result: Record<string, readonly string[]> = {};
  for (const [locale, settings] of Object.entries(configured)) {
    const exceptions = settings.hyphenation?.exceptions;
    if (exceptions) result[locale] = exceptions;
  }
  return result;
}

/** The exceptions for a text's language: its own locale's, else its primary language's (`en` for `en-GB`). */
export function exceptionsFor(
  lang: string,
  exceptions: Readonly<Record<string, readonly string[]>> = {},
): readonly string[] {
  return exceptions[lang] ?? exceptions[lang.split(/[-_]/)[0]!] ?? [];
}

/**
 * The `typography:` mapping of briefing.yaml (its form checked by schema/briefing.schema.json): locale →
 * settings that differ from the defaults; `keep` turns quotes or dashes off.
 */
export function validateTypography(yaml: YamlFile, locales: readonly string[]): Record<string, Partial<Typography>> {
  const raw = (yaml.data.typography ?? {}) as Record<string, TypographyYaml | null>;
  const result: Record<string, Partial<Typography>> = {};
  for (const [locale, settings] of Object.entries(raw)) {
    if (!locales.includes(locale) && locale !== 'en-XA') {
      fail({
        file: yaml.path,
        ...yaml.positionAt(['typography', locale], 'key'),
        message: `typography for "${locale}", which is not a locale of this edition`,
        rule: RULES.configInvalid.id,
        fix: `use one of ${locales.join(', ')}`,
      });
    }
    const { quotes, dash, ...rest } = settings ?? {};
    result[locale] = {
      ...rest,
      ...(quotes === undefined ? {} : { quotes: quotes === 'keep' ? undefined : quotes }),
      ...(dash === undefined ? {} : { dash: dash === 'keep' ? undefined : dash }),
    };
  }
  return result;
}

/** One locale's `typography:` as the schema allows it. */
type TypographyYaml = Omit<Partial<Typography>, 'quotes' | 'dash'> & { quotes?: string; dash?: '–' | '—' | 'keep' };

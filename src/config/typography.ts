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
}

const DEFAULTS: Record<string, Typography> = {
  // English keeps quotes and dashes as written: the source reproduces a printed original character
  // for character (tests/content/coverage.test.ts); an edition can opt in with `typography: { en: … }`.
  en: { sectionLetters: 'latin', nonBreakingSpaces: false },
  ru: { sectionLetters: 'cyrillic', quotes: '«»„“', dash: '—', nonBreakingSpaces: true },
  kk: { sectionLetters: 'cyrillic', quotes: '«»„“', dash: '—', nonBreakingSpaces: true },
};

const KEYS = ['sectionLetters', 'noteNumbering', 'quotes', 'dash', 'nonBreakingSpaces', 'ragged'] as const;
const NUMBERINGS: readonly NoteNumbering[] = ['lower-roman', 'upper-roman', 'decimal', 'symbols'];

/** A locale's typography: its language's defaults with briefing.yaml's `typography` for it on top. */
export function typographyFor(locale: string, configured: Record<string, Partial<Typography>> = {}): Typography {
  return { ...defaultTypography(locale), ...configured[locale] };
}

export function defaultTypography(locale: string): Typography {
  return { ...(DEFAULTS[locale.toLowerCase().split(/[-_]/)[0]!] ?? DEFAULTS.en!) };
}

/** The `typography:` mapping of briefing.yaml, checked: locale → settings that differ from the defaults. */
export function validateTypography(yaml: YamlFile, locales: readonly string[]): Record<string, Partial<Typography>> {
  const raw = yaml.data.typography;
  if (raw === undefined) return {};
  const problem = (
    keys: Array<string | number>,
    message: string,
    fix: string,
    part: 'key' | 'value' = 'value',
  ): never => fail({ file: yaml.path, ...yaml.positionAt(keys, part), message, rule: RULES.configInvalid.id, fix });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problem(
      ['typography'],
      '`typography` must map locales to settings',
      'write `typography:` then `  ru: { sectionLetters: cyrillic }`',
    );
  }
  const result: Record<string, Partial<Typography>> = {};
  for (const [locale, settings] of Object.entries(raw as Record<string, unknown>)) {
    if (!locales.includes(locale) && locale !== 'en-XA') {
      problem(
        ['typography', locale],
        `typography for "${locale}", which is not a locale of this edition`,
        `use one of ${locales.join(', ')}`,
        'key',
      );
    }
    if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
      problem(
        ['typography', locale],
        `typography of "${locale}" must be a mapping`,
        'write for example `ru: { sectionLetters: cyrillic, quotes: "«»„“" }`',
      );
    }
    const chosen: Partial<Typography> = {};
    for (const [key, value] of Object.entries(settings as Record<string, unknown>)) {
      const at = ['typography', locale, key];
      switch (key) {
        case 'sectionLetters':
          if (value !== 'latin' && value !== 'cyrillic')
            problem(at, '`sectionLetters` must be latin or cyrillic', 'write `sectionLetters: cyrillic`');
          chosen.sectionLetters = value as SectionLetters;
          break;
        case 'noteNumbering':
          if (!NUMBERINGS.includes(value as NoteNumbering))
            problem(at, `\`noteNumbering\` must be one of ${NUMBERINGS.join(', ')}`, 'write `noteNumbering: decimal`');
          chosen.noteNumbering = value as NoteNumbering;
          break;
        case 'quotes':
          if (value !== 'keep' && (typeof value !== 'string' || [...value].length !== 4)) {
            problem(
              at,
              '`quotes` must be four characters (outer open, outer close, inner open, inner close) or keep',
              'write `quotes: "«»„“"` or `quotes: "“”‘’"`',
            );
          }
          chosen.quotes = value === 'keep' ? undefined : (value as string);
          break;
        case 'dash':
          if (value !== '–' && value !== '—' && value !== 'keep')
            problem(at, '`dash` must be – (en dash), — (em dash) or keep', 'write `dash: "—"`');
          chosen.dash = value === 'keep' ? undefined : (value as '–' | '—');
          break;
        case 'nonBreakingSpaces':
        case 'ragged':
          if (typeof value !== 'boolean') problem(at, `\`${key}\` must be true or false`, `write \`${key}: true\``);
          chosen[key] = value as boolean;
          break;
        default:
          problem(at, `unknown typography setting "${key}"`, `known settings: ${KEYS.join(', ')}`, 'key');
      }
    }
    result[locale] = chosen;
  }
  return result;
}

// UI words of the edition. Content supplies them per locale in strings.yaml; a missing key falls back
// to the built-in English word with a warning naming the key, so nothing is silently left blank.
import type { Diagnostic } from '../messages.js';
import { RULES } from '../rules.js';
import { builtInStrings } from './builtin-strings.js';

export const DEFAULT_STRINGS = {
  contents: 'Contents',
  sources: 'Sources of additional information',
  page: 'Page',
  backToReference: 'Back to reference',
  notTranslated: 'Not yet translated',
  skipToContent: 'Skip to content',
  preparedBy: 'Prepared by',
  preface: 'Preface',
  figure: 'Figure',
  table: 'Table',
} as const;

/**
 * Words only some editions print (footnotes, typed callouts): English stands in without a warning
 * where strings.yaml leaves one out, so an edition that never prints the word is not asked for it.
 */
export const OPTIONAL_STRINGS = {
  notes: 'Notes',
  /** A page-foot note continued from the page before (theme `notes: foot`). */
  continued: 'continued',
  note: 'Note',
  tip: 'Tip',
  important: 'Important',
  warning: 'Warning',
  caution: 'Caution',
  section: 'Section',
  equation: 'Equation',
  /** Before a code listing's number (a captioned or `{#lst-x}`-labelled code block). */
  listing: 'Listing',
  references: 'References',
  /** After a cross-reference in print (`@fig-x[page]`): the page its label stands on, `{page}` its number. */
  onPage: 'on page {page}',
} as const;

export type StringKey = keyof typeof DEFAULT_STRINGS | keyof typeof OPTIONAL_STRINGS;
export type Strings = Record<StringKey, string>;

/**
 * The locale's words: its strings.yaml, else Briefing's own words in its language (builtin-strings.ts);
 * a key neither has falls back to the source locale's strings.yaml, then to the built-in English word,
 * with a warning naming the key either way.
 */
export function resolveStrings(
  given: Record<string, string>,
  file: string,
  fallback: Record<string, string> = {},
  locale = 'en',
): { strings: Strings; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const strings = { ...DEFAULT_STRINGS, ...OPTIONAL_STRINGS } as Strings;
  const own: Partial<Strings> = builtInStrings(locale) ?? {};
  for (const key of Object.keys(OPTIONAL_STRINGS) as StringKey[])
    strings[key] = given[key] ?? own[key] ?? fallback[key] ?? strings[key];
  for (const key of Object.keys(DEFAULT_STRINGS) as Array<keyof typeof DEFAULT_STRINGS>) {
    const value = given[key] ?? own[key];
    if (value === undefined) {
      const used = fallback[key] ?? DEFAULT_STRINGS[key];
      strings[key] = used;
      diagnostics.push({
        file,
        severity: 'warning',
        message: `string "${key}" is missing; using "${used}"`,
        rule: RULES.stringsMissing.id,
        fix: `add \`${key}: …\` to strings.yaml`,
      });
    } else {
      strings[key] = value;
    }
  }
  for (const key of Object.keys(given)) {
    if (!(key in DEFAULT_STRINGS) && !(key in OPTIONAL_STRINGS)) {
      diagnostics.push({
        file,
        severity: 'warning',
        message: `unknown string "${key}"`,
        rule: RULES.stringsUnknown.id,
        fix: `known keys: ${[...Object.keys(DEFAULT_STRINGS), ...Object.keys(OPTIONAL_STRINGS)].join(', ')}`,
      });
    }
  }
  return { strings, diagnostics };
}

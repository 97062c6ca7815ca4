// The output formats a run asks for. Apart from config.ts (which loads YAML): the CLI decides from
// this alone, before loading anything else, whether to start Chromium.
import { UsageError } from '../messages.js';

export type Format = 'pdf' | 'html' | 'docx';

export const FORMATS: readonly Format[] = ['pdf', 'html', 'docx'];

/** What a build makes when `--format` is not given: the Word edition is asked for by name. */
export const DEFAULT_FORMATS: readonly Format[] = ['pdf', 'html'];

/** The formats a run asks for (`--format pdf,html,docx`); a usage error names an unknown one. */
export function selectFormats(flag: string | undefined): Format[] {
  if (flag === undefined) return [...DEFAULT_FORMATS];
  const wanted = splitList(flag);
  if (wanted.length === 0)
    throw new UsageError(`--format "${flag}" names no format (write --format ${FORMATS.join(',')})`);
  for (const format of wanted) {
    if (!FORMATS.includes(format as Format))
      throw new UsageError(`unknown format "${format}" (use ${FORMATS.join(', ')})`);
  }
  return FORMATS.filter((f) => wanted.includes(f));
}

/** A comma-separated flag (`--locale ru,kk`, `--format pdf,html`) → its items, blanks dropped. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

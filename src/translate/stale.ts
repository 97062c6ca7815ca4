// Nothing stale or untranslated is published silently: for each recorded Markdown translation of a
// locale, a paragraph translated from an older source text (stale) or not translated at all (the
// source text stands in it) is a warning at its line in the translated file, with what changed old →
// new. `check` and `build` report them (`--strict`: errors, nothing written), and the pipeline marks
// each untranslated block with the source's `lang` (remark-untranslated.ts). YAML files (UI strings,
// edition.yaml) are left to `briefing status`.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { displayPath, type Diagnostic } from '../messages.js';
import { RULES } from '../rules.js';
import { translatableFiles } from './catalog.js';
import { keptCatalog } from './catalog-cache.js';
import { wordDiff } from './word-diff.js';

export interface Place {
  line: number;
  column: number;
}

export interface TranslationState {
  warnings: Diagnostic[];
  /** Translated file (absolute path) → where its blocks that still hold the source text start. */
  untranslated: Map<string, Place[]>;
}

export async function translationWarnings(
  contentDir: string,
  locale: string,
  sourceLocale: string,
): Promise<Diagnostic[]> {
  return (await translationState(contentDir, locale, sourceLocale)).warnings;
}

export async function translationState(
  contentDir: string,
  locale: string,
  sourceLocale: string,
): Promise<TranslationState> {
  // Markdown files only, each on its own: a file that cannot be read is the pipeline's to report.
  // A file the locale has no translation of warns of nothing (its fallback is reported by the pipeline):
  // its source is not split into segments for nothing (~20 files of kk, most of ru's).
  const files = (await translatableFiles(contentDir, sourceLocale).catch(() => [])).filter(
    (f) => f.endsWith('.md') && existsSync(path.join(contentDir, locale, f)),
  );
  const catalogs = await Promise.all(
    files.map((f) => keptCatalog(contentDir, locale, sourceLocale, f).catch(() => undefined)),
  );
  const warnings: Diagnostic[] = [];
  const untranslated = new Map<string, Place[]>();
  for (const catalog of catalogs) {
    if (!catalog?.exists || !catalog.recorded) continue;
    const source = displayPath(catalog.sourcePath);
    for (const entry of catalog.entries) {
      if (entry.state === 'done' || entry.line === undefined) continue;
      const where = `${source}:${entry.segment.line}`;
      if (entry.state === 'empty') {
        const place = { line: entry.line, column: entry.column ?? 1 };
        untranslated.set(catalog.targetPath, [...(untranslated.get(catalog.targetPath) ?? []), place]);
      }
      const message =
        entry.state === 'fuzzy'
          ? `${entry.segment.kind} translated from an older source text (${where} now: ${entry.previous === undefined ? `“${preview(entry.segment.text)}”` : wordDiff(entry.previous, entry.segment.text)}): printed as translated`
          : `${entry.segment.kind} not translated (${where}): the ${sourceLocale} text is printed`;
      warnings.push({
        file: catalog.targetPath,
        line: entry.line,
        column: 1,
        severity: 'warning',
        message,
        rule: RULES.localeStale.id,
        fix: `update the translation (\`briefing export --locale ${locale}\` offers it for review), then import it or run \`briefing status --update\``,
      });
    }
  }
  return { warnings, untranslated };
}

function preview(text: string): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  return words.length > 8 ? `${words.slice(0, 8).join(' ')}…` : words.join(' ');
}

// Read, check and transform every requested locale: no browser, no templates. Used by `check`
// (which should load nothing more: it runs in pre-commit hooks), `build`, `dev` and the API.
import { PSEUDO_LOCALE, type Config } from './config/config.js';
import { readLocale } from './content/read.js';
import { readReportFile } from './pipeline/report-file.js';
import { processEdition, type ProcessedEdition } from './pipeline/edition.js';
import type { ParseCache } from './pipeline/parse-cache.js';
import type { TransformMemos } from './pipeline/transform-memo.js';
import { formatDiagnostic, type Diagnostic } from './messages.js';
import { useLimits } from './limits.js';
import type { LocaleContent } from './content/read.js';
import type { Place, TranslationState } from './translate/stale.js';
import path from 'node:path';

/**
 * Read, check and transform every requested locale; no browser. Errors are in `diagnostics`. `memos`:
 * each file's transformed tree kept from the last build (the dev loop's, told what changed).
 */
export async function checkEditions(
  config: Config,
  cache?: ParseCache,
  memos?: TransformMemos,
): Promise<{ editions: ProcessedEdition[]; diagnostics: Diagnostic[] }> {
  useLimits(config); // also when called directly (the API, tests), not from a command
  const results = await Promise.all(
    config.locales.map(async (locale) => {
      const { contentDir, edition } = config;
      // en-XA is made from the source (its module loads only when asked for: it needs the parser).
      // A single-file report is split into chapters here; a content folder is read file by file.
      const content = config.report
        ? await readReportFile(config, cache)
        : locale === PSEUDO_LOCALE && !edition.locales.includes(locale)
          ? await (
              await import('./translate/pseudo.js')
            ).readPseudoLocale(contentDir, edition.sourceLocale, edition.chapters)
          : await readLocale(contentDir, locale, edition.sourceLocale, edition.chapters, config.configFile);
      const state = await translationState(config, locale);
      markUntranslated(content, state?.untranslated, edition.sourceLocale);
      return { edition: withTitle(await processEdition(content, config, cache, memos)), stale: state?.warnings ?? [] };
    }),
  );
  const diagnostics = [...results.flatMap((r) => [...r.edition.diagnostics, ...r.stale])];
  const editions = results.map((r) => r.edition);
  // A single-file report's parts share definitions: a problem with one is reported once.
  return { editions, diagnostics: config.report ? unique(diagnostics) : diagnostics };
}

/** Stale or untranslated paragraphs of a translated locale's files (the module loads only for one). */
async function translationState(config: Config, locale: string): Promise<TranslationState | undefined> {
  const { edition } = config;
  if (config.report || locale === edition.sourceLocale || !edition.locales.includes(locale)) return undefined;
  const { translationState } = await import('./translate/stale.js');
  return translationState(config.contentDir, locale, edition.sourceLocale);
}

/** Each translated file learns which of its blocks still hold the source text (remark-untranslated). */
function markUntranslated(content: LocaleContent, untranslated: Map<string, Place[]> | undefined, lang: string) {
  if (!untranslated || untranslated.size === 0) return;
  const files = [content.preface, ...content.chapters.flatMap((c) => [c.file, ...c.sections.map((s) => s.file)])];
  for (const file of files) {
    const places = file?.path ? untranslated.get(path.resolve(file.path)) : undefined;
    if (file && places) file.data.untranslated = { lang, places };
  }
}

function unique(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = formatDiagnostic(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Without edition.yaml (or a title in a single file's front matter), the first chapter's title is the edition's. */
function withTitle(edition: ProcessedEdition): ProcessedEdition {
  if (edition.meta.title !== '') return edition;
  const title = edition.chapters[0]?.title ?? '';
  return { ...edition, meta: { ...edition.meta, title, short: edition.meta.short || title } };
}

// Read, check and transform every requested locale: no browser, no templates. Used by `check`
// (which should load nothing more: it runs in pre-commit hooks), `build`, `dev` and the API.
import { PSEUDO_LOCALE, type Config } from './config/config.js';
import { readLocale } from './content/read.js';
import { readReportFile } from './pipeline/report-file.js';
import { processEdition, type ProcessedEdition } from './pipeline/edition.js';
import type { ParseCache } from './pipeline/parse-cache.js';
import { formatDiagnostic, type Diagnostic } from './messages.js';
import { useLimits } from './limits.js';

/** Read, check and transform every requested locale; no browser. Errors are in `diagnostics`. */
export async function checkEditions(
  config: Config,
  cache?: ParseCache,
): Promise<{ editions: ProcessedEdition[]; diagnostics: Diagnostic[] }> {
  useLimits(config); // also when called directly (the API, tests), not from a command
  const editions = await Promise.all(
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
      return withTitle(await processEdition(content, config, cache));
    }),
  );
  const diagnostics = [...editions.flatMap((e) => e.diagnostics), ...(await staleParagraphs(config))];
  // A single-file report's parts share definitions: a problem with one is reported once.
  return { editions, diagnostics: config.report ? unique(diagnostics) : diagnostics };
}

/** Stale or untranslated paragraphs of translated files (their module loads only for a translation). */
async function staleParagraphs(config: Config): Promise<Diagnostic[]> {
  const { edition } = config;
  const translated = config.locales.filter((l) => l !== edition.sourceLocale && edition.locales.includes(l));
  if (config.report || translated.length === 0) return [];
  const { translationWarnings } = await import('./translate/stale.js');
  const lists = await Promise.all(
    translated.map((l) => translationWarnings(config.contentDir, l, edition.sourceLocale)),
  );
  return lists.flat();
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

// Read, check and transform every requested locale: no browser, no templates. Used by `check`
// (which should load nothing more: it runs in pre-commit hooks), `build`, `dev` and the API.
import { PSEUDO_LOCALE, type Config } from './config/config.js';
import { readLocale } from './content/read.js';
import { processEdition, type ProcessedEdition } from './pipeline/edition.js';
import type { ParseCache } from './pipeline/parse-cache.js';
import type { Diagnostic } from './messages.js';

/** Read, check and transform every requested locale; no browser. Errors are in `diagnostics`. */
export async function checkEditions(
  config: Config,
  cache?: ParseCache,
): Promise<{ editions: ProcessedEdition[]; diagnostics: Diagnostic[] }> {
  const editions = await Promise.all(
    config.locales.map(async (locale) => {
      const { contentDir, edition } = config;
      // en-XA is made from the source (its module loads only when asked for: it needs the parser).
      const content =
        locale === PSEUDO_LOCALE && !edition.locales.includes(locale)
          ? await (await import('./translate/pseudo.js')).readPseudoLocale(contentDir, edition.sourceLocale)
          : await readLocale(contentDir, locale, edition.sourceLocale);
      return processEdition(content, config, cache);
    }),
  );
  return { editions, diagnostics: editions.flatMap((e) => e.diagnostics) };
}

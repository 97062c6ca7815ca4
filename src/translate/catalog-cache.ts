// A translated file's catalog (catalog.ts) kept in the cache folder by the texts it is made from: the
// source, the translation and its sidecar record. Splitting both into segments and aligning them took
// ~10 ms of CPU a file (ru's six translated files: ~60 ms of every build's translation check).
import { keptByText } from '../cache.js';
import { codeKey } from '../code-key.js';
import { limits } from '../limits.js';
import { keyOfParser } from '../pipeline/parse-cache.js';
import { catalogOf, catalogTexts, type FileCatalog } from './catalog.js';

let catalogCode: string | undefined;

type Made = ReturnType<typeof catalogOf>;

function isMade(data: unknown): data is Made {
  if (typeof data !== 'object' || data === null) return false;
  const { exists, recorded, removed, entries } = data as Partial<Made>;
  return (
    typeof exists === 'boolean' &&
    typeof recorded === 'boolean' &&
    typeof removed === 'number' &&
    Array.isArray(entries) &&
    entries.every((e) => typeof e === 'object' && e !== null && typeof e.state === 'string' && Boolean(e.segment))
  );
}

/** fileCatalog, from the cache folder when a build read the same texts with the same code and limits. */
export async function keptCatalog(
  contentDir: string,
  locale: string,
  sourceLocale: string,
  relative: string,
): Promise<FileCatalog> {
  const texts = await catalogTexts(contentDir, locale, sourceLocale, relative);
  catalogCode ??= `${keyOfParser()}\0${codeKey(
    ['yaml'],
    [
      'translate/catalog',
      'translate/segments',
      'translate/record',
      'translate/match',
      'pipeline/nesting',
      'pipeline/delimiters',
      'positions',
      'config/yaml',
    ],
  )}`;
  // The segments depend on the limits (nesting, delimiters, aliases) as well as on the texts.
  const { source, target, sidecar } = texts;
  const text = JSON.stringify({ yaml: relative.endsWith('.yaml'), source, target, sidecar, limits: limits() });
  return {
    ...texts.paths,
    ...keptByText('translation-catalog', { code: catalogCode, text }, isMade, () => catalogOf(relative, texts)),
  };
}

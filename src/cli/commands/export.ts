import { loadConfig } from '../../config/config.js';
import { UsageError } from '../../messages.js';
import { displayPath } from '../../messages.js';
import { exportTranslations, isCatalogFormat } from '../../translate/export.js';
import { EXIT, runOptions, type Command } from '../io.js';
import { useLimits } from '../../limits.js';

export const exportCommand: Command = {
  async run(flags, _positionals, io) {
    const format = flags.format ?? 'po';
    if (!isCatalogFormat(format))
      throw new UsageError(`unknown export format "${format}" (use po, xliff, xliff12, pot or tmx)`);
    // A template (pot) is of no locale: the source locale's files with every msgstr empty.
    const locale = format === 'pot' ? undefined : flags.locale;
    if (format !== 'pot' && (!locale || locale === 'all' || locale.includes(',')))
      throw new UsageError('export needs one locale: --locale <l>');
    const config = await loadConfig({ ...runOptions(flags), format: undefined, out: undefined, locale });
    useLimits(config);
    if (locale === undefined) {
      const result = await exportTranslations(config, config.edition.sourceLocale, 'pot', flags.out ?? 'translations');
      for (const f of result.files) io.out(`${displayPath(f.path)}: ${f.empty} to translate\n`);
      return EXIT.ok;
    }
    if (locale === config.edition.sourceLocale)
      throw new UsageError(`"${locale}" is the source locale: export a translation locale`);
    const outDir = flags.out ?? 'translations';
    const result = await exportTranslations(config, locale, format, outDir);
    for (const f of result.files) {
      if (format === 'tmx') io.out(`${displayPath(f.path)}: ${f.done} translation units\n`);
      else io.out(`${displayPath(f.path)}: ${f.done} done, ${f.fuzzy} fuzzy, ${f.empty} to translate\n`);
    }
    return EXIT.ok;
  },
};

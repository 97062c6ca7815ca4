import { existsSync } from 'node:fs';
import { loadConfig } from '../../config/config.js';
import { UsageError } from '../../messages.js';
import { importTranslations } from '../../translate/import.js';
import { EXIT, printDiagnostics, runOptions, type Command } from '../io.js';
import { useLimits } from '../../limits.js';

export const importCommand: Command = {
  async run(flags, positionals, io) {
    if (positionals.length === 0)
      throw new UsageError('import needs the translated files: briefing import <file|dir>…');
    const config = await loadConfig({ ...runOptions(flags), format: undefined, locale: undefined });
    useLimits(config);
    if (flags.states !== undefined && flags.states !== 'ignore')
      throw new UsageError(`unknown --states "${String(flags.states)}" (use --states ignore)`);
    const result = await importTranslations(config, positionals, flags.locale, {
      overwrite: flags.overwrite === true,
      ignoreStates: flags.states === 'ignore',
    });
    printDiagnostics(result.warnings, io);
    for (const m of result.memories) io.out(`${m.file}: translation memory, ${m.units} units\n`);
    for (const c of result.counts) {
      const state = result.written.includes(c.file)
        ? 'written'
        : c.done + c.fuzzy === 0 && !existsSync(c.file)
          ? 'nothing translated, not created'
          : 'unchanged';
      io.out(`${c.file}: ${state} (${c.done} done, ${c.fuzzy} fuzzy, ${c.empty} to translate)\n`);
    }
    return flags.strict && result.warnings.some((w) => w.severity !== 'info') ? EXIT.failed : EXIT.ok;
  },
};

import { loadConfig } from '../../config/config.js';
import { recordTranslation, translationStatus, type FileStatus } from '../../content/status.js';
import { displayPath } from '../../messages.js';
import { EXIT, runOptions, type Command } from '../io.js';

const MARK: Record<FileStatus['state'], string> = {
  translated: 'translated',
  stale: 'STALE',
  missing: 'missing',
  unrecorded: 'translated?',
};

export const statusCommand: Command = {
  async run(flags, _positionals, io) {
    // Default: every translated locale (all but the source).
    const config = await loadConfig({ ...runOptions(flags), locale: flags.locale ?? 'all' });
    if (typeof flags.update === 'string') {
      const recorded = await recordTranslation(config.contentDir, flags.update, config.edition.sourceLocale);
      io.out(`${displayPath(recorded.file)}: recorded ${recorded.blocks} source blocks as translated\n`);
      return EXIT.ok;
    }
    const locales = config.locales.filter((l) => l !== config.edition.sourceLocale);
    const reports = await Promise.all(
      locales.map((l) => translationStatus(config.contentDir, l, config.edition.sourceLocale)),
    );
    if (flags.json || flags.reporter === 'json') {
      io.out(`${JSON.stringify({ sourceLocale: config.edition.sourceLocale, locales: reports }, null, 2)}\n`);
    } else {
      for (const report of reports) {
        const width = Math.max(...report.files.map((f) => f.file.length));
        io.out(
          `${report.locale}: ${report.counts.translated} translated, ${report.counts.stale} stale, ${report.counts.missing} missing, ${report.counts.unrecorded} not recorded\n`,
        );
        for (const f of report.files) {
          io.out(`  ${f.file.padEnd(width)}  ${MARK[f.state]}\n`);
          for (const block of f.changed) io.out(`      changed: ${f.source}:${block.line} “${block.preview}…”\n`);
          if (f.removed > 0) io.out(`      ${f.removed} block(s) removed from the source\n`);
          if (f.state === 'unrecorded')
            io.out(`      no record of what it was translated from: run \`briefing status --update ${f.file}\`\n`);
        }
      }
    }
    const behind = reports.some((r) => r.counts.stale + r.counts.missing + r.counts.unrecorded > 0);
    return flags.strict && behind ? EXIT.failed : EXIT.ok;
  },
};

import { loadConfig } from '../../config/config.js';
import { recordTranslations, translationStatus, type FileStatus, type LocaleStatus } from '../../translate/status.js';
import { displayPath, UsageError } from '../../messages.js';
import { EXIT, printDiagnostics, runOptions, type Command, type Io } from '../io.js';
import { useLimits } from '../../limits.js';

const MARK: Record<FileStatus['state'], string> = {
  translated: 'translated',
  stale: 'STALE',
  missing: 'missing',
  unrecorded: 'translated?',
};

export const statusCommand: Command = {
  async run(flags, positionals, io) {
    if (typeof flags.update !== 'string' && positionals.length > 0) {
      throw new UsageError(`status takes files only after --update, not "${positionals[0]}"`);
    }
    // Default: every translated locale (all but the source).
    const config = await loadConfig({ ...runOptions(flags), locale: flags.locale ?? 'all' });
    useLimits(config);
    if (typeof flags.update === 'string') {
      // `--update a.md b.md`: the first file is the option's value, the others come as positionals.
      const recorded = await recordTranslations(
        config.contentDir,
        [flags.update, ...positionals],
        config.edition.sourceLocale,
      );
      for (const r of recorded) io.out(`${displayPath(r.file)}: recorded ${r.blocks} source blocks as translated\n`);
      return EXIT.ok;
    }
    const locales = config.locales.filter((l) => l !== config.edition.sourceLocale);
    const reports = await Promise.all(
      locales.map((l) => translationStatus(config.contentDir, l, config.edition.sourceLocale)),
    );
    for (const report of reports) printDiagnostics(report.warnings, io);
    if (flags.json || flags.reporter === 'json') {
      io.out(`${JSON.stringify({ sourceLocale: config.edition.sourceLocale, locales: reports }, null, 2)}\n`);
    } else {
      for (const report of reports) printReport(report, io);
    }
    // --strict: anything not done fails; --strict-stale / --strict-missing fail on one kind only.
    const stale = reports.some((r) => r.counts.stale + r.counts.unrecorded > 0);
    const missing = reports.some((r) => r.counts.missing > 0 || r.files.some((f) => f.untranslated.length > 0));
    const fails =
      (flags.strict && (stale || missing)) || (flags['strict-stale'] && stale) || (flags['strict-missing'] && missing);
    return fails ? EXIT.failed : EXIT.ok;
  },
};

function printReport(report: LocaleStatus, io: Io): void {
  const width = Math.max(...report.files.map((f) => f.file.length));
  const { counts, words } = report;
  io.out(
    `${report.locale}: ${counts.translated} translated, ${counts.stale} stale, ${counts.missing} missing, ${counts.unrecorded} not recorded; ` +
      `words: ${words.done} done, ${words.stale} stale, ${words.toTranslate} to translate\n`,
  );
  for (const f of report.files) {
    const w = f.words;
    io.out(
      `  ${f.file.padEnd(width)}  ${MARK[f.state].padEnd(11)}  ${w.done} done, ${w.stale} stale, ${w.toTranslate} to translate\n`,
    );
    for (const change of f.changed) {
      const at = change.translationLine !== undefined ? `${f.file}:${change.translationLine}` : f.file;
      io.out(`      ${at}: the source changed (${f.source}:${change.line})\n`);
      io.out(`        ${change.diff ?? `now: “${change.preview}…”`}\n`);
    }
    for (const block of f.untranslated) {
      const at = block.translationLine !== undefined ? `${f.file}:${block.translationLine}` : f.file;
      io.out(`      ${at}: not translated yet (${f.source}:${block.line} “${block.preview}…”)\n`);
    }
    if (f.removed > 0) io.out(`      ${f.removed} block(s) removed from the source: delete their translation\n`);
    if (f.state === 'unrecorded')
      io.out(`      no record of what it was translated from: run \`briefing status --update ${f.file}\`\n`);
  }
}

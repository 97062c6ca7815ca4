// `briefing check`: read, check and transform the content of the chosen locales, no browser, no files
// written. The CI gate: exit 1 on errors (and, with --strict, on warnings). Text messages read
// `file:line:col severity message (fix) rule` on stderr, one per line (GitHub annotates them through
// .github/briefing-problem-matcher.json); --reporter json writes one report to stdout.
import { loadConfig } from '../../config/config.js';
import { checkEditions } from '../../check.js';
import { checkGlyphs } from '../../render/glyphs.js';
import { countBySeverity } from '../../messages.js';
import { diagnosticsJson, EXIT, printDiagnostics, runOptions, type Command } from '../io.js';
import { useLimits } from '../../limits.js';

export const checkCommand: Command = {
  async run(flags, _positionals, io) {
    const config = await loadConfig(runOptions(flags));
    useLimits(config);
    const checked = await checkEditions(config);
    const { editions } = checked;
    // The theme's fonts must have every character of the text (found here, not only when printing).
    const diagnostics = [
      ...checked.diagnostics,
      ...(await checkGlyphs(config.templatesDir, config.contentDir, editions)),
    ];
    const counts = countBySeverity(diagnostics);
    const strict = flags.strict === true;
    const failed = counts.error > 0 || (strict && counts.warning > 0);
    if (flags.reporter === 'json' || flags.json) {
      const report = {
        ok: !failed,
        strict,
        counts,
        diagnostics: diagnosticsJson(diagnostics),
        editions: editions.map((e) => ({ locale: e.locale, ...e.stats })),
      };
      io.out(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      printDiagnostics(diagnostics, io);
      for (const e of editions) {
        io.out(
          `${e.locale}: ${e.stats.chapters} chapters, ${e.stats.sections} sections, ${e.stats.callouts} callouts, ${e.stats.figures} figures, ${e.stats.tables} tables, ${e.stats.notes} notes (${e.stats.noteReferences} references)\n`,
        );
      }
      io.out(
        `${counts.error} error(s), ${counts.warning} warning(s)${strict && counts.warning > 0 ? ' (warnings fail with --strict)' : ''}\n`,
      );
    }
    return failed ? EXIT.failed : EXIT.ok;
  },
};

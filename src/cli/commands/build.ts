import { build } from '../../build.js';
import { countBySeverity, displayPath } from '../../messages.js';
import { EXIT, printDiagnostics, runOptions, type Command } from '../io.js';

export const buildCommand: Command = {
  async run(flags, _positionals, io) {
    const progress = flags.quiet ? () => {} : (line: string) => io.err(`briefing: ${line}\n`);
    const result = await build({ ...runOptions(flags), strict: flags.strict ?? false }, progress);
    printDiagnostics(result.diagnostics, io);
    const counts = countBySeverity(result.diagnostics);
    for (const file of result.files) {
      io.out(`${displayPath(file.path)}  ${formatBytes(file.bytes)}${file.pages ? `  ${file.pages} pages` : ''}\n`);
    }
    const pages = result.files.reduce((sum, f) => sum + (f.pages ?? 0), 0);
    io.out(`Wrote ${result.files.length} file(s)${pages ? `, ${pages} pages` : ''} in ${result.seconds.toFixed(2)} s${counts.warning ? `, ${counts.warning} warning(s)` : ''}.\n`);
    return EXIT.ok;
  },
};

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.round(n / 1024)} kB`;
}

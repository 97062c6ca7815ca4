import { selectFormats } from '../../config/formats.js';
import { trace } from '../../trace.js';
import { countBySeverity, displayPath } from '../../messages.js';
import type { Printer } from '../../build.js';
import { EXIT, printDiagnostics, runOptions, type Command } from '../io.js';

export const buildCommand: Command = {
  async run(flags, _positionals, io) {
    const progress = flags.quiet ? () => {} : (line: string) => io.err(`briefing: ${line}\n`);
    // Chromium is spawned before any other module is loaded (chromium.ts needs none): its start
    // then overlaps the loading of puppeteer-core, the pipeline and the templates.
    let printer: Printer | undefined;
    if (selectFormats(flags.format).includes('pdf')) {
      const { findBrowser, spawnChromium } = await import('../../print/chromium.js');
      // A single-process browser (see chromium.ts); a build of several locales starts a second one
      // for some of them once it knows them (build.ts printLanes).
      const chromium = spawnChromium(findBrowser(), { singleProcess: true });
      trace('chromium spawned');
      const print = await import('../../print/index.js');
      printer = { print, session: new print.BrowserSession(chromium) };
    }
    let build: typeof import('../../build.js').build;
    try {
      ({ build } = await import('../../build.js'));
    } catch (error) {
      await printer?.session.close();
      throw error;
    }
    const result = await build(
      { ...runOptions(flags), strict: flags.strict ?? false, verifyText: flags['verify-text'] === true },
      progress,
      printer,
    );
    printDiagnostics(result.diagnostics, io);
    const counts = countBySeverity(result.diagnostics);
    for (const file of result.files) {
      io.out(`${displayPath(file.path)}  ${formatBytes(file.bytes)}${file.pages ? `  ${file.pages} pages` : ''}\n`);
    }
    const pages = result.files.reduce((sum, f) => sum + (f.pages ?? 0), 0);
    io.out(
      `Wrote ${result.files.length} file(s)${pages ? `, ${pages} pages` : ''} in ${result.seconds.toFixed(2)} s${counts.warning ? `, ${counts.warning} warning(s)` : ''}.\n`,
    );
    return EXIT.ok;
  },
};

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.round(n / 1024)} kB`;
}

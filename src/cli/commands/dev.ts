import { loadConfig } from '../../config/config.js';
import { UsageError } from '../../messages.js';
import { createPreview } from '../../dev/preview.js';
import { startDevServer } from '../../dev/server.js';
import { displayPath } from '../../messages.js';
import { EXIT, printDiagnostics, runOptions, type Command } from '../io.js';
import { useLimits } from '../../limits.js';

export const devCommand: Command = {
  ownsSignals: true,
  async run(flags, _positionals, io) {
    const port = parsePort(flags.port);
    const options = runOptions(flags);
    if (options.locale !== undefined && (options.locale === 'all' || options.locale.includes(','))) {
      throw new UsageError('dev previews one locale at a time: pass --locale <one>');
    }
    // A wrong folder or locale stops here; once serving, every problem is shown in the page instead.
    const config = await loadConfig({ ...options, format: 'html' });
    useLimits(config);
    const quiet = flags.quiet === true;
    const server = await startDevServer({
      preview: createPreview(options),
      port,
      log: (line) => {
        if (!quiet) io.err(`briefing: ${line}\n`);
      },
      report: (diagnostics) => printDiagnostics(diagnostics, io),
    });
    io.out(`Serving the ${config.locales[0]} web edition at ${server.url}\n`);
    io.out(`Print view (the PDF's pages, re-printed on every save): ${server.url}print\n`);
    if (!quiet)
      io.err(
        `briefing: watching ${displayPath(config.contentDir)} and ${displayPath(config.templatesDir)}; Ctrl-C stops\n`,
      );

    // Serve until Ctrl-C (or a SIGTERM): then close the watchers, the event streams and the port.
    let stop = (_signal: NodeJS.Signals) => {};
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      stop = resolve;
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    process.off('SIGINT', stop).off('SIGTERM', stop);
    await server.close();
    if (!quiet) io.err(`briefing: ${signal}: stopped\n`);
    return EXIT.ok;
  },
};

function parsePort(value: string | boolean | undefined): number {
  if (value === undefined) return 4321;
  const port = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || port > 65535) {
    throw new UsageError(`--port must be a number from 0 to 65535 (0: any free port), not "${String(value)}"`);
  }
  return port;
}

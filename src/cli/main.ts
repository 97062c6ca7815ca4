// argv → command, options, help text, progress lines, exit codes. Nothing else lives here.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { UsageError, loadConfig, type RunOptions } from '../config/config.js';
import { build, checkEditions } from '../build.js';
import { BriefingError, countBySeverity, displayPath, formatDiagnostic, sortDiagnostics, type Diagnostic } from '../messages.js';
import { removePendingFiles } from '../output/write.js';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const HELP = `briefing — Markdown sources of a review → print-grade PDF and web editions

Usage:
  briefing build [options]    build the PDF and HTML editions into the output folder
  briefing check [options]    check the content (notes, callouts, headings) without a browser
  briefing help               show this text

Options:
  --content <dir>      content folder with briefing.yaml            (default: content)
  --templates <dir>    templates folder with layout.hbs             (default: templates)
  --locale <list>      locales to build, comma-separated, or "all"  (default: the source locale)
  --format <list>      pdf,html                                     (default: pdf,html)
  --out <dir>          output folder                                (default: output)
  --strict             treat warnings as errors
  --reporter <name>    check: "text" or "json"                      (default: text)
  -q, --quiet          no progress lines
  -h, --help           show this text
  -v, --version        show the version

Exit codes: 0 success, 1 content or build error (or warnings with --strict), 2 usage error.
Messages read  file:line:column severity message (fix) rule
`;

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
}

const defaultIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stderr.isTTY) && !process.env.CI,
};

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        content: { type: 'string' },
        templates: { type: 'string' },
        locale: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        strict: { type: 'boolean' },
        reporter: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    io.err(`briefing: ${(error as Error).message}\nRun \`briefing --help\` for usage.\n`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const command = positionals[0] ?? (values.version ? 'version' : 'help');
  if (values.help || command === 'help') {
    io.out(HELP);
    return EXIT.ok;
  }
  if (command === 'version' || values.version) {
    io.out(`${version()}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 1) return usage(io, `unexpected argument "${positionals[1]}"`);
  const reporter = values.reporter ?? 'text';
  if (reporter !== 'text' && reporter !== 'json') return usage(io, `unknown reporter "${reporter}" (use text or json)`);
  const options: RunOptions = { content: values.content, templates: values.templates, locale: values.locale, format: values.format, out: values.out };
  const strict = values.strict ?? false;

  const stopOnSignal = installSignalHandlers(io);
  try {
    switch (command) {
      case 'build':
        return await runBuild(options, strict, values.quiet ?? false, io);
      case 'check':
        return await runCheck(options, strict, reporter, io);
      default:
        return usage(io, `unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) return usage(io, error.message);
    if (error instanceof BriefingError) {
      printDiagnostics(error.diagnostics, io);
      return EXIT.failed;
    }
    io.err(`briefing: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.failed;
  } finally {
    stopOnSignal();
  }
}

async function runBuild(options: RunOptions, strict: boolean, quiet: boolean, io: Io): Promise<number> {
  const progress = quiet ? () => {} : (line: string) => io.err(`briefing: ${line}\n`);
  const result = await build(options, progress);
  printDiagnostics(result.diagnostics, io);
  const counts = countBySeverity(result.diagnostics);
  if (strict && counts.warning > 0) {
    io.err(`briefing: ${counts.warning} warning(s) with --strict: nothing published\n`);
    return EXIT.failed;
  }
  for (const file of result.files) {
    io.out(`${displayPath(file.path)}  ${formatBytes(file.bytes)}${file.pages ? `  ${file.pages} pages` : ''}\n`);
  }
  const pages = result.files.reduce((sum, f) => sum + (f.pages ?? 0), 0);
  io.out(`Wrote ${result.files.length} file(s)${pages ? `, ${pages} pages` : ''} in ${result.seconds.toFixed(2)} s${counts.warning ? `, ${counts.warning} warning(s)` : ''}.\n`);
  return EXIT.ok;
}

async function runCheck(options: RunOptions, strict: boolean, reporter: string, io: Io): Promise<number> {
  const config = await loadConfig(options);
  const { editions, diagnostics } = await checkEditions(config);
  const counts = countBySeverity(diagnostics);
  const failed = counts.error > 0 || (strict && counts.warning > 0);
  if (reporter === 'json') {
    io.out(`${JSON.stringify({ ok: !failed, counts, diagnostics: sortDiagnostics(diagnostics).map((d) => ({ ...d, file: displayPath(d.file) })), editions: editions.map((e) => ({ locale: e.locale, ...e.stats })) }, null, 2)}\n`);
  } else {
    printDiagnostics(diagnostics, io);
    for (const e of editions) {
      io.out(`${e.locale}: ${e.stats.chapters} chapters, ${e.stats.sections} sections, ${e.stats.callouts} callouts, ${e.stats.notes} notes (${e.stats.noteReferences} references)\n`);
    }
    io.out(`${counts.error} error(s), ${counts.warning} warning(s)\n`);
  }
  return failed ? EXIT.failed : EXIT.ok;
}

function printDiagnostics(list: Diagnostic[], io: Io): void {
  for (const d of sortDiagnostics(list)) io.err(`${formatDiagnostic(d)}\n`);
}

function usage(io: Io, message: string): number {
  io.err(`briefing: ${message}\nRun \`briefing --help\` for usage.\n`);
  return EXIT.usage;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.round(n / 1024)} kB`;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Ctrl-C or a CI cancel: kill Chromium, delete temp files, exit 130/143. Returns the uninstaller. */
function installSignalHandlers(io: Io): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    io.err(`briefing: ${signal}: stopping, previous output left as it was\n`);
    void (async () => {
      const print = await import('../print/index.js').catch(() => undefined);
      print?.killAllBrowsers();
      await removePendingFiles();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    })();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

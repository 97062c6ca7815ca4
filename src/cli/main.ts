// argv → command, options, help text, exit codes, signals. Commands live in cli/commands/.
import { parseArgs } from 'node:util';
import { BriefingError, UsageError } from '../messages.js';
import { briefingVersion } from '../environment.js';
import { removePendingFiles } from '../output/write.js';
import { trace } from '../trace.js';
import { MARKDOWN } from '../content/markdown-names.js';
import { EXIT, guardedIo, printDiagnostics, type Command, type Flags, type Io } from './io.js';

export { EXIT } from './io.js';

// Each command is loaded only when it runs: `check` should not pay for the dev server or pdf.js.
// `takes`: what a command's arguments are — one Markdown file that is a whole report, files, a folder
// to create, or nothing (an argument the CLI does not understand is a usage error, never ignored).
type Takes = 'report' | 'files' | 'folder' | 'nothing';
const COMMANDS: Record<string, { usage: string; takes: Takes; load: () => Promise<Command> }> = {
  new: {
    usage: 'new <dir>          write a small report to start from (briefing.yaml, two chapters, a note, a callout)',
    takes: 'folder',
    load: async () => (await import('./commands/new.js')).newCommand,
  },
  build: {
    usage: 'build [options]    build the PDF and HTML editions into the output folder',
    takes: 'report',
    load: async () => (await import('./commands/build.js')).buildCommand,
  },
  check: {
    takes: 'report',
    usage: 'check [options]    check the content (notes, callouts, headings) without a browser',
    load: async () => (await import('./commands/check.js')).checkCommand,
  },
  status: {
    takes: 'files',
    usage: 'status [options]   translation status per locale and file (--update <file>… records files)',
    load: async () => (await import('./commands/status.js')).statusCommand,
  },
  export: {
    takes: 'nothing',
    usage:
      'export --locale <l> [--format po|xliff|xliff12|tmx] [--out translations]   PO/XLIFF files for CAT tools (xliff12: XLIFF 1.2; tmx: memory; --format pot: templates)',
    load: async () => (await import('./commands/export.js')).exportCommand,
  },
  import: {
    takes: 'files',
    usage:
      "import <file|dir>…  filled PO/XLIFF files → the locale's Markdown, front matter and status record (TMX → its memory)",
    load: async () => (await import('./commands/import.js')).importCommand,
  },
  convert: {
    takes: 'files',
    usage:
      'convert <draft.docx> [--out content]   a Word file → a content folder that builds (--overwrite: replace edited files)',
    load: async () => (await import('./commands/convert.js')).convertCommand,
  },
  dev: {
    takes: 'report',
    usage: 'dev [options]      preview the web edition on localhost, rebuilt and reloaded on every change',
    load: async () => (await import('./commands/dev.js')).devCommand,
  },
  proof: {
    takes: 'nothing',
    usage: "proof [options]    contact sheet of the PDF's pages as spreads (<name>.proof.html beside it)",
    load: async () => (await import('./commands/proof.js')).proofCommand,
  },
};

const OPTIONS = {
  content: { type: 'string' },
  templates: { type: 'string' },
  locale: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  strict: { type: 'boolean' },
  'verify-text': { type: 'boolean' },
  'strict-stale': { type: 'boolean' },
  'strict-missing': { type: 'boolean' },
  overwrite: { type: 'boolean' },
  states: { type: 'string' },
  reporter: { type: 'string' },
  json: { type: 'boolean' },
  update: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  port: { type: 'string' },
  pdf: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

function help(): string {
  const commands = Object.values(COMMANDS)
    .map((c) => `  briefing ${c.usage}`)
    .join('\n');
  return `briefing — Markdown sources of a review → print-grade PDF and web editions

Usage:
${commands}
  briefing help               show this text

A single Markdown file is a whole report: \`briefing build report.md\` (also check, dev): its top
headings are its chapters.

Options:
  --content <dir>      content folder with briefing.yaml            (default: content)
  --templates <dir>    templates folder with layout.hbs             (default: templates, else the built-in ones)
  --locale <list>      locales, comma-separated, or "all"           (default: the source locale)
  --format <list>      pdf,html,docx                                (default: pdf,html)
  --out <dir>          output folder                                (default: output)
  --strict             treat warnings (and fallbacks) as errors
  --verify-text        (build) read the PDF back: a warning at each block whose words it lacks
  --strict-stale       (status) fail when a translation is stale or not recorded
  --strict-missing     (status) fail when a file or a block is not translated yet
  --overwrite          (import) replace finished translations with different text; (convert) replace edited files
  --states ignore      (import) XLIFF targets count as translated whatever their state (OmegaT)
  --reporter <name>    "text" or "json" (also --json)               (default: text)
  --port <n>           (dev) port on localhost, 0: any free one     (default: 4321)
  --pdf <file>         (proof) the PDF to proof                     (default: the built edition)
  -q, --quiet          no progress lines
  -h, --help           show this text
  -v, --version        show the version

Exit codes: 0 success, 1 content or build error (or warnings with --strict), 2 usage error.
Messages read  file:line:column severity message (fix) rule
`;
}

const defaultIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stderr.isTTY) && !process.env.CI,
};

export async function main(argv: string[], streams: Io = defaultIo): Promise<number> {
  const io = guardedIo(streams);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    return usage(io, (error as Error).message);
  }
  const flags = parsed.values as Flags;
  const [name, ...rest] = parsed.positionals;
  if (flags.version) {
    io.out(`${briefingVersion()}\n`);
    return EXIT.ok;
  }
  if (flags.help || name === undefined || name === 'help') {
    io.out(help());
    return EXIT.ok;
  }
  const entry = COMMANDS[name];
  if (!entry) return usage(io, `unknown command "${name}"`);
  if (flags.reporter !== undefined && flags.reporter !== 'text' && flags.reporter !== 'json') {
    return usage(io, `unknown reporter "${flags.reporter}" (use text or json)`);
  }
  const problem = argumentProblem(name, entry.takes, rest, flags);
  if (problem) return usage(io, problem);
  if (entry.takes === 'report' && rest[0] !== undefined) flags.report = rest[0];

  // Handlers first: a signal while the command's modules load must also end with 130/143.
  let stopOnSignal = installSignalHandlers(io);
  trace('signal handlers installed');
  const command = await entry.load();
  if (command.ownsSignals) {
    stopOnSignal();
    stopOnSignal = () => {};
  }
  try {
    return await command.run(flags, rest, io);
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

/** Why the arguments do not fit the command, if they do not. */
function argumentProblem(name: string, takes: Takes, args: string[], flags: Flags): string | undefined {
  if (takes === 'files') return undefined;
  if (takes === 'folder')
    return args.length === 1 ? undefined : `${name} takes one folder to create: briefing ${name} <dir>`;
  if (args.length === 0) return undefined;
  if (takes === 'nothing') return `${name} takes no argument "${args[0]}" (options start with --)`;
  if (args.length > 1) return `${name} takes one Markdown file, not ${args.length} arguments ("${args.join('", "')}")`;
  if (!MARKDOWN.test(args[0]!)) {
    return `${name} takes a Markdown file (report.md) or nothing, not "${args[0]}" (a content folder: --content ${args[0]})`;
  }
  if (flags.content !== undefined) return `${name}: give either a Markdown file or --content, not both`;
  return undefined;
}

function usage(io: Io, message: string): number {
  io.err(`briefing: ${message}\nRun \`briefing --help\` for usage.\n`);
  return EXIT.usage;
}

/** Ctrl-C or a CI cancel: kill Chromium, delete temp files, exit 130/143. Returns the uninstaller. */
function installSignalHandlers(io: Io): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    io.err(`briefing: ${signal}: stopping, previous output left as it was\n`);
    void (async () => {
      const chromium = await import('../print/chromium.js').catch(() => undefined);
      chromium?.killAllChromiums();
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

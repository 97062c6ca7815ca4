// Where the CLI writes: stdout for results, stderr for progress and diagnostics.
import { displayPath, formatDiagnostic, printable, sortDiagnostics, type Diagnostic } from '../messages.js';
import type { RunOptions } from '../config/config.js';
import { ruleById, ruleUrl } from '../rules.js';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Parsed flags shared by every command (each command reads what it needs). */
export interface Flags {
  content?: string;
  templates?: string;
  locale?: string;
  format?: string;
  out?: string;
  strict?: boolean;
  reporter?: string;
  json?: boolean;
  quiet?: boolean;
  [name: string]: string | boolean | undefined;
}

export interface Command {
  run(flags: Flags, positionals: string[], io: Io): Promise<number>;
  /** The command stops itself cleanly on SIGINT/SIGTERM (a server): main installs no handlers. */
  ownsSignals?: boolean;
}

export function runOptions(flags: Flags): RunOptions {
  return {
    content: flags.content,
    templates: flags.templates,
    locale: flags.locale,
    format: flags.format,
    out: flags.out,
    report: flags.report as string | undefined,
  };
}

export function printDiagnostics(list: Diagnostic[], io: Io): void {
  for (const d of sortDiagnostics(list)) io.err(`${formatDiagnostic(d)}\n`);
}

export function diagnosticsJson(list: Diagnostic[]): Array<Diagnostic> {
  return sortDiagnostics(list).map((d) => {
    const rule = ruleById(d.rule);
    return { ...d, file: displayPath(d.file), ...(rule ? { url: ruleUrl(rule) } : {}) };
  });
}

/**
 * The same streams, with what no message should carry escaped on the way out: control characters
 * other than the line ends the CLI writes (a name or a quoted text with ESC or a bidirectional
 * override), and a line that a CI runner would read as a workflow command (`::error::…`).
 */
export function guardedIo(io: Io): Io {
  const guard = (text: string) =>
    text
      .split('\n')
      .map((line) => printable(line).replace(/^(\s*)::/, '$1\\::'))
      .join('\n');
  return { ...io, out: (text) => io.out(guard(text)), err: (text) => io.err(guard(text)) };
}

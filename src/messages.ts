// One shape for every problem Briefing reports (content, config, templates, print), and one formatter.
// Content stages raise vfile messages on the node at fault; everything is collected here and printed
// by the CLI as `file:line:col severity message rule`, so editors and CI annotations can jump to it.
import path from 'node:path';
import { VFileMessage } from 'vfile-message';
import type { VFile } from 'vfile';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  file: string;
  line?: number;
  column?: number;
  severity: Severity;
  message: string;
  rule: string;
  /** How to fix it, in one sentence. */
  fix?: string;
  /** The rule's documentation (`docs/RULES.md#rule-id`); added from `rule` where a message is printed as JSON. */
  url?: string;
}

/** A failure that stops a command: carries the diagnostics that explain it. */
export class BriefingError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[] | Diagnostic) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    super(list.map(formatDiagnostic).join('\n'));
    this.name = 'BriefingError';
    this.diagnostics = list;
  }
}

/** A mistake in the command line itself (exit code 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function fail(diagnostic: Omit<Diagnostic, 'severity'>): never {
  throw new BriefingError({ ...diagnostic, severity: 'error' });
}

// Control characters (a newline, ESC, DEL, C1) and the bidirectional overrides that reorder what a
// terminal shows: in a file name or a quoted text they could start a new line (a forged message, or
// a GitHub workflow command such as `::error::` in a CI log) or repaint the terminal.
const UNPRINTABLE = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The text with every control character written as an escape (`\n`, `\u001b`): one printable line. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A path as messages show it: relative to the working folder when inside it, escaped, never starting with `::`. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  const shown = printable(rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file);
  return shown.startsWith(':') ? `.${path.sep}${shown}` : shown;
}

/** One line: `file:line:col severity message (fix) rule`, every part escaped (see printable). */
export function formatDiagnostic(d: Diagnostic): string {
  const where = [displayPath(d.file), d.line, d.line !== undefined ? (d.column ?? 1) : undefined]
    .filter((part) => part !== undefined)
    .join(':');
  const fix = d.fix ? ` (${printable(d.fix)})` : '';
  return `${where} ${d.severity} ${printable(d.message)}${fix} ${printable(d.rule)}`;
}

/** vfile messages → diagnostics; `fix` travels in VFileMessage#note. */
export function fromVFile(file: VFile): Diagnostic[] {
  return file.messages.map((m) => fromVFileMessage(m, file.path));
}

export function fromVFileMessage(m: VFileMessage, filePath: string): Diagnostic {
  return {
    file: m.file || filePath,
    line: m.line ?? undefined,
    column: m.column ?? undefined,
    severity: m.fatal === true ? 'error' : m.fatal === false ? 'warning' : 'info',
    message: m.reason,
    rule: [m.source, m.ruleId].filter(Boolean).join(':') || 'briefing',
    fix: m.note ?? undefined,
    ...(m.url ? { url: m.url } : {}),
  };
}

export function countBySeverity(list: Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of list) counts[d.severity] += 1;
  return counts;
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
}

/** Why a file could not be read, in words, and how to fix it (for EISDIR, ENOENT, EACCES…). */
export function describeReadError(error: unknown, brokenLink = false): { reason: string; fix: string } {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EISDIR':
      return {
        reason: 'it is a folder, not a file (EISDIR)',
        fix: 'replace the folder with a file of that name, or rename the folder',
      };
    case 'ENOENT':
      return brokenLink
        ? {
            reason: 'it is a symbolic link to a file that does not exist (ENOENT)',
            fix: 'point the link at an existing file, or replace it with the file itself',
          }
        : { reason: 'it does not exist (ENOENT)', fix: 'check the file name' };
    case 'EACCES':
    case 'EPERM':
      return { reason: `permission denied (${code})`, fix: 'make the file readable (chmod a+r)' };
    case 'ELOOP':
      return { reason: 'it is a loop of symbolic links (ELOOP)', fix: 'replace the link with the file itself' };
    default:
      return { reason: code ?? String(error), fix: 'check that the file exists and is readable' };
  }
}

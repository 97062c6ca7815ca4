// Containment: every file Briefing reads from the content or templates folder goes through here.
// A path must resolve inside its folder both as written (`../x`) and after following symbolic links
// (realpath), must be a regular file (a FIFO would hang the read, /dev/zero would never end), and
// must not be larger than the file-size limit. Anything else is a positioned error naming the file.
//
// FIFOs and devices are recognised with stat() and then opened with O_NONBLOCK, so a FIFO swapped in
// between the two calls still cannot block the process.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
  statSync,
  type Stats,
} from 'node:fs';
import path from 'node:path';
import { BriefingError, describeReadError, type Diagnostic } from './messages.js';
import { formatBytes, limits } from './limits.js';
import { RULES } from './rules.js';

/** A folder files must stay inside, with the words messages use for it. */
export interface Folder {
  root: string;
  /** "content folder", "templates folder". */
  name: string;
}

export type ProblemCode = 'outside' | 'link-outside' | 'missing' | 'not-regular' | 'too-large' | 'unreadable';

/** Why a path was refused: message and fix in the words every caller prints. */
export interface Problem {
  code: ProblemCode;
  message: string;
  rule: string;
  fix: string;
}

/** Found inside the folder: the path as given and where it really is (links followed). */
export interface Resolved {
  path: string;
  real: string;
  stats: Stats;
}

/** `target` is strictly below `root` (lexically: no `..` escape, not the root itself). */
export function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

function realOr(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
}

function notRegularFix(kind: 'file' | 'folder', stats: Stats): string {
  if (kind === 'folder') return 'replace it with a folder';
  if (stats.isDirectory()) return 'replace the folder with a file of that name, or rename the folder';
  return 'replace it with an ordinary file (Briefing reads only regular files)';
}

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a folder';
  return 'not a regular file';
}

/**
 * Resolve `target` (absolute, or relative to the folder's root) to an existing entry inside the folder,
 * following symbolic links only as far as they stay inside. `kind: 'folder'` asks for a directory.
 */
export function resolveInside(folder: Folder, target: string, kind: 'file' | 'folder' = 'file'): Resolved | Problem {
  const root = path.resolve(folder.root);
  const full = path.resolve(root, target);
  if (!isInside(root, full)) {
    return {
      code: 'outside',
      message: `"${target}" is outside the ${folder.name}`,
      rule: RULES.fileOutsideFolder.id,
      fix: `copy it into the ${folder.name} and use a path inside it`,
    };
  }
  let real: string;
  try {
    // The system's realpath(3): one call, where Node's own walks the path with an lstat a component.
    real = realpathSync.native(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const link = lstatOrUndefined(full)?.isSymbolicLink() ?? false;
    const { reason, fix } = describeReadError(error, link);
    return {
      code: code === 'ENOENT' ? 'missing' : 'unreadable',
      message: `cannot read file: ${reason}`,
      rule: RULES.fileUnreadable.id,
      fix,
    };
  }
  if (!isInside(realOr(root), real)) {
    return {
      code: 'link-outside',
      message: `is a symbolic link to ${kind === 'folder' ? 'a folder' : 'a file'} outside the ${folder.name} (${real})`,
      rule: RULES.fileOutsideFolder.id,
      fix: `copy the ${kind === 'folder' ? 'folder' : 'file'} into the ${folder.name} instead of linking to it`,
    };
  }
  // stat() never opens the file: safe on a FIFO.
  const stats = statSync(real);
  const wanted = kind === 'folder' ? stats.isDirectory() : stats.isFile();
  if (!wanted) {
    return {
      code: 'not-regular',
      message: `is ${kindOf(stats)}, not ${kind === 'folder' ? 'a folder' : 'a regular file'}`,
      rule: RULES.fileNotRegular.id,
      fix: notRegularFix(kind, stats),
    };
  }
  if (kind === 'file' && stats.size > limits().maxFileBytes) return tooLarge(folder, stats.size);
  return { path: full, real, stats };
}

export function isProblem(r: Resolved | Problem): r is Problem {
  return 'code' in r;
}

function tooLarge(folder: Folder, size: number | undefined, cap = limits().maxFileBytes): Problem {
  return {
    code: 'too-large',
    message: `${size === undefined ? 'is' : `is ${formatBytes(size)},`} larger than the ${formatBytes(cap)} limit for one file`,
    rule: RULES.fileTooLarge.id,
    fix: `split it into smaller files, or raise the limit (\`limits: { maxFileMB: … }\` in briefing.yaml, or BRIEFING_MAX_FILE_MB)`,
  };
}

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

/** The problem as an error diagnostic at `file` (callers may add a line and column). */
export function problemDiagnostic(
  file: string,
  problem: Problem,
  place: { line?: number; column?: number } = {},
): Diagnostic {
  return { file, ...place, severity: 'error', message: problem.message, rule: problem.rule, fix: problem.fix };
}

/**
 * Read a regular file inside the folder, at most the file-size limit, or throw a BriefingError naming it.
 * `onMissing` replaces the generic message for a file that does not exist (e.g. "edition.yaml not found").
 */
export function readInsideSync(
  folder: Folder,
  file: string,
  onMissing?: Omit<Diagnostic, 'file' | 'severity'>,
): Buffer {
  const found = resolveInside(folder, file);
  if (isProblem(found)) {
    if (found.code === 'missing' && onMissing) throw new BriefingError({ file, severity: 'error', ...onMissing });
    throw new BriefingError(problemDiagnostic(file, found));
  }
  return readRegular(folder, file, found.real);
}

/** The same, as a promise (reads are synchronous: a local file under the size limit). */
export function readInside(
  folder: Folder,
  file: string,
  onMissing?: Omit<Diagnostic, 'file' | 'severity'>,
): Promise<Buffer> {
  // A throw inside the executor rejects the promise.
  return new Promise((resolve) => resolve(readInsideSync(folder, file, onMissing)));
}

/** Read at most the limit + 1 byte through a non-blocking descriptor, checking again what was opened. */
function readRegular(folder: Folder, shown: string, real: string, cap = limits().maxFileBytes): Buffer {
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const { reason, fix } = describeReadError(error);
    throw new BriefingError({
      file: shown,
      severity: 'error',
      message: `cannot read file: ${reason}`,
      rule: RULES.fileUnreadable.id,
      fix,
    });
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      throw new BriefingError(
        problemDiagnostic(shown, {
          code: 'not-regular',
          message: `is ${kindOf(stats)}, not a regular file`,
          rule: RULES.fileNotRegular.id,
          fix: 'replace it with an ordinary file',
        }),
      );
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(stats.size - total + 1, 1 << 16), cap + 1 - total));
      if (chunk.length === 0) break;
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > cap) throw new BriefingError(problemDiagnostic(shown, tooLarge(folder, undefined, cap)));
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** A text file inside the folder as UTF-8, or undefined when it does not exist (other problems throw). */
export async function readTextIfPresent(folder: Folder, file: string): Promise<string | undefined> {
  const found = resolveInside(folder, file);
  if (isProblem(found) && found.code === 'missing') return undefined;
  return (await readInside(folder, file)).toString('utf8');
}

/**
 * A file the user named on the command line or that a command reads outside the content folder
 * (`proof --pdf`, a translation to import, a release input): a regular file (a FIFO, a device or a
 * folder is a positioned error, never a hang), at most `cap` bytes; undefined when it does not exist.
 * `fix` replaces the size problem's fix (the content-folder limit does not apply to every file).
 */
export function readUserFile(file: string, cap = limits().maxFileBytes, fix?: string): Buffer | undefined {
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    const { reason, fix: readFix } = describeReadError(error);
    throw new BriefingError({
      file,
      severity: 'error',
      message: `cannot read file: ${reason}`,
      rule: RULES.fileUnreadable.id,
      fix: readFix,
    });
  }
  const anywhere: Folder = { root: path.parse(path.resolve(file)).root, name: 'file system' };
  if (!stats.isFile())
    throw new BriefingError(
      problemDiagnostic(file, {
        code: 'not-regular',
        message: `is ${kindOf(stats)}, not a regular file`,
        rule: RULES.fileNotRegular.id,
        fix: notRegularFix('file', stats),
      }),
    );
  const big = (size: number | undefined) => {
    const problem = tooLarge(anywhere, size, cap);
    return new BriefingError(problemDiagnostic(file, fix ? { ...problem, fix } : problem));
  };
  if (stats.size > cap) throw big(stats.size);
  try {
    return readRegular(anywhere, file, file, cap);
  } catch (error) {
    if (error instanceof BriefingError && error.diagnostics[0]?.rule === RULES.fileTooLarge.id) throw big(undefined);
    throw error;
  }
}

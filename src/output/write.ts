// Write a run's files only when the whole run succeeded, all or nothing across every file of the run
// (manifest.json included), so a failed or interrupted build never leaves a half-written, mixed or
// clobbered output folder.
//
// A batch has four phases:
// 1. check every target: its folder can be made, the path is not a folder or another non-file, and no
//    two artifacts share a path. A problem here writes nothing at all.
// 2. write every temp file (`<file>.tmp-<pid>`). A signal or error here removes the temps.
// 3. commit: a journal (in the OS temp folder) lists each target and its backup; each existing target is
//    hard-linked to `<file>.bak-<pid>` (it stays in place), then the temp is renamed over it.
// 4. on success the backups and the journal go. On failure during 3, what was renamed is rolled back
//    from its backup (or removed when it is new), so the folder holds the whole previous build again.
// A signal during 3 lets the commit finish (a few renames). A run killed with SIGKILL during 3 leaves
// its journal: the next run rolls that commit back before anything else (recoverInterruptedCommits).
import { copyFile, link, lstat, mkdir, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { readRegularFile } from '../cache.js';
import { BriefingError, displayPath } from '../messages.js';
import { isPrivateFolder, privateDir } from '../private-dir.js';
import { RULES } from '../rules.js';

export interface Artifact {
  path: string;
  data: string | Uint8Array;
}

const pending = new Set<string>();
/** Batches in flight (normally zero or one). */
const active = new Set<Promise<void>>();
let stopping = false;

class Interrupted extends Error {}

interface Step {
  temp: string;
  final: string;
  /** Hard link (or copy) of the previous file, when there was one. */
  backup?: string;
  renamed: boolean;
}

const JOURNAL_PREFIX = 'briefing-commit-';

/**
 * Journals live in this user's private folder (src/private-dir.ts), never in the shared temp folder:
 * a journal planted there would make our next run delete or replace any file it lists.
 */
function journalDir(): string {
  const chosen = process.env.BRIEFING_JOURNAL_DIR;
  return chosen && isPrivateFolder(lstatOrUndefined(chosen)) ? chosen : privateDir();
}

function lstatOrUndefined(p: string) {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

export interface WriteOptions {
  /**
   * The folder the run writes into (`--out`, a locale's content folder): no folder between it and a
   * target may be a symbolic link, so a linked `output/en` cannot send files, or the clean-up of
   * stale temps, elsewhere. The folder itself may be a link (the user chose it).
   */
  root?: string;
}

export async function writeArtifacts(artifacts: Artifact[], options: WriteOptions = {}): Promise<void> {
  await recoverInterruptedCommits();
  const batch = writeBatch(artifacts, options);
  active.add(batch);
  try {
    await batch;
  } finally {
    active.delete(batch);
  }
}

/** Phase 1: refuse a batch that cannot be written whole, before anything is written. */
async function checkTargets(artifacts: Artifact[], root: string | undefined): Promise<void> {
  const finals = artifacts.map((a) => path.resolve(a.path));
  const twice = finals.find((final, i) => finals.indexOf(final) !== i);
  if (twice) throw new Error(`two outputs of one build share the path ${twice}`);
  if (root) finals.forEach((final) => refuseLinkedFolders(path.resolve(root), final));
  // Every target checked at once (a few file system calls each, in the thread pool).
  await settled(finals.map(checkTarget));
  // Only once no folder on the way is a link: the clean-up never deletes anything elsewhere.
  await removeStaleTemps(new Set(finals.map((final) => path.dirname(final))));
}

/** Every existing folder between `root` and the target is a real folder, not a link. */
function refuseLinkedFolders(root: string, final: string): void {
  const rel = path.relative(root, path.dirname(final));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return;
  let at = root;
  for (const part of rel.split(path.sep)) {
    at = path.join(at, part);
    const stats = lstatOrUndefined(at);
    if (!stats) return;
    if (stats.isSymbolicLink())
      throw new BriefingError({
        file: at,
        severity: 'error',
        message: `cannot write output: the folder is a symbolic link (to ${realOr(at)}); nothing was written`,
        rule: RULES.outputWrite.id,
        fix: `replace the link ${displayPath(at)} with a real folder, or pass another --out`,
      });
  }
}

function realOr(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return '?';
  }
}

async function checkTarget(final: string): Promise<void> {
  const existing = await lstat(final).catch(() => undefined);
  if (existing && !existing.isFile()) {
    const what = existing.isDirectory() ? 'a folder' : existing.isSymbolicLink() ? 'a symbolic link' : 'not a file';
    throw new BriefingError({
      file: final,
      severity: 'error',
      message: `cannot write output: the path is ${what}; nothing was written`,
      rule: RULES.outputWrite.id,
      fix: `remove or rename ${displayPath(final)}, or pass another --out`,
    });
  }
  try {
    await mkdir(path.dirname(final), { recursive: true });
  } catch (error) {
    throw new BriefingError({
      file: path.dirname(final),
      severity: 'error',
      message: `cannot write output: cannot make the folder (${(error as NodeJS.ErrnoException).code ?? String(error)}); nothing was written`,
      rule: RULES.outputWrite.id,
      fix: 'check that the output folder is writable and is not a file, or pass --out',
    });
  }
}

async function writeBatch(artifacts: Artifact[], options: WriteOptions): Promise<void> {
  const steps: Step[] = [];
  const checkpoint = () => {
    if (stopping) throw new Interrupted('interrupted');
  };
  let journal: string | undefined;
  try {
    checkpoint();
    await checkTargets(artifacts, options.root);
    checkpoint();
    for (const artifact of artifacts) {
      const final = path.resolve(artifact.path);
      const temp = `${final}.tmp-${process.pid}`;
      pending.add(temp);
      steps.push({ temp, final, renamed: false });
    }
    // Written side by side; every temp is listed in `steps` first, so a failure removes them all.
    // Each temp made afresh (a leftover of ours removed first), never written through a link.
    await settled(
      steps.map((step, i) => afresh(step.temp, (file) => writeFile(file, artifacts[i]!.data, { flag: 'wx' }))),
    );
    checkpoint();
    // Commit: from here on a signal waits for the renames instead of abandoning them.
    await settled(
      steps.map(async (step) => {
        step.backup = await backUp(step.final);
      }),
    );
    journal = path.join(
      journalDir(),
      `${JOURNAL_PREFIX}${process.pid}-${Date.now()}-${randomBytes(4).toString('hex')}.json`,
    );
    // Created exclusively (O_EXCL: never an existing file, never through a link), readable by us only.
    await writeFile(journal, JSON.stringify(steps.map(({ final, backup }) => ({ final, backup }))), {
      flag: 'wx',
      mode: 0o600,
    });
    for (const step of steps) {
      await rename(step.temp, step.final);
      step.renamed = true;
      pending.delete(step.temp);
    }
  } catch (error) {
    const committed = steps.some((s) => s.renamed);
    await rollBack(steps);
    if (journal) await rm(journal, { force: true });
    if (error instanceof Interrupted) {
      throw new BriefingError({
        file: artifacts[0]?.path ?? 'output',
        severity: 'error',
        message: 'interrupted: nothing was written',
        rule: RULES.outputInterrupted.id,
      });
    }
    if (error instanceof BriefingError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new BriefingError({
      file: (error as NodeJS.ErrnoException).path ?? artifacts[0]?.path ?? 'output',
      severity: 'error',
      message: `cannot write output: ${code ?? String(error)}; ${committed ? 'the previous output was restored' : 'nothing was written'}`,
      rule: RULES.outputWrite.id,
      fix:
        code === 'ENOSPC'
          ? 'free disk space and build again'
          : 'check that the output folder is writable, or pass --out',
    });
  }
  const backups = steps.flatMap((s) => (s.backup ? [s.backup] : []));
  await Promise.all(backups.map((b) => removeFile(b).then(() => pending.delete(b))));
  if (journal) await removeFile(journal);
}

/**
 * Make `file` with `make`, which fails when it exists (`wx`, `link`): a leftover of ours is removed
 * and it is made again. (Tried first: removing it first would cost each file two more calls.)
 */
async function afresh(file: string, make: (file: string) => Promise<void>): Promise<void> {
  try {
    await make(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    await removeFile(file);
    await make(file);
  }
}

/** Remove a file, if there is one: one call (`rm` with `force` looks at it first). */
async function removeFile(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Wait for every one (none is left running when the batch rolls back), then fail with the first
 * failure, if any.
 */
async function settled(work: Array<Promise<unknown>>): Promise<void> {
  const results = await Promise.allSettled(work);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** A second name for the current file (hard link; a copy where links are not allowed), or undefined. */
async function backUp(final: string): Promise<string | undefined> {
  const backup = `${final}.bak-${process.pid}`;
  try {
    await afresh(backup, (file) => link(final, file));
    pending.add(backup);
    return backup;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // (Never copied through a link left under that name.)
    await afresh(backup, (file) => copyFile(final, file, fsConstants.COPYFILE_EXCL));
    pending.add(backup);
    return backup;
  }
}

/** Undo a commit: renamed targets get their previous file back (or go, when new); temps and backups go. */
async function rollBack(steps: Step[]): Promise<void> {
  for (const step of steps) {
    if (step.renamed) {
      if (step.backup) await rename(step.backup, step.final).catch(() => undefined);
      else await unlink(step.final).catch(() => undefined);
    }
  }
  await Promise.all(
    steps
      .flatMap((s) => [s.temp, ...(s.backup ? [s.backup] : [])])
      .map((f) => rm(f, { force: true }).then(() => pending.delete(f))),
  );
}

/**
 * A run killed (SIGKILL, power cut) while committing left a journal: put every file it lists back as
 * it was (from its backup, or removed when it was new), so the output is the whole previous build.
 * Journals of live processes (another build running now) are left alone.
 */
export async function recoverInterruptedCommits(): Promise<string[]> {
  const dir = journalDir();
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.startsWith(JOURNAL_PREFIX));
  const restored: string[] = [];
  for (const name of names) {
    const pid = Number(/^briefing-commit-(\d+)-/.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    const file = path.join(dir, name);
    for (const { final, backup } of journalEntries(file, pid)) {
      if (backup && (await lstat(backup).catch(() => undefined))) await rename(backup, final).catch(() => undefined);
      else if (!backup) await unlink(final).catch(() => undefined);
      await rm(`${final}.tmp-${pid}`, { force: true });
      restored.push(final);
    }
    await rm(file, { force: true });
  }
  return restored;
}

/**
 * A journal's entries, read without following a link or blocking on a FIFO; none at all unless every
 * entry has the shape this module writes (an absolute target; its backup, if any, named
 * `<target>.bak-<pid>` of the dead run): a broken or forged journal restores nothing.
 */
function journalEntries(file: string, pid: number): Array<{ final: string; backup?: string }> {
  let data: unknown;
  try {
    data = JSON.parse(readRegularFile(file, 16 * 1024 * 1024)?.toString('utf8') ?? 'null');
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  const valid = data.every((entry: { final?: unknown; backup?: unknown } | null) => {
    if (typeof entry !== 'object' || entry === null || typeof entry.final !== 'string') return false;
    if (!path.isAbsolute(entry.final)) return false;
    return entry.backup === undefined || entry.backup === `${entry.final}.bak-${pid}`;
  });
  return valid ? (data as Array<{ final: string; backup?: string }>) : [];
}

/** Temp files and backups left in these folders by runs killed with SIGKILL (their pid is gone). */
async function removeStaleTemps(dirs: Set<string>): Promise<void> {
  for (const dir of dirs) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const pid = Number(/\.(?:tmp|bak)-(\d+)$/.exec(name)?.[1]);
      if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid))
        await rm(path.join(dir, name), { force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * On SIGINT/SIGTERM, before exiting: start no new batch, let a batch that is committing finish, abandon
 * one that is still writing temp files, and remove every temp file. The process is expected to exit.
 */
export async function removePendingFiles(): Promise<void> {
  stopping = true;
  await Promise.all([...active].map((batch) => batch.catch(() => undefined)));
  await Promise.all([...pending].map((temp) => rm(temp, { force: true })));
  pending.clear();
}

// Write a run's files only when the whole run succeeded, each one atomically (temp file + rename in
// the same folder), so a failed or interrupted build never leaves a half-written or clobbered file.
//
// A batch has two phases: write every temp file (`<file>.tmp-<pid>`), then rename them all. A signal
// during the first phase abandons the batch (temps removed, previous output untouched); during the
// second (a few milliseconds of renames) it lets the renames finish, so the output folder holds either
// the whole previous build or the whole new one (manifest included), never a mix.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BriefingError } from '../messages.js';
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

export async function writeArtifacts(artifacts: Artifact[]): Promise<void> {
  const batch = writeBatch(artifacts);
  active.add(batch);
  try {
    await batch;
  } finally {
    active.delete(batch);
  }
}

async function writeBatch(artifacts: Artifact[]): Promise<void> {
  const temps: Array<{ temp: string; final: string }> = [];
  const checkpoint = () => {
    if (stopping) throw new Interrupted('interrupted');
  };
  try {
    checkpoint();
    for (const artifact of artifacts) {
      await mkdir(path.dirname(artifact.path), { recursive: true });
      checkpoint();
      const temp = `${artifact.path}.tmp-${process.pid}`;
      pending.add(temp);
      temps.push({ temp, final: artifact.path });
      await writeFile(temp, artifact.data);
      checkpoint();
    }
    // Commit: from here on a signal waits for the renames instead of abandoning them.
    for (const { temp, final } of temps) {
      await rename(temp, final);
      pending.delete(temp);
    }
  } catch (error) {
    await Promise.all(temps.map(({ temp }) => rm(temp, { force: true }).then(() => pending.delete(temp))));
    if (error instanceof Interrupted) {
      throw new BriefingError({ file: artifacts[0]?.path ?? 'output', severity: 'error', message: 'interrupted: nothing was written', rule: RULES.outputInterrupted.id });
    }
    const code = (error as NodeJS.ErrnoException).code;
    throw new BriefingError({
      file: (error as NodeJS.ErrnoException).path ?? artifacts[0]?.path ?? 'output',
      severity: 'error',
      message: `cannot write output: ${code ?? String(error)}`,
      rule: RULES.outputWrite.id,
      fix: code === 'ENOSPC' ? 'free disk space and build again' : 'check that the output folder is writable, or pass --out',
    });
  }
}

/**
 * On SIGINT/SIGTERM, before exiting: start no new batch, let a batch that is renaming finish, abandon
 * one that is still writing temp files, and remove every temp file. The process is expected to exit.
 */
export async function removePendingFiles(): Promise<void> {
  stopping = true;
  await Promise.all([...active].map((batch) => batch.catch(() => undefined)));
  await Promise.all([...pending].map((temp) => rm(temp, { force: true })));
  pending.clear();
}

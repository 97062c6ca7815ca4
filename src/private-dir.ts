// Briefing's own folder in the OS temp folder, one per user: commit journals, Chromium profiles and
// the cache key live here, never directly in the shared temp folder, where another local user could
// plant a journal that makes our next build delete or replace our files, a link at a predictable
// name, or a profile folder that makes the sweep kill someone else's process.
//
// `<tmp>/briefing-<uid>` is used only when it is a real folder (not a link), owned by us, that nobody
// else can read or write (0700). Anything else there (another user made it first, a link) is left
// alone and this process uses a fresh private folder of its own (mkdtemp) instead: safe, but journals
// and profiles left there by a killed run are not found by the next one.
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const chosen = new Map<string, string>();

function uid(): number {
  return process.getuid?.() ?? -1;
}

/** Ours, a folder, not a link, closed to group and others. */
export function isPrivateFolder(stats: Stats | undefined): boolean {
  if (!stats || stats.isSymbolicLink() || !stats.isDirectory()) return false;
  if (process.platform === 'win32') return true;
  return stats.uid === uid() && (stats.mode & 0o077) === 0;
}

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

/** This user's private folder under `base` (the OS temp folder unless given), made 0700 if missing. */
export function privateDir(base = tmpdir()): string {
  const known = chosen.get(base);
  if (known && isPrivateFolder(lstatOrUndefined(known))) return known;
  const dir = path.join(base, `briefing-${uid() < 0 ? 'user' : uid()}`);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch {
    // exists already (checked below), or the temp folder is not writable (mkdtemp says so)
  }
  let stats = lstatOrUndefined(dir);
  // Ours but opened up (a umask, a chmod): closed again rather than abandoned.
  if (stats?.isDirectory() && !stats.isSymbolicLink() && stats.uid === uid() && (stats.mode & 0o077) !== 0) {
    chmodSync(dir, 0o700);
    stats = lstatOrUndefined(dir);
  }
  const result = isPrivateFolder(stats) ? dir : mkdtempSync(path.join(base, `briefing-${uid()}-`));
  chosen.set(base, result);
  return result;
}

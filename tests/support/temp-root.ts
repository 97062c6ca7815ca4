// Vitest global setup: every test run gets a temporary folder of its own, given to the test workers
// (and to the CLIs and Chromium they start) as TMPDIR, and removed when the run ends. Tests make a
// folder per case (fixtures copied, editions built); left in the shared temp folder they numbered
// ~400 a run and filled it (48,000 of them after a day's work).
//
// The folder is in memory where Linux offers it (/dev/shm) with room to spare: a unit run makes ~3,200
// files and folders (27 MB), and on this machine's disk, shared with other work, removing them took
// seconds. A container's small /dev/shm (64 MB by default) is passed over for the disk.
//
// Briefing's cache is kept between runs, as a user's is between builds (src/cache.ts): the run's
// private folder (private-dir.ts, under its TMPDIR) gets the tests' own cache key, and the cache
// folder is the tests' own (unless BRIEFING_CACHE_DIR is set). With a new key each run, nothing one
// run wrote was read by the next: each parsed the same files, compiled the same templates and read
// the same fonts again (unit CPU u+s 15.5 → 13.7 s kept), and its ~430 entries piled up unread.
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  constants,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statfsSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { privateDir } from '../../src/private-dir.js';

const MEMORY = '/dev/shm';
/** End-to-end tests print hundreds of PDFs. */
const ROOM = 4 * 1024 ** 3;
const KEPT = fileURLToPath(new URL('../../node_modules/.cache/briefing-tests/', import.meta.url));
/** Entries keyed by a case's temporary paths are never read again: past this many, start afresh. */
const MAX_ENTRIES = 3000;

function usableInMemory(): boolean {
  try {
    accessSync(MEMORY, constants.W_OK);
    const { bavail, bsize } = statfsSync(MEMORY);
    return statSync(MEMORY).isDirectory() && bavail * bsize >= ROOM;
  } catch {
    return false;
  }
}

/** The tests' cache key (made once, 0600), put where Briefing looks for it under the run's TMPDIR. */
function keepCacheKey(root: string): void {
  const key = path.join(KEPT, 'cache.key');
  mkdirSync(KEPT, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(key, randomBytes(32), { flag: 'wx', mode: 0o600 });
  } catch {
    // made by an earlier run
  }
  const copy = path.join(privateDir(root), 'cache.key');
  copyFileSync(key, copy);
  chmodSync(copy, 0o600);
}

/** The tests' cache folder, emptied when it holds more than MAX_ENTRIES. */
function keptCacheDir(): string {
  const dir = path.join(KEPT, 'mdast');
  let entries = 0;
  try {
    entries = readdirSync(dir).length;
  } catch {
    // not made yet
  }
  if (entries > MAX_ENTRIES) rmSync(dir, { recursive: true, force: true });
  return dir;
}

export default function setup(): () => void {
  // Vitest runs the global setup once for each project of the run: the first one made the folder.
  if (process.env.BRIEFING_TEST_TMP) return () => undefined;
  const root = mkdtempSync(path.join(usableInMemory() ? MEMORY : tmpdir(), 'briefing-tests-'));
  process.env.BRIEFING_TEST_TMP = root;
  process.env.TMPDIR = root;
  if (!process.env.BRIEFING_CACHE_DIR) {
    process.env.BRIEFING_CACHE_DIR = keptCacheDir();
    keepCacheKey(root);
  }
  return () => rmSync(root, { recursive: true, force: true });
}

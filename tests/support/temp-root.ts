// Vitest global setup: every test run gets a temporary folder of its own, given to the test workers
// (and to the CLIs and Chromium they start) as TMPDIR, and removed when the run ends. Tests make a
// folder per case (fixtures copied, editions built); left in the shared temp folder they numbered
// ~400 a run and filled it (48,000 of them after a day's work).
//
// The folder is in memory where Linux offers it (/dev/shm) with room to spare: a unit run makes ~3,200
// files and folders (27 MB), and on this machine's disk, shared with other work, removing them took
// seconds. A container's small /dev/shm (64 MB by default) is passed over for the disk.
//
// Briefing's cache folder is in it too (unless BRIEFING_CACHE_DIR is set): the cache key lives in
// the private folder under TMPDIR (private-dir.ts), so what one run wrote to node_modules/.cache no
// later run could read; ~430 files a run piled up there on disk (8,000 after a day).
import { accessSync, constants, mkdtempSync, rmSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const MEMORY = '/dev/shm';
/** End-to-end tests print hundreds of PDFs. */
const ROOM = 4 * 1024 ** 3;

function usableInMemory(): boolean {
  try {
    accessSync(MEMORY, constants.W_OK);
    const { bavail, bsize } = statfsSync(MEMORY);
    return statSync(MEMORY).isDirectory() && bavail * bsize >= ROOM;
  } catch {
    return false;
  }
}

export default function setup(): () => void {
  // Vitest runs the global setup once for each project of the run: the first one made the folder.
  if (process.env.BRIEFING_TEST_TMP) return () => undefined;
  const root = mkdtempSync(path.join(usableInMemory() ? MEMORY : tmpdir(), 'briefing-tests-'));
  process.env.BRIEFING_TEST_TMP = root;
  process.env.TMPDIR = root;
  process.env.BRIEFING_CACHE_DIR ??= path.join(root, 'cache');
  return () => rmSync(root, { recursive: true, force: true });
}

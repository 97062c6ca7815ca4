// Vitest global setup: every test run gets a temporary folder of its own, given to the test workers
// (and to the CLIs and Chromium they start) as TMPDIR, and removed when the run ends. Tests make a
// folder per case (fixtures copied, editions built); left in the shared temp folder they numbered
// ~400 a run and filled it (48,000 of them after a day's work).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(path.join(tmpdir(), 'briefing-tests-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}

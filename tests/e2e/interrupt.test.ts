// Ctrl-C and CI cancels: `briefing build` as a child process, interrupted while Chromium starts and
// while it prints. Exit 130/143, no Chromium process left from that run, no temp file in the output
// folder or in the run's TMPDIR (profile, Chromium's shared-memory files), previous output intact.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { BIN, runCli, STARTER, tempDir, tempLeftovers } from '../support/cli.js';

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] =
      `${createHash('sha256').update(readFileSync(file)).digest('hex')} ${statSync(file).mtimeMs}`;
  }
  return out;
}

/** Processes (pid, state) in a process group; zombies are dead, only not yet reaped. */
function liveInGroup(pgid: number): string[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,stat=,comm=', '-g', String(pgid)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !/^\d+\s+Z/.test(l));
  } catch {
    return []; // ps exits 1 when nothing matches
  }
}

function chromiumChild(ppid: number): number | undefined {
  try {
    const lines = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(ppid)], { encoding: 'utf8' }).split('\n');
    const line = lines.find((l) => /chrom/i.test(l));
    return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => T | undefined, timeout = 30_000): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(15);
  }
}

async function interruptBuild(signal: 'SIGINT' | 'SIGTERM', moment: 'browser-starting' | 'printing') {
  // The previous output: a different build (other dates), so a build that wrote anything would show.
  const out = tempDir('briefing-interrupt-out-');
  expect(
    runCli(['build', '--content', STARTER, '--out', out, '-q'], { env: { SOURCE_DATE_EPOCH: '1500000000' } }).code,
  ).toBe(0);
  const before = snapshot(out);

  const tmp = tempDir('briefing-interrupt-tmp-');
  const child = spawn(process.execPath, [BIN, 'build', '--content', STARTER, '--out', out], {
    env: { ...process.env, CI: 'true', TMPDIR: tmp, SOURCE_DATE_EPOCH: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, sig) => resolve({ code, signal: sig })),
  );

  const chromium = await until('Chromium to start', () => chromiumChild(child.pid!), 30_000);
  if (moment === 'printing') {
    await until('the pipeline to finish', () => stderr.includes(' chapters, '));
    await sleep(150);
  }
  const group = liveInGroup(chromium);
  expect(group.length).toBeGreaterThan(0);
  child.kill(signal);
  const result = await exited;

  return { result, stderr, chromium, out, before, tmp };
}

describe('an interrupted build', () => {
  for (const [signal, moment, code] of [
    ['SIGINT', 'printing', 130],
    ['SIGTERM', 'printing', 143],
    ['SIGTERM', 'browser-starting', 143],
    ['SIGINT', 'browser-starting', 130],
  ] as const) {
    it(`${signal} while ${moment.replace('-', ' ')}: exit ${code}, Chromium gone, no temp files, previous output intact`, async () => {
      const run = await interruptBuild(signal, moment);
      expect(run.result, run.stderr).toEqual({ code, signal: null });
      expect(run.stderr).toContain(`briefing: ${signal}: stopping, previous output left as it was`);
      // Chromium's whole process group (browser, zygotes, renderers) is dead.
      await until('Chromium to be gone', () => liveInGroup(run.chromium).length === 0, 5_000).catch(() => undefined);
      expect(liveInGroup(run.chromium)).toEqual([]);
      // No half-written file, no temp file; the previous build's files untouched, byte for byte.
      const files = readdirSync(run.out, { recursive: true }).map(String);
      expect(files.filter((f) => f.includes('.tmp-'))).toEqual([]);
      expect(snapshot(run.out)).toEqual(run.before);
      // Nothing left in the run's temp folder: no browser profile, no Chromium shared-memory file.
      expect(tempLeftovers(run.tmp)).toEqual([]);
    });
  }
});

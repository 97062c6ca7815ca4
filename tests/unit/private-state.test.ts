// Journals, Chromium profiles and the cache key live in this user's private folder
// (src/private-dir.ts), never in the shared temp folder; nothing planted there, and no linked output
// folder, can make a build delete, replace or write files elsewhere, or kill other processes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { formatDiagnostic, BriefingError } from '../../src/messages.js';
import { recoverInterruptedCommits, writeArtifacts } from '../../src/output/write.js';
import { removeLeftoverProfiles } from '../../src/print/chromium.js';
import { privateDir } from '../../src/private-dir.js';
import { runMain, STARTER, tempDir } from '../support/cli.js';

const savedTmp = process.env.TMPDIR;
let shared: string;
beforeEach(() => {
  // A temp folder other users can write to, as /tmp is.
  shared = tempDir('briefing-shared-tmp-');
  process.env.TMPDIR = shared;
  delete process.env.BRIEFING_JOURNAL_DIR;
});
afterEach(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
});

const deadPid = () => spawnSync('true').pid;

describe('commit journals', () => {
  it('a journal planted in the shared temp folder deletes and replaces nothing', async () => {
    const victim = path.join(tempDir(), '.bashrc');
    writeFileSync(victim, 'precious');
    const attacker = path.join(tempDir(), 'evil');
    writeFileSync(attacker, 'evil');
    const pid = deadPid();
    writeFileSync(path.join(shared, `briefing-commit-${pid}-1.json`), JSON.stringify([{ final: victim }]));
    writeFileSync(
      path.join(shared, `briefing-commit-${pid}-2.json`),
      JSON.stringify([{ final: victim, backup: attacker }]),
    );
    await recoverInterruptedCommits();
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(existsSync(attacker)).toBe(true);
  });

  it('a journal in our own folder restores only from backups named after their target', async () => {
    const victim = path.join(tempDir(), '.bashrc');
    writeFileSync(victim, 'precious');
    const attacker = path.join(tempDir(), 'evil');
    writeFileSync(attacker, 'evil');
    const pid = deadPid();
    writeFileSync(
      path.join(privateDir(), `briefing-commit-${pid}-1.json`),
      JSON.stringify([{ final: victim, backup: attacker }]),
    );
    await recoverInterruptedCommits();
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readdirSync(privateDir()).filter((n) => n.startsWith('briefing-commit-'))).toEqual([]);
  });

  it("a link planted at our private folder's name is not followed: a private folder of our own is used", () => {
    const attacker = tempDir();
    symlinkSync(attacker, path.join(shared, `briefing-${process.getuid!()}`));
    const dir = privateDir();
    expect(realpathSync(dir).startsWith(realpathSync(attacker))).toBe(false);
    expect(lstatSync(dir).isSymbolicLink()).toBe(false);
    expect(lstatSync(dir).mode & 0o077).toBe(0);
  });

  it('the journal of a build is written in the private folder, not the shared one', async () => {
    const out = tempDir();
    await writeArtifacts([{ path: path.join(out, 'a.txt'), data: 'a' }], { root: out });
    expect(readFileSync(path.join(out, 'a.txt'), 'utf8')).toBe('a');
    expect(readdirSync(shared).filter((n) => n.startsWith('briefing-commit-'))).toEqual([]);
  });
});

describe('Chromium profile sweep', () => {
  /**
   * A process with `arg` on its command line, started (exec'd: /proc shows its arguments) when this
   * resolves. Its `exit` resolves to the signal that ended it.
   */
  async function sleeper(arg: string) {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)', '--', arg], { stdio: 'ignore' });
    const exit = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise((resolve, reject) => child.once('spawn', resolve).once('error', reject));
    return Object.assign(child, { exit });
  }
  /**
   * The signal `child` dies of once we send SIGTERM: SIGTERM if the sweep left it running, else the
   * sweep's SIGKILL (the first fatal signal is the one a process dies of; the kernel drops later ones).
   * No waiting to see whether it stays alive.
   */
  const endedBy = (child: Awaited<ReturnType<typeof sleeper>>) => {
    child.kill('SIGTERM');
    return child.exit;
  };

  it('a briefing-chrome-* folder planted in the shared temp folder kills nothing', async () => {
    const folder = path.join(shared, 'briefing-chrome-planted');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'owner.pid'), String(deadPid()));
    const victim = await sleeper(`--user-data-dir=${path.join(folder, 'profile')}`);
    try {
      removeLeftoverProfiles();
      expect(await endedBy(victim)).toBe('SIGTERM');
      expect(existsSync(folder)).toBe(true);
    } finally {
      victim.kill('SIGKILL');
    }
  });

  it('in our own folder, only processes started with exactly that profile are killed', async () => {
    const folder = path.join(privateDir(), 'briefing-chrome-left');
    mkdirSync(folder, { mode: 0o700 });
    writeFileSync(path.join(folder, 'owner.pid'), String(deadPid()));
    const bystander = await sleeper(`${folder}/profile-notes`);
    const browser = await sleeper(`--user-data-dir=${path.join(folder, 'profile')}`);
    try {
      expect(removeLeftoverProfiles()).toEqual([folder]);
      expect(await endedBy(bystander)).toBe('SIGTERM');
      expect(await browser.exit).toBe('SIGKILL');
      expect(existsSync(folder)).toBe(false);
    } finally {
      bystander.kill('SIGKILL');
      browser.kill('SIGKILL');
    }
  });
});

describe('a linked locale folder in the output folder', () => {
  it('is refused before anything is written, and the temp clean-up deletes nothing there', async () => {
    const out = tempDir();
    const elsewhere = tempDir();
    const stale = path.join(elsewhere, `keep.tmp-${deadPid()}`);
    writeFileSync(stale, 'not ours');
    symlinkSync(elsewhere, path.join(out, 'en'));
    const run = await runMain(['build', '--content', STARTER, '--out', out, '--format', 'html', '--locale', 'en']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${path.join(out, 'en')} error cannot write output: the folder is a symbolic link (to ${realpathSync(elsewhere)}); nothing was written (replace the link`,
    );
    expect(readdirSync(elsewhere)).toEqual([path.basename(stale)]);
    expect(existsSync(path.join(out, 'manifest.json'))).toBe(false);
    // The same through the writer directly.
    const error = await writeArtifacts([{ path: path.join(out, 'en', 'x.html'), data: 'x' }], { root: out }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BriefingError);
    expect((error as BriefingError).diagnostics.map(formatDiagnostic).join('\n')).toContain('output:write');
  });
});

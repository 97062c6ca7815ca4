// Issue 18 at the command line: the dev server survives hostile requests and answers only localhost,
// a busy port is a one-line error, an empty --locale/--format selection is a usage error that writes
// nothing, and SIGTERM/SIGINT stop a long check or build promptly with 143/130, writing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { BIN, copyFixture, ROOT, runCli, STARTER, tempDir } from '../support/cli.js';

/** One raw HTTP/1.1 exchange (what fetch() would refuse to send), the status line back. */
function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    let data = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (data += chunk));
    socket.on('close', () => resolve(data.split('\r\n')[0] ?? ''));
    socket.on('error', () => resolve(data.split('\r\n')[0] ?? ''));
    setTimeout(() => socket.destroy(), 3000);
  });
}

function started(child: ChildProcess): Promise<string> {
  let stdout = '';
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (t: string) => {
      stdout += t;
      const url = /at (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url) resolve(url);
    });
    child.once('exit', () => reject(new Error(`dev exited early: ${stdout}`)));
  });
}

describe('briefing dev under hostile requests', () => {
  let child: ChildProcess;
  let port: number;
  let stderr = '';

  beforeAll(async () => {
    child = spawn(process.execPath, [BIN, 'dev', '--port', '0', '--content', copyFixture(STARTER)], {
      cwd: ROOT,
      env: { ...process.env, CI: 'true' },
    });
    child.stderr!.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    port = Number(new URL(await started(child)).port);
  }, 60_000);

  afterAll(() => {
    child.kill('SIGTERM');
  });

  it('crafted request targets get 400 and the server lives on', async () => {
    for (const target of ['http://x:99999/', 'http://[::1/', 'http://%zz/', '//', 'http://a:b@:0/']) {
      const status = await rawRequest(
        port,
        `GET ${target} HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`,
      );
      expect(status, target).toMatch(/^HTTP\/1\.1 (400|404|200)/);
    }
    expect(await rawRequest(port, 'BREW /\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(child.exitCode).toBeNull();
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
    expect(stderr).not.toContain('internal error');
  });

  it('only localhost hosts are answered (DNS rebinding)', async () => {
    const ask = (host: string) => rawRequest(port, `GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    expect(await ask('evil.example')).toMatch(/^HTTP\/1\.1 421/);
    expect(await ask(`evil.example:${port}`)).toMatch(/^HTTP\/1\.1 421/);
    expect(await ask('127.0.0.1.evil.example')).toMatch(/^HTTP\/1\.1 421/);
    expect(await ask(`localhost:${port}`)).toMatch(/^HTTP\/1\.1 200/);
    expect(await ask(`127.0.0.1:${port}`)).toMatch(/^HTTP\/1\.1 200/);
  });

  it('a second dev on the same port: one line, exit 1, no hang', () => {
    const run = runCli(['dev', '--port', String(port), '--content', copyFixture(STARTER), '-q']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      `127.0.0.1:${port} error port ${port} is busy (another program, or another briefing dev, listens on it) (pass another port with --port <n>, or --port 0 for any free one) dev:listen`,
    ]);
  });
});

describe('empty selections are usage errors', () => {
  it.each([
    ['--locale', ','],
    ['--format', ','],
    ['--locale', ''],
  ])('%s "%s": exit 2, nothing written', (flag, value) => {
    const out = tempDir();
    mkdirSync(path.join(out, 'output'));
    writeFileSync(path.join(out, 'output', 'manifest.json'), 'previous');
    const run = runCli(['build', '--content', STARTER, '--out', path.join(out, 'output'), flag, value]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^briefing: ${flag} "${value}" names no (locale|format)`));
    expect(readFileSync(path.join(out, 'output', 'manifest.json'), 'utf8')).toBe('previous');
    expect(readdirSync(path.join(out, 'output'))).toEqual(['manifest.json']);
  });
});

describe('signals during a long run', () => {
  let content: string;
  beforeAll(() => {
    content = copyFixture(STARTER);
    const paragraph = 'The review of the national mechanism and the public control system. '.repeat(12);
    for (let i = 10; i < 70; i++) {
      writeFileSync(
        path.join(content, 'en', `${i}-chapter-${i}.md`),
        `# Chapter ${i}\n\n${Array.from({ length: 120 }, () => paragraph).join('\n\n')}\n`,
      );
    }
  });

  /** Start a run, send the signal `after` ms once its handlers are in place (BRIEFING_TRACE says when). */
  const interrupt = (args: string[], signal: NodeJS.Signals, after: number) =>
    new Promise<{ code: number | null; ms: number; stderr: string; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        cwd: ROOT,
        env: { ...process.env, BRIEFING_CACHE_DIR: 'off', BRIEFING_TRACE: '1', CI: 'true' },
      });
      let stderr = '';
      let stdout = '';
      let sent = 0;
      child.stderr.setEncoding('utf8').on('data', (t: string) => {
        stderr += t;
        if (!sent && stderr.includes('signal handlers installed')) {
          sent = -1;
          setTimeout(() => {
            sent = Date.now();
            child.kill(signal);
          }, after);
        }
      });
      child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
      child.once('exit', (code) => resolve({ code, ms: Date.now() - sent, stderr, stdout }));
    });

  it('SIGTERM during check: exit 143 promptly, no summary', async () => {
    const run = await interrupt(['check', '--content', content], 'SIGTERM', 200);
    expect(run.code).toBe(143);
    expect(run.stderr).toContain('briefing: SIGTERM: stopping');
    expect(run.stdout).toBe('');
    // Within about a second on an idle machine (one file's work); the bound is loose for a shared, loaded CI.
    expect(run.ms).toBeLessThan(5000);
  });

  it('SIGINT during a build: exit 130 promptly, the output folder untouched', async () => {
    const out = path.join(tempDir(), 'output');
    mkdirSync(out);
    writeFileSync(path.join(out, 'manifest.json'), 'previous');
    const run = await interrupt(['build', '--content', content, '--out', out], 'SIGINT', 1500);
    expect(run.code).toBe(130);
    expect(run.ms).toBeLessThan(5000);
    expect(readdirSync(out)).toEqual(['manifest.json']);
    expect(readFileSync(path.join(out, 'manifest.json'), 'utf8')).toBe('previous');
  });
});

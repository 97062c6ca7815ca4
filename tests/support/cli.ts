// Run the compiled CLI as a user would (a real process, real exit code, real stdout/stderr).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, cpSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(ROOT, 'bin', 'briefing.js');
export const STARTER = path.join(ROOT, 'tests', 'fixtures', 'starter');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, CI: 'true', ...options.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Run the CLI in this process through `main(argv, io)`: the same output and exit code as `runCli`
 * without starting Node (0.3–2 s a call). For unit tests; end-to-end tests spawn the real binary.
 */
export async function runMain(args: string[]): Promise<CliResult> {
  const { main } = await import('../../src/cli/main.js');
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    isTTY: false,
  });
  return { code, stdout, stderr };
}

export function tempDir(prefix = 'briefing-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** The built-in templates copied, a theme fixture's files (tests/fixtures/themes/<fixture>) over them. */
export function templatesWith(fixture?: string): string {
  const dir = path.join(tempDir('briefing-templates-'), 'templates');
  cpSync(path.join(ROOT, 'templates'), dir, { recursive: true });
  if (fixture) cpSync(path.join(ROOT, 'tests', 'fixtures', 'themes', fixture), dir, { recursive: true });
  return dir;
}

/** A cold build of the review's English PDF with these templates and `env` (traced, no cache, a fixed date). */
export function coldReview(templates: string, env: NodeJS.ProcessEnv): { pdf: Buffer; stderr: string } {
  const out = path.join(tempDir('briefing-cold-review-'), 'out');
  const run = runCli(
    ['build', '--content', path.join(ROOT, 'content'), '--templates', templates, '--out', out, '--locale', 'en'],
    { env: { BRIEFING_TRACE: '1', BRIEFING_CACHE_DIR: 'off', SOURCE_DATE_EPOCH: '1700000000', ...env } },
  );
  if (run.code !== 0) throw new Error(`the build failed (${run.code}): ${run.stderr}`);
  return { pdf: readFileSync(path.join(out, 'en', 'hr-review-2022.en.pdf')), stderr: run.stderr };
}

/** A private copy of a fixture folder, safe to break. */
export function copyFixture(from: string): string {
  const dir = path.join(tempDir(), 'content');
  cpSync(from, dir, { recursive: true });
  return dir;
}

/**
 * What a run left in its TMPDIR, looking inside Briefing's private folder (`briefing-<uid>`, kept
 * across runs: src/private-dir.ts), where only the cache key may stay; [] when nothing else is left.
 */
export function tempLeftovers(tmp: string): string[] {
  const own = `briefing-${process.getuid?.() ?? 'user'}`;
  return readdirSync(tmp).flatMap((name) =>
    name === own
      ? readdirSync(path.join(tmp, name))
          .filter((inner) => inner !== 'cache.key')
          .map((inner) => `${name}/${inner}`)
      : [name],
  );
}

/** sha256 of every file under `dir`, by relative path (to prove "nothing written"). */
export function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const p = path.join(e.parentPath, e.name);
        return [path.relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex')];
      }),
  );
}

// End to end: an edition's files parsed on two threads (src/pipeline/parse-ahead.ts, the worker as the
// compiled CLI ships it) give the same messages, at the same file, line and column, and the same
// HTML as one thread; a warm build leaves the worker unstarted.
import { beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, runCli, tempDir, type CliResult } from '../support/cli.js';

const WORKER = /^trace .* (\d+) of (\d+) files parsed in the worker$/gm;
const withoutTrace = (text: string) => text.replace(/^trace .*\n/gm, '');
const parsedInWorker = (run: CliResult) => [...run.stderr.matchAll(WORKER)].map((m) => Number(m[1]));

describe('an edition parsed on two threads', () => {
  let dir: string;
  let content: string;
  let broken: string;
  const checks: Record<string, CliResult> = {};
  const builds: Record<string, CliResult> = {};
  const html = (name: string) => readFileSync(path.join(dir, name, 'en', 'hr-review-2022.en.html'), 'utf8');
  const cli = (args: string[], threads: string, cache = 'off') =>
    runCli(args, { env: { BRIEFING_PARSE_THREADS: threads, BRIEFING_CACHE_DIR: cache, BRIEFING_TRACE: '1' } });

  beforeAll(() => {
    dir = tempDir();
    // The review with a warning in its last section (the worker parses from the last file), and a
    // copy that also has an error there.
    content = path.join(dir, 'content');
    cpSync(path.join(ROOT, 'content'), content, { recursive: true });
    const last = path.join('en', '07-protection-and-promotion', '14-environment.md');
    appendFileSync(path.join(content, last), '\nText with [an unclosed note ^[ here.\n');
    broken = path.join(dir, 'broken');
    cpSync(content, broken, { recursive: true });
    appendFileSync(path.join(broken, last), '\nA link to [nowhere](#no-such-place).\n');
    for (const threads of ['1', '2']) {
      checks[threads] = cli(['check', '--content', broken, '--locale', 'all'], threads);
      builds[threads] = cli(
        ['build', '--content', content, '--out', path.join(dir, threads), '--format', 'html', '-q'],
        threads,
      );
    }
    const cache = path.join(dir, 'cache');
    builds.cold = cli(
      ['build', '--content', content, '--out', path.join(dir, 'cold'), '--format', 'html', '-q'],
      '2',
      cache,
    );
    builds.warm = cli(
      ['build', '--content', content, '--out', path.join(dir, 'warm'), '--format', 'html', '-q'],
      '2',
      cache,
    );
  });

  it('parses part of each locale’s files in the worker, and none with BRIEFING_PARSE_THREADS=1', () => {
    expect(parsedInWorker(checks['2']!)).toHaveLength(3); // en, kk, ru (their sources too)
    expect(parsedInWorker(checks['2']!).every((n) => n > 0)).toBe(true);
    expect(parsedInWorker(builds['2']!)).toHaveLength(1);
    expect(parsedInWorker(checks['1']!)).toEqual([]);
    expect(parsedInWorker(builds['1']!)).toEqual([]);
  });

  it('reports each message at the same file, line and column as one thread does', () => {
    expect(checks['2']!.code).toBe(1);
    const messages = withoutTrace(checks['2']!.stdout + checks['2']!.stderr);
    expect(messages).toMatch(/14-environment\.md:47:29 warning an inline note `\^\[` that is never closed/);
    expect(messages).toMatch(/14-environment\.md:49:11 error dead link: no heading or anchor "#no-such-place"/);
    expect(messages).toBe(withoutTrace(checks['1']!.stdout + checks['1']!.stderr));
  });

  it('builds the same HTML as one thread does', () => {
    expect(builds['2']!.code).toBe(0);
    expect(builds['1']!.code).toBe(0);
    expect(html('2')).toBe(html('1'));
    expect(withoutTrace(builds['2']!.stderr)).toBe(withoutTrace(builds['1']!.stderr));
  });

  it('starts no worker for a warm build, whose HTML is the same', () => {
    expect(parsedInWorker(builds.cold!)).toHaveLength(1);
    expect(builds.warm!.code).toBe(0);
    expect(builds.warm!.stderr).not.toMatch(/files parsed in the worker/);
    expect(html('warm')).toBe(html('1'));
    expect(html('cold')).toBe(html('1'));
  });
});

// The running heads' print kept (src/print/heads-cache.ts): a rebuild that needs the same heads on
// the same print head stamps on those the last build printed, and prints none. The PDF is the same,
// byte for byte, as a build without any cache; heads that changed (a chapter renamed), a page head
// that changed (another page size) or a broken file print them again.
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, runCli, tempDir, type CliResult } from '../support/cli.js';

const KEPT = /running heads drawn \(as the last build printed them\)/;
const PRINTED = /running heads drawn \(printed (ahead|after)\)/;

describe('the running heads of the last build', () => {
  const dir = tempDir('briefing-heads-cache-');
  const content = path.join(dir, 'content');
  const templates = path.join(dir, 'templates');
  const cache = path.join(dir, 'cache');
  const out = path.join(dir, 'out');
  const pdf = (where = out) => readFileSync(path.join(where, 'en', 'layout-2024.en.pdf'));
  const build = (cacheDir = cache, to = out): CliResult => {
    const run = runCli(
      ['build', '--content', content, '--templates', templates, '--out', to, '--format', 'pdf', '--locale', 'en'],
      { env: { SOURCE_DATE_EPOCH: '1700000000', BRIEFING_CACHE_DIR: cacheDir, BRIEFING_TRACE: '1' } },
    );
    expect(run.code, run.stderr).toBe(0);
    return run;
  };
  const fresh = () => {
    const to = path.join(tempDir('briefing-heads-fresh-'), 'out');
    build('off', to);
    return pdf(to);
  };
  let first: CliResult;

  beforeAll(() => {
    // The layout fixture: chapters long enough to have pages with running heads.
    cpSync(path.join(ROOT, 'tests', 'fixtures', 'layout'), content, { recursive: true });
    cpSync(path.join(ROOT, 'templates'), templates, { recursive: true });
    first = build();
  });

  it('a rebuild stamps on the heads the last build printed, and gives the bytes of a build without cache', () => {
    expect(first.stderr).toMatch(PRINTED);
    const again = build();
    expect(again.stderr).toMatch(KEPT);
    expect(pdf().equals(fresh())).toBe(true);
  });

  it('a chapter renamed (other heads) prints them again', () => {
    const chapter = path.join(content, 'en', '02-tables.md');
    writeFileSync(chapter, readFileSync(chapter, 'utf8').replace(/^# .*$/m, '# Tables of every kind, renamed'));
    const run = build();
    expect(run.stderr).toMatch(PRINTED);
    expect(run.stderr).not.toMatch(KEPT);
    expect(pdf().equals(fresh())).toBe(true);
    expect(build().stderr).toMatch(KEPT);
  });

  it('another page size (another print head) prints them again', () => {
    const theme = path.join(templates, 'theme.yaml');
    writeFileSync(theme, readFileSync(theme, 'utf8').replace(/size: A4/, 'size: A5'));
    const run = build();
    expect(run.stderr).toMatch(PRINTED);
    expect(pdf().equals(fresh())).toBe(true);
  });

  it('a broken cache file prints them again, the same bytes', () => {
    const name = readdirSync(cache).find((n) => n.startsWith('running-heads-'))!;
    writeFileSync(path.join(cache, name), '{"key": "');
    const run = build();
    expect(run.stderr).toMatch(PRINTED);
    expect(pdf().equals(fresh())).toBe(true);
  });
});

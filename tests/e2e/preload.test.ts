// The print page's head loaded ahead of time (src/print/page.ts): a guess that may cost time and
// must never change a page. Without one, the head is loaded first and the body after it, which must
// print what the whole document loaded at once prints (BRIEFING_HEAD_FIRST=0). Printed for real on a report other than the review (the layout stress
// fixture: PNG and SVG figures, wide tables, boxes) and on another page size (A5, facing pages).
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, runCli, tempDir, type CliResult } from '../support/cli.js';

const LAYOUT = path.join(ROOT, 'tests', 'fixtures', 'layout');
const PDF = path.join('en', 'layout-2024.en.pdf');

function build(content: string, templates: string, out: string, cache: string, headFirst = true): CliResult {
  const run = runCli(['build', '--content', content, '--templates', templates, '--out', out, '--format', 'pdf'], {
    env: { BRIEFING_TRACE: '1', BRIEFING_CACHE_DIR: cache, BRIEFING_HEAD_FIRST: headFirst ? '1' : '0' },
  });
  expect(run.code, run.stderr).toBe(0);
  return run;
}

// (A rebuild of the same HTML puts in the body the last build prepared: only ever after the head.)
const preloaded = (run: CliResult) =>
  /loaded, fonts ready \(head loaded ahead of time\)|loaded as the last build of this HTML prepared it/.test(
    run.stderr,
  );
const whole = (run: CliResult) => /loaded, fonts ready \(whole document\)/.test(run.stderr);
const headFirst = (run: CliResult) => /loaded, fonts ready \(head first\)/.test(run.stderr);

describe('the head loaded ahead of time', () => {
  let templates: string;
  let cache: string;
  let out: string;
  let first: CliResult;
  let second: CliResult;

  beforeAll(() => {
    const dir = tempDir();
    templates = path.join(dir, 'templates');
    cpSync(path.join(ROOT, 'templates'), templates, { recursive: true });
    cache = path.join(dir, 'cache');
    out = path.join(dir, 'out');
    first = build(LAYOUT, templates, out, cache);
    second = build(LAYOUT, templates, out, cache);
  });

  it('is used by a rebuild, and the PDF is byte for byte the one a whole-document load prints', () => {
    expect(headFirst(first)).toBe(true);
    expect(preloaded(second)).toBe(true);
    expect(second.stderr).toMatch(/head loaded ahead of time\n/);
    const fresh = path.join(tempDir(), 'out');
    expect(whole(build(LAYOUT, templates, fresh, 'off', false))).toBe(true);
    const pdf = readFileSync(path.join(out, PDF));
    expect(pdf.equals(readFileSync(path.join(fresh, PDF)))).toBe(true);
  });

  it('is loaded first, then the body, in a first build: the PDF a whole-document load prints', () => {
    const [headed, loadedWhole] = [true, false].map((first) => {
      const dir = path.join(tempDir(), 'out');
      const run = build(LAYOUT, templates, dir, 'off', first);
      expect(first ? headFirst(run) : whole(run)).toBe(true);
      // A first build loads a head made from the templates alone ahead (its faces and styles, not the
      // edition's head), then the edition's; the whole-document load, nothing ahead.
      expect(/head loaded ahead of time\n/.test(run.stderr)).toBe(first);
      return readFileSync(path.join(dir, PDF));
    });
    expect(headed!.equals(loadedWhole!)).toBe(true);
  });

  it('is not used when the head changed (another page size and accent): the new head is loaded first', () => {
    const theme = path.join(templates, 'theme.yaml');
    writeFileSync(
      theme,
      readFileSync(theme, 'utf8')
        .replace(/size: A4/, 'size: A5')
        .replace(/facing: false/, 'facing: true'),
    );
    const before = readFileSync(path.join(out, PDF));
    const changed = build(LAYOUT, templates, out, cache);
    expect(headFirst(changed)).toBe(true);
    const again = build(LAYOUT, templates, out, cache);
    expect(preloaded(again)).toBe(true);
    const fresh = path.join(tempDir(), 'out');
    build(LAYOUT, templates, fresh, 'off');
    const pdf = readFileSync(path.join(out, PDF));
    expect(pdf.equals(before)).toBe(false);
    expect(pdf.equals(readFileSync(path.join(fresh, PDF)))).toBe(true);
  });
});

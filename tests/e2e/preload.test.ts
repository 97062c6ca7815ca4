// The print page's head loaded ahead of time (src/print/page.ts): a guess that may cost time and
// must never change a page. Printed for real on a report other than the review (the layout stress
// fixture: PNG and SVG figures, wide tables, boxes) and on another page size (A5, facing pages).
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, runCli, tempDir, type CliResult } from '../support/cli.js';

const LAYOUT = path.join(ROOT, 'tests', 'fixtures', 'layout');
const PDF = path.join('en', 'layout-2024.en.pdf');

function build(content: string, templates: string, out: string, cache: string): CliResult {
  const run = runCli(['build', '--content', content, '--templates', templates, '--out', out, '--format', 'pdf'], {
    env: { BRIEFING_TRACE: '1', BRIEFING_CACHE_DIR: cache },
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
    expect(whole(first)).toBe(true);
    expect(preloaded(second)).toBe(true);
    expect(second.stderr).toMatch(/head loaded ahead of time\n/);
    const fresh = path.join(tempDir(), 'out');
    build(LAYOUT, templates, fresh, 'off');
    const pdf = readFileSync(path.join(out, PDF));
    expect(pdf.equals(readFileSync(path.join(fresh, PDF)))).toBe(true);
  });

  it('is not used when the head changed (another page size and accent): the whole document is loaded', () => {
    const theme = path.join(templates, 'theme.yaml');
    writeFileSync(
      theme,
      readFileSync(theme, 'utf8')
        .replace(/size: A4/, 'size: A5')
        .replace(/facing: false/, 'facing: true'),
    );
    const before = readFileSync(path.join(out, PDF));
    const changed = build(LAYOUT, templates, out, cache);
    expect(whole(changed)).toBe(true);
    const again = build(LAYOUT, templates, out, cache);
    expect(preloaded(again)).toBe(true);
    const fresh = path.join(tempDir(), 'out');
    build(LAYOUT, templates, fresh, 'off');
    const pdf = readFileSync(path.join(out, PDF));
    expect(pdf.equals(before)).toBe(false);
    expect(pdf.equals(readFileSync(path.join(fresh, PDF)))).toBe(true);
  });
});

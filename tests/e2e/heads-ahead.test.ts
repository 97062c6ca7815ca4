// Running heads printed ahead (src/print/pdf.ts): on a rebuild Chromium prints the heads from the
// page numbers it was given while Node reads the PDF, and they are used only if the final pages need
// exactly those heads. A guess that may cost time and must never change a page: checked on a report
// other than the review (the layout fixture) in the US Letter theme, whose chapters open on
// right-hand pages (blank pages inserted), with every part of the guess made wrong in turn.
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, runCli, tempDir, type CliResult } from '../support/cli.js';

const LAYOUT = path.join(ROOT, 'tests', 'fixtures', 'layout');
const PDF = path.join('en', 'layout-2024.en.pdf');
const NUMBERS = path.join('en', '.layout-2024.en.pages.json');

function build(templates: string, out: string, env: NodeJS.ProcessEnv = {}): CliResult {
  const run = runCli(['build', '--content', LAYOUT, '--templates', templates, '--out', out, '--format', 'pdf'], {
    env: { BRIEFING_TRACE: '1', BRIEFING_CACHE_DIR: 'off', ...env },
  });
  expect(run.code, run.stderr).toBe(0);
  return run;
}

const heads = (run: CliResult) => /running heads drawn \(printed (ahead|after)\)/.exec(run.stderr)?.[1];
const passes = (run: CliResult) => [...run.stderr.matchAll(/pass (\d) printed/g)].map((m) => Number(m[1]));

describe('running heads printed ahead on a rebuild (Letter, chapters on right-hand pages)', () => {
  let templates: string;
  let out: string;
  let cold: CliResult;
  let reference: Buffer;
  let cache: Record<string, number>;

  /** Rebuild with the page-number cache changed by `edit`; the PDF must be the cold build's. */
  function rebuildWith(edit: (numbers: Record<string, number>) => void): CliResult {
    const numbers = { ...cache };
    edit(numbers);
    writeFileSync(path.join(out, NUMBERS), JSON.stringify(numbers));
    const run = build(templates, out);
    expect(readFileSync(path.join(out, PDF)).equals(reference)).toBe(true);
    return run;
  }

  beforeAll(() => {
    const dir = tempDir();
    templates = path.join(dir, 'templates');
    cpSync(path.join(ROOT, 'templates'), templates, { recursive: true });
    cpSync(path.join(ROOT, 'tests', 'fixtures', 'themes', 'letter'), templates, { recursive: true });
    out = path.join(dir, 'out');
    cold = build(templates, out);
    reference = readFileSync(path.join(out, PDF));
    cache = JSON.parse(readFileSync(path.join(out, NUMBERS), 'utf8')) as Record<string, number>;
  });

  it('a cold build prints them ahead from its guess in columns (blank pages counted in), and remembers the page count and the blank pages', () => {
    expect(cold.stderr).toMatch(/page numbers guessed from a layout in columns/);
    expect(passes(cold)).toEqual([1]);
    expect(heads(cold)).toBe('ahead');
    expect(cache['page-count:']).toBe(Number(/(\d+) pages/.exec(cold.stdout)?.[1]));
    expect(Object.keys(cache).some((key) => key.startsWith('blank-before:'))).toBe(true);
  });

  it('a cold build that measures its pages (no guess from columns) prints them ahead from its measuring pass: the same PDF', () => {
    const measured = path.join(tempDir(), 'out');
    const run = build(templates, measured, { BRIEFING_COLUMN_GUESS: '0' });
    expect(passes(run)).toEqual([2]);
    expect(heads(run)).toBe('ahead');
    expect(readFileSync(path.join(measured, PDF)).equals(reference)).toBe(true);
  });

  it('a rebuild prints them ahead, in one pass, and the PDF is byte for byte the cold one', () => {
    const run = rebuildWith(() => {});
    expect(heads(run)).toBe('ahead');
    expect(passes(run)).toEqual([1]);
  });

  it('a wrong page count: the heads printed ahead are dropped and printed again after', () => {
    const run = rebuildWith((numbers) => {
      numbers['page-count:']! += 2;
    });
    expect(heads(run)).toBe('after');
    expect(passes(run)).toEqual([1]);
  });

  it('an implausible page count (a hand-edited cache): not used, no billion empty pages laid out', () => {
    const run = rebuildWith((numbers) => {
      numbers['page-count:'] = 1_000_000_000;
    });
    expect(heads(run)).toBe('after');
    expect(passes(run)).toEqual([1]);
  });

  it('a wrong chapter page: the edition is printed again after its heads were laid out in the page', () => {
    const chapter = Object.keys(cache).find((key) => !key.includes(':') && cache[key]! > 5)!;
    const run = rebuildWith((numbers) => {
      numbers[chapter]! += 1;
    });
    expect(passes(run)).toEqual([1, 2]);
    expect(heads(run)).toBe('ahead');
  });

  it('blank pages missing from the guess: placed after the first print, printed again', () => {
    const run = rebuildWith((numbers) => {
      for (const key of Object.keys(numbers)) if (key.startsWith('blank-before:')) delete numbers[key];
    });
    expect(passes(run)).toEqual([1, 2]);
  });
});

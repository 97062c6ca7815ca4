// End to end: a single Markdown file built as a whole report, from a folder that is not this
// repository (no templates folder: the built-in templates), read back with poppler.
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, runCli, tempDir, type CliResult } from '../support/cli.js';
import { pdfInfo, pdfText, squash } from '../support/pdf.js';

describe('briefing build report.md', () => {
  let dir: string;
  let run: CliResult;
  let pdf: string;

  beforeAll(() => {
    dir = tempDir();
    cpSync(path.join(ROOT, 'tests', 'fixtures', 'single', 'report.md'), path.join(dir, 'report.md'));
    run = runCli(['build', 'report.md'], { cwd: dir });
    pdf = path.join(dir, 'output', 'en', 'report-2024.en.pdf');
  });

  it('builds without --templates or any settings file, with no message', () => {
    expect(
      run.stderr
        .split('\n')
        .filter((l) => !l.startsWith('briefing: '))
        .join('\n'),
    ).toBe('');
    expect(run.code).toBe(0);
    expect(existsSync(path.join(dir, 'templates'))).toBe(false);
    expect(run.stdout).toMatch(/^output\/en\/report-2024\.en\.pdf {2}\d+ kB {2}\d+ pages$/m);
  });

  it('prints the front matter on the cover, the preface, and each top heading as a numbered chapter', () => {
    const text = squash(pdfText(pdf));
    for (const words of [
      'Water for Every Village A field report',
      'Ana Pereira, Tomás Okafor',
      '2024-03-15',
      'Nine villages, three seasons, one finding about wells.',
      'This opening paragraph comes before the first chapter and is printed as the preface.',
      'I. Wells and pumps',
      'Hand pumps A hand pump lasts about eight years',
      'II. What the villages asked for',
      'Seven of nine villages asked for a second well before a pump.',
    ]) {
      expect(text).toContain(words);
    }
    // The contents lists the two chapters, and the first one's `##` heading as its section.
    const contents = squash(pdfText(pdf, { layout: true }));
    expect(contents).toMatch(/Contents I\. Wells and pumps \d+ Hand pumps \d+ II\. What the villages asked for \d+/);
  });

  it('carries the front matter into the PDF metadata', () => {
    const info = pdfInfo(pdf);
    expect(info.Title).toBe('Water for Every Village');
    expect(info.Author).toBe('Ana Pereira, Tomás Okafor');
    expect(info.CreationDate).toMatch(/2024/);
  });
});

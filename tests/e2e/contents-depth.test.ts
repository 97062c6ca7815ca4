// End to end: a theme with `contents: { depth: 3 }` prints every heading to ### in the contents and
// the bookmarks, each with the page it is printed on (read back with poppler and qpdf).
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, runCli, tempDir } from '../support/cli.js';
import { pagesText, pdfText, squash } from '../support/pdf.js';

interface QpdfOutline {
  title: string;
  destpageposfrom1: number;
  kids: QpdfOutline[];
}

const DEEP = ['Scope of the review', 'Villages visited', 'Method', 'Depth and yield', 'Upkeep'];

describe('contents to a theme depth, printed', () => {
  let pdf: string;
  let pages: string[];

  beforeAll(() => {
    const dir = tempDir();
    cpSync(path.join(ROOT, 'tests', 'fixtures', 'contents-depth'), path.join(dir, 'content'), { recursive: true });
    cpSync(path.join(ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
    const theme = path.join(dir, 'templates', 'theme.yaml');
    writeFileSync(theme, `${readFileSync(theme, 'utf8')}\ncontents:\n  depth: 3\n`);
    const run = runCli(['build', '--format', 'pdf'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    pdf = path.join(dir, 'output', 'en', 'depth-2025.en.pdf');
    pages = pagesText(pdf).map(squash);
  });

  /** The page a heading is printed on: the first page after the contents that starts a line with it. */
  const pageOf = (title: string) => {
    const contents = pages.findIndex((p) => p.startsWith('Contents'));
    return pages.findIndex((p, i) => i > contents && p.includes(title)) + 1;
  };

  it('lists every heading to ### with the page it is printed on', () => {
    const at = pages.findIndex((p) => p.startsWith('Contents')) + 1;
    const contents = pdfText(pdf, { first: at, last: at, layout: true });
    for (const title of DEEP) {
      const printed = new RegExp(`^\\s*${title}\\s+(\\d+)$`, 'm').exec(contents);
      expect(printed, `${title} in "${contents}"`).not.toBeNull();
      expect(Number(printed![1]), title).toBe(pageOf(title));
    }
    expect(contents).not.toContain('Dry-season counts');
  });

  it('gives each of them a bookmark under its parent, on the same page', () => {
    const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=outlines', pdf], { encoding: 'utf8' })) as {
      outlines: QpdfOutline[];
    };
    const wells = json.outlines.find((o) => o.title === 'II. Findings')!.kids.find((o) => o.title === 'A. Wells')!;
    expect(wells.kids.map((o) => [o.title, o.destpageposfrom1])).toEqual([
      ['Depth and yield', pageOf('Depth and yield')],
      ['Upkeep', pageOf('Upkeep')],
    ]);
    const background = json.outlines.find((o) => o.title === 'I. Background')!;
    expect(background.kids.map((o) => o.title)).toEqual(['Scope of the review', 'Method']);
  });
});

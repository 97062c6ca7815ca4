// The real review, printed once: contents page numbers, outline, fonts, metadata — read back from the PDF.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, ROOT, tempDir } from '../support/cli.js';
import { overlappingWords, pagesText, pdfFonts, pdfInfo, pdfWords, printedContents, squash } from '../support/pdf.js';
import { loadConfig } from '../../src/config/config.js';
import { contentsAtDepth } from '../../src/pipeline/contents.js';
import { checkEditions } from '../../src/check.js';

interface QpdfOutline {
  title: string;
  destpageposfrom1: number;
  kids: QpdfOutline[];
}

describe('the 2022 review (content/en) as PDF', () => {
  let pdf: string;
  let pages: string[];
  let stderr: string;

  beforeAll(() => {
    const out = tempDir();
    const run = runCli(['build', '--content', path.join(ROOT, 'content'), '--out', out, '--format', 'pdf']);
    expect(run.code, run.stderr).toBe(0);
    pdf = path.join(out, 'en', 'hr-review-2022.en.pdf');
    pages = pagesText(pdf);
    stderr = run.stderr;
  });

  it('passes the layout check, is not scaled, and has no overlapping words on any page', () => {
    expect(stderr).not.toMatch(/layout:/);
    const words = pdfWords(pdf);
    words.forEach((page, i) => {
      expect([Math.round(page.width), Math.round(page.height)]).toEqual([595, 842]);
      const overlaps = overlappingWords(page).map(([a, b]) => `"${a.text}" / "${b.text}"`);
      expect(overlaps, `page ${i + 1}`).toEqual([]);
    });
    // 10.5 pt body text (about 13.9 pt tall word boxes in PT Serif); a scaled print is smaller.
    const body = words[9]!.words.filter((w) => w.yMin > 100 && w.yMax < 760).map((w) => w.yMax - w.yMin);
    expect(body.sort((a, b) => a - b)[Math.floor(body.length / 2)]).toBeGreaterThan(13);
  });

  it('lists every chapter and section in the contents, each on the page it names', async () => {
    const { editions } = await checkEditions(await loadConfig({ content: path.join(ROOT, 'content') }));
    // The review's theme prints the default contents (`contents.depth: auto`): chapters and section files.
    const expected = contentsAtDepth(editions[0]!.contents, 'auto')
      .flatMap((c) => [c, ...c.children])
      .map((e) => `${e.number}. ${e.title}`);
    const contentsPage = pages.findIndex((p) => p.startsWith('Contents')) + 1;
    const entries = printedContents(pdf, contentsPage);
    expect(entries.map((e) => squash(`${e.number}. ${e.title}`))).toEqual(expected.map(squash));
    expect(entries).toHaveLength(22);
    for (const entry of entries) {
      const heading = squash(`${entry.number}. ${entry.title}`).slice(0, 60);
      expect(squash(pages[entry.page - 1]!), `"${heading}" on page ${entry.page}`).toContain(heading);
      // …and not already on the page before (a stale number would point one page off).
      if (entry.page > contentsPage + 1) expect(squash(pages[entry.page - 2]!)).not.toContain(heading);
    }
  });

  it('never leaves a heading alone at the foot of a page', () => {
    const contentsPage = pages.findIndex((p) => p.startsWith('Contents')) + 1;
    for (const entry of printedContents(pdf, contentsPage)) {
      const heading = squash(`${entry.number}. ${entry.title}`);
      const page = squash(pages[entry.page - 1]!).replace(new RegExp(`\\s*${entry.page}$`), '');
      const after = page.slice(page.indexOf(heading) + heading.length);
      expect(after.length, `text after "${heading.slice(0, 40)}" on page ${entry.page}`).toBeGreaterThan(100);
    }
  });

  it('has an outline entry per chapter and section, on the right pages', () => {
    const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=outlines', pdf], { encoding: 'utf8' })) as {
      outlines: QpdfOutline[];
    };
    const flat = (items: QpdfOutline[]): QpdfOutline[] => items.flatMap((i) => [i, ...flat(i.kids)]);
    const all = flat(json.outlines);
    expect(all.map((o) => o.title).slice(0, 2)).toEqual(['Preface', 'Contents']);
    expect(all[0]!.destpageposfrom1).toBe(pages.findIndex((p) => p.startsWith('This review')) + 1);
    const contentsPage = pages.findIndex((p) => p.startsWith('Contents')) + 1;
    const printed = printedContents(pdf, contentsPage);
    expect(all.slice(2).map((o) => [squash(o.title), o.destpageposfrom1])).toEqual(
      printed.map((e) => [squash(`${e.number}. ${e.title}`), e.page]),
    );
    expect(json.outlines.find((o) => o.title.startsWith('VII.'))!.kids).toHaveLength(14);
  });

  it('is tagged, embeds every font, has no Type 3 font, and carries the document info', () => {
    const info = pdfInfo(pdf);
    expect(info.Tagged).toBe('yes');
    expect(info.Title).toBe('Annual Review of the Human Rights Situation in the Republic of Kazakhstan');
    expect(info.Author).toBe('Ministry of Justice of the Republic of Kazakhstan');
    expect(info.Subject).toBeTruthy();
    expect(info.Keywords).toBeTruthy();
    const fonts = pdfFonts(pdf);
    expect(
      fonts.every((f) => f.embedded && !/Type 3/.test(f.type) && /PTSerif|PTSans/.test(f.name)),
      JSON.stringify(fonts),
    ).toBe(true);
    const catalog = execFileSync('qpdf', ['--show-object=trailer', pdf], { encoding: 'utf8' });
    expect(catalog).toMatch(/\/Root/);
    const root = execFileSync('qpdf', ['--json', '--json-key=qpdf', pdf], { encoding: 'utf8' });
    expect(root).toMatch(/"\/Lang": "u:en"/);
  });

  it('is hyphenated with soft hyphens at line ends only, and no hyphen the source does not have', () => {
    // A hyphen that hyphenation added reads as U+00AD, and only where a line ends (ISO 32000-1,
    // 14.8.2.2.3: the word is whole once the soft hyphen and the line break are taken out).
    const raw = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    expect(raw.match(/\u00AD(?!\n)/g)).toBeNull();
    const lineEnds = raw.split('\n').filter((line) => /\p{Ll}\u00AD$/u.test(line));
    expect(lineEnds.length, 'lines ending in a hyphenated word').toBeGreaterThan(100);
    // At most two hyphenated line ends in a row (the shipped review had runs of up to six).
    let run = 0;
    for (const line of raw.split('\n')) {
      run = /\p{L}[-\u00AD]$/u.test(line) ? run + 1 : 0;
      expect(run, `three hyphenated lines in a row, ending with "${line}"`).toBeLessThanOrEqual(2);
    }
    // Inside a line, every letter-hyphen-letter word must be one the review itself writes.
    const source = readFileSync(
      path.join(ROOT, 'tests', 'fixtures', 'extraction', 'human-rights-review-2022.txt'),
      'utf8',
    );
    const inLine = new Set(raw.split('\n').flatMap((line) => line.slice(0, -1).match(/\p{L}+-\p{L}+/gu) ?? []));
    const invented = [...inLine].filter((word) => !source.includes(word));
    expect(invented).toEqual([]);
  });

  it('prints a folio on every page but the cover, and running heads on chapter pages', () => {
    expect(pages[0]).not.toMatch(/^\s*1\s*$/m);
    for (let n = 4; n <= pages.length; n += 1)
      expect(pages[n - 1], `folio on page ${n}`).toMatch(new RegExp(`^\\s*${n}\\s*$`, 'm'));
    const contentsPage = pages.findIndex((p) => p.startsWith('Contents')) + 1;
    // A chapter opener carries no running head (folio only); every other page of a chapter does.
    for (const entry of printedContents(pdf, contentsPage)) {
      const text = pages[entry.page - 1]!;
      if (!/^Human Rights Review 2022/.test(text))
        expect(text, `page ${entry.page} has no head: it must open a chapter`).toMatch(/^[IVX]+\. /);
    }
    const openers = pages.filter((p) => /^[IVX]+\. /.test(p));
    expect(openers).toHaveLength(8);
    for (const p of openers) expect(p).not.toContain('Human Rights Review 2022');
    expect(pages.filter((p) => /^Human Rights Review 2022/.test(p)).length).toBe(pages.length - 3 - openers.length);
  });
});

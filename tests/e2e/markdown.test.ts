// End to end: the Pandoc/GitHub constructs fixture and the footnotes fixture printed by Chromium and
// read back with poppler: every construct's words are in the PDF, no Markdown syntax is, formulas and
// code are set in the embedded math and mono fonts (never a machine's), footnotes follow their chapter.
import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { ROOT, runCli, tempDir, type CliResult } from '../support/cli.js';
import { pdfFonts, pdfText, squash } from '../support/pdf.js';

const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'markdown');

describe('Pandoc and GitHub Markdown in print', () => {
  let run: CliResult;
  let pdf: string;
  let text: string;

  beforeAll(() => {
    const out = tempDir();
    run = runCli(['build', '--content', path.join(FIXTURES, 'pandoc'), '--out', out, '--format', 'pdf']);
    pdf = path.join(out, 'en', 'md-pandoc-2024.en.pdf');
    text = squash(pdfText(pdf));
  });

  it('builds with no message', () => {
    expect(run.stderr.split('\n').filter((l) => l && !l.startsWith('briefing: '))).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('prints the words of every construct', () => {
    for (const words of [
      'Apple A fruit that grows on trees.',
      'prices of $5 and $10 stay prices.',
      'Table 1. Fruits compared',
      'built-in wrapper',
      'Check the figures twice.',
      // Boxes stand in the side column: pdftotext reads them between the lines of the text column.
      'A Quarto tip',
      'Quarto callouts are boxes too.',
      'Heading as title',
      'Important body.',
      'A plain div keeps its content.',
      'The Right Honourable',
      'def greet(name):',
      'Read about Haskell and the language.',
    ]) {
      expect(text).toContain(words);
    }
  });

  it('prints no Markdown syntax', () => {
    for (const syntax of [':::', '{.', '{#', '[!WARNING]', '~2~', '^3^', '$$', '+---', '| The Right']) {
      expect(text).not.toContain(syntax);
    }
  });

  it('sets math, code, Arabic and Hebrew in embedded fonts, never in a machine font or a synthesized face', () => {
    const names = pdfFonts(pdf).map((f) => f.name.replace(/^[A-Z]{6}\+/, ''));
    expect(names).toEqual(expect.arrayContaining(['NotoSansMath-Regular', 'PTMono-Regular', 'NotoSansArabic-Regular']));
    // Noto Sans Hebrew is a variable font: its PDF name is its default instance's.
    expect(names.some((n) => n.startsWith('NotoSansHebrew'))).toBe(true);
    expect(names.filter((n) => !/^(PT|Noto)/.test(n))).toEqual([]);
    expect(pdfFonts(pdf).every((f) => f.embedded)).toBe(true);
  });
});

describe('footnotes in print', () => {
  it('prints each chapter’s notes after it, numbered as referenced', () => {
    const out = tempDir();
    const run = runCli(['build', '--content', path.join(FIXTURES, 'footnotes'), '--out', out, '--format', 'pdf']);
    expect(run.code).toBe(0);
    const text = squash(pdfText(path.join(out, 'en', 'md-footnotes-2024.en.pdf')));
    expect(text).toMatch(
      /Notes i Local survey, 2021\. A second paragraph of the same note\. ii As reported by the ministry\./,
    );
    expect(text).toMatch(/Notes iii A different note, also named 1\. v Defined here, referenced from Two\./);
    expect(text).not.toContain('[^');
    expect(text).not.toContain('^[');
  });
});

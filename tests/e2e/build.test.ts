// End to end: the CLI on the starter fixture, a real Chromium, the PDF read back with poppler.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyFixture, runCli, STARTER, tempDir, type CliResult } from '../support/cli.js';
import { pagesText, pdfFonts, pdfInfo, printedContents, squash } from '../support/pdf.js';

describe('briefing build (starter edition)', () => {
  let out: string;
  let run: CliResult;
  let pdf: string;
  let html: string;
  let firstPdf: Buffer;

  beforeAll(() => {
    out = tempDir();
    run = runCli(['build', '--content', STARTER, '--out', out]);
    pdf = path.join(out, 'en', 'starter-2022.en.pdf');
    firstPdf = readFileSync(pdf);
    html = path.join(out, 'en', 'starter-2022.en.html');
  });

  it('exits 0 and prints a summary of files, pages and seconds', () => {
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/starter-2022\.en\.pdf {2}\d+ kB {2}7 pages/);
    expect(run.stdout).toMatch(/Wrote 2 file\(s\), 7 pages in \d+\.\d\d s\./);
    // A cold build: its page numbers guessed from the edition laid out in columns, and right.
    expect(run.stderr).toMatch(/^briefing: en: printed 7 pages in 1 pass /m);
  });

  it("prints once when the previous build's contents page numbers are still right, and checks them", () => {
    const again = runCli(['build', '--content', STARTER, '--out', out]);
    expect(again.stderr).toMatch(/^briefing: en: printed 7 pages in 1 pass /m);
    expect(readFileSync(pdf)).toEqual(firstPdf);
    // A wrong guess (a heading moved) costs a measuring pass, never a wrong number.
    const numbers = path.join(out, 'en', '.starter-2022.en.pages.json');
    writeFileSync(numbers, JSON.stringify({ ...JSON.parse(readFileSync(numbers, 'utf8')), mechanisms: 6 }));
    const wrong = runCli(['build', '--content', STARTER, '--out', out]);
    expect(wrong.stderr).toMatch(/^briefing: en: printed 7 pages in 2 passes /m);
    expect(readFileSync(pdf)).toEqual(firstPdf);
  });

  it('prints an A4, tagged PDF with the edition metadata', () => {
    const info = pdfInfo(pdf);
    expect(info['Page size']).toContain('(A4)');
    expect(info.Tagged).toBe('yes');
    expect(info.Title).toBe('Starter Review of Things That Matter');
    expect(info.Author).toBe('Briefing Starter Office');
    expect(info.Keywords).toBe('briefing starter test');
  });

  it('embeds every font, with no Type 3 (synthetic) faces and no system fallback', () => {
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(2);
    for (const font of fonts) {
      expect(font.embedded, font.name).toBe(true);
      expect(font.type, font.name).not.toMatch(/Type 3/);
      expect(font.name, font.name).toMatch(/PTSerif|PTSans/);
    }
  });

  it('holds the text, Kazakh and Russian letters included', () => {
    const text = squash(pagesText(pdf).join('\n'));
    expect(text).toContain('Starter Review of Things That Matter');
    expect(text).toContain('Kazakh letters must print: әділет, ғылым, қала, саң, өнер, ұлт, үй, һәм, інжу.');
    expect(text).toContain('права человека');
    expect(text).toContain('A callout box sits right after the paragraph it accompanies.');
  });

  it('puts every heading on the page its contents entry names', () => {
    const pages = pagesText(pdf);
    const contentsPage = pages.findIndex((p) => p.startsWith('Contents')) + 1;
    expect(contentsPage).toBe(3);
    const entries = printedContents(pdf, contentsPage);
    expect(entries.map((e) => `${e.number}. ${e.title}`)).toEqual([
      'I. Introduction and summary',
      'II. National mechanisms',
      'III. Protection and promotion of rights',
      'A. The right to life',
      'B. Children’s rights',
      'IV. Sources of additional information',
    ]);
    for (const entry of entries) {
      expect(squash(pages[entry.page - 1]!), `${entry.title} on page ${entry.page}`).toContain(
        `${entry.number}. ${entry.title}`,
      );
    }
  });

  it('writes a folio on body pages and none on the cover; a chapter opener has no running head', () => {
    const pages = pagesText(pdf);
    expect(pages[0]).not.toMatch(/^\s*1\s*$/m);
    expect(pages[3]).toMatch(/^\s*4\s*$/m);
    expect(pages[3]).toMatch(/^I\. Introduction/);
    expect(pages[3]).not.toMatch(/Starter Review/);
  });

  it('writes an HTML edition with lang, title and numbered headings', () => {
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/<html lang="en">/);
    expect(page).toContain('<title>Starter Review of Things That Matter</title>');
    // One page, one h1 (the cover's title): chapters are h2 and sections h3 in the web edition.
    expect(page).toContain(
      '<h2 id="introduction"><span class="heading-number">I.</span> Introduction and summary</h2>',
    );
    expect(page).toContain('<h3 id="right-to-life"><span class="heading-number">A.</span> The right to life</h3>');
    // Self-contained: only the small inline enhancement script, nothing loaded from elsewhere.
    expect(page).not.toMatch(/<script[^>]*\ssrc=/);
  });
});

describe('briefing build on broken content', () => {
  function buildBroken(breakIt: (content: string) => void, extra: string[] = []) {
    const content = copyFixture(STARTER);
    const out = tempDir();
    expect(runCli(['build', '--content', content, '--out', out, '--format', 'html']).code).toBe(0);
    const html = path.join(out, 'en', 'starter-2022.en.html');
    const before = statSync(html).mtimeMs;
    const beforeText = readFileSync(html, 'utf8');
    breakIt(content);
    const result = runCli(['build', '--content', content, '--out', out, ...extra]);
    expect(readFileSync(html, 'utf8')).toBe(beforeText);
    expect(statSync(html).mtimeMs).toBe(before);
    expect(existsSync(path.join(out, 'en', 'starter-2022.en.pdf'))).toBe(false);
    return result;
  }

  it('no briefing.yaml: exit 1, names the file, output untouched', () => {
    const result = buildBroken((c) => rmSync(path.join(c, 'briefing.yaml')));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/content\/briefing\.yaml error briefing\.yaml not found/);
  });

  it('a YAML syntax error: exit 1 with file and line', () => {
    const result = buildBroken((c) =>
      writeFileSync(path.join(c, 'en', 'edition.yaml'), 'title: "Unclosed\npublisher: X\n'),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/en\/edition\.yaml:\d+:\d+ error YAML syntax error in edition\.yaml/);
  });

  it('an unknown locale: exit 1 pointing at briefing.yaml', () => {
    const result = buildBroken(() => {}, ['--locale', 'de']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/briefing\.yaml:6:10 error unknown locale "de": this edition has en/);
  });

  it('a content error: exit 1, file:line:col, nothing written', () => {
    const result = buildBroken((c) =>
      writeFileSync(path.join(c, 'en', '02-mechanisms.md'), '# Mechanisms\n\nSee this.[^nowhere]\n'),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('en/02-mechanisms.md:3:10 error note "nowhere" has no definition');
  });
});

describe('briefing usage', () => {
  it('prints help and exits 0', () => {
    const result = runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('briefing build [options]');
  });

  it('exits 2 on an unknown flag or command', () => {
    expect(runCli(['build', '--colour']).code).toBe(2);
    expect(runCli(['publish']).code).toBe(2);
    expect(runCli(['build', '--format', 'epub']).code).toBe(2);
  });
});

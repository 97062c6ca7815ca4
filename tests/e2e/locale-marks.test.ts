// Every fallback marked (chapters and sections, page and contents, with the source's lang), each
// language's typography, and the en-XA pseudo-locale — asserted on real PDFs and HTML of one build
// (ru and en-XA printed together) of a fixture where ru lacks a chapter, a section and the sources.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toText } from 'hast-util-to-text';
import { copyFixture, ROOT, runCli, tempDir, type CliResult } from '../support/cli.js';
import { pagesText, printedContents, squash } from '../support/pdf.js';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'translate');
const NOT_TRANSLATED = 'Перевод еще не подготовлен';

describe('ru and en-XA editions of one fixture', () => {
  let content: string;
  let out: string;
  let build: CliResult;
  const file = (locale: string, ext: string) => path.join(out, locale, `cat-round-trip-2024.${locale}.${ext}`);
  const html = (locale: string) => fromHtml(readFileSync(file(locale, 'html'), 'utf8'));

  beforeAll(() => {
    content = copyFixture(FIXTURE);
    out = tempDir();
    build = runCli(['build', '--content', content, '--locale', 'ru,en-XA', '--out', out]);
  }, 120_000);

  it('builds both; en-XA needs no content folder and no entry in `locales`', () => {
    expect(build.stderr).not.toMatch(/ error /);
    expect(build.code).toBe(0);
    expect(build.stderr).toContain('briefing: en-XA: printed');
  });

  it('ru: a section missing in a translated chapter is marked in the page, in Russian, with lang="en"', () => {
    const pages = pagesText(file('ru', 'pdf'));
    const page = pages.find((p) => p.includes('Б. Sanitation'))!;
    expect(squash(page)).toContain(`Б. Sanitation ${NOT_TRANSLATED} Sanitation reached`);
    const tree = html('ru');
    const section = select('section.section.fallback', tree)!;
    expect(section.properties.lang).toBe('en');
    expect(toText(select('.fallback-note', section)!)).toBe(NOT_TRANSLATED);
    expect(select('.fallback-note', section)!.properties.lang).toBe('ru');
    // The translated section beside it is not marked and has no lang of its own.
    const translated = selectAll('section.section', tree).find((s) => toText(s).includes('Питьевая вода'))!;
    expect(translated.properties.lang).toBeUndefined();
    expect(select('.fallback-note', translated)).toBeUndefined();
  });

  it('ru: the contents marks every fallback (chapter and section) and lists each on the page it names', () => {
    const pdf = file('ru', 'pdf');
    const pages = pagesText(pdf);
    const contentsPage = pages.findIndex((p) => p.startsWith('Содержание')) + 1;
    const entries = printedContents(pdf, contentsPage);
    expect(entries.map((e) => [e.number, squash(e.title)])).toEqual([
      ['I', `Overview of water access (${NOT_TRANSLATED})`],
      ['II', 'Право на воду'],
      ['А', 'Питьевая вода'],
      ['Б', `Sanitation (${NOT_TRANSLATED})`],
      ['III', `Sources of additional information (${NOT_TRANSLATED})`],
    ]);
    for (const entry of entries) {
      const heading = `${entry.number}. ${squash(entry.title).replace(` (${NOT_TRANSLATED})`, '')}`;
      expect(squash(pages[entry.page - 1]!), `"${heading}" on page ${entry.page}`).toContain(heading);
      expect(` ${squash(pages[entry.page - 2]!)}`).not.toContain(` ${heading}`);
    }
    const toc = selectAll('.toc a', html('ru'));
    const sanitation = toc.find((a) => toText(a).includes('Sanitation'))!;
    expect(select('.toc-title [lang]', sanitation)!.properties.lang).toBe('en');
    expect(toText(select('.toc-fallback', sanitation)!)).toBe(`(${NOT_TRANSLATED})`);
    expect(
      select(
        '.toc-fallback',
        toc.find((a) => toText(a).includes('Питьевая')),
      ),
    ).toBeUndefined();
  });

  it('ru typography: Cyrillic section letters, decimal notes as configured, «„“», em dash, no-break spaces', () => {
    const text = toText(select('main', html('ru'))!);
    expect(text).toContain('Об этом говорит «закон „О\u00A0воде“»\u00A0— и\u00A0не только он.');
    expect(text).toContain('В\u00A0мае принят');
    const marker = selectAll('.note-ref a', html('ru')).map((a) => toText(a));
    expect(marker).toEqual(['1', '2', '1']); // wells-report is cited twice: one number
    const pages = pagesText(file('ru', 'pdf')).join('\n');
    expect(pages).toContain('А. Питьевая вода');
    expect(pages).toMatch(/«закон „О воде“»\s—/);
  });

  it('en-XA: accented, bracketed, about 35 % longer than en, with contents numbers proven', () => {
    const en = tempDir();
    expect(runCli(['build', '--content', content, '--locale', 'en', '--format', 'html', '--out', en]).code).toBe(0);
    const enText = toText(
      select('main', fromHtml(readFileSync(path.join(en, 'en', 'cat-round-trip-2024.en.html'), 'utf8')))!,
    );
    const xaText = toText(select('main', html('en-XA'))!);
    const ratio = xaText.replace(/\s+/g, ' ').length / enText.replace(/\s+/g, ' ').length;
    expect(ratio).toBeGreaterThan(1.3);
    expect(ratio).toBeLessThan(1.6);
    expect(xaText).toContain('[Ŕûŕáļ ďîšţŕîçţš ŕéçéîvéď ñéŵ ŵéļļš îñ 2024.');
    // Nothing escaped the pseudo-translation but the code span, which must stay as it is.
    expect(xaText.replace('water-index', '')).not.toMatch(/\b(Rural|water|Overview|Sanitation)\b/);
    expect(xaText).toContain('water-index');
    const root = html('en-XA');
    expect(select('html', root)!.properties.lang).toBe('en-XA');
    // Protected markup survived: the link target and the note references.
    expect(select('a[href="https://example.org/programme"]', root)).toBeDefined();
    expect(selectAll('.note-ref', root)).toHaveLength(3);

    const pdf = file('en-XA', 'pdf');
    const pages = pagesText(pdf);
    const contentsPage = pages.findIndex((p) => p.startsWith('[Çöñţéñţš')) + 1;
    expect(contentsPage).toBeGreaterThan(1);
    const entries = printedContents(pdf, contentsPage);
    expect(entries.map((e) => e.number)).toEqual(['I', 'II', 'A', 'B', 'III']);
    for (const entry of entries) {
      const heading = squash(`${entry.number}. ${entry.title}`);
      expect(heading).toMatch(/^[IVAB]+\. \[.+\]$/);
      expect(squash(pages[entry.page - 1]!), `"${heading}" on page ${entry.page}`).toContain(heading);
      expect(` ${squash(pages[entry.page - 2]!)}`).not.toContain(` ${heading}`);
    }
  });
});

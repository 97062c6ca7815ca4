// `--locale all` on the real content: en, ru (partly translated) and kk (front matter only) editions.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { copyFixture, ROOT, runCli, tempDir, type CliResult } from '../support/cli.js';
import { pagesText, pdfFonts, printedContents, squash } from '../support/pdf.js';

const KAZAKH_LETTERS = [...'әғқңөұүһі'];

describe('briefing build --locale all', () => {
  let out: string;
  let run: CliResult;
  const pdfOf = (locale: string) => {
    const dir = path.join(out, locale);
    return path.join(
      dir,
      readdirSync(dir).find((f) => f.endsWith('.pdf'))!,
    );
  };

  beforeAll(() => {
    out = tempDir();
    run = runCli(
      ['build', '--content', path.join(ROOT, 'content'), '--locale', 'all', '--format', 'pdf', '--out', out],
      { env: { BRIEFING_TRACE: '1' } },
    );
  });

  it('writes one PDF per locale and reports each fallback as a warning', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(
      readdirSync(out)
        .filter((d) => !d.endsWith('.json'))
        .sort(),
    ).toEqual(['en', 'kk', 'ru']);
    expect(run.stderr).toMatch(
      /content\/ru\/03-paris-principles\.md warning not translated into "ru": the en text is used/,
    );
    expect(run.stderr).not.toMatch(/content\/ru\/01-introduction\.md warning/);
  });

  it('rebuilds the same PDFs however late the PDF standard is known (every locale checked)', () => {
    const first = ['en', 'ru', 'kk'].map((locale) => readFileSync(pdfOf(locale)));
    // en prints before ru and kk are checked: its PDF is read before the standard is known, and the
    // objects the standards add were numbered after the outline's and running heads' then.
    const again = runCli(
      ['build', '--content', path.join(ROOT, 'content'), '--locale', 'all', '--format', 'pdf', '--out', out],
      { env: { BRIEFING_STANDARD_AFTER_MS: '3000' } },
    );
    expect(again.code, again.stderr).toBe(0);
    ['en', 'ru', 'kk'].forEach((locale, i) => expect(readFileSync(pdfOf(locale)).equals(first[i]!), locale).toBe(true));
  });

  it('prints each locale in its lane (two browsers) as a build of that locale alone prints it', () => {
    // --locale all prints en and kk in the CLI's browser and ru in a second one, two at once; a
    // one-locale build prints in the CLI's browser alone. The same bytes either way.
    expect(run.stderr.match(/ browser connected$/gm)).toHaveLength(2);
    const together = ['en', 'ru', 'kk'].map((locale) => readFileSync(pdfOf(locale)));
    ['en', 'ru', 'kk'].forEach((locale, i) => {
      const alone = runCli([
        'build',
        '--content',
        path.join(ROOT, 'content'),
        '--locale',
        locale,
        '--format',
        'pdf',
        '--out',
        out,
      ]);
      expect(alone.code, alone.stderr).toBe(0);
      expect(readFileSync(pdfOf(locale)).equals(together[i]!), locale).toBe(true);
    });
    // And every locale in the one browser, in turns (BRIEFING_LANES=1).
    const oneBrowser = runCli(
      ['build', '--content', path.join(ROOT, 'content'), '--locale', 'all', '--format', 'pdf', '--out', out],
      { env: { BRIEFING_LANES: '1', BRIEFING_TRACE: '1' } },
    );
    expect(oneBrowser.code, oneBrowser.stderr).toBe(0);
    expect(oneBrowser.stderr.match(/ browser connected$/gm)).toHaveLength(1);
    ['en', 'ru', 'kk'].forEach((locale, i) =>
      expect(readFileSync(pdfOf(locale)).equals(together[i]!), locale).toBe(true),
    );
  });

  it('prints the Russian edition with Cyrillic contents and headings on the pages it names, in Russian', () => {
    const pdf = pdfOf('ru');
    const pages = pagesText(pdf);
    const contentsPage = pages.findIndex((p) => p.startsWith('Содержание')) + 1;
    expect(contentsPage).toBeGreaterThan(1);
    const entries = printedContents(pdf, contentsPage);
    expect(entries).toHaveLength(22);
    expect(squash(`${entries[0]!.number}. ${entries[0]!.title}`)).toBe(
      'I. Введение и краткое изложение проведенных реформ в области прав человека',
    );
    for (const entry of entries) {
      // A fallback's contents entry ends with "(Перевод еще не подготовлен)"; its heading does not.
      const heading = squash(`${entry.number}. ${entry.title.replace(/\s*\(Перевод еще не подготовлен\)/, '')}`).slice(
        0,
        50,
      );
      expect(squash(pages[entry.page - 1]!), `"${heading}" on page ${entry.page}`).toContain(heading);
    }
    // A chapter still in English carries the notice in Russian, in the page and in the contents;
    // so do the sections of VII that ru lacks (VII.Б–П), letters in Cyrillic.
    const fallback = entries.find((e) => e.title.startsWith('Implementation of the Paris Principles'))!;
    expect(pages[fallback.page - 1]).toContain('Перевод еще не подготовлен');
    expect(squash(fallback.title)).toContain('(Перевод еще не подготовлен)');
    const sections = entries.filter((e) => /^[А-Я]$/.test(e.number));
    expect(sections.map((e) => e.number).join('')).toBe('АБВГДЕЖИКЛМНПР');
    expect(sections.filter((e) => squash(e.title).endsWith('(Перевод еще не подготовлен)'))).toHaveLength(13);
    for (const section of sections.slice(1)) {
      const page = squash(pages[section.page - 1]!);
      const heading = squash(`${section.number}. ${section.title}`).slice(0, 20);
      // The notice follows the section's heading, on the page the contents names.
      expect(page, heading).toContain(heading);
      expect(page.indexOf('Перевод еще не подготовлен', page.indexOf(heading)), heading).toBeGreaterThan(-1);
    }
    const info = execFileSync('qpdf', ['--json', '--json-key=qpdf', pdf], { encoding: 'utf8' });
    expect(info).toMatch(/"\/Lang": "u:ru"/);
  });

  it('prints every Kazakh letter of the kk sources, in embedded fonts', () => {
    const pdf = pdfOf('kk');
    const text = pagesText(pdf).join('\n');
    const kkSource = ['edition.yaml', 'preface.md', 'strings.yaml']
      .map((f) => readFileSync(path.join(ROOT, 'content', 'kk', f), 'utf8'))
      .join('\n')
      .toLowerCase();
    const used = KAZAKH_LETTERS.filter((letter) => kkSource.includes(letter));
    expect(used.length).toBeGreaterThanOrEqual(8);
    for (const letter of used) expect(text.toLowerCase(), letter).toContain(letter);
    expect(text).toContain('Мазмұны');
    expect(pdfFonts(pdf).every((f) => f.embedded && /PTSerif|PTSans/.test(f.name))).toBe(true);
  });
});

// The first locale prints while the next ones are read (build.ts checkAndRender): an error found in a
// later one still stops the build before anything is written.
describe('briefing build --locale all, with an error in the last locale', () => {
  it('writes nothing, reports the error and stops the first locale’s print', () => {
    const content = copyFixture(path.join(ROOT, 'content'));
    appendFileSync(path.join(content, 'kk', '01-introduction.md'), '\n![a missing picture](missing-picture.png)\n');
    const out = path.join(tempDir(), 'out');
    const run = runCli(['build', '--content', content, '--locale', 'all', '--out', out]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/kk\/01-introduction\.md:\d+:\d+ error image "missing-picture\.png" not found/);
    expect(run.stderr).not.toMatch(/printed \d+ pages/);
    expect(existsSync(out)).toBe(false);
  });
});

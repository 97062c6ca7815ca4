// Russian and Kazakh typography on real output: «» for English curly quotes, an em dash for a spaced
// en dash, no-break spaces after numbers, in digit groups and in initials (HTML text, and no PDF line
// breaks there), and Kazakh justified with hyph-kk hyphenation (PDF line ends read by pdftotext).
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { select } from 'hast-util-select';
import { toText } from 'hast-util-to-text';
import { ROOT, runCli, tempDir } from '../support/cli.js';
import { pdfText } from '../support/pdf.js';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'typography');
const NBSP = '\u00A0';

describe('ru and kk typography', () => {
  let out: string;
  const file = (locale: string, ext: string) => path.join(out, locale, `typography-2022.${locale}.${ext}`);
  const article = (locale: string) => toText(select('main', fromHtml(readFileSync(file(locale, 'html'), 'utf8')))!);
  /** The printed lines (pdftotext -layout keeps line-end hyphens), blank lines dropped. */
  const lines = (locale: string) =>
    pdfText(file(locale, 'pdf'), { layout: true })
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);

  beforeAll(() => {
    out = tempDir();
    const build = runCli(['build', '--content', FIXTURE, '--locale', 'ru,kk', '--out', out]);
    expect(build.stderr).not.toMatch(/ error /);
    expect(build.code).toBe(0);
  }, 120_000);

  it('ru HTML: «» and — instead of “” and a spaced –, no-break spaces where a line must not break', () => {
    const text = article('ru');
    expect(text).toContain(`По данным «Водного кодекса»${NBSP}— и${NBSP}не только его${NBSP}— более`);
    expect(text).toContain(`5${NBSP}июня 2022${NBSP}года`);
    expect(text).toContain(`20${NBSP}000${NBSP}человек в${NBSP}120${NBSP}сёлах`);
    expect(text).toContain(`руководил А.${NBSP}С.${NBSP}Иванов`);
    expect(text).not.toMatch(/[“”]| – /);
  });

  it('ru and kk PDF: the same marks, and no line breaks inside a tied pair', () => {
    for (const locale of ['ru', 'kk']) {
      // The chapter's text: from its first paragraph on, folios left out.
      const lines_ = lines(locale);
      const printed = lines_
        .slice(lines_.findIndex((l) => /^(Доклад|Баяндама)/.test(l)))
        .filter((l) => !/^\d+$/.test(l));
      expect(printed.length).toBeGreaterThan(6);
      const all = printed.join('\n');
      expect(all).toMatch(/«(Водного кодекса|Су кодексінің)» — /);
      expect(all).not.toMatch(/[“”]| – /);
      for (let i = 0; i + 1 < printed.length; i++) {
        const [line, next] = [printed[i]!, printed[i + 1]!];
        expect(next, `${locale} line ${i + 2} starts with a dash`).not.toMatch(/^—/);
        expect(`${line} / ${next}`, `${locale}: a number or an initial ends a line`).not.toMatch(
          /(?:\s\d{1,3}|\s\p{Lu}\.) \/ \p{L}|\s\d{1,3} \/ \d{3}/u,
        );
      }
    }
  });

  it('kk: justified (no ragged-right), hyphenated at hyph-kk points, with Kazakh marks in the HTML', () => {
    const html = fromHtml(readFileSync(file('kk', 'html'), 'utf8'));
    expect(select('html', html)!.properties.className).toBeUndefined();
    expect(article('kk')).toContain(`«Су кодексінің»${NBSP}— және`);
    const printed = lines('kk');
    // A hyphen from hyphenation reads as U+00AD (src/print/line-ends.ts).
    const broken = printed.filter((l) => /\p{L}\u00AD$/u.test(l));
    expect(broken.length).toBeGreaterThan(0);
    // Each line-end hyphen joins two parts of one word of the source, at least 2 letters either side.
    const source = readFileSync(path.join(FIXTURE, 'kk', '01-water.md'), 'utf8');
    for (const line of broken) {
      const i = printed.indexOf(line);
      const head = /(\p{L}+)\u00AD$/u.exec(line)![1]!;
      const tail = /^(\p{L}+)/u.exec(printed[i + 1]!)![1]!;
      expect(head.length).toBeGreaterThanOrEqual(2);
      expect(tail.length).toBeGreaterThanOrEqual(2);
      expect(source).toContain(head + tail);
    }
    // Justified: the full lines of the second paragraph end at the same right edge.
    const xml = execFileSync('pdftotext', ['-bbox-layout', file('kk', 'pdf'), '-'], { encoding: 'utf8' });
    const paragraph = xml
      .split('<block ')
      .find((b) => b.includes('>Ауылдық</word>'))!
      .split('<line ')
      .slice(1)
      .map((l) => Number(/xMax="([\d.]+)"/.exec(l)![1]));
    expect(paragraph.length).toBeGreaterThanOrEqual(3);
    const full = paragraph.slice(0, -1);
    expect(Math.max(...full) - Math.min(...full)).toBeLessThan(1);
  });
});

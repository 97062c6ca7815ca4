// A partly translated file falls back paragraph by paragraph: a block the PO left empty is printed in
// the source language, marked class="untranslated" with lang="en" in the HTML and /Lang (en) in the
// PDF's structure, and warned at its line; nothing is dropped. Exported, filled and imported through
// the CLI as a translator would.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import { toText } from 'hast-util-to-text';
import { copyFixture, ROOT, runCli, tempDir, type CliResult } from '../support/cli.js';
import { pdfText, squash } from '../support/pdf.js';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'translate');
const TRANSLATED: Record<string, string> = {
  Overview: 'Обзор',
  'Overview of water access': 'Обзор доступа к воде',
  'The `water-index` table below counts villages by source:': 'Таблица `water-index` ниже считает сёла по источникам:',
};

/** Fill a PO's msgstr: from `TRANSLATED`, or every entry (`all`) with a Russian prefix before the msgid. */
function fill(po: string, all: boolean): string {
  return po.replace(/^msgid (".*")\nmsgstr ""$/gm, (entry, quoted: string) => {
    const id = JSON.parse(quoted) as string;
    if (id === '') return entry;
    const text = TRANSLATED[id] ?? (all ? `Перевод: ${id}` : '');
    return `msgid ${quoted}\nmsgstr ${JSON.stringify(text)}`;
  });
}

/** Structure elements of a PDF marked English: `/Lang (en)` in its uncompressed form (qpdf --qdf). */
function englishElements(pdf: string): number {
  const qdf = execFileSync('qpdf', ['--qdf', '--object-streams=disable', pdf, '-'], { maxBuffer: 64 << 20 });
  return (qdf.toString('latin1').match(/\/Lang \(en\)/g) ?? []).length;
}

describe('paragraph-level fallback', () => {
  let content: string;
  const out = { partly: '', whole: '' };
  const build: Record<string, CliResult> = {};
  const file = (which: 'partly' | 'whole', ext: string) => path.join(out[which], 'ru', `cat-round-trip-2024.ru.${ext}`);

  const translateAndBuild = (which: 'partly' | 'whole') => {
    const exported = tempDir();
    expect(runCli(['export', '--content', content, '--locale', 'ru', '--out', exported]).code).toBe(0);
    const po = path.join(exported, 'ru', '01-overview.po');
    writeFileSync(po, fill(readFileSync(po, 'utf8'), which === 'whole'));
    const imported = runCli(['import', '--content', content, '--overwrite', po]);
    expect(imported.stderr).not.toMatch(/ error /);
    out[which] = tempDir();
    build[which] = runCli(['build', '--content', content, '--locale', 'ru', '--out', out[which]]);
    expect(build[which].code).toBe(0);
  };

  beforeAll(() => {
    content = copyFixture(FIXTURE);
    translateAndBuild('partly');
    translateAndBuild('whole');
  }, 240_000);

  it('marks each untranslated block with lang="en" and class="untranslated"; translated ones keep ru', () => {
    const tree = fromHtml(readFileSync(file('partly', 'html'), 'utf8'));
    const marked = selectAll('.untranslated', tree);
    expect(marked.every((e) => e.properties.lang === 'en')).toBe(true);
    const texts = marked.map((e) => toText(e));
    expect(texts.some((t) => t.startsWith('Rural districts received new wells in 2024.'))).toBe(true);
    expect(texts).toContain('Wells were drilled in six regions.');
    expect(texts).toContain('In 2024, 120 villages received a well.');
    // Cells one by one, on the same table row.
    expect(texts).toEqual(expect.arrayContaining(['Source', 'Villages', 'Wells', '120']));
    const table = selectAll('p', tree).find((p) => toText(p).startsWith('Таблица'))!;
    expect(table.properties.lang).toBeUndefined();
    // English typography in the English paragraph: its apostrophe is not turned into a Russian quote.
    expect(texts.find((t) => t.startsWith('Rural'))).toContain("council's website");
  });

  it('prints the English text (nothing dropped), with /Lang (en) on those blocks, and warns at their lines', () => {
    expect(squash(pdfText(file('partly', 'pdf')))).toContain('Rural districts received new wells in 2024.');
    // Fully translated, the chapter has no English block left: the difference is the marked blocks.
    expect(selectAll('.untranslated', fromHtml(readFileSync(file('whole', 'html'), 'utf8')))).toHaveLength(0);
    expect(englishElements(file('partly', 'pdf'))).toBeGreaterThan(englishElements(file('whole', 'pdf')) + 5);
    expect(build.partly!.stderr).toMatch(
      /ru\/01-overview\.md:\d+:1 warning paragraph not translated \(.*en\/01-overview\.md:7\): the en text is printed/,
    );
  });
});

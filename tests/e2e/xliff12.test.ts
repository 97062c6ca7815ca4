// XLIFF 1.2 (`export --format xliff12`) for the CAT tools that handle it best, checked with
// translate-toolkit (xliff2po reads our 1.2 with its own parser: the msgids are the Markdown our PO
// export has) and round-tripped through import; and characters XML cannot hold, in 1.2 and 2.0,
// exported as markup our own import (and lxml, through translate-toolkit) reads back.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import gettextParser from 'gettext-parser';
import { copyFixture, ROOT, runMain, tempDir } from '../support/cli.js';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'translate');

async function exportAs(content: string, format: string): Promise<string> {
  const out = tempDir();
  const result = await runMain(['export', '--content', content, '--locale', 'ru', '--format', format, '--out', out]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return out;
}

/** msgid → msgstr of a PO file, read by gettext-parser (msgctxt left aside: xliff2po writes none). */
function poEntries(file: string): Map<string, string> {
  const parsed = gettextParser.po.parse(readFileSync(file));
  const entries = new Map<string, string>();
  for (const context of Object.values(parsed.translations))
    for (const e of Object.values(context)) if (e.msgid !== '') entries.set(e.msgid, e.msgstr[0] ?? '');
  return entries;
}

describe('XLIFF 1.2 export', () => {
  it('is read by translate-toolkit as the same Markdown segments as our PO export', async () => {
    const content = copyFixture(FIXTURE);
    const xlf = path.join(await exportAs(content, 'xliff12'), 'ru', '01-overview.xlf');
    const xml = readFileSync(xlf, 'utf8');
    expect(xml).toContain('<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">');
    expect(xml).toContain('source-language="en" target-language="ru"');
    const back = path.join(tempDir(), 'back.po');
    execFileSync('xliff2po', [xlf, back], { stdio: 'ignore' });
    const ours = path.join(await exportAs(content, 'po'), 'ru', '01-overview.po');
    expect([...poEntries(back).keys()].sort()).toEqual([...poEntries(ours).keys()].sort());
    expect(poEntries(back).keys()).toContain(
      "Rural districts received new wells in 2024.[^wells-report] The programme is described on the [council's website](https://example.org/programme).",
    );
  });

  it('imports as a CAT tool returns it: translated targets done, needs-review ones fuzzy', async () => {
    const content = copyFixture(FIXTURE);
    const xlf = path.join(await exportAs(content, 'xliff12'), 'ru', '01-overview.xlf');
    const xml = readFileSync(xlf, 'utf8')
      .replace(
        /(<source>Rural districts[\s\S]*?<\/source>)/,
        '$1<target state="translated">Сельские районы получили новые скважины в 2024 году.<ph id="1">[^wells-report]</ph> Программа описана на <bpt id="2">[</bpt>сайте совета<ept id="2">](https://example.org/programme)</ept>.</target>',
      )
      .replace(
        /(<source>Overview of water access<\/source>)/,
        '$1<target state="needs-review-translation">Обзор</target>',
      );
    writeFileSync(xlf, xml);
    const result = await runMain(['import', '--content', content, xlf]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('01-overview.md: written (1 done, 1 fuzzy, 11 to translate)');
    const md = readFileSync(path.join(content, 'ru', '01-overview.md'), 'utf8');
    expect(md).toContain(
      'Сельские районы получили новые скважины в 2024 году.[^wells-report] Программа описана на [сайте совета](https://example.org/programme).',
    );
    // The next export offers the done one as final and the unconfirmed one for review.
    const again = readFileSync(path.join(await exportAs(content, 'xliff12'), 'ru', '01-overview.xlf'), 'utf8');
    expect(again).toMatch(/<target state="final">Сельские районы/);
    expect(again).toContain('<target state="needs-review-translation">Обзор</target>');
  });
});

describe('a control character in a segment', () => {
  const withBell = () => {
    const content = copyFixture(FIXTURE);
    const file = path.join(content, 'en', '01-overview.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Wells were drilled', 'Wells\u0007 were drilled'));
    return content;
  };

  it('XLIFF 2.0: written as <cp hex="0007"/>, and the file imports (it used to be unreadable XML)', async () => {
    const content = withBell();
    const xlf = path.join(await exportAs(content, 'xliff'), 'ru', '01-overview.xlf');
    const xml = readFileSync(xlf, 'utf8');
    expect(xml).not.toContain('\u0007');
    expect(xml).toContain('Wells<cp hex="0007"/> were drilled');
    // Translated with the character kept: it comes back as the character.
    writeFileSync(
      xlf,
      xml.replace(
        /<segment [^>]*>(\s*<source xml:space="preserve">Wells<cp hex="0007"\/> were drilled in six regions.<\/source>)/,
        '<segment state="final">$1<target xml:space="preserve">Скважины<cp hex="0007"/> пробурены в шести регионах.</target>',
      ),
    );
    const result = await runMain(['import', '--content', content, xlf]);
    expect(result.stderr).toBe('');
    expect(readFileSync(path.join(content, 'ru', '01-overview.md'), 'utf8')).toContain(
      '- Скважины\u0007 пробурены в шести регионах.',
    );
  });

  it('XLIFF 1.2: an <x/> placeholder named by its ctype; lxml (translate-toolkit) reads the file', async () => {
    const content = withBell();
    const xlf = path.join(await exportAs(content, 'xliff12'), 'ru', '01-overview.xlf');
    const xml = readFileSync(xlf, 'utf8');
    expect(xml).not.toContain('\u0007');
    expect(xml).toContain('Wells<x id="cp-0007" ctype="x-briefing-cp-0007"/> were drilled');
    execFileSync('xliff2po', [xlf, path.join(tempDir(), 'back.po')], { stdio: 'ignore' });
    const result = await runMain(['import', '--content', content, xlf]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

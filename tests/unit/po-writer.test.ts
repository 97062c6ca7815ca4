// The PO writer (gettext-parser's compiler since issue 31): each behaviour the hand-written writer had,
// checked with gettext itself (msgfmt --check, msgattrib) and read back by our own reader.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FileCatalog, Entry } from '../../src/translate/catalog.js';
import { parsePo, writePo } from '../../src/translate/po.js';
import type { Segment } from '../../src/translate/segments.js';
import { tempDir } from '../support/cli.js';

const segment = (id: string, kind: Segment['kind'], text: string, line: number): Segment => ({
  id,
  kind,
  text,
  fingerprint: id,
  start: 0,
  end: text.length,
  line,
  column: 1,
});

const LONG = 'Rural districts received new wells in 2024, and the regional administrations reported on it.';
const entries: Entry[] = [
  { segment: segment('aaaaaaaaaaaa', 'heading', 'Water “access”', 1), state: 'done', translation: 'Доступ к воде' },
  {
    segment: segment('bbbbbbbbbbbb', 'paragraph', 'Say "yes"\\no\tand\nthen a second line', 3),
    state: 'fuzzy',
    translation: 'Скажите «да»\nвторая строка',
    previous: 'Said "yes"\nthen a second line',
  },
  { segment: segment('cccccccccccc', 'cell', 'Wells', 7), state: 'empty' },
  { segment: segment('dddddddddddd', 'paragraph', LONG, 9), state: 'empty' },
];
const catalog = {
  relative: '01-overview.md',
  sourcePath: '/content/en/01-overview.md',
  targetPath: '/content/ru/01-overview.md',
  exists: true,
  recorded: true,
  removed: 0,
  entries,
} satisfies FileCatalog;
const header = {
  file: '01-overview.md',
  locale: 'ru',
  sourceLocale: 'en',
  project: 'review 2022',
  date: '2022-01-01 00:00+0000',
};

function written(): string {
  const file = path.join(tempDir(), 'ru.po');
  writeFileSync(
    file,
    writePo(header, [catalog], (p) => path.relative('/content', p)),
  );
  return file;
}

describe('writePo', () => {
  it('passes msgfmt --check, with the headers, context, references and kinds as comments', () => {
    const file = written();
    execFileSync('msgfmt', ['--check', '-o', '/dev/null', file]);
    const po = parsePo(readFileSync(file, 'utf8'));
    expect(po.headers.get('Language')).toBe('ru');
    expect(po.headers.get('X-Briefing-File')).toBe('01-overview.md');
    expect(po.headers.get('X-Briefing-Locale')).toBe('ru');
    expect(po.entries.map((e) => [e.context, e.id, e.translation, e.fuzzy])).toEqual([
      ['aaaaaaaaaaaa', 'Water “access”', 'Доступ к воде', false],
      ['bbbbbbbbbbbb', 'Say "yes"\\no\tand\nthen a second line', 'Скажите «да»\nвторая строка', true],
      ['cccccccccccc', 'Wells', '', false],
      ['dddddddddddd', LONG, '', false],
    ]);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('#: en/01-overview.md:3\n#. paragraph\n#, fuzzy\n');
    // No folding at 76 columns (a 93-character msgid stays on its line), as our reader's lines expect.
    expect(text).toContain(`msgid "${LONG}"\n`);
  });

  it('writes the previous source of a fuzzy entry as `#| msgid`, which gettext reads as such', () => {
    const file = written();
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(
      '#, fuzzy\n#| msgid ""\n#| "Said \\"yes\\"\\n"\n#| "then a second line"\nmsgctxt "bbbbbbbbbbbb"',
    );
    expect(parsePo(text).entries[1]!.previousId).toBe('Said "yes"\nthen a second line');
    // gettext's msgattrib removes exactly those lines: it parsed them as the previous msgid.
    const cleared = execFileSync('msgattrib', ['--clear-previous', '--no-wrap', file], { encoding: 'utf8' });
    expect(cleared).not.toContain('#|');
    expect(cleared).toContain('Скажите «да»');
  });

  it('keeps the header comment ASCII, so a tool may save the file as CP1251 or KOI8-R', () => {
    const text = readFileSync(written(), 'utf8');
    const head = text.slice(0, text.indexOf('msgid ""'));
    expect(head).toMatch(/^# review 2022: 01-overview\.md, en to ru\.\n# Translate msgstr;/);
    expect([...head].every((c) => c.charCodeAt(0) < 0x80)).toBe(true);
  });
});

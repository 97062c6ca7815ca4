// An import that can never lose or corrupt work, tried the way translators' tools really produce
// files: a PO converted to CP1251 by gettext's msgconv, a Kazakh file with a wrong Language header,
// msgstr with a blank line or a list marker (Shift+Enter in a CAT tool), an old export imported after
// the source changed, a finished translation replaced, entries without msgctxt (translate-toolkit's
// round trip), the same file twice, region subtags. Files are filled with gettext-parser and read back
// with it; every refusal is a whole message line, and nothing is written.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import gettextParser from 'gettext-parser';
import { xml2js, type Element } from 'xml-js';
import { copyFixture, ROOT, runMain, snapshot, tempDir } from '../support/cli.js';
import { similarity } from '../../src/translate/match.js';
import { align } from '../../src/translate/record.js';
import { markdownSegments } from '../../src/translate/segments.js';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'translate');
const OVERVIEW = path.join('ru', '01-overview.po');

/** Export `locale` of a fresh copy of the fixture; returns the content folder and the export folder. */
async function exported(locale = 'ru'): Promise<{ content: string; out: string }> {
  const content = copyFixture(FIXTURE);
  const out = tempDir();
  const result = await runMain(['export', '--content', content, '--locale', locale, '--out', out]);
  expect(result.code).toBe(0);
  return { content, out };
}

/** Fill a PO as a CAT tool would (gettext-parser writes it), flags cleared. */
function fill(
  file: string,
  translate: (msgid: string) => string,
  edit?: (po: import('gettext-parser').PoData) => void,
) {
  const po = gettextParser.po.parse(readFileSync(file));
  for (const entries of Object.values(po.translations))
    for (const [msgid, entry] of Object.entries(entries)) {
      if (msgid === '') continue;
      entry.msgstr = [translate(msgid)];
      if (entry.comments) delete entry.comments.flag;
    }
  edit?.(po);
  writeFileSync(file, gettextParser.po.compile(po, { foldLength: 0 }));
}

const russian = (msgid: string) => `Перевод: ${msgid}`;

/** Line of the msgstr whose entry's msgid contains `needle` (1-based). */
function msgstrLine(file: string, needle: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const at = lines.findIndex((l) => l.startsWith('msgid') && l.includes(needle));
  return lines.findIndex((l, i) => i > at && l.startsWith('msgstr')) + 1;
}

async function refused(content: string, args: string[]) {
  const before = snapshot(content);
  const result = await runMain(['import', '--content', content, ...args]);
  expect(result.code).toBe(1);
  expect(snapshot(content)).toEqual(before);
  return result.stderr;
}

describe('the encoding a PO file declares is honoured', () => {
  it('a PO converted to CP1251 by msgconv imports as Russian text, not U+FFFD', async () => {
    const { content, out } = await exported();
    const file = path.join(out, OVERVIEW);
    fill(file, russian);
    const cp1251 = path.join(out, 'cp1251', 'ru', '01-overview.po');
    mkdirSync(path.dirname(cp1251), { recursive: true });
    writeFileSync(cp1251, execFileSync('msgconv', ['--to-code=CP1251', file]));
    expect(readFileSync(cp1251, 'latin1')).toContain('charset=CP1251');
    const result = await runMain(['import', '--content', content, cp1251]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const ru = readFileSync(path.join(content, 'ru', '01-overview.md'), 'utf8');
    expect(ru).not.toContain('\uFFFD');
    expect(ru).toContain('# Перевод: Overview of water access');
    expect(ru).toContain('- Перевод: Wells were drilled in six regions.');
  });

  it('a CP1251 file that claims UTF-8 is refused at its first undecodable byte', async () => {
    const { content, out } = await exported();
    const file = path.join(out, OVERVIEW);
    fill(file, russian);
    const utf8 = readFileSync(file, 'utf8');
    const bytes = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'CP1251'], { input: utf8 });
    writeFileSync(file, bytes);
    const line = utf8.split('\n').findIndex((l) => l.startsWith('msgstr "Перевод')) + 1; // the first Cyrillic
    const stderr = await refused(content, [file]);
    expect(stderr).toBe(
      `${file}:${line}:9 error the file is not valid utf-8 (the encoding it declares): its text would be read as garbage (save it as UTF-8, or declare its encoding in the header ("Content-Type: text/plain; charset=CP1251\\n")) import:charset\n`,
    );
  });

  it('a CP1251 file that declares no encoding at all is refused at its first undecodable byte', async () => {
    const { content, out } = await exported();
    const file = path.join(out, OVERVIEW);
    fill(file, russian);
    const utf8 = readFileSync(file, 'utf8').replace(/^"Content-Type: [^\n]*\n/m, '');
    expect(utf8).not.toContain('charset');
    writeFileSync(file, execFileSync('iconv', ['-f', 'UTF-8', '-t', 'CP1251'], { input: utf8 }));
    const line = utf8.split('\n').findIndex((l) => l.startsWith('msgstr "Перевод')) + 1;
    const stderr = await refused(content, [file]);
    expect(stderr).toBe(
      `${file}:${line}:9 error the file is not valid UTF-8 and declares no other encoding: its text would be read as garbage (save it as UTF-8, or declare its encoding in the header ("Content-Type: text/plain; charset=CP1251\\n")) import:charset\n`,
    );
  });
});

describe('a file whose language headers disagree is refused', () => {
  it('a Kazakh file with `Language: ru`, outside a locale folder, does not overwrite the Russian chapter', async () => {
    const { content, out } = await exported('kk');
    const file = path.join(out, 'kk', '02-rights', '01-drinking.po');
    fill(file, (msgid) => `ҚАЗ ${msgid}`);
    const incoming = path.join(out, 'incoming', '01-drinking.po');
    mkdirSync(path.dirname(incoming), { recursive: true });
    writeFileSync(incoming, readFileSync(file, 'utf8').replace('"Language: kk\\n"', '"Language: ru\\n"'));
    const line = readFileSync(incoming, 'utf8').split('\n').indexOf('"Language: ru\\n"') + 1;
    const stderr = await refused(content, [incoming]);
    expect(stderr).toBe(
      `${incoming}:${line}:1 error the header says Language: ru but Language-Team: kk, so the file's language is unknown (set both to the locale the file was translated into (export that locale again if it is not kk)) import:wrong-locale\n`,
    );
  });

  it('region subtags name the edition locale: kk_KZ and kk-KZ import into kk', async () => {
    const { content, out } = await exported('kk');
    const file = path.join(out, 'kk', '01-overview.po');
    fill(file, (msgid) => `ҚАЗ ${msgid}`);
    const text = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      text
        .replace('"Language: kk\\n"', '"Language: kk_KZ\\n"')
        .replace('"Language-Team: kk\\n"', '"Language-Team: kk-KZ\\n"'),
    );
    const result = await runMain(['import', '--content', content, file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(content, 'kk', '01-overview.md'), 'utf8')).toContain(
      '# ҚАЗ Overview of water access',
    );
  });
});

describe('a translation that would change the Markdown blocks is refused at its msgstr', () => {
  const cases: [string, (msgid: string) => string, string][] = [
    [
      'a blank line (Shift+Enter twice)',
      (m) => m.replace('The programme is', 'Перевод.\n\nThe programme is'),
      'has a blank line, which would start a new paragraph',
    ],
    [
      'a list marker at a line start',
      (m) => m.replace('The programme is', '\n- The programme is'),
      'would make a list (`-`, `*`, `+` or `1.` at the start of a line) in the Markdown: keep it one paragraph',
    ],
    [
      'a heading marker at a line start',
      (m) => m.replace('The programme is', '\n# The programme is'),
      'would make a heading (`#` at the start of a line, or a line of `---` or `===` under text) in the Markdown: keep it one paragraph',
    ],
    [
      '`:::` at a line start',
      (m) => m.replace('The programme is', '\n:::\nThe programme is'),
      'has `:::` at the start of a line, which would open or close a callout box',
    ],
    [
      'an unclosed bold marker',
      (m) => m.replace('The programme is', '**The programme is'),
      'has a `**`, `__` or `~~` that opens or closes nothing: it would print literally',
    ],
    [
      'front matter at the start of the translation',
      (m) => `---\ntitle: Перевод\n---\n${m}`,
      'would make front matter (`---` on the first line) in the Markdown: keep it one paragraph',
    ],
    [
      'an italic span the source has not (a CAT tool’s formatting written as Markdown)',
      (m) => m.replace('The programme is', 'The *programme* is'),
      'has 1 italic (`*…*` or `_…_`) span where the source has 0',
    ],
    [
      'raw HTML',
      (m) => m.replace('The programme is', '<b>The</b> programme is'),
      'has raw HTML, which Briefing refuses (write the text without tags)',
    ],
  ];
  it.each(cases)('%s', async (_name, edit, problem) => {
    const { content, out } = await exported();
    const file = path.join(out, OVERVIEW);
    const paragraph = 'Rural districts received new wells in 2024.';
    fill(file, (msgid) => (msgid.startsWith(paragraph) ? edit(msgid) : russian(msgid)));
    const stderr = await refused(content, [file]);
    expect(stderr).toBe(
      `${file}:${msgstrLine(file, paragraph)}:1 error translation of segment 90792ec86075 (“Rural districts received new wells in 2024.[^wells-report] The…”) ${problem} (keep the translation one block like its source: no blank lines, no markers at line starts) import:structure\n`,
    );
  });

  it('after a valid import every block of the chapter counts as translated', async () => {
    const { content, out } = await exported();
    fill(path.join(out, OVERVIEW), (msgid) => russian(msgid).replace(/ wells /, ' wells\n'));
    expect((await runMain(['import', '--content', content, path.join(out, OVERVIEW)])).code).toBe(0);
    const again = tempDir();
    expect((await runMain(['export', '--content', content, '--locale', 'ru', '--out', again])).stdout).toContain(
      `${path.join(again, OVERVIEW)}: 13 done, 0 fuzzy, 0 to translate`,
    );
  });
});

describe('an old export imported after the source changed keeps every translation', () => {
  it('edited paragraphs keep theirs as needs review with the previous msgid; unchanged ones are done', async () => {
    const { content, out } = await exported();
    const file = path.join(out, OVERVIEW);
    fill(file, russian);
    const source = path.join(content, 'en', '01-overview.md');
    writeFileSync(
      source,
      readFileSync(source, 'utf8')
        .replace('Wells were drilled in six regions.', 'Wells were drilled in seven regions.')
        .replace('In 2024, 120 villages received a well.', 'In 2024, 121 villages received a well.'),
    );
    const result = await runMain(['import', '--content', content, file]);
    expect(result.code).toBe(0);
    const line = msgstrLine(file, 'Wells were drilled in six regions.');
    expect(result.stderr).toContain(
      `${file}:${line}:1 info the source of segment 62d97772297f changed since export (83 % alike): its translation is kept for “Wells were drilled in seven regions.” at ${source}:16, marked for review (review it against the new source (export again: it is fuzzy, with the previous source)) import:source-changed\n`,
    );
    const ru = readFileSync(path.join(content, 'ru', '01-overview.md'), 'utf8');
    expect(ru).toContain('- Перевод: Wells were drilled in six regions.');
    expect(ru).toContain('Перевод: In 2024, 120 villages received a well.');
    // The next export (read by gettext-parser): the two edited paragraphs fuzzy with `#| msgid`, the rest done.
    const again = tempDir();
    const next = await runMain(['export', '--content', content, '--locale', 'ru', '--out', again]);
    expect(next.stdout).toContain(`${path.join(again, OVERVIEW)}: 11 done, 2 fuzzy, 0 to translate`);
    const po = gettextParser.po.parse(readFileSync(path.join(again, OVERVIEW)));
    const fuzzy = Object.values(po.translations)
      .flatMap((e) => Object.values(e))
      .filter((e) => e.comments?.flag === 'fuzzy')
      .map((e) => [e.msgid, e.msgstr[0], e.comments?.previous]);
    expect(fuzzy).toEqual([
      [
        'Wells were drilled in seven regions.',
        'Перевод: Wells were drilled in six regions.',
        'msgid "Wells were drilled in six regions."',
      ],
      [
        'In 2024, 121 villages received a well.',
        'Перевод: In 2024, 120 villages received a well.',
        'msgid "In 2024, 120 villages received a well."',
      ],
    ]);
  });

  it('an edited edition.yaml value imports as needs review, never as done', async () => {
    const { content, out } = await exported('kk');
    const file = path.join(out, 'kk', 'edition.po');
    fill(file, (msgid) => `ҚАЗ ${msgid}`);
    const source = path.join(content, 'en', 'edition.yaml');
    writeFileSync(source, readFileSync(source, 'utf8').replace('Water Rights Monitor', 'Water Rights Monitor 2025'));
    expect((await runMain(['import', '--content', content, file])).code).toBe(0);
    const again = tempDir();
    await runMain(['export', '--content', content, '--locale', 'kk', '--out', again]);
    const po = gettextParser.po.parse(readFileSync(path.join(again, 'kk', 'edition.po')));
    const title = po.translations['edition.yaml:title']!['Water Rights Monitor 2025']!;
    expect([title.msgstr[0], title.comments?.flag, title.comments?.previous]).toEqual([
      'ҚАЗ Water Rights Monitor',
      'fuzzy',
      'msgid "Water Rights Monitor"',
    ]);
  });
});

describe('finished translations, duplicates and entries without msgctxt', () => {
  it('replacing a finished translation with different text needs --overwrite', async () => {
    const { content, out } = await exported();
    const file = path.join(out, OVERVIEW);
    fill(file, russian);
    expect((await runMain(['import', '--content', content, file])).code).toBe(0);
    fill(file, (msgid) => `Другой перевод: ${msgid}`);
    const ruFile = path.join(content, 'ru', '01-overview.md');
    const ruLine = readFileSync(ruFile, 'utf8').split('\n').indexOf('# Перевод: Overview of water access') + 1;
    const stderr = await refused(content, [file]);
    expect(stderr).toContain(
      `${file}:${msgstrLine(file, 'Overview of water access')}:1 error translation of segment bc98811061d2 (“Overview of water access”) would replace the finished translation at ${ruFile}:${ruLine} (“Перевод: Overview of water access”) with different text (pass --overwrite to replace finished translations, or import the file into the locale it was translated for) import:overwrite\n`,
    );
    expect((await runMain(['import', '--content', content, '--overwrite', file])).code).toBe(0);
    expect(readFileSync(ruFile, 'utf8')).toContain('# Другой перевод: Overview of water access');
  });

  it('entries without msgctxt (a translate-toolkit round trip drops it) are matched by their source text', async () => {
    const { content, out } = await exported();
    const file = path.join(out, OVERVIEW);
    fill(file, russian, (po) => {
      const all = Object.values(po.translations).flatMap((e) => Object.values(e));
      po.translations = { '': Object.fromEntries(all.map((e) => [e.msgid, { ...e, msgctxt: undefined }])) };
    });
    expect(readFileSync(file, 'utf8')).not.toContain('msgctxt');
    const result = await runMain(['import', '--content', content, file]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(
      `${path.join(content, 'ru', '01-overview.md')}: written (13 done, 0 fuzzy, 0 to translate)`,
    );
  });

  it('a PO through translate-toolkit (po2xliff, then xliff2po: msgctxt is lost) imports every entry', async () => {
    const { content, out } = await exported();
    const file = path.join(out, OVERVIEW);
    fill(file, russian);
    const xlf = path.join(out, 'overview.xlf');
    execFileSync('po2xliff', [file, xlf], { stdio: 'ignore' });
    const back = path.join(out, 'back', 'ru', '01-overview.po');
    mkdirSync(path.dirname(back), { recursive: true });
    execFileSync('xliff2po', [xlf, back], { stdio: 'ignore' });
    expect(readFileSync(back, 'utf8')).not.toContain('msgctxt');
    const result = await runMain(['import', '--content', content, back]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(
      `${path.join(content, 'ru', '01-overview.md')}: written (13 done, 0 fuzzy, 0 to translate)`,
    );
    expect(readFileSync(path.join(content, 'ru', '01-overview.md'), 'utf8')).toContain(
      '- Перевод: Pipelines were repaired in two cities.[^pipes]',
    );
  });

  it('the same entry twice in one PO, translated differently, is refused at the second', async () => {
    const { content, out } = await exported();
    const file = path.join(out, OVERVIEW);
    fill(file, russian);
    // A CAT tool that wrote the unit twice: the heading's entry copied to the end, with other text.
    const text = readFileSync(file, 'utf8');
    const entry = text.slice(text.lastIndexOf('\n\n', text.indexOf('msgid "Overview of water access"')) + 2);
    const copy = entry.slice(0, entry.indexOf('\n\n')).replace('msgstr "Перевод: ', 'msgstr "Иначе: ');
    writeFileSync(file, `${text.trimEnd()}\n\n${copy}\n`);
    const lines = readFileSync(file, 'utf8').split('\n');
    const first = msgstrLine(file, 'Overview of water access');
    const second = lines.findIndex((l) => l.startsWith('msgstr "Иначе: ')) + 1;
    const stderr = await refused(content, [file]);
    expect(stderr).toContain(
      `${file}:${second}:1 error segment bc98811061d2 (“Overview of water access”) is also translated at ${file}:${first}, differently (keep one of the two translations (import one file per source file)) import:duplicate\n`,
    );
  });

  it('a PO and an XLIFF translating the same file differently are refused, naming both', async () => {
    const { content, out } = await exported();
    const file = path.join(out, OVERVIEW);
    fill(file, russian);
    const xliffOut = tempDir();
    await runMain(['export', '--content', content, '--locale', 'ru', '--format', 'xliff', '--out', xliffOut]);
    const xlf = path.join(xliffOut, 'ru', '01-overview.xlf');
    writeFileSync(
      xlf,
      readFileSync(xlf, 'utf8').replace(
        /<segment state="initial" subState="briefing:needs-translation">\n(\s*)<source xml:space="preserve">Overview of water access<\/source>/,
        '<segment state="final">\n$1<source xml:space="preserve">Overview of water access</source><target>Обзор</target>',
      ),
    );
    const line =
      readFileSync(xlf, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('<target>Обзор')) + 1;
    const stderr = await refused(content, [file, xlf]);
    expect(stderr).toContain(
      `${xlf}:${line}:1 error segment bc98811061d2 (“Overview of water access”) is also translated at ${file}:${msgstrLine(file, 'Overview of water access')}, differently (keep one of the two translations (import one file per source file)) import:duplicate\n`,
    );
  });
});

describe('the locale memory fills what a new edition moved, repeated or edited', () => {
  it('a section moved to another chapter keeps its translations: exact matches done, an edited one fuzzy', async () => {
    const { content, out } = await exported();
    for (const file of readdirSync(path.join(out, 'ru'), { recursive: true, withFileTypes: true }))
      if (file.isFile()) fill(path.join(file.parentPath, file.name), russian);
    const imported = await runMain(['import', '--content', content, path.join(out, 'ru')]);
    expect(imported.code).toBe(0);
    // The next edition: the sanitation section moves to a new chapter, one sentence edited.
    const en = path.join(content, 'en');
    mkdirSync(path.join(en, '03-services'));
    writeFileSync(path.join(en, '03-services', 'index.md'), '# Public services\n\nServices are listed below.\n');
    writeFileSync(
      path.join(en, '03-services', '01-sanitation.md'),
      readFileSync(path.join(en, '02-rights', '02-sanitation.md'), 'utf8').replace('300 schools', '320 schools'),
    );
    execFileSync('rm', [path.join(en, '02-rights', '02-sanitation.md')]);
    const again = tempDir();
    const next = await runMain(['export', '--content', content, '--locale', 'ru', '--out', again]);
    const moved = path.join(again, 'ru', '03-services', '01-sanitation.po');
    expect(next.stdout).toContain(`${moved}: 3 done, 1 fuzzy, 0 to translate`);
    expect(next.stdout).toContain(
      `${path.join(again, 'ru', '03-services', 'index.po')}: 0 done, 0 fuzzy, 2 to translate`,
    );
    const po = gettextParser.po.parse(readFileSync(moved));
    const entries = Object.values(po.translations)
      .flatMap((e) => Object.values(e))
      .filter((e) => e.msgid !== '');
    expect(entries.map((e) => [e.msgid, e.msgstr[0], e.comments?.flag, e.comments?.previous])).toEqual([
      ['Sanitation', 'Перевод: Sanitation', undefined, undefined],
      ['Sanitation', 'Перевод: Sanitation', undefined, undefined],
      [
        'Sanitation reached a third of rural schools.',
        'Перевод: Sanitation reached a third of rural schools.',
        undefined,
        undefined,
      ],
      [
        'Hand-washing stations were installed in 320 schools.',
        'Перевод: Hand-washing stations were installed in 300 schools.',
        'fuzzy',
        'msgid "Hand-washing stations were installed in 300 schools."',
      ],
    ]);
    // Imported as exported: the moved section is written, three blocks done and one to review.
    const result = await runMain(['import', '--content', content, path.join(again, 'ru', '03-services')]);
    expect(result.stdout).toContain(
      `${path.join(content, 'ru', '03-services', '01-sanitation.md')}: written (3 done, 1 fuzzy, 0 to translate)`,
    );
  });
});

describe("a split paragraph is not offered the next paragraph's translation", () => {
  it('align pairs by similarity where a gap has more new paragraphs than old ones', () => {
    const old =
      'Wells were drilled in six regions and pipes were laid in four cities this year.\n\nThe ministry published its annual report on water quality in March.\n';
    const next =
      'Wells were drilled in six regions this year.\n\nPipes were laid in four cities.\n\nThe ministry published its annual report on water quality in April.\n';
    const before = markdownSegments(old);
    const after = markdownSegments(next);
    const { states } = align(
      before.map((s) => s.fingerprint),
      after,
      (r, c) => similarity(before[r]!.text, after[c]!.text),
    );
    expect(states).toEqual([
      { state: 'changed', recordIndex: 0 },
      { state: 'missing' },
      { state: 'changed', recordIndex: 1 },
    ]);
  });
});

describe('nothing stale or untranslated is printed silently', () => {
  it('check warns at the translated line, old → new, and --strict fails', async () => {
    const { content, out } = await exported('kk');
    const file = path.join(out, 'kk', '01-overview.po');
    // One list item left untranslated: the en text stands in the kk file.
    fill(file, (msgid) => (msgid.startsWith('Pipelines were repaired') ? '' : `ҚАЗ ${msgid}`));
    expect((await runMain(['import', '--content', content, file])).code).toBe(0);
    const source = path.join(content, 'en', '01-overview.md');
    writeFileSync(source, readFileSync(source, 'utf8').replace('six regions', 'seven regions'));
    const kk = path.join(content, 'kk', '01-overview.md');
    const lines = readFileSync(kk, 'utf8').split('\n');
    const stale = lines.indexOf('- ҚАЗ Wells were drilled in six regions.') + 1;
    const english = lines.indexOf('- Pipelines were repaired in two cities.[^pipes]') + 1;
    const check = await runMain(['check', '--content', content, '--locale', 'kk']);
    expect(check.code).toBe(0);
    const fix =
      '(update the translation (`briefing export --locale kk` offers it for review), then import it or run `briefing status --update`) locale:stale';
    expect(check.stderr).toContain(
      `${kk}:${stale}:1 warning item translated from an older source text (${source}:16 now: Wells were drilled in [-six-]{+seven+} regions.): printed as translated ${fix}\n`,
    );
    expect(check.stderr).toContain(
      `${kk}:${english}:1 warning item not translated (${source}:17): the en text is printed ${fix}\n`,
    );
    expect((await runMain(['check', '--content', content, '--locale', 'kk', '--strict'])).code).toBe(1);
    // build says the same (the web edition: no browser needed), and --strict writes nothing.
    const site = tempDir();
    const args = ['build', '--content', content, '--locale', 'kk', '--format', 'html', '--out', site];
    const built = await runMain(args);
    expect(built.code).toBe(0);
    expect(built.stderr).toContain(`${kk}:${stale}:1 warning item translated from an older source text`);
    expect(built.stderr).toContain(`${kk}:${english}:1 warning item not translated (${source}:17)`);
    const strictSite = tempDir();
    expect((await runMain([...args.slice(0, -1), strictSite, '--strict'])).code).toBe(1);
    expect(readdirSync(strictSite)).toEqual([]);
  });
});

describe('templates for a new language', () => {
  it('export --format pot → msginit -l kk_KZ → filled → imported into kk', async () => {
    const content = copyFixture(FIXTURE);
    const out = tempDir();
    const result = await runMain(['export', '--content', content, '--format', 'pot', '--out', out]);
    expect(result.code).toBe(0);
    const pot = path.join(out, 'pot', '01-overview.pot');
    expect(result.stdout).toContain(`${pot}: 13 to translate`);
    execFileSync('msgfmt', ['--check', '-o', '/dev/null', pot], { stdio: 'pipe' }); // a POT's empty Language is only a warning
    const po = path.join(out, 'kk', '01-overview.po');
    mkdirSync(path.dirname(po), { recursive: true });
    execFileSync('msginit', ['--no-translator', '-l', 'kk_KZ', '-i', pot, '-o', po], { stdio: 'ignore' });
    fill(po, (msgid) => `ҚАЗ ${msgid}`);
    const imported = await runMain(['import', '--content', content, po]);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toContain(
      `${path.join(content, 'kk', '01-overview.md')}: written (13 done, 0 fuzzy, 0 to translate)`,
    );
  });
});

describe('TMX, the CAT tools’ memory exchange, both ways', () => {
  it('export --format tmx writes every translation of the locale as a <tu>', async () => {
    const { content, out } = await exported('kk');
    fill(path.join(out, 'kk', '01-overview.po'), (msgid) => `ҚАЗ ${msgid}`);
    expect((await runMain(['import', '--content', content, path.join(out, 'kk', '01-overview.po')])).code).toBe(0);
    const tmxOut = tempDir();
    const result = await runMain([
      'export',
      '--content',
      content,
      '--locale',
      'kk',
      '--format',
      'tmx',
      '--out',
      tmxOut,
    ]);
    const file = path.join(tmxOut, 'kk', 'memory.tmx');
    expect(result.stdout).toBe(`${file}: 13 translation units\n`); // the 13 segments of 01-overview.md
    const doc = xml2js(readFileSync(file, 'utf8'), { compact: false }) as Element;
    const tus: string[][] = [];
    const walk = (el: Element) => {
      if (el.name === 'tu')
        tus.push(
          el.elements!.map(
            (tuv) => `${String(tuv.attributes!['xml:lang'])}: ${String(tuv.elements![0]!.elements?.[0]?.text ?? '')}`,
          ),
        );
      el.elements?.forEach(walk);
    };
    walk(doc);
    expect(tus).toHaveLength(13);
    expect(tus).toContainEqual([
      'en: Pipelines were repaired in two cities.[^pipes]',
      'kk: ҚАЗ Pipelines were repaired in two cities.[^pipes]',
    ]);
  });

  it("a translator's own TMX feeds the next export: exact matches pre-filled, similar ones fuzzy", async () => {
    const content = copyFixture(FIXTURE);
    const tmx = path.join(tempDir(), 'mine.tmx');
    writeFileSync(
      tmx,
      `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="memoQ" creationtoolversion="9" segtype="sentence" o-tmf="memoQ" adminlang="en-US" srclang="en-US" datatype="plaintext"/>
<body>
<tu><tuv xml:lang="en-US"><seg>Wells were drilled in six regions.</seg></tuv><tuv xml:lang="ru-RU"><seg>Скважины пробурены в шести регионах.</seg></tuv></tu>
<tu><tuv xml:lang="en-US"><seg>Pipelines were repaired in three cities.[^pipes]</seg></tuv><tuv xml:lang="ru-RU"><seg>Трубопроводы отремонтированы в трёх городах.[^pipes]</seg></tuv></tu>
</body></tmx>
`,
    );
    const imported = await runMain(['import', '--content', content, tmx]);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toBe(
      `${path.join(content, 'ru', '.source', 'memory.json')}: translation memory, 2 units\n`,
    );
    const out = tempDir();
    await runMain(['export', '--content', content, '--locale', 'ru', '--out', out]);
    const po = gettextParser.po.parse(readFileSync(path.join(out, OVERVIEW)));
    const byId = new Map(
      Object.values(po.translations)
        .flatMap((e) => Object.values(e))
        .map((e) => [e.msgid, e]),
    );
    const wells = byId.get('Wells were drilled in six regions.')!;
    expect([wells.msgstr[0], wells.comments?.flag]).toEqual(['Скважины пробурены в шести регионах.', undefined]);
    const pipes = byId.get('Pipelines were repaired in two cities.[^pipes]')!;
    expect([pipes.msgstr[0], pipes.comments?.flag, pipes.comments?.previous]).toEqual([
      'Трубопроводы отремонтированы в трёх городах.[^pipes]',
      'fuzzy',
      'msgid "Pipelines were repaired in three cities.[^pipes]"',
    ]);
  });
});

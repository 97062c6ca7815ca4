// The translator's round trip through real CAT-tool file libraries: export → fill with gettext-parser
// (PO) or xml-js (XLIFF) → import → status → build; then one source edit → exactly one fuzzy entry;
// then every refusal of import, each with its file:line and segment.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import gettextParser from 'gettext-parser';
import xliff from 'xliff';
import { js2xml, xml2js, type Element } from 'xml-js';
import { copyFixture, ROOT, runCli, snapshot, tempDir } from '../support/cli.js';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'translate');

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

type PoTranslations = import('gettext-parser').PoData['translations'];

/** Fill every entry the way a translator's tool would: a translation, flags cleared. */
function fillPo(file: string, translate: (msgid: string, ctx: string) => string, foldLength = 76): void {
  const po = gettextParser.po.parse(readFileSync(file));
  const translations: PoTranslations = po.translations;
  for (const [ctx, entries] of Object.entries(translations)) {
    for (const [msgid, entry] of Object.entries(entries)) {
      if (msgid === '') continue;
      entry.msgstr = [translate(msgid, ctx)];
      if (entry.comments) delete entry.comments.flag;
    }
  }
  writeFileSync(file, gettextParser.po.compile(po, { foldLength }));
}

const kazakh = (msgid: string) => `ҚАЗ ${msgid}`;

describe('PO round trip for kk (a locale with almost nothing yet)', () => {
  let content: string;
  let out: string;
  let exported: ReturnType<typeof runCli>;

  beforeAll(() => {
    content = copyFixture(FIXTURE);
    out = tempDir();
    exported = runCli(['export', '--content', content, '--locale', 'kk', '--out', out]);
  });

  it('writes one PO per source file, mirroring its path, plus one for edition.yaml and strings.yaml', () => {
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(files(path.join(out, 'kk'), '.po').map((f) => path.relative(out, f))).toEqual([
      'kk/01-overview.po',
      'kk/02-rights/01-drinking.po',
      'kk/02-rights/02-sanitation.po',
      'kk/02-rights/index.po',
      'kk/edition.po',
      'kk/preface.po',
      'kk/sources.po',
    ]);
    // kk/strings.yaml has one string, never recorded: offered pre-filled but fuzzy (unconfirmed).
    expect(exported.stdout).toContain(`${path.join(out, 'kk', 'edition.po')}: 0 done, 1 fuzzy, 15 to translate`);
  });

  it('passes msgfmt --check and reads in gettext-parser: segments, stable ids, Markdown kept verbatim', () => {
    for (const file of files(path.join(out, 'kk'), '.po')) {
      const check = spawnSync('msgfmt', ['--check', '-o', '/dev/null', file], { encoding: 'utf8' });
      expect(check.stderr, file).toBe('');
      expect(check.status, file).toBe(0);
    }
    const po = gettextParser.po.parse(readFileSync(path.join(out, 'kk', '01-overview.po')));
    expect(po.headers.Language).toBe('kk');
    const entries = Object.values(po.translations)
      .flatMap((e) => Object.values(e))
      .filter((e) => e.msgid !== '');
    expect(entries.map((e) => [e.comments?.extracted, e.msgid])).toEqual([
      ['short', 'Overview'],
      ['heading', 'Overview of water access'],
      [
        'paragraph',
        "Rural districts received new wells in 2024.[^wells-report] The programme is described on the [council's website](https://example.org/programme).",
      ],
      ['paragraph', 'The `water-index` table below counts villages by source:'],
      ['cell', 'Source'],
      ['cell', 'Villages'],
      ['cell', 'Wells'],
      ['cell', '120'],
      ['cell', 'Pipelines'],
      ['cell', '45'],
      ['item', 'Wells were drilled in six regions.'],
      ['item', 'Pipelines were repaired in two cities.[^pipes]'],
      ['callout', 'In 2024, 120 villages received a well.'],
    ]);
    expect(entries.every((e) => /^[0-9a-f]{12}$/.test(e.msgctxt ?? ''))).toBe(true);
    const notes = gettextParser.po.parse(readFileSync(path.join(out, 'kk', 'sources.po')));
    const titles = Object.values(notes.translations)
      .flatMap((e) => Object.values(e))
      .map((e) => e.msgid);
    expect(titles).toContain('Report on rural wells'); // title only: the URL is not offered for translation
    expect(titles.join('\n')).not.toContain('https://');
    // Already translated strings come pre-filled and done; the rest empty.
    const edition = gettextParser.po.parse(readFileSync(path.join(out, 'kk', 'edition.po')));
    expect(edition.translations['strings.yaml:contents']?.Contents?.msgstr).toEqual(['Мазмұны']);
    expect(edition.translations['strings.yaml:contents']?.Contents?.comments?.flag).toBe('fuzzy');
    expect(edition.translations['edition.yaml:title']?.['Water Rights Monitor']?.msgstr).toEqual(['']);
  });

  it('keeps ids when paragraphs are reordered', () => {
    const moved = copyFixture(FIXTURE);
    const file = path.join(moved, 'en', '02-rights', '02-sanitation.md');
    const text = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      text.replace(
        'Sanitation reached a third of rural schools.\n\nHand-washing stations were installed in 300 schools.',
        'Hand-washing stations were installed in 300 schools.\n\nSanitation reached a third of rural schools.',
      ),
    );
    const again = tempDir();
    expect(runCli(['export', '--content', moved, '--locale', 'kk', '--out', again]).code).toBe(0);
    const ids = (dir: string) =>
      Object.keys(
        gettextParser.po.parse(readFileSync(path.join(dir, 'kk', '02-rights', '02-sanitation.po'))).translations,
      )
        .filter(Boolean)
        .sort();
    expect(ids(again)).toEqual(ids(out));
  });

  it('imports the filled files, records them, and builds the kk edition from them', () => {
    const filled = tempDir();
    execFileSync('cp', ['-r', path.join(out, 'kk'), filled]);
    for (const file of files(path.join(filled, 'kk'), '.po')) fillPo(file, kazakh);
    const imported = runCli(['import', '--content', content, path.join(filled, 'kk')]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('kk/01-overview.md: written (13 done, 0 fuzzy, 0 to translate)');

    const overview = readFileSync(path.join(content, 'kk', '01-overview.md'), 'utf8');
    expect(overview).toMatch(/^---\nshort: ҚАЗ Overview\ntranslation:\n {2}from: en\n {2}blocks:\n/);
    expect(overview).toContain('ҚАЗ Rural districts received new wells in 2024.[^wells-report]');
    expect(overview).toContain('| ҚАЗ Wells | ҚАЗ 120 |');
    expect(overview).toContain(':::callout\nҚАЗ In 2024, 120 villages received a well.\n:::');
    expect(readFileSync(path.join(content, 'kk', 'sources.md'), 'utf8')).toContain(
      '[^wells-report]: ҚАЗ Report on rural wells <https://example.org/wells>',
    );
    expect(readFileSync(path.join(content, 'kk', 'edition.yaml'), 'utf8')).toContain('title: ҚАЗ Water Rights Monitor');
    // edition.yaml gets no front matter: its record lives beside it.
    expect(readFileSync(path.join(content, 'kk', 'edition.yaml'), 'utf8')).not.toContain('---');

    const status = runCli(['status', '--content', content, '--locale', 'kk', '--strict']);
    expect(status.stdout).toMatch(
      /^kk: 8 translated, 0 stale, 0 missing, 0 not recorded; words: \d+ done, 0 stale, 0 to translate/,
    );
    expect(status.code).toBe(0);

    const html = tempDir();
    const build = runCli([
      'build',
      '--content',
      content,
      '--locale',
      'kk',
      '--format',
      'html',
      '--out',
      html,
      '--strict',
    ]);
    expect(build.stderr).not.toMatch(/warning|error/);
    expect(build.code).toBe(0);
    const page = readFileSync(path.join(html, 'kk', 'cat-round-trip-2024.kk.html'), 'utf8');
    expect(page).toContain('ҚАЗ Rural districts received new wells in 2024.');
    expect(page).toContain('ҚАЗ Report on rural wells');
    expect(page).toContain('href="https://example.org/programme"');
  });

  it('export → import with no edits changes no file', () => {
    const before = snapshot(content);
    const again = tempDir();
    expect(runCli(['export', '--content', content, '--locale', 'kk', '--out', again]).code).toBe(0);
    const result = runCli(['import', '--content', content, path.join(again, 'kk')]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('written');
    expect(snapshot(content)).toEqual(before);
  });

  it('one source edit → exactly one fuzzy entry with its previous text, and status shows old → new at the kk line', () => {
    const source = path.join(content, 'en', '02-rights', '01-drinking.md');
    writeFileSync(
      source,
      readFileSync(source, 'utf8').replace(
        'A national standard was adopted in May.',
        'A national standard was adopted in June.',
      ),
    );
    const again = tempDir();
    expect(runCli(['export', '--content', content, '--locale', 'kk', '--out', again]).code).toBe(0);
    const fuzzy = files(path.join(again, 'kk'), '.po').flatMap((file) => {
      const po = gettextParser.po.parse(readFileSync(file));
      return Object.values(po.translations)
        .flatMap((e) => Object.values(e))
        .filter((e) => e.comments?.flag?.includes('fuzzy'))
        .map((e) => ({
          file: path.basename(file),
          msgid: e.msgid,
          msgstr: e.msgstr[0],
          previous: e.comments?.previous,
        }));
    });
    expect(fuzzy).toEqual([
      {
        file: '01-drinking.po',
        msgid: 'A national standard was adopted in June.',
        msgstr: 'ҚАЗ A national standard was adopted in May.',
        previous: 'msgid "A national standard was adopted in May."',
      },
    ]);
    expect(readFileSync(path.join(again, 'kk', '02-rights', '01-drinking.po'), 'utf8')).toContain(
      '#, fuzzy\n#| msgid "A national standard was adopted in May."\nmsgctxt',
    );
    const status = runCli(['status', '--content', content, '--locale', 'kk']);
    const kkFile = path.join(content, 'kk', '02-rights', '01-drinking.md');
    const line = readFileSync(kkFile, 'utf8').split('\n').indexOf('ҚАЗ A national standard was adopted in May.') + 1;
    expect(status.stdout).toContain(
      `${kkFile}:${line}: the source changed (${source}:9)\n        … standard was adopted in [-May.-]{+June.+}\n`,
    );
    expect(status.stdout).not.toContain('removed');
    expect(runCli(['status', '--content', content, '--locale', 'kk', '--strict-stale']).code).toBe(1);
    expect(runCli(['status', '--content', content, '--locale', 'kk', '--strict-missing']).code).toBe(0);

    // The fuzzy entry imported as it is stays stale: not recorded as done.
    const imported = runCli(['import', '--content', content, path.join(again, 'kk')]);
    expect(imported.code).toBe(0);
    expect(runCli(['status', '--content', content, '--locale', 'kk', '--strict-stale']).code).toBe(1);
  });
});

describe('import refuses, naming file.po:line and the segment, and writes nothing', () => {
  let content: string;
  let po: string;
  let lineOf: (needle: string) => number;

  beforeAll(() => {
    content = copyFixture(FIXTURE);
    const out = tempDir();
    expect(runCli(['export', '--content', content, '--locale', 'ru', '--out', out]).code).toBe(0);
    po = path.join(out, 'ru', '01-overview.po');
    fillPo(po, (msgid) => msgid, 0); // one line per string: the edits below are plain replacements
    lineOf = (needle) => {
      const lines = readFileSync(po, 'utf8').split('\n');
      const at = lines.findIndex((l) => l.includes(needle));
      // the msgstr line of the entry whose msgid contains the needle
      return lines.findIndex((l, i) => i > at && l.startsWith('msgstr')) + 1;
    };
  });

  const refuse = (edit: (text: string) => string) => {
    const broken = path.join(tempDir(), 'ru');
    execFileSync('mkdir', ['-p', broken]);
    const file = path.join(broken, '01-overview.po');
    writeFileSync(file, edit(readFileSync(po, 'utf8')));
    const before = snapshot(content);
    const result = runCli(['import', '--content', content, file]);
    expect(result.code).toBe(1);
    expect(snapshot(content)).toEqual(before);
    return { stderr: result.stderr.replace(file, '01-overview.po') };
  };
  const paragraph = 'Rural districts received new wells in 2024.';

  it('a dropped note reference', () => {
    const { stderr } = refuse((t) =>
      t.replace(/(msgstr "Rural districts received new wells in 2024\.)\[\^wells-report\]/, '$1'),
    );
    expect(stderr).toContain(
      `01-overview.po:${lineOf(paragraph)}:1 error translation of segment 90792ec86075 (“Rural districts received new wells in 2024.[^wells-report] The…”) drops the note reference [^wells-report]`,
    );
  });

  it('an added note reference', () => {
    const { stderr } = refuse((t) =>
      t.replace('msgstr "Wells were drilled in six regions."', 'msgstr "Wells were drilled in six regions.[^pipes]"'),
    );
    expect(stderr).toContain(`01-overview.po:${lineOf('Wells were drilled')}:1 error translation of segment`);
    expect(stderr).toContain('adds the note reference [^pipes], which the source does not have');
  });

  it('a translated note name', () => {
    const { stderr } = refuse((t) => t.replace(/(msgstr "Rural[^\n]*)\[\^wells-report\]/, '$1[^отчет-о-скважинах]'));
    expect(stderr).toContain(
      'note reference [^отчет-о-скважинах] is not in the source: note names are not translated: use [^wells-report]',
    );
  });

  it('a broken link target and a changed code span', () => {
    expect(
      refuse((t) =>
        t.replace(/(msgstr "Rural[^\n]*)\(https:\/\/example\.org\/programme\)/, '$1(https://example.org/programm)'),
      ).stderr,
    ).toContain('breaks protected markup: the link target (https://example.org/programme) is missing or changed');
    expect(refuse((t) => t.replace('msgstr "The `water-index`', 'msgstr "The `индекс-воды`')).stderr).toContain(
      'breaks protected markup: the code `water-index` is missing or changed',
    );
  });

  it('a file of another locale', () => {
    // Every header saying kk (as a kk export has them), in the ru folder.
    const as = (locale: string) => (t: string) =>
      t.replace(/"(Language|Language-Team|X-Briefing-Locale): ru\\n"/g, `"$1: ${locale}\\n"`);
    const { stderr } = refuse(as('kk'));
    const line = readFileSync(po, 'utf8').split('\n').indexOf('"Language: ru\\n"') + 1;
    expect(stderr).toContain(
      `01-overview.po:${line}:1 error this file belongs to locale "kk" but sits in the "ru" folder`,
    );
    const other = refuse(as('fr'));
    expect(other.stderr).toContain('error language "fr" is not a locale of this edition (en, kk, ru)');
  });

  it('a PO syntax error', () => {
    const { stderr } = refuse((t) =>
      t.replace('msgstr "Wells were drilled in six regions."', 'msgstr "Wells were drilled in six regions.'),
    );
    expect(stderr).toContain(`01-overview.po:${lineOf('Wells were drilled')}:8 error unterminated or malformed string`);
  });
});

describe('XLIFF 2.0 round trip for ru', () => {
  it('protects inline markup as <ph>/<pc>, reads in the xliff library, imports targets filled with xml-js', async () => {
    const content = copyFixture(FIXTURE);
    const out = tempDir();
    const exported = runCli(['export', '--content', content, '--locale', 'ru', '--format', 'xliff', '--out', out]);
    expect(exported.code).toBe(0);
    const file = path.join(out, 'ru', '01-overview.xlf');
    const xml = readFileSync(file, 'utf8');
    expect(xml).toContain(
      '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ru">',
    );
    expect(xml).toContain(
      '<source xml:space="preserve">Rural districts received new wells in 2024.<ph id="1" dataRef="d1" canDelete="no" canCopy="no"/> The programme is described on the <pc id="2" dataRefStart="d2" dataRefEnd="d3" canDelete="no" canCopy="no">council&apos;s website</pc>.</source>'.replace(
        '&apos;',
        "'",
      ),
    );
    expect(xml).toContain(
      '<originalData><data id="d1">[^wells-report]</data><data id="d2">[</data><data id="d3">](https://example.org/programme)</data></originalData>',
    );

    // The open-source `xliff` library reads it: units, sources, placeholders.
    const js = (await xliff.xliff2js(xml)) as { resources: Record<string, Record<string, { source: unknown[] }>> };
    const units = Object.values(js.resources)[0]!;
    expect(Object.keys(units)).toHaveLength(13);
    expect(units['90792ec86075']!.source).toEqual([
      'Rural districts received new wells in 2024.',
      { Standalone: { id: '1', dataRef: 'd1', canDelete: 'no', canCopy: 'no' } },
      ' The programme is described on the ',
      {
        Span: {
          id: '2',
          dataRefStart: 'd2',
          dataRefEnd: 'd3',
          canDelete: 'no',
          canCopy: 'no',
          contents: "council's website",
        },
      },
      '.',
    ]);

    // A CAT tool fills the targets (copy source, then translate the text runs) and marks them final.
    const doc = xml2js(xml, { compact: false }) as Element;
    const walk = (el: Element): void => {
      if (el.name === 'segment') {
        const sourceEl = el.elements!.find((e) => e.name === 'source')!;
        const target: Element = structuredClone({ ...sourceEl, name: 'target' });
        const translate = (e: Element) => {
          if (e.type === 'text') e.text = `РУС ${String(e.text)}`;
          e.elements?.forEach(translate);
        };
        translate(target);
        el.elements = [sourceEl, target];
        el.attributes = { state: 'final' };
      }
      el.elements?.forEach(walk);
    };
    walk(doc);
    writeFileSync(file, js2xml(doc));
    const imported = runCli(['import', '--content', content, file]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const ru = readFileSync(path.join(content, 'ru', '01-overview.md'), 'utf8');
    expect(ru).toContain(
      "РУС Rural districts received new wells in 2024.[^wells-report]РУС  The programme is described on the [РУС council's website](https://example.org/programme)РУС .",
    );

    // A target that loses a placeholder is refused at the unit's line.
    const broken = readFileSync(file, 'utf8').replace(
      /(<target[^>]*>[^<]*)<ph id="1" dataRef="d1" canDelete="no" canCopy="no"\/>/,
      '$1',
    );
    writeFileSync(file, broken);
    const line = broken.split('\n').findIndex((l) => l.includes('<target') && l.includes('Rural districts')) + 1;
    const refused = runCli(['import', '--content', content, file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`01-overview.xlf:${line}:1 error translation of segment 90792ec86075`);
    expect(refused.stderr).toContain('drops the note reference [^wells-report]');
    expect(statSync(path.join(content, 'ru', '01-overview.md')).isFile()).toBe(true);
  });
});

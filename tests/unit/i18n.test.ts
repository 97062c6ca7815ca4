// Localized editions: fallback to the source locale, string fallback, parity, translation status.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { checkEditions } from '../../src/check.js';
import { loadTemplates } from '../../src/render/render.js';
import { formatDiagnostic } from '../../src/messages.js';
import { markdownSegments } from '../../src/translate/segments.js';
import { copyFixture, ROOT, runMain, tempDir } from '../support/cli.js';
import { pageTree } from '../support/page.js';
import { makeContent } from '../support/content.js';
import { select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { builtInStrings } from '../../src/content/builtin-strings.js';
import { DEFAULT_STRINGS, OPTIONAL_STRINGS, resolveStrings } from '../../src/content/strings.js';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'i18n');

async function ru(content = FIXTURE) {
  const config = await loadConfig({ content, templates: path.join(ROOT, 'templates'), locale: 'ru' });
  const { editions, diagnostics } = await checkEditions(config);
  return {
    edition: editions[0]!,
    messages: diagnostics.map((d) => formatDiagnostic({ ...d, file: path.relative(content, d.file) })),
  };
}

describe('a locale that lacks a chapter', () => {
  it("takes the chapter from the source locale, reports it, and marks it in the locale's words", async () => {
    const { edition, messages } = await ru();
    expect(messages).toContain(
      'ru/02-second.md warning not translated into "ru": the en text is used (translate tests/fixtures/i18n/en/02-second.md into this file) locale:fallback',
    );
    expect(edition.chapters.map((c) => [c.id, c.lang, c.fallback])).toEqual([
      ['first', 'ru', false],
      ['second', 'en', true],
      ['sources', 'ru', false],
    ]);
    const html = (await loadTemplates(path.join(ROOT, 'templates'))).render(edition, 'screen');
    // Small nodes only in the assertions: a failure must not print a megabyte of inlined fonts.
    const page = pageTree(html);
    expect(select('html', page)!.properties.lang).toBe('ru');
    const fallback = selectAll('article.fallback', page);
    expect(fallback.map((a) => [a.properties.className, a.properties.lang])).toEqual([
      [['chapter', 'chapter-1', 'kind-chapter', 'fallback'], 'en'],
    ]);
    const note = select(':scope > p.fallback-note:first-child', fallback[0])!;
    expect([note.properties.lang, toString(note)]).toEqual(['ru', 'Перевод еще не подготовлен']);
    const heading = select('#first', page)!;
    expect(['h1', 'h2']).toContain(heading.tagName);
    expect(toString(select(':scope > span.heading-number:first-child', heading)!)).toBe('I.');
    expect(toString(heading)).toBe('I. Первая глава');
    expect(html.includes('Содержание')).toBe(true);
  });

  it("takes a UI string its strings.yaml lacks from Briefing's own words in the language, without a warning", async () => {
    const { edition, messages } = await ru();
    expect(messages.filter((m) => m.endsWith('strings:missing'))).toEqual([]);
    expect(edition.strings.preparedBy).toBe('Подготовлено');
    expect(edition.strings.contents).toBe('Содержание');
  });

  it('warns when a translation has other callouts or notes than its source', async () => {
    const content = copyFixture(FIXTURE);
    const file = path.join(content, 'ru', '01-first.md');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace(':::callout\nВрезка рядом со вторым абзацем.\n:::\n', '')
        .replace('[^one]', '[^two]'),
    );
    const { messages } = await ru(content);
    expect(messages).toContain(
      `ru/01-first.md:1:1 warning 0 callout box(es) where the en text has 1 (compare with ${path.join(content, 'en', '01-first.md')}) locale:parity`,
    );
    expect(messages).toContain(
      'ru/01-first.md:6:24 warning notes differ from the en text: lacks [^one]; adds [^two] (note names are not translated: use [^one]) locale:parity',
    );
  });

  it('compares the trees: a box in another syntax is the same box; a note call in code is no note', async () => {
    const content = copyFixture(FIXTURE);
    const file = path.join(content, 'ru', '01-first.md');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace(':::callout\nВрезка рядом со вторым абзацем.\n:::\n', '> [!NOTE]\n> Врезка рядом со вторым абзацем.\n')
        .replace('[^one]', '`[^one]`'),
    );
    const parity = (await ru(content)).messages.filter((m) => m.endsWith('locale:parity'));
    expect(parity).toEqual([
      `ru/01-first.md warning notes differ from the en text: lacks [^one] (compare with ${path.join(content, 'en', '01-first.md')}) locale:parity`,
    ]);
  });

  it('with --strict, fallbacks fail check and build, and nothing is written', async () => {
    const out = tempDir();
    const check = await runMain(['check', '--content', FIXTURE, '--locale', 'ru', '--strict']);
    expect(check.code).toBe(1);
    const build = await runMain([
      'build',
      '--content',
      FIXTURE,
      '--locale',
      'ru',
      '--strict',
      '--format',
      'html',
      '--out',
      out,
    ]);
    expect(build.code).toBe(1);
    expect(build.stderr).toContain('error 1 warning(s) with --strict: nothing was written');
    expect(
      (await runMain(['build', '--content', FIXTURE, '--locale', 'ru', '--format', 'html', '--out', out])).code,
    ).toBe(0);
  });
});

describe('briefing status', () => {
  it('fingerprints blocks: short title, headings, paragraphs and each callout statement', () => {
    const blocks = markdownSegments(readFileSync(path.join(FIXTURE, 'en', '01-first.md'), 'utf8'));
    expect(blocks.map((b) => [b.line, b.kind, b.text])).toEqual([
      [2, 'short', 'First'],
      [4, 'heading', 'The first chapter'],
      [6, 'paragraph', 'The first paragraph of the source.[^one]'],
      [8, 'paragraph', 'The second paragraph of the source.'],
      [11, 'callout', 'A box beside the second paragraph.'],
    ]);
    expect(new Set(blocks.map((b) => b.fingerprint)).size).toBe(5);
  });

  it('tells translated, missing, not recorded, and stale with the changed paragraph', async () => {
    const content = copyFixture(FIXTURE);
    const status = async () =>
      JSON.parse((await runMain(['status', '--content', content, '--json'])).stdout) as {
        locales: Array<{
          locale: string;
          files: Array<{ file: string; state: string; changed: Array<{ line: number; preview: string }> }>;
        }>;
      };
    const states = async () =>
      Object.fromEntries((await status()).locales[0]!.files.map((f) => [path.basename(f.file), f.state]));

    expect(await states()).toEqual({
      'edition.yaml': 'unrecorded',
      'strings.yaml': 'unrecorded',
      'preface.md': 'unrecorded',
      '01-first.md': 'unrecorded',
      '02-second.md': 'missing',
      'sources.md': 'unrecorded',
    });
    const update = await runMain(['status', '--content', content, '--update', path.join(content, 'ru', '01-first.md')]);
    expect(update.code).toBe(0);
    expect(update.stdout).toMatch(/01-first\.md: recorded 5 source blocks as translated/);
    expect(readFileSync(path.join(content, 'ru', '01-first.md'), 'utf8')).toMatch(
      /^---\nshort: Первая\ntranslation:\n {2}from: en\n {2}blocks:\n {4}- [0-9a-f]{12}\n/,
    );
    expect((await states())['01-first.md']).toBe('translated');

    // The source changes its second paragraph: the translation is stale, and the report says where.
    const source = path.join(content, 'en', '01-first.md');
    writeFileSync(
      source,
      readFileSync(source, 'utf8').replace('The second paragraph of the source.', 'The second paragraph, revised.'),
    );
    const first = (await status()).locales[0]!.files.find((f) => f.file.endsWith('01-first.md'))!;
    expect(first.state).toBe('stale');
    expect(first.changed).toEqual([expect.objectContaining({ line: 8, preview: 'The second paragraph, revised.' })]);
    const text = (await runMain(['status', '--content', content])).stdout;
    expect(text).toMatch(
      /ru\/01-first\.md +STALE +\d+ done, 4 stale, 0 to translate\n +.*ru\/01-first\.md:16: the source changed \(.*en\/01-first\.md:8\)\n +The second \[-paragraph of the source\.-\]\{\+paragraph, revised\.\+\}\n/,
    );
    expect((await runMain(['status', '--content', content, '--strict'])).code).toBe(1);
  });

  it('refuses to record a file outside a translated locale', async () => {
    const result = await runMain(['status', '--content', FIXTURE, '--update', path.join(FIXTURE, 'en', '01-first.md')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /en\/01-first\.md error not a translated file under tests\/fixtures\/i18n\/<locale>\/ \(name a file such as content\/ru\/01-introduction\.md\) status:not-a-translation/,
    );
  });
});

describe("Briefing's own UI words", () => {
  it('has every key in each language it knows, matched by the locale’s language (es-MX → es)', () => {
    const keys = [...Object.keys(DEFAULT_STRINGS), ...Object.keys(OPTIONAL_STRINGS)].sort();
    for (const locale of ['es', 'pt-BR', 'fr', 'de-AT', 'ru', 'kk'])
      expect(Object.keys(builtInStrings(locale)!).sort(), locale).toEqual(keys);
    expect(builtInStrings('es-MX')!.contents).toBe('Índice');
    expect(builtInStrings('nl')).toBeUndefined();
    expect(builtInStrings('en-XA')).toBeUndefined();
  });

  it("a translation's strings.yaml wins key by key; what it lacks is the language's word, not the source's", () => {
    const { strings, diagnostics } = resolveStrings(
      { contents: 'Sumário' },
      'pt/strings.yaml',
      { figure: 'Figure' },
      'pt',
    );
    expect([strings.contents, strings.figure, strings.note]).toEqual(['Sumário', 'Figura', 'Nota']);
    expect(diagnostics).toEqual([]);
  });
});

describe("a translation's images", () => {
  const svg = (label: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>${label}</title><rect width="10" height="10"/></svg>`;

  it("are the source's where the translation's folder lacks them; one of its own wins (its folder no stray); a missing one is named", async () => {
    const content = makeContent({
      'briefing.yaml': 'id: sample\nyear: 2022\nsourceLocale: en\nlocales: [en, es]\n',
      'en/images/chart.svg': svg('en chart'),
      'en/images/map.svg': svg('en map'),
      'en/01-one.md': '# One\n\n![Chart](images/chart.svg)\n\n![Map](images/map.svg)\n',
      'es/edition.yaml': 'title: Edición\n',
      'es/images/map.svg': svg('mapa'),
      'es/01-one.md': '# Uno\n\n![Gráfico](images/chart.svg)\n\n![Mapa](images/map.svg)\n\n![Nada](images/none.svg)\n',
    });
    const config = await loadConfig({ content, templates: path.join(ROOT, 'templates'), locale: 'es' });
    const { editions, diagnostics } = await checkEditions(config);
    expect(diagnostics.map((d) => `${path.relative(content, d.file)}:${d.line} ${d.message}`)).toEqual([
      'es/01-one.md:7 image "images/none.svg" not found',
    ]);
    const images = selectAll('img', editions[0]!.chapters[0]!.tree).map((img) =>
      Buffer.from(String(img.properties.src).split(',')[1]!, 'base64').toString('utf8'),
    );
    expect(images.map((text) => /<title>(.*)<\/title>/.exec(text)![1])).toEqual(['en chart', 'mapa']);
  });
});

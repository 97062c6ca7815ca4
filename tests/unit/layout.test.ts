// Any file layout (issue 24): any Markdown names, `chapters:` order, nothing left out in silence; a
// single Markdown file as a whole report; `briefing new`; arguments the CLI does not understand.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { checkEditions } from '../../src/check.js';
import { makeContent } from '../support/content.js';
import { ROOT, runMain, tempDir } from '../support/cli.js';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'single');

/** `check` through the CLI, messages relative to `base`. */
async function check(args: string[], base: string) {
  const run = await runMain(['check', ...args]);
  const messages = run.stderr
    .split('\n')
    .filter(Boolean)
    .map((line) =>
      line.startsWith(base) ? path.relative(base, line.split(' ')[0]!) + line.slice(line.indexOf(' ')) : line,
    );
  return { ...run, messages };
}

async function chapters(options: { content?: string; report?: string }) {
  const { editions } = await checkEditions(await loadConfig(options));
  return editions[0]!.chapters.map((c) => `${c.number} ${c.id} ${c.title}`);
}

describe('any file names, in name order', () => {
  const files = {
    'en/report.md': '# Report\n\nText.\n',
    'en/03-Findings.md': '# Findings\n\nText.\n',
    'en/02-résumé.md': '# Résumé\n\nText.\n',
    'en/10-annex.md': '# Annex\n\nText.\n',
    'en/Annex 10.md': '# Annex ten\n\nText.\n',
    'en/Annex 2.md': '# Annex two\n\nText.\n',
    'en/notes.markdown': '# Notes on method\n\nText.\n',
    'en/images/chart.txt': 'not Markdown: a folder without Markdown is no chapter',
  };

  it('reads every Markdown file: numbered first, then natural order; ids from the names (Unicode kept)', async () => {
    const content = makeContent(files);
    expect(await chapters({ content })).toEqual([
      'I résumé Résumé',
      'II findings Findings',
      'III annex Annex',
      'IV annex-2 Annex two',
      'V annex-10 Annex ten',
      'VI notes Notes on method',
      'VII report Report',
    ]);
    const run = await check(['--content', content], content);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('en: 7 chapters,');
    expect(run.stdout).toContain('0 error(s), 0 warning(s)');
    expect(run.code).toBe(0);
  });

  it('two names that give one id: the second gets -2', async () => {
    const content = makeContent({ 'en/01-intro.md': '# One\n\nText.\n', 'en/Intro.md': '# Two\n\nText.\n' });
    expect(await chapters({ content })).toEqual(['I intro One', 'II intro-2 Two']);
  });

  it("a YAML file nothing reads (Pandoc's metadata.yml) is a warning, edition.yaml and strings.yaml are not", async () => {
    const content = makeContent({
      'en/01-one.md': '# One\n\nText.\n',
      'en/metadata.yml': 'title: A thesis\n',
      'en/strings.yaml': 'contents: Contents\n',
    });
    const run = await check(['--content', content], content);
    expect(run.messages.filter((m) => m.includes('content:'))).toEqual([
      "en/metadata.yml warning metadata.yml is not read: a locale folder's settings are edition.yaml and strings.yaml (put the title, subtitle, author and date in edition.yaml, and delete this file) content:unread-settings",
    ]);
  });

  it('Markdown in a folder nested too deep would be left out: an error (a folder of images is not)', async () => {
    const content = makeContent({
      'en/rights/index.md': '# Rights\n\nText.\n',
      'en/rights/Water.md': '## Water\n\nText.\n',
      'en/rights/more/Food.md': '## Food\n\nText.\n',
      'en/rights/images/chart.txt': 'not Markdown',
      'en/annexes/a/index.md': '# Annex A\n\nText.\n',
      'en/images/2022/chart.txt': 'not Markdown',
    });
    const run = await check(['--content', content], content);
    expect(run.messages).toContain(
      'en/rights/more error folder "more" is not read: a chapter folder holds index.md and one Markdown file per section, not folders (move its files into rights/ as sections, or make it a chapter folder of its own beside rights/) content:nested-folder',
    );
    expect(run.messages).toContain(
      'en/annexes error folder "annexes" is not read: its Markdown files are in folders of their own, and chapters are one folder deep (en/<chapter>/index.md and its sections) (move its files up: a chapter folder holds index.md and one Markdown file per section) content:nested-folder',
    );
    expect(run.messages.filter((m) => m.includes('images'))).toEqual([]);
    expect(run.code).toBe(1);
  });

  it("a folder's README.md is its chapter file, as GitHub and MkDocs take it; index.md goes first", async () => {
    const content = makeContent({
      'briefing.yaml': 'id: t\nyear: 2024\nsourceLocale: en\nlocales: [en, fr]\n',
      'en/guide/README.md': '# Guide\n\nText.\n',
      'en/guide/setup.md': '## Setup\n\nText.\n',
      'en/both/index.md': '# Both\n\nText.\n',
      'en/both/Readme.md': '## Read me\n\nText.\n',
      'fr/guide/README.md': '# Guide (fr)\n\nTexte.\n',
      'fr/guide/setup.md': '## Installation\n\nTexte.\n',
      'fr/both/index.md': '# Les deux\n\nTexte.\n',
      'fr/both/Readme.md': '## Lisez-moi\n\nTexte.\n',
    });
    const { editions } = await checkEditions(await loadConfig({ content, locale: 'all' }));
    const outline = (i: number) =>
      editions[i]!.contents.map((c) => [c.title, ...(c.children ?? []).map((s) => s.title)].join(' > '));
    expect(outline(0)).toEqual(['Both > Read me', 'Guide > Setup']);
    expect(outline(1)).toEqual(['Les deux > Lisez-moi', 'Guide (fr) > Installation']);
    // fr's folders pair with en's, whichever file names the chapter (fr lacks only strings.yaml and edition.yaml).
    const run = await check(['--content', content, '--locale', 'all'], content);
    expect(run.messages.filter((m) => !/ (strings:missing|locale:fallback)$/.test(m))).toEqual([]);
    expect(run.code).toBe(0);
    const missing = await check(['--content', makeContent({ 'en/guide/setup.md': '## Setup\n\nText.\n' })], '');
    expect(missing.stderr).toContain('error chapter folder has no index.md (or README.md)');
  });
});

describe('chapters: in briefing.yaml', () => {
  const yaml = (list: string) => `id: sample\nyear: 2022\nsourceLocale: en\nlocales: [en]\nchapters: ${list}\n`;
  const files = {
    'en/summary.md': '# Summary\n\nText.\n',
    'en/Findings.md': '# Findings\n\nText.\n',
    'en/annex/index.md': '# Annex\n\nText.\n',
    'en/annex/b.md': '## B\n\nText.\n',
    'en/annex/a.md': '## A\n\nText.\n',
  };

  it('orders the chapters (files and folders); a folder keeps its sections in name order', async () => {
    const content = makeContent({ ...files, 'briefing.yaml': yaml('[Findings.md, annex/, summary.md]') });
    expect(await chapters({ content })).toEqual(['I findings Findings', 'II annex Annex', 'III summary Summary']);
    const { editions } = await checkEditions(await loadConfig({ content }));
    expect(editions[0]!.contents[1]!.children.map((s) => s.title)).toEqual(['A', 'B']);
  });

  it('a Markdown file the list leaves out, and a listed name that is not there, are errors', async () => {
    const content = makeContent({ ...files, 'briefing.yaml': yaml('[Findings.md, annex/, sumary.md]') });
    const run = await check(['--content', content], content);
    expect(run.messages.slice(0, 2)).toEqual([
      'briefing.yaml:5:33 error `chapters` names "sumary.md", which is not a Markdown file or a folder of Markdown files in en/ (did you mean summary.md?) content:listed-missing',
      'en/summary.md error "summary.md" is not in `chapters` in briefing.yaml: it would be left out of the edition (add summary.md to `chapters` where it belongs, or move it out of the locale folder) content:unlisted-file',
    ]);
    expect(run.code).toBe(1);
  });

  it('a name with a path, or listed twice, is a settings error at its place', async () => {
    const content = makeContent({ ...files, 'briefing.yaml': yaml('[Findings.md, en/summary.md]') });
    expect((await check(['--content', content], content)).messages).toEqual([
      'briefing.yaml:5:25 error `chapters` lists the names of files or folders in the locale folder (write a name such as `introduction.md` or `findings/` (no path)) config:invalid',
    ]);
    writeFileSync(path.join(content, 'briefing.yaml'), yaml('[Findings.md, annex/, Findings.md]'));
    expect((await check(['--content', content], content)).messages).toEqual([
      'briefing.yaml:5:33 error "Findings.md" is listed twice in `chapters` (list each file once) config:invalid',
    ]);
  });

  it('the pseudo-locale (en-XA) follows the list too', async () => {
    const content = makeContent({ ...files, 'briefing.yaml': yaml('[summary.md, annex/, Findings.md]') });
    expect((await chapters({ content, locale: 'en-XA' } as { content: string })).map((c) => c.split(' ')[1])).toEqual([
      'summary',
      'annex',
      'findings',
    ]);
  });

  it('a translation is read in the source order and keeps its warnings about files that translate nothing', async () => {
    const content = makeContent({
      ...files,
      'briefing.yaml': yaml('[Findings.md, annex/, summary.md]').replace('locales: [en]', 'locales: [en, fr]'),
      'fr/edition.yaml': 'title: Édition\npublisher: Bureau\n',
      'fr/Findings.md': '# Constats\n\nTexte.\n',
      'fr/Sumary.md': '# Résumé\n\nTexte.\n',
    });
    expect(await chapters({ content, locale: 'fr' } as { content: string })).toEqual([
      'I findings Constats',
      'II annex Annex',
      'III summary Summary',
    ]);
    const run = await check(['--content', content, '--locale', 'fr'], content);
    expect(run.messages).toContain(
      'fr/Sumary.md warning no en file "Sumary.md" to translate: file ignored (did you mean summary.md? A translation keeps the file name of its source) locale:unknown-file',
    );
    expect(run.messages).not.toContainEqual(expect.stringContaining('unlisted-file'));
  });
});

describe('edition.yaml is optional', () => {
  it("without it the title is the first chapter's, there is no publisher, and nothing is reported", async () => {
    const content = makeContent({
      'en/edition.yaml': null,
      'en/strings.yaml': null,
      'en/one.md': '# Field notes\n\nText.\n',
    });
    const run = await check(['--content', content], content);
    expect(run.stderr).toBe('');
    const { renderEditionHtml } = await import('../../src/api.js');
    const html = await renderEditionHtml({ content, locale: 'en' }, 'print');
    expect(html).toContain('<h1 class="cover-title">Field notes</h1>');
    expect(html).not.toContain('<p class="cover-publisher">');
    expect(html).not.toContain('<meta name="author"');
    expect(html).toMatch(/<title>Field notes<\/title>/);
  });
});

describe('an English edition needs no strings.yaml', () => {
  it('no warnings without strings.yaml in English, nor in a language Briefing has words for; another is still told', async () => {
    const content = makeContent({
      'en/strings.yaml': null,
      'en/one.md': '# One\n\nText.\n',
      'briefing.yaml': 'id: sample\nyear: 2022\nsourceLocale: en\nlocales: [en, de, nl]\n',
      'de/edition.yaml': 'title: Ausgabe\n',
      'de/one.md': '# Eins\n\nText.\n',
      'nl/edition.yaml': 'title: Uitgave\n',
      'nl/one.md': '# Een\n\nTekst.\n',
    });
    const en = await check(['--content', content], content);
    expect(en.stderr).toBe('');
    expect(en.stdout).toContain('0 error(s), 0 warning(s)');
    const de = await check(['--content', content, '--locale', 'de'], content);
    expect(de.stderr).toBe('');
    const nl = await check(['--content', content, '--locale', 'nl'], content);
    expect(nl.messages).toContain(
      'nl/strings.yaml warning string "contents" is missing; using "Contents" (add `contents: …` to strings.yaml) strings:missing',
    );
  });
});

describe('a single Markdown file is a whole report', () => {
  it('its top headings are chapters, the text before them the preface; front matter feeds the edition', async () => {
    const report = path.join(FIXTURE, 'report.md');
    const run = await runMain(['check', report]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      'en: 2 chapters, 0 sections, 1 callouts, 0 figures, 0 tables, 0 notes (0 references)\n0 error(s), 0 warning(s)\n',
    );
    const config = await loadConfig({ report });
    expect(config.edition.id).toBe('report');
    expect(config.edition.year).toBe(2024);
    const { editions } = await checkEditions(config);
    const edition = editions[0]!;
    expect(edition.chapters.map((c) => `${c.number} ${c.id} ${c.title}`)).toEqual([
      'I wells-and-pumps Wells and pumps',
      'II what-the-villages-asked-for What the villages asked for',
    ]);
    expect(edition.meta).toMatchObject({
      title: 'Water for Every Village',
      subtitle: 'A field report',
      authors: ['Ana Pereira', 'Tomás Okafor'],
      date: '2024-03-15',
      abstract: 'Nine villages, three seasons, one finding about wells.',
    });
    expect(JSON.stringify(edition.preface)).toContain('printed as the preface');
  });

  it('a paper as JOSS writes it: `authors:` and `tags:`, a date in words, the list under its closing `# References`', async () => {
    const report = path.join(FIXTURE, 'paper.md');
    const config = await loadConfig({ report });
    expect(config.edition.year).toBe(2024);
    const { editions, diagnostics } = await checkEditions(config);
    // `affiliations` stays unknown: the cover has no place for it, and it is not dropped in silence.
    expect(diagnostics.map((d) => `${path.basename(d.file)} ${d.rule} ${d.message}`)).toEqual([
      'paper.md briefing:front-matter-key unknown front matter key "affiliations"',
    ]);
    const edition = editions[0]!;
    expect(edition.meta).toMatchObject({ authors: ['Mira Holm'], date: '13 January 2024' });
    expect(edition.meta.keywords).toEqual(['oceanography', 'sea level']);
    expect(edition.contents.map((c) => [c.title, c.children.length])).toEqual([
      ['Summary', 0],
      ['Statement of need', 0],
      ['References', 0],
    ]);
    const references = JSON.stringify(edition.chapters.at(-1)!.tree);
    expect(references).toContain('Hourly Sea-Level Records of the Northern Coast');
    expect(references).not.toContain('"id":"refs"');
  });

  it("one `#` title over `##` headings: the title is the report's, the `##` are chapters, `###` their sub-headings", async () => {
    const report = path.join(FIXTURE, 'titled.md');
    const { editions } = await checkEditions(await loadConfig({ report }));
    const edition = editions[0]!;
    expect(edition.meta.title).toBe('Annual Survey of Bridges');
    expect(edition.chapters.map((c) => `${c.number} ${c.title}`)).toEqual(['I Inspection', 'II Repairs']);
    expect(JSON.stringify(edition.chapters[0]!.tree)).toContain('"tagName":"h2"');
    expect(edition.preface).toBeDefined();
  });

  it('every message names the original file, line and column, in any chapter', async () => {
    const dir = tempDir();
    const report = path.join(dir, 'Étude 2.md');
    writeFileSync(
      report,
      [
        '---',
        'title: A study',
        'author: Someone',
        'date: 2023',
        'colour: blue',
        '---',
        '',
        '# One',
        '',
        'Text.',
        '',
        '# Two',
        '',
        'Text.',
        '',
        '::::unknown',
        'Boxed.',
        '::::',
        '',
        '## Deep',
        '',
        '#### Skipped',
        '',
        'Text.',
        '',
        'See [x](#nowhere).',
      ].join('\n'),
    );
    const run = await runMain(['check', report]);
    const lines = run.stderr.split('\n').filter(Boolean);
    expect(lines.map((l) => l.replace(report, 'REPORT'))).toEqual([
      'REPORT:1:1 warning unknown front matter key "colour" (known keys: short, translation, title, subtitle, author, authors, tags, date, lang, abstract, keywords, subject, description, bibliography, csl) briefing:front-matter-key',
      expect.stringMatching(/^REPORT:16:1 error .*unknown/),
      'REPORT:22:1 warning heading level skips from 2 to 4 (use ###) briefing:heading-skip',
      expect.stringMatching(
        /^REPORT:26:5 error dead link: no heading or anchor "#nowhere" in the edition .* briefing:dead-link$/,
      ),
    ]);
    expect(run.code).toBe(1);
    expect((await loadConfig({ report })).edition).toMatchObject({ id: 'etude-2', year: 2023 });
  });

  it('`dev report.md` previews it: the web edition in memory', async () => {
    const { createPreview } = await import('../../src/dev/preview.js');
    const preview = createPreview({ report: path.join(FIXTURE, 'report.md') });
    expect(preview.contentDir).toBe(FIXTURE);
    const result = await preview.build();
    expect(result.diagnostics).toEqual([]);
    expect(result.html).toContain('<h1 class="cover-title">Water for Every Village</h1>');
    expect(result.html).toContain('Tomás Okafor');
  });

  it('a `%` title block gives the title, authors and date; it is no preface', async () => {
    const report = path.join(tempDir(), 'pct.md');
    writeFileSync(report, '% The Title\n% Ann; Bob\n% 2025-01-02\n\n# One\n\nText.\n\n# Two\n\nMore.\n');
    const run = await runMain(['check', report]);
    expect(run.stderr).toBe('');
    const config = await loadConfig({ report });
    expect(config.edition.year).toBe(2025);
    const { editions } = await checkEditions(config);
    expect(editions[0]!.meta).toMatchObject({ title: 'The Title', authors: ['Ann', 'Bob'], date: '2025-01-02' });
    expect(editions[0]!.preface).toBeUndefined();
    expect(editions[0]!.chapters.map((c) => c.title)).toEqual(['One', 'Two']);
  });

  it('a footnote defined at the end of the file serves the chapters before it', async () => {
    const report = path.join(tempDir(), 'notes.md');
    writeFileSync(report, '# One\n\nText.[^a]\n\n# Two\n\nMore.[^a]\n\n[^a]: The note.\n');
    const run = await runMain(['check', report]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('1 notes (2 references)');
  });

  it('a reference-link definition anywhere in the file serves every chapter; a bad one is reported once', async () => {
    const report = path.join(tempDir(), 'refs.md');
    writeFileSync(
      report,
      '# One\n\nSee [Haskell][hs].\n\n# Two\n\nAgain [Haskell][hs] and [bad][js].\n\n[hs]: https://www.haskell.org/\n[js]: javascript:alert(1)\n\n# Three\n\n[bad][js] again.\n',
    );
    const { editions } = await checkEditions(await loadConfig({ report }));
    const trees = editions[0]!.chapters.map((c) => JSON.stringify(c.tree));
    expect(trees[0]).toContain('"href":"https://www.haskell.org/"');
    expect(trees[1]).toContain('"href":"https://www.haskell.org/"');
    const run = await runMain(['check', report]);
    expect(run.stderr).toBe(
      `${report}:10:1 error link definition "[js]" points to a "javascript:" address, which is not allowed (use an http(s) address, or remove the definition) briefing:unsafe-link\n`,
    );
  });

  it('an empty file (or front matter alone) is an error, never an empty edition', async () => {
    const report = path.join(tempDir(), 'empty.md');
    writeFileSync(report, '---\ntitle: Nothing yet\n---\n');
    const run = await runMain(['check', report]);
    expect(run.stderr).toBe(
      `${report}:1:1 error file is empty (write the report: a \`# Chapter title\` and its text) briefing:empty-file\n`,
    );
    expect(run.code).toBe(1);
  });

  it('a report written from `##` reads as one written from `#`', async () => {
    const dir = tempDir();
    const report = path.join(dir, 'notes.md');
    writeFileSync(report, '## First\n\nText.\n\n## Second\n\nText.\n');
    expect(await chapters({ report })).toEqual(['I first First', 'II second Second']);
  });

  it("`lang` in the front matter is the edition's locale", async () => {
    const dir = tempDir();
    const report = path.join(dir, 'rapport.md');
    writeFileSync(report, '---\nlang: fr\ntitle: Rapport\n---\n\n# Un\n\nTexte.\n');
    const config = await loadConfig({ report });
    expect(config.locales).toEqual(['fr']);
    const { editions } = await checkEditions(config);
    expect(editions[0]!.locale).toBe('fr');
  });
});

describe('arguments the CLI does not understand are usage errors (exit 2)', () => {
  it.each([
    [
      ['build', 'report.txt'],
      'briefing: build takes a Markdown file (report.md) or nothing, not "report.txt" (a content folder: --content report.txt)',
    ],
    [['check', 'a.md', 'b.md'], 'briefing: check takes one Markdown file, not 2 arguments ("a.md", "b.md")'],
    [['check', 'a.md', '--content', 'content'], 'briefing: check: give either a Markdown file or --content, not both'],
    [['proof', 'x.pdf'], 'briefing: proof takes no argument "x.pdf" (options start with --)'],
    [['export', 'ru'], 'briefing: export takes no argument "ru" (options start with --)'],
    [['new'], 'briefing: new takes one folder to create: briefing new <dir>'],
    [['status', 'ru'], 'briefing: status takes files only after --update, not "ru"'],
  ])('%j', async (args, message) => {
    const run = await runMain(args);
    expect(run.stderr).toBe(`${message}\nRun \`briefing --help\` for usage.\n`);
    expect(run.code).toBe(2);
  });

  it('a single-file report is one locale: --locale of another is a usage error', async () => {
    const run = await runMain(['check', path.join(FIXTURE, 'report.md'), '--locale', 'fr']);
    expect(run.stderr).toBe(
      'briefing: --locale fr: report.md is one report in "en" (its front matter\'s `lang`)\nRun `briefing --help` for usage.\n',
    );
    expect(run.code).toBe(2);
  });

  it('`build report.md` of a file that does not exist is an error naming it, not a build of ./content', async () => {
    const missing = path.join(tempDir(), 'report.md');
    const run = await runMain(['build', missing, '--format', 'html']);
    expect(run.stderr).toBe(
      `${missing} error Markdown file not found (check the path of the report) config:missing-file\n`,
    );
    expect(run.code).toBe(1);
  });
});

describe('briefing new', () => {
  it('writes a small report that checks clean: two chapters, a note, a callout, no strings.yaml', async () => {
    const dir = path.join(tempDir(), 'my report');
    const run = await runMain(['new', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Next: cd ');
    expect(existsSync(path.join(dir, 'content', 'en', 'strings.yaml'))).toBe(false);
    expect(readFileSync(path.join(dir, 'content', 'briefing.yaml'), 'utf8')).toMatch(/^id: my-report$/m);
    const checked = await runMain(['check', '--content', path.join(dir, 'content')]);
    expect(checked.stderr).toBe('');
    expect(checked.stdout).toBe(
      'en: 3 chapters, 0 sections, 1 callouts, 0 figures, 1 tables, 1 notes (1 references)\n0 error(s), 0 warning(s)\n',
    );
  });

  it('never writes into a folder that holds files', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'keep'));
    writeFileSync(path.join(dir, 'keep', 'mine.md'), 'mine');
    const run = await runMain(['new', path.join(dir, 'keep')]);
    expect(run.stderr).toBe(
      `${path.join(dir, 'keep')} error folder is not empty: a new report is written only into a new or empty folder (name a folder that does not exist yet) new:not-empty\n`,
    );
    expect(run.code).toBe(1);
    expect(readFileSync(path.join(dir, 'keep', 'mine.md'), 'utf8')).toBe('mine');
  });
});

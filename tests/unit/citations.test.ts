// Citations in Pandoc's syntax through citeproc-js: in-text and bracketed citations, the bibliography
// at `::: {#refs}` or at the end (in the contents), en and ru terms, a note style's citations in notes,
// and the checks (unknown key, unreadable bibliography at its line, duplicate key, unused entry).
// The expected texts are what Pandoc's citeproc prints for the same .bib and .csl (docs/CITATIONS.md).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toText } from 'hast-util-to-text';
import { loadConfig } from '../../src/config/config.js';
import { checkEditions } from '../../src/check.js';
import { formatDiagnostic, type BriefingError } from '../../src/messages.js';
import { chapterHtml } from '../../src/render/html.js';
import { ROOT } from '../support/cli.js';
import { makeContent } from '../support/content.js';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'citations');
const BIB = readFileSync(path.join(FIXTURE, 'references.bib'), 'utf8');
const TEXT = [
  '# Citations',
  '',
  'Public budgets grew [@doe2020, pp. 33-35]. @smith2019 measured pay, and [see @lee2018; @un2021, chap. 2] for courts.',
  'The review [-@un2021] agrees.',
  '',
].join('\n');

async function edition(
  files: Record<string, string | Buffer | null>,
  settings = 'bibliography: references.bib\n',
  locale = 'en',
) {
  const content = makeContent({
    'briefing.yaml': `id: sample\nyear: 2022\nsourceLocale: ${locale}\nlocales: [${locale}]\n${settings}`,
    'references.bib': BIB,
    ...files,
  });
  const config = await loadConfig({ content, templates: path.join(ROOT, 'templates') });
  const { editions, diagnostics } = await checkEditions(config);
  const e = editions[0]!;
  return {
    edition: e,
    chapters: e.chapters.map((c) => fromHtml(chapterHtml(c.tree, 'screen', e.locale), { fragment: true })),
    messages: diagnostics.map((d) => formatDiagnostic({ ...d, file: path.relative(content, d.file) })),
  };
}

const entries = (tree: ReturnType<typeof fromHtml>) => selectAll('.csl-entry', tree).map((e) => toText(e));

// The TEXT chapter with the default style, built once for the tests that read it (none changes it).
let plainBuild: ReturnType<typeof edition> | undefined;
const plain = () => (plainBuild ??= edition({ 'en/01-one.md': TEXT }));

describe('citations (Chicago author-date, the default style)', () => {
  it("prints citations and the bibliography as Pandoc's citeproc does, each citation linked to its entry", async () => {
    const { chapters, edition: e, messages } = await plain();
    expect(messages).toEqual([]);
    const [one] = chapters;
    expect(toText(select('p', one)!).replace(/\s+/g, ' ')).toBe(
      'Public budgets grew (Doe et al. 2020, 33–35). Smith (2019) measured pay, and (see Lee 2018; United Nations 2021, chap. 2) for courts. The review (2021) agrees.',
    );
    expect(selectAll('p a', one).map((a) => a.properties.href)).toEqual([
      '#ref-doe2020',
      '#ref-smith2019',
      '#ref-smith2019',
      '#ref-lee2018',
      '#ref-un2021',
      '#ref-un2021',
    ]);
    // No `::: {#refs}`: the bibliography ends the last chapter, under its heading, and is in the contents.
    expect(toText(select('section.bibliography > #refs', one)!)).toBe('References');
    expect(entries(one!)).toEqual([
      'Doe, Jane, Richard Roe, Edgar Poe, and Anna Moe. 2020. Public Budgets in Practice. New York: Academic Press. https://doi.org/10.1000/xyz123.',
      'Lee, Min. 2018. “Courts and Budgets.” In Handbook of Public Law, edited by Soo Park and Ha Kim, 101–20. Oxford: Oxford University Press.',
      'Smith, John. 2019. “Measuring Teacher Pay.” Journal of Education Policy 12 (3): 33–51.',
      'United Nations. 2021. “Human Rights Review.” Geneva: United Nations. https://example.org/review.',
    ]);
    expect(selectAll('.csl-entry', one).map((n) => n.properties.id)).toEqual([
      'ref-doe2020',
      'ref-lee2018',
      'ref-smith2019',
      'ref-un2021',
    ]);
    expect(select('#ref-doe2020 a', one)?.properties.href).toBe('https://doi.org/10.1000/xyz123');
    expect(e.contents[0]!.children).toEqual([
      { id: 'refs', number: '', title: 'References', fallback: false, children: [] },
    ]);
  });

  it('places the bibliography in the ::: {#refs} div of a later chapter, once, and not at the end', async () => {
    const { chapters, messages } = await edition({
      'en/01-one.md': `${TEXT}\n::: {#aside}\nNo list here.\n:::\n`,
      'en/02-two.md': '# Sources\n\nSee @smith2019.\n\n::: {#refs}\n:::\n\n## Last\n\nThe end.\n',
    });
    expect(messages).toEqual([]);
    const [one, two] = chapters;
    expect(selectAll('.csl-bib-body', one)).toEqual([]);
    expect(selectAll('.csl-bib-body', two)).toHaveLength(1);
    expect(select('#refs > .csl-bib-body', two)).toBeTruthy();
    expect(select('section.bibliography', two)).toBeFalsy();
    expect(toText(select('p', two)!)).toBe('See Smith (2019).');
  });

  it('places the bibliography in a ::: {#refs} div and uses Russian terms in a ru edition', async () => {
    const { chapters, messages } = await edition(
      {
        'en/01-one.md': null,
        'ru/edition.yaml': 'title: Обзор\npublisher: Офис\n',
        'ru/strings.yaml': readFileSync(path.join(ROOT, 'content', 'ru', 'strings.yaml'), 'utf8'),
        'ru/01-one.md': `${TEXT}\n## Литература\n\n::: {#refs}\n:::\n`,
      },
      'bibliography: references.bib\n',
      'ru',
    );
    expect(messages).toEqual([]);
    const [one] = chapters;
    expect(toText(select('p', one)!).replace(/\s+/g, ' ')).toBe(
      'Public budgets grew (Doe и др. 2020, 33–35). Smith (2019) measured pay, and (see Lee 2018; United Nations 2021, гл. 2) for courts. The review (2021) agrees.',
    );
    expect(select('#refs > .csl-bib-body', one)).toBeTruthy();
    expect(select('section.bibliography', one)).toBeFalsy();
    expect(entries(one!)[1]).toBe(
      'Lee, Min. 2018. «Courts and Budgets». В Handbook of Public Law, под редакцией Soo Park и Ha Kim, 101–20. Oxford: Oxford University Press.',
    );
  });
});

describe("a chapter's tree rendered for both media", () => {
  it('is left as it was: print and web render from one tree, the same HTML each time', async () => {
    const { edition: e } = await plain();
    const tree = e.chapters[0]!.tree;
    const before = JSON.stringify(tree);
    const print = chapterHtml(tree, 'print', 'en');
    const screen = chapterHtml(tree, 'screen', 'en');
    // Print changes its copy (soft hyphens, data-source attributes), the web edition its own.
    expect(print).toContain('\u00ad');
    expect(print).toContain('data-source');
    expect(screen).not.toContain('data-source');
    expect(JSON.stringify(tree)).toBe(before);
    expect(chapterHtml(tree, 'print', 'en')).toBe(print);
    expect(chapterHtml(tree, 'screen', 'en')).toBe(screen);
  });
});

describe('citations in a note style (Chicago notes and bibliography)', () => {
  it("puts each citation of the text in a footnote of its own, as Pandoc's citeproc prints it", async () => {
    const {
      edition: e,
      messages,
      chapters,
    } = await edition({ 'en/01-one.md': TEXT }, 'bibliography: references.bib\ncsl: chicago-note-bibliography.csl\n');
    expect(messages).toEqual([]);
    expect(toText(select('p', chapters[0])!).replace(/\s+/g, ' ')).toBe(
      'Public budgets grew.i Smithii measured pay, andiii for courts. The reviewiv agrees.',
    );
    expect(e.chapters[0]!.footnotes.map((li) => toText(li).trim().replace(/\s+/g, ' '))).toEqual([
      expect.stringContaining('Doe et al., Public Budgets in Practice, 33–35.'),
      expect.stringContaining('“Measuring Teacher Pay.”'),
      expect.stringContaining('See Lee, “Courts and Budgets”; United Nations, “Human Rights Review,” chap. 2.'),
      expect.stringContaining('“Human Rights Review.”'),
    ]);
    expect(entries(chapters[0]!)[0]).toBe(
      'Doe, Jane, Richard Roe, Edgar Poe, and Anna Moe. Public Budgets in Practice. New York: Academic Press, 2020. https://doi.org/10.1000/xyz123.',
    );
  });
});

describe('a note style in a ru edition', () => {
  it('puts the citations in notes with Russian CSL terms and the ru bibliography', async () => {
    const {
      edition: e,
      messages,
      chapters,
    } = await edition(
      {
        'en/01-one.md': null,
        'ru/edition.yaml': 'title: Обзор\npublisher: Офис\n',
        'ru/strings.yaml': readFileSync(path.join(ROOT, 'content', 'ru', 'strings.yaml'), 'utf8'),
        'ru/01-one.md': TEXT,
      },
      'bibliography: references.bib\ncsl: chicago-note-bibliography.csl\n',
      'ru',
    );
    expect(messages).toEqual([]);
    const notes = e.chapters[0]!.footnotes.map((li) => toText(li).trim().replace(/\s+/g, ' '));
    expect(notes).toHaveLength(4);
    // Russian terms and quotation marks from locales-ru-RU.xml: "и др.", "гл.", « ».
    expect(notes[0]).toContain('Doe и др., Public Budgets in Practice, 33–35.');
    expect(notes[2]).toContain('Lee, «Courts and Budgets»; United Nations, «Human Rights Review», гл. 2.');
    expect(entries(chapters[0]!).some((entry) => entry.includes('под редакцией Soo Park и Ha Kim'))).toBe(true);
  });
});

describe('citations kept between builds', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.doUnmock('citeproc');
    vi.doUnmock('../../src/pipeline/bibliography.js');
  });

  it('a rebuild with the same inputs prints the same without loading citeproc-js or citation-js', async () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'briefing-cite-cache-'));
    vi.stubEnv('BRIEFING_CACHE_DIR', cache);
    for (const csl of ['', 'csl: chicago-note-bibliography.csl\n']) {
      const content = makeContent({
        'briefing.yaml': `id: sample\nyear: 2022\nsourceLocale: en\nlocales: [en]\nbibliography: references.bib\n${csl}`,
        'references.bib': BIB,
        'en/01-one.md': `${TEXT}\nAgain @smith2019 and [@doe2020, p. 9].\n`,
      });
      const build = async () => {
        const { editions, diagnostics } = await checkEditions(
          await loadConfig({ content, templates: path.join(ROOT, 'templates') }),
        );
        return {
          messages: diagnostics.map(formatDiagnostic),
          html: editions[0]!.chapters.map((c) => chapterHtml(c.tree, 'screen', 'en')),
        };
      };
      const first = await build();
      expect(first.html.join('')).toContain('ref-doe2020');
      expect(readdirSync(cache).filter((f) => /^(citeproc|bibliography)-/.test(f)).length).toBe(csl ? 4 : 2);
      vi.doMock('citeproc', () => {
        throw new Error('citeproc-js loaded');
      });
      vi.doMock('../../src/pipeline/bibliography.js', () => {
        throw new Error('citation-js loaded');
      });
      expect(await build()).toEqual(first);
      vi.doUnmock('citeproc');
      vi.doUnmock('../../src/pipeline/bibliography.js');
    }
  });

  it('a change to the .bib, the .csl or the text prints what a build with an empty cache folder prints', async () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'briefing-cite-cache-'));
    vi.stubEnv('BRIEFING_CACHE_DIR', cache);
    const content = makeContent({
      'briefing.yaml':
        'id: sample\nyear: 2022\nsourceLocale: en\nlocales: [en]\nbibliography: references.bib\ncsl: style.csl\n',
      'references.bib': BIB,
      // A user's own style; a small one, as each of the seven builds below runs citeproc afresh.
      'style.csl': readFileSync(path.join(FIXTURE, 'minimal.csl'), 'utf8'),
      'en/01-one.md': TEXT,
    });
    const build = async () => {
      const { editions, diagnostics } = await checkEditions(
        await loadConfig({ content, templates: path.join(ROOT, 'templates') }),
      );
      return {
        messages: diagnostics.map(formatDiagnostic),
        html: editions[0]!.chapters.map((c) => chapterHtml(c.tree, 'screen', 'en')).join(''),
      };
    };
    const text = (html: string) => toText(fromHtml(html, { fragment: true })).replace(/\s+/g, ' ');
    const changes: Array<[file: string, from: string, to: string, shows: string]> = [
      ['references.bib', 'Measuring Teacher Pay', 'Measuring Nurse Pay', '“Measuring Nurse Pay.”'],
      [
        'style.csl',
        '<layout prefix="(" suffix=")"',
        '<layout prefix="[" suffix="]"',
        '[Doe, Roe, Poe, and Moe 2020, 33–35]',
      ],
      ['en/01-one.md', '[@doe2020, pp. 33-35]', '[@doe2020, p. 41]', '[Doe, Roe, Poe, and Moe 2020, 41]'],
    ];
    let last = await build();
    expect(last.messages).toEqual([]);
    for (const [file, from, to, shows] of changes) {
      const before = readFileSync(path.join(content, file), 'utf8');
      expect(before).toContain(from);
      writeFileSync(path.join(content, file), before.replace(from, to));
      const cached = await build();
      vi.stubEnv('BRIEFING_CACHE_DIR', mkdtempSync(path.join(tmpdir(), 'briefing-cite-cache-')));
      const fresh = await build();
      vi.stubEnv('BRIEFING_CACHE_DIR', cache);
      expect(cached, file).toEqual(fresh);
      expect(text(cached.html)).toContain(shows);
      expect(text(last.html)).not.toContain(shows);
      last = cached;
    }
  });
});

describe('case-protected BibTeX titles', () => {
  // What Pandoc's citeproc prints for this .bib with the default Chicago author-date style: braces keep
  // their text as written (the whole title, or a word), the rest is title-cased.
  it('keeps braced text as the .bib writes it under the style title case, in en and ru', async () => {
    const bib = [
      '@article{ocean, author = {Ramadhan, Ali}, title = {{Oceananigans.jl: Fast and friendly dynamics on GPUs}},',
      '  journal = {Journal of Open Source Software}, year = 2020}',
      '@article{tide, author = {Holm, Mira}, title = {Hourly records from {iPhone} gauges}, journal = {Coastal Data}, year = 2021}',
    ].join('\n');
    const text = '# One\n\nAs [@ocean; @tide].\n';
    const en = await edition({ 'en/01-one.md': text, 'references.bib': bib });
    expect(entries(en.chapters[0]!)).toEqual([
      'Holm, Mira. 2021. “Hourly Records from iPhone Gauges.” Coastal Data.',
      'Ramadhan, Ali. 2020. “Oceananigans.jl: Fast and friendly dynamics on GPUs.” Journal of Open Source Software.',
    ]);
    const ru = await edition({ 'ru/01-one.md': text, 'references.bib': bib }, 'bibliography: references.bib\n', 'ru');
    expect(entries(ru.chapters[0]!)).toEqual([
      'Holm, Mira. 2021. «Hourly records from iPhone gauges». Coastal Data.',
      'Ramadhan, Ali. 2020. «Oceananigans.jl: Fast and friendly dynamics on GPUs». Journal of Open Source Software.',
    ]);
  });
});

describe('citation checks', () => {
  it('reports an unknown key at the citation and an unused entry at its line in the .bib', async () => {
    const { messages } = await edition({
      'en/01-one.md': '# One\n\nAs [@doe2020; @nobody] and @smith2019 and @lee2018 say [@un2021].\n',
    });
    expect(messages).toEqual([
      'references.bib:1:1 warning bibliography entry "doe2020" is never cited (cite it as [@doe2020], or delete it from the bibliography) briefing:unused-citation',
      'en/01-one.md:3:4 error citation "@nobody" is not in the bibliography (add the entry to the bibliography file, or fix the key) briefing:unknown-citation',
    ]);
  });

  it('reports a bibliography that does not parse at its line, and a duplicate key at the second entry', async () => {
    const broken = await edition({
      'en/01-one.md': '# One\n\nAs [@a].\n',
      'references.bib': '@book{a,\n  title = {A},\n  year = 2020\n  author = {B}\n}\n',
    });
    expect(broken.messages[0]).toMatch(
      /^references\.bib:4:\d+ error bibliography cannot be read: .* briefing:bibliography-syntax$/,
    );
    const twice = await edition({
      'en/01-one.md': '# One\n\nAs [@a].\n',
      'references.bib': '@book{a, title = {A}, year = 2020}\n\n@book{a, title = {B}, year = 2021}\n',
    });
    expect(twice.messages).toEqual([
      'references.bib:3:1 error bibliography key "a" is given twice (first in references.bib at line 1) (give one of the entries another key, or delete one) briefing:duplicate-citation-key',
    ]);
  });

  it('reads CSL-JSON and CSL-YAML; without a bibliography a bare @name stays text and [@key] is an error', async () => {
    const json = await edition(
      {
        'en/01-one.md': '# One\n\nAs [@a] and [@b].\n',
        'refs.json': JSON.stringify([
          {
            id: 'a',
            type: 'book',
            title: 'Alpha',
            author: [{ family: 'Ant', given: 'A.' }],
            issued: { 'date-parts': [[2001]] },
          },
        ]),
        'refs.yaml':
          'references:\n  - id: b\n    type: book\n    title: Beta\n    author:\n      - family: Bee\n        given: B.\n    issued:\n      date-parts: [[2002]]\n',
      },
      'bibliography: [refs.json, refs.yaml]\n',
    );
    expect(json.messages).toEqual([]);
    expect(toText(select('p', json.chapters[0])!)).toBe('As (Ant 2001) and (Bee 2002).');
    const none = await edition({ 'en/01-one.md': '# One\n\nWrite to @support or [@a].\n' }, '');
    expect(none.messages).toEqual([
      'en/01-one.md:3:22 error citation "@a": the edition has no bibliography (name the bibliography file in briefing.yaml (or the front matter): `bibliography: references.bib`) briefing:unknown-citation',
    ]);
    expect(toText(select('p', none.chapters[0])!)).toBe('Write to @support or [@a].');
  });
});

describe('citation files stay inside the content folder', () => {
  it('refuses a bibliography or a style outside it', async () => {
    const outside = (settings: string) =>
      edition({ 'en/01-one.md': '# One\n\nAs [@a].\n' }, settings).then(
        () => 'built',
        (error: unknown) =>
          (error as BriefingError).diagnostics.map((d) => `${path.basename(d.file)} ${d.message} ${d.rule}`),
      );
    expect(await outside('bibliography: ../../outside.bib\n')).toEqual([
      expect.stringMatching(/^outside\.bib .*outside the content folder.* \S+$/) as string,
    ]);
    expect(await outside('bibliography: references.bib\ncsl: /etc/passwd\n')).toEqual([
      expect.stringMatching(/^passwd .*outside the content folder.* \S+$/) as string,
    ]);
  });
});

describe('links in bibliography entries', () => {
  // citeproc links only http(s) URLs and DOIs (wrap_url_and_doi), and the parsed entry keeps the href alone.
  it('keeps only http(s) addresses as links, with nothing but their href', async () => {
    const items = [
      { id: 'a', type: 'webpage', title: 'Alpha', URL: 'ftp://example.org/a', issued: { 'date-parts': [[2001]] } },
      {
        id: 'b',
        type: 'webpage',
        title: 'Beta',
        URL: 'https://example.org/b" onclick="x',
        issued: { 'date-parts': [[2002]] },
      },
    ];
    const { chapters, messages } = await edition(
      { 'en/01-one.md': '# One\n\nAs [@a; @b].\n', 'refs.json': JSON.stringify(items) },
      'bibliography: refs.json\n',
    );
    expect(messages).toEqual([]);
    // The ftp: address stays text; the quote in the https address does not open an attribute.
    const links = selectAll('.csl-entry a', chapters[0]).map((a) => a.properties);
    expect(links.length).toBeGreaterThan(0);
    for (const properties of links) {
      expect(Object.keys(properties)).toEqual(['href']);
      expect(String(properties.href)).toMatch(/^https:\/\//);
    }
  });
});

import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { checkEditions } from '../../src/check.js';
import { formatDiagnostic } from '../../src/messages.js';
import { ROOT, STARTER } from '../support/cli.js';
import { chapterHtml } from '../../src/render/html.js';
import type { EditionChapter } from '../../src/pipeline/edition.js';
import { makeContent } from '../support/content.js';
import { PNG } from '../support/edition.js';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { templateIds } from '../../src/pipeline/unique-ids.js';
import { TEMPLATE_IDS } from '../../src/content/section-ids.js';
import { respellDivs } from '../../src/pipeline/remark-fenced-divs.js';
import { toString } from 'hast-util-to-string';

const templates = path.join(ROOT, 'templates');
const html = (chapter: EditionChapter) => chapterHtml(chapter.tree, 'screen', 'en');

async function check(content: string) {
  const config = await loadConfig({ content, templates });
  const { editions, diagnostics } = await checkEditions(config);
  return {
    edition: editions[0]!,
    messages: diagnostics.map((d) => formatDiagnostic({ ...d, file: path.relative(content, d.file) })),
  };
}

describe('the starter edition', () => {
  it('numbers chapters I, II… and sections A, B… from file order, with ids from file names', async () => {
    const { edition, messages } = await check(STARTER);
    expect(messages).toEqual([]);
    expect(edition.contents.map((c) => [c.number, c.title, c.id])).toEqual([
      ['I', 'Introduction and summary', 'introduction'],
      ['II', 'National mechanisms', 'mechanisms'],
      ['III', 'Protection and promotion of rights', 'rights'],
      ['IV', 'Sources of additional information', 'sources'],
    ]);
    expect(edition.contents[2]!.children.map((s) => [s.number, s.title, s.id])).toEqual([
      ['A', 'The right to life', 'right-to-life'],
      ['B', 'Children’s rights', 'childrens-rights'],
    ]);
    // The web medium: chapters are h2 under the page's h1 (the cover title); print keeps h1.
    expect(html(edition.chapters[0]!)).toContain(
      '<h2 id="introduction"><span class="heading-number">I.</span> Introduction and summary</h2>',
    );
    expect(edition.chapters[0]!.short).toBe('Introduction');
  });

  it("leaves a chapter titled `{.unnumbered}` or `{-}` (Pandoc's) without a number; the others count on", async () => {
    const { edition, messages } = await check(
      makeContent({
        'en/01-abstract.md': '# Abstract {.unnumbered}\n\nText.\n',
        'en/02-one.md': '# One {#sec:one}\n\nSee @sec:one.\n',
        'en/03-thanks.md': '# Thanks {-}\n\nText.\n',
        'en/04-two.md': '# Two\n\nText.\n',
      }),
    );
    expect(messages).toEqual([]);
    expect(edition.contents.map((c) => [c.number, c.title])).toEqual([
      ['', 'Abstract'],
      ['I', 'One'],
      ['', 'Thanks'],
      ['II', 'Two'],
    ]);
    expect(html(edition.chapters[0]!)).toContain('<h2 class="unnumbered" id="abstract">Abstract</h2>');
    expect(html(edition.chapters[1]!)).toContain('See <span class="xref"><a href="#one" class="xref-link">Section');
    expect(html(edition.chapters[1]!)).toContain('Section\u00a0I</a>');
  });

  it('turns callouts into asides right where they stand, grouped with their paragraph on the web', async () => {
    const { edition } = await check(STARTER);
    expect(edition.stats.callouts).toBe(2);
    // Web: the paragraph and its box in one group, so the box sits beside its own paragraph.
    const group = select('div.with-callouts', fromHtml(html(edition.chapters[0]!), { fragment: true }))!;
    const [paragraph, column] = group.children.filter((n) => n.type === 'element');
    expect(paragraph!.tagName).toBe('p');
    expect(toString(paragraph!)).toMatch(/^The starter edition opens[^]*synthesized ones\.$/);
    expect(column).toMatchObject({ tagName: 'div', properties: { className: ['callout-column'] } });
    const box = select(':scope > aside.callout:first-child > p:first-child', column)!;
    expect(toString(box)).toMatch(/^A callout box sits/);
  });

  it('numbers notes across files by first reference and renders the sources list', async () => {
    const { edition } = await check(STARTER);
    expect(edition.notes.map((n) => [n.name, n.label, n.references])).toEqual([
      ['first-source', 'i', 2],
      ['second-source', 'ii', 2],
      ['third-source', 'iii', 1],
    ]);
    const sources = html(edition.chapters.at(-1)!);
    expect(sources).toContain('<li id="note-first-source">');
    expect(sources).toContain('href="#ref-first-source-2"');
    expect(html(edition.chapters[1]!)).toContain(
      '<sup class="note-ref"><a href="#note-second-source" id="ref-second-source" role="doc-noteref">ii</a></sup>',
    );
  });
});

describe('content checks', () => {
  const chapter = (body: string) => makeContent({ 'en/01-one.md': body });

  it('keeps text that merely looks like a text directive', async () => {
    const { edition, messages } = await check(chapter('# One\n\nAt 10:30 the ratio was 3:1 and note:this stays.\n'));
    expect(messages).toEqual([]);
    expect(html(edition.chapters[0]!)).toContain('At 10:30 the ratio was 3:1 and note:this stays.');
  });

  // A chapter without its `#` title, skipped levels, front matter, unknown/unclosed/empty/nested callouts,
  // raw HTML and duplicate heading ids are tests/unit/faults.test.ts (exact message lists).
  it('requires a section file to open with a level-2 heading', async () => {
    const section = await check(
      makeContent({ 'en/01-one/index.md': '# One\n', 'en/01-one/01-a.md': '### Wrong level\n\nText.\n' }),
    );
    expect(section.messages).toContain(
      'en/01-one/01-a.md:1:1 error a section file must start with a `## Title` heading (put `## Title` on the first line after the front matter) briefing:missing-title',
    );
  });

  it('reads a section file written as a page of its own (`#` over `##`) one level down', async () => {
    const { edition, messages } = await check(
      makeContent({
        'en/01-one/index.md': '# One\n\nIntro.\n',
        'en/01-one/01-a.md': ['# Alpha', '## Detail', '### C', '#### D', '##### E', '###### Deepest'].join(
          '\n\nText.\n\n',
        ),
      }),
    );
    expect(messages).toEqual([]);
    const chapter = html(edition.chapters[0]!);
    // The page's own levels are one below (its h1 is the edition's title): the section is an h3, numbered.
    expect(chapter).toContain('<h3 id="a"><span class="heading-number">A.</span> Alpha</h3>');
    expect(chapter).toContain('<h4 id="a-detail">Detail</h4>');
    expect(chapter).toContain('<h6 id="a-deepest">Deepest</h6>');
  });

  it('titles a page from its front matter, as Quarto does, its own headings below the title', async () => {
    const { edition, messages } = await check(
      makeContent({
        'en/01-intro.qmd':
          '---\ntitle: "Getting started"\n---\n\n## Overview\n\nSee [tools](/02-guide/01-onboarding.md#tools) and [the guide](02-guide/index.qmd); [site](https://example.org){.uri}.\n\n## Next steps\n\nText.\n',
        'en/02-guide/index.qmd': '---\ntitle: The guide\n---\n\nWhat the guide holds.\n',
        'en/02-guide/01-onboarding.md':
          '---\ntitle: Onboarding\n---\n\n## Welcome\n\nText.\n\n## Tools\n\n:::callout-tip\nAsk early.\n:::\n',
        // A page that repeats its title as its first heading (MkDocs) keeps that heading, once.
        'en/02-guide/02-same.md': '---\ntitle: Same title\n---\n\n# Same Title\n\n## Inside\n\nText.\n',
        // A second folder with an onboarding page: each section's id is qualified by its chapter's.
        'en/03-mentors/index.md': '# Mentors\n\nText.\n',
        'en/03-mentors/onboarding.qmd': '---\ntitle: Mentor onboarding\n---\n\nText.\n',
      }),
    );
    expect(messages).toEqual([]);
    expect(edition.contents.map((c) => [c.number, c.title, c.children.map((s) => s.title)])).toEqual([
      ['I', 'Getting started', ['Overview', 'Next steps']],
      ['II', 'The guide', ['Onboarding', 'Same Title']],
      ['III', 'Mentors', ['Mentor onboarding']],
    ]);
    expect(edition.contents.flatMap((c) => c.children.map((s) => s.id))).toContain('mentors--onboarding');
    const intro = html(edition.chapters[0]!);
    expect(intro).toContain('<h3 id="intro-overview">Overview</h3>');
    // Links to .qmd files and from the locale folder (`/…`, Quarto's project-relative links) resolve.
    expect(intro).toContain('<a href="#guide--onboarding-tools">tools</a> and <a href="#guide">the guide</a>');
    // Pandoc's link attributes go on the link, not into the text.
    expect(intro).toMatch(/<a href="https:\/\/example\.org"[^>]*class="uri"[^>]*>site<\/a>\./);
    const guide = html(edition.chapters[1]!);
    // The section page's `##` sit below its title (`###`), one level down again in the chapter page.
    expect(guide).toContain('<h4 id="guide--onboarding-welcome">Welcome</h4>');
    expect(guide.match(/Same Title/g)).toHaveLength(1);
    // `:::callout-tip`, Quarto's class written without the space: a tip box.
    expect(guide).toMatch(/<aside class="callout callout-tip"[^>]*>.*Tip.*Ask early\./s);
  });

  it("reads a Quarto project's order from _quarto.yml; what it does not list is left out with a warning", async () => {
    const pages = {
      'en/index.qmd': '---\ntitle: Welcome\n---\n\nText.\n',
      'en/about.qmd': '---\ntitle: About\n---\n\nText.\n',
      'en/_partial.md': 'An include, not a page.\n',
      'en/guide/index.qmd': '---\ntitle: Guide\n---\n\nText.\n',
      'en/guide/a-first.qmd': '---\ntitle: First\n---\n\nText.\n',
      'en/guide/b-second.qmd': '---\ntitle: Second\n---\n\nText.\n',
      'en/guide/c-draft.qmd': '---\ntitle: Draft\n---\n\nText.\n',
    };
    const website = await check(
      makeContent({
        ...pages,
        'en/_quarto.yml': [
          'website:',
          '  sidebar:',
          '    contents:',
          '      - href: index.qmd',
          '      - section: guide/index.qmd',
          '        contents:',
          '          - guide/b-second.qmd',
          '          - guide/a-first.qmd',
          '      - about.qmd',
          '      - https://example.org',
        ].join('\n'),
      }),
    );
    expect(website.edition.contents.map((c) => [c.title, c.children.map((s) => s.title)])).toEqual([
      ['Welcome', []],
      ['Guide', ['Second', 'First']],
      ['About', []],
    ]);
    expect(website.messages).toEqual([
      'en/_partial.md warning "_partial.md" is left out: a name starting with `_` is a partial that pages include (Quarto, Jekyll), not a chapter (copy its text where it is included (Briefing runs no include shortcode), or rename it without the `_` to make it a chapter) content:partial-file',
      'en/guide/c-draft.qmd warning "c-draft.qmd" is not among the pages _quarto.yml lists: left out, as Quarto leaves it out (list it in _quarto.yml to print it) content:quarto-unlisted',
    ]);
    const book = await check(
      makeContent({
        ...pages,
        'en/_quarto.yml':
          'book:\n  chapters:\n    - index.qmd\n    - part: Parts are not printed\n      chapters: [about.qmd, guide/missing.qmd]\n',
      }),
    );
    expect(book.messages).toContain(
      'en/_quarto.yml:5:29 error _quarto.yml lists "missing.qmd", which is not a Markdown file of its folder (fix the name, or take it out of the list) content:listed-missing',
    );
  });

  it('pairs a translated section with its source by name when two folders hold a page of the same name', async () => {
    const content = makeContent({
      'briefing.yaml': 'id: sample\nyear: 2022\nsourceLocale: en\nlocales: [en, ru]\n',
      'en/01-guide/index.md': '# Guide\n\nText.\n',
      'en/01-guide/onboarding.md': '## Guide onboarding\n\nText.\n',
      'en/02-mentors/index.md': '# Mentors\n\nText.\n',
      'en/02-mentors/onboarding.md': '## Mentor onboarding\n\nText.\n',
      'ru/edition.yaml': 'title: Образец\npublisher: Офис\n',
      'ru/02-mentors/index.md': '# Наставники\n\nТекст.\n',
      'ru/02-mentors/onboarding.md': '## Введение наставников\n\nТекст.\n',
    });
    const config = await loadConfig({ content, templates, locale: 'all' });
    const { editions } = await checkEditions(config);
    const sections = (i: number) => editions[i]!.contents.flatMap((c) => c.children.map((s) => [s.id, s.title]));
    expect(sections(0)).toEqual([
      ['guide--onboarding', 'Guide onboarding'],
      ['mentors--onboarding', 'Mentor onboarding'],
    ]);
    // The translation lacks the guide's page: the mentors' page still pairs with its own source.
    expect(sections(1)).toEqual([
      ['guide--onboarding', 'Guide onboarding'],
      ['mentors--onboarding', 'Введение наставников'],
    ]);
  });

  it("takes a Quarto book's title, authors and bibliography from _quarto.yml when edition.yaml and briefing.yaml have none", async () => {
    const { edition, messages } = await check(
      makeContent({
        'en/edition.yaml': null,
        'en/_quarto.yml': [
          'book:',
          '  title: "A Quarto Book"',
          '  author: [Norah Jones, { name: Ann Lee }]',
          '  date: "2026-01-20"',
          '  chapters: [index.qmd]',
          'bibliography: refs.bib',
        ].join('\n'),
        'en/index.qmd': '# Preface {.unnumbered}\n\nAs @knuth84 says.\n',
        'en/refs.bib':
          '@article{knuth84, author = {Knuth, Donald E.}, title = {Literate Programming}, year = {1984}}\n',
      }),
    );
    expect(messages).toEqual([]);
    expect([edition.meta.title, edition.meta.authors, edition.meta.date]).toEqual([
      'A Quarto Book',
      ['Norah Jones', 'Ann Lee'],
      '2026-01-20',
    ]);
    const text = html(edition.chapters[0]!);
    expect(text).toContain('<a href="#ref-knuth84">Knuth</a> (<a href="#ref-knuth84">1984</a>)');
    expect(text).toContain('Knuth, Donald E. 1984. “Literate Programming.”');
  });

  it('finds a heading named in other cases, as GitHub does; a link to a file without a title says so', async () => {
    const { edition, messages } = await check(
      makeContent({
        'en/01-one.md':
          '# One\n\nSee [setup](#Project-Setup) and [theirs](02-two.md#Branch-Policies).\n\n## Project Setup\n\nText.\n',
        'en/02-two.md': '# Two\n\nText.\n\n## Branch Policies\n\nText.\n',
      }),
    );
    expect(messages).toEqual([]);
    expect(html(edition.chapters[0]!)).toContain('<a href="#one-project-setup">setup</a>');
    expect(html(edition.chapters[0]!)).toContain('<a href="#two-branch-policies">theirs</a>');
    const untitled = await check(
      makeContent({
        'en/01-one.md': '# One\n\nSee [the section](02-two/01-a.md).\n',
        'en/02-two/index.md': '# Two\n\nText.\n',
        'en/02-two/01-a.md': 'No heading.\n',
      }),
    );
    expect(untitled.messages).toContain(
      'en/01-one.md:3:5 error dead link: 02-two/01-a.md has no opening heading to link to (link to a heading of the edition (its text as GitHub or Pandoc spell it, or its {#id}), or fix the file name) briefing:dead-link',
    );
  });

  it('an image on a line of its own inside a paragraph keeps its line: hard breaks around it', async () => {
    const { edition, messages } = await check(
      makeContent({
        'en/01-one.md': '# One\n\n**Overview**\n![A chart](chart.png)\nAfter it.\n\nInline ![icon](chart.png) stays.\n',
        'en/chart.png': PNG,
      }),
    );
    expect(messages).toEqual([]);
    const chapter = html(edition.chapters[0]!);
    expect(chapter).toMatch(
      /<p><strong>Overview<\/strong><br>\n?<img src="data:image\/png;base64,[^"]+" alt="A chart"><br>\n?After it\.<\/p>/,
    );
    expect(chapter).toMatch(/<p>Inline <img [^>]*alt="icon"> stays\.<\/p>/);
  });

  it("a README's raw <img> is read as a Markdown image: checked, inlined, its layout attributes left out with a warning", async () => {
    const { edition, messages } = await check(
      makeContent({
        'en/01-one.md': [
          '# One',
          '<p align="center">\n  <img src="images/a.png" width="400">\n  <br/>\n  <i><a href=https://example.org/s>Source: a blog</a></i>\n</p>',
          'A badge: <a href="https://example.org/ci"><img src="images/a.png" alt="CI"></a> inline.',
          '<p align="center">Centred text only.</p>',
        ].join('\n\n'),
        'en/images/a.png': PNG,
      }),
    );
    expect(messages).toEqual([
      'en/01-one.md:3:1 warning raw HTML with align= and width=: left out (the templates lay out the edition) (give the element a class instead (`<span class="…">`), styled by the templates) briefing:raw-html-style',
      'en/01-one.md:11:1 warning raw HTML with align=: left out (the templates lay out the edition) (give the element a class instead (`<span class="…">`), styled by the templates) briefing:raw-html-style',
    ]);
    const tree = fromHtml(html(edition.chapters[0]!), { fragment: true });
    const image = select('p > img', tree)!;
    expect(String(image.properties.src)).toMatch(/^data:image\/png;base64,/);
    expect(image.properties.width).toBeUndefined();
    expect(toString(select('p > em > a[href="https://example.org/s"]', tree)!)).toBe('Source: a blog');
    expect(select('a[href="https://example.org/ci"] > img[alt="CI"]', tree)).toBeTruthy();
    expect(toString(select('p:last-child', tree)!)).toBe('Centred text only.');
  });

  it("GitHub's math: a ```math block is display math, $`…`$ inline math without its backticks", async () => {
    const { edition, messages } = await check(
      makeContent({ 'en/01-one.md': '# One\n\n```math\nE = mc^2\n```\n\nInline $`a^2`$ here.\n' }),
    );
    expect(messages).toEqual([]);
    const tree = fromHtml(html(edition.chapters[0]!), { fragment: true });
    expect(select('pre', tree)).toBeUndefined();
    expect(select('div.math-display math[display="block"]', tree)).toBeTruthy();
    const inline = select('p math', tree)!;
    expect(toString(select('annotation', inline)!)).toBe('a^2');
  });

  it('reports a heading id that collides with a note id or a note reference id, at both places', async () => {
    const { messages } = await check(
      makeContent({
        'en/01-one.md': '# One\n\nCited.[^alpha]\n',
        'en/02-note.md': '# Note\n\nText.\n\n## Alpha\n\nMore.\n',
        'en/03-ref.md': '# Ref\n\nText.\n\n## Alpha\n\nMore.\n',
        'en/sources.md': '# Sources\n\n[^alpha]: Alpha report <https://example.org/a>\n',
      }),
    );
    const collisions = messages.filter((m) => m.endsWith('briefing:duplicate-id'));
    expect(collisions).toEqual([
      'en/03-ref.md:5:1 error heading id "ref-alpha" is already used by a note reference in 01-one.md (line 3) (rename the file or heading so that the ids differ) briefing:duplicate-id',
      'en/sources.md:3:1 error note id "note-alpha" is already used by a heading in 02-note.md (line 5) (rename the note so that the ids differ) briefing:duplicate-id',
    ]);
  });

  it('gives a chapter named like an id the templates use (content, preface) the next free id, as a second file of one name', async () => {
    const { edition, messages } = await check(
      makeContent({
        'en/01-content.md': '# Content\n\nSee [the preface](02-preface.md).\n',
        'en/02-preface.md': '# Preface\n\nText.\n',
      }),
    );
    expect(messages).toEqual([]);
    expect(edition.contents.map((c) => c.id)).toEqual(['content-2', 'preface-2']);
    const link = select('a', fromHtml(html(edition.chapters[0]!), { fragment: true }))!;
    expect(link.properties.href).toBe('#preface-2');
  });

  it("a heading's {#id} taken by another chapter (or the templates) takes its chapter's id before it; its own file's links find it", async () => {
    const { edition, messages } = await check(
      makeContent({
        'en/01-building.md': '# Building\n\nSee [books](#books).\n\n## Books {#books}\n\nText.\n',
        'en/02-curation.md':
          '# Curation\n\nSee [books](#books) and [content](#content).\n\n## Books {#books}\n\nx\n\n### Content {#content}\n\ny\n',
        'en/03-links.md':
          '# Links\n\n[Curated books](02-curation.md#books), [built](01-building.md#books), [bare](#books).\n',
      }),
    );
    expect(messages).toEqual([]);
    const hrefs = (n: number) =>
      selectAll('a', fromHtml(html(edition.chapters[n]!), { fragment: true })).map((a) => a.properties.href);
    const ids = (n: number) =>
      selectAll('h3, h4', fromHtml(html(edition.chapters[n]!), { fragment: true })).map((h) => h.properties.id);
    expect(ids(0)).toEqual(['books']);
    expect(ids(1)).toEqual(['curation--books', 'curation--content']);
    expect(hrefs(0)).toEqual(['#books']);
    expect(hrefs(1)).toEqual(['#curation--books', '#curation--content']);
    expect(hrefs(2)).toEqual(['#curation--books', '#books', '#books']);
    expect(edition.contents[1]!.children.map((h) => h.id)).toEqual(['curation--books']);
  });

  it('still reports one {#id} written twice in one file: a link there could mean either', async () => {
    const { messages } = await check(
      makeContent({ 'en/01-one.md': '# One\n\n## Hold {#hold}\n\nx\n\n## Hold again {#hold}\n\ny\n' }),
    );
    expect(messages).toEqual([
      'en/01-one.md:7:1 error heading id "hold" is already used in 01-one.md (line 3) (rename one of the files or headings) briefing:duplicate-id',
    ]);
  });

  it("a babelquarto book's translations beside its pages (index.es.qmd) are one warning at its languages, not a page each", async () => {
    const { edition, messages } = await check(
      makeContent({
        'en/index.qmd': '# Welcome\n\nText.\n',
        'en/index.es.qmd': '# Bienvenida\n\nTexto.\n',
        'en/about.qmd': '# About\n\nText.\n',
        'en/about.es.qmd': '# Acerca\n\nTexto.\n',
        'en/about.pt.qmd': '# Sobre\n\nTexto.\n',
        'en/notes.md': '# Notes\n\nNot listed.\n',
        'en/_quarto.yml': 'book:\n  chapters: [index.qmd, about.qmd]\nbabelquarto:\n  languages: [es, pt]\n',
      }),
    );
    expect(edition.contents.map((c) => c.title)).toEqual(['Welcome', 'About']);
    expect(messages).toEqual([
      'en/notes.md warning "notes.md" is not among the pages _quarto.yml lists: left out, as Quarto leaves it out (list it in _quarto.yml to print it) content:quarto-unlisted',
      'en/_quarto.yml:4:14 warning 3 babelquarto translations (es, pt: files named like "about.es.qmd") left out: they are not pages of this locale (to build the es edition, move each into content/es/ under its page\'s name ("about.es.qmd" → content/es/about.qmd) and add es to `locales` in briefing.yaml) content:quarto-unlisted',
    ]);
  });

  it("Quarto's and the Carpentries' page keys for the web site, editor or code runner (aliases, repo-actions, execute, teaching) are read without a warning; a misspelt key is not", async () => {
    const { messages } = await check(
      makeContent({
        'en/01-one.qmd':
          '---\naliases:\n  - old.html\nrepo-actions: [edit]\neditor: visual\nexecute:\n  echo: false\nteaching: 5\nexercises: 10\ntitel: One\n---\n\n# One\n\nText.\n',
      }),
    );
    expect(messages).toEqual([
      expect.stringMatching(
        /^en\/01-one\.qmd:1:1 warning unknown front matter key "titel" .*briefing:front-matter-key$/,
      ),
    ]);
  });

  it("links to a site's pages (setup.html, an old address a page's aliases keep) find the page; a link to any other file is a warning", async () => {
    const { edition, messages } = await check(
      makeContent({
        'en/01-setup.qmd':
          '---\naliases:\n  - building.html\n---\n\n# Setup\n\nText.\n\n## Testing {#testing}\n\nMore.\n',
        'en/02-use.md':
          '# Use\n\nSee [tests](/building.html#testing), [setup](01-setup.html), [data](data.csv), [toot](hachyderm.io/@r/1).\n',
      }),
    );
    expect(messages).toEqual([
      'en/02-use.md:3:62 warning link to "data.csv" leads to nothing in the edition: the PDF and the web edition hold the report alone, not the files beside it (link to its address on the web (https://…), to a page of the edition, or leave the words without a link) briefing:link-outside-edition',
      'en/02-use.md:3:80 warning link to "hachyderm.io/@r/1" leads to nothing in the edition: the PDF and the web edition hold the report alone, not the files beside it (write its address whole, with https:// before it: https://hachyderm.io/@r/1) briefing:link-outside-edition',
    ]);
    const hrefs = selectAll('a', fromHtml(html(edition.chapters[1]!), { fragment: true })).map(
      (a) => a.properties.href,
    );
    expect(hrefs.slice(0, 2)).toEqual(['#testing', '#setup']);
  });

  it("a Carpentries lesson's pieces: `::: challenge` divs, a described image without caption (alt with a formula in it), a link to the site's other pages", async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
    const { edition, messages } = await check(
      makeContent({
        'en/fig/loop.svg': svg,
        'en/01-loop.md': [
          '# Loops',
          '',
          ':::::: challenge',
          '',
          '## Variables',
          '',
          'Guess.',
          '',
          '::: solution',
          '',
          'Nothing.',
          '',
          ':::',
          '',
          '::::::',
          '',
          "![](fig/loop.svg){alt='echo cp $filename original-$filename for *every* file'}",
          '',
          'See the [setup](../learners/setup.md), a [typo](02-lop.md).',
          '',
          ':::: challenge',
          'Again.',
          '::::',
          '',
        ].join('\n'),
      }),
    );
    const plain = (line: number, name: string) =>
      `en/01-loop.md:${line}:1 warning "::: ${name}" is printed as a plain block with the class "${name}" (Pandoc's reading), not as a box (for a box write \`::: {.callout-note title="…"}\`; \`::: {.${name}}\` says a plain block is meant) briefing:plain-div`;
    expect(messages).toEqual([
      plain(3, 'challenge'),
      plain(9, 'solution'),
      'en/01-loop.md:19:9 warning link to "../learners/setup.md" leads to nothing in the edition: the PDF and the web edition hold the report alone, not the files beside it (link to its address on the web (https://…), to a page of the edition, or leave the words without a link) briefing:link-outside-edition',
      'en/01-loop.md:19:42 error dead link: "02-lop.md" is not a file of this edition (link to a heading of the edition (its text as GitHub or Pandoc spell it, or its {#id}), or fix the file name) briefing:dead-link',
    ]);
    const page = fromHtml(html(edition.chapters[0]!), { fragment: true });
    expect(selectAll('div.challenge', page)).toHaveLength(2);
    expect(toString(select('div.challenge div.solution', page)!).trim()).toBe('Nothing.');
    const img = select('img', page)!;
    expect(img.properties.alt).toBe('echo cp $filename original-$filename for *every* file');
    expect(select('figure, math', page)).toBeUndefined();
    expect(toString(select('p:has(img)', page)!)).toBe('');
  });

  it('a dead link names the anchor nearest to the one written (a typo, an anchor translated with its text), when one is near', async () => {
    const { messages } = await check(
      makeContent({
        'en/01-one.md':
          '# One\n\n## Collaboration {#collaboration}\n\nSee [it](#colaboración), [flow](#gitflow), [two](02-two.md#sumary).\n',
        'en/02-two.md': '# Two\n\n## Summary\n\nText.\n',
      }),
    );
    expect(
      messages.map((m) => m.replace(/^(\S+) error dead link: (.*?) \((.*?)\) briefing:dead-link$/, '$1 $2 | $3')),
    ).toEqual([
      'en/01-one.md:5:5 no heading or anchor "#colaboración" in the edition | did you mean #collaboration? Else link to a heading of the edition (its text as GitHub or Pandoc spell it, or its {#id})',
      'en/01-one.md:5:26 no heading or anchor "#gitflow" in the edition | link to a heading of the edition (its text as GitHub or Pandoc spell it, or its {#id}), or fix the file name',
      'en/01-one.md:5:44 no heading or anchor "#sumary" in 02-two.md | did you mean 02-two.md#summary? Else link to a heading of the edition (its text as GitHub or Pandoc spell it, or its {#id})',
    ]);
  });

  it("knitr's block engine (bookdown's custom blocks) is Markdown in a div of its type, not code; a real cell still is code", async () => {
    const { edition, messages } = await check(
      makeContent({
        'en/01-one.rmd':
          '# One\n\n```{block, type="summaryblock"}\nThis *summarizes*; see [one](#one).\n```\n\n```{block2, type=\'rmdnote\', echo=TRUE}\nA note.\n```\n\n```{r}\n1 + 1\n```\n',
      }),
    );
    expect(messages).toEqual([
      'en/01-one.rmd:11:1 warning code cell `{r}` is not run: its code is printed, and its output is not there (render the document to Markdown with Quarto or knitr first, or put the output in the text) briefing:code-cell',
    ]);
    const tree = fromHtml(html(edition.chapters[0]!), { fragment: true });
    expect(select('div.summaryblock > p > em', tree)).toBeTruthy();
    expect(select('div.summaryblock a', tree)!.properties.href).toBe('#one');
    expect(toString(select('div.rmdnote', tree)!).trim()).toBe('A note.');
    expect(toString(select('pre', tree)!)).toContain('1 + 1');
    expect(toString(tree)).not.toContain('{block');
  });

  it('a knitr block in a file with Windows line ends (CRLF) is read as one too, every column kept', () => {
    const lf = '# One\n\n```{block, type="rmdnote"}\nA *note*.\n```\n';
    const crlf = lf.replace(/\n/g, '\r\n');
    expect(respellDivs(crlf)).toBe(respellDivs(lf).replace(/\n/g, '\r\n'));
    expect(
      respellDivs(crlf)
        .split('\r\n')
        .map((l) => l.length),
    ).toEqual(crlf.split('\r\n').map((l) => l.length));
    expect(respellDivs(crlf)).toContain(':::d{.rmdnote}');
  });

  it('knows every id the default templates give their elements (a chapter so named takes the next free id)', async () => {
    expect([...(await templateIds(templates))].sort()).toEqual([...TEMPLATE_IDS].sort());
  });

  it('gives a build of distinct headings, notes and references no id message', async () => {
    const { messages } = await check(
      makeContent({
        'en/01-one.md': '# One\n\nCited.[^alpha] Again.[^alpha]\n\n## Alpha\n\nx\n',
        'en/sources.md': '# Sources\n\n[^alpha]: Alpha report <https://example.org/a>\n',
      }),
    );
    expect(messages.filter((m) => m.includes('duplicate-id'))).toEqual([]);
  });
});

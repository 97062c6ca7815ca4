// MyST Markdown as Jupyter Book writes it: directives (```` ```{note} ````, `:::{figure}`), roles
// (`` {cite}`key` ``, `` {numref}`label` ``), targets (`(label)=`), and a book's _toc.yml and
// _config.yml. In-process, no browser.
import { describe, expect, it } from 'vitest';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toText } from 'hast-util-to-text';
import { chapterHtml } from '../../src/render/html.js';
import { respellColonFences, splitOptions } from '../../src/pipeline/myst-syntax.js';
import { edition, PNG } from '../support/edition.js';

const BIB =
  '@book{smith2020,\n  author = {Smith, Jane},\n  title = {Courts},\n  year = {2020},\n  publisher = {Press}\n}\n';

async function chapters(files: Record<string, string | Buffer | null>) {
  const { edition: e, messages } = await edition(files);
  return { html: e.chapters.map((c) => fromHtml(chapterHtml(c.tree, 'screen', 'en'), { fragment: true })), messages };
}

describe('MyST directives', () => {
  it('reads admonitions in backtick and colon fences as boxes, their options left out', async () => {
    const { html, messages } = await chapters({
      'en/01-one.md': [
        '# One',
        '',
        '```{note}',
        ':class: dropdown',
        'A **note** body.',
        '```',
        '',
        ':::{admonition} My title',
        ':class: tip',
        'Titled body.',
        ':::',
        '',
        '````{danger}',
        'Danger body.',
        '',
        '```{tip}',
        'Inner tip.',
        '```',
        '````',
      ].join('\n'),
    });
    expect(messages).toEqual([]);
    const boxes = selectAll('aside.callout', html[0]);
    expect(boxes.map((b) => toText(b).replace(/\s+/g, ' ').trim())).toEqual([
      'Note A note body.',
      'My title Titled body.',
      'Danger Danger body. Tip Inner tip.',
    ]);
    expect(select('aside.callout-note strong', html[0])).toBeTruthy();
    expect(select('aside.callout-caution div.myst-tip', html[0])).toBeTruthy();
    expect(toText(html[0]!)).not.toContain(':class:');
  });

  it('reads figure (caption, :name: label for {numref}), math with :label: for {eq}, code-block and bibliography', async () => {
    const { html, messages } = await chapters({
      'en/map.png': PNG,
      'en/refs.bib': BIB,
      'briefing.yaml': 'id: sample\nyear: 2022\nsourceLocale: en\nlocales: [en]\nbibliography: en/refs.bib\n',
      'en/01-one.md': [
        '# One',
        '',
        'See {numref}`map-fig`, {eq}`mass` and {cite:p}`smith2020`; {cite:t}`smith2020` says so.',
        '',
        '```{figure} map.png',
        '---',
        'name: map-fig',
        'alt: A map',
        '---',
        'The *map* caption.',
        '```',
        '',
        '```{math}',
        ':label: mass',
        'E = mc^2',
        '```',
        '',
        '```{code-block} python',
        ':linenos:',
        'print(1)',
        '```',
        '',
        '```{bibliography}',
        '```',
      ].join('\n'),
    });
    expect(messages).toEqual([]);
    const one = html[0]!;
    expect(toText(select('p', one)!)).toBe('See Figure\u00a01, (1) and (Smith 2020); Smith (2020) says so.');
    expect(select('figure#fig-map-fig img[alt="A map"]', one)).toBeTruthy();
    expect(toText(select('figure#fig-map-fig figcaption', one)!)).toBe('Figure 1. The map caption.');
    expect(select('div.equation#eq-mass', one)).toBeTruthy();
    expect(toText(select('pre code', one)!).trim()).toBe('print(1)');
    expect(toText(select('#refs', one)!)).toContain('Courts');
  });

  it('says what it leaves out: contents (info), code cells, any other directive (its body kept as a block)', async () => {
    const { html, messages } = await chapters({
      'en/01-one.md': [
        '# One',
        '',
        '```{tableofcontents}',
        '```',
        '',
        '```{code-cell} ipython3',
        'print(2 + 2)',
        '```',
        '',
        ':::{epigraph-like} arg',
        ':opt: 1',
        'Kept **words**.',
        ':::',
      ].join('\n'),
    });
    expect(messages).toEqual([
      'en/01-one.md:3:1 info `{tableofcontents}` is left out: the edition prints its own contents, in the order of _toc.yml (nothing to do, or delete the directive) briefing:myst-contents',
      'en/01-one.md:6:1 warning code cell `{code-cell}` is not run: its code is printed, and its output is not there (execute the notebook first (jupyter-book or jupytext), or put the output in the text) briefing:code-cell',
      'en/01-one.md:10:1 warning MyST directive `{epigraph-like}` is not read: its body is printed as a plain block (here and below in this file) (write it as Markdown, or as a directive Briefing reads (an admonition, `figure`, `math`, `code-block`)) briefing:myst-directive',
    ]);
    expect(toText(select('div.myst-epigraph-like', html[0])!).trim()).toBe('Kept words.');
    expect(toText(select('pre code', html[0])!).trim()).toBe('print(2 + 2)');
  });

  it('keeps a Quarto code cell a code cell, and respells only MyST colon fences (same length)', () => {
    const text = '::: {.note}\nx\n:::\n\n::::{note}\n:::{tip}\ny\n:::\n::::\n\n```\n:::{note}\n```\n';
    const respelled = respellColonFences(text);
    expect(respelled).toHaveLength(text.length);
    expect(respelled).toBe('::: {.note}\nx\n:::\n\n~~~~{note}\n:::{tip}\ny\n:::\n~~~~\n\n```\n:::{note}\n```\n');
    expect(splitOptions(':name: a\n:width: 50%\n\nBody').body).toBe('Body');
    expect(splitOptions('---\nname: a\n---\nBody').options).toEqual({ name: 'a' });
  });
});

describe('MyST roles and targets', () => {
  it('reads (label)= targets, {ref}, {doc}, {math}, {sub}, {abbr}, {kbd}; an unknown role keeps its text, warned', async () => {
    const { html, messages } = await chapters({
      'en/01-one.md': [
        '(intro)=',
        '# One',
        '',
        'Back to {ref}`intro`, {ref}`the start <intro>`, {doc}`02-two`, {math}`x^2`, H{sub}`2`O,',
        '{abbr}`HTML (HyperText Markup Language)`, {kbd}`Ctrl`, {term}`Court` and {foo}`bar`.',
        '',
        'See [](intro).',
      ].join('\n'),
      'en/02-two.md': '# Two\n\nText.\n',
    });
    expect(messages).toEqual([
      'en/01-one.md:5:74 warning MyST role `{foo}` is not read: its text is printed as plain text (write it as Markdown, or use a role Briefing reads (`cite`, `ref`, `numref`, `eq`, `doc`, `math`, `sub`, `sup`, `abbr`)) briefing:myst-role',
    ]);
    const p = select('p', html[0])!;
    expect(toText(p).replace(/[ \n]+/g, ' ')).toBe(
      'Back to Section\u00a0I, the start, 02-two, x2x^2, H2O, HTML, Ctrl, Court and bar.',
    );
    expect(selectAll('a', p).map((a) => a.properties.href)).toEqual(['#one', '#one', '#two']);
    expect(select('abbr[title="HyperText Markup Language"]', p)).toBeTruthy();
    expect(select('sub', p)).toBeTruthy();
    // `[](label)`: a cross-reference, not an empty link printed as nothing.
    expect(toText(selectAll('p', html[0])[1]!)).toBe('See Section\u00a0I.');
  });
});

describe("a Jupyter Book's _toc.yml and _config.yml", () => {
  it('gives the chapter order, the title, author and bibliography; says what it does not read', async () => {
    const { edition: e, messages } = await edition({
      'briefing.yaml': 'id: jb\nyear: 2024\nsourceLocale: en\nlocales: [en]\n',
      'en/_toc.yml':
        'format: jb-book\nroot: intro\nparts:\n- caption: Part\n  chapters:\n  - file: b\n  - file: a\n  - file: nb\n',
      'en/edition.yaml': null,
      'en/_config.yml': 'title: My book\nauthor: Jane Smith\nlogo: logo.png\nbibtex_bibfiles:\n  - refs.bib\n',
      'en/refs.bib': BIB,
      'en/intro.md': '# Intro\n\nAs {cite}`smith2020`.\n',
      'en/a.md': '# A\n\nText.\n',
      'en/b.md': '---\njupytext:\n  text_representation: {}\nkernelspec:\n  name: python3\n---\n# B\n\nText.\n',
      'en/nb.ipynb': '{}',
    });
    expect(e.chapters.map((c) => c.title)).toEqual(['Intro', 'B', 'A']);
    expect(e.meta.title).toBe('My book');
    expect(e.meta.authors).toEqual(['Jane Smith']);
    expect(messages).toEqual([
      'en/_toc.yml:8:11 warning "nb.ipynb" is not read: Briefing reads Markdown pages, not notebooks or reStructuredText (convert it to MyST Markdown (`jupytext --to myst nb.ipynb`), or take it out of _toc.yml) content:quarto-page',
      "en/_config.yml:3:1 info _config.yml: title, author and bibtex_bibfiles are read; logo are not (they are the web site's or Sphinx's) (nothing to do; for the edition, set what they say in edition.yaml or briefing.yaml) content:jupyter-book-config",
    ]);
  });
});

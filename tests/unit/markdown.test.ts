// Issue 24, "Real reports in": Markdown as Pandoc and GitHub write it. Each construct on a fixture of
// our own (tests/fixtures/markdown/<name>/), asserted on the rendered HTML and on the messages.
import { describe, it, expect, beforeAll } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromHtml } from 'hast-util-from-html';
import { pageTree } from '../support/page.js';
import { select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import type { Element, Root } from 'hast';
import { loadConfig } from '../../src/config/config.js';
import { checkEditions } from '../../src/check.js';
import { formatDiagnostic } from '../../src/messages.js';
import { loadTemplates } from '../../src/render/render.js';
import type { ProcessedEdition } from '../../src/pipeline/edition.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = 'tests/fixtures/markdown';

interface Checked {
  edition: ProcessedEdition;
  messages: string[];
  html: (medium?: 'print' | 'screen', templates?: string) => Promise<Root>;
}

async function check(name: string): Promise<Checked> {
  const config = await loadConfig({
    content: path.join(ROOT, FIXTURES, name),
    templates: path.join(ROOT, 'templates'),
  });
  const { editions, diagnostics } = await checkEditions(config);
  const edition = editions[0]!;
  return {
    edition,
    messages: diagnostics.map((d) => formatDiagnostic(d)),
    async html(medium = 'screen', templates = path.join(ROOT, 'templates')) {
      const rendered = (await loadTemplates(templates)).render(edition, medium);
      return pageTree(rendered);
    },
  };
}

const attr = (node: unknown, name: string) => (node as { properties: Record<string, unknown> }).properties[name];

describe('notes of every kind', () => {
  let checked: Checked;
  let page: Root;
  beforeAll(async () => {
    checked = await check('footnotes');
    page = await checked.html();
  });

  it('reads footnotes defined next to their text, scoped per file, inline notes and sources alike', () => {
    const refs = selectAll('a[role="doc-noteref"]', page).map((a) => [attr(a, 'href'), toString(a)]);
    expect(refs).toEqual([
      ['#fn-one-1', 'i'],
      ['#fn-one-inline-1', 'ii'],
      ['#fn-one-1', 'i'],
      ['#fn-two-1', 'iii'],
      ['#note-shared', 'iv'],
      ['#fn-three-later', 'v'],
      ['#fn-three-inline-2', 'vi'],
    ]);
    // Every reference's target exists exactly once.
    for (const [href] of refs) expect(selectAll(`[id="${String(href).slice(1)}"]`, page)).toHaveLength(1);
  });

  it('prints each chapter’s notes after it, with several paragraphs, inline formatting and back-links', () => {
    const [one, two] = selectAll('article.chapter', page);
    const notes = selectAll('section.footnotes li', one);
    expect(notes.map((li) => selectAll('.note-body > p', li).map((p) => toString(p)))).toEqual([
      ['Local survey, 2021.', 'A second paragraph of the same note.'],
      ['As reported by the ministry.'],
    ]);
    expect(select('section.footnotes li .note-body em', one)).toBeTruthy();
    expect(selectAll('section.footnotes li a.backlink', one).map((a) => attr(a, 'href'))).toEqual(['#fnref-one-1-2']);
    // A note defined in another file is printed with the chapter that refers to it.
    expect(selectAll('section.footnotes li', two).map((li) => attr(li, 'id'))).toEqual(['fn-two-1', 'fn-three-later']);
  });

  it('asks no URL of a footnote, and warns only about the unused one', () => {
    expect(checked.messages).toEqual([
      `${FIXTURES}/footnotes/en/03-three.md:7:1 warning note "unused" is never referenced (refer to it as [^unused] in the text, or delete it) briefing:unused-note`,
    ]);
  });

  it('`notes: end` puts every footnote into one Notes chapter, in the contents', async () => {
    const themed = mkdtempSync(path.join(tmpdir(), 'briefing-notes-end-'));
    cpSync(path.join(ROOT, 'templates'), themed, { recursive: true });
    const theme = path.join(themed, 'theme.yaml');
    writeFileSync(theme, readFileSync(theme, 'utf8').replace(/^notes: chapter\b/m, 'notes: end'));
    const endPage = await checked.html('screen', themed);
    expect(selectAll('section.footnotes', endPage)).toHaveLength(0);
    const notesChapter = select('article.kind-notes', endPage)!;
    expect(selectAll('ol.footnotes > li', notesChapter).map((li) => attr(li, 'id'))).toEqual([
      'fn-one-1',
      'fn-one-inline-1',
      'fn-two-1',
      'fn-three-later',
      'fn-three-inline-2',
    ]);
    expect(selectAll('.toc-chapter .toc-title', endPage).map((t) => toString(t))).toContain('Notes');
  });
});

describe('Pandoc and GitHub constructs', () => {
  let checked: Checked;
  let chapters: Root[];
  beforeAll(async () => {
    checked = await check('pandoc');
    // The chapters' HTML as the pipeline makes it (the templates' glyph check is the fonts' business).
    const { unified } = await import('unified');
    const { default: rehypeStringify } = await import('rehype-stringify');
    chapters = checked.edition.chapters.map((c) =>
      fromHtml(unified().use(rehypeStringify).stringify(c.tree), { fragment: true }),
    );
  });
  const one = () => chapters[0]!;
  const texts = (selector: string, tree: Root | Element = one()) =>
    selectAll(selector, tree).map((n) => toString(n).trim());

  it('gives no message: every construct is understood', () => {
    expect(checked.messages).toEqual([]);
  });

  it('definition lists', () => {
    expect(texts('dl > dt')).toEqual(['Apple', 'Carrot']);
    expect(texts('dl > dd')).toEqual(['A fruit that grows on trees.', 'A root vegetable.', 'Also orange.']);
  });

  it('sub- and superscripts, bracketed spans, heading attributes', () => {
    expect(texts('sub')).toEqual(['2']);
    expect(texts('sup')).toEqual(['3']);
    expect(texts('span.smallcaps')).toEqual(['small caps phrase']);
    expect(attr(select('span.mark', one()), 'id')).toBe('marked');
    const chem = select('h2#chem', one())!;
    expect(attr(chem, 'className')).toEqual(['special']);
    expect(toString(chem)).toBe('Chemistry and powers');
  });

  it('math as MathML; dollar amounts stay text', () => {
    const maths = selectAll('math', one());
    expect(maths).toHaveLength(2);
    expect(attr(maths[1], 'display')).toBe('block');
    expect(select('msup', maths[0])).toBeTruthy();
    expect(texts('p')[0]).toContain('prices of $5 and $10 stay prices');
  });

  it('grid tables and `: caption`, pipe tables with `Table:`', () => {
    expect(texts('figure.table-figure > figcaption')).toEqual(['Table 1. Fruits compared', 'Table 2. A pipe table']);
    const grid = select('figure.table-figure table', one())!;
    expect(texts('th', grid)).toEqual(['Fruit', 'Advantages']);
    expect(texts('td li', grid)).toEqual(['built-in wrapper', 'bright']);
  });

  it('GitHub alerts, Quarto callouts and typed boxes become callouts with titles; other divs keep their content', () => {
    const boxes = selectAll('aside.callout', one());
    expect(boxes.map((b) => attr(b, 'className'))).toEqual([
      ['callout', 'callout-warning'],
      ['callout', 'callout-tip'],
      ['callout', 'callout-important'],
      ['callout', 'callout-note'],
    ]);
    expect(texts('aside.callout > .callout-title')).toEqual(['Warning', 'A Quarto tip', 'Heading as title', 'Note']);
    expect(texts('div#kept.aside-block')).toEqual(['A plain div keeps its content.']);
    expect(checked.edition.stats.callouts).toBe(4);
  });

  it('line blocks keep their lines; fenced code is highlighted', () => {
    const lines = select('p.line-block', one())!;
    expect(selectAll('br', lines)).toHaveLength(2);
    expect(toString(lines)).toContain('\u00a0\u00a0\u00a0London');
    expect(texts('pre code.language-python .hljs-keyword')).toEqual(['def', 'return']);
  });

  it('fancy list markers: letters, roman numerals and (1) as ordered lists with their style and start', () => {
    const two = chapters[1]!;
    const lists = selectAll('ol', two).map((ol) => [attr(ol, 'type') ?? '1', attr(ol, 'start') ?? 1]);
    expect(lists).toEqual([
      ['a', 1],
      ['i', 1],
      ['1', 1],
      ['i', 4],
    ]);
    expect(texts('ol[type="a"] > li > p', two)).toEqual(['Survey the wells', 'Ask the committees', 'Write it up']);
    expect(texts('ol[type="i"] li', two)).toEqual([
      'how often they meet',
      'who keeps the key',
      'Fourth in roman',
      'Fifth in roman',
    ]);
    expect(texts('p', two)).toContain('B. Smith counted them, and that line stays a sentence.');
  });

  it('simple and multiline tables, with Pandoc’s alignments, captions and inline Markdown in cells', () => {
    const two = chapters[1]!;
    const tables = selectAll('table', two);
    expect(tables).toHaveLength(3);
    const aligns = (table: Element) => selectAll('th', table).map((th) => attr(th, 'align') ?? 'default');
    expect(aligns(tables[0]!)).toEqual(['right', 'left', 'center', 'default']);
    expect(texts('td', tables[0])).toEqual(['12', '12', '12', '12', '123', '123', '123', '123']);
    expect(aligns(tables[1]!)).toEqual(['center', 'default', 'right', 'left']);
    expect(texts('th', tables[1])).toEqual(['Centered\nHeader', 'Default\nAligned', 'Right\nAligned', 'Left\nAligned']);
    expect(texts('tbody tr', tables[1])).toHaveLength(2);
    expect(texts('td em', tables[1])).toEqual(['multiple']);
    expect(texts('figure.table-figure > figcaption', two)).toEqual([
      'Table 3. A simple table.',
      'Table 4. A multiline table.',
    ]);
    // Headerless: its first row stands as the header (an mdast table always has one).
    expect(texts('tr', tables[2])).toEqual(['dawn\ndusk', 'noon\nnight']);
    expect(selectAll('hr', two)).toHaveLength(1);
  });

  it('a fenced div indented inside a definition is a div there', () => {
    const two = chapters[1]!;
    const div = select('dd > div#input-formats', two)!;
    expect(attr(div, 'className')).toBeUndefined();
    expect(texts('li', div)).toEqual(["markdown (Pandoc's Markdown)", "gfm (GitHub's)"]);
    expect(texts('dd > p', two)).toContain('More after the div.');
  });

  it('`[Heading text]` links to that heading (Pandoc’s implicit header references)', () => {
    const two = chapters[1]!;
    const links = selectAll('p a', two).filter((a) => ['Divs inside definitions', 'Fancy lists'].includes(toString(a)));
    const ids = links.map((a) => String(attr(a, 'href')).slice(1));
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(select(`h2[id="${id}"]`, two), id).toBeTruthy();
    expect(texts('p', two).at(-1)).toContain('[not a heading] stays as typed');
  });

  it('a bracketed span whose text holds code and emphasis, reached by its id', () => {
    const target = select('span#option--reference-doc', one())!;
    expect(toString(target)).toBe('--reference-doc=FILE');
    expect(select('code', target)).toBeTruthy();
    expect(select('em', target)).toBeTruthy();
    expect(selectAll('a[href="#option--reference-doc"]', one())).toHaveLength(1);
  });

  it('a reference link may use a definition in another file', () => {
    const links = selectAll('a[href="https://www.haskell.org"]', one()).map((a) => toString(a));
    expect(links).toEqual(['Haskell', 'the language']);
  });

  it('anchor links as GitHub and Pandoc spell them resolve across files', () => {
    const hrefs = (tree: Root) => selectAll('a[href^="#"]', tree).map((a) => attr(a, 'href'));
    expect(hrefs(one())).toEqual([
      '#constructs-definition-lists',
      '#chem',
      '#constructs',
      '#constructs-tables',
      '#other-a-section-there',
      '#option--reference-doc',
    ]);
    expect(hrefs(chapters[1]!)).toEqual([
      '#constructs-boxes',
      '#constructs',
      '#other-divs-inside-definitions',
      '#other-fancy-lists',
    ]);
    for (const href of [...hrefs(one()), ...hrefs(chapters[1]!)]) {
      expect(chapters.some((c) => select(`[id="${String(href).slice(1)}"]`, c))).toBe(true);
    }
  });
});

describe('a safe subset of raw HTML', () => {
  let checked: Checked;
  let chapter: Root;
  beforeAll(async () => {
    checked = await check('raw-html');
    const { unified } = await import('unified');
    const { default: rehypeStringify } = await import('rehype-stringify');
    chapter = fromHtml(unified().use(rehypeStringify).stringify(checked.edition.chapters[0]!.tree), { fragment: true });
  });

  it('keeps what Markdown cannot say: sub, sup, br, kbd, mark, abbr, spans with classes, details, merged cells', () => {
    expect(selectAll('sub, sup, kbd, mark, abbr', chapter).map((n) => toString(n))).toEqual([
      '2',
      '2',
      'Ctrl',
      'C',
      'marked',
      'UN',
    ]);
    expect(select('br', chapter)).toBeTruthy();
    expect(toString(select('span.note', chapter)!)).toBe('a span');
    expect(toString(select('details > summary', chapter)!)).toBe('More');
    expect(attr(select('th', chapter), 'colSpan')).toBe(2);
    expect(attr(select('td', chapter), 'rowSpan')).toBe(2);
  });

  it('an old-style <a name> anchor becomes an id that links reach', () => {
    expect(select('a#old-anchor', chapter)).toBeTruthy();
    expect(selectAll('a[href="#old-anchor"]', chapter)).toHaveLength(1);
  });

  it('drops a style with a warning; checks an <img> as a Markdown image, refuses iframes at their position, and prints nothing of them', () => {
    expect(checked.messages).toEqual([
      `${FIXTURES}/raw-html/en/01-html.md:21:1 warning raw HTML with a style attribute: the style is left out (the templates style the edition) (give the element a class instead (\`<span class="…">\`), styled by the templates) briefing:raw-html-style`,
      `${FIXTURES}/raw-html/en/01-html.md:21:65 error raw HTML <iframe> is not allowed in content (write it as Markdown, or escape the \`<\` as \`\\<\`) briefing:raw-html`,
      // Read as a Markdown image (raw-html-images.ts), so checked as one: here, a file that is not there.
      `${FIXTURES}/raw-html/en/01-html.md:21:43 error image "x.png" not found (add the file en/x.png to the content folder, or fix the path (it is relative to this file)) briefing:missing-image`,
    ]);
    expect(selectAll('span', chapter).map((n) => toString(n))).toContain('styled');
    expect(selectAll('[style], img, iframe', chapter)).toHaveLength(0);
  });
});

describe('nothing lost silently', () => {
  it('syntax nothing understood, dead links and bad math are positioned messages; code blocks are left alone', async () => {
    const checked = await check('problems');
    const file = `${FIXTURES}/problems/en/01-one.md`;
    expect([...checked.messages].sort()).toEqual(
      [
        `${file}:3:18 warning an inline note \`^[\` that is never closed is printed as typed (close the note with \`]\`) briefing:literal-syntax`,
        `${file}:5:3 warning lines with list markers such as \`a.\` or \`(1)\` are printed as one paragraph, not as a list (write the list with \`1.\` markers (or \`-\`), one item per line after a blank line) briefing:literal-syntax`,
        `${file}:8:7 warning attributes \`{#id .class}\` where none can apply is printed as typed (attributes go right after a heading, an image or a [bracketed span]) briefing:literal-syntax`,
        `${file}:10:5 error dead link: no heading or anchor "#no-such-heading" in the edition (link to a heading of the edition (its text as GitHub or Pandoc spell it, or its {#id}), or fix the file name) briefing:dead-link`,
        `${file}:10:37 error dead link: "09-missing.md" is not a file of this edition (link to a heading of the edition (its text as GitHub or Pandoc spell it, or its {#id}), or fix the file name) briefing:dead-link`,
        `${file}:20:71 error dead link: the link has no address (link to a heading of the edition (its text as GitHub or Pandoc spell it, or its {#id}), or fix the file name) briefing:dead-link`,
        `${file}:28:34 warning a link whose address has a space (not read as a link) is printed as typed (write the address in <angle brackets>, or each space as %20) briefing:literal-syntax`,
        `${file}:30:1 warning a MkDocs admonition (\`!!! note\`) is not read: it is printed as typed (write it as a GitHub alert (\`> [!NOTE]\` and the text in \`> \` lines) or a \`::: {.callout-note}\` div) briefing:literal-syntax`,
        `${file}:33:1 warning a mermaid diagram (which GitHub draws) is printed as its source code: Briefing runs no diagram code (draw it as an image (SVG, e.g. with the mermaid command-line tool) and put ![its caption](the-image.svg) in its place) briefing:literal-syntax`,
        `${file}:38:18 warning a site generator's template code (a Hugo shortcode \`{{< … >}}\`, a Liquid \`{% … %}\`, \`{{ … }}\`) is printed as typed (write what it stands for as Markdown: Briefing runs no site templates) briefing:literal-syntax`,
        `${file}:18:11 error math cannot be read: Unexpected end of input in a macro argument, expected '}' at end of input: \\frac{1}{ (fix the TeX formula, or escape a literal dollar sign as \\$) briefing:math-syntax`,
      ].sort(),
    );
    const { unified } = await import('unified');
    const { default: rehypeStringify } = await import('rehype-stringify');
    const chapter = fromHtml(unified().use(rehypeStringify).stringify(checked.edition.chapters[0]!.tree), {
      fragment: true,
    });
    expect(selectAll('aside', chapter)).toHaveLength(0);
    // Not math (the closing dollar is escaped): Markdown again, its emphasis kept, `\$` a dollar sign.
    expect(toString(select('p:has(em)', chapter)!)).toContain('$73 is emphasized 23$, and');
    expect(toString(select('pre code', chapter)!)).toContain('::: {.callout-note}');
    // Indented code keeps its fences too (a div is read only up to its container's content column).
    expect(selectAll('pre code', chapter).map((c) => toString(c))).toContain(
      '::: {.not-a-div}\nprinted as code\n:::\n',
    );
  });
});

describe('an open processor (API)', () => {
  it('runs the caller’s remark plugins after ours and rehype plugins last, in every file', async () => {
    const seen: string[] = [];
    const remarkShout = () => (tree: import('mdast').Root) => {
      for (const node of tree.children) if (node.type === 'heading') seen.push(node.data?.hProperties?.id as string);
    };
    const rehypeMark = () => (tree: Root) => {
      tree.children.push({ type: 'element', tagName: 'p', properties: { className: ['by-plugin'] }, children: [] });
    };
    const config = await loadConfig({
      content: path.join(ROOT, FIXTURES, 'footnotes'),
      templates: path.join(ROOT, 'templates'),
      plugins: { remark: [remarkShout], rehype: [rehypeMark] },
    });
    const { editions } = await checkEditions(config);
    // After ours: the heading ids remark-structure gives are there already.
    expect(seen).toEqual(['one', 'two', 'three', 'sources']);
    const { unified } = await import('unified');
    const { default: rehypeStringify } = await import('rehype-stringify');
    const html = unified().use(rehypeStringify).stringify(editions[0]!.chapters[0]!.tree);
    expect(html).toContain('<p class="by-plugin"></p>');
  });
});

describe('ids as Pandoc gives them in one file', () => {
  it('a heading repeated in two chapters of a single-file report is reached as its -1 id', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'briefing-same-heading-'));
    const report = path.join(dir, 'report.md');
    writeFileSync(
      report,
      '# One\n\n## Options\n\nFirst.\n\n# Two\n\n## Options\n\nSecond, see [the first](#options) and [this one](#options-1).\n',
    );
    const config = await loadConfig({ report, templates: path.join(ROOT, 'templates') });
    const { editions, diagnostics } = await checkEditions(config);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const { unified } = await import('unified');
    const { default: rehypeStringify } = await import('rehype-stringify');
    const [one, two] = editions[0]!.chapters.map((c) =>
      fromHtml(unified().use(rehypeStringify).stringify(c.tree), { fragment: true }),
    );
    const hrefs = selectAll('a', two).map((a) => String(attr(a, 'href')));
    expect(hrefs).toEqual([`#${String(attr(select('h2', one), 'id'))}`, `#${String(attr(select('h2', two), 'id'))}`]);
    expect(hrefs[0]).not.toBe(hrefs[1]);
    // No section files in one file: each chapter's `##` headings are its sections in the contents.
    expect(editions[0]!.contents.map((c) => [c.title, c.children.map((s) => [s.title, s.id])])).toEqual([
      ['One', [['Options', String(attr(select('h2', one), 'id'))]]],
      ['Two', [['Options', String(attr(select('h2', two), 'id'))]]],
    ]);
  });
});

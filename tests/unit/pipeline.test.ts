import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { checkEditions } from '../../src/check.js';
import { formatDiagnostic } from '../../src/messages.js';
import { ROOT, STARTER } from '../support/cli.js';
import { chapterHtml } from '../../src/render/html.js';
import type { EditionChapter } from '../../src/pipeline/edition.js';
import { makeContent } from '../support/content.js';

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

  it('turns callouts into asides right where they stand, grouped with their paragraph on the web', async () => {
    const { edition } = await check(STARTER);
    expect(edition.stats.callouts).toBe(2);
    // Web: the paragraph and its box in one group, so the box sits beside its own paragraph.
    expect(html(edition.chapters[0]!)).toMatch(
      /<div class="with-callouts"><p>The starter edition opens[^]*?synthesized ones\.<\/p><div class="callout-column"><aside class="callout"><p>A callout box sits/,
    );
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

  it('rejects an unknown directive', async () => {
    const { messages } = await check(chapter('# One\n\n:::warning\nHi\n:::\n'));
    expect(messages).toContain(
      'en/01-one.md:3:1 error unknown directive ":::warning" (the only directive is `:::callout` … `:::`) briefing:unknown-directive',
    );
  });

  it('rejects an unclosed callout', async () => {
    const { messages } = await check(chapter('# One\n\nText.\n\n:::callout\nA statement.\n'));
    expect(messages).toContain(
      'en/01-one.md:5:1 error callout is not closed (add a line with `:::` after the last statement of the box) briefing:unclosed-callout',
    );
  });

  it('rejects an empty callout and a callout inside a callout', async () => {
    const empty = await check(chapter('# One\n\n:::callout\n:::\n'));
    expect(empty.messages).toContain(
      'en/01-one.md:3:1 error empty callout (write at least one statement inside the box, or remove it) briefing:empty-callout',
    );
    const nested = await check(chapter('# One\n\n::::callout\nOuter.\n\n:::callout\nInner.\n:::\n::::\n'));
    expect(nested.messages).toContain(
      'en/01-one.md:6:1 error callout inside a callout (close the first box with `:::` before opening the next) briefing:nested-callout',
    );
  });

  it('keeps text that merely looks like a text directive', async () => {
    const { edition, messages } = await check(chapter('# One\n\nAt 10:30 the ratio was 3:1 and note:this stays.\n'));
    expect(messages).toEqual([]);
    expect(html(edition.chapters[0]!)).toContain('At 10:30 the ratio was 3:1 and note:this stays.');
  });

  it('rejects raw HTML but drops comments', async () => {
    const { edition, messages } = await check(
      chapter('# One\n\n<!-- editor: fine -->\n\nHi <script>alert(1)</script> there.\n'),
    );
    expect(messages).toContain(
      'en/01-one.md:5:4 error raw HTML <script> is not allowed in content (write it as Markdown, or escape the `<` as `\\<`) briefing:raw-html',
    );
    expect(html(edition.chapters[0]!)).not.toContain('script');
    expect(html(edition.chapters[0]!)).not.toContain('editor: fine');
  });

  it('requires a chapter to open with a level-1 heading and a section with level 2', async () => {
    const noTitle = await check(chapter('Just text.\n'));
    expect(noTitle.messages).toContain(
      'en/01-one.md:1:1 error a chapter file must start with a `# Title` heading (put `# Title` on the first line after the front matter) briefing:missing-title',
    );
    const section = await check(
      makeContent({ 'en/01-one/index.md': '# One\n', 'en/01-one/01-a.md': '# Wrong level\n\nText.\n' }),
    );
    expect(section.messages).toContain(
      'en/01-one/01-a.md:1:1 error a section file must start with a `## Title` heading (put `## Title` on the first line after the front matter) briefing:missing-title',
    );
  });

  it('warns about skipped heading levels and reports front matter errors at their line', async () => {
    const skip = await check(chapter('# One\n\nText.\n\n#### Deep\n'));
    expect(skip.messages).toContain(
      'en/01-one.md:5:1 warning heading level skips from 1 to 4 (use ##) briefing:heading-skip',
    );
    const matter = await check(chapter('---\nshort: [unclosed\n---\n# One\n\nText.\n'));
    expect(
      matter.messages.some((m) => /^en\/01-one\.md:[23]:\d+ error YAML syntax error in front matter/.test(m)),
    ).toBe(true);
  });

  it('reports duplicate heading ids across files', async () => {
    const { messages } = await check(
      makeContent({
        'en/01-one/index.md': '# One\n',
        'en/01-one/01-same.md': '## A\n\nx\n',
        'en/02-two/index.md': '# Two\n',
        'en/02-two/01-same.md': '## B\n\ny\n',
      }),
    );
    expect(messages.some((m) => m.includes('error heading id "same" is already used in 01-same.md'))).toBe(true);
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

  it('reports a chapter whose id is one the templates use', async () => {
    const { messages } = await check(makeContent({ 'en/01-content.md': '# Content\n\nText.\n' }));
    expect(messages).toContain(
      'en/01-content.md:1:1 error heading id "content" is already used by the templates (rename the file or heading so that the ids differ) briefing:duplicate-id',
    );
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

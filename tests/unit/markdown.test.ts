// Issue 24, "Real reports in": Markdown as Pandoc and GitHub write it. Each construct on a fixture of
// our own (tests/fixtures/markdown/<name>/), asserted on the rendered HTML and on the messages.
import { describe, it, expect, beforeAll } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import type { Root } from 'hast';
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
      return fromHtml(rendered);
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

// Issue 3, "Notes and sources", without a browser: every content check gives its exact message at
// file:line:column with the right severity (in process and through the CLI's exit codes), and the
// notes are numbered across the edition, linked both ways, with stable ids and DPUB-ARIA roles.
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromHtml } from 'hast-util-from-html';
import { pageTree } from '../support/page.js';
import { selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import type { Element } from 'hast';
import { loadConfig } from '../../src/config/config.js';
import { checkEditions } from '../../src/check.js';
import { formatDiagnostic, type Diagnostic } from '../../src/messages.js';
import { loadTemplates } from '../../src/render/render.js';
import { formatNoteNumber } from '../../src/pipeline/numbering.js';
import type { EditionChapter, ProcessedEdition } from '../../src/pipeline/edition.js';
import { unified } from 'unified';
import rehypeStringify from 'rehype-stringify';
import type { Root as HastRoot } from 'hast';
import { runMain } from '../support/cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = 'tests/fixtures/notes';

async function check(name: string): Promise<{ edition: ProcessedEdition; diagnostics: Diagnostic[] }> {
  const config = await loadConfig({
    content: path.join(ROOT, FIXTURES, name),
    templates: path.join(ROOT, 'templates'),
  });
  const { editions, diagnostics } = await checkEditions(config);
  expect(editions).toHaveLength(1);
  return { edition: editions[0]!, diagnostics };
}

/** A chapter's HTML, whether the pipeline hands it over as HTML or as a hast tree. */
function htmlOf(chapter: EditionChapter): string {
  const c = chapter as EditionChapter & { html?: string; tree?: HastRoot };
  return c.html ?? unified().use(rehypeStringify).stringify(c.tree);
}

// In process (`main(argv, io)`): file names in messages are relative to the working directory, the
// repository root where vitest runs.
const cli = (...args: string[]) => runMain(args);

/** One case per check: the only message the fixture gives, exactly as `briefing check` prints it. */
const CHECKS: Array<{ name: string; severity: 'error' | 'warning'; message: string }> = [
  {
    // The line has an escape (`\*`) and an entity (`&amp;`) before the reference: the column is the
    // one in the file, not in the decoded text.
    name: 'dangling',
    severity: 'error',
    message: `${FIXTURES}/dangling/en/01-chapter.md:3:58 error note "missing" has no definition (define it in this file as [^missing]: …, or in sources.md) briefing:dangling-note`,
  },
  {
    name: 'duplicate',
    severity: 'error',
    message: `${FIXTURES}/duplicate/en/sources.md:5:1 error note "twice" is defined twice (first at line 3) (give one of them another name, or delete one) briefing:duplicate-note`,
  },
  {
    name: 'empty',
    severity: 'error',
    message: `${FIXTURES}/empty/en/sources.md:3:1 error note "blank" has an empty definition (write the source title and its URL after the colon) briefing:empty-note`,
  },
  {
    name: 'unused',
    severity: 'warning',
    message: `${FIXTURES}/unused/en/sources.md:5:1 warning note "forgotten" is never referenced (cite it as [^forgotten] in a chapter, or delete it) briefing:unused-note`,
  },
  {
    name: 'no-url',
    severity: 'warning',
    message: `${FIXTURES}/no-url/en/sources.md:3:1 warning note "offline" has no URL (add the address in angle brackets: <https://…>) briefing:note-without-url`,
  },
  {
    name: 'invalid-url',
    severity: 'warning',
    message: `${FIXTURES}/invalid-url/en/sources.md:3:31 warning note "broken" has an invalid URL "htp://example.org/report" (use a full http(s) address) briefing:note-invalid-url`,
  },
];

describe('note checks', () => {
  for (const { name, severity, message } of CHECKS) {
    describe(name, () => {
      it(`reports exactly one ${severity} with file:line:column`, async () => {
        const { diagnostics } = await check(name);
        expect(diagnostics.map(formatDiagnostic)).toEqual([message]);
        expect(diagnostics[0]!.severity).toBe(severity);
      });

      it(`\`briefing check\` prints it and exits ${severity === 'error' ? 1 : 0}`, async () => {
        const run = await cli('check', '--content', `${FIXTURES}/${name}`);
        expect(run.stderr).toBe(`${message}\n`);
        expect(run.stdout).toContain(severity === 'error' ? '1 error(s), 0 warning(s)' : '0 error(s), 1 warning(s)');
        expect(run.code).toBe(severity === 'error' ? 1 : 0);
      });
    });
  }

  it('`check --reporter json` gives the same message, severity and note counts', async () => {
    const run = await cli('check', '--content', `${FIXTURES}/unused`, '--reporter', 'json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      counts: Record<string, number>;
      diagnostics: Diagnostic[];
      editions: Array<{ notes: number; noteReferences: number }>;
    };
    expect(report.ok).toBe(true);
    expect(report.counts).toEqual({ error: 0, warning: 1, info: 0 });
    expect(report.diagnostics.map(formatDiagnostic)).toEqual([CHECKS.find((c) => c.name === 'unused')!.message]);
    expect(report.editions[0]).toMatchObject({ notes: 1, noteReferences: 1 });
  });

  it('`check --strict` fails on warnings only', async () => {
    expect((await cli('check', '--content', `${FIXTURES}/no-url`, '--strict')).code).toBe(1);
  });

  it('`build` refuses content with errors (exit 1) and writes nothing', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'briefing-notes-'));
    try {
      const run = await cli('build', '--content', `${FIXTURES}/dangling`, '--out', out, '--format', 'html', '-q');
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(CHECKS[0]!.message);
      expect(existsSync(path.join(out, 'en'))).toBe(false);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

const attribute = (element: Element, name: string): string => String(element.properties[name] ?? '');

/** `<sup class="note-ref"><a …>label</a></sup>` of a chapter, in order. */
function references(html: string): Array<{ href: string; id: string; role: string; label: string }> {
  return selectAll('sup.note-ref > a', fromHtml(html, { fragment: true })).map((a) => ({
    href: attribute(a, 'href'),
    id: attribute(a, 'id'),
    role: attribute(a, 'role'),
    label: toString(a),
  }));
}

/** Every attribute of an element under its HTML name (`className` → `class`, `ariaLabel` → `aria-label`). */
function attributes(element: Element): Record<string, string> {
  return Object.fromEntries(
    Object.entries(element.properties).map(([name, value]) => [
      name === 'className' ? 'class' : name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
      Array.isArray(value) ? value.join(' ') : String(value),
    ]),
  );
}

/** The `<li>` entries of the sources list: id, then every link inside with its attributes. */
function entries(html: string): Array<{ id: string; links: Array<Record<string, string>> }> {
  return selectAll('li[id]', fromHtml(html, { fragment: true })).map((li) => ({
    id: attribute(li, 'id'),
    links: selectAll('a', li).map((a) => ({ ...attributes(a), text: toString(a) })),
  }));
}

describe('numbering and links', () => {
  let numbered: ProcessedEdition;
  let numberedDiagnostics: Diagnostic[];
  beforeAll(async () => {
    ({ edition: numbered, diagnostics: numberedDiagnostics } = await check('numbering'));
  });

  it('gives no message for well-formed notes', () => {
    expect(numberedDiagnostics.map(formatDiagnostic)).toEqual([]);
  });

  it('numbers by first reference across files in reading order (i, ii, iii), a repeat keeps its number', () => {
    const [first, second] = numbered.chapters;
    expect(references(htmlOf(first!))).toEqual([
      { href: '#note-alpha', id: 'ref-alpha', role: 'doc-noteref', label: 'i' },
      { href: '#note-beta', id: 'ref-beta', role: 'doc-noteref', label: 'ii' },
    ]);
    expect(references(htmlOf(second!))).toEqual([
      { href: '#note-gamma', id: 'ref-gamma', role: 'doc-noteref', label: 'iii' },
      { href: '#note-alpha', id: 'ref-alpha-2', role: 'doc-noteref', label: 'i' },
    ]);
    expect(numbered.notes).toEqual([
      { name: 'alpha', kind: 'source', label: 'i', references: 2 },
      { name: 'beta', kind: 'source', label: 'ii', references: 1 },
      { name: 'gamma', kind: 'source', label: 'iii', references: 1 },
    ]);
    expect(numbered.stats).toMatchObject({ notes: 3, noteReferences: 4 });
  });

  it('keeps an escaped \\[^name] as text', () => {
    expect(htmlOf(numbered.chapters[1]!)).toContain('An escaped [^alpha] stays text.');
  });

  it('lists the sources in note order, each linked back to every reference', () => {
    const sources = numbered.chapters.find((c) => c.kind === 'sources')!;
    const list = entries(htmlOf(sources));
    expect(list.map((e) => e.id)).toEqual(['note-alpha', 'note-beta', 'note-gamma']);
    const backlinks = (entry: (typeof list)[number]) => entry.links.filter((l) => l.role === 'doc-backlink');
    // Alpha was cited twice: one back-link per reference, labelled from strings.yaml.
    expect(backlinks(list[0]!)).toEqual([
      {
        href: '#ref-alpha',
        role: 'doc-backlink',
        class: 'note-label',
        'aria-label': 'Return to citation i',
        text: 'i',
      },
      {
        href: '#ref-alpha-2',
        role: 'doc-backlink',
        class: 'backlink',
        'aria-label': 'Return to citation i ^2',
        text: '^2',
      },
    ]);
    expect(backlinks(list[1]!)).toEqual([
      {
        href: '#ref-beta',
        role: 'doc-backlink',
        class: 'note-label',
        'aria-label': 'Return to citation ii',
        text: 'ii',
      },
    ]);
    expect(backlinks(list[2]!).map((l) => l.href)).toEqual(['#ref-gamma']);
    // The URL of each definition stays a link.
    expect(list.map((e) => e.links.find((l) => l.href?.startsWith('https:'))?.href)).toEqual([
      'https://example.org/alpha',
      'https://example.org/beta',
      'https://example.org/gamma',
    ]);
    // Every back-link target is the id of a reference, and every reference points to an entry.
    const refIds = numbered.chapters.flatMap((c) => references(htmlOf(c)).map((r) => r.id));
    expect(list.flatMap((e) => backlinks(e).map((l) => l.href!.slice(1))).sort()).toEqual([...refIds].sort());
    const noteIds = new Set(list.map((e) => e.id));
    for (const r of numbered.chapters.flatMap((c) => references(htmlOf(c))))
      expect(noteIds.has(r.href.slice(1))).toBe(true);
  });

  it('marks the sources chapter doc-endnotes in the rendered edition', async () => {
    const templates = await loadTemplates(path.join(ROOT, 'templates'));
    for (const medium of ['screen', 'print'] as const) {
      const html = templates.render(numbered, medium);
      // The web edition's notes chapter is a <section> (doc-endnotes is not allowed on <article>).
      const page = pageTree(html);
      const endnotes = selectAll('article, section', page).filter((e) => attribute(e, 'role') === 'doc-endnotes');
      expect(endnotes.map((e) => attributes(e).class)).toEqual([expect.stringContaining('kind-sources')]);
      expect(selectAll('[role=doc-noteref]', page)).toHaveLength(4);
      expect(selectAll('[role=doc-backlink]', page)).toHaveLength(4);
    }
  });

  it('numbers with `noteNumbering: decimal`', async () => {
    const { edition, diagnostics } = await check('decimal');
    expect(diagnostics).toEqual([]);
    expect(edition.chapters.flatMap((c) => references(htmlOf(c)).map((r) => `${r.id}=${r.label}`))).toEqual([
      'ref-alpha=1',
      'ref-beta=2',
      'ref-gamma=3',
      'ref-alpha-2=1',
    ]);
    const sources = edition.chapters.find((c) => c.kind === 'sources')!;
    expect(entries(htmlOf(sources)).map((e) => e.links.find((l) => l.class === 'note-label')?.text)).toEqual([
      '1',
      '2',
      '3',
    ]);
  });

  it('formats the other numbering styles', () => {
    const seven = [1, 2, 3, 4, 5, 6, 7];
    expect(seven.map((n) => formatNoteNumber(n, 'lower-roman'))).toEqual(['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii']);
    expect(seven.map((n) => formatNoteNumber(n, 'upper-roman'))).toEqual(['I', 'II', 'III', 'IV', 'V', 'VI', 'VII']);
    expect(seven.map((n) => formatNoteNumber(n, 'symbols'))).toEqual(['*', '†', '‡', '§', '‖', '¶', '**']);
  });
});

describe('a note call inside link text', () => {
  it('goes right after the link: never a link inside a link', async () => {
    const { renderEditionHtml } = await import('../../src/api.js');
    const { makeContent } = await import('../support/content.js');
    const content = makeContent({
      'en/01-one.md':
        '# One\n\nSee [the report[^r] here](https://example.org/r) and [inline^[An inline note.]](https://example.org/i).\n',
      'en/sources.md': '# Sources\n\n[^r]: The report <https://example.org/r>\n',
    });
    const tree = pageTree(await renderEditionHtml({ content, locale: 'en' }));
    expect(selectAll('a a', tree)).toEqual([]);
    const paragraph = selectAll('p', tree).find((p) => toString(p).startsWith('See '))!;
    const parts = (paragraph.children as Element[]).map((child) =>
      child.type === 'element' ? `<${child.tagName}>${toString(child)}` : toString(child),
    );
    expect(parts).toEqual(['See ', '<a>the report here', '<sup>i', ' and ', '<a>inline', '<sup>ii', '.']);
  });
});

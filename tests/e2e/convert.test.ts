// End to end: real third-party Word files (Pandoc's test suite, tests/fixtures/docx-pandoc/README.md)
// converted by the CLI, built to PDF as converted, and the PDF's words compared with the Word file's
// own text (mammoth's raw text, which reads the .docx apart from our conversion): under 1 % missing.
import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import mammoth from 'mammoth';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import { ROOT, runCli, tempDir, type CliResult } from '../support/cli.js';
import { everythingDocx, reportShapedDocx } from '../support/docx.js';
import { pdfFonts, pdfText, squash } from '../support/pdf.js';
import { hasPythonDocx, readWithPythonDocx, skipWithout } from '../support/word-readers.js';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkDirective from 'remark-directive';
import type { Root as MdastRoot } from 'mdast';
import { toString as mdastText } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';

const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'docx-pandoc');
const BUILT = ['nested_smart_tags', 'tables', 'notes', 'table_captions_with_field', 'image'];
const WORD = /[\p{L}\p{N}]+/gu;

// A soft hyphen that ends a line is a word hyphenated there (ISO 32000-1, 14.8.2.2.3): its halves join.
const words = (text: string) =>
  text
    .replace(/\u00ad[ \t]*\n[ \t]*/g, '')
    .normalize('NFKC')
    .toLowerCase()
    .replaceAll('\u00ad', '')
    .match(WORD) ?? [];

interface Converted {
  convert: CliResult;
  build: CliResult;
  pdf: string;
  source: string[];
}

describe('briefing convert: third-party Word files build with their words', () => {
  const runs = new Map<string, Converted>();

  beforeAll(async () => {
    for (const name of BUILT) {
      const dir = tempDir('briefing-docx-');
      const docx = path.join(FIXTURES, `${name}.docx`);
      const convert = runCli(['convert', docx, '--out', 'content'], { cwd: dir });
      const build = runCli(['build', '--content', 'content', '--format', 'pdf'], { cwd: dir });
      // A failed build is reported by the first test, with its messages.
      const built = build.code === 0 ? readdirSync(path.join(dir, 'output', 'en')) : [];
      const pdf = path.join(dir, 'output', 'en', built.find((f) => f.endsWith('.pdf')) ?? 'none.pdf');
      const source = words((await mammoth.extractRawText({ path: docx })).value);
      runs.set(name, { convert, build, pdf, source });
    }
  });

  it('converts and builds each with no error; a caption that is only a label is named', () => {
    // At the caption's paragraph, as every line of the report.
    expect(runs.get('table_captions_with_field')!.convert.stderr).toMatch(
      /\.docx:(\d+):1 warning paragraph \1 \("Table 1"\): the caption "Table 1" holds only Word's label and number: its table or figure is printed without a caption/,
    );
    for (const [name, run] of runs) {
      expect(run.convert.code, `${name}: ${run.convert.stderr}`).toBe(0);
      expect(run.build.code, `${name}: ${run.build.stderr}`).toBe(0);
      // Pandoc's "tables" has two tables without a header row, "table_captions_with_field" one: those
      // PDFs claim no standard and say so at each table (src/pipeline/standard-check.ts); the others
      // meet PDF/UA-1 + PDF/A-2a.
      const messages = run.build.stderr.split('\n').filter((l) => / (error|warning) /.test(l));
      const unclaimed = { tables: [9, 15], table_captions_with_field: [12] }[name] ?? [];
      expect(messages, name).toHaveLength(unclaimed.length);
      unclaimed.forEach((line, i) =>
        expect(messages[i]).toMatch(
          new RegExp(
            `^content/en/01-[^:]+\\.md:${line}:1 warning table without a header cell: .* standard:not-claimed$`,
          ),
        ),
      );
    }
  });

  it('prints tables with multi-paragraph cells, notes, the picture with its alt text, and working cross-references', () => {
    const tables = squash(pdfText(runs.get('tables')!.pdf));
    expect(tables).toContain('Name Game Fame Blame');
    expect(tables).toContain('Simple Table Multiparagraph Full Of In each Paragraphs Cell.');
    expect(tables).not.toContain('[TABLE]');
    const notes = squash(pdfText(runs.get('notes')!.pdf));
    expect(notes).toContain('My note.');
    expect(notes).toContain('This is an endnote at the end of the document.');
    expect(squash(pdfText(runs.get('image')!.pdf))).toContain(
      "Figure 1. He realizes he's making the file-size too big.",
    );
  });

  it('misses under 1 % of the Word files’ words in the PDFs', () => {
    let total = 0;
    const missed: string[] = [];
    for (const run of runs.values()) {
      const printed = new Map<string, number>();
      for (const w of words(pdfText(run.pdf))) printed.set(w, (printed.get(w) ?? 0) + 1);
      for (const w of run.source) {
        total += 1;
        const left = printed.get(w) ?? 0;
        if (left > 0) printed.set(w, left - 1);
        else missed.push(w);
      }
    }
    expect(total).toBeGreaterThan(400);
    expect(missed.length / total, `missing: ${missed.join(' ')}`).toBeLessThan(0.01);
  });

  it("reports Word's comments at their paragraphs and still converts the text", () => {
    const dir = tempDir('briefing-docx-');
    const run = runCli(['convert', path.join(FIXTURES, 'comments.docx'), '--out', 'content'], { cwd: dir });
    expect(run.code).toBe(0);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(
      `${path.join(FIXTURES, 'comments.docx')}:1:1 warning paragraph 1 ("I want some text to have…"): a comment ("Jesse Rosenthal: I left a comment.") is not converted (comments stay in Word) (resolve the comment in Word, or carry it into the Markdown as an HTML comment <!-- … -->) convert:not-converted`,
    );
  });
});

describe('briefing convert: a Word file with every construct prints them all', () => {
  let text: string;
  let build: CliResult;

  beforeAll(async () => {
    const dir = tempDir('briefing-docx-');
    writeFileSync(path.join(dir, 'draft.docx'), await everythingDocx());
    runCli(['convert', 'draft.docx', '--out', 'content'], { cwd: dir });
    build = runCli(['build', '--content', 'content', '--format', 'pdf'], { cwd: dir });
    const pdf = readdirSync(path.join(dir, 'output', 'en')).find((name) => name.endsWith('.pdf'))!;
    text = squash(pdfText(path.join(dir, 'output', 'en', pdf)));
  });

  it('builds without a warning', () => {
    expect(build.code, build.stderr).toBe(0);
    expect(build.stderr).not.toMatch(/ (error|warning) /);
  });

  it('prints the cover from the document properties, numbered chapters, notes, callout, captions and the merged table', () => {
    expect(text).toContain('Water for Every Village A field report');
    expect(text).toContain('I. Introduction');
    expect(text).toContain('II. Findings');
    expect(text).toContain('Counted by the district office in March.');
    expect(text).toContain('An endnote about the wells.');
    expect(text).toContain('A key figure: nine villages in three seasons.');
    expect(text).toContain('Table 1. Wells by district');
    expect(text).toContain('Figure 1. Wells per district');
    expect(text).toContain('District Wells North and East Notes First paragraph Second paragraph South 12 dry 14 wet');
    expect(text).toContain('As the Introduction says, water came.');
  });
});

describe('briefing convert: a report shaped like a real one (docs/REAL-DOCUMENTS.md) prints every word', () => {
  let dir: string;
  let build: CliResult;
  const docx = () => path.join(dir, 'report.docx');
  const edition = (ext: string) => path.join(dir, 'output', 'en', `report-2026.en.${ext}`);

  beforeAll(async () => {
    dir = tempDir('briefing-docx-');
    writeFileSync(docx(), await reportShapedDocx(8));
    runCli(['convert', 'report.docx', '--out', 'content'], { cwd: dir });
    build = runCli(['build', '--content', 'content', '--format', 'pdf,html'], { cwd: dir });
  });

  it('builds with no error: the emoji is set in a fallback font, the pictures without alt text are named', () => {
    expect(build.code, build.stderr).toBe(0);
    expect(build.stderr).not.toMatch(/ error /);
    expect(pdfText(edition('pdf'))).toContain('📝 Give feedback or suggest a correction');
    expect(pdfFonts(edition('pdf')).some((f) => f.name.includes('NotoEmoji'))).toBe(true);
  });

  it('has every table, picture, note and horizontal line python-docx finds in the Word file', () => {
    if (skipWithout(hasPythonDocx())) return;
    const word = readWithPythonDocx(docx());
    const html = fromHtml(readFileSync(edition('html'), 'utf8'));
    expect(selectAll('.chapter table', html)).toHaveLength(word.tables);
    expect(selectAll('.chapter img', html)).toHaveLength(8);
    expect(selectAll('.chapter hr, .preface hr', html)).toHaveLength(9);
    const printed = squash(pdfText(edition('pdf')));
    expect(word.footnotes).toHaveLength(8);
    for (const note of word.footnotes) expect(printed).toContain(note.trim());
  });

  it('misses under 1 % of the words python-docx reads (scripts/word-loss.js --from docx)', () => {
    if (skipWithout(hasPythonDocx())) return;
    const loss = JSON.parse(
      execFileSync(
        'node',
        [
          path.join(ROOT, 'scripts', 'word-loss.js'),
          '--from',
          'docx',
          '--hyphens',
          'join',
          '--pdf',
          edition('pdf'),
          docx(),
        ],
        { encoding: 'utf8' },
      ),
    ) as { words: number; missing: number; mostMissed: Array<[string, number]> };
    expect(loss.words).toBeGreaterThan(3000);
    expect(loss.missing / loss.words, JSON.stringify(loss.mostMissed)).toBeLessThan(0.01);
  });
});

/** The words of a tree, a space between any two leaves (table cells, paragraphs), raw HTML left out. */
function leafText(tree: MdastRoot | MdastRoot['children'][number]): string {
  const parts: string[] = [];
  visit(tree, (node) => {
    if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code') parts.push(node.value);
    else if (node.type === 'image') parts.push(node.alt ?? '');
  });
  return squash(parts.join(' '));
}

/** A content folder's chapters as the Markdown says them: words, notes (with their references), blocks. */
function readBack(folder: string) {
  const chapters = readdirSync(path.join(folder, 'en'))
    .filter((f) => /^\d\d-.*\.md$/.test(f))
    .sort()
    .map((f) =>
      unified()
        .use(remarkParse)
        .use(remarkGfm)
        .use(remarkDirective)
        .parse(readFileSync(path.join(folder, 'en', f), 'utf8')),
    );
  const found = { words: [] as string[], notes: [] as string[], blocks: [] as string[], headings: [] as string[] };
  for (const root of chapters) {
    const notes = new Map<string, string>();
    visit(root, 'footnoteDefinition', (d) => {
      notes.set(d.identifier, leafText(d));
    });
    // A table in a note comes back as its cells' paragraphs (Word notes hold paragraphs: LIMITS.md).
    root.children = root.children.filter((n) => n.type !== 'footnoteDefinition');
    visit(root, (node) => {
      if (node.type === 'footnoteReference') found.notes.push(notes.get(node.identifier) ?? '(none)');
      else if (node.type === 'heading')
        found.headings.push(`${node.depth} ${mdastText(node).replace(/ \{#[^}]*\}$/, '')}`);
      else if (node.type === 'containerDirective') found.blocks.push(`:::${node.name}`);
      else if (['table', 'list', 'image', 'code', 'blockquote'].includes(node.type)) found.blocks.push(node.type);
    });
    found.words.push(...words(leafText(root)), ...[...notes.values()].flatMap(words));
  }
  return found;
}

describe('round trip: Markdown → Word (build --format docx) → Markdown (convert)', () => {
  const fixture = path.join(ROOT, 'tests', 'fixtures', 'roundtrip');
  let dir: string;
  let convert: CliResult;

  beforeAll(() => {
    dir = tempDir('briefing-roundtrip-');
    const build = runCli(['build', '--content', fixture, '--format', 'docx', '--out', 'out'], { cwd: dir });
    expect(build.code, build.stderr).toBe(0);
    convert = runCli(['convert', path.join('out', 'en', 'roundtrip-2025.en.docx'), '--out', 'back'], { cwd: dir });
  });

  it('keeps every word, and reports only the contents Word had', () => {
    expect(convert.code, convert.stderr).toBe(0);
    expect(convert.stderr.trim().split('\n')).toEqual([
      expect.stringContaining("Word's table of contents is left out (Briefing makes its own contents)"),
    ]);
    const left = new Map<string, number>();
    for (const w of readBack(path.join(dir, 'back')).words) left.set(w, (left.get(w) ?? 0) + 1);
    const missing = readBack(fixture).words.filter((w) => {
      const n = left.get(w) ?? 0;
      left.set(w, n - 1);
      return n <= 0;
    });
    expect(missing).toEqual([]);
  });

  it('keeps every note at each of its references, the headings, callouts, tables, lists, figure, quotation and code', () => {
    const before = readBack(fixture);
    const after = readBack(path.join(dir, 'back'));
    expect(after.notes).toEqual(before.notes);
    expect(after.notes).toHaveLength(6);
    expect(after.headings).toEqual(before.headings);
    expect(after.blocks).toEqual(before.blocks);
    expect(before.blocks).toEqual(
      expect.arrayContaining([':::callout', ':::note', ':::warning', 'table', 'image', 'blockquote', 'code']),
    );
  });

  it('builds again as it is', () => {
    const again = runCli(['check', '--content', 'back'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('3 callouts, 1 figures, 1 tables, 4 notes (6 references)');
  });
});

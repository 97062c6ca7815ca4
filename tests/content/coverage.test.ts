// Content coverage: the edition says exactly what the print says. Every sentence of the print's text
// extraction appears in the edition (except the reviewed allowlist), and every sentence of the
// edition comes from the extraction; a sentence may only be rejoined where the print broke it
// (page break, callout box). No browser: the edition text is the built web edition (src/api.ts).
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderEditionText } from '../../src/api.js';
import { visit } from 'unist-util-visit';
import { toString } from 'mdast-util-to-string';
import { parse as parseYaml } from 'yaml';
import type { ContainerDirective } from 'mdast-util-directive';
import type { FootnoteDefinition, Heading, Root } from 'mdast';
import { EXTRACTION_ALLOWLIST, HEADING_NUMBER } from './allowlist.js';
import {
  MARKDOWN_NOTE_REFERENCE,
  compareSentences,
  editionSentences,
  frontMatter,
  normalize,
  normalizeRenderedText,
  readExtraction,
  readMarkdownFiles,
  splitSentences,
  type Extraction,
  type MarkdownFile,
} from './sentences.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONTENT = process.env.BRIEFING_CONTENT ?? path.join(ROOT, 'content');
const LOCALE = 'en';
const LOCALE_DIR = path.join(CONTENT, LOCALE);
// The print's text extraction, kept in the repository so the test runs anywhere (../shared/source/ is its origin).
const EXTRACTION_FILE =
  process.env.BRIEFING_EXTRACTION ?? path.join(ROOT, 'tests', 'fixtures', 'extraction', 'human-rights-review-2022.txt');

// Regression counts, computed from the Markdown when the edition was prepared.
const EXPECTED = {
  chapters: 8, // I–VI, VII (folder with index.md), VIII (sources.md)
  sections: 14, // A–N in chapter VII
  paragraphs: 252, // top-level paragraphs outside callouts: 2 in the preface, 250 in chapters and sections
  calloutBoxes: 32,
  calloutStatements: 115,
  noteReferences: 31,
  noteDefinitions: 31,
  subheadings: 1, // "Penitentiary system" in chapter VI
  rejoinedSentences: 22, // sentences the print broke across a page or around a callout box
};

// ---------------------------------------------------------------------------------------------
// Where the edition's text comes from

async function loadEditionText(): Promise<string> {
  return normalizeRenderedText(await renderEditionText(CONTENT, LOCALE));
}

/** Lines a rendered edition may add from metadata (never from the print's body). */
function metadataLines(files: readonly MarkdownFile[]): Set<string> {
  const lines = new Set<string>();
  const addAll = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(addAll);
    else if (typeof value === 'string' || typeof value === 'number') lines.add(normalize(String(value)));
  };
  const edition = parseYaml(readFileSync(path.join(LOCALE_DIR, 'edition.yaml'), 'utf8')) as Record<string, unknown>;
  Object.values(edition).forEach(addAll);
  lines.add(normalize(`${String(edition.place)}, ${String(edition.year)}`));
  lines.add(normalize(`${String(edition.place)} ${String(edition.year)}`));
  const strings = parseYaml(readFileSync(path.join(LOCALE_DIR, 'strings.yaml'), 'utf8')) as Record<string, unknown>;
  Object.values(strings).forEach(addAll);
  for (const file of files) addAll(frontMatter(file).short);
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Reading the Markdown for structural checks

function callouts(tree: Root): ContainerDirective[] {
  const found: ContainerDirective[] = [];
  visit(tree, 'containerDirective', (node) => void found.push(node));
  return found;
}

function referencesIn(file: MarkdownFile): string[] {
  // References are `[^name]` anywhere except at the start of a definition line.
  const body = file.source.replace(/^\[\^[^\]\s]+\]:/gm, '');
  return [...body.matchAll(MARKDOWN_NOTE_REFERENCE)].map((m) => m[1]!);
}

function definitionsIn(tree: Root): FootnoteDefinition[] {
  const found: FootnoteDefinition[] = [];
  visit(tree, 'footnoteDefinition', (node) => void found.push(node));
  return found;
}

let files: MarkdownFile[] = [];

beforeAll(async () => {
  files = await readMarkdownFiles(LOCALE_DIR);
});

describe('content/en structure', () => {
  it('has the preface, 8 chapters and 14 sections in reading order', () => {
    expect(files.filter((f) => f.kind === 'preface')).toHaveLength(1);
    expect(files.filter((f) => f.kind === 'chapter' || f.kind === 'sources')).toHaveLength(EXPECTED.chapters);
    expect(files.filter((f) => f.kind === 'section')).toHaveLength(EXPECTED.sections);
    expect(files.at(-1)?.rel).toBe('sources.md');
  });

  it('starts every chapter and section with front matter `short` and one title heading without a number', () => {
    for (const file of files.filter((f) => f.kind !== 'preface')) {
      const short = frontMatter(file).short;
      expect(typeof short, file.rel).toBe('string');
      expect(String(short).split(/\s+/).length, `${file.rel}: short title "${String(short)}"`).toBeLessThanOrEqual(6);
      const depth = file.kind === 'section' ? 2 : 1;
      const first = file.tree.children[1];
      expect(first?.type, file.rel).toBe('heading');
      expect((first as Heading).depth, file.rel).toBe(depth);
      const headings: Heading[] = [];
      visit(file.tree, 'heading', (h) => void headings.push(h));
      expect(
        headings.filter((h) => h.depth <= depth),
        file.rel,
      ).toHaveLength(1);
      for (const h of headings) expect(toString(h), file.rel).not.toMatch(HEADING_NUMBER);
    }
  });

  it('has a preface of two plain paragraphs and no heading', () => {
    const preface = files.find((f) => f.kind === 'preface')!;
    expect(preface.tree.children.map((c) => c.type)).toEqual(['paragraph', 'paragraph']);
  });

  it('keeps the subheading of chapter VI and no other', () => {
    const sub: string[] = [];
    for (const file of files) {
      const depth = file.kind === 'section' ? 2 : 1;
      visit(file.tree, 'heading', (h) => {
        if (h.depth > depth) sub.push(`${file.rel}: ${toString(h)}`);
      });
    }
    expect(sub).toEqual(['06-justice.md: Penitentiary system']);
    expect(sub).toHaveLength(EXPECTED.subheadings);
  });

  it('counts paragraphs, callout boxes and statements', () => {
    let paragraphs = 0;
    let boxes = 0;
    let statements = 0;
    for (const file of files) {
      paragraphs += file.tree.children.filter((c) => c.type === 'paragraph').length;
      for (const box of callouts(file.tree)) {
        boxes += 1;
        statements += box.children.length;
      }
    }
    expect({ paragraphs, boxes, statements }).toEqual({
      paragraphs: EXPECTED.paragraphs,
      boxes: EXPECTED.calloutBoxes,
      statements: EXPECTED.calloutStatements,
    });
  });

  it('uses only non-empty, non-nested `:::callout` boxes of plain paragraphs, and no other directive', () => {
    for (const file of files) {
      visit(file.tree, (node) => {
        if (node.type === 'textDirective' || node.type === 'leafDirective') {
          throw new Error(`${file.rel}: unexpected directive at line ${node.position?.start.line}`);
        }
      });
      for (const box of callouts(file.tree)) {
        const where = `${file.rel}:${box.position?.start.line}`;
        expect(box.name, where).toBe('callout');
        expect(box.children.length, where).toBeGreaterThan(0);
        for (const child of box.children) {
          expect(child.type, where).toBe('paragraph');
          expect(toString(child).trim(), where).not.toBe('');
        }
        expect(file.tree.children.includes(box), `${where} must be a top-level block`).toBe(true);
      }
    }
  });

  it('has no raw HTML except editor comments', () => {
    for (const file of files) {
      visit(file.tree, 'html', (node) => {
        expect(node.value, file.rel).toMatch(/^<!--[\s\S]*-->$/);
      });
    }
  });

  it('references every note once, in printed order, and defines each once in sources.md', () => {
    const sources = files.find((f) => f.kind === 'sources')!;
    const references = files.filter((f) => f.kind !== 'sources').flatMap(referencesIn);
    const definitions = definitionsIn(sources.tree);
    const names = definitions.map((d) => d.identifier);
    expect(references).toHaveLength(EXPECTED.noteReferences);
    expect(definitions).toHaveLength(EXPECTED.noteDefinitions);
    expect(new Set(names).size).toBe(names.length);
    for (const name of [...references, ...names]) expect(name).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    // The print numbers notes in reading order, so references in reading order = definitions in printed order.
    expect(references).toEqual(names);
    for (const file of files.filter((f) => f.kind !== 'sources'))
      expect(definitionsIn(file.tree), file.rel).toHaveLength(0);
    for (const definition of definitions) {
      const links: string[] = [];
      visit(definition, 'link', (l) => void links.push(l.url));
      expect(links, definition.identifier).toHaveLength(1);
      expect(links[0], definition.identifier).toMatch(/^https?:\/\//);
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('coverage against the text extraction', () => {
  let extraction: Extraction;
  let source: string;

  beforeAll(async () => {
    extraction = readExtraction(readFileSync(EXTRACTION_FILE, 'utf8'));
    source = await loadEditionText();
  });

  it('uses each allowlist entry exactly as reviewed', () => {
    for (const entry of EXTRACTION_ALLOWLIST) {
      expect(entry.reason.length, String(entry.pattern)).toBeGreaterThan(20);
      expect(extraction.allowlisted.get(entry), `${String(entry.pattern)} (${entry.reason})`).toHaveLength(entry.count);
    }
    expect(extraction.numbersStripped).toBe(EXPECTED.chapters + EXPECTED.sections);
  });

  it('matches the printed notes: 31 markers, 31 entries, one numbering jump (xxxii → xxxi)', () => {
    const printed = extraction.sources.map((s) => s.number);
    expect(printed).toHaveLength(31);
    const roman = ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x'];
    const expectedNumbers = Array.from(
      { length: 31 },
      (_, k) => 'x'.repeat(Math.floor((k + 1) / 10)) + ((k + 1) % 10 ? roman[((k + 1) % 10) - 1] : ''),
    );
    expect(printed).toEqual(expectedNumbers);
    // Body markers: i … xxx, then xxxii (no xxxi): the reviewed anomaly recorded in sources.md.
    expect(extraction.markers).toEqual([...expectedNumbers.slice(0, 30), 'xxxii']);
    // The definitions in sources.md say exactly what the printed entries say.
    const sources = files.find((f) => f.kind === 'sources')!;
    const defined = definitionsIn(sources.tree).map((d) => normalize(toString(d)));
    expect(defined).toEqual(extraction.sources.map((s) => normalize(`${s.title} ${s.url}`)));
  });

  it('loses no sentence and invents none', () => {
    const fromExtraction = extraction.blocks.flatMap(splitSentences);
    const fromEdition = editionSentences(source, metadataLines(files));
    const result = compareSentences(fromExtraction, fromEdition);

    expect(
      result.lost.map((l) => `${l.missing}× ${l.sentence}`),
      'sentences of the extraction missing from the edition',
    ).toEqual([]);
    expect(result.invented, 'sentences of the edition not found in the extraction').toEqual([]);
    expect(result.rejoined.map((r) => r.sentence)).toHaveLength(EXPECTED.rejoinedSentences);
    // A rendered edition repeats headings in its contents; nothing else may appear twice.
    const headingSentences = new Set(extraction.headings.flatMap(splitSentences));
    expect(
      result.duplicated.filter((d) => !headingSentences.has(d.sentence)).map((d) => `${d.extra}× ${d.sentence}`),
    ).toEqual([]);
  });
});

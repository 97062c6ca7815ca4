// The tagged PDF's structure as a reader gets it (pdf.js `getStructTree`, tests/support/struct-tree.ts),
// with /ID and the IDTree from qpdf: notes are Note elements with an ID (PDF/UA-1 7.9), note
// references Reference > Link, the contents TOC > TOCI > Reference > Link, figures carry Alt, a table
// its Caption, list items Lbl/LBody. Printed from the review (its Sources are its notes), the page-foot
// notes fixture (`notes: foot`, a note continued on the next page), the layout and standards fixtures.
// The counts come from the same build's web edition (its note references and contents entries). The
// review is a warm rebuild (its body put in as the last build prepared it, not laid out until printed).
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import { ROOT, runCli, tempDir } from '../support/cli.js';
import {
  elements,
  path as rolePath,
  structElements as readElements,
  structTrees,
  type Placed,
  type StructNode,
} from '../support/struct-tree.js';

interface Built {
  pdf: string;
  trees: StructNode[];
  /** In the web edition: note references, notes (list items a reference points to), contents entries. */
  references: number;
  notes: number;
  entries: number;
}

/** `times` 2: built again into the same folder, a warm rebuild (the body put in as the last build prepared it, unlaid). */
async function build(name: string, args: string[], times = 1): Promise<Built> {
  const out = tempDir('briefing-struct-');
  for (let i = 0; i < times; i += 1) {
    const run = runCli(['build', '--format', 'pdf,html', '--locale', 'en', '--out', out, ...args]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/printed \d+ pages/);
  }
  const html = fromHtml(readFileSync(path.join(out, 'en', `${name}.en.html`), 'utf8'));
  const refs = selectAll('a[role=doc-noteref]', html);
  const targets = new Set(refs.map((a) => String(a.properties.href).slice(1)));
  const pdf = path.join(out, 'en', `${name}.en.pdf`);
  return {
    pdf,
    trees: await structTrees(pdf),
    references: refs.length,
    notes: selectAll('li[id]', html).filter((li) => targets.has(String(li.properties.id))).length,
    entries: selectAll('nav.contents li', html).length,
  };
}

/**
 * The elements of a role with content on their page: pdf.js also lists, on a page, elements of a
 * list that started there whose content is all on the next page (with none of it).
 */
function all(built: Built, role: string): Placed[] {
  return [...elements(built.trees)].filter((e) => e.node.role === role && hasContent(e.node));
}

const written = new Map<string, ReturnType<typeof readElements>>();

/** The file's structure elements and IDTree (qpdf), read once per PDF. */
function structElements(pdf: string): ReturnType<typeof readElements> {
  if (!written.has(pdf)) written.set(pdf, readElements(pdf));
  return written.get(pdf)!;
}

function hasContent(node: StructNode): boolean {
  return node.content + node.objects > 0 || node.kids.some(hasContent);
}

/** The fixture's content over the built-in templates with `notes: foot`. */
function footTemplates(): string {
  const dir = path.join(tempDir('briefing-struct-theme-'), 'templates');
  cpSync(path.join(ROOT, 'templates'), dir, { recursive: true });
  const theme = path.join(dir, 'theme.yaml');
  writeFileSync(theme, readFileSync(theme, 'utf8').replace(/^notes: .*$/m, 'notes: foot'));
  return dir;
}

describe('the structure tree as pdf.js reads it', () => {
  let review: Built;
  let foot: Built;
  let layout: Built;
  let standards: Built;

  beforeAll(async () => {
    // The review rebuilt: the page's list items are read with the edition in the page unlaid.
    review = await build('hr-review-2022', [], 2);
    foot = await build('footnotes-2025', [
      '--content',
      path.join(ROOT, 'tests', 'fixtures', 'footnotes'),
      '--templates',
      footTemplates(),
    ]);
    layout = await build('layout-2024', ['--content', path.join(ROOT, 'tests', 'fixtures', 'layout')]);
    standards = await build('standards-2022', ['--content', path.join(ROOT, 'tests', 'fixtures', 'standards')]);
  }, 600_000);

  it('each note is a Note in its list item (L > LI > LBody > Note), holding its label link', () => {
    for (const built of [review, foot, standards]) {
      const notes = all(built, 'Note');
      expect(notes.length, built.pdf).toBeGreaterThan(0);
      for (const { parent } of notes) expect(parent?.role, built.pdf).toBe('LBody');
      // The label linking back to the reference is the note's first element (on its first page).
      expect(notes.some(({ node }) => node.kids[0]?.role === 'Link' && node.kids[0].objects > 0)).toBe(true);
      for (const { node } of all(built, 'LBody')) expect(node.kids.every((k) => k.role !== 'LI')).toBe(true);
    }
  });

  it('every Note has an /ID, unique in the file and in the IDTree (PDF/UA-1 7.9, veraPDF 7.9-1), one per note', () => {
    for (const built of [review, foot, layout, standards]) {
      const { elements: written, idTree } = structElements(built.pdf);
      const notes = written.filter((e) => e.type === 'Note');
      // Page-foot notes: the one continued on the next page is a Note there too.
      const continued = built === foot ? 1 : 0;
      expect(notes.length, built.pdf).toBe(built.notes + continued);
      const ids = written.filter((e) => e.id !== undefined).map((e) => e.id!);
      expect(new Set(ids).size, built.pdf).toBe(ids.length);
      for (const note of notes) {
        expect(note.id, built.pdf).toBeDefined();
        expect(idTree.get(note.id!), built.pdf).toBe(note.ref);
      }
    }
  });

  it('each note reference is a Reference holding its Link (with the link annotation)', () => {
    for (const built of [review, foot, layout, standards]) {
      // Counted once each in the file (pdf.js shows an element on every page it has content on).
      const { elements: written } = structElements(built.pdf);
      const type = new Map(written.map((e) => [e.ref, e.type]));
      const inText = written.filter((e) => e.type === 'Reference' && type.get(e.parent ?? '') !== 'TOCI');
      expect(inText.length, built.pdf).toBe(built.references);
      const references = all(built, 'Reference').filter(({ parent }) => parent?.role !== 'TOCI');
      expect(references.length, built.pdf).toBeGreaterThanOrEqual(built.references);
      for (const { node } of references) {
        expect(node.kids.map((k) => k.role)).toEqual(['Link']);
        expect(node.kids[0]!.objects).toBeGreaterThan(0);
      }
    }
  });

  it('the contents is TOC > TOCI > Reference > Link, a section list a TOC in its chapter’s TOCI', () => {
    for (const built of [review, foot, layout, standards]) {
      const written = structElements(built.pdf).elements;
      expect(written.filter((e) => e.type === 'TOCI').length, built.pdf).toBe(built.entries);
      const entries = all(built, 'TOCI');
      expect(entries.length, built.pdf).toBeGreaterThanOrEqual(built.entries);
      for (const { node, parent } of entries) {
        expect(parent?.role).toBe('TOC');
        expect(rolePath(node)).toMatch(/^TOCI > Reference > Link/);
        expect(node.kids[0]!.kids[0]!.objects).toBeGreaterThan(0);
        // What TOCI may hold (ISO 32000-1 Table 333).
        for (const kid of node.kids) expect(['Lbl', 'Reference', 'NonStruct', 'P', 'TOC']).toContain(kid.role);
      }
      for (const { node } of all(built, 'TOC'))
        expect(node.kids.every((k) => k.role === 'TOCI' || k.role === 'TOC')).toBe(true);
      // Nested: the review's sections under their chapter.
      if (built === review) expect(entries.some(({ node }) => node.kids.some((k) => k.role === 'TOC'))).toBe(true);
    }
  });

  it('figures have their Alt, a table its Caption first, list items only Lbl and LBody', () => {
    const figures = all(layout, 'Figure');
    expect(figures.length).toBeGreaterThanOrEqual(2);
    for (const { node } of figures) expect(node.alt?.trim()).toBeTruthy();
    const tables = all(layout, 'Table');
    expect(tables.length).toBeGreaterThanOrEqual(2);
    for (const { node } of tables) expect(node.kids[0]?.role).toBe('Caption');
    for (const built of [review, foot, layout, standards]) {
      for (const { node, parent } of all(built, 'LI')) {
        expect(parent?.role).toBe('L');
        expect(node.kids.length).toBeGreaterThan(0);
        for (const kid of node.kids) expect(['Lbl', 'LBody']).toContain(kid.role);
      }
    }
    // The standards fixture's ordered and definition lists have their labels.
    expect(all(standards, 'Lbl').length).toBeGreaterThan(0);
  });
});

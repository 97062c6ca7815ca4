// Where the theme puts notes (render/place-notes.ts) for `notes: foot`: the print HTML keeps every
// note, sources as copies, in one hidden store that print/foot-notes.ts empties page by page; the web
// edition keeps them after each chapter. `note-numbers: chapter` counts from 1 in each chapter.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { loadConfig } from '../../src/config/config.js';
import { checkEditions } from '../../src/check.js';
import { placeNotes } from '../../src/render/place-notes.js';
import type { ProcessedEdition } from '../../src/pipeline/edition.js';
import { ROOT } from '../support/cli.js';
import { makeContent } from '../support/content.js';
import { edition as editionOf } from '../support/edition.js';

async function edition(fixture: string): Promise<ProcessedEdition> {
  const config = await loadConfig({ content: path.resolve(ROOT, fixture), templates: path.join(ROOT, 'templates') });
  const { editions } = await checkEditions(config);
  return editions[0]!;
}

const all = (e: ProcessedEdition): Root => ({
  type: 'root',
  children: [...(e.preface?.children ?? []), ...e.chapters.flatMap((c) => c.tree.children)],
});

describe('notes: foot', () => {
  it('print: every footnote and a copy of every source in one hidden store; references point at them', async () => {
    const placed = placeNotes(await edition('tests/fixtures/starter'), 'foot', 'print');
    const tree = all(placed);
    const store = select('.foot-store', tree)!;
    expect(store.properties.hidden).toBe(true);
    expect(selectAll('section.footnotes', tree)).toHaveLength(0);
    const stored = new Set(selectAll('li[id]', store).map((li) => String(li.properties.id)));
    const refs = selectAll('a[role="doc-noteref"]', tree);
    expect(refs.length).toBeGreaterThan(3);
    for (const ref of refs) expect(stored, String(ref.properties.href)).toContain(String(ref.properties.href).slice(1));
    // The Sources chapter keeps its list, with its own ids.
    expect(selectAll('ol.sources > li[id^="note-"]', tree).length).toBeGreaterThan(0);
  });

  it('print: the edition is left as it was; a chapter that cites no source is shared, not copied', async () => {
    // The middle chapter cites no source. (Checking the whole shipped review for this is an end-to-end
    // test's job: CONTRIBUTING.md.)
    const before = await edition(
      makeContent({
        'en/01-one.md': '# One\n\nA claim.[^src] Its own note.[^a]\n\n[^a]: The note.\n',
        'en/02-two.md': '# Two\n\nNothing cited here.\n',
        'en/03-three.md': '# Three\n\nThe claim again.[^src]\n',
        'en/sources.md': '# Sources\n\n[^src]: The source <https://example.org/source>\n',
      }),
    );
    const json = JSON.stringify(before);
    const placed = placeNotes(before, 'foot', 'print');
    expect(JSON.stringify(before)).toBe(json);
    const cites = (tree: Root) =>
      selectAll('a[role="doc-noteref"]', tree).some((a) => String(a.properties.href).startsWith('#fn-foot-'));
    const retargeted = placed.chapters.filter((c) => cites(c.tree));
    expect(retargeted.length).toBeGreaterThan(0);
    // (The last chapter carries the store: a tree of its own.)
    const untouched = placed.chapters.slice(0, -1).filter((c) => !cites(c.tree));
    expect(untouched.length).toBeGreaterThan(0);
    for (const chapter of untouched) expect(chapter.tree).toBe(before.chapters.find((c) => c.id === chapter.id)!.tree);
  });

  it('web: the notes after each chapter, the references linking to them and back', async () => {
    const placed = placeNotes(await edition('tests/fixtures/footnotes'), 'foot', 'screen');
    for (const chapter of placed.chapters) {
      const refs = selectAll('a[role="doc-noteref"]', chapter.tree);
      for (const ref of refs) {
        const note = select(`section.footnotes li[id="${String(ref.properties.href).slice(1)}"]`, chapter.tree);
        expect(select('a.note-label', note)?.properties.href).toBe(`#${String(ref.properties.id)}`);
      }
    }
  });

  it('note-numbers: chapter counts the marks from 1 in each chapter, the notes with them', async () => {
    const placed = placeNotes(await edition('tests/fixtures/footnotes'), 'chapter', 'screen', 'chapter');
    const firsts = placed.chapters.map((c) => toString(select('a[role="doc-noteref"]', c.tree) as Element));
    expect(firsts).toEqual(['i', 'i']);
    const second = placed.chapters[1]!.tree;
    const labels = selectAll('section.footnotes a.note-label', second).map((a) => toString(a));
    expect(labels).toEqual(['i', 'ii', 'iii', 'iv']);
  });
});

describe('notes: end', () => {
  it('numbers the Notes chapter after the numbered chapters only (an `{.unnumbered}` one does not count)', async () => {
    const { edition: processed } = await editionOf({
      'en/01-abstract.md': '# Abstract {.unnumbered}\n\nText.[^a]\n\n[^a]: A note.\n',
      'en/02-one.md': '# One\n\nText.\n',
    });
    const placed = placeNotes(processed, 'end', 'print');
    expect(placed.contents.map((c) => c.number)).toEqual(['', 'I', 'II']);
  });
});

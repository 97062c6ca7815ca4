// Notes, note references and the contents in the PDF's own structure types (ISO 32000-1 14.8.4),
// which Chromium never writes (structure-hints.ts says why):
// - a note (an endnote, a Sources entry, a note at the page foot or its continuation) is a Note with
//   an /ID (PDF/UA-1 7.9, veraPDF rule 7.9-1), inside its list item: L > LI > LBody > Note;
// - a note reference is a Reference around its Link;
// - the contents list is a TOC, each entry a TOCI holding a Reference around its Link and the TOC
//   of its sections (TOCI may hold Lbl, Reference, NonStruct, P and TOC).
// Chromium's LI elements are matched to the page's `li` (not hidden) in order, checked by their links.
import { PDFName, type PDFDict } from 'pdf-lib';
import type { ItemHint, StructureHints } from './structure-hints.js';
import { S, StructTree, targetOf, typeOf } from './struct-tree.js';

const TOCI = PDFName.of('TOCI');
const TOC = PDFName.of('TOC');

export interface NotesReport {
  notes: number;
  references: number;
  entries: number;
}

/** Run before the list repair (tagging.ts), which then puts each Note in an LBody. */
export function tagNotesAndContents(tree: StructTree, hints: StructureHints): NotesReport {
  const report: NotesReport = { notes: 0, references: 0, entries: 0 };
  const items = tree.elements().filter((element) => typeOf(element) === 'LI');
  const matched = matchItems(tree, items, hints.items);
  const ids = new Map<PDFDict, string>();
  items.forEach((item, i) => {
    const hint = matched[i];
    if (hint?.kind === 'note') {
      ids.set(tree.wrap(item, tree.kids(item), 'Note'), hint.id);
      report.notes += 1;
    } else if (hint?.kind === 'contents') {
      tocEntry(tree, item);
      report.entries += 1;
    }
  });
  tree.identify(ids);
  const wrapped = new Set<PDFDict>();
  for (const [link, annot] of tree.linkAnnotations()) {
    if (wrapped.has(link)) continue;
    const parent = tree.parentOf(link);
    if (!parent || typeOf(parent) === 'Reference') continue;
    if (typeOf(parent) !== 'TOCI' && !hints.noteTargets.has(targetOf(annot) ?? '')) continue;
    tree.wrap(parent, [link], 'Reference');
    wrapped.add(link);
    report.references += 1;
  }
  return report;
}

/** What TOCI may hold (ISO 32000-1 Table 333); Link goes into a Reference, the rest into NonStruct. */
const TOCI_KIDS = new Set(['Lbl', 'Reference', 'NonStruct', 'P', 'TOC', 'Link', 'L']);

/** LI → TOCI, its list → TOC; a nested list becomes a TOC when its own entries are renamed. */
function tocEntry(tree: StructTree, item: PDFDict): void {
  item.set(S, TOCI);
  const list = tree.parentOf(item);
  if (list && typeOf(list) === 'L') list.set(S, TOC);
  for (const kid of tree.kids(item)) {
    if (typeof kid === 'number' || !tree.isElement(kid) || TOCI_KIDS.has(typeOf(kid))) continue;
    tree.wrap(item, [kid], 'NonStruct');
  }
}

/**
 * The page's item for each LI: in order, each LI with a link taking the next item whose first link
 * goes to the same place, one without a link the next item if it has none either. The same list
 * gives each LI its own item; an LI the page did not report (or one it reported missing) leaves
 * the others matched.
 */
function matchItems(tree: StructTree, items: PDFDict[], hints: readonly ItemHint[]): (ItemHint | undefined)[] {
  let next = 0;
  return items.map((item) => {
    const first = tree.firstLink(item);
    const link = first ? (targetOf(first) ?? '') : '';
    if (link === '') return hints[next]?.link === '' ? hints[next++] : undefined;
    for (let at = next; at < hints.length; at += 1) {
      if (hints[at]!.link !== link) continue;
      next = at + 1;
      return hints[at];
    }
    return undefined;
  });
}

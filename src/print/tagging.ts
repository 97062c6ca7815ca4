// What Chromium's structure tree lacks for PDF/UA-1 (ISO 14289-1) and PDF/A-2a, repaired in place:
// - PDF 2.0 structure types (Em, Strong, …) mapped to PDF 1.7 ones in a RoleMap (7.1);
// - a link annotation whose element is not Link (`role="doc-noteref"`/`doc-backlink` make Chromium
//   write NonStruct) gets a Link element (7.18.5), and every link a /Contents: the HTML's own label
//   or text, asked of the print page (7.18.1);
// - list items: Chromium writes LI with its content directly under it; PDF wants Lbl and LBody (7.2),
//   so each LI's content goes into an LBody, and what stands directly in an L becomes an LI;
// - a `<figure>` around an image or a table is a Figure without Alt around the image's own Figure (or
//   the Table) and a Caption: it becomes a Div, and a table's Caption moves into the Table (7.3);
// - notes, note references and the contents: Note, Reference and TOC/TOCI (notes-contents.ts).
// Elements keep their identity; where content items move to a new element, the ParentTree follows.
import { PDFDict, PDFHexString, PDFName, type PDFDocument } from 'pdf-lib';
import { S, StructTree, targetOf, typeOf } from './struct-tree.js';
import { tagNotesAndContents, type NotesReport } from './notes-contents.js';
import type { LinkLabels, StructureHints } from './structure-hints.js';

const LINK = PDFName.of('Link');
const CONTENTS = PDFName.of('Contents');
const LI = PDFName.of('LI');
const DIV = PDFName.of('Div');

/** PDF 2.0 (ISO 32000-2) standard types Chromium writes, and the PDF 1.7 type each stands for. */
const PDF17_ROLE: Readonly<Record<string, string>> = {
  Em: 'Span',
  Strong: 'Span',
  Sub: 'Span',
  Title: 'P',
  FENote: 'Note',
  Aside: 'Div',
  DocumentFragment: 'Div',
};

export interface TaggingReport {
  roles: number;
  links: number;
  contents: number;
  listItems: number;
  figures: number;
  notes?: NotesReport;
}

export function repairStructure(doc: PDFDocument, hints: StructureHints): TaggingReport {
  const report: TaggingReport = { roles: 0, links: 0, contents: 0, listItems: 0, figures: 0 };
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) return report;
  const tree = new StructTree(doc, root);
  report.roles = mapRoles(doc, root, tree);
  // Links first: the note references are Link elements before they go into a Reference.
  repairLinks(tree, hints.labels, report);
  const lists = tree.elements().filter((element) => typeOf(element) === 'L');
  for (const list of lists) report.listItems += repairItems(tree, list);
  // On the items of the page's `li`, before their content goes into an LBody (and the contents' L
  // becomes a TOC, which has none).
  report.notes = tagNotesAndContents(tree, hints);
  for (const list of lists.filter((element) => typeOf(element) === 'L')) report.listItems += repairBodies(tree, list);
  for (const figure of tree.elements().filter((element) => typeOf(element) === 'Figure'))
    report.figures += repairFigure(tree, figure);
  return report;
}

/** Every element holding a link annotation is a Link; every link annotation has /Contents. */
function repairLinks(tree: StructTree, labels: LinkLabels, report: TaggingReport): void {
  for (const [element, annot] of tree.linkAnnotations()) {
    if (typeOf(element) !== 'Link') {
      element.set(S, LINK);
      report.links += 1;
    }
    if (!annot.has(CONTENTS)) {
      annot.set(CONTENTS, utf16Hex(labelOf(annot, labels)));
      report.contents += 1;
    }
  }
}

/** A RoleMap entry for every PDF 2.0 type in the tree. */
function mapRoles(doc: PDFDocument, root: PDFDict, tree: StructTree): number {
  const used = new Set(tree.elements().map(typeOf));
  const roleMap = root.lookupMaybe(PDFName.of('RoleMap'), PDFDict) ?? doc.context.obj({});
  let added = 0;
  for (const type of used) {
    const standard = PDF17_ROLE[type];
    if (!standard || roleMap.has(PDFName.of(type))) continue;
    roleMap.set(PDFName.of(type), PDFName.of(standard));
    added += 1;
  }
  if (added > 0) root.set(PDFName.of('RoleMap'), roleMap);
  return added;
}

const LIST_KIDS = new Set(['L', 'LI', 'Caption']);
const ITEM_KIDS = new Set(['Lbl', 'LBody']);

/**
 * L > LI: renames the items Chromium left as NonStruct (an `li` in `role="doc-endnotes"` is a
 * doc-endnote to it, and that role has no structure type), wraps anything else standing in the L.
 */
function repairItems(tree: StructTree, list: PDFDict): number {
  let repaired = 0;
  for (const kid of tree.kids(list)) {
    if (!(kid instanceof PDFDict) || !tree.isElement(kid)) continue;
    const type = typeOf(kid);
    if (LIST_KIDS.has(type)) continue;
    if (type === 'NonStruct' || type === 'Div') kid.set(S, LI);
    else tree.wrap(list, [kid], 'LI');
    repaired += 1;
  }
  return repaired;
}

/** LI > (Lbl | LBody): each item's content in an LBody. */
function repairBodies(tree: StructTree, list: PDFDict): number {
  let repaired = 0;
  for (const item of tree.kids(list)) {
    if (!(item instanceof PDFDict) || typeOf(item) !== 'LI') continue;
    const loose = tree.kids(item).filter((kid) => !(kid instanceof PDFDict && ITEM_KIDS.has(typeOf(kid))));
    if (loose.length === 0) continue;
    tree.wrap(item, loose, 'LBody');
    repaired += 1;
  }
  return repaired;
}

/** A Figure that only groups a Figure or a Table with its Caption: a Div; the Caption into the Table. */
function repairFigure(tree: StructTree, figure: PDFDict): number {
  const kids = tree.kids(figure).filter((kid): kid is PDFDict => kid instanceof PDFDict && tree.isElement(kid));
  const inner = kids.find((kid) => typeOf(kid) === 'Figure' || typeOf(kid) === 'Table');
  if (!inner) return 0;
  figure.set(S, DIV);
  if (typeOf(inner) === 'Table') {
    for (const caption of kids.filter((kid) => typeOf(kid) === 'Caption').reverse())
      tree.moveFirst(caption, figure, inner);
  }
  return 1;
}

function labelOf(annot: PDFDict, labels: LinkLabels): string {
  const target = targetOf(annot);
  const label = target === undefined ? undefined : labels.get(target);
  if (label) return label;
  // No label known (a link the page did not report): say where it goes.
  return target?.startsWith('#') ? target.slice(1) : (target ?? 'link');
}

/** Each byte's two hex digits, upper case. */
const HEX_BYTES = Array.from({ length: 256 }, (_, b) => b.toString(16).toUpperCase().padStart(2, '0'));

/**
 * `PDFHexString.fromText(text)`, the same string, made faster: a byte-order mark and each UTF-16
 * code unit as four hex digits (pdf-lib's `utf16Encode` gives the string's code units, a lone
 * surrogate included), without formatting each unit on its own. One per link.
 */
export function utf16Hex(text: string): PDFHexString {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    hex += HEX_BYTES[unit >> 8]! + HEX_BYTES[unit & 0xff]!;
  }
  return PDFHexString.of(hex);
}

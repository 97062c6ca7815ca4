// The parts of an edition printed one by one (parts.ts) joined into one PDF, as if printed at once:
// the pages in order, the named destinations of all (each part holds those of its own ids), and one
// structure tree (each part's top elements under the first part's Document element, the parent tree
// renumbered), so that the outline, the layout check, the running heads and the PDF/UA repairs
// work on the joined file as on a whole print. pdf-lib's copier copies each part's objects once;
// told that the part's Document element and structure root are the joined file's, it never copies
// them (nor, through them, the part's whole tree again).
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFObjectCopier,
  PDFPage,
  PDFPageLeaf,
  PDFRef,
  type PDFObject,
} from 'pdf-lib';

const STRUCT_TREE_ROOT = PDFName.of('StructTreeRoot');
const K = PDFName.of('K');
const P = PDFName.of('P');
const PARENT_TREE = PDFName.of('ParentTree');
const NEXT_KEY = PDFName.of('ParentTreeNextKey');
const NUMS = PDFName.of('Nums');
const DESTS = PDFName.of('Dests');
const ANNOTS = PDFName.of('Annots');

/** Append the pages, destinations and structure of each later part to the first; returns the first. */
export function joinParts(parts: PDFDocument[]): PDFDocument {
  const [joined, ...rest] = parts;
  if (!joined) throw new Error('no part to join');
  for (const part of rest) append(joined, part);
  return joined;
}

function append(joined: PDFDocument, part: PDFDocument): void {
  const copier = PDFObjectCopier.for(part.context, joined.context);
  const structure = structureOf(joined);
  const partStructure = structureOf(part);
  const offset = structure ? nextKey(structure.root) : 0;
  if (structure && partStructure) {
    // The part's Document element and root are the joined file's (see the top of this file).
    const traversed = (copier as unknown as { traversedObjects: Map<PDFObject, PDFObject> }).traversedObjects;
    traversed.set(partStructure.documentRef, structure.documentRef);
    traversed.set(partStructure.rootRef, structure.rootRef);
  }
  for (const page of part.getPages()) {
    const ref = copier.copy(page.ref);
    const leaf = joined.context.lookup(ref);
    if (!(leaf instanceof PDFPageLeaf)) throw new Error('a part page that is not a page');
    shift(leaf, 'StructParents', offset);
    const annots = leaf.lookupMaybe(ANNOTS, PDFArray);
    for (let i = 0; annots && i < annots.size(); i += 1) {
      const annot = annots.lookup(i);
      if (annot instanceof PDFDict) shift(annot, 'StructParent', offset);
    }
    joined.addPage(PDFPage.of(leaf, ref, joined));
  }
  joinDestinations(joined, part, copier);
  if (structure && partStructure) joinStructure(structure, partStructure, copier, offset);
}

interface Structure {
  root: PDFDict;
  rootRef: PDFRef;
  document: PDFDict;
  documentRef: PDFRef;
}

/** The structure root and its one Document element, when the file is tagged as Chromium tags. */
function structureOf(doc: PDFDocument): Structure | undefined {
  const rootRef = doc.catalog.get(STRUCT_TREE_ROOT);
  const root = doc.catalog.lookupMaybe(STRUCT_TREE_ROOT, PDFDict);
  const documentRef = root?.get(K);
  if (!(rootRef instanceof PDFRef) || !root || !(documentRef instanceof PDFRef)) return undefined;
  const document = doc.context.lookup(documentRef);
  return document instanceof PDFDict ? { root, rootRef, document, documentRef } : undefined;
}

function nextKey(root: PDFDict): number {
  const next = root.lookupMaybe(NEXT_KEY, PDFNumber);
  return next ? next.asNumber() : 0;
}

function shift(dict: PDFDict, key: string, offset: number): void {
  const value = dict.lookupMaybe(PDFName.of(key), PDFNumber);
  if (value && offset) dict.set(PDFName.of(key), PDFNumber.of(value.asNumber() + offset));
}

/** The part's named destinations (the first part to name one keeps it). */
function joinDestinations(joined: PDFDocument, part: PDFDocument, copier: PDFObjectCopier): void {
  const from = part.catalog.lookupMaybe(DESTS, PDFDict);
  if (!from) return;
  let to = joined.catalog.lookupMaybe(DESTS, PDFDict);
  if (!to) {
    to = joined.context.obj({});
    joined.catalog.set(DESTS, joined.context.register(to));
  }
  for (const [name, value] of from.entries()) if (!to.has(name)) to.set(name, copier.copy(value));
}

/** The part's top elements under the joined Document element; its parent tree after the joined one's keys. */
function joinStructure(joined: Structure, part: Structure, copier: PDFObjectCopier, offset: number): void {
  const kids = asArray(joined.document, joined.document.get(K));
  const partKids = part.document.get(K);
  for (const kid of partKids instanceof PDFArray ? partKids.asArray() : partKids ? [partKids] : []) {
    const copied = copier.copy(kid);
    const element = copied instanceof PDFRef ? joined.document.context.lookup(copied) : copied;
    if (element instanceof PDFDict && element.has(P)) element.set(P, joined.documentRef);
    kids.push(copied);
  }
  const nums = joined.root.lookupMaybe(PARENT_TREE, PDFDict)?.lookupMaybe(NUMS, PDFArray);
  const partNums = flatNums(part.root.lookupMaybe(PARENT_TREE, PDFDict));
  for (let i = 0; nums && i + 1 < partNums.length; i += 2) {
    nums.push(PDFNumber.of((partNums[i] as PDFNumber).asNumber() + offset));
    nums.push(copier.copy(partNums[i + 1]!));
  }
  joined.root.set(NEXT_KEY, PDFNumber.of(offset + nextKey(part.root)));
}

/** K as an array in the element (a single kid becomes an array of one). */
function asArray(element: PDFDict, value: PDFObject | undefined): PDFArray {
  if (value instanceof PDFArray) return value;
  const array = element.context.obj([]);
  if (value) array.push(value);
  element.set(K, array);
  return array;
}

/** A number tree's key/value pairs in order (Chromium writes one flat /Nums; /Kids walked all the same). */
function flatNums(node: PDFDict | undefined): PDFObject[] {
  if (!node) return [];
  const nums = node.lookupMaybe(NUMS, PDFArray)?.asArray() ?? [];
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
  const below = kids ? kids.asArray().flatMap((k) => flatNums(node.context.lookup(k) as PDFDict)) : [];
  return [...nums, ...below];
}

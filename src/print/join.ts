// The parts of an edition printed one by one (parts.ts) joined into one PDF, as if printed at once:
// the pages in order, the named destinations of all (each part holds those of its own ids), and one
// structure tree (each part's top elements under the first part's Document element, the parent tree
// renumbered), so that the outline, the layout check, the running heads and the PDF/UA repairs
// work on the joined file as on a whole print. Each part's objects are moved, not copied: a part is
// parsed for the join alone and let go after it, so its objects are given numbers in the joined file
// and their references rewritten in place (pdf-lib's PDFObjectCopier cloned every object: at 20 ×
// the review, ~40 % of the parts' load-and-join time). Only what the joined file takes is moved
// (pages, destinations, structure elements, parent-tree entries, and what they refer to), never the
// part's catalog, page tree or structure root; the part's Document element and structure root are
// taken as the joined file's (so its whole tree is never walked again through them).
import {
  PDFArray,
  PDFContext,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFPage,
  PDFPageLeaf,
  PDFPageTree,
  PDFRef,
  PDFStream,
  type PDFObject,
} from 'pdf-lib';
import { refOf } from './pdf-reader.js';

const STRUCT_TREE_ROOT = PDFName.of('StructTreeRoot');
const K = PDFName.of('K');
const P = PDFName.of('P');
const PARENT_TREE = PDFName.of('ParentTree');
const NEXT_KEY = PDFName.of('ParentTreeNextKey');
const NUMS = PDFName.of('Nums');
const DESTS = PDFName.of('Dests');
const ANNOTS = PDFName.of('Annots');
const PAGES = PDFName.of('Pages');
const P_PARENT = PDFName.of('Parent');
const COUNT = PDFName.of('Count');

/** Append the pages, destinations and structure of each later part to the first; returns the first. */
export function joinParts(parts: PDFDocument[]): PDFDocument {
  const [joined, ...rest] = parts;
  if (!joined) throw new Error('no part to join');
  for (const part of rest) append(joined, part);
  return joined;
}

function append(joined: PDFDocument, part: PDFDocument): void {
  const copier = new Mover(part.context, joined.context);
  const structure = structureOf(joined);
  const partStructure = structureOf(part);
  const offset = structure ? nextKey(structure.root) : 0;
  if (structure && partStructure) {
    // The part's Document element and root are the joined file's (see the top of this file).
    copier.alias(partStructure.documentRef, structure.documentRef);
    copier.alias(partStructure.rootRef, structure.rootRef);
  }
  const pages: Array<[PDFPageLeaf, PDFRef]> = [];
  for (const page of part.getPages()) {
    ownPage(page.node);
    const ref = copier.copyRef(page.ref);
    const leaf = joined.context.lookup(ref);
    if (!(leaf instanceof PDFPageLeaf)) throw new Error('a part page that is not a page');
    shift(leaf, 'StructParents', offset);
    const annots = leaf.lookupMaybe(ANNOTS, PDFArray);
    for (let i = 0; annots && i < annots.size(); i += 1) {
      const annot = annots.lookup(i);
      if (annot instanceof PDFDict) shift(annot, 'StructParent', offset);
    }
    pages.push([leaf, ref]);
  }
  appendPages(joined, pages);
  joinDestinations(joined, part, copier);
  if (structure && partStructure) joinStructure(structure, partStructure, copier, offset);
}

/**
 * The pages added after the joined file's last, as pdf-lib's `addPage` adds each: last among the
 * kids of the root of the page tree, its Count one more, the page's parent that root. (pdf-lib
 * walks every kid of the root to find where a page goes, each time: 20 × the review, ~430,000
 * steps an edit.) When a kid of the root is an empty page tree, or the root has a parent, pdf-lib
 * adds them.
 */
function appendPages(joined: PDFDocument, pages: Array<[PDFPageLeaf, PDFRef]>): void {
  const rootRef = joined.catalog.get(PAGES);
  const root = joined.catalog.Pages();
  const kids = root.Kids();
  const plain =
    rootRef instanceof PDFRef &&
    !root.has(P_PARENT) &&
    kids.asArray().every((kid) => {
      const node = joined.context.lookup(kid);
      return node instanceof PDFPageLeaf || (node instanceof PDFPageTree && node.Count().asNumber() > 0);
    });
  if (!plain) {
    for (const [leaf, ref] of pages) joined.addPage(PDFPage.of(leaf, ref, joined));
    return;
  }
  for (const [leaf, ref] of pages) {
    root.set(COUNT, PDFNumber.of(root.Count().asNumber() + 1));
    kids.push(ref);
    leaf.set(P_PARENT, rootRef);
  }
  // pdf-lib's list and count of the pages, made again when next asked.
  const held = joined as unknown as { pageCache: { invalidate(): void }; pageCount?: number };
  held.pageCache.invalidate();
  held.pageCount = undefined;
}

/**
 * A part's objects moved into the joined file (see the top of this file): each indirect object the
 * joined file takes gets the next number there, once, and every reference in it (and in the direct
 * objects it holds) is rewritten in place. The part is unusable after (its objects are the joined
 * file's).
 */
class Mover {
  private readonly moved = new Map<PDFRef, PDFRef>();

  constructor(
    private readonly from: PDFContext,
    private readonly to: PDFContext,
  ) {}

  /** The part's `ref` stands for the joined file's `as` (nothing of it is moved). */
  alias(ref: PDFRef, as: PDFRef): void {
    this.moved.set(ref, as);
  }

  /** The object as the joined file holds it: a reference renumbered, a direct object rewritten. */
  copy(object: PDFObject): PDFObject {
    if (object instanceof PDFRef) return this.copyRef(object);
    this.rewrite(object);
    return object;
  }

  copyRef(object: PDFRef): PDFRef {
    const known = this.moved.get(object);
    if (known) return known;
    // (As `nextRef` numbers it, with pdf-lib's own reference: pdf-reader.ts refOf.)
    this.to.largestObjectNumber += 1;
    const ref = refOf(this.to.largestObjectNumber);
    this.moved.set(object, ref);
    const value = this.from.lookup(object);
    if (value) {
      this.rewrite(value);
      this.to.assign(ref, value);
    }
    return ref;
  }

  // A container is rewritten once: its context, set to the joined file's first, says it was (no set
  // of the rewritten ones, and pdf-lib's own entries and items walked without copying them: at 20 ×
  // the review, ~190,000 containers an edit).
  private rewrite(object: PDFObject): void {
    if (object instanceof PDFDict) {
      const held = object as unknown as { context: PDFContext; dict: Map<PDFName, PDFObject> };
      if (held.context === this.to) return;
      // (Its lookups resolve in the joined file from now on.)
      held.context = this.to;
      // (Setting a key already there keeps the map's order, so the walk goes on as it began.)
      for (const [key, value] of held.dict) {
        if (value instanceof PDFRef) held.dict.set(key, this.copyRef(value));
        else this.rewrite(value);
      }
    } else if (object instanceof PDFArray) {
      const held = object as unknown as { context: PDFContext; array: PDFObject[] };
      if (held.context === this.to) return;
      held.context = this.to;
      const items = held.array;
      for (let i = 0; i < items.length; i += 1) {
        const value = items[i]!;
        if (value instanceof PDFRef) items[i] = this.copyRef(value);
        else this.rewrite(value);
      }
    } else if (object instanceof PDFStream) {
      this.rewrite(object.dict);
    }
  }
}

/**
 * A part's page made to stand alone, as pdf-lib's copier makes a page it copies: what it inherits
 * from its page tree set on it, and no parent (the joined file's page tree becomes its parent).
 */
function ownPage(leaf: PDFPageLeaf): void {
  for (const name of PDFPageLeaf.InheritableEntries) {
    const key = PDFName.of(name);
    const value = leaf.getInheritableAttribute(key);
    if (!leaf.get(key) && value) leaf.set(key, value);
  }
  leaf.delete(P_PARENT);
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
function joinDestinations(joined: PDFDocument, part: PDFDocument, copier: Mover): void {
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
function joinStructure(joined: Structure, part: Structure, copier: Mover, offset: number): void {
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

/**
 * What a joined file's first part held of the containers the later parts are added to (its objects,
 * pages, destination names, top structure elements, parent-tree entries and next key, and where
 * those containers are), taken before anything is joined to it: swapFirst puts a reprint of that
 * part in its place when the reprint's shape is the same.
 */
export interface FirstShape {
  shape: string;
  pages: number;
  dests: number;
  kids: number;
  nums: number;
}

export function firstShape(doc: PDFDocument): FirstShape | undefined {
  const structure = structureOf(doc);
  const destsRef = doc.catalog.get(DESTS);
  const dests = doc.catalog.lookupMaybe(DESTS, PDFDict);
  const nums = structure?.root.lookupMaybe(PARENT_TREE, PDFDict)?.lookupMaybe(NUMS, PDFArray);
  const pagesRef = doc.catalog.get(PAGES);
  if (!structure || !(destsRef instanceof PDFRef) || !dests || !nums || !(pagesRef instanceof PDFRef)) return undefined;
  const kids = structure.document.get(K);
  const names = dests.keys().map(String);
  const shape = [
    doc.context.largestObjectNumber,
    pagesRef,
    destsRef,
    structure.rootRef,
    structure.documentRef,
    nextKey(structure.root),
    kids instanceof PDFArray ? 'array' : 'one',
    names.join('\n'),
  ].join('\0');
  return {
    shape,
    pages: doc.getPageCount(),
    dests: names.length,
    kids: kids instanceof PDFArray ? kids.size() : kids ? 1 : 0,
    nums: nums.size(),
  };
}

/**
 * `joined` (parts joined onto a first part whose shape was `was`) with `first` in that part's place:
 * the file joining `first` and the same later parts would be, object for object (the later parts'
 * objects got the numbers they would get again, as the first part's objects, pages, destination
 * names, structure and their places are the same), without reading and moving every later part
 * again. `joined` is unusable after (its objects are the result's). Undefined when the shapes differ.
 */
export function swapFirst(joined: PDFDocument, was: FirstShape, first: PDFDocument): PDFDocument | undefined {
  const now = firstShape(first);
  if (!now || now.shape !== was.shape || now.pages !== was.pages || now.kids !== was.kids || now.nums !== was.nums)
    return undefined;
  const from = structureOf(joined);
  const to = structureOf(first)!;
  const fromDests = joined.catalog.lookupMaybe(DESTS, PDFDict);
  const fromNums = from?.root.lookupMaybe(PARENT_TREE, PDFDict)?.lookupMaybe(NUMS, PDFArray);
  if (!from || !fromDests || !fromNums) return undefined;
  const home = new Rehome(first.context);
  // The later parts' objects, in the order they were added (pdf-lib's store: an insertion-ordered Map).
  const largest = first.context.largestObjectNumber;
  for (const [ref, object] of (joined.context as unknown as Stored).indirectObjects) {
    if (ref.objectNumber <= largest) continue;
    home.rewrite(object);
    first.context.assign(ref, object);
  }
  const pages = joined.getPages();
  for (let i = was.pages; i < pages.length; i += 1) {
    const { node, ref } = pages[i]!;
    first.addPage(PDFPage.of(node, ref, first));
  }
  const dests = first.catalog.lookup(DESTS, PDFDict);
  for (const [name, value] of fromDests.entries().slice(was.dests)) dests.set(name, home.rewrite(value));
  const kids = asArray(to.document, to.document.get(K));
  const fromKids = asArray(from.document, from.document.get(K));
  for (let i = was.kids; i < fromKids.size(); i += 1) kids.push(home.rewrite(fromKids.get(i)));
  const nums = to.root.lookup(PARENT_TREE, PDFDict).lookup(NUMS, PDFArray);
  for (let i = was.nums; i < fromNums.size(); i += 1) nums.push(home.rewrite(fromNums.get(i)));
  to.root.set(NEXT_KEY, PDFNumber.of(nextKey(from.root)));
  return first;
}

/** pdf-lib's store of a context's objects. */
type Stored = { indirectObjects: Map<PDFRef, PDFObject> };

/** Direct containers made to look references up in another file (their references already its numbers). */
class Rehome {
  constructor(private readonly to: PDFContext) {}

  rewrite<T extends PDFObject>(object: T): T {
    if (object instanceof PDFDict) {
      (object as unknown as { context: PDFContext }).context = this.to;
      for (const [, value] of object.entries()) this.rewrite(value);
    } else if (object instanceof PDFArray) {
      (object as unknown as { context: PDFContext }).context = this.to;
      for (let i = 0; i < object.size(); i += 1) this.rewrite(object.get(i));
    } else if (object instanceof PDFStream) {
      this.rewrite(object.dict);
    }
    return object;
  }
}

/** A pass's parts as joined: the next pass swaps its first part in when the others are the same (PartJoiner). */
export interface JoinedPass {
  joined: PDFDocument;
  keys: string[];
  pages: number[];
  first: FirstShape;
}

/**
 * A pass's parts joined in order as they come (each loaded by the function given with it). After a
 * pass whose parts were joined so (`before`: the measuring pass, its file only read since), a part
 * printed again first (the contents, its page numbers filled in) and the others the same (their
 * keys) are not read and moved again: the first part is swapped into the file joined before
 * (swapFirst). Else the parts held meanwhile are read and joined in their order, as without it.
 */
export class PartJoiner {
  private joined: PDFDocument | undefined;
  private first: FirstShape | undefined;
  private readonly keys: string[] = [];
  private readonly pages: number[] = [];
  /** Later parts the same as before's, not read yet. */
  private held: Array<() => Promise<PDFDocument>> = [];

  constructor(private before?: JoinedPass) {}

  /** Part `key`, loaded by `load` (now or, held, later): resolves to its page count. */
  async add(key: string, load: () => Promise<PDFDocument>): Promise<number> {
    const index = this.keys.push(key) - 1;
    const same = this.before && index > 0 && this.before.keys[index] === key ? this.before.pages[index] : undefined;
    if (same !== undefined && this.held.length === index - 1) {
      this.held.push(load);
      this.pages.push(same);
      return same;
    }
    // (A part not the same as before's: no swap, the file before let go.)
    if (index > 0) await this.release();
    const doc = await load();
    if (index === 0) this.first = firstShape(doc);
    this.joined = this.joined ? joinParts([this.joined, doc]) : doc;
    this.pages.push(doc.getPageCount());
    return doc.getPageCount();
  }

  /** The joined file (the first part swapped in, or every part joined), and the pass as joined. */
  async done(): Promise<{ joined: PDFDocument; pass?: JoinedPass; swapped: boolean }> {
    const { before, held } = this;
    let swapped = false;
    if (before && held.length > 0 && held.length === this.keys.length - 1 && this.keys.length === before.keys.length) {
      const joined = swapFirst(before.joined, before.first, this.joined!);
      if (joined) {
        this.joined = joined;
        this.held = [];
        swapped = true;
      }
    }
    await this.release();
    const { first, joined, keys, pages } = this;
    if (!joined) throw new Error('no part to join');
    return { joined, pass: first ? { joined, keys, pages, first } : undefined, swapped };
  }

  /** The parts held, read and joined in order; the file before let go. */
  private async release(): Promise<void> {
    this.before = undefined;
    const held = this.held;
    this.held = [];
    for (const load of held) this.joined = joinParts([this.joined!, await load()]);
  }
}

// The structure tree of a tagged PDF (ISO 32000-1 14.7), read once and changed in place by the
// PDF/UA repairs (tagging.ts, notes-contents.ts): elements in document order, their kids, and new
// elements wrapped around some kids, with the ParentTree kept naming each content item's element.
import {
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
  type PDFDocument,
  type PDFObject,
} from 'pdf-lib';

export const S = PDFName.of('S');
export const K = PDFName.of('K');
const P = PDFName.of('P');
const PG = PDFName.of('Pg');
const LINK = PDFName.of('Link');
// Names looked up for every element and kid: made once (PDFName.of decodes its argument each call).
const N = {
  Dest: PDFName.of('Dest'),
  A: PDFName.of('A'),
  URI: PDFName.of('URI'),
  D: PDFName.of('D'),
  Type: PDFName.of('Type'),
  OBJR: PDFName.of('OBJR'),
  MCR: PDFName.of('MCR'),
  Obj: PDFName.of('Obj'),
  Subtype: PDFName.of('Subtype'),
  StructParent: PDFName.of('StructParent'),
  MCID: PDFName.of('MCID'),
  StructParents: PDFName.of('StructParents'),
  Nums: PDFName.of('Nums'),
  Kids: PDFName.of('Kids'),
  Names: PDFName.of('Names'),
  ID: PDFName.of('ID'),
  IDTree: PDFName.of('IDTree'),
  ParentTree: PDFName.of('ParentTree'),
};

/** A link's target by its /Dest name: pdf-lib pools names, so each is decoded once per process. */
const DEST_TARGETS = new Map<PDFName, string>();

/** `#name` for a named destination, the URI for a URI action. */
export function targetOf(annot: PDFDict): string | undefined {
  const dest = annot.get(N.Dest);
  if (dest instanceof PDFName) {
    let target = DEST_TARGETS.get(dest);
    if (target === undefined) {
      target = `#${safeDecode(dest.decodeText())}`;
      DEST_TARGETS.set(dest, target);
    }
    return target;
  }
  if (dest instanceof PDFString || dest instanceof PDFHexString) return `#${safeDecode(dest.decodeText())}`;
  const action = annot.lookup(N.A);
  if (!(action instanceof PDFDict)) return undefined;
  const uri = action.lookup(N.URI);
  if (uri instanceof PDFString || uri instanceof PDFHexString) return uri.decodeText();
  const d = action.lookup(N.D);
  if (d instanceof PDFName || d instanceof PDFString || d instanceof PDFHexString)
    return `#${safeDecode(d.decodeText())}`;
  return undefined;
}

function safeDecode(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** Each structure type's text by its name (pooled by pdf-lib: one entry per type). */
const TYPES = new Map<PDFName, string>();

export function typeOf(element: PDFDict): string {
  const s = element.get(S);
  if (!(s instanceof PDFName)) return '';
  let type = TYPES.get(s);
  if (type === undefined) {
    // The name as written, unless it has #xx escapes (decodeText decodes them).
    const raw = s.asString();
    type = raw.includes('#') ? s.decodeText() : raw.slice(1);
    TYPES.set(s, type);
  }
  return type;
}

export function isObjr(dict: PDFDict): boolean {
  return dict.get(N.Type) === N.OBJR;
}

function isMcr(dict: PDFDict): boolean {
  return dict.get(N.Type) === N.MCR;
}

/** A kid of a structure element: an element or MCR/OBJR (dictionaries) or an MCID (a number). */
export type Kid = PDFDict | number;

/** The structure tree, readable and with its ParentTree kept right when content moves. */
export class StructTree {
  private readonly refOf = new Map<PDFDict, PDFRef>();
  private readonly all: PDFDict[] = [];
  private readonly links: Array<[PDFDict, PDFDict]> = [];
  private parentTree: Map<number, PDFArray | PDFRef> | undefined;

  constructor(
    private readonly doc: PDFDocument,
    private readonly root: PDFDict,
  ) {
    const visit = (value: unknown, parent: PDFDict | undefined): void => {
      const node = value instanceof PDFRef ? doc.context.lookup(value) : value;
      if (node instanceof PDFArray) {
        node.asArray().forEach((v) => visit(v, parent));
        return;
      }
      if (!(node instanceof PDFDict)) return;
      if (parent && isObjr(node)) {
        const annot = this.deref(node.get(N.Obj));
        if (annot instanceof PDFDict && annot.get(N.Subtype) === LINK) this.links.push([parent, annot]);
        return;
      }
      if (!this.isElement(node) || this.refOf.has(node)) return;
      if (value instanceof PDFRef) this.refOf.set(node, value);
      this.all.push(node);
      visit(node.get(K), node);
    };
    visit(root.get(K), undefined);
  }

  /** Each link annotation with the element holding it (its OBJR), in document order, as read. */
  linkAnnotations(): ReadonlyArray<readonly [PDFDict, PDFDict]> {
    return this.links;
  }

  elements(): PDFDict[] {
    return [...this.all];
  }

  isElement(dict: PDFDict): boolean {
    return dict.has(S) && !isObjr(dict) && !isMcr(dict);
  }

  kids(element: PDFDict): Kid[] {
    const k = element.get(K);
    const list = k instanceof PDFArray ? k.asArray() : k === undefined ? [] : [k];
    return list.map((v) => {
      if (v instanceof PDFNumber) return v.asNumber();
      const node = v instanceof PDFRef ? this.doc.context.lookup(v) : v;
      return node instanceof PDFDict ? node : -1;
    });
  }

  /** The element `element` stands in (undefined for a top element, whose /P is the root). */
  parentOf(element: PDFDict): PDFDict | undefined {
    const parent = this.deref(element.get(P));
    return parent instanceof PDFDict && this.isElement(parent) ? parent : undefined;
  }

  /** A value, its object if it is a reference (PDFDict's `lookup` spreads arguments on every call). */
  private deref(value: PDFObject | undefined): PDFObject | undefined {
    return value instanceof PDFRef ? this.doc.context.lookup(value) : value;
  }

  /** The first link annotation in `element` (or in the elements in it), in document order. */
  firstLink(element: PDFDict): PDFDict | undefined {
    for (const kid of this.kids(element)) {
      if (!(kid instanceof PDFDict)) continue;
      if (this.isElement(kid)) {
        const found = this.firstLink(kid);
        if (found) return found;
      } else if (isObjr(kid)) {
        const annot = kid.lookup(N.Obj);
        if (annot instanceof PDFDict && annot.get(N.Subtype) === LINK) return annot;
      }
    }
    return undefined;
  }

  /**
   * Give each element its /ID and enter it in the root's IDTree (ISO 32000-1 14.7.2: an ID names one
   * element in the file). Skia's IDs of table header cells (`node00000001`) stay; an ID taken
   * already gets a suffix. The name tree is written flat, its keys in byte order.
   */
  identify(ids: ReadonlyMap<PDFDict, string>): void {
    if (ids.size === 0) return;
    // Each key as written (Skia's literal strings stay the same bytes), by its text.
    const entries = new Map<string, [PDFObject, PDFObject]>();
    // The old tree's objects are read and deleted: left in the file, they would still be written, with
    // Chromium's IDs, which depend on the page's history (a rebuild would not give a cold build's bytes).
    const readNames = (node: unknown): void => {
      const dict = node instanceof PDFRef ? this.doc.context.lookup(node) : node;
      if (node instanceof PDFRef) this.doc.context.delete(node);
      if (!(dict instanceof PDFDict)) return;
      const namesRef = dict.get(N.Names);
      const names = dict.lookup(N.Names);
      if (namesRef instanceof PDFRef) this.doc.context.delete(namesRef);
      if (names instanceof PDFArray)
        for (let i = 0; i + 1 < names.size(); i += 2) {
          const key = names.lookup(i);
          if (key instanceof PDFString || key instanceof PDFHexString)
            entries.set(key.decodeText(), [key, names.get(i + 1)]);
        }
      const kids = dict.lookup(N.Kids);
      if (kids instanceof PDFArray) kids.asArray().forEach(readNames);
    };
    readNames(this.root.get(N.IDTree));
    for (const [element, name] of ids) {
      // A byte string: ASCII whatever the HTML id's letters, and nothing a literal string escapes.
      const wanted = encodeURIComponent(name).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      );
      let id = wanted;
      for (let n = 2; entries.has(id); n += 1) id = `${wanted}-${n}`;
      const ref = this.refOf.get(element);
      if (!ref) continue;
      const key = PDFString.of(id);
      element.set(N.ID, key);
      entries.set(id, [key, ref]);
    }
    const names = [...entries.keys()].sort(byBytes).flatMap((id) => entries.get(id)!);
    this.root.set(N.IDTree, this.doc.context.obj({ Names: names }));
  }

  /** Put `moved` (kids of `parent`, in order) into a new element of `type` where the first of them stood. */
  wrap(parent: PDFDict, moved: Kid[], type: string): PDFDict {
    const context = this.doc.context;
    const parentRef = this.refOf.get(parent)!;
    const k = parent.get(K);
    const raw = k instanceof PDFArray ? k.asArray() : k === undefined ? [] : [k];
    const resolved = this.kids(parent);
    const page = parent.get(PG);
    const element = context.obj({ S: type, P: parentRef });
    if (page) element.set(PG, page);
    const ref = context.register(element);
    this.refOf.set(element, ref);
    this.all.push(element);
    const inner: unknown[] = [];
    const outer: unknown[] = [];
    let placed = false;
    raw.forEach((value, i) => {
      const kid = resolved[i]!;
      if (!moved.includes(kid)) {
        outer.push(value);
        return;
      }
      if (!placed) outer.push(ref);
      placed = true;
      inner.push(this.moveKid(value, kid, parent, element, ref));
    });
    element.set(K, context.obj(inner as never));
    parent.set(K, outer.length === 1 ? (outer[0] as PDFRef) : context.obj(outer as never));
    return element;
  }

  /** Move the element `kid` of `from` to the front of `to`'s kids. */
  moveFirst(kid: PDFDict, from: PDFDict, to: PDFDict): void {
    const context = this.doc.context;
    const kidRef = this.refOf.get(kid);
    if (!kidRef) return;
    const k = from.get(K);
    const rest = (k instanceof PDFArray ? k.asArray() : k === undefined ? [] : [k]).filter((v) => v !== kidRef);
    from.set(K, context.obj(rest as never));
    const t = to.get(K);
    const kids = t instanceof PDFArray ? t.asArray() : t === undefined ? [] : [t];
    to.set(K, context.obj([kidRef, ...kids] as never));
    kid.set(P, this.refOf.get(to)!);
  }

  /** A kid moved from `from` to `to`: its /P or its ParentTree entry now names `to`. */
  private moveKid(value: unknown, kid: Kid, from: PDFDict, to: PDFDict, toRef: PDFRef): unknown {
    const fromRef = this.refOf.get(from)!;
    if (typeof kid === 'number') {
      // An MCID on the parent's page: the page's ParentTree array names its element.
      this.repoint(from.get(PG), kid, fromRef, toRef);
      return value;
    }
    if (this.isElement(kid)) {
      kid.set(P, toRef);
      return value;
    }
    if (isObjr(kid)) {
      const annot = kid.lookup(N.Obj);
      const key = annot instanceof PDFDict ? annot.get(N.StructParent) : undefined;
      if (key instanceof PDFNumber) this.setParentEntry(key.asNumber(), toRef);
      return value;
    }
    // MCR: an MCID on the page it names.
    const mcid = kid.get(N.MCID);
    if (mcid instanceof PDFNumber) this.repoint(kid.get(PG) ?? from.get(PG), mcid.asNumber(), fromRef, toRef);
    void to;
    return value;
  }

  private repoint(pageRef: unknown, mcid: number, fromRef: PDFRef, toRef: PDFRef): void {
    const page = pageRef instanceof PDFRef ? this.doc.context.lookup(pageRef) : undefined;
    const key = page instanceof PDFDict ? page.get(N.StructParents) : undefined;
    if (!(key instanceof PDFNumber)) return;
    const entry = this.parentEntries().get(key.asNumber());
    const array = entry instanceof PDFRef ? this.doc.context.lookup(entry) : entry;
    if (array instanceof PDFArray && array.get(mcid) === fromRef) array.set(mcid, toRef);
  }

  private setParentEntry(key: number, toRef: PDFRef): void {
    const nums = this.numsHolding(key);
    if (!nums) return;
    for (let i = 0; i + 1 < nums.size(); i += 2) {
      const n = nums.get(i);
      if (n instanceof PDFNumber && n.asNumber() === key) nums.set(i + 1, toRef);
    }
  }

  /** The ParentTree flattened: key → the element (annotations) or array of elements (pages). */
  private parentEntries(): Map<number, PDFArray | PDFRef> {
    if (this.parentTree) return this.parentTree;
    const entries = new Map<number, PDFArray | PDFRef>();
    this.walkNums((nums) => {
      for (let i = 0; i + 1 < nums.size(); i += 2) {
        const n = nums.get(i);
        const v = nums.get(i + 1);
        if (n instanceof PDFNumber && (v instanceof PDFArray || v instanceof PDFRef)) entries.set(n.asNumber(), v);
      }
    });
    this.parentTree = entries;
    return entries;
  }

  private numsHolding(key: number): PDFArray | undefined {
    let found: PDFArray | undefined;
    this.walkNums((nums) => {
      for (let i = 0; i < nums.size(); i += 2) {
        const n = nums.get(i);
        if (n instanceof PDFNumber && n.asNumber() === key) found = nums;
      }
    });
    return found;
  }

  private walkNums(each: (nums: PDFArray) => void): void {
    const walk = (node: unknown): void => {
      const dict = node instanceof PDFRef ? this.doc.context.lookup(node) : node;
      if (!(dict instanceof PDFDict)) return;
      const nums = dict.lookup(N.Nums);
      if (nums instanceof PDFArray) each(nums);
      const kids = dict.lookup(N.Kids);
      if (kids instanceof PDFArray) kids.asArray().forEach(walk);
    };
    walk(this.root.get(N.ParentTree));
  }
}

/** Name tree keys in byte order (ours are ASCII, Skia's too). */
function byBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

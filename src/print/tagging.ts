// What Chromium's structure tree lacks for PDF/UA-1 (ISO 14289-1) and PDF/A-2a, repaired in place:
// - PDF 2.0 structure types (Em, Strong, …) mapped to PDF 1.7 ones in a RoleMap (7.1);
// - a link annotation whose element is not Link (`role="doc-noteref"`/`doc-backlink` make Chromium
//   write NonStruct) gets a Link element (7.18.5), and every link a /Contents: the HTML's own label
//   or text, asked of the print page (7.18.1);
// - list items: Chromium writes LI with its content directly under it; PDF wants Lbl and LBody (7.2),
//   so each LI's content goes into an LBody, and what stands directly in an L becomes an LI;
// - a `<figure>` around an image or a table is a Figure without Alt around the image's own Figure (or
//   the Table) and a Caption: it becomes a Div, and a table's Caption moves into the Table (7.3).
// Elements keep their identity; where content items move to a new element, the ParentTree follows.
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFDocument } from 'pdf-lib';

const S = PDFName.of('S');
const K = PDFName.of('K');
const P = PDFName.of('P');
const PG = PDFName.of('Pg');

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

/** href (`#id` for a place in the edition, else the absolute URL) → the link's label in the HTML. */
export type LinkLabels = ReadonlyMap<string, string>;

export interface TaggingReport {
  roles: number;
  links: number;
  contents: number;
  listItems: number;
  figures: number;
}

export function repairStructure(doc: PDFDocument, labels: LinkLabels): TaggingReport {
  const report: TaggingReport = { roles: 0, links: 0, contents: 0, listItems: 0, figures: 0 };
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) return report;
  const tree = new StructTree(doc, root);
  report.roles = mapRoles(doc, root, tree);
  for (const element of tree.elements()) {
    if (typeOf(element) === 'L') report.listItems += repairList(tree, element);
    else if (typeOf(element) === 'Figure') report.figures += repairFigure(tree, element);
  }
  for (const element of tree.elements()) {
    for (const kid of tree.kids(element)) {
      const annot = kid instanceof PDFDict && isObjr(kid) ? kid.lookup(PDFName.of('Obj')) : undefined;
      if (!(annot instanceof PDFDict) || annot.get(PDFName.of('Subtype')) !== PDFName.of('Link')) continue;
      if (typeOf(element) !== 'Link') {
        element.set(S, PDFName.of('Link'));
        report.links += 1;
      }
      if (!annot.has(PDFName.of('Contents'))) {
        annot.set(PDFName.of('Contents'), PDFHexString.fromText(labelOf(annot, labels)));
        report.contents += 1;
      }
    }
  }
  return report;
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

/** L > LI > (Lbl | LBody): renames the items Chromium left as NonStruct, puts their content in an LBody. */
function repairList(tree: StructTree, list: PDFDict): number {
  let repaired = 0;
  for (const kid of tree.kids(list)) {
    if (!(kid instanceof PDFDict) || !tree.isElement(kid)) continue;
    const type = typeOf(kid);
    if (LIST_KIDS.has(type)) continue;
    if (type === 'NonStruct' || type === 'Div') kid.set(S, PDFName.of('LI'));
    else tree.wrap(list, [kid], 'LI');
    repaired += 1;
  }
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
  figure.set(S, PDFName.of('Div'));
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

/** `#name` for a named destination, the URI for a URI action. */
function targetOf(annot: PDFDict): string | undefined {
  const dest = annot.get(PDFName.of('Dest'));
  if (dest instanceof PDFName) return `#${safeDecode(dest.decodeText())}`;
  if (dest instanceof PDFString || dest instanceof PDFHexString) return `#${safeDecode(dest.decodeText())}`;
  const action = annot.lookup(PDFName.of('A'));
  if (!(action instanceof PDFDict)) return undefined;
  const uri = action.lookup(PDFName.of('URI'));
  if (uri instanceof PDFString || uri instanceof PDFHexString) return uri.decodeText();
  const d = action.lookup(PDFName.of('D'));
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

function typeOf(element: PDFDict): string {
  const s = element.get(S);
  return s instanceof PDFName ? s.decodeText() : '';
}

function isObjr(dict: PDFDict): boolean {
  return dict.get(PDFName.of('Type')) === PDFName.of('OBJR');
}

function isMcr(dict: PDFDict): boolean {
  return dict.get(PDFName.of('Type')) === PDFName.of('MCR');
}

/** A kid of a structure element: an element or MCR/OBJR (dictionaries) or an MCID (a number). */
type Kid = PDFDict | number;

/** The structure tree, readable and with its ParentTree kept right when content moves. */
class StructTree {
  private readonly refOf = new Map<PDFDict, PDFRef>();
  private readonly all: PDFDict[] = [];
  private parentTree: Map<number, PDFArray | PDFRef> | undefined;

  constructor(
    private readonly doc: PDFDocument,
    private readonly root: PDFDict,
  ) {
    const visit = (value: unknown, ref?: PDFRef): void => {
      const node = value instanceof PDFRef ? doc.context.lookup(value) : value;
      if (node instanceof PDFArray) {
        node.asArray().forEach((v) => visit(v));
        return;
      }
      if (!(node instanceof PDFDict) || !this.isElement(node) || this.refOf.has(node)) return;
      if (value instanceof PDFRef) this.refOf.set(node, value);
      else if (ref) this.refOf.set(node, ref);
      this.all.push(node);
      visit(node.get(K));
    };
    visit(root.get(K));
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
      const annot = kid.lookup(PDFName.of('Obj'));
      const key = annot instanceof PDFDict ? annot.get(PDFName.of('StructParent')) : undefined;
      if (key instanceof PDFNumber) this.setParentEntry(key.asNumber(), toRef);
      return value;
    }
    // MCR: an MCID on the page it names.
    const mcid = kid.get(PDFName.of('MCID'));
    if (mcid instanceof PDFNumber) this.repoint(kid.get(PG) ?? from.get(PG), mcid.asNumber(), fromRef, toRef);
    void to;
    return value;
  }

  private repoint(pageRef: unknown, mcid: number, fromRef: PDFRef, toRef: PDFRef): void {
    const page = pageRef instanceof PDFRef ? this.doc.context.lookup(pageRef) : undefined;
    const key = page instanceof PDFDict ? page.get(PDFName.of('StructParents')) : undefined;
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
      const nums = dict.lookup(PDFName.of('Nums'));
      if (nums instanceof PDFArray) each(nums);
      const kids = dict.lookup(PDFName.of('Kids'));
      if (kids instanceof PDFArray) kids.asArray().forEach(walk);
    };
    walk(this.root.get(PDFName.of('ParentTree')));
  }
}

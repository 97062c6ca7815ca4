// Chromium names each tagged-PDF structure element after its DOM node (`/ID (node00000169)`), and
// those numbers depend on the page's history (how many nodes were made before: a measuring pass,
// filled-in page numbers). Renumber them in document order so the same edition gives the same bytes
// however it was printed. Table cells refer to header cells by these IDs (`/Headers`): remapped too.
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, type PDFObject } from 'pdf-lib';

const ID = PDFName.of('ID');
const HEADERS = PDFName.of('Headers');
const ATTRIBUTES = PDFName.of('A');
const S = PDFName.of('S');
const P = PDFName.of('P');

export function normalizeStructureIds(doc: PDFDocument): number {
  // (enumerateIndirectObjects gives them by object number.)
  const indirect = doc.context
    .enumerateIndirectObjects()
    .filter(
      (entry): entry is [PDFRef, PDFDict] =>
        entry[1] instanceof PDFDict && entry[1].get(S) !== undefined && entry[1].get(P) !== undefined,
    );
  const elements = indirect.map(([, element]) => element);
  const renamed = new Map<string, string>();
  const idTree: Array<PDFString | PDFRef> = [];
  for (const [ref, element] of indirect) {
    const id = textOf(element.get(ID));
    if (id === undefined) continue;
    const next = `node${String(renamed.size + 1).padStart(8, '0')}`;
    renamed.set(id, next);
    element.set(ID, PDFString.of(next));
    idTree.push(PDFString.of(next), ref);
  }
  // The structure tree's IDTree maps IDs to elements: one leaf with the new names, in order.
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (root && idTree.length > 0) {
    deleteNameTree(doc, root.get(PDFName.of('IDTree')));
    root.set(PDFName.of('IDTree'), doc.context.obj({ Names: idTree }));
  }
  for (const element of elements) {
    const attributes = lookup(doc, element.get(ATTRIBUTES));
    const dicts =
      attributes instanceof PDFArray ? attributes.asArray().map((a) => doc.context.lookup(a)) : [attributes];
    for (const dict of dicts) {
      if (!(dict instanceof PDFDict)) continue;
      const headers = dict.lookup(HEADERS);
      if (!(headers instanceof PDFArray)) continue;
      for (let i = 0; i < headers.size(); i += 1) {
        const old = textOf(headers.get(i));
        const next = old === undefined ? undefined : renamed.get(old);
        if (next) headers.set(i, PDFString.of(next));
      }
    }
  }
  return renamed.size;
}

/** Drop an old name tree's objects, which would otherwise still be written (with the old names). */
function deleteNameTree(doc: PDFDocument, node: unknown): void {
  if (!(node instanceof PDFRef)) return;
  const dict = doc.context.lookup(node);
  if (dict instanceof PDFDict) {
    const kids = dict.get(PDFName.of('Kids'));
    if (kids instanceof PDFArray) kids.asArray().forEach((kid) => deleteNameTree(doc, kid));
  }
  doc.context.delete(node);
}

/** A value, its object if it is a reference (PDFDict's `lookup` spreads arguments on every call). */
function lookup(doc: PDFDocument, value: PDFObject | undefined): PDFObject | undefined {
  return value instanceof PDFRef ? doc.context.lookup(value) : value;
}

/** Printable ASCII without escapes: the text a literal string decodes to is its own (one per element). */
const PLAIN = /^[ -[\]-~]*$/;

function textOf(value: unknown): string | undefined {
  if (value instanceof PDFString && PLAIN.test(value.asString())) return value.asString();
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;
}

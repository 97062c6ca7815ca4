// Read where Chromium put each heading: `<a href="#id">` targets become named destinations
// (/Dests in the catalog, names percent-encoded) pointing at a page object.
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef, PDFString, PDFHexString } from 'pdf-lib';

export interface Destination {
  /** Physical page number, 1-based. */
  page: number;
  /** The explicit destination array ([page /XYZ left top zoom]), reusable for outline entries. */
  target: PDFArray;
  /** The top of the target on its page (PDF units from the page's bottom), when the array gives it. */
  top?: number;
}

const D = PDFName.of('D');

/** Every named destination in the PDF, by its (decoded) name. */
export function readDestinations(doc: PDFDocument): Map<string, Destination> {
  const pageIndex = new Map<string, number>();
  doc.getPages().forEach((page, i) => pageIndex.set(page.ref.toString(), i + 1));
  const result = new Map<string, Destination>();
  const add = (rawName: string, value: unknown) => {
    let target = value;
    if (target instanceof PDFRef) target = doc.context.lookup(target);
    if (target instanceof PDFDict) target = target.lookup(D);
    if (!(target instanceof PDFArray)) return;
    const pageRef = target.get(0);
    const page = pageRef instanceof PDFRef ? pageIndex.get(pageRef.toString()) : undefined;
    const top = target.get(3);
    if (page !== undefined)
      result.set(safeDecode(rawName), { page, target, top: top instanceof PDFNumber ? top.asNumber() : undefined });
  };
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (dests) {
    for (const [name, value] of dests.entries()) add(nameText(name), value);
  }
  // PDF 1.2+ name tree, in case a future Chromium writes destinations there.
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (names) walkNameTree(names, add);
  return result;
}

function walkNameTree(node: PDFDict, add: (name: string, value: unknown) => void): void {
  const pairs = node.lookupMaybe(PDFName.of('Names'), PDFArray);
  if (pairs) {
    for (let i = 0; i + 1 < pairs.size(); i += 2) {
      const key = pairs.lookup(i);
      if (key instanceof PDFString || key instanceof PDFHexString) add(key.decodeText(), pairs.lookup(i + 1));
    }
  }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
  if (kids) for (let i = 0; i < kids.size(); i += 1) walkNameTree(kids.lookup(i, PDFDict), add);
}

/**
 * `name.decodeText()`, without its byte-by-byte decoding when the name has no #xx escape: then every
 * character of it is a printable ASCII one (pdf-lib escapes any other), which decodes to itself.
 * (20 × the review: ~12,000 destinations, read and then sorted out, ~50 ms.)
 */
export function nameText(name: PDFName): string {
  const raw = name.asString();
  return raw.includes('#') ? name.decodeText() : raw.slice(1);
}

function safeDecode(name: string): string {
  // (Without a %, a name decodes to itself.)
  if (!name.includes('%')) return name;
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/**
 * Remove the named destinations whose names start with `prefix` (the layout check's markers): they
 * served the measurement, not the reader. Chromium writes them in the catalog's /Dests dictionary,
 * in an order that depends on every destination it wrote: the rest are put back in name order, so
 * a print with fewer markers (lean-marks.ts) gives the same bytes.
 */
export function removeDestinations(doc: PDFDocument, prefix: string): void {
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (!dests) return;
  const entries = dests.entries();
  for (const [name] of entries) dests.delete(name);
  const kept = entries
    .filter(([name]) => !safeDecode(nameText(name)).startsWith(prefix))
    .sort(([a], [b]) => (a.asString() < b.asString() ? -1 : a.asString() > b.asString() ? 1 : 0));
  for (const [name, value] of kept) dests.set(name, value);
}

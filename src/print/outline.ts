// The PDF outline (bookmarks), written by us from the edition's contents: Chromium's own outline
// (`outline: true`) titles entries with run-together text of the heading and the margin boxes.
import { PDFArray, PDFDocument, PDFName, PDFNumber, PDFRef } from 'pdf-lib';
import { utf16Hex } from './tagging.js';

export interface OutlineEntry {
  title: string;
  /** Named destination (heading id) the entry opens. */
  id: string;
  children: OutlineEntry[];
}

// The names of an entry, made once (PDFName.of decodes its argument each call: 20 × the review has
// ~2,000 entries; with PDFHexString.fromText, ~20 ms of every build's finishing).
const TITLE = PDFName.of('Title');
const PARENT = PDFName.of('Parent');
const DEST = PDFName.of('Dest');
const PREV = PDFName.of('Prev');
const NEXT = PDFName.of('Next');
const FIRST = PDFName.of('First');
const LAST = PDFName.of('Last');
const COUNT = PDFName.of('Count');

/** Replace the document's outline with `entries`; entries whose destination is missing are skipped. */
export function writeOutline(doc: PDFDocument, entries: OutlineEntry[], destinations: Map<string, PDFArray>): void {
  const context = doc.context;
  const rootRef = context.nextRef();
  const build = (items: OutlineEntry[], parent: PDFRef): { first?: PDFRef; last?: PDFRef; count: number } => {
    const present = items.filter((item) => destinations.has(item.id));
    const refs = present.map(() => context.nextRef());
    let count = 0;
    present.forEach((item, i) => {
      const dict = context.obj({});
      dict.set(TITLE, utf16Hex(item.title));
      dict.set(PARENT, parent);
      dict.set(DEST, destinations.get(item.id)!);
      if (i > 0) dict.set(PREV, refs[i - 1]!);
      if (i < refs.length - 1) dict.set(NEXT, refs[i + 1]!);
      const kids = build(item.children, refs[i]!);
      if (kids.first && kids.last) {
        dict.set(FIRST, kids.first);
        dict.set(LAST, kids.last);
        // Positive count: the entry opens expanded.
        dict.set(COUNT, PDFNumber.of(kids.count));
      }
      count += 1 + kids.count;
      context.assign(refs[i]!, dict);
    });
    return { first: refs[0], last: refs.at(-1), count };
  };
  const top = build(entries, rootRef);
  const root = context.obj({ Type: 'Outlines' });
  if (top.first && top.last) {
    root.set(PDFName.of('First'), top.first);
    root.set(PDFName.of('Last'), top.last);
    root.set(PDFName.of('Count'), PDFNumber.of(top.count));
  }
  context.assign(rootRef, root);
  doc.catalog.set(PDFName.of('Outlines'), rootRef);
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}

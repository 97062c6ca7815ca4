// A font subset's name is a six-letter tag, '+' and the font's name; ISO 32000-1 (9.6.4) asks that
// different subsets of one font get different tags. Skia numbers its subsets per print, so the
// running heads, printed apart and stamped in (pages.ts), bring a second "AAAAAA+PTSans-Regular"
// with other glyphs: a reader that takes the name for the font may draw one subset's glyphs with the
// other's. Each later subset of a name gets the next free tag, in its descriptor and its fonts.
import { PDFArray, PDFDict, PDFName, type PDFDocument, type PDFObject, type PDFRef } from 'pdf-lib';

/** pdf-lib's store of a context's objects (enumerateIndirectObjects copies and sorts it). */
type Stored = { indirectObjects: Map<PDFRef, PDFObject> };

const TAGGED = /^([A-Z]{6})\+(.+)$/;
const TYPE = PDFName.of('Type');
const FONT_NAME = PDFName.of('FontName');
const BASE_FONT = PDFName.of('BaseFont');
const DESCRIPTOR = PDFName.of('FontDescriptor');
const DESCENDANTS = PDFName.of('DescendantFonts');
const FONT = PDFName.of('Font');

/** The n-th tag in Skia's order: AAAAAA, BAAAAA, … (the first letter counts fastest). */
function tagOf(n: number): string {
  let tag = '';
  for (let i = 0; i < 6; i += 1, n = Math.floor(n / 26)) tag += String.fromCharCode(65 + (n % 26));
  return tag;
}

/** Give every font subset whose tagged name another subset has already a tag of its own; how many. */
export function uniqueSubsetNames(doc: PDFDocument): number {
  // Every dictionary as stored (fonts are renamed in any order), the descriptors by object number
  // (the order their tags are given in): not all 40,000 objects of a long edition sorted.
  const dicts: PDFDict[] = [];
  const numbered: Array<[number, PDFDict]> = [];
  for (const [ref, object] of (doc.context as unknown as Stored).indirectObjects) {
    if (!(object instanceof PDFDict)) continue;
    dicts.push(object);
    if (object.get(TYPE) === DESCRIPTOR) numbered.push([ref.objectNumber, object]);
  }
  const descriptors = numbered.sort((a, b) => a[0] - b[0]).map(([, d]) => d);
  const used = new Set<string>();
  const names = new Set<string>();
  for (const d of descriptors) {
    const m = TAGGED.exec(d.get(FONT_NAME)?.toString().slice(1) ?? '');
    if (m) used.add(m[1]!);
  }
  // Which descriptor each font (a simple font or a CIDFont) names, and each Type0 font's CIDFont.
  const descriptorOf = (font: PDFDict): PDFDict | undefined =>
    font.lookupMaybe(DESCRIPTOR, PDFDict) ??
    font.lookupMaybe(DESCENDANTS, PDFArray)?.lookupMaybe(0, PDFDict)?.lookupMaybe(DESCRIPTOR, PDFDict);
  const renamed = new Map<PDFDict, string>();
  let next = 0;
  for (const d of descriptors) {
    const name = d.get(FONT_NAME)?.toString().slice(1) ?? '';
    const m = TAGGED.exec(name);
    if (!m) continue;
    if (!names.has(name)) {
      names.add(name);
      continue;
    }
    while (used.has(tagOf(next))) next += 1;
    const tag = tagOf(next);
    used.add(tag);
    const fresh = `${tag}+${m[2]!}`;
    names.add(fresh);
    d.set(FONT_NAME, PDFName.of(fresh));
    renamed.set(d, fresh);
  }
  if (renamed.size === 0) return 0;
  for (const font of dicts) {
    if (font.get(TYPE) !== FONT) continue;
    const descriptor = descriptorOf(font);
    const fresh = descriptor && renamed.get(descriptor);
    if (fresh) font.set(BASE_FONT, PDFName.of(fresh));
  }
  return renamed.size;
}

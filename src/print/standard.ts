// What the standards a PDF edition is made to meet (config/pdf-standard.ts) ask of the finished file
// beyond Chromium's tagged print. Identification goes into the XMP (metadata.ts); here the sRGB
// OutputIntent (PDF/A), the structure repairs (tagging.ts) and the artifacts (artifacts.ts).
import { deflateSync } from 'node:zlib';
import { PDFName, PDFRawStream, PDFString, type PDFDocument } from 'pdf-lib';
import { srgbProfile, SRGB_NAME } from './icc.js';
import { repairStructure } from './tagging.js';
import type { StructureHints } from './structure-hints.js';
import { markUntaggedArtifacts, type StreamMemo } from './artifacts.js';
import { keepStreams, lastStreams } from './artifact-cache.js';
import type { PdfStandard } from '../config/pdf-standard.js';

/** Whether the structure tree and the content streams must be complete (every page object tagged or an artifact). */
export function needsTagging(standard: PdfStandard): boolean {
  return standard.ua !== undefined || standard.a === 'a';
}

/**
 * Make `doc` meet `standard` (the XMP identification is written by finalizePdf). `hints`: what the
 * print page said of its links and list items (structure-hints.ts), for the structure repairs; `pdf`: the file's path, naming what the last
 * build of it kept (artifact-cache.ts). The content streams are deflated in the thread pool: start
 * this while the browser still works (see pdf.ts), await it before saving.
 */
export async function conform(
  doc: PDFDocument,
  standard: PdfStandard,
  hints: StructureHints,
  pdf?: string,
  seen?: StreamMemo,
): Promise<void> {
  if (standard.a) addOutputIntent(doc);
  const tagging = needsTagging(standard);
  // What the last build of this PDF made of the same streams (artifact-cache.ts), and `seen`: what
  // this build's parts' streams became, read while Chromium printed the parts after them (pdf.ts).
  const last = pdf ? lastStreams(pdf) : new Map<string, Uint8Array | null>();
  const known = seen ? new Map([...last, ...seen]) : last;
  const found: StreamMemo = new Map();
  // Line ends are read right whatever the standard (line-ends.ts); artifacts only for tagging.
  const artifacts = markUntaggedArtifacts(doc, known, found, { artifacts: tagging });
  if (tagging) repairStructure(doc, hints);
  await artifacts;
  if (pdf) keepStreams(pdf, found, last);
}

let deflatedProfile: Uint8Array | undefined;

/** An sRGB OutputIntent: the device-independent meaning of the DeviceRGB colours Chromium writes. */
function addOutputIntent(doc: PDFDocument): void {
  const context = doc.context;
  deflatedProfile ??= deflateSync(srgbProfile());
  // Deflated by node's zlib (pdf-lib's flateStream would load and run pako's, ~10 ms cold).
  const profile = PDFRawStream.of(context.obj({ N: 3, Filter: 'FlateDecode' }), deflatedProfile);
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of(SRGB_NAME),
    Info: PDFString.of(SRGB_NAME),
    DestOutputProfile: context.register(profile),
  });
  doc.catalog.set(PDFName.of('OutputIntents'), context.obj([context.register(intent)]));
}

// The PDF side of printing, with pdf-lib: read destinations, write the outline, normalize, set the
// document info. pdf.ts loads this module lazily, while Chromium lays out the first print, instead of
// before the browser could start (bundled, pdf-lib loads in ~0.06 s; as CommonJS it took ~0.2 s).
import type { PDFDocument } from 'pdf-lib';
import { readPdf } from './pdf-reader.js';

export { readDestinations, removeDestinations } from './destinations.js';
export { writeOutline } from './outline.js';
export { normalizeStructureIds } from './normalize.js';
export { finalizePdf } from './metadata.js';
export { writePdf } from './pdf-writer.js';
export { conform, needsTagging } from './standard.js';
export { markUntaggedArtifacts } from './artifacts.js';
export { streamsKept, readStreamsAhead } from './artifact-cache.js';
export { joinParts, PartJoiner } from './join.js';
export { uniqueSubsetNames } from './font-names.js';

/** A PDF Chromium printed, read (pdf-reader.ts: pdf-lib's objects, read faster). */
export function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  return readPdf(bytes);
}

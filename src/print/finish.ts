// The PDF side of printing, with pdf-lib: read destinations, write the outline, normalize, set the
// document info. pdf.ts loads this module lazily, while Chromium lays out the first print, instead of
// before the browser could start (bundled, pdf-lib loads in ~0.06 s; as CommonJS it took ~0.2 s).
import { ParseSpeeds, PDFDocument } from 'pdf-lib';
import { readDestinations } from './destinations.js';
import { readRegularFile } from '../cache.js';

export { readDestinations, removeDestinations } from './destinations.js';
export { writeOutline } from './outline.js';
export { normalizeStructureIds } from './normalize.js';
export { finalizePdf } from './metadata.js';
export { conform } from './standard.js';
export { joinParts } from './join.js';

export function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  // Fastest: parse in one go. The default yields to the event loop every 100 objects (a timer each).
  return PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
}

/** Larger earlier PDFs are not read to warm up (their parse would outlast a print). */
const WARM_UP_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Parse the edition's previous PDF once and forget it, while Chromium prints: the parser's code runs
 * cold in a fresh process (a 50-page PDF took 0.15 s to read the first time, 0.03 s the next time,
 * measured), and this process has nothing else to do until the print comes back. No earlier PDF, or
 * one that does not read: nothing is done (the real read reports real problems).
 */
export async function warmUp(previous: string): Promise<void> {
  const bytes = readRegularFile(previous, WARM_UP_MAX_BYTES);
  if (!bytes?.length) return;
  try {
    readDestinations(await loadPdf(bytes));
  } catch {
    // not ours to judge: the file is about to be replaced
  }
}

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

/** Reads that bring the parser's code to V8's optimizing tiers (measured on the review: ~125 ms for
 * each of the first two parses of a fresh process, ~45 ms for the third). */
const WARM_UP_READS = 2;

/**
 * Parse the edition's previous PDF and forget it, while Chromium prints: the parser's code runs cold
 * in a fresh process, and this process has nothing else to do until the print comes back. Read up
 * to WARM_UP_READS times, never once `printed()` says the print is back (the real read goes first).
 * No earlier PDF, or one that does not read: nothing is done (the real read reports real problems).
 */
export async function warmUp(previous: string, printed: () => boolean = () => false): Promise<void> {
  const bytes = readRegularFile(previous, WARM_UP_MAX_BYTES);
  if (!bytes?.length) return;
  try {
    for (let read = 0; read < WARM_UP_READS && !printed(); read += 1) {
      readDestinations(await loadPdf(bytes));
      // A turn of the event loop: the print's answer is taken in before the next read starts.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch {
    // not ours to judge: the file is about to be replaced
  }
}

// A draft's part printed afresh, as a PDF of its own with its running heads stamped on: the dev
// print view sends it to the reader's browser as soon as Chromium has printed it, before the
// edition's parts are joined and the whole draft is finished (20 × the review: joining 91 parts and
// finishing 964 pages is ~0.5 s of this process after the one part an edit prints).
import type { PrintedHeads } from './pages.js';
import { stampHeads } from './pages.js';
import type { PrintedPart } from './parts.js';

/** A part's pages as they will be in the draft: its first page in the edition, its page count, its key, its PDF. */
export interface EarlyPart extends PrintedPart {
  pdf: Uint8Array;
}

type Finish = typeof import('./finish.js');

/** The part's PDF with the heads of its pages stamped on, as the joined draft's pages get them. */
export async function earlyPart(
  finish: Finish,
  part: PrintedPart,
  pdf: Uint8Array,
  heads: PrintedHeads,
): Promise<EarlyPart> {
  const doc = await finish.loadPdf(pdf);
  await stampHeads(doc, heads, part.first);
  return { ...part, pdf: await finish.writePdf(doc) };
}

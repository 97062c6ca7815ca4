// Chromium tags what the DOM's accessibility tree holds and leaves the rest of a page unmarked: the
// folios of CSS page-margin boxes, background images such as the contents leaders. PDF/UA (7.1) wants
// every painted thing either tagged or an Artifact, so each unmarked graphics object (a text object, a
// painted path, an XObject, a shading, an inline image) outside any marked-content sequence is wrapped
// in `/Artifact BMC … EMC`; unmarked text in the top or bottom margin (the folios) as a Pagination
// artifact, Header or Footer (ISO 32000-1, 14.8.2.2). Only the pages that have such content are
// rewritten (node's zlib: pdf-lib would deflate with pako, several times slower).
import { createHash } from 'node:crypto';
import { deflate, inflateSync } from 'node:zlib';
import { promisify } from 'node:util';
import { PDFArray, PDFName, PDFRawStream, PDFRef, type PDFDocument, type PDFPage } from 'pdf-lib';
import {
  BEGIN,
  END,
  GLYPH_BEFORE,
  JOINED_SPAN,
  MARGIN_SHARE,
  MARK_RUN,
  PAGINATION,
  SKIPPED_TOKENS,
  SPAN_RUN,
  markedText,
  replaceMarkRuns,
  rewriteLineEnds,
  scanOperations,
  textPlaces,
  unmarkedObjects,
  withoutJoiner,
  wrap,
} from './stream-marks.js';

export { paginationMarked, rewriteLineEnds, scanOperations, textPlaces, unmarkedObjects } from './stream-marks.js';

const deflateAsync = promisify(deflate);

/** What each content stream became, by streamKey: its new deflated bytes, or null (nothing to wrap). */
export type StreamMemo = Map<string, Uint8Array | null>;

/**
 * Wrap every page's unmarked painting in Artifact sequences; resolves to how many streams were
 * rewritten (`rewrite: false`: only read, into `found`, for a PDF the same streams go into later). Each stream is read in one pass that keeps nothing but what it wraps; the rewritten ones
 * are deflated in libuv's thread pool (node's async zlib), so that the main thread goes on meanwhile
 * (deflating was about half the step's cost: 45 of 85 ms for the review, measured). `known`: what
 * streams of these very bytes became before (a rebuild's unchanged pages are not read again);
 * `found` receives what every stream became now.
 */
export async function markUntaggedArtifacts(
  doc: PDFDocument,
  known: ReadonlyMap<string, Uint8Array | null> = new Map(),
  found: StreamMemo = new Map(),
  { artifacts = true, rewrite = true }: { artifacts?: boolean; rewrite?: boolean } = {},
): Promise<number> {
  let rewritten = 0;
  const mark = async (s: PageStream) => {
    const key = streamKey(s);
    const before = known.get(key);
    const after = before === undefined ? await markStream(s) : before;
    found.set(key, after);
    if (after && rewrite) replace(doc, s, after);
    if (after) rewritten += 1;
  };
  // A few streams in the thread pool at a time, the next one read meanwhile: all at once, every
  // page's inflated text waited for the pool together (20 × the review: this process grew from
  // ~250 to ~700 MB).
  const deflating = new Set<Promise<void>>();
  for (const s of doc.getPages().flatMap((page) => contentStreams(doc, page, artifacts))) {
    const marked = mark(s).finally(() => deflating.delete(marked));
    deflating.add(marked);
    if (deflating.size >= STREAMS_AT_ONCE) await Promise.race(deflating);
  }
  await Promise.all(deflating);
  return rewritten;
}

/** Streams read and being deflated at once (libuv's thread pool has four threads). */
const STREAMS_AT_ONCE = 8;

/** What decides what a stream becomes: its bytes, whether they are deflated, its page's height, the pass. */
function streamKey({ stream, deflated, height, artifacts }: PageStream): string {
  return createHash('sha256')
    .update(`${height}\0${deflated}\0${artifacts}\0`)
    .update(stream.contents)
    .digest('base64url');
}

/** The code that rewrites streams, as text: a memo of another version of it is not used. */
export const MARKING_CODE = [
  markStream,
  markedText,
  unmarkedObjects,
  textPlaces,
  scanOperations,
  SKIPPED_TOKENS,
  wrap,
  rewriteLineEnds,
  MARK_RUN,
  replaceMarkRuns,
  SPAN_RUN,
  GLYPH_BEFORE,
  JOINED_SPAN,
  withoutJoiner,
  BEGIN,
  END,
  MARGIN_SHARE,
]
  .map(String)
  .concat(JSON.stringify(PAGINATION));

interface PageStream {
  ref: PDFRef;
  stream: PDFRawStream;
  deflated: boolean;
  height: number;
  /** Whether unmarked painting is wrapped too (else only the line ends are rewritten). */
  artifacts: boolean;
}

/** The page's own content streams that we can read (no filter or FlateDecode). */
function contentStreams(doc: PDFDocument, page: PDFPage, artifacts: boolean): PageStream[] {
  const contents = page.node.get(PDFName.of('Contents'));
  const refs =
    contents instanceof PDFRef
      ? [contents]
      : contents instanceof PDFArray
        ? contents.asArray().filter((r): r is PDFRef => r instanceof PDFRef)
        : [];
  const height = page.getHeight();
  return refs.flatMap((ref) => {
    const stream = doc.context.lookup(ref);
    if (!(stream instanceof PDFRawStream)) return [];
    const filter = stream.dict.get(PDFName.of('Filter'));
    if (filter !== undefined && filter !== PDFName.of('FlateDecode')) return [];
    return [{ ref, stream, deflated: filter !== undefined, height, artifacts }];
  });
}

/**
 * The stream's bytes with its unmarked painting wrapped (when `artifacts`) and its marked line ends
 * read right, deflated; null when there is nothing to change.
 */
async function markStream({ stream, deflated, height, artifacts }: PageStream): Promise<Uint8Array | null> {
  const bytes = deflated ? inflateSync(stream.contents) : stream.contents;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const out = markedText(text, height, artifacts);
  if (out === text) return null;
  return new Uint8Array(await deflateAsync(Buffer.from(out, 'latin1')));
}

function replace(doc: PDFDocument, { ref, stream }: PageStream, deflated: Uint8Array): void {
  const dict = stream.dict.clone(doc.context);
  dict.delete(PDFName.of('DecodeParms'));
  dict.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
  doc.context.assign(ref, PDFRawStream.of(dict, deflated));
}

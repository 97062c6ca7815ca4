// The last finished PDF of each edition PDF, kept in the cache folder. Finishing (pdf.ts: reading
// Chromium's print, the structure repairs and artifacts, the outline, the running heads, the IDs,
// the metadata, writing) is a function of Chromium's bytes and of what it is given. A rebuild whose
// final print comes back the same (but for the two dates Skia stamps) and is given the same outline,
// structure hints, running heads and metadata takes the finished bytes from here, and the print is
// not read, repaired or written again (~0.13 s of CPU for a 44-page report with 300 citations and
// their 640 links, ~0.07 s for the same text without them). Keyed by all of it and by the code, so
// a stale, missing or broken file costs time, never a difference in output.
import { createHash } from 'node:crypto';
import { cacheFileFor, cacheFileMayStartWith, readCacheJson, writeCacheFile } from '../cache.js';
import { codeKey } from '../code-key.js';
import type { PdfMetadata } from './metadata.js';
import type { OutlineEntry } from './outline.js';
import type { PrintedHeads } from './pages.js';
import type { StructureHints } from './structure-hints.js';

/** What the finishing read of a print: where each destination fell, the page count, the first page's height. */
export interface PrintRead {
  destinations: Array<[string, { page: number; top?: number }]>;
  pageCount: number;
  height: number;
}

/** The last finished PDF of one output: the print it was finished from, what was read of it, the key, the bytes. */
export interface KeptFinish {
  print: string;
  read: PrintRead;
  key: string;
  /** The finished PDF, base64. */
  pdf: string;
}

/** What besides Chromium's print goes into finishing it. */
export interface FinishInputs {
  outline: OutlineEntry[];
  hints: StructureHints;
  heads: PrintedHeads | undefined;
  meta: PdfMetadata;
}

// The modules that finish a print (pdf.ts orders the steps), and pdf-lib, whose objects they write.
const FINISHING_MODULES = [
  'print/pdf',
  'print/finish',
  'print/finished-cache',
  'print/pdf-reader',
  'print/pdf-writer',
  'print/destinations',
  'print/outline',
  'print/normalize',
  'print/metadata',
  'print/standard',
  'print/icc',
  'print/tagging',
  'print/struct-tree',
  'print/notes-contents',
  'print/artifacts',
  'print/font-names',
  'print/pages',
  'print/layout-check',
];

// Skia's document info: the only bytes of a print that change from one print of the same page to the next.
const SKIA_DATES = /\/(CreationDate|ModDate) \(D:[0-9]{14}[+\-Z][0-9']*\)/g;

/** Chromium's print, named: its bytes with the creation and modification dates Skia wrote blanked out. */
export function printKey(bytes: Uint8Array): string {
  // (The dates are in the document info, near the top: the rest is hashed as it is.)
  const headLength = Math.min(bytes.length, 2048);
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, headLength).toString('latin1');
  return createHash('sha256')
    .update(head.replace(SKIA_DATES, '/$1 ()'), 'latin1')
    .update(bytes.subarray(headLength))
    .digest('hex');
}

/** The key of a finished PDF: the print's, everything it was finished with, and the code. */
export function finishKey(print: string, { outline, hints, heads, meta }: FinishInputs): string {
  const hash = createHash('sha256')
    .update(`${codeKey(['pdf-lib'], FINISHING_MODULES)}\0${process.versions.zlib}\0${print}\0`)
    .update(JSON.stringify(outline))
    .update(JSON.stringify([[...hints.labels], hints.items, [...hints.noteTargets].sort()]))
    .update(JSON.stringify({ ...meta, date: meta.date.toISOString() }));
  if (heads) {
    hash.update(JSON.stringify([[...heads.heads], heads.pageCount]));
    if (heads.overlay) hash.update(heads.overlay);
  }
  return hash.digest('hex');
}

const fileFor = (pdf: string) => cacheFileFor('finished', pdf, 'json');

/** What the last build finished for this output from the print named `print`, if it was that print. */
export function lastFinish(pdf: string, print: string): KeptFinish | undefined {
  const file = fileFor(pdf);
  // (Another print's file is not read whole: ~1.3 MB for a 44-page report, and a first pass never matches.)
  if (!file || !cacheFileMayStartWith(file, `{"print":${JSON.stringify(print)},`)) return undefined;
  const kept = readCacheJson(file, isKept);
  return kept?.print === print ? kept : undefined;
}

export function keptBytes(kept: KeptFinish): Uint8Array {
  return new Uint8Array(Buffer.from(kept.pdf, 'base64'));
}

/** Keep a finished PDF for the next build of this output (best effort: an unwritable cache is no cache). */
export function keepFinish(pdf: string, kept: Omit<KeptFinish, 'pdf'>, bytes: Uint8Array): void {
  const file = fileFor(pdf);
  // (`print` first: lastFinish tells another print's file by its start.)
  const { print, read, key } = kept;
  if (file) writeCacheFile(file, JSON.stringify({ print, read, key, pdf: Buffer.from(bytes).toString('base64') }));
}

function isKept(data: unknown): data is KeptFinish {
  if (typeof data !== 'object' || data === null) return false;
  const { print, read, key, pdf } = data as Partial<KeptFinish>;
  return (
    typeof print === 'string' &&
    typeof key === 'string' &&
    typeof pdf === 'string' &&
    typeof read === 'object' &&
    read !== null &&
    Array.isArray(read.destinations) &&
    Number.isInteger(read.pageCount) &&
    typeof read.height === 'number'
  );
}

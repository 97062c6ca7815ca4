// The last finished PDF of each edition PDF, kept in the cache folder. Finishing (pdf.ts: reading
// Chromium's print, the structure repairs and artifacts, the outline, the running heads, the IDs,
// the metadata, writing) is a function of Chromium's bytes and of what it is given. A rebuild whose
// final print comes back the same (but for the two dates Skia stamps) and is given the same outline,
// structure hints, running heads and metadata takes the finished bytes from here, and the print is
// not read, repaired or written again (~0.13 s of CPU for a 44-page report with 300 citations and
// their 640 links, ~0.07 s for the same text without them). Keyed by all of it and by the code, so
// a stale, missing or broken file costs time, never a difference in output.
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { cacheFileFor, cacheFileMayStartWith, readCacheRecord, writeCacheRecordSoon } from '../cache.js';
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
  /** The finished PDF. */
  pdf: Uint8Array;
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

// Skia's document info: bytes of a print that change from one print of the same page to the next.
const SKIA_DATES = /\/(CreationDate|ModDate) \(D:[0-9]{14}[+\-Z][0-9']*\)/g;
// And the structure elements' IDs, which Skia writes as `node` and Chromium's DOM node id: those
// number the nodes as the page's history made them (another cache taken, one node more or less made
// before), so two prints of the same page differ by a renumbering of them. Skia writes them only here
// (as an element's /ID, a table cell's /Headers, the IDTree's /Limits and /Names; a text string of
// the page has its brackets escaped, so it cannot look like these), and finishing renames every one
// of them in the elements' order (normalize.ts), so prints that differ by a one-to-one renaming of
// them are finished to the same bytes.
const ID = 'node[0-9]{8}';
// Each form as Skia writes it, from its opener, sticky: tried where a `(node` follows one.
const STRUCTURE_IDS = (
  [
    ['/ID ', `\\(${ID}\\)`],
    ['/Headers [', `\\(${ID}\\)(?: \\(${ID}\\))*\\]`],
    ['/Limits [', `\\(${ID}\\) \\(${ID}\\)\\]`],
    ['/Names [', `\\(${ID}\\) [0-9]+ 0 R(?: \\(${ID}\\) [0-9]+ 0 R)*\\]`],
  ] as Array<[string, string]>
).map(([opener, rest]) => ({ opener, form: new RegExp(`${opener.replace(/[[\\]/g, '\\$&')}${rest}`, 'y') }));
const NODE_ID = new RegExp(ID, 'g');

/**
 * Chromium's print, named: its bytes with the creation and modification dates Skia wrote blanked out
 * and its structure IDs numbered in the order they first appear.
 */
export function printKey(bytes: Uint8Array): string {
  const bytesText = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  // (The dates are in the document info, near the top.)
  const headLength = Math.min(bytesText.length, 2048);
  const text = bytesText.slice(0, headLength).replace(SKIA_DATES, '/$1 ()') + bytesText.slice(headLength);
  const hash = createHash('sha256');
  const ids = new Map<string, string>();
  const renumber = (id: string) => ids.get(id) ?? (ids.set(id, `#${ids.size}`), `#${ids.size - 1}`);
  let from = 0;
  for (let at = text.indexOf('(node'); at !== -1; at = text.indexOf('(node', Math.max(at + 1, from))) {
    const found = STRUCTURE_IDS.find(({ opener, form }) => {
      form.lastIndex = at - opener.length;
      return form.lastIndex >= from && form.test(text);
    });
    if (!found) continue;
    const start = at - found.opener.length;
    hash.update(text.slice(from, start), 'latin1');
    hash.update(text.slice(start, found.form.lastIndex).replace(NODE_ID, renumber), 'latin1');
    from = found.form.lastIndex;
  }
  return hash.update(text.slice(from), 'latin1').digest('hex');
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

// A line of JSON (the print, what was read of it, the key), then the finished PDF's bytes as they are.
const fileFor = (pdf: string) => cacheFileFor('finished', pdf, 'bin');

/** What the last build finished for this output from the print named `print`, if it was that print. */
export function lastFinish(pdf: string, print: string): KeptFinish | undefined {
  const file = fileFor(pdf);
  // (Another print's file is not read whole: ~1.3 MB for a 44-page report, and a first pass never matches.)
  if (!file || !cacheFileMayStartWith(file, `{"print":${JSON.stringify(print)},`)) return undefined;
  const record = readCacheRecord(file);
  if (!record) return undefined;
  const kept = { ...(record.head as object), pdf: record.body };
  return isKept(kept) && kept.print === print ? kept : undefined;
}

export function keptBytes(kept: KeptFinish): Uint8Array {
  return new Uint8Array(kept.pdf);
}

/**
 * Keep a finished PDF for the next build of this output (best effort: an unwritable cache is no
 * cache): sealed and written in the thread pool while the build writes its files (as JSON, the PDF
 * in base64, made, sealed and written here, it held 20 × the review's files back ~0.1 s).
 */
export function keepFinish(pdf: string, kept: Omit<KeptFinish, 'pdf'>, bytes: Uint8Array): void {
  const file = fileFor(pdf);
  if (!file) return;
  // (`print` first: lastFinish tells another print's file by its start.)
  const { print, read, key } = kept;
  void writeCacheRecordSoon(file, { print, read, key }, bytes);
  // (The JSON file of Briefing before the above: read no more.)
  rmSync(cacheFileFor('finished', pdf, 'json')!, { force: true });
}

function isKept(data: unknown): data is KeptFinish {
  if (typeof data !== 'object' || data === null) return false;
  const { print, read, key, pdf } = data as Partial<KeptFinish>;
  return (
    typeof print === 'string' &&
    typeof key === 'string' &&
    pdf instanceof Uint8Array &&
    typeof read === 'object' &&
    read !== null &&
    Array.isArray(read.destinations) &&
    Number.isInteger(read.pageCount) &&
    typeof read.height === 'number'
  );
}

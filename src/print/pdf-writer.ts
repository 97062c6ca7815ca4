// A PDF document's bytes, written as pdf-lib's own writer writes them without object streams
// (`save({ useObjectStreams: false })`), byte for byte, in about half the time on a rebuild. pdf-lib
// sizes every object first and then copies it into one buffer a character at a time; each build
// runs that code once, cold, and the interpreter is what it costs (~55 ms for the review's 2,400
// objects, against ~25 ms here). Here every object is written as its `toString()` writes it (the
// same syntax pdf-lib copies; dictionaries and arrays walked here, without the array of entries
// pdf-lib's makes for each), and the text between streams goes into a buffer in one native call.
// (20 × the review, 40,000 objects: ~100 ms to write their text run cold, once per build, either
// way; ~30 ms less than toString() once warm, in the dev server's print view. One buffer of the
// file's size, each piece written into it, was slower: writing a long concatenated string walks
// its pieces.)
import {
  PDFArray,
  PDFDict,
  PDFHeader,
  PDFStream,
  PDFTrailer,
  PDFTrailerDict,
  type PDFContext,
  type PDFDocument,
  type PDFObject,
  type PDFRef,
} from 'pdf-lib';

/** The header pdf-lib writes: version 1.7, then a comment of four bytes above 127 (a binary file). */
const HEADER = `${PDFHeader.forVersion(1, 7).toString()}\n\n`;

/** Text, turned into bytes one piece at a time, between the stream contents kept as they are. */
class Output {
  private readonly chunks: Uint8Array[] = [];
  private text = '';
  private written = 0;

  get offset(): number {
    return this.written + this.text.length;
  }

  add(text: string): void {
    this.text += text;
  }

  addBytes(bytes: Uint8Array): void {
    this.flush();
    this.chunks.push(bytes);
    this.written += bytes.length;
  }

  bytes(): Uint8Array {
    this.flush();
    return Buffer.concat(this.chunks, this.written);
  }

  private flush(): void {
    if (this.text === '') return;
    // Every character pdf-lib writes is one byte (its strings and names are already encoded).
    const bytes = Buffer.from(this.text, 'latin1');
    this.chunks.push(bytes);
    this.written += bytes.length;
    this.text = '';
  }
}

/** pdf-lib's private collections, walked without copying (the order its `entries()` and `get()` give). */
type DictEntries = { dict: Map<PDFObject, PDFObject> };
type ArrayItems = { array: PDFObject[] };

/** `object.toString()`, for a dictionary or an array without the arrays of entries pdf-lib makes. */
export function objectText(object: PDFObject): string {
  if (object instanceof PDFDict) {
    let text = '<<\n';
    for (const [key, value] of (object as unknown as DictEntries).dict)
      text += `${key.toString()} ${objectText(value)}\n`;
    return `${text}>>`;
  }
  if (object instanceof PDFArray) {
    let text = '[ ';
    for (const value of (object as unknown as ArrayItems).array) text += `${objectText(value)} `;
    return `${text}]`;
  }
  return object.toString();
}

/**
 * The bytes `doc.save({ useObjectStreams: false })` gives (for a document with pages and no form
 * fields, as Briefing's are: pdf-lib's save would add a blank page or redraw fields).
 */
export async function writePdf(doc: PDFDocument): Promise<Uint8Array> {
  return (await writeAgain(doc)).bytes;
}

/** A document written (writePdf), with where each object starts and the cross-references: to write it again. */
export interface Written {
  bytes: Uint8Array;
  offsets: ReadonlyArray<readonly [PDFRef, number]>;
  xref: number;
}

/**
 * The bytes writePdf gives for `doc`, written after `before` (its bytes as writePdf wrote them, and
 * only the objects in `changed` changed since, and objects added): the other objects' bytes are
 * taken from `before` as they are, not written again (finalizePdf writes a document twice, the
 * second time with its ID and metadata: 20 × the review, ~40,000 objects and 19 MB).
 */
export async function writeAgain(
  doc: PDFDocument,
  before?: Written,
  changed: ReadonlyArray<PDFRef> = [],
): Promise<Written> {
  // What was embedded (fonts, pages: the running heads' fallback) is written into the document now.
  await doc.flush();
  const context = doc.context;
  const out = new Output();
  out.add(HEADER);
  const offsets: Array<[PDFRef, number]> = [];
  // Where each object of `before` starts and ends, by its ref (pdf-lib keeps one ref object per number).
  const spans = new Map<PDFRef, [number, number]>();
  if (before) {
    before.offsets.forEach(([ref, start], i) => spans.set(ref, [start, before.offsets[i + 1]?.[1] ?? before.xref]));
    for (const ref of changed) spans.delete(ref);
  }
  // A run of objects taken as they were, added at once.
  let run: [number, number] | undefined;
  const endRun = () => {
    if (run) out.addBytes(before!.bytes.subarray(...run));
    run = undefined;
  };
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    offsets.push([ref, out.offset + (run ? run[1] - run[0] : 0)]);
    const span = spans.get(ref);
    if (span) {
      if (run?.[1] === span[0]) run[1] = span[1];
      else {
        endRun();
        run = [...span];
      }
      continue;
    }
    endRun();
    out.add(`${ref.objectNumber} ${ref.generationNumber} obj\n`);
    if (object instanceof PDFStream) {
      // (Updated first: a stream's dictionary states its contents' length and filter.)
      object.updateDict();
      out.add(`${objectText(object.dict)}\nstream\n`);
      out.addBytes(object.getContents());
      out.add('\nendstream');
    } else {
      out.add(objectText(object));
    }
    out.add('\nendobj\n\n');
  }
  endRun();
  const xref = out.offset;
  out.add(`${crossReferences(offsets)}\n`);
  out.add(`${trailerDict(context).toString()}\n\n`);
  out.add(PDFTrailer.forLastCrossRefSectionOffset(xref).toString());
  return { bytes: out.bytes(), offsets, xref };
}

/**
 * The cross-reference section pdf-lib's PDFCrossRefSection writes for these objects (in ascending
 * order): the free entry of object 0, then each object's offset, a subsection for each run of
 * consecutive numbers. (Its entries are objects of their own, padded one character at a time.)
 */
export function crossReferences(offsets: ReadonlyArray<readonly [PDFRef, number]>): string {
  let text = 'xref\n';
  let first = 0;
  let count = 1;
  let entries = '0000000000 65535 f \n';
  let previous = 0;
  for (const [ref, offset] of offsets) {
    if (ref.objectNumber - previous > 1) {
      text += `${first} ${count}\n${entries}`;
      first = ref.objectNumber;
      count = 0;
      entries = '';
    }
    entries += `${String(offset).padStart(10, '0')} ${String(ref.generationNumber).padStart(5, '0')} n \n`;
    count += 1;
    previous = ref.objectNumber;
  }
  return `${text}${first} ${count}\n${entries}`;
}

/** The trailer dictionary as pdf-lib's writer makes it. */
function trailerDict(context: PDFContext): PDFTrailerDict {
  const { Root, Encrypt, Info, ID } = context.trailerInfo;
  return PDFTrailerDict.of(context.obj({ Size: context.largestObjectNumber + 1, Root, Encrypt, Info, ID }));
}

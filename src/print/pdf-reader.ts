// Chromium's PDF read into a pdf-lib document: the same objects pdf-lib's parser makes, in the same
// order, in about a third of its time on a rebuild. pdf-lib reads a byte at a time through small
// methods; each build runs that code once, cold, and the interpreter is what it costs (~80 ms for
// the review's 2,400 objects). Here the file is one Latin-1 string and each token one sticky regular
// expression, so the scanning runs in the regex engine. It reads what Skia writes — indirect
// objects, cross-reference tables, trailers —; anything else (object or cross-reference streams, a
// stream without its length, a token it does not know) and the whole file is read by pdf-lib.
import {
  PDFArray,
  PDFBool,
  PDFCatalog,
  PDFContext,
  PDFDict,
  PDFDocument,
  PDFHeader,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFPageLeaf,
  PDFPageTree,
  PDFRawStream,
  PDFRef,
  PDFString,
  ParseSpeeds,
  type PDFObject,
} from 'pdf-lib';

/** Whitespace and comments (ISO 32000-1 7.2.2–7.2.3), as pdf-lib skips them. */
const SPACE = /[\0\t\n\f\r ]*(?:%[^\n\r]*[\0\t\n\f\r ]*)*/y;
/** pdf-lib's raw number: sign and digits up to a first point, then digits. */
const NUMBER = /[+\-0-9]*(?:\.[0-9]*)?/y;
const DIGITS = /[0-9]+/y;
/** The bytes that end a name (ISO 32000-1 7.3.5: white space and delimiters), and those SPACE's white space starts with. */
const DELIMITS_NAME = new Uint8Array(256);
for (const c of '\0\t\n\f\r ()<>[]{}/%') DELIMITS_NAME[c.charCodeAt(0)] = 1;
const SPACE_STARTS = new Uint8Array(0x21);
for (const c of '\0\t\n\f\r ') SPACE_STARTS[c.charCodeAt(0)] = 1;
const HEX = /<([^>]*)>/y;
const KEYWORD = /true|false|null/y;
const STREAM = /stream(?: \r\n|\r\n|\r|\n)?/y;
const OBJECT_HEADER = /([0-9]+)[\0\t\n\f\r ]+([0-9]+)[\0\t\n\f\r ]*obj/y;
const PAREN_OR_ESCAPE = /[()\\]/g;
const CROSS_REFERENCES = /xref[\0\t\n\f\r ]+(?:[0-9]+[\0\t\n\f\r ]+[0-9]+[\0\t\n\f\r ]+(?:[nf][\0\t\n\f\r ]*)?)*/y;

// Names compared for every dictionary, made once: `PDFName.of` decodes its argument (a regular
// expression replace) on every call, which was a third of the reading of a PDF with many links.
const TYPE = PDFName.of('Type');
const LENGTH = PDFName.of('Length');
const CATALOG = PDFName.of('Catalog');
const PAGES = PDFName.of('Pages');
const PAGE = PDFName.of('Page');
const OBJECT_STREAM = PDFName.of('ObjStm');
const XREF_STREAM = PDFName.of('XRef');
/** Each name as written → its PDFName (pdf-lib pools them: the same instance `PDFName.of` gives). */
const NAMES = new Map<string, PDFName>();
/** Each object number's reference of generation 0 (pdf-lib pools them too: the instance `PDFRef.of` gives). */
const REFS: PDFRef[] = [];
/**
 * The numbers read, each made once for all files read (PDFNumber.of formats its number, and the parts
 * of a long edition repeat the same coordinates and MCIDs: at 20 × the review, ~30 ms an edit).
 * PDFNumber has no setter: sharing one is safe. Let go past so many, for a long-running print view.
 */
const NUMBERS = new Map<number, PDFNumber>();
const MOST_NUMBERS = 200_000;

/** Something this reader does not read the way pdf-lib would: pdf-lib reads the file instead. */
class NotPlain extends Error {}

/**
 * The reference `PDFRef.of(objectNumber)` gives (pdf-lib's own instance), without the string key it
 * builds to find it. (An array: object numbers run from 1 up, as many as a file has objects.)
 */
export function refOf(objectNumber: number): PDFRef {
  let ref = REFS[objectNumber];
  if (!ref) {
    ref = PDFRef.of(objectNumber, 0);
    REFS[objectNumber] = ref;
  }
  return ref;
}

/** The document pdf-lib's `PDFDocument.load(bytes, { updateMetadata: false })` gives. */
export async function readPdf(bytes: Uint8Array): Promise<PDFDocument> {
  const context = readPlain(bytes);
  if (!context) return PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  // (PDFDocument's constructor is private in its types: `load` calls it so, after its own parser.)
  return Reflect.construct(PDFDocument, [context, false, false]) as PDFDocument;
}

/** The objects of a file as Skia writes them; undefined for anything else (pdf-lib reads that). */
export function readPlain(bytes: Uint8Array): PDFContext | undefined {
  try {
    return new Reader(bytes).document();
  } catch (error) {
    if (error instanceof NotPlain) return undefined;
    throw error;
  }
}

class Reader {
  private readonly text: string;
  private at = 0;
  private readonly context = PDFContext.create();
  // The numbers and references read (NUMBERS, REFS), each made once: a structure tree repeats the
  // same small numbers (MCIDs, references to its elements) thousands of times, and PDFNumber.of
  // formats its number and PDFRef.of builds a string key on every call.

  constructor(private readonly bytes: Uint8Array) {
    this.text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    if (NUMBERS.size > MOST_NUMBERS) NUMBERS.clear();
  }

  document(): PDFContext {
    this.header();
    while (this.at < this.text.length) {
      const before = this.at;
      this.objects();
      this.crossReferences();
      this.trailer();
      this.startXref();
      if (this.at === before) throw new NotPlain(`unexpected bytes at ${this.at}`);
    }
    const catalog = this.context.lookup(this.context.trailerInfo.Root);
    if (!(catalog instanceof PDFDict) || catalog.lookup(TYPE) !== CATALOG)
      throw new NotPlain('no catalog in the trailer');
    if (this.context.lookup(PDFRef.of(0))) throw new NotPlain('an object numbered 0');
    return this.context;
  }

  private header(): void {
    const match = /%PDF-([0-9]+)\.([0-9]+)/.exec(this.text);
    if (!match) throw new NotPlain('no header');
    this.context.header = PDFHeader.forVersion(Number(match[1]), Number(match[2]));
    this.at = match.index + match[0].length;
    this.space();
  }

  private objects(): void {
    for (;;) {
      this.space();
      const header = this.match(OBJECT_HEADER);
      if (!header) return;
      const generation = Number(header[2]);
      const ref = generation === 0 ? this.ref(Number(header[1])) : PDFRef.of(Number(header[1]), generation);
      this.space();
      const object = this.object();
      this.space();
      if (this.text.startsWith('endobj', this.at)) this.at += 6;
      if (object instanceof PDFRawStream) {
        const type = object.dict.lookup(TYPE);
        if (type === OBJECT_STREAM || type === XREF_STREAM) throw new NotPlain('a stream of objects');
      }
      this.context.assign(ref, object);
    }
  }

  private crossReferences(): void {
    this.space();
    if (this.match(CROSS_REFERENCES)) this.space();
  }

  private trailer(): void {
    if (!this.text.startsWith('trailer', this.at)) return;
    this.at += 7;
    this.space();
    if (!this.text.startsWith('<<', this.at)) throw new NotPlain('a trailer without a dictionary');
    const dict = this.dict();
    const info = this.context.trailerInfo;
    this.context.trailerInfo = {
      Root: dict.get(PDFName.of('Root')) || info.Root,
      Encrypt: dict.get(PDFName.of('Encrypt')) || info.Encrypt,
      Info: dict.get(PDFName.of('Info')) || info.Info,
      ID: dict.get(PDFName.of('ID')) || info.ID,
    };
    this.space();
  }

  private startXref(): void {
    if (!this.text.startsWith('startxref', this.at)) return;
    this.at += 9;
    this.space();
    if (!this.match(DIGITS)) throw new NotPlain('startxref without an offset');
    this.space();
    while (this.text.startsWith('%%EOF', this.at)) {
      this.at += 5;
      this.space();
    }
  }

  private object(): PDFObject {
    this.space();
    const c = this.text.charCodeAt(this.at);
    // (Only a t, f or n can start a keyword: the other values go without the pattern's call.)
    if (c === 0x74 || c === 0x66 || c === 0x6e) {
      const keyword = this.match(KEYWORD);
      if (keyword) return keyword[0] === 'true' ? PDFBool.True : keyword[0] === 'false' ? PDFBool.False : PDFNull;
    }
    if (c === 0x3c) return this.text.charCodeAt(this.at + 1) === 0x3c ? this.dictOrStream() : this.hexString();
    if (c === 0x28) return this.string();
    if (c === 0x2f) return this.name();
    if (c === 0x5b) return this.array();
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) return this.numberOrRef();
    throw new NotPlain(`unexpected byte ${c} at ${this.at}`);
  }

  private numberOrRef(): PDFNumber | PDFRef {
    const first = this.number();
    this.space();
    const lookahead = this.at;
    const digit = this.text.charCodeAt(this.at);
    if (digit >= 0x30 && digit <= 0x39) {
      const second = this.number();
      this.space();
      if (this.text.charCodeAt(this.at) === 0x52) {
        this.at += 1;
        return second === 0 ? this.ref(first) : PDFRef.of(first, second);
      }
    }
    this.at = lookahead;
    let number = NUMBERS.get(first);
    if (!number) {
      number = PDFNumber.of(first);
      NUMBERS.set(first, number);
    }
    return number;
  }

  private ref(objectNumber: number): PDFRef {
    return refOf(objectNumber);
  }

  private number(): number {
    // Most numbers are a few digits (references, MCIDs) and end there: read without the pattern.
    const start = this.at;
    let at = start;
    let digits = 0;
    for (let c = this.text.charCodeAt(at); c >= 0x30 && c <= 0x39; c = this.text.charCodeAt(at)) {
      digits = digits * 10 + (c - 0x30);
      at += 1;
    }
    const next = this.text.charCodeAt(at);
    if (at > start && at - start < 16 && next !== 0x2b && next !== 0x2d && next !== 0x2e) {
      this.at = at;
      return digits;
    }
    const raw = this.match(NUMBER)![0];
    const value = Number(raw);
    if (raw === '' || !Number.isFinite(value) || value > Number.MAX_SAFE_INTEGER) throw new NotPlain(`number ${raw}`);
    return value;
  }

  private hexString(): PDFHexString {
    const match = this.match(HEX);
    if (!match) throw new NotPlain('an unterminated hex string');
    return PDFHexString.of(match[1]!);
  }

  /** A literal string's raw text between its outer parentheses (escapes kept, as pdf-lib keeps them). */
  private string(): PDFString {
    let depth = 0;
    PAREN_OR_ESCAPE.lastIndex = this.at;
    for (let found = PAREN_OR_ESCAPE.exec(this.text); found; found = PAREN_OR_ESCAPE.exec(this.text)) {
      if (found[0] === '\\') PAREN_OR_ESCAPE.lastIndex += 1;
      else if (found[0] === '(') depth += 1;
      else if ((depth -= 1) === 0) {
        const value = this.text.slice(this.at + 1, found.index);
        this.at = found.index + 1;
        return PDFString.of(value);
      }
    }
    throw new NotPlain('an unbalanced string');
  }

  private name(): PDFName {
    // (Its run of regular characters, scanned: a pattern's match made an array and a string more.)
    const start = this.at + 1;
    let at = start;
    while (at < this.text.length && !DELIMITS_NAME[this.text.charCodeAt(at)]) at += 1;
    const raw = this.text.slice(start, at);
    this.at = at;
    let name = NAMES.get(raw);
    if (!name) {
      name = PDFName.of(raw);
      NAMES.set(raw, name);
    }
    return name;
  }

  private array(): PDFArray {
    this.at += 1;
    this.space();
    const array = PDFArray.withContext(this.context);
    while (this.text.charCodeAt(this.at) !== 0x5d) {
      if (this.at >= this.text.length) throw new NotPlain('an unterminated array');
      array.push(this.object());
      this.space();
    }
    this.at += 1;
    return array;
  }

  private dict(): PDFDict {
    this.at += 2;
    this.space();
    const entries = new Map<PDFName, PDFObject>();
    // (pdf-lib's test: neither of the next two bytes is '>'.)
    while (this.text.charCodeAt(this.at) !== 0x3e && this.text.charCodeAt(this.at + 1) !== 0x3e) {
      if (this.at >= this.text.length || this.text.charCodeAt(this.at) !== 0x2f) throw new NotPlain('a dictionary key');
      const key = this.name();
      entries.set(key, this.object());
      this.space();
    }
    this.space();
    if (!this.text.startsWith('>>', this.at)) throw new NotPlain('an unterminated dictionary');
    this.at += 2;
    const type = entries.get(TYPE);
    if (type === CATALOG) return PDFCatalog.fromMapWithContext(entries, this.context);
    if (type === PAGES) return PDFPageTree.fromMapWithContext(entries, this.context);
    if (type === PAGE) return PDFPageLeaf.fromMapWithContext(entries, this.context);
    return PDFDict.fromMapWithContext(entries, this.context);
  }

  private dictOrStream(): PDFDict | PDFRawStream {
    const dict = this.dict();
    this.space();
    if (!this.match(STREAM)) return dict;
    const length = dict.get(LENGTH);
    if (!(length instanceof PDFNumber)) throw new NotPlain('a stream without a direct length');
    const start = this.at;
    const end = start + length.asNumber();
    this.at = end;
    this.space();
    if (!this.text.startsWith('endstream', this.at)) throw new NotPlain('a stream whose length is wrong');
    this.at += 9;
    return PDFRawStream.of(dict, this.bytes.slice(start, end));
  }

  private match(pattern: RegExp): RegExpExecArray | null {
    pattern.lastIndex = this.at;
    const found = pattern.exec(this.text);
    if (found) this.at = pattern.lastIndex;
    return found;
  }

  private space(): void {
    // (Nothing to skip, most often: the pattern only where white space or a comment starts.)
    const c = this.text.charCodeAt(this.at);
    if (!(c <= 0x20 && SPACE_STARTS[c]) && c !== 0x25) return;
    SPACE.lastIndex = this.at;
    SPACE.test(this.text);
    this.at = SPACE.lastIndex;
  }
}

// The bytes of an imported PO or XLIFF file → its text, in the encoding the file declares: a PO file's
// `Content-Type: …; charset=` header (Poedit, msgconv and older tools save CP1251, KOI8-R…), an XML
// declaration's `encoding=`, a UTF-16 byte order mark. Bytes that are not valid in that encoding are
// refused at their line and column instead of being read as U+FFFD and recorded as translated.
// Decoding is the WHATWG Encoding Standard's (TextDecoder; Node carries its labels and tables).
import { BriefingError } from '../messages.js';
import { RULES } from '../rules.js';

export interface Declared {
  /** The label as written (`CP1251`), or undefined when the file declares none. */
  label?: string;
  line?: number;
  column?: number;
}

/** Decode a translation file's bytes; `declared` finds its declared encoding in an ASCII view of them. */
export function decodeTranslationFile(file: string, bytes: Uint8Array, kind: 'po' | 'xliff'): string {
  const bom = utf16Bom(bytes);
  if (bom) return new TextDecoder(bom).decode(bytes);
  // Latin-1 maps every byte to one character: the ASCII header reads the same in any of these encodings.
  const ascii = new TextDecoder('latin1').decode(bytes);
  const declared = kind === 'po' ? poCharset(ascii) : xmlEncoding(ascii);
  const label = declared.label === undefined || /^charset$/i.test(declared.label) ? 'utf-8' : declared.label;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw new BriefingError({
      file,
      line: declared.line,
      column: declared.column,
      severity: 'error',
      message: `the file declares the encoding "${declared.label ?? ''}", which is not known`,
      rule: RULES.importCharset.id,
      fix: 'save the file as UTF-8 from your CAT tool (or name a known encoding: UTF-8, CP1251, KOI8-R…)',
    });
  }
  try {
    return decoder.decode(bytes);
  } catch {
    const { line, column } = firstInvalid(bytes, label);
    const what = declared.label
      ? `is not valid ${declared.label} (the encoding it declares)`
      : 'is not valid UTF-8 and declares no other encoding';
    throw new BriefingError({
      file,
      line,
      column,
      severity: 'error',
      message: `the file ${what}: its text would be read as garbage`,
      rule: RULES.importCharset.id,
      fix:
        kind === 'po'
          ? 'save it as UTF-8, or declare its encoding in the header ("Content-Type: text/plain; charset=CP1251\\n")'
          : 'save it as UTF-8, or declare its encoding (<?xml version="1.0" encoding="windows-1251"?>)',
    });
  }
}

function utf16Bom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** `charset=` in the header entry (the first `msgid ""`), with its line and column. */
function poCharset(text: string): Declared {
  const headerEnd = text.search(/^\s*msgid\s+"[^"]/m);
  const header = headerEnd === -1 ? text : text.slice(0, headerEnd);
  const m = /"Content-Type:[^"\n]*?charset=([^"\s\\;]+)/i.exec(header);
  if (!m) return {};
  return { label: m[1], ...positionOf(text, m.index + m[0].length - m[1]!.length) };
}

/** `encoding=` of the XML declaration, if the file starts with one. */
function xmlEncoding(text: string): Declared {
  const m = /^(?:\uFEFF|ï»¿)?<\?xml[^?]*?\bencoding\s*=\s*["']([^"']+)["']/.exec(text);
  if (!m) return {};
  return { label: m[1], ...positionOf(text, m.index + m[0].length - m[1]!.length - 1) };
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Line and column (in characters) of the first byte sequence `label` cannot decode. */
function firstInvalid(bytes: Uint8Array, label: string): { line: number; column: number } {
  let start = 0;
  let line = 1;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    const slice = bytes.subarray(start, end);
    try {
      new TextDecoder(label, { fatal: true }).decode(slice);
    } catch {
      const loose = new TextDecoder(label).decode(slice);
      return { line, column: Math.max(1, loose.indexOf('\uFFFD') + 1) };
    }
    start = end + 1;
    line += 1;
  }
  return { line: 1, column: 1 };
}

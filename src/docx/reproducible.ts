// The same edition gives the same .docx bytes. The docx library writes the clock's time into
// docProps/core.xml and the zip entries, random relationship ids (nanoid) for hyperlinks, and
// process-wide counters for bookmark and drawing ids and the contents' bookmark names: each is replaced by a value that depends only
// on the document (the edition's date; ids numbered in order of appearance).
import { unzipSync, zipSync, strFromU8, strToU8, type Zippable } from 'fflate';
import { isoSeconds } from '../environment.js';

export function reproducible(zip: Uint8Array, date: Date): Uint8Array {
  const files = unzipSync(zip);
  const relIds = new Renumber('rIdL');
  const bookmarks = new Renumber('');
  const drawings = new Renumber('');
  const tocMarks = new Renumber('_Toc');
  // Relationship files first, so an id is numbered by where its relationship is declared.
  const names = Object.keys(files);
  const order = [...names.filter((n) => n.endsWith('.rels')), ...names.filter((n) => !n.endsWith('.rels'))];
  const out: Record<string, Uint8Array> = {};
  for (const name of order) {
    const bytes = files[name]!;
    if (!/\.(xml|rels)$/.test(name)) {
      out[name] = bytes;
      continue;
    }
    let xml = strFromU8(bytes);
    if (name === 'docProps/core.xml') xml = fixedTimes(xml, date);
    xml = xml.replace(
      /(\b(?:Id|r:id|r:embed|r:link)=")(rId[A-Za-z0-9_-]{12,})"/g,
      (_, a: string, id: string) => `${a}${relIds.of(id)}"`,
    );
    xml = xml.replace(
      /(<w:bookmark(?:Start|End)\b[^>]*?\bw:id=")(\d+)"/g,
      (_, a: string, id: string) => `${a}${bookmarks.of(id)}"`,
    );
    // The contents' bookmarks (_Toc<n>, numbered by the same counter), in its links and PAGEREF fields too.
    xml = xml.replace(/\b_Toc\d+\b/g, (name) => tocMarks.of(name));
    xml = xml.replace(/(<wp:docPr\b[^>]*?\bid=")(\d+)"/g, (_, a: string, id: string) => `${a}${drawings.of(id)}"`);
    out[name] = strToU8(xml);
  }
  // [Content_Types].xml first (as Word writes it: some readers sniff it there), then the library's
  // order; every entry is dated
  // with the edition's date (DOS time is local: the fields are taken from the UTC date as they are).
  const mtime = dosTime(date);
  const entries: Zippable = {};
  const types = '[Content_Types].xml';
  for (const name of [types, ...names.filter((n) => n !== types)]) {
    if (out[name]) entries[name] = [out[name], { mtime, level: 6 }];
  }
  return zipSync(entries);
}

/**
 * The zip entries' time: the edition's date, its UTC fields read as local time (DOS time has no zone),
 * within the years DOS time can write (SOURCE_DATE_EPOCH=0 is 1970: written as 1980-01-01).
 */
function dosTime(date: Date): Date {
  const year = date.getUTCFullYear();
  if (year < 1980) return new Date(1980, 0, 1);
  if (year > 2099) return new Date(2099, 11, 31, 23, 59, 58);
  return new Date(
    year,
    date.getUTCMonth(),
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
  );
}

/** docProps/core.xml's created and modified times → the edition's date. */
function fixedTimes(xml: string, date: Date): string {
  return xml.replace(
    /(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g,
    (_, open: string, close: string) => `${open}${isoSeconds(date)}${close}`,
  );
}

/** Ids numbered in the order they are first seen (the same id always gets the same number). */
class Renumber {
  private readonly seen = new Map<string, string>();
  constructor(private readonly prefix: string) {}
  of(id: string): string {
    let next = this.seen.get(id);
    if (next === undefined) {
      next = `${this.prefix}${this.seen.size + 1}`;
      this.seen.set(id, next);
    }
    return next;
  }
}

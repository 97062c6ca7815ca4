// Gettext PO: write a file's entries for CAT tools (Poedit, Weblate, OmegaT, memoQ…) and read a filled
// one back with the line of every entry, so refusals can name `file.po:line`. Written by
// gettext-parser's compiler (a well-kept writer: escapes, `#|` previous msgids); read by our own
// parser, since gettext-parser gives no line numbers. Markdown stays
// verbatim in msgid/msgstr; msgctxt is the segment's stable id; a fuzzy entry carries its previous
// source as `#| msgid` (what gettext's msgmerge writes, and what CAT tools show as a diff).
import gettextParser, { type PoData, type PoEntry as GettextEntry } from 'gettext-parser';
import type { FileCatalog } from './catalog.js';

export interface CatalogHeader {
  /** Path under the locale folder (`07-…/01-right-to-life.md`, `edition.yaml`). */
  file: string;
  locale: string;
  sourceLocale: string;
  project: string;
  /** PO-Revision-Date: fixed (the edition's date), so the same content exports the same bytes. */
  date: string;
}

export function writePo(header: CatalogHeader, catalogs: FileCatalog[], displaySource: (p: string) => string): string {
  // ASCII only outside the text: a tool that saves the file as CP1251 or KOI8-R must be able to.
  const headerComment = [
    `${header.project}: ${header.file}, ${header.sourceLocale} to ${header.locale || 'any language (template)'}.`,
    'Translate msgstr; keep [^note] references, link targets (...) and `code` exactly as in msgid.',
  ].join('\n');
  const entries: GettextEntry[] = [];
  for (const catalog of catalogs) {
    const yamlFile = catalog.relative.endsWith('.yaml') ? `${catalog.relative}:` : '';
    for (const entry of catalog.entries) {
      const { segment } = entry;
      const fuzzy = entry.state === 'fuzzy';
      entries.push({
        msgctxt: `${yamlFile}${segment.id}`,
        msgid: segment.text.replace(/\r\n/g, '\n'),
        msgstr: [entry.state === 'empty' ? '' : (entry.translation ?? '').replace(/\r\n/g, '\n')],
        comments: {
          extracted: segment.kind,
          reference: `${displaySource(catalog.sourcePath)}:${segment.line}`,
          ...(fuzzy ? { flag: 'fuzzy' } : {}),
          // gettext-parser writes each line of `previous` after `#| `: the msgid as msgmerge writes it.
          ...(fuzzy && entry.previous !== undefined ? { previous: previousMsgid(entry.previous) } : {}),
        },
      });
    }
  }
  const headers: Record<string, string> = {
    'Project-Id-Version': header.project,
    'Report-Msgid-Bugs-To': '',
    'PO-Revision-Date': header.date,
    'Last-Translator': '',
    'Language-Team': header.locale,
    Language: header.locale,
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=UTF-8',
    'Content-Transfer-Encoding': '8bit',
    'X-Briefing-File': header.file,
    'X-Briefing-Source-Locale': header.sourceLocale,
    ...(header.locale ? { 'X-Briefing-Locale': header.locale } : {}),
  };
  // Entries in catalog order, keyed by context (a context is unique in a file: the segment's id).
  const translations: PoData['translations'] = {
    '': { '': { msgid: '', msgstr: [''], comments: { translator: headerComment } } },
  };
  for (const e of entries) translations[e.msgctxt!] = { [e.msgid]: e };
  const data: PoData = { charset: 'utf-8', headers, translations };
  // No folding but at line breaks, as gettext's own tools and our reader's line numbers expect.
  const po = gettextParser.po.compile(data, { foldLength: 0 }).toString('utf8');
  return po.endsWith('\n') ? po : `${po}\n`;
}

/** `msgid "…"` lines of a previous source (multi-line text as gettext writes it). */
function previousMsgid(text: string): string {
  const value = text.replace(/\r\n/g, '\n');
  if (!value.includes('\n')) return `msgid ${quote(value)}`;
  return ['msgid ""', ...value.split(/(?<=\n)/).map(quote)].join('\n');
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r')}"`;
}

export interface PoEntry {
  context?: string;
  id: string;
  translation: string;
  fuzzy: boolean;
  previousId?: string;
  /** First line of the entry (its comments) and of its msgstr. */
  line: number;
  translationLine: number;
}

export interface PoFile {
  headers: Map<string, string>;
  /** Line of each header in the file (for refusals about Language). */
  headerLines: Map<string, number>;
  entries: PoEntry[];
}

export class PoSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/** Parse a PO file, keeping lines. Obsolete `#~` entries are skipped; plural entries are refused. */
export function parsePo(text: string): PoFile {
  const reader = new PoReader();
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => reader.read(raw, index + 1));
  reader.flush();
  return withHeaders(reader.entries, reader.headerStart);
}

/** The entry being read: its fields so far, its first line, its msgstr's line, the field continued by a `"…"` line. */
interface Reading {
  fields: Record<string, string>;
  start: number;
  strLine: number;
  last?: string;
}

/** Reads a PO file line by line into entries (what the comments before an entry said goes with it). */
class PoReader {
  readonly entries: PoEntry[] = [];
  /** The header entry's msgstr line. */
  headerStart = 0;
  private current: Reading = { fields: {}, start: 0, strLine: 0 };
  private fuzzy = false;
  private previous: string | undefined;
  private previousField = false;

  /** The entry read so far, if it has a msgid, is done; the next one starts. */
  flush(): void {
    const { fields, start, strLine } = this.current;
    if (fields.msgid !== undefined) {
      this.entries.push({
        context: fields.msgctxt,
        id: fields.msgid,
        translation: fields.msgstr ?? '',
        fuzzy: this.fuzzy,
        previousId: this.previous,
        line: start,
        translationLine: strLine,
      });
      if (fields.msgid === '') this.headerStart = strLine;
    }
    this.current = { fields: {}, start: 0, strLine: 0 };
    this.fuzzy = false;
    this.previous = undefined;
    this.previousField = false;
  }

  read(raw: string, n: number): void {
    const line = raw.trim();
    if (line === '' || line.startsWith('#~')) return;
    if (line.startsWith('#')) return this.comment(line, n, raw);
    const m = /^(msgctxt|msgid|msgstr|msgid_plural|msgstr\[\d+\])\s+(".*)$/.exec(line);
    if (m) return this.field(m[1]!, m[2]!, n, raw);
    if (line.startsWith('"') && this.current.last) {
      this.current.fields[this.current.last] += unquote(line, n, raw);
      return;
    }
    throw new PoSyntaxError(
      `cannot read this line as PO: ${JSON.stringify(line.slice(0, 40))}`,
      n,
      raw.length - raw.trimStart().length + 1,
    );
  }

  /** A comment: flags (`#, fuzzy`) and the previous msgid (`#| msgid`) belong to the entry that follows. */
  private comment(line: string, n: number, raw: string): void {
    if (this.current.fields.msgid !== undefined) this.flush();
    if (!this.current.start) this.current.start = n;
    if (line.startsWith('#,'))
      this.fuzzy ||= line
        .slice(2)
        .split(',')
        .some((f) => f.trim() === 'fuzzy');
    else if (line.startsWith('#|')) {
      const rest = line.slice(2).trim();
      const m = /^(msgctxt|msgid)\s+(".*")$/.exec(rest);
      if (m) {
        this.previousField = m[1] === 'msgid';
        if (this.previousField) this.previous = unquote(m[2]!, n, raw);
      } else if (rest.startsWith('"') && this.previousField)
        this.previous = (this.previous ?? '') + unquote(rest, n, raw);
    }
  }

  /** A keyword line: msgctxt or msgid after a msgstr starts the next entry. */
  private field(keyword: string, quoted: string, n: number, raw: string): void {
    if (keyword.startsWith('msgid_plural') || keyword.startsWith('msgstr[')) {
      throw new PoSyntaxError('plural forms are not used by Briefing', n, 1);
    }
    if ((keyword === 'msgctxt' || keyword === 'msgid') && this.current.fields.msgstr !== undefined) this.flush();
    if (!this.current.start) this.current.start = n;
    if (keyword === 'msgstr') this.current.strLine = n;
    this.current.fields[keyword] = unquote(quoted, n, raw);
    this.current.last = keyword;
  }
}

/** The header entry (msgid "", no context) read as `Name: value` lines, with their lines; the other entries. */
function withHeaders(entries: PoEntry[], headerStart: number): PoFile {
  const headers = new Map<string, string>();
  const headerLines = new Map<string, number>();
  const header = entries.find((e) => e.id === '' && e.context === undefined);
  if (header) {
    header.translation.split('\n').forEach((h, i) => {
      const colon = h.indexOf(':');
      if (colon > 0) {
        headers.set(h.slice(0, colon).trim(), h.slice(colon + 1).trim());
        headerLines.set(h.slice(0, colon).trim(), headerStart + 1 + i);
      }
    });
  }
  return { headers, headerLines, entries: entries.filter((e) => e !== header) };
}

function unquote(quoted: string, line: number, raw: string): string {
  if (!/^"(?:[^"\\]|\\.)*"$/.test(quoted))
    throw new PoSyntaxError('unterminated or malformed string', line, raw.indexOf('"') + 1);
  return quoted
    .slice(1, -1)
    .replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' })[c] ?? c);
}

// Gettext PO: write a file's entries for CAT tools (Poedit, Weblate, OmegaT, memoQ…) and read a filled
// one back with the line of every entry, so refusals can name `file.po:line`. Markdown stays
// verbatim in msgid/msgstr; msgctxt is the segment's stable id; a fuzzy entry carries its previous
// source as `#| msgid` (what gettext's msgmerge writes, and what CAT tools show as a diff).
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
  const lines: string[] = [
    // ASCII only outside the text: a tool that saves the file as CP1251 or KOI8-R must be able to.
    `# ${header.project}: ${header.file}, ${header.sourceLocale} to ${header.locale || 'any language (template)'}.`,
    '# Translate msgstr; keep [^note] references, link targets (...) and `code` exactly as in msgid.',
    'msgid ""',
    'msgstr ""',
    ...[
      `Project-Id-Version: ${header.project}`,
      'Report-Msgid-Bugs-To: ',
      `PO-Revision-Date: ${header.date}`,
      'Last-Translator: ',
      `Language-Team: ${header.locale}`,
      `Language: ${header.locale}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: 8bit',
      `X-Briefing-File: ${header.file}`,
      `X-Briefing-Source-Locale: ${header.sourceLocale}`,
      ...(header.locale ? [`X-Briefing-Locale: ${header.locale}`] : []),
    ].map((h) => quote(`${h}\n`)),
  ];
  for (const catalog of catalogs) {
    const yamlFile = catalog.relative.endsWith('.yaml') ? `${catalog.relative}:` : '';
    for (const entry of catalog.entries) {
      const { segment } = entry;
      lines.push('');
      lines.push(`#. ${segment.kind}`);
      lines.push(`#: ${displaySource(catalog.sourcePath)}:${segment.line}`);
      if (entry.state === 'fuzzy') {
        lines.push('#, fuzzy');
        if (entry.previous !== undefined) lines.push(...multiline('#| msgid', entry.previous));
      }
      lines.push(...multiline('msgctxt', `${yamlFile}${segment.id}`));
      lines.push(...multiline('msgid', segment.text));
      lines.push(...multiline('msgstr', entry.state === 'empty' ? '' : (entry.translation ?? '')));
    }
  }
  return `${lines.join('\n')}\n`;
}

function multiline(keyword: string, text: string): string[] {
  const prefix = keyword.startsWith('#|') ? '#| ' : '';
  const word = keyword.replace(/^#\| /, '');
  const value = text.replace(/\r\n/g, '\n');
  if (!value.includes('\n')) return [`${prefix}${word} ${quote(value)}`];
  const parts = value.split(/(?<=\n)/);
  return [`${prefix}${word} ""`, ...parts.map((p) => `${prefix}${quote(p)}`)];
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
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const entries: (PoEntry & { headerStart?: number })[] = [];
  let current: Partial<PoEntry> & { fields: Record<string, string>; start: number; strLine: number; last?: string } = {
    fields: {},
    start: 0,
    strLine: 0,
  };
  let fuzzy = false;
  let previous: string | undefined;
  let previousField = false;
  let headerStart = 0;
  const flush = () => {
    if (current.fields.msgid !== undefined) {
      entries.push({
        context: current.fields.msgctxt,
        id: current.fields.msgid,
        translation: current.fields.msgstr ?? '',
        fuzzy,
        previousId: previous,
        line: current.start,
        translationLine: current.strLine,
      });
      if (current.fields.msgid === '') headerStart = current.strLine;
    }
    current = { fields: {}, start: 0, strLine: 0 };
    fuzzy = false;
    previous = undefined;
    previousField = false;
  };
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const n = index + 1;
    if (line === '') return;
    if (line.startsWith('#~')) return;
    if (line.startsWith('#')) {
      if (current.fields.msgid !== undefined) flush();
      if (!current.start) current.start = n;
      if (line.startsWith('#,'))
        fuzzy ||= line
          .slice(2)
          .split(',')
          .some((f) => f.trim() === 'fuzzy');
      else if (line.startsWith('#|')) {
        const rest = line.slice(2).trim();
        const m = /^(msgctxt|msgid)\s+(".*")$/.exec(rest);
        if (m) {
          previousField = m[1] === 'msgid';
          if (previousField) previous = unquote(m[2]!, n, raw);
        } else if (rest.startsWith('"') && previousField) previous = (previous ?? '') + unquote(rest, n, raw);
      }
      return;
    }
    const m = /^(msgctxt|msgid|msgstr|msgid_plural|msgstr\[\d+\])\s+(".*)$/.exec(line);
    if (m) {
      const keyword = m[1]!;
      if (keyword.startsWith('msgid_plural') || keyword.startsWith('msgstr[')) {
        throw new PoSyntaxError('plural forms are not used by Briefing', n, 1);
      }
      if ((keyword === 'msgctxt' || keyword === 'msgid') && current.fields.msgstr !== undefined) flush();
      if (!current.start) current.start = n;
      if (keyword === 'msgstr') current.strLine = n;
      current.fields[keyword] = unquote(m[2]!, n, raw);
      current.last = keyword;
      return;
    }
    if (line.startsWith('"') && current.last) {
      current.fields[current.last] += unquote(line, n, raw);
      return;
    }
    throw new PoSyntaxError(
      `cannot read this line as PO: ${JSON.stringify(line.slice(0, 40))}`,
      n,
      raw.length - raw.trimStart().length + 1,
    );
  });
  flush();
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

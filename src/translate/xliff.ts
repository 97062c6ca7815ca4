// XLIFF 2.1 (OASIS): one <file> per translated file, one <unit> per segment. Inline Markdown the
// translator must keep becomes placeholders, so CAT tools protect it: a note reference, an autolink
// or a code span is a <ph/>, a link is a <pc> around its text; the Markdown itself sits in
// <originalData>. States: done → `final`; fuzzy → `initial` + subState `briefing:needs-review` with
// the old source in a note (XLIFF 2 has no `needs-review` state of its own, unlike 1.2); empty →
// `initial` + `briefing:needs-translation`.
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { BriefingError } from '../messages.js';
import type { FileCatalog } from './catalog.js';
import type { ImportedFile, ImportedUnit } from './import.js';
import { protectedTokens } from './markup.js';
import type { CatalogHeader } from './po.js';
import { RULES } from '../rules.js';

export const XLIFF_NS = 'urn:oasis:names:tc:xliff:document:2.0';

export function writeXliff(
  header: CatalogHeader,
  catalogs: FileCatalog[],
  displaySource: (p: string) => string,
): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<xliff xmlns="${XLIFF_NS}" version="2.1" srcLang="${attr(header.sourceLocale)}" trgLang="${attr(header.locale)}">`,
  ];
  catalogs.forEach((catalog, f) => {
    out.push(`  <file id="f${f + 1}" original="${attr(catalog.relative)}">`);
    for (const entry of catalog.entries) {
      const { segment } = entry;
      const source = inline(segment.text);
      const notes = [
        `<note category="location">${text(`${displaySource(catalog.sourcePath)}:${segment.line}`)}</note>`,
      ];
      if (entry.state === 'fuzzy' && entry.previous !== undefined)
        notes.push(`<note category="previous-source">${text(entry.previous)}</note>`);
      out.push(`    <unit id="${attr(segment.id)}" name="${segment.kind}">`);
      out.push(`      <notes>${notes.join('')}</notes>`);
      if (source.data.length > 0) {
        out.push(
          `      <originalData>${source.data.map((d, i) => `<data id="d${i + 1}">${text(d)}</data>`).join('')}</originalData>`,
        );
      }
      const state =
        entry.state === 'done'
          ? 'state="final"'
          : `state="initial" subState="briefing:${entry.state === 'fuzzy' ? 'needs-review' : 'needs-translation'}"`;
      out.push(`      <segment ${state}>`);
      out.push(`        <source xml:space="preserve">${source.xml}</source>`);
      if (entry.state !== 'empty' && entry.translation !== undefined) {
        out.push(`        <target xml:space="preserve">${inline(entry.translation, source.data).xml}</target>`);
      }
      out.push('      </segment>');
      out.push('    </unit>');
    }
    out.push('  </file>');
  });
  out.push('</xliff>');
  return `${out.join('\n')}\n`;
}

/** Markdown → XLIFF inline content; `data` (shared with the source) lists the Markdown of each placeholder. */
function inline(markdown: string, data: string[] = []): { xml: string; data: string[] } {
  const dataRef = (md: string) => {
    let i = data.indexOf(md);
    if (i === -1) i = data.push(md) - 1;
    return `d${i + 1}`;
  };
  let xml = '';
  let at = 0;
  let id = 0;
  for (const token of protectedTokens(markdown)) {
    xml += text(markdown.slice(at, token.start));
    at = token.end;
    if (token.kind === 'link-start') {
      const end = protectedTokens(markdown).find((t) => t.kind === 'link-end' && t.start > token.start)!;
      xml += `<pc id="${++id}" dataRefStart="${dataRef(token.text)}" dataRefEnd="${dataRef(end.text)}" canDelete="no" canCopy="no">`;
    } else if (token.kind === 'link-end') xml += '</pc>';
    else xml += `<ph id="${++id}" dataRef="${dataRef(token.text)}" canDelete="no" canCopy="no"/>`;
  }
  xml += text(markdown.slice(at));
  return { xml, data };
}

function text(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;');
}

/** Read a filled XLIFF 2.x file back: each unit's target as Markdown, with its line. */
export function parseXliff(file: string, xml: string): ImportedFile {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const result: ImportedFile = { path: file, units: [] };
  let currentFile = '';
  let unit: (ImportedUnit & { data: Map<string, string>; state?: string; hasTarget: boolean }) | undefined;
  let dataId: string | undefined;
  let where: 'source' | 'target' | 'note' | 'data' | undefined;
  let noteCategory: string | undefined;
  const pcEnds: string[] = [];
  const problems: string[] = [];
  const fail = (message: string, line = parser.line, column = parser.column): never => {
    throw new BriefingError({
      file,
      line,
      column,
      severity: 'error',
      message,
      rule: RULES.importSyntax.id,
      fix: 'save the file from your CAT tool again, or export it again',
    });
  };
  const append = (value: string) => {
    if (!unit) return;
    if (where === 'source') unit.source += value;
    else if (where === 'target') unit.translation += value;
    else if (where === 'note' && noteCategory === 'previous-source') unit.previous = (unit.previous ?? '') + value;
    else if (where === 'data' && dataId) unit.data.set(dataId, (unit.data.get(dataId) ?? '') + value);
  };
  const placeholder = (ref: string | undefined, tag: string) => {
    const md = ref === undefined ? undefined : unit?.data.get(ref);
    if (md === undefined) problems.push(`<${tag}> refers to data "${ref ?? ''}" that the unit does not have`);
    return md ?? '';
  };
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const a = tag.attributes as Record<string, string>;
    const name = tag.name.replace(/^.*:/, '');
    if (name === 'xliff') {
      result.locale = a.trgLang;
      result.localeLine = parser.line;
      if (!a.version?.startsWith('2.'))
        fail(`XLIFF version "${a.version ?? ''}" is not supported: Briefing reads XLIFF 2.x`);
    } else if (name === 'file') currentFile = a.original ?? '';
    else if (name === 'unit') {
      unit = {
        file: currentFile,
        id: a.id ?? '',
        source: '',
        translation: '',
        fuzzy: false,
        line: parser.line,
        column: 1,
        data: new Map(),
        hasTarget: false,
      };
    } else if (name === 'segment' && unit) unit.state = a.state;
    else if (name === 'source' || name === 'target') {
      where = name;
      if (name === 'target' && unit) {
        unit.hasTarget = true;
        unit.line = parser.line;
      }
    } else if (name === 'note') {
      where = 'note';
      noteCategory = a.category;
    } else if (name === 'data') {
      where = 'data';
      dataId = a.id;
    } else if (name === 'ph' || name === 'sc' || name === 'ec') {
      append(placeholder(a.dataRef, name));
    } else if (name === 'pc') {
      append(placeholder(a.dataRefStart, name));
      pcEnds.push(placeholder(a.dataRefEnd, name));
    }
  });
  parser.on('text', (value) => append(value));
  parser.on('cdata', (value) => append(value));
  parser.on('closetag', (tag) => {
    const name = tag.name.replace(/^.*:/, '');
    if (name === 'pc') append(pcEnds.pop() ?? '');
    else if (name === 'source' || name === 'target' || name === 'note' || name === 'data') {
      where = name === 'data' || name === 'note' ? undefined : where === name ? undefined : where;
      if (name === 'data') dataId = undefined;
    } else if (name === 'unit' && unit) {
      if (problems.length > 0) fail(`unit ${unit.id}: ${problems[0]!}`, unit.line, 1);
      // A target in state `initial` was not confirmed by the translator: it stays stale.
      const confirmed = unit.state === 'translated' || unit.state === 'reviewed' || unit.state === 'final';
      const { data: _data, state: _state, hasTarget, ...imported } = unit;
      result.units.push({
        ...imported,
        fuzzy: hasTarget && !confirmed,
        translation: hasTarget ? imported.translation : '',
      });
      unit = undefined;
    }
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    if (error instanceof BriefingError) throw error;
    fail(`not well-formed XML: ${(error as Error).message.replace(/^.*?:\d+:\d+: /, '')}`);
  }
  return result;
}

// XLIFF 2.0 (OASIS; nothing of 2.1 is used): one <file> per translated file, one <unit> per segment. Inline Markdown the
// translator must keep becomes placeholders, so CAT tools protect it: a note reference, an autolink
// or a code span is a <ph/>, a link is a <pc> around its text; the Markdown itself sits in
// <originalData>. States: done → `final`; fuzzy → `initial` + subState `briefing:needs-review` with
// the old source in a note (XLIFF 2 has no `needs-review` state of its own, unlike 1.2); empty →
// `initial` + `briefing:needs-translation`. Reading back: a unit a CAT tool split into several
// <segment>s joins their targets with its <ignorable> white space (or one space where a tool left
// none between two sentences); a target's placeholders are read by their data, whatever their order.
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { BriefingError } from '../messages.js';
import type { FileCatalog } from './catalog.js';
import type { ImportedFile, ImportedUnit } from './import.js';
import { protectedTokens } from './markup.js';
import type { CatalogHeader } from './po.js';
import { RULES } from '../rules.js';
import { cp20, fromHex, xmlText } from './xml-text.js';

export const XLIFF_NS = 'urn:oasis:names:tc:xliff:document:2.0';

export function writeXliff(
  header: CatalogHeader,
  catalogs: FileCatalog[],
  displaySource: (p: string) => string,
): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<xliff xmlns="${XLIFF_NS}" version="2.0" srcLang="${attr(header.sourceLocale)}" trgLang="${attr(header.locale)}">`,
  ];
  catalogs.forEach((catalog, f) => {
    out.push(`  <file id="f${f + 1}" original="${attr(catalog.relative)}">`);
    for (const entry of catalog.entries) {
      const { segment } = entry;
      const source = inline(segment.text);
      const notes = [
        `<note category="location">${plain(`${displaySource(catalog.sourcePath)}:${segment.line}`)}</note>`,
      ];
      if (entry.state === 'fuzzy' && entry.previous !== undefined)
        notes.push(`<note category="previous-source">${plain(entry.previous)}</note>`);
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
        out.push(
          `        <target xml:space="preserve">${inline(entry.translation, source.data, source.ids).xml}</target>`,
        );
      }
      out.push('      </segment>');
      out.push('    </unit>');
    }
    out.push('  </file>');
  });
  out.push('</xliff>');
  return `${out.join('\n')}\n`;
}

/**
 * Markdown → XLIFF inline content; `data` (shared with the source) lists the Markdown of each
 * placeholder. `ids`: the source's placeholder ids by data reference, so a target whose codes are in
 * another order keeps each code's source id (OASIS: the same code has the same id in source and target).
 */
function inline(
  markdown: string,
  data: string[] = [],
  ids?: Map<string, string[]>,
): { xml: string; data: string[]; ids: Map<string, string[]> } {
  const dataRef = (md: string) => {
    let i = data.indexOf(md);
    if (i === -1) i = data.push(md) - 1;
    return `d${i + 1}`;
  };
  const mine = new Map<string, string[]>();
  let next = 0;
  const idFor = (ref: string) => {
    const id = ids?.get(ref)?.shift() ?? `${(ids ? 100 : 0) + ++next}`;
    mine.set(ref, [...(mine.get(ref) ?? []), id]);
    return id;
  };
  let xml = '';
  let at = 0;
  const tokens = protectedTokens(markdown);
  for (const token of tokens) {
    xml += text(markdown.slice(at, token.start));
    at = token.end;
    if (token.kind === 'link-start') {
      const end = tokens.find((t) => t.kind === 'link-end' && t.start > token.start)!;
      const [start, stop] = [dataRef(token.text), dataRef(end.text)];
      xml += `<pc id="${idFor(`${start} ${stop}`)}" dataRefStart="${start}" dataRefEnd="${stop}" canDelete="no" canCopy="no">`;
    } else if (token.kind === 'link-end') xml += '</pc>';
    else {
      const ref = dataRef(token.text);
      xml += `<ph id="${idFor(ref)}" dataRef="${ref}" canDelete="no" canCopy="no"/>`;
    }
  }
  xml += text(markdown.slice(at));
  return { xml, data, ids: mine };
}

/** Escaped text; a character XML cannot hold becomes <cp hex>, which our import reads back. */
function text(value: string): string {
  return xmlText(value, cp20);
}

/** Escaped text where no element may stand (notes, attributes): such a character becomes U+FFFD. */
function plain(value: string): string {
  return xmlText(value);
}

function attr(value: string): string {
  return plain(value).replace(/"/g, '&quot;');
}

/**
 * Read a filled XLIFF file back (2.x, or 1.2 as `export --format xliff12` writes it and CAT tools
 * return it): each unit's target as Markdown, with its line. In 1.2 the inline codes hold the
 * Markdown itself, so their text is read as it stands.
 */
export function parseXliff(file: string, xml: string, options: { ignoreStates?: boolean } = {}): ImportedFile {
  const reader = new XliffReader(file, options);
  reader.read(xml);
  return reader.result;
}

type Unit = ImportedUnit & { data: Map<string, string>; parts: Part[] };

/** Reads an XLIFF file's events into units: where the text goes depends on the element it is in. */
class XliffReader {
  readonly result: ImportedFile;
  private readonly parser = new SaxesParser({ xmlns: false, position: true });
  private currentFile = '';
  private unit: Unit | undefined;
  private unconfirmed = 0;
  private targets = 0;
  private dataId: string | undefined;
  private where: 'source' | 'target' | 'note' | 'data' | undefined;
  private noteCategory: string | undefined;
  private v12 = false;
  private readonly pcEnds: string[] = [];
  private readonly problems: string[] = [];

  constructor(
    private readonly file: string,
    private readonly options: { ignoreStates?: boolean },
  ) {
    this.result = { path: file, units: [] };
    this.parser.on('opentag', (tag: SaxesTagPlain) => {
      const name = tag.name.replace(/^.*:/, '');
      const a = tag.attributes as Record<string, string>;
      if (!this.openStructure(name, a)) this.openInline(name, a);
    });
    this.parser.on('text', (value) => this.append(value));
    this.parser.on('cdata', (value) => this.append(value));
    this.parser.on('closetag', (tag) => this.close(tag.name.replace(/^.*:/, '')));
  }

  read(xml: string): void {
    try {
      this.parser.write(xml).close();
    } catch (error) {
      if (error instanceof BriefingError) throw error;
      this.fail(`not well-formed XML: ${(error as Error).message.replace(/^.*?:\d+:\d+: /, '')}`);
    }
    if (this.targets > 0 && this.unconfirmed === this.targets) this.result.allInitial = this.targets;
  }

  private fail(message: string, line = this.parser.line, column = this.parser.column): never {
    throw new BriefingError({
      file: this.file,
      line,
      column,
      severity: 'error',
      message,
      rule: RULES.importSyntax.id,
      fix: 'save the file from your CAT tool again, or export it again',
    });
  }

  private append(value: string): void {
    const unit = this.unit;
    if (!unit) return;
    const part = unit.parts.at(-1);
    if (this.where === 'source' && part) part.source += value;
    else if (this.where === 'target' && part) part.target = (part.target ?? '') + value;
    else if (this.where === 'note' && this.noteCategory === 'previous-source')
      unit.previous = (unit.previous ?? '') + value;
    else if (this.where === 'data' && this.dataId)
      unit.data.set(this.dataId, (unit.data.get(this.dataId) ?? '') + value);
  }

  /** The Markdown a code stands for, from the unit's <data>. */
  private placeholder(ref: string | undefined, tag: string): string {
    const md = ref === undefined ? undefined : this.unit?.data.get(ref);
    if (md === undefined) this.problems.push(`<${tag}> refers to data "${ref ?? ''}" that the unit does not have`);
    return md ?? '';
  }

  /** The file's structure (xliff, file, unit, segment, source, target, note); false for anything else. */
  private openStructure(name: string, a: Record<string, string>): boolean {
    const { parser, result } = this;
    if (name === 'xliff') {
      result.locale = a.trgLang;
      result.localeLine = parser.line;
      this.v12 = a.version === '1.2';
      if (!a.version?.startsWith('2.') && !this.v12)
        this.fail(`XLIFF version "${a.version ?? ''}" is not supported: Briefing reads XLIFF 2.x and 1.2`);
    } else if (name === 'file') {
      this.currentFile = a.original ?? '';
      if (this.v12 && result.locale === undefined)
        [result.locale, result.localeLine] = [a['target-language'], parser.line];
    } else if (name === 'unit' || (this.v12 && name === 'trans-unit')) {
      this.unit = {
        file: this.currentFile,
        id: a.id ?? '',
        source: '',
        translation: '',
        fuzzy: false,
        line: parser.line,
        column: 1,
        data: new Map(),
        // 1.2 has no <segment>: the unit is one part.
        parts: this.v12 ? [{ ignorable: false, source: '' }] : [],
      };
    } else if ((name === 'segment' || name === 'ignorable') && this.unit)
      this.unit.parts.push({ ignorable: name === 'ignorable', state: a.state, source: '' });
    else if (name === 'source' || name === 'target') this.openText(name, a);
    else if (name === 'note') {
      this.where = 'note';
      this.noteCategory = a.category ?? a.from;
    } else return false;
    return true;
  }

  private openText(name: 'source' | 'target', a: Record<string, string>): void {
    this.where = name;
    const unit = this.unit;
    const part = unit?.parts.at(-1);
    if (name === 'target' && unit && part) {
      part.target ??= '';
      // 1.2 keeps the state on <target>; none given means translated.
      if (this.v12) part.state = a.state ?? 'translated';
      if (!unit.parts.some((p) => p !== part && p.target !== undefined && !p.ignorable)) unit.line = this.parser.line;
    }
  }

  /** Inline codes and <data>: what Markdown they stand for goes into the text being read. */
  private openInline(name: string, a: Record<string, string>): void {
    if (name === 'cp') {
      this.append(fromHex(a.hex));
    } else if (this.v12) {
      // Codes with content (ph, bpt, ept, it, g, mrk) are read through their text; an empty <x/> is
      // only ours for a character XML cannot hold.
      const cp = /^x-briefing-cp-([0-9A-F]+)$/i.exec(a.ctype ?? '');
      if (cp) this.append(fromHex(cp[1]));
      else if (['x', 'bx', 'ex'].includes(name))
        this.problems.push(`<${name}> has no Markdown to stand for (keep the codes as exported)`);
    } else if (name === 'data') {
      this.where = 'data';
      this.dataId = a.id;
    } else if (name === 'ph' || name === 'sc' || name === 'ec') {
      this.append(this.placeholder(a.dataRef, name));
    } else if (name === 'pc') {
      this.append(this.placeholder(a.dataRefStart, name));
      this.pcEnds.push(this.placeholder(a.dataRefEnd, name));
    }
  }

  private close(name: string): void {
    if (name === 'pc') this.append(this.pcEnds.pop() ?? '');
    else if (name === 'source' || name === 'target' || name === 'note' || name === 'data') {
      this.where = name === 'data' || name === 'note' ? undefined : this.where === name ? undefined : this.where;
      if (name === 'data') this.dataId = undefined;
    } else if ((name === 'unit' || name === 'trans-unit') && this.unit) this.unitDone(this.unit);
  }

  /** A unit read: its parts joined; fuzzy unless every segment has a confirmed target. */
  private unitDone(unit: Unit): void {
    if (this.problems.length > 0) this.fail(`unit ${unit.id}: ${this.problems[0]!}`, unit.line, 1);
    const { data: _data, parts, ...imported } = unit;
    const joined = joinParts(parts);
    const segments = parts.filter((p) => !p.ignorable);
    const hasTarget = segments.some((p) => p.target !== undefined);
    // A target in state `initial` (the default) was not confirmed by the translator: it stays stale.
    const confirmed =
      segments.every((p) => p.target !== undefined) &&
      (this.options.ignoreStates || segments.every((p) => CONFIRMED.has(p.state ?? 'initial')));
    if (hasTarget) this.targets += 1;
    if (hasTarget && !confirmed) this.unconfirmed += 1;
    this.result.units.push({
      ...imported,
      source: joined.source,
      fuzzy: hasTarget && !confirmed,
      translation: hasTarget ? joined.target : '',
    });
    this.unit = undefined;
  }
}

// 2.x states, and 1.2's (signed-off; its needs-review-* and new are not confirmed).
const CONFIRMED = new Set(['translated', 'reviewed', 'final', 'signed-off']);

/** One <segment> or <ignorable> of a unit; `target` undefined: it has none. */
interface Part {
  ignorable: boolean;
  state?: string;
  source: string;
  target?: string;
}

/**
 * A unit's parts → its source and target text. An ignorable without a target keeps its source (the
 * white space between sentences); a segment without a target keeps its source too (and the unit is
 * not confirmed). Two segments with nothing between them where the source has no white space at the
 * seam get one space, as the sentences had before the tool split them.
 */
function joinParts(parts: Part[]): { source: string; target: string } {
  let source = '';
  let target = '';
  parts.forEach((part, i) => {
    const before = parts[i - 1];
    if (before && !before.ignorable && !part.ignorable && /\S$/.test(before.source) && /^\S/.test(part.source)) {
      source += ' ';
      if (!/\s$/.test(target) && !/^\s/.test(part.target ?? part.source)) target += ' ';
    }
    source += part.source;
    target += part.target ?? part.source;
  });
  return { source, target };
}

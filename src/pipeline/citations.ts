// Citations: the edition step that fills every citation placeholder (remark-references.ts) and writes
// the bibliography, through citeproc-js (the CSL processor Zotero uses) in any CSL style: `csl:` in the
// settings (a .csl file in the content folder, or the name of one Briefing ships in csl/), by default
// Chicago author-date. Every citation of the edition goes to citeproc in reading order at once, so
// disambiguation, "ibid." and numbering see them all. CSL locale files (csl/locales-*.xml) give the
// edition's language its terms ("и др.", "с."); a language without one falls back to English terms.
// The bibliography stands in a `::: {#refs}` div, else at the end of the last chapter, in the contents.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type CSLModule from 'citeproc';
import type { Citation, CitationItem, Engine } from 'citeproc';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import type { CitationSettings, NamedFile } from '../config/config.js';
import type { Diagnostic } from '../messages.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { isProblem, readInsideSync, resolveInside } from '../paths.js';
import { RULES } from '../rules.js';
import { CROSSREF_PREFIX, type AtItem } from './at-references.js';
import type { Bibliography, BibliographyEntry } from './bibliography.js';
import { report } from './data.js';
import type { ClusterRecord, ReferenceRegistry } from './references-registry.js';

const CSL_DIR = path.join(PACKAGE_ROOT, 'csl');
const DEFAULT_STYLE = 'chicago-author-date.csl';

interface Unit {
  file: VFile;
  hast?: HastRoot;
}

/** Where the bibliography was put at the end (for the contents), when no `::: {#refs}` holds it. */
export interface PlacedBibliography {
  file: VFile;
  id: string;
  title: string;
}

/** One locale's citation engine and bibliography, made before the files run (the style's class decides notes). */
export class Citations {
  readonly diagnostics: Diagnostic[] = [];
  readonly noteStyle: boolean;
  private readonly entries: Map<string, BibliographyEntry>;
  private readonly engine: Engine | undefined;
  private readonly configured: boolean;

  /**
   * citeproc-js and citation-js are loaded only for an edition with a bibliography: importing them
   * takes longer than checking a whole small edition.
   */
  static async load(settings: CitationSettings | undefined, contentDir: string, locale: string): Promise<Citations> {
    if (!settings || settings.bibliography.length === 0) return new Citations();
    const [{ default: CSL }, { loadBibliography }] = await Promise.all([
      import('citeproc'),
      import('./bibliography.js'),
    ]);
    const bibliography = loadBibliography(settings.bibliography, contentDir);
    return new Citations({ CSL, bibliography, csl: settings.csl, contentDir, locale });
  }

  private constructor(loaded?: {
    CSL: typeof CSLModule;
    bibliography: Bibliography;
    csl?: NamedFile;
    contentDir: string;
    locale: string;
  }) {
    this.configured = loaded !== undefined;
    this.entries = loaded?.bibliography.entries ?? new Map<string, BibliographyEntry>();
    this.diagnostics.push(...(loaded?.bibliography.diagnostics ?? []));
    this.engine = loaded && this.makeEngine(loaded.CSL, loaded.csl, loaded.contentDir, loaded.locale);
    this.noteStyle = this.engine?.opt.xclass === 'note';
  }

  private makeEngine(
    CSL: typeof CSLModule,
    csl: NamedFile | undefined,
    contentDir: string,
    locale: string,
  ): Engine | undefined {
    const style = readStyle(csl, contentDir);
    const sys = {
      retrieveLocale: localeXml,
      // `system_id` is what citeproc wraps a cited item by (wrapCitationEntry).
      retrieveItem: (id: string) => {
        const item = this.entries.get(id)?.item;
        return item && { ...item, system_id: id };
      },
      wrapCitationEntry: (str: string, id: string) => `<a href="#ref-${encodeURIComponent(id)}">${str}</a>`,
    };
    try {
      const engine = new CSL.Engine(sys, style, cslLang(locale), true);
      engine.opt.development_extensions.wrap_url_and_doi = true; // DOIs and URLs in entries are links
      // In the text each cited item links to its entry (citeproc then leaves the layout's affixes to
      // us: affixed()). A note is itself the citation: left as the style prints it.
      engine.opt.development_extensions.apply_citation_wrapper = engine.opt.xclass !== 'note';
      return engine;
    } catch (error) {
      this.diagnostics.push({
        file: csl?.path ?? path.join(CSL_DIR, DEFAULT_STYLE),
        severity: 'error',
        message: `CSL style cannot be read: ${String((error as Error).message ?? error).split('\n')[0]}`,
        rule: RULES.cslStyle.id,
        fix: 'give `csl:` a CSL 1.0 style file (.csl), such as one from the Zotero style repository',
      });
      return undefined;
    }
  }

  /** Fill the edition's citation placeholders and place its bibliography. */
  resolve(
    units: Unit[],
    registry: ReferenceRegistry,
    placeholders: Map<number, Element>,
    title: string,
  ): PlacedBibliography | undefined {
    const records = registry.clusters.filter((r) => !r.cluster.items.some((i) => CROSSREF_PREFIX.test(i.key)));
    const known = records.filter((record) => this.check(record, placeholders));
    const engine = this.engine;
    if (!engine) {
      for (const record of records) delete placeholders.get(record.id)?.properties.dataAtRef;
      return undefined;
    }
    const cited = [...new Set(known.flatMap((r) => r.cluster.items.map((i) => i.key)))];
    const citations = known.flatMap((record, i) => this.citationsOf(record, this.noteStyle ? i + 1 : 0));
    // rebuildProcessorState registers the cited items itself (an updateItems before it doubles the work).
    const html = new Map(engine.rebuildProcessorState(citations, 'html').map(([id, , text]) => [id, text]));
    for (const record of known) {
      const node = placeholders.get(record.id);
      if (!node) continue;
      delete node.properties.dataAtRef;
      node.children = this.printed(record, html, engine);
    }
    this.warnUnused(new Set(cited));
    return cited.length > 0 ? placeBibliography(units, this.bibliography(engine), title) : undefined;
  }

  /** A key that is not in the bibliography is an error (a bare `@name` with no bibliography at all stays text). */
  private check(record: ClusterRecord, placeholders: Map<number, Element>): boolean {
    const missing = record.cluster.items.find((item) => !this.entries.has(item.key));
    if (!missing) return this.engine !== undefined;
    delete placeholders.get(record.id)?.properties.dataAtRef;
    if (!this.configured && record.cluster.inText) return false;
    report(
      record.file,
      { type: 'citation', position: record.position },
      this.configured
        ? `citation "@${missing.key}" is not in the bibliography`
        : `citation "@${missing.key}": the edition has no bibliography`,
      RULES.unknownCitation,
      this.configured
        ? 'add the entry to the bibliography file, or fix the key'
        : 'name the bibliography file in briefing.yaml (or the front matter): `bibliography: references.bib`',
    );
    return false;
  }

  /**
   * citeproc's citation for one cluster. `@a` in the text is the author (printed apart: author()),
   * then the rest: in parentheses, or in the note with a note style (as Pandoc does).
   */
  private citationsOf(record: ClusterRecord, noteIndex: number): Citation[] {
    if (record.render === 'author') return [];
    const items = record.cluster.items.map(citationItem);
    const inText = record.cluster.inText;
    return [
      {
        citationID: String(record.id),
        citationItems: inText ? items.map((i) => ({ ...i, 'suppress-author': true })) : items,
        properties: { noteIndex },
      },
    ];
  }

  private printed(record: ClusterRecord, html: Map<string, string>, engine: Engine): ElementContent[] {
    if (record.render === 'author') return author(record, engine);
    const whole = fragment(html.get(String(record.id)) ?? '');
    if (record.render === 'note') return capitalized(whole);
    if (record.cluster.inText) return [...author(record, engine), text(' ('), ...whole, text(')')];
    if (!engine.opt.development_extensions.apply_citation_wrapper) return whole;
    const { layout_prefix: prefix, layout_suffix: suffix } = engine.citation.opt;
    return [text(prefix), ...whole, text(suffix)].filter((n) => n.type !== 'text' || n.value !== '');
  }

  private bibliography(engine: Engine): Element {
    const made = engine.makeBibliography();
    const [meta, entries] = made || [{ entry_ids: [] }, []];
    return {
      type: 'element',
      tagName: 'div',
      properties: { className: ['csl-bib-body', 'references'], role: 'list' },
      children: entries.map((entry, i) => {
        const inner = fromHtml(entry, { fragment: true }).children.find((c) => c.type === 'element');
        return {
          type: 'element',
          tagName: 'div',
          properties: { className: ['csl-entry'], id: `ref-${meta.entry_ids[i]?.[0] ?? i}`, role: 'listitem' },
          children: withoutPositions(inner?.children ?? []),
        };
      }),
    };
  }

  private warnUnused(cited: Set<string>): void {
    for (const [key, entry] of this.entries) {
      if (cited.has(key)) continue;
      this.diagnostics.push({
        file: entry.file,
        line: entry.line,
        column: entry.column,
        severity: 'warning',
        message: `bibliography entry "${key}" is never cited`,
        rule: RULES.unusedCitation.id,
        fix: `cite it as [@${key}], or delete it from the bibliography`,
      });
    }
  }
}

/** The author of an in-text citation (outside citeproc's state: it is not a citation of its own), linked. */
function author(record: ClusterRecord, engine: Engine): ElementContent[] {
  const items = record.cluster.items.map((item) => ({ id: item.key, 'author-only': true }));
  const printed = fragment(engine.makeCitationCluster(items));
  const linked = printed.some((n) => n.type === 'element' && n.tagName === 'a');
  const key = record.cluster.items[0]!.key;
  return linked
    ? printed
    : [{ type: 'element', tagName: 'a', properties: { href: `#ref-${encodeURIComponent(key)}` }, children: printed }];
}

function citationItem(item: AtItem): CitationItem {
  return {
    id: item.key,
    ...(item.prefix ? { prefix: `${item.prefix} ` } : {}),
    ...(item.suffix ? { suffix: item.suffix } : {}),
    ...(item.locator ? { locator: item.locator, label: item.label } : {}),
    ...(item.suppressAuthor ? { 'suppress-author': true } : {}),
  };
}

/** The style `csl:` names (in the content folder, else one Briefing ships), or Chicago author-date. */
function readStyle(csl: NamedFile | undefined, contentDir: string): string {
  if (!csl) return readFileSync(path.join(CSL_DIR, DEFAULT_STYLE), 'utf8');
  const found = resolveInside({ root: contentDir, name: 'content folder' }, csl.path);
  const shipped = path.join(CSL_DIR, path.basename(csl.path).replace(/(\.csl)?$/, '.csl'));
  if (isProblem(found) && found.code === 'missing' && existsSync(shipped)) return readFileSync(shipped, 'utf8');
  return readInsideSync({ root: contentDir, name: 'content folder' }, csl.path).toString('utf8');
}

/** `ru` → `ru-RU`: the CSL locale a language means. */
function cslLang(locale: string): string {
  if (locale.includes('-')) return locale;
  const regional: Record<string, string> = { en: 'en-US', ru: 'ru-RU', kk: 'kk-KZ' };
  return regional[locale] ?? locale;
}

/** A CSL locale Briefing ships, else English terms (citeproc needs one). */
function localeXml(lang: string): string {
  const file = path.join(CSL_DIR, `locales-${lang}.xml`);
  return readFileSync(existsSync(file) ? file : path.join(CSL_DIR, 'locales-en-US.xml'), 'utf8');
}

/** At the `::: {#refs}` div, else a section at the end of the last file that is not sources.md. */
function placeBibliography(units: Unit[], body: Element, title: string): PlacedBibliography | undefined {
  for (const unit of units) {
    let placed = false;
    if (!unit.hast) continue;
    visit(unit.hast, 'element', (node) => {
      if (placed || node.properties.id !== 'refs') return;
      node.children.push(body);
      placed = true;
    });
    if (placed) return undefined;
  }
  const last = [...units]
    .reverse()
    .find((u) => u.hast && u.file.data.role?.kind !== 'sources' && u.file.data.role?.kind !== 'preface');
  if (!last?.hast) return undefined;
  const level = last.file.data.role?.kind === 'section' ? 'h3' : 'h2';
  last.hast.children.push({
    type: 'element',
    tagName: 'section',
    properties: { className: ['bibliography'], ariaLabelledBy: ['refs'] },
    children: [{ type: 'element', tagName: level, properties: { id: 'refs' }, children: [text(title)] }, body],
  });
  return { file: last.file, id: 'refs', title };
}

/** A note starts with a capital ("See Lee, …"), as Pandoc prints it. */
function capitalized(nodes: ElementContent[]): ElementContent[] {
  let done = false;
  for (const node of nodes)
    visit(node, 'text', (t) => {
      if (done || t.value.trim() === '') return;
      t.value = t.value.replace(/^(\s*)(\p{Ll})/u, (_m, space: string, letter: string) => space + letter.toUpperCase());
      done = true;
    });
  return nodes;
}

function fragment(html: string): ElementContent[] {
  return withoutPositions(fromHtml(html, { fragment: true }).children as ElementContent[]);
}

/** Parsed HTML's positions are offsets in that HTML, not in the Markdown: dropped. */
function withoutPositions(nodes: ElementContent[]): ElementContent[] {
  for (const node of nodes) visit(node, (n) => void delete n.position);
  return nodes;
}

function text(value: string): ElementContent {
  return { type: 'text', value };
}

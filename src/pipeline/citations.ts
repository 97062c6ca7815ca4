// Citations: the edition step that fills every citation placeholder (remark-references.ts) and writes
// the bibliography, through citeproc-js (the CSL processor Zotero uses) in any CSL style: `csl:` in the
// settings (a .csl file in the content folder, or the name of one Briefing ships in csl/), by default
// Chicago author-date. Every citation of the edition goes to citeproc in reading order at once, so
// disambiguation, "ibid." and numbering see them all. CSL locale files (csl/locales-*.xml) give the
// edition's language its terms ("и др.", "с."); a language without one falls back to English terms.
// The bibliography stands in a `::: {#refs}` div, else at the end of the last chapter, in the contents.
// citeproc's output and the parsed bibliography are kept between builds (citation-cache.ts): a
// rebuild with the same inputs loads neither citeproc-js nor citation-js.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type CSLModule from 'citeproc';
import type { Citation, CitationItem, Engine } from 'citeproc';
import { cacheKey, cachedBibliography, readFormatted, writeFormatted, type Formatted } from './citation-cache.js';
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
import type { Placeholders } from './crossrefs.js';
import type { BibliographyEntry } from './bibliography.js';
import { report, sameRule } from './data.js';
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

/** One locale's citations and bibliography, read before the files run (the style's class decides notes). */
export class Citations {
  readonly diagnostics: Diagnostic[] = [];
  readonly noteStyle: boolean;
  private readonly entries: Map<string, BibliographyEntry>;
  private readonly configured: boolean;

  /**
   * The bibliography (citation-js, loaded only when its files changed since the last build: loading
   * it takes longer than checking a whole small edition) and the style's text.
   */
  static async load(settings: CitationSettings | undefined, contentDir: string, locale: string): Promise<Citations> {
    if (!settings || settings.bibliography.length === 0) return new Citations();
    const folder = { root: contentDir, name: 'content folder' };
    const texts = settings.bibliography.map((named) => ({
      path: named.path,
      text: readInsideSync(folder, named.path).toString('utf8'),
    }));
    const bibliography = await cachedBibliography(texts, async () =>
      (await import('./bibliography.js')).loadBibliography(settings.bibliography, contentDir),
    );
    const style = {
      text: readStyle(settings.csl, contentDir),
      file: settings.csl?.path ?? path.join(CSL_DIR, DEFAULT_STYLE),
    };
    return new Citations({ entries: bibliography.entries, diagnostics: bibliography.diagnostics, style, locale });
  }

  private readonly style: { text: string; file: string } | undefined;
  private readonly lang: string;

  private constructor(loaded?: {
    entries: Map<string, BibliographyEntry>;
    diagnostics: Diagnostic[];
    style: { text: string; file: string };
    locale: string;
  }) {
    this.configured = loaded !== undefined;
    this.entries = loaded?.entries ?? new Map<string, BibliographyEntry>();
    this.diagnostics.push(...(loaded?.diagnostics ?? []));
    this.style = loaded?.style;
    this.lang = cslLang(loaded?.locale ?? 'en');
    this.noteStyle = loaded !== undefined && styleClass(loaded.style.text) === 'note';
  }

  /** Fill the edition's citation placeholders and place its bibliography. */
  async resolve(
    units: Unit[],
    registry: ReferenceRegistry,
    placeholders: Placeholders,
    title: string,
  ): Promise<PlacedBibliography | undefined> {
    const records = registry.clusters.filter((r) => !r.cluster.items.some((i) => CROSSREF_PREFIX.test(i.key)));
    const known = records.filter((record) => this.check(record, placeholders));
    const cited = [...new Set(known.flatMap((r) => r.cluster.items.map((i) => i.key)))];
    const formatted = known.length > 0 ? await this.format(known, cited) : undefined;
    if (!formatted) {
      for (const record of records) delete placeholders.get(record.id)?.properties.dataAtRef;
      if (this.configured) this.warnUnused(new Set(cited));
      return undefined;
    }
    for (const record of known) {
      const node = placeholders.get(record.id);
      if (!node) continue;
      delete node.properties.dataAtRef;
      node.children = this.printed(record, formatted);
    }
    this.warnUnused(new Set(cited));
    return placeBibliography(units, bibliographyElement(formatted), title, placeholders.refs);
  }

  /** A key that is not in the bibliography is an error (a bare `@name` with no bibliography at all stays text). */
  private check(record: ClusterRecord, placeholders: Map<number, Element>): boolean {
    const missing = record.cluster.items.find((item) => !this.entries.has(item.key));
    if (!missing) return this.configured;
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
   * citeproc's output for the edition's citations: as the last build with the same inputs made it,
   * else from citeproc (undefined when the style cannot be read).
   */
  private async format(known: ClusterRecord[], cited: string[]): Promise<Formatted | undefined> {
    const style = this.style!;
    const citations = known.flatMap((record, i) => this.citationsOf(record, this.noteStyle ? i + 1 : 0));
    const authors = [...new Set(known.filter(printsAuthor).map(authorKey))];
    const key = cacheKey('citeproc', {
      style: style.text,
      lang: this.lang,
      locales: [localeXml(this.lang), localeXml('en-US')],
      items: cited.map((id) => this.entries.get(id)!.item),
      citations,
      authors,
    });
    const stored = readFormatted(key);
    if (stored) return stored;
    const { default: CSL } = await import('citeproc');
    const engine = this.makeEngine(CSL, style);
    if (!engine) return undefined;
    const formatted = run(engine, citations, authors, cited, positional(style.text));
    writeFormatted(key, formatted);
    return formatted;
  }

  private makeEngine(CSL: typeof CSLModule, style: { text: string; file: string }): Engine | undefined {
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
      const engine = new CSL.Engine(sys, style.text, this.lang, true);
      engine.opt.development_extensions.wrap_url_and_doi = true; // DOIs and URLs in entries are links
      // In the text each cited item links to its entry (citeproc then leaves the layout's affixes to
      // us: affixed()). A note is itself the citation: left as the style prints it.
      engine.opt.development_extensions.apply_citation_wrapper = engine.opt.xclass !== 'note';
      return engine;
    } catch (error) {
      this.diagnostics.push({
        file: style.file,
        severity: 'error',
        message: `CSL style cannot be read: ${String((error as Error).message ?? error).split('\n')[0]}`,
        rule: RULES.cslStyle.id,
        fix: 'give `csl:` a CSL 1.0 style file (.csl), such as one from the Zotero style repository',
      });
      return undefined;
    }
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

  private printed(record: ClusterRecord, formatted: Formatted): ElementContent[] {
    if (record.render === 'author') return author(record, formatted);
    // Each citation's own nodes (read once from the cache or citeproc): no copy needed.
    const whole = formatted.citations[String(record.id)] ?? [];
    if (record.render === 'note') return capitalized(whole);
    if (record.cluster.inText) return [...author(record, formatted), text(' ('), ...whole, text(')')];
    if (!formatted.linked) return whole;
    return [text(formatted.prefix), ...whole, text(formatted.suffix)].filter(
      (n) => n.type !== 'text' || n.value !== '',
    );
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

/**
 * The edition's citations through citeproc at once. A style that asks for a citation's position
 * ("ibid.", a note's short form) gets the whole sequence (rebuildProcessorState); any other is
 * rendered cluster by cluster once every item is registered (the same text, without citeproc's
 * per-citation bookkeeping: about half the time for 300 citations).
 */
function run(engine: Engine, citations: Citation[], authors: string[], cited: string[], positions: boolean): Formatted {
  let html: Record<string, string>;
  if (positions) {
    // rebuildProcessorState registers the cited items itself (an updateItems before it doubles the work).
    html = Object.fromEntries(engine.rebuildProcessorState(citations, 'html').map(([id, , text]) => [id, text]));
  } else {
    engine.updateItems(cited);
    html = Object.fromEntries(citations.map((c) => [c.citationID, engine.makeCitationCluster(c.citationItems)]));
  }
  const authorHtml = Object.fromEntries(
    authors.map((k) => [k, engine.makeCitationCluster(k.split('\n').map((id) => ({ id, 'author-only': true })))]),
  );
  const made = engine.makeBibliography();
  const [meta, entries] = made || [{ entry_ids: [] }, []];
  // All of citeproc's HTML parsed at once (one parse of many small strings is much cheaper than many).
  const ids = Object.keys(html);
  const keys = Object.keys(authorHtml);
  const trees = fragments([...Object.values(html), ...Object.values(authorHtml), ...entries]);
  const after = ids.length + keys.length;
  return {
    citations: Object.fromEntries(ids.map((id, i) => [id, trees[i]!])),
    authors: Object.fromEntries(keys.map((k, i) => [k, trees[ids.length + i]!])),
    // Each entry is a <div class="csl-entry">: its content.
    bibliography: entries.map((_, i) => {
      const entry = trees[after + i]!.find((c) => c.type === 'element');
      return [String(meta.entry_ids[i]?.[0] ?? i), entry?.type === 'element' ? entry.children : []];
    }),
    prefix: engine.citation.opt.layout_prefix,
    suffix: engine.citation.opt.layout_suffix,
    linked: engine.opt.development_extensions.apply_citation_wrapper === true,
  };
}

/** Whether a CSL style tests a citation's position (first, subsequent, ibid…). */
function positional(style: string): boolean {
  return /\bposition\s*=/.test(style);
}

/** The `class` of a CSL style's root element: "in-text" or "note". */
function styleClass(style: string): string | undefined {
  return /<style\b[^>]*?\sclass\s*=\s*["']([^"']*)["']/.exec(style)?.[1];
}

const printsAuthor = (record: ClusterRecord) => record.render === 'author' || record.cluster.inText;
const authorKey = (record: ClusterRecord) => record.cluster.items.map((i) => i.key).join('\n');

function bibliographyElement(formatted: Formatted): Element {
  return {
    type: 'element',
    tagName: 'div',
    properties: { className: ['csl-bib-body', 'references'], role: 'list' },
    children: formatted.bibliography.map(([id, children]) => ({
      type: 'element',
      tagName: 'div',
      properties: { className: ['csl-entry'], id: `ref-${id}`, role: 'listitem' },
      children,
    })),
  };
}

/** The author of an in-text citation (outside citeproc's state: it is not a citation of its own), linked. */
function author(record: ClusterRecord, formatted: Formatted): ElementContent[] {
  // An author may be printed many times: each its own copy.
  const nodes = structuredClone(formatted.authors[authorKey(record)] ?? []);
  const linked = nodes.some((n) => n.type === 'element' && n.tagName === 'a');
  const key = record.cluster.items[0]!.key;
  return linked
    ? nodes
    : [{ type: 'element', tagName: 'a', properties: { href: `#ref-${encodeURIComponent(key)}` }, children: nodes }];
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

/**
 * At the `::: {#refs}` div (`refs`: the first element with that id), else at the end of the last file
 * that is not sources.md: under its heading when that is all it holds (a paper's closing
 * `# References`), else as a section of its own.
 */
function placeBibliography(
  units: Unit[],
  body: Element,
  title: string,
  refs: Element | undefined,
): PlacedBibliography | undefined {
  if (refs) {
    refs.children.push(body);
    return undefined;
  }
  const last = [...units]
    .reverse()
    .find((u) => u.hast && u.file.data.role?.kind !== 'sources' && u.file.data.role?.kind !== 'preface');
  if (!last?.hast) return undefined;
  if (onlyHeading(last.hast)) {
    // A paper's own empty `# References` closing it, as Pandoc documents end: the list goes under it.
    last.hast.children.push(body);
    last.file.messages = last.file.messages.filter((message) => !sameRule(message, RULES.emptyChapter));
    return undefined;
  }
  const level = last.file.data.role?.kind === 'section' ? 'h3' : 'h2';
  last.hast.children.push({
    type: 'element',
    tagName: 'section',
    properties: { className: ['bibliography'], ariaLabelledBy: ['refs'] },
    children: [{ type: 'element', tagName: level, properties: { id: 'refs' }, children: [text(title)] }, body],
  });
  return { file: last.file, id: 'refs', title };
}

/** A file that holds nothing but its heading. */
function onlyHeading(tree: HastRoot): boolean {
  const content = tree.children.filter((node) => !(node.type === 'text' && node.value.trim() === ''));
  return content.length === 1 && content[0]!.type === 'element' && /^h[1-6]$/.test(content[0]!.tagName);
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

/**
 * Each HTML string as a list of nodes, from one parse: each string in a <div> of its own (citeproc's
 * HTML is balanced, so no string reaches into another's div).
 */
function fragments(htmls: string[]): ElementContent[][] {
  const root = fromHtml(htmls.map((html) => `<div>${html}</div>`).join(''), { fragment: true });
  const divs = root.children.filter((c): c is Element => c.type === 'element');
  return htmls.map((_, i) => withoutPositions(divs[i]?.children ?? []));
}

/** Parsed HTML's positions are offsets in that HTML, not in the Markdown: dropped. */
function withoutPositions(nodes: ElementContent[]): ElementContent[] {
  for (const node of nodes) visit(node, (n) => void delete n.position);
  return nodes;
}

function text(value: string): ElementContent {
  return { type: 'text', value };
}

// The edition step for cross-references (Quarto's syntax): every `@fig-x`, `@tbl-x`, `@eq-x` and
// `@sec-x` placeholder (remark-references.ts) filled with the label's word and number from
// strings.yaml ("Figure 3", linked), or the number alone for `[-@fig-x]`. Numbers run across the
// edition (figures and tables with remark-figures.ts's counter, equations with their own); a
// section is named by its heading's number, or by its title when it has none. Runs once every file
// has run, so a reference may come before its label. An unknown label is an error at the reference.
// `@fig-x[page]` adds "on page 12" (strings.yaml `onPage`) with a `data-page-of` number the print
// module fills in and proves like the contents numbers (print/pdf.ts); the web edition drops it.
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { VFile } from 'vfile';
import { eachElement } from '../hast-walk.js';
import { CROSSREF_PREFIX, labelKind, type AtItem } from './at-references.js';
import type { ClusterRecord, LabelKind, LabelRecord, ReferenceRegistry } from './references-registry.js';
import type { Strings } from '../content/strings.js';
import { report } from './data.js';
import { PAGE_PLACEHOLDER } from './contents.js';
import { RULES } from '../rules.js';

interface Unit {
  file: VFile;
  hast?: HastRoot;
}

/**
 * Placeholders of the edition's `@` references, by cluster, where they stand in the hast; and the
 * first element with id `refs` (the `::: {#refs}` div that holds the bibliography), found in the same
 * walk: the references filled in put no id into the tree.
 */
export class Placeholders extends Map<number, Element> {
  refs: Element | undefined;
}

export function placeholdersOf(units: Unit[]): Placeholders {
  const found = new Placeholders();
  for (const unit of units) {
    if (!unit.hast) continue;
    eachElement(unit.hast, (node) => {
      const id = node.properties.dataAtRef;
      if (id !== undefined) found.set(Number(id), node);
      if (node.properties.id === 'refs') found.refs ??= node;
    });
  }
  return found;
}

export function resolveCrossrefs(
  units: Unit[],
  registry: ReferenceRegistry,
  placeholders: Map<number, Element>,
  strings: Strings,
): void {
  addSectionLabels(units, registry);
  for (const record of registry.clusters) {
    if (!record.cluster.items.some((item) => CROSSREF_PREFIX.test(item.key))) continue;
    const node = placeholders.get(record.id);
    if (!node) continue;
    delete node.properties.dataAtRef;
    const children = render(record, registry, strings);
    if (children) node.children = children;
  }
}

/** `## Title {#sec-x}`: the heading's number (or title) under its label. */
function addSectionLabels(units: Unit[], registry: ReferenceRegistry): void {
  for (const unit of units) {
    for (const heading of unit.file.data.headings ?? []) {
      if (!heading.explicitId || labelKind(heading.explicitId) !== 'sec') continue;
      registry.addLabel({
        label: heading.explicitId,
        kind: 'sec',
        number: heading.number,
        title: heading.title,
        target: heading.id,
        file: unit.file,
        position: heading.position,
      });
    }
  }
}

/** The cluster's items, each linked; undefined (the text as typed stays) when one is unknown. */
function render(record: ClusterRecord, registry: ReferenceRegistry, strings: Strings): ElementContent[] | undefined {
  const parts: ElementContent[] = [];
  for (const [i, item] of record.cluster.items.entries()) {
    const label = registry.labels.get(item.key);
    if (!label || !CROSSREF_PREFIX.test(item.key)) {
      unknown(record, item.key);
      return undefined;
    }
    if (i > 0) parts.push(text(', '));
    if (item.prefix) parts.push(text(`${item.prefix} `));
    parts.push(link(label, words(label, item, strings)));
    if (item.page) parts.push(pageReference(label, strings.onPage));
    if (item.locator) parts.push(text(`, ${item.locator}`));
    if (item.suffix) parts.push(text(item.suffix.startsWith(',') ? item.suffix : ` ${item.suffix}`));
  }
  return parts;
}

const WORD: Record<LabelKind, keyof Strings> = {
  fig: 'figure',
  tbl: 'table',
  eq: 'equation',
  sec: 'section',
  lst: 'listing',
};

function words(label: LabelRecord, item: AtItem, strings: Strings): string {
  if (label.number === '') return label.title ?? label.label;
  return item.suppressAuthor ? label.number : `${strings[WORD[label.kind]]}\u00a0${label.number}`;
}

function link(label: LabelRecord, value: string): Element {
  return {
    type: 'element',
    tagName: 'a',
    properties: { href: `#${label.target ?? label.label}`, className: ['xref-link'] },
    children: [text(value)],
  };
}

/** Class of the "on page 12" after a cross-reference: print only (the web edition removes it). */
export const PAGE_REFERENCE_CLASS = 'xref-page';

/**
 * " on page 000": the words around `{page}` and the number's placeholder, filled in after printing.
 * A space before the words unless they start with punctuation (kk ", 12-бетте"); the number keeps
 * to the word before it.
 */
function pageReference(label: LabelRecord, pattern: string): Element {
  // (strings.schema.json asks for `{page}`; without it the number goes last.)
  const [words = '', after = ''] = pattern.includes('{page}') ? pattern.split('{page}') : [`${pattern} `];
  const before = words.replace(/ $/, '\u00a0');
  const number: Element = {
    type: 'element',
    tagName: 'span',
    properties: { className: ['xref-page-number'], dataPageOf: label.target ?? label.label },
    children: [text(PAGE_PLACEHOLDER)],
  };
  const gap = /^\p{P}/u.test(pattern) ? '' : ' ';
  return {
    type: 'element',
    tagName: 'span',
    properties: { className: [PAGE_REFERENCE_CLASS] },
    children: [text(`${gap}${before}`), number, ...(after ? [text(after)] : [])],
  };
}

function text(value: string): ElementContent {
  return { type: 'text', value };
}

function unknown(record: ClusterRecord, key: string): void {
  const crossref = CROSSREF_PREFIX.test(key);
  report(
    record.file,
    { type: 'reference', position: record.position },
    crossref
      ? `cross-reference "@${key}": no figure, table, equation or section has the label {#${key}}`
      : `"@${key}" is a citation among cross-references: write it in brackets of its own`,
    RULES.unknownLabel,
    crossref
      ? `label the figure, table, equation or heading with {#${key}}, or fix the name`
      : `write [@${key}] apart from the cross-references`,
  );
}

// Notes across the whole edition: `[^name]` in any chapter resolves to its definition in sources.md,
// numbered by first reference in reading order, linked both ways, and rendered as the sources list
// where sources.md puts its definitions. GFM footnotes alone resolve only inside one file and leave a
import type { NoteBacklinks, NoteItem, NoteLabel, NotesList } from './types.js';
// dangling `[^x]` as plain text, so references are also found in text here.
import type { FootnoteDefinition, Link, PhrasingContent, Root, Text } from 'mdast';
import type { ElementContent } from 'hast';
import type { Node } from 'unist';
import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import { toString } from 'mdast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import type { NoteNumbering } from '../config/config.js';
import { formatNoteNumber } from './numbering.js';
import { report } from './data.js';
import { RULES } from '../rules.js';

const REFERENCE_IN_TEXT = /\[\^([^\]\s]+)\]/g;

interface Definition {
  name: string;
  node: FootnoteDefinition;
  file: VFile;
}

export interface NoteSummary {
  name: string;
  label: string;
  references: number;
}

/** Per-build state of the edition's notes: created for one locale, never shared across runs. */
export class NoteRegistry {
  private readonly definitions = new Map<string, Definition>();
  /** Names in order of first reference. */
  private readonly order: string[] = [];
  private readonly referenceCounts = new Map<string, number>();

  constructor(private readonly numbering: NoteNumbering) {}

  /** Register the definitions of the sources file, checking each. */
  collect(tree: Root, file: VFile): void {
    visit(tree, 'footnoteDefinition', (node) => {
      const name = normalize(node.identifier);
      const earlier = this.definitions.get(name);
      if (earlier) {
        const line = earlier.node.position?.start.line;
        report(
          file,
          node,
          'error',
          `note "${name}" is defined twice (first at line ${line})`,
          RULES.duplicateNote,
          'give one of them another name, or delete one',
        );
        return SKIP;
      }
      this.definitions.set(name, { name, node, file });
      if (toString(node).trim() === '') {
        report(
          file,
          node,
          'error',
          `note "${name}" has an empty definition`,
          RULES.emptyNote,
          'write the source title and its URL after the colon',
        );
        return SKIP;
      }
      const links: Link[] = [];
      visit(node, 'link', (link) => void links.push(link));
      if (links.length === 0) {
        report(
          file,
          node,
          'warning',
          `note "${name}" has no URL`,
          RULES.noteWithoutUrl,
          'add the address in angle brackets: <https://…>',
        );
      }
      for (const link of links) {
        if (!isWebUrl(link.url)) {
          report(
            file,
            link,
            'warning',
            `note "${name}" has an invalid URL "${link.url}"`,
            RULES.noteInvalidUrl,
            'use a full http(s) address',
          );
        }
      }
      return SKIP;
    });
  }

  /** A reference in reading order: returns its label and ids, or undefined when nothing defines it. */
  refer(name: string): { label: string; noteId: string; refId: string; count: number } | undefined {
    if (!this.definitions.has(name)) return undefined;
    if (!this.referenceCounts.has(name)) this.order.push(name);
    const count = (this.referenceCounts.get(name) ?? 0) + 1;
    this.referenceCounts.set(name, count);
    return { label: this.labelOf(name), noteId: noteId(name), refId: refId(name, count), count };
  }

  has(name: string): boolean {
    return this.definitions.has(name);
  }

  labelOf(name: string): string {
    return formatNoteNumber(this.order.indexOf(name) + 1, this.numbering);
  }

  /** Numbered notes first, then definitions nobody referenced (each reported as a warning). */
  summary(): NoteSummary[] {
    return this.order.map((name) => ({
      name,
      label: this.labelOf(name),
      references: this.referenceCounts.get(name) ?? 0,
    }));
  }

  unreferenced(): Definition[] {
    return [...this.definitions.values()].filter((d) => !this.referenceCounts.has(d.name));
  }

  ordered(): Definition[] {
    return this.order.map((name) => this.definitions.get(name)!);
  }

  referenceCount(name: string): number {
    return this.referenceCounts.get(name) ?? 0;
  }
}

export interface RemarkNotesOptions {
  registry: NoteRegistry;
  /** Localized label of back-links, e.g. "Back to reference". */
  backLabel: string;
}

export default function remarkNotes(options: RemarkNotesOptions) {
  const { registry } = options;
  return (tree: Root, file: VFile) => {
    const isSources = file.data.role?.kind === 'sources';
    const place = location(file);

    if (!isSources) {
      visit(tree, 'footnoteDefinition', (node, index, parent) => {
        report(
          file,
          node,
          'error',
          `note "${normalize(node.identifier)}" is defined outside sources.md`,
          RULES.definitionOutsideSources,
          'move the definition to sources.md',
        );
        if (parent && index !== undefined) parent.children.splice(index, 1);
        return [SKIP, index];
      });
    }

    const referTo = (name: string, node: Node): PhrasingContent => {
      const ref = registry.refer(name);
      if (!ref) {
        report(
          file,
          node,
          'error',
          `note "${name}" has no definition in sources.md`,
          RULES.danglingNote,
          `define it in sources.md as [^${name}]: Title <https://…>`,
        );
        return { type: 'text', value: `[^${name}]` };
      }
      return noteReferenceNode(ref.label, ref.noteId, ref.refId, node);
    };

    const source = String(file.value);
    visit(tree, (node, index, parent) => {
      if (!parent || index === undefined) return undefined;
      if (node.type === 'footnoteReference') {
        parent.children.splice(index, 1, referTo(normalize(node.identifier), node));
        return SKIP;
      }
      if (node.type !== 'text') return undefined;
      const text = node;
      // A text node made by another plugin may have no position: report on its parent then.
      const parts = splitReferences(text, text.position ?? parent.position, source, place, referTo);
      if (!parts) return undefined;
      parent.children.splice(index, 1, ...parts);
      return [SKIP, index + parts.length];
    });

    if (isSources) renderSourcesList(tree, registry, options.backLabel, file);
  };
}

function splitReferences(
  text: Text,
  position: Node['position'],
  source: string,
  place: ReturnType<typeof location>,
  referTo: (name: string, node: Node) => PhrasingContent,
): PhrasingContent[] | undefined {
  const matches = [...text.value.matchAll(REFERENCE_IN_TEXT)];
  if (matches.length === 0) return undefined;
  // Where each match stands in the file. A text node's value has escapes (`\*`) and character
  // references (`&amp;`) decoded, so offsets into the value drift from the source: find the same
  // references in the node's source text instead, in order. `\[^x]` there is an escaped bracket,
  // meant as literal text, and stays text.
  const start = text.position?.start.offset;
  const end = text.position?.end.offset;
  let inSource: Array<{ offset: number; escaped: boolean }> | undefined;
  if (start !== undefined && end !== undefined) {
    const raw = [...source.slice(start, end).matchAll(REFERENCE_IN_TEXT)];
    if (raw.length === matches.length) {
      inSource = raw.map((m) => ({ offset: start + m.index, escaped: isEscaped(source, start + m.index) }));
    }
  }
  const parts: PhrasingContent[] = [];
  let last = 0;
  matches.forEach((match, i) => {
    const found = inSource?.[i];
    if (found?.escaped) return;
    if (match.index > last) parts.push({ type: 'text', value: text.value.slice(last, match.index) });
    const from = found ? place.toPoint(found.offset) : undefined;
    const to = found ? place.toPoint(found.offset + match[0].length) : undefined;
    parts.push(
      referTo(normalize(match[1]!), {
        type: 'text',
        position: from && to ? { start: from, end: to } : position,
      }),
    );
    last = match.index + match[0].length;
  });
  if (last === 0) return undefined;
  if (last < text.value.length) parts.push({ type: 'text', value: text.value.slice(last) });
  return parts;
}

/** True when an odd number of backslashes stands right before `offset`. */
function isEscaped(source: string, offset: number): boolean {
  let slashes = 0;
  for (let i = offset - 1; i >= 0 && source[i] === '\\'; i -= 1) slashes += 1;
  return slashes % 2 === 1;
}

function noteReferenceNode(label: string, note: string, ref: string, origin: Node): PhrasingContent {
  const children: ElementContent[] = [
    {
      type: 'element',
      tagName: 'a',
      properties: { href: `#${note}`, id: ref, role: 'doc-noteref' },
      children: [{ type: 'text', value: label }],
    },
  ];
  // An mdast node with hName/hChildren becomes exactly this hast element in remark-rehype.
  return {
    type: 'noteReference',
    position: origin.position,
    data: { hName: 'sup', hProperties: { className: ['note-ref'] }, hChildren: children },
  };
}

function renderSourcesList(tree: Root, registry: NoteRegistry, backLabel: string, file: VFile): void {
  for (const unused of registry.unreferenced()) {
    report(
      file,
      unused.node,
      'warning',
      `note "${unused.name}" is never referenced`,
      RULES.unusedNote,
      `cite it as [^${unused.name}] in a chapter, or delete it`,
    );
  }
  const firstIndex = tree.children.findIndex((n) => n.type === 'footnoteDefinition');
  const firstPosition = tree.children[firstIndex]?.position;
  // Every definition goes into the list, including one indented into a list or quote by mistake:
  // none may reach remark-rehype, which would print a second, file-local footnote section.
  visit(tree, 'footnoteDefinition', (_node, index, parent) => {
    if (!parent || index === undefined) return undefined;
    parent.children.splice(index, 1);
    return [SKIP, index];
  });
  const items = registry.ordered().map((def) => sourceItem(def, registry, backLabel));
  if (items.length === 0) return;
  const list: NotesList = {
    type: 'notesList',
    // Where the first definition stood: a message about the list (e.g. no `#` title before it) has a line.
    position: firstPosition,
    data: { hName: 'ol', hProperties: { className: ['sources'], role: 'list' } },
    children: items,
  };
  tree.children.splice(firstIndex === -1 ? tree.children.length : firstIndex, 0, list);
}

function sourceItem(def: Definition, registry: NoteRegistry, backLabel: string): NoteItem {
  const label = registry.labelOf(def.name);
  const backLinks: ElementContent[] = [];
  const count = registry.referenceCount(def.name);
  for (let i = 2; i <= count; i += 1) {
    backLinks.push({ type: 'text', value: ' ' });
    backLinks.push({
      type: 'element',
      tagName: 'a',
      properties: {
        href: `#${refId(def.name, i)}`,
        role: 'doc-backlink',
        className: ['backlink'],
        ariaLabel: `${backLabel} ${label} (${i})`,
      },
      children: [{ type: 'text', value: `^${i}` }],
    });
  }
  const labelNode: NoteLabel = {
    type: 'noteLabel',
    data: {
      hName: 'a',
      hProperties: {
        href: `#${refId(def.name, 1)}`,
        role: 'doc-backlink',
        className: ['note-label'],
        ariaLabel: `${backLabel} ${label}`,
      },
      hChildren: [{ type: 'text', value: label }],
    },
  };
  const back: NoteBacklinks = {
    type: 'noteBacklinks',
    data: { hName: 'span', hProperties: { className: ['backlinks'] }, hChildren: backLinks },
  };
  return {
    type: 'noteItem',
    data: { hName: 'li', hProperties: { id: noteId(def.name) } },
    children: [
      labelNode,
      {
        type: 'noteBody',
        data: { hName: 'div', hProperties: { className: ['note-body'] } },
        children: def.node.children,
      },
      back,
    ],
  };
}

export function noteId(name: string): string {
  return `note-${name}`;
}

function refId(name: string, n: number): string {
  return n === 1 ? `ref-${name}` : `ref-${name}-${n}`;
}

function normalize(identifier: string): string {
  return identifier.trim().toLowerCase().replace(/\s+/g, '-');
}

function isWebUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname.includes('.');
  } catch {
    return false;
  }
}

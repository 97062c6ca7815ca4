// Note references of every kind, resolved against the edition's notes (notes-registry.ts):
// `[^name]` (GFM), a `[^name]` left as text because its definition is in another file, and Pandoc's
// inline notes `^[…]`. Each becomes a numbered, linked `<sup>`. A footnote's definition leaves its
// place in the text and joins the file's pending footnotes at the end of the tree, so every later
// plugin still processes its content; footnotes.ts places it once the whole edition is resolved.
// The sources file's definitions become the sources list (sources-list.ts).
import type { FootnoteDefinition, FootnoteReference, Parent, PhrasingContent, Root, Text } from 'mdast';
import type { ElementContent } from 'hast';
import type { Node, Point } from 'unist';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';
import { report } from './data.js';
import { normalize, scopeOf, type Definition, type NoteRegistry } from './notes-registry.js';
import { renderSourcesList } from './sources-list.js';
import type { NoteItem, PendingFootnotes } from './types.js';
import { findInlineNotes } from './inline-notes.js';
import { RULES } from '../rules.js';
import { pointsIn } from '../positions.js';

// `[` is excluded from the name so that a long run of `[^a[^a…` is scanned once (linear), not once per `[`.
const REFERENCE_IN_TEXT = /\[\^([^\]\s[]+)\]/g;

export interface RemarkNotesOptions {
  registry: NoteRegistry;
  /** Localized label of back-links, e.g. "Back to reference". */
  backLabel: string;
}

export default function remarkNotes(options: RemarkNotesOptions) {
  const { registry } = options;
  return (tree: Root, file: VFile) => {
    const isSources = file.data.role?.kind === 'sources';
    const pointAt = pointsIn(String(file.value));
    const pending: NoteItem[] = [];
    if (!isSources) takeDefinitions(tree, scopeOf(file), pending);
    const inline = inlineNotes(tree, file, registry, pending);

    const referTo = (name: string, node: Node): PhrasingContent => {
      const found = registry.lookup(name, file);
      if ('missing' in found) {
        const where = found.elsewhere.map((d) => d.file.basename).join(', ');
        report(
          file,
          node,
          found.elsewhere.length > 1
            ? `note "${name}" is defined in several files (${where}): which one is meant is unclear`
            : `note "${name}" has no definition`,
          RULES.danglingNote,
          `define it in this file as [^${name}]: …, or in sources.md`,
        ).actual = name; // parity.ts reads the name here
        return { type: 'text', value: `[^${name}]` };
      }
      return noteReferenceNode(registry.refer(found, file), node);
    };

    const source = String(file.value);
    visit(tree, (node, index, parent) => {
      if (!parent || index === undefined) return undefined;
      if (node.type === 'footnoteReference') {
        const inlineNote = inline.get(node);
        const reference = inlineNote
          ? noteReferenceNode(registry.refer(inlineNote, file), node)
          : referTo(normalize(node.identifier), node);
        parent.children.splice(index, 1, reference);
        return SKIP;
      }
      if (node.type !== 'text') return undefined;
      const text = node;
      // A text node made by another plugin may have no position: report on its parent then.
      const parts = splitReferences(text, text.position ?? parent.position, source, pointAt, referTo);
      if (!parts) return undefined;
      parent.children.splice(index, 1, ...parts);
      return [SKIP, index + parts.length];
    });

    if (pending.length > 0) {
      const list: PendingFootnotes = {
        type: 'pendingFootnotes',
        data: { hName: 'ol', hProperties: { className: ['footnotes-pending'] } },
        children: pending,
      };
      tree.children.push(list);
    }
    if (isSources) renderSourcesList(tree, registry, options.backLabel, file);
  };
}

/** A file's own definitions leave the text (wherever they stand) for the pending list. */
function takeDefinitions(tree: Root, scope: string, pending: NoteItem[]): void {
  visit(tree, 'footnoteDefinition', (node, index, parent) => {
    if (!parent || index === undefined) return undefined;
    parent.children.splice(index, 1);
    pending.push(pendingItem(`${scope}/${normalize(node.identifier)}`, node));
    return [SKIP, index];
  });
}

/**
 * `^[…]` in any paragraph or heading → a reference (numbered later, in reading order with the
 * others), and its text a pending footnote. Returns each such reference's note.
 */
function inlineNotes(tree: Root, file: VFile, registry: NoteRegistry, pending: NoteItem[]): Map<Node, Definition> {
  const found = new Map<Node, Definition>();
  const source = String(file.value);
  // A citation's own note (note styles: remark-references.ts) is an inline note made in the tree.
  visit(tree, 'footnoteReference', (node) => {
    const note = node.data?.citationNote;
    if (!note) return;
    const registered = registry.inline(note, file);
    pending.push(pendingItem(registered.key, note));
    found.set(node, registered);
  });
  visit(tree, (node) => {
    if (!('children' in node)) return undefined;
    const parent = node as Parent;
    if (!parent.children.some((c) => c.type === 'text' && c.value.includes('^['))) return undefined;
    const spans = findInlineNotes(parent.children as PhrasingContent[], source);
    const references = spans.map((span) => {
      const definition: FootnoteDefinition = {
        type: 'footnoteDefinition',
        identifier: '',
        children: [{ type: 'paragraph', children: span.content }],
        position: span.position,
      };
      const registered = registry.inline(definition, file);
      pending.push(pendingItem(registered.key, definition));
      const reference: FootnoteReference = { type: 'footnoteReference', identifier: '', position: span.position };
      found.set(reference, registered);
      return reference;
    });
    // Right to left, so the indices of the spans not yet replaced stay true.
    for (let i = spans.length - 1; i >= 0; i -= 1) {
      const span = spans[i]!;
      parent.children.splice(span.from, span.to - span.from, ...span.before, references[i]!, ...span.after);
    }
    return undefined;
  });
  return found;
}

function pendingItem(marker: string, node: FootnoteDefinition): NoteItem {
  return {
    type: 'noteItem',
    position: node.position,
    data: { hName: 'li', hProperties: { dataNote: marker } },
    children: [
      { type: 'noteBody', data: { hName: 'div', hProperties: { className: ['note-body'] } }, children: node.children },
    ],
  };
}

function splitReferences(
  text: Text,
  position: Node['position'],
  source: string,
  pointAt: (offset: number) => Point,
  referTo: (name: string, node: Node) => PhrasingContent,
): PhrasingContent[] | undefined {
  if (!text.value.includes('[^')) return undefined;
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
    const from = found ? pointAt(found.offset) : undefined;
    const to = found ? pointAt(found.offset + match[0].length) : undefined;
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

function noteReferenceNode(
  reference: { definition: Definition; label: string; refId: string },
  origin: Node,
): PhrasingContent {
  const children: ElementContent[] = [
    {
      type: 'element',
      tagName: 'a',
      properties: { href: `#${reference.definition.noteId}`, id: reference.refId, role: 'doc-noteref' },
      children: [{ type: 'text', value: reference.label }],
    },
  ];
  // An mdast node with hName/hChildren becomes exactly this hast element in remark-rehype.
  return {
    type: 'noteReference',
    position: origin.position,
    data: {
      hName: 'sup',
      hProperties: { className: reference.definition.kind === 'source' ? ['note-ref'] : ['note-ref', 'footnote-ref'] },
      hChildren: children,
    },
  };
}

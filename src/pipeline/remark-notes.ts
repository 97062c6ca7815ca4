// Notes across the whole edition: `[^name]` in any chapter resolves to its definition in sources.md
// (notes-registry.ts), numbered by first reference in reading order, linked both ways, and rendered as
// the sources list (sources-list.ts) where sources.md puts its definitions. GFM footnotes alone resolve
// only inside one file and leave a dangling `[^x]` as plain text, so references are also found in text here.
import type { PhrasingContent, Root, Text } from 'mdast';
import type { ElementContent } from 'hast';
import type { Node } from 'unist';
import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import { SKIP, visit } from 'unist-util-visit';
import { report } from './data.js';
import { normalize, type NoteRegistry } from './notes-registry.js';
import { renderSourcesList } from './sources-list.js';
import { RULES } from '../rules.js';

const REFERENCE_IN_TEXT = /\[\^([^\]\s]+)\]/g;

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

// sources.md rendered: its definitions replaced by one numbered list of the referenced notes, in
// the order of first reference, each with back-links to every reference.
import type { Root } from 'mdast';
import type { ElementContent } from 'hast';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';
import type { NoteBacklinks, NoteItem, NoteLabel, NotesList } from './types.js';
import { report } from './data.js';
import { refIdOf, type Definition, type NoteRegistry } from './notes-registry.js';
import { RULES } from '../rules.js';

export function renderSourcesList(tree: Root, registry: NoteRegistry, backLabel: string, file: VFile): void {
  for (const unused of registry.unreferenced('source')) {
    report(
      file,
      unused.node,
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
  const items = registry.ordered('source').map((def) => noteItem(def, registry, backLabel));
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

/** One note as a list item: its label linking back to the first reference, its text, back-links to the others. */
export function noteItem(def: Definition, registry: NoteRegistry, backLabel: string): NoteItem {
  const label = registry.labelOf(def.key);
  const backLinks: ElementContent[] = [];
  const count = registry.referenceCount(def.key);
  for (let i = 2; i <= count; i += 1) {
    backLinks.push({ type: 'text', value: ' ' });
    backLinks.push({
      type: 'element',
      tagName: 'a',
      properties: {
        href: `#${refIdOf(def, i)}`,
        role: 'doc-backlink',
        className: ['backlink'],
        ariaLabel: `${backLabel} ${label} ^${i}`,
      },
      children: [{ type: 'text', value: `^${i}` }],
    });
  }
  const labelNode: NoteLabel = {
    type: 'noteLabel',
    data: {
      hName: 'a',
      hProperties: {
        href: `#${refIdOf(def, 1)}`,
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
    data: { hName: 'li', hProperties: { id: def.noteId } },
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

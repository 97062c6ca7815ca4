// The edition step for footnotes: once every file is transformed (so every reference is numbered),
// each file's pending footnotes (remark-notes.ts) become numbered list items with back-links, grouped
// by the chapter that first refers to them. Where they are printed (after each chapter, or in one
// Notes chapter) is the theme's choice, made when rendering (render/place-notes.ts).
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { VFile } from 'vfile';
import { report } from './data.js';
import { refIdOf, type Definition, type NoteRegistry } from './notes-registry.js';
import { RULES } from '../rules.js';
import { hasClass } from '../hast-classes.js';

interface Unit {
  file: VFile;
  hast?: HastRoot;
}

/** Footnote items (`<li>`) per chapter id (`preface` for the preface), in order of first reference. */
export type FootnotesByChapter = Map<string, Element[]>;

export function resolveFootnotes(units: Unit[], registry: NoteRegistry, backLabel: string): FootnotesByChapter {
  const bodies = takePending(units);
  for (const unused of registry.unreferenced('footnote')) {
    report(
      unused.file,
      unused.node,
      `note "${unused.name}" is never referenced`,
      RULES.unusedNote,
      `refer to it as [^${unused.name}] in the text, or delete it`,
    );
  }
  const byChapter: FootnotesByChapter = new Map();
  for (const definition of registry.ordered('footnote')) {
    const file = registry.firstFileOf(definition.key);
    const chapter = file ? chapterOf(file) : 'preface';
    const items = byChapter.get(chapter) ?? [];
    items.push(footnoteItem(definition, registry, backLabel, bodies.get(definition.key) ?? []));
    byChapter.set(chapter, items);
  }
  return byChapter;
}

/** Each file's `<ol class="footnotes-pending">` taken out of its tree: the bodies by note key. */
function takePending(units: Unit[]): Map<string, ElementContent[]> {
  const bodies = new Map<string, ElementContent[]>();
  for (const unit of units) {
    const tree = unit.hast;
    if (!tree) continue;
    tree.children = tree.children.filter((child) => {
      if (!isPendingList(child)) return true;
      for (const item of child.children) {
        if (item.type !== 'element') continue;
        const key = String(item.properties.dataNote);
        if (!bodies.has(key)) bodies.set(key, item.children);
      }
      return false;
    });
  }
  return bodies;
}

function isPendingList(node: HastRoot['children'][number]): node is Element {
  return node.type === 'element' && node.tagName === 'ol' && hasClass(node, 'footnotes-pending');
}

function chapterOf(file: VFile): string {
  const role = file.data.role;
  if (!role || role.kind === 'preface') return 'preface';
  return role.kind === 'section' ? role.chapterSlug : role.slug;
}

function footnoteItem(def: Definition, registry: NoteRegistry, backLabel: string, body: ElementContent[]): Element {
  const label = registry.labelOf(def.key);
  const backLinks: ElementContent[] = [];
  for (let i = 2; i <= registry.referenceCount(def.key); i += 1) {
    backLinks.push(
      { type: 'text', value: ' ' },
      link(`#${refIdOf(def, i)}`, `${backLabel} ${label} ^${i}`, ['backlink'], `^${i}`),
    );
  }
  return {
    type: 'element',
    tagName: 'li',
    properties: { id: def.noteId },
    position: def.node.position,
    children: [
      link(`#${refIdOf(def, 1)}`, `${backLabel} ${label}`, ['note-label'], label),
      ...body,
      { type: 'element', tagName: 'span', properties: { className: ['backlinks'] }, children: backLinks },
    ],
  };
}

function link(href: string, ariaLabel: string, className: string[], text: string): Element {
  return {
    type: 'element',
    tagName: 'a',
    properties: { href, role: 'doc-backlink', className, ariaLabel },
    children: [{ type: 'text', value: text }],
  };
}

// Footnotes placed as the theme says (`notes:` in theme.yaml): after the chapter that first refers to
// them (`chapter`, the default), in one Notes chapter closing the edition (`end`), or at the foot of
// the page of their reference (`foot`: print only; the web edition keeps them after each chapter).
// For `foot` the print HTML carries every note in one hidden store, sources included (as copies: the
// Sources chapter keeps its list); print/foot-notes.ts moves each to its page once Chromium has laid
// the pages out. The pipeline numbered the notes across the edition; `note-numbers: chapter` (and
// `page`, which print renumbers per page) counts again from 1 in each chapter here.
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { visit } from 'unist-util-visit';
import { hasClass } from '../hast-classes.js';
import type { EditionChapter, ProcessedEdition } from '../pipeline/edition.js';
import { formatNoteNumber, toRoman } from '../pipeline/numbering.js';

export type NotePlacement = 'chapter' | 'end' | 'foot';
export type NoteNumbers = 'edition' | 'chapter' | 'page';

/** The id of the Notes chapter (`end`): prefixed like every generated note id, so no heading can take it. */
export const NOTES_CHAPTER_ID = 'fn-notes';
/** The hidden store of page-foot notes in the print HTML (print/foot-notes.ts empties it). */
export const FOOT_STORE_CLASS = 'foot-store';
let lastStoreAsked: { html?: string; has: boolean } = { has: false };
/**
 * Whether a print HTML holds the store (its element: the print CSS names the class too). The last
 * answer kept: a print asks it of the same HTML several times, and at 20 × the review each search of
 * its ~5 MB took ~15 ms.
 */
export function hasFootStore(html: string): boolean {
  if (html !== lastStoreAsked.html) lastStoreAsked = { html, has: html.includes(`<div class="${FOOT_STORE_CLASS}"`) };
  return lastStoreAsked.has;
}
/** A source's copy printed at a page foot: `fn-foot-` + the source's id (no heading id starts with `fn-`). */
export const FOOT_COPY_PREFIX = 'fn-foot-';

export function placeNotes(
  edition: ProcessedEdition,
  placement: NotePlacement,
  medium: 'print' | 'screen' = 'print',
  numbers: NoteNumbers = 'edition',
): ProcessedEdition {
  const counted = numbers === 'edition' ? edition : numberPerChapter(edition);
  if (placement === 'foot' && medium === 'print') return inStore(counted, numbers);
  return placement === 'end' ? atEnd(counted) : afterChapters(counted);
}

function afterChapters(edition: ProcessedEdition): ProcessedEdition {
  const title = edition.strings.notes ?? 'Notes';
  return {
    ...edition,
    preface: withNotes(edition.preface, edition.prefaceFootnotes, title),
    chapters: edition.chapters.map((chapter) => ({
      ...chapter,
      tree: withNotes(chapter.tree, chapter.footnotes, title)!,
    })),
  };
}

function atEnd(edition: ProcessedEdition): ProcessedEdition {
  const title = edition.strings.notes ?? 'Notes';
  const all = [...edition.prefaceFootnotes, ...edition.chapters.flatMap((c) => c.footnotes)];
  if (all.length === 0) return edition;
  const number = toRoman(edition.chapters.filter((chapter) => chapter.number !== '').length + 1);
  const notesChapter: EditionChapter = {
    id: NOTES_CHAPTER_ID,
    lang: edition.locale,
    fallback: false,
    kind: 'notes',
    number,
    title,
    short: title,
    tree: { type: 'root', children: [heading(title, number), list(all)] },
    footnotes: [],
  };
  return {
    ...edition,
    chapters: [...edition.chapters, notesChapter],
    contents: [...edition.contents, { id: NOTES_CHAPTER_ID, number, title, fallback: false, children: [] }],
  };
}

/**
 * `foot` in print: every footnote, and a copy of every source, in one hidden list at the end of the
 * edition; references to a source point at its copy. Nothing is printed from the store itself.
 */
function inStore(edition: ProcessedEdition, numbers: NoteNumbers): ProcessedEdition {
  const sources = edition.chapters.find((c) => c.kind === 'sources');
  const copies: Element[] = [];
  if (sources) {
    // The items of the Sources list (each list's own children, collected in one walk).
    const items = new Set<Element>();
    visit(sources.tree, 'element', (node) => {
      if (hasClass(node, 'sources')) for (const child of node.children) if (child.type === 'element') items.add(child);
    });
    visit(sources.tree, 'element', (node) => {
      if (node.tagName !== 'li' || !node.properties.id || !items.has(node)) return;
      const copy = structuredClone(node);
      copy.properties.id = `${FOOT_COPY_PREFIX}${String(node.properties.id)}`;
      copies.push(copy);
    });
  }
  const copied = new Set(copies.map((c) => String(c.properties.id).slice(FOOT_COPY_PREFIX.length)));
  const retarget = (tree: HastRoot): HastRoot => (copied.size === 0 ? tree : retargeted(tree, copied));
  const notes = [...edition.prefaceFootnotes, ...edition.chapters.flatMap((c) => c.footnotes), ...copies];
  const store: Element = {
    type: 'element',
    tagName: 'div',
    // What the page needs to know: the word for a continued note, and whether marks count per page.
    properties: {
      className: [FOOT_STORE_CLASS],
      hidden: true,
      dataContinued: edition.strings.continued ?? 'continued',
      dataNumbers: numbers,
    },
    children: [list(notes)],
  };
  const chapters = edition.chapters.map((chapter) => ({ ...chapter, tree: retarget(chapter.tree) }));
  let preface = edition.preface && retarget(edition.preface);
  if (notes.length > 0) {
    const last = chapters.at(-1);
    // (New trees: the edition's own may be shared with the retargeted ones.)
    if (last) last.tree = { ...last.tree, children: [...last.tree.children, store] };
    else if (preface) preface = { ...preface, children: [...preface.children, store] };
  }
  return { ...edition, preface, chapters };
}

/** The note id a reference mark links to, or undefined for any other element. */
function noteTarget(node: Element): string | undefined {
  const href = node.properties.href;
  if (node.tagName !== 'a' || node.properties.role !== 'doc-noteref' || typeof href !== 'string') return undefined;
  return href.startsWith('#') ? href.slice(1) : undefined;
}

/**
 * The tree with every reference to a copied source pointing at its copy: only the nodes on the way
 * to a changed reference are copied, the rest is shared (the trees are never changed in place).
 */
function retargeted<T extends HastRoot | Element>(node: T, copied: ReadonlySet<string>): T {
  if (node.type === 'element') {
    const target = noteTarget(node);
    if (target && copied.has(target))
      return { ...node, properties: { ...node.properties, href: `#${FOOT_COPY_PREFIX}${target}` } };
  }
  let children: typeof node.children | undefined;
  node.children.forEach((child, i) => {
    if (child.type !== 'element') return;
    const changed = retargeted(child, copied);
    if (changed === child) return;
    children ??= [...node.children] as typeof node.children;
    children[i] = changed;
  });
  return children ? { ...node, children } : node;
}

/**
 * Marks counted from 1 in each chapter (the preface first): a note takes its number where it is
 * first referenced; a later reference, in another chapter too, shows that same number.
 */
function numberPerChapter(edition: ProcessedEdition): ProcessedEdition {
  const style = edition.noteNumbering ?? 'decimal';
  const labels = new Map<string, string>();
  const count = (tree: HastRoot | undefined): HastRoot | undefined => {
    if (!tree) return tree;
    const copy = structuredClone(tree);
    let n = 0;
    visit(copy, 'element', (node) => {
      const target = noteTarget(node);
      if (!target) return;
      if (!labels.has(target)) labels.set(target, formatNoteNumber((n += 1), style));
      node.children = [{ type: 'text', value: labels.get(target)! }];
    });
    return copy;
  };
  const preface = count(edition.preface);
  const chapters = edition.chapters.map((chapter) => ({ ...chapter, tree: count(chapter.tree)! }));
  // The notes' own labels follow: footnote items, and the Sources list.
  const relabel = (item: Element): Element => {
    const copy = structuredClone(item);
    const label = labels.get(String(copy.properties.id));
    if (label) visit(copy, 'element', (node) => setLabel(node, label));
    return copy;
  };
  for (const chapter of chapters.filter((c) => c.kind === 'sources')) {
    visit(chapter.tree, 'element', (node) => {
      const label = node.tagName === 'li' ? labels.get(String(node.properties.id)) : undefined;
      if (label) for (const child of node.children) if (child.type === 'element') setLabel(child, label);
    });
  }
  return {
    ...edition,
    preface,
    prefaceFootnotes: edition.prefaceFootnotes.map(relabel),
    chapters: chapters.map((chapter) => ({ ...chapter, footnotes: chapter.footnotes.map(relabel) })),
  };
}

function setLabel(node: Element, label: string): void {
  if (node.tagName === 'a' && hasClass(node, 'note-label')) node.children = [{ type: 'text', value: label }];
}

function withNotes(tree: HastRoot | undefined, notes: Element[], title: string): HastRoot | undefined {
  if (!tree || notes.length === 0) return tree;
  const section: Element = {
    type: 'element',
    tagName: 'section',
    properties: { className: ['footnotes'], role: 'doc-endnotes', ariaLabel: title },
    children: [
      {
        type: 'element',
        tagName: 'p',
        properties: { className: ['footnotes-title'] },
        children: [{ type: 'text', value: title }],
      },
      list(notes),
    ],
  };
  return { ...tree, children: [...tree.children, { type: 'text', value: '\n' }, section] };
}

function list(items: ElementContent[]): Element {
  return {
    type: 'element',
    tagName: 'ol',
    properties: { className: ['footnotes'], role: 'list' },
    children: items,
  };
}

function heading(title: string, number: string): Element {
  return {
    type: 'element',
    tagName: 'h1',
    properties: { id: NOTES_CHAPTER_ID },
    children: [
      {
        type: 'element',
        tagName: 'span',
        properties: { className: ['heading-number'] },
        children: [{ type: 'text', value: `${number}.` }],
      },
      { type: 'text', value: ` ${title}` },
    ],
  };
}

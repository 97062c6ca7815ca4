// Footnotes placed as the theme says (`notes:` in theme.yaml): after the chapter that first refers to
// them (`chapter`, the default), or in one Notes chapter closing the edition (`end`). The pipeline
// numbered them and grouped them by chapter (pipeline/footnotes.ts); only their place is chosen here.
import type { Element, Root as HastRoot } from 'hast';
import type { EditionChapter, ProcessedEdition } from '../pipeline/edition.js';
import { toRoman } from '../pipeline/numbering.js';

export type NotePlacement = 'chapter' | 'end';

/** The id of the Notes chapter (`end`): prefixed like every generated note id, so no heading can take it. */
export const NOTES_CHAPTER_ID = 'fn-notes';

export function placeNotes(edition: ProcessedEdition, placement: NotePlacement): ProcessedEdition {
  const title = edition.strings.notes ?? 'Notes';
  if (placement === 'chapter') {
    return {
      ...edition,
      preface: withNotes(edition.preface, edition.prefaceFootnotes, title),
      chapters: edition.chapters.map((chapter) => ({
        ...chapter,
        tree: withNotes(chapter.tree, chapter.footnotes, title)!,
      })),
    };
  }
  const all = [...edition.prefaceFootnotes, ...edition.chapters.flatMap((c) => c.footnotes)];
  if (all.length === 0) return edition;
  const number = toRoman(edition.chapters.length + 1);
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

function list(items: Element[]): Element {
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

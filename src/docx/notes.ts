// Briefing's notes in Word. Footnotes (the `<li>`s the pipeline grouped by chapter) become real Word
// footnotes, or endnotes when the theme prints notes at the end (`notes: end`); a note referred to
// again is a superscript link to its first reference (Word gives a note one reference). References to
// sources.md stay links to the Sources list, which the edition prints as a chapter.
import type { Element, ElementContent } from 'hast';
import {
  Bookmark,
  EndnoteReferenceRun,
  FootnoteReferenceRun,
  InternalHyperlink,
  Paragraph,
  TextRun,
  type ParagraphChild,
} from 'docx';
import { toString } from 'hast-util-to-string';
import type { DocxContext, Where } from './context.js';
import { hasClass } from '../hast-classes.js';
import type { RunFormat } from './inlines.js';

export type NoteKind = 'footnote' | 'endnote';

/** A note's body → Word paragraphs (blocks.ts, given here so the modules do not import each other). */
export type NoteBody = (nodes: readonly ElementContent[], where: Where) => Paragraph[];

export class DocxNotes {
  /** Footnote `<li>`s by id. */
  private readonly notes = new Map<string, Element>();
  /** Notes already given their Word note: the bookmark at the first reference. */
  private readonly placed = new Map<string, string>();

  constructor(
    private readonly ctx: DocxContext,
    footnotes: readonly Element[],
    readonly kind: NoteKind,
  ) {
    for (const li of footnotes) if (typeof li.properties.id === 'string') this.notes.set(li.properties.id, li);
  }

  /** A `sup.note-ref` → the runs that stand for it in the text. */
  reference(sup: Element, where: Where, format: RunFormat, body: NoteBody, inNote: boolean): ParagraphChild[] {
    const a = sup.children.find((c): c is Element => c.type === 'element' && c.tagName === 'a');
    const href = typeof a?.properties.href === 'string' ? a.properties.href.slice(1) : '';
    const refId = typeof a?.properties.id === 'string' ? a.properties.id : undefined;
    const label = a ? toString(a) : toString(sup);
    const note = this.notes.get(href);
    const first = this.placed.get(href);
    if (note && first === undefined && !inNote) {
      const children = body(noteBody(note), where);
      const run =
        this.kind === 'footnote' ? new FootnoteReferenceRun({ children }) : new EndnoteReferenceRun({ children });
      const mark = this.ctx.bookmark(refId ?? `${href}-ref`);
      this.placed.set(href, mark);
      return [new Bookmark({ id: mark, children: [run] })];
    }
    // A source, a note's later reference, or a reference inside a note: its number, linked.
    const target = note ? first : this.ctx.bookmark(href);
    const text = new TextRun({ ...format, text: label, superScript: true, style: 'Hyperlink' });
    const link = target ? [new InternalHyperlink({ anchor: target, children: [text] })] : [text];
    return refId && !note ? [new Bookmark({ id: this.ctx.bookmark(refId), children: link })] : link;
  }

  /** Footnotes no reference placed (none should be: the pipeline reports unused notes). */
  get unplaced(): Element[] {
    return [...this.notes].filter(([id]) => !this.placed.has(id)).map(([, li]) => li);
  }
}

/** The note's text: its `div.note-body`, without the number and back links Word draws itself. */
export function noteBody(li: Element): ElementContent[] {
  const body = li.children.find((c): c is Element => c.type === 'element' && hasClass(c, 'note-body'));
  return body
    ? body.children
    : li.children.filter((c) => !(c.type === 'element' && (hasClass(c, 'note-label') || hasClass(c, 'backlinks'))));
}

// One locale's processed edition → a Word document (.docx) for reviewers: a title page from the
// edition's metadata, the contents as a Word TOC field, the chapters, notes as Word footnotes (or
// endnotes with `notes: end`), the theme's page, fonts and colours; the same bytes for the same edition.
import {
  AlignmentType,
  Document,
  Footer,
  NumberFormat,
  Packer,
  PageNumber,
  Paragraph,
  TableOfContents,
  TextRun,
  type FileChild,
} from 'docx';
import type { Element } from 'hast';
import type { ProcessedEdition } from '../pipeline/edition.js';
import type { Theme } from '../render/theme.js';
import type { NoteNumbering } from '../config/config.js';
import type { Diagnostic } from '../messages.js';
import { DocxContext, fileOf, whereOf, type Where } from './context.js';
import { DocxNotes, noteBody } from './notes.js';
import { RULES } from '../rules.js';
import { BlockConverter, type Frame } from './blocks.js';
import { lookOf, STYLE, stylesOf } from './styles.js';
import { reproducible } from './reproducible.js';

export interface DocxOptions {
  theme: Theme;
  noteNumbering: NoteNumbering;
  /** The edition's date (SOURCE_DATE_EPOCH, else its year): written as the document's times. */
  date: Date;
}

const NOTE_FORMATS: Record<NoteNumbering, (typeof NumberFormat)[keyof typeof NumberFormat]> = {
  'lower-roman': NumberFormat.LOWER_ROMAN,
  'upper-roman': NumberFormat.UPPER_ROMAN,
  decimal: NumberFormat.DECIMAL,
  symbols: NumberFormat.CHICAGO,
};

/** Millimetres → twentieths of a point (Word's page unit) and → pixels at 96 per inch (picture size). */
const twips = (mm: number) => Math.round((mm * 1440) / 25.4);
const pixels = (mm: number) => Math.floor((mm * 96) / 25.4);

export async function editionDocx(
  edition: ProcessedEdition,
  options: DocxOptions,
): Promise<{ data: Uint8Array; diagnostics: Diagnostic[] }> {
  const { theme } = options;
  const look = lookOf(theme);
  const width = twips(theme.page.contentWidth);
  const ctx = new DocxContext(pixels(theme.page.contentWidth));
  const footnotes: Element[] = [...edition.prefaceFootnotes, ...edition.chapters.flatMap((c) => c.footnotes)];
  const notes = new DocxNotes(ctx, footnotes, theme.notes === 'end' ? 'endnote' : 'footnote');
  const blocks = new BlockConverter(ctx, notes, look, width);
  const body: FileChild[] = [...titlePage(edition, blocks), ...contents(edition, theme)];
  for (const chapter of edition.chapters) {
    const where = fileOf(chapter.tree, chapter.id);
    body.push(
      ...blocks.blocks(chapter.tree.children.filter(isContent), where, inLanguage(chapter.lang, edition.locale)),
    );
  }
  body.push(...unreferenced(edition, notes, blocks, ctx));
  const noteFormat = { numberFormat: { type: NOTE_FORMATS[options.noteNumbering] } };
  const { margins } = theme.page;
  const document = new Document({
    title: edition.meta.title,
    subject: edition.meta.description,
    creator: edition.meta.authors?.join(', ') || edition.meta.publisher,
    keywords: edition.meta.keywords.join(', '),
    description: edition.meta.description,
    lastModifiedBy: 'Briefing',
    styles: withLanguage(stylesOf(look), edition.locale),
    sections: [
      {
        properties: {
          page: {
            size: { width: twips(theme.page.width), height: twips(theme.page.height) },
            margin: {
              top: twips(margins.top),
              right: twips(margins.right),
              bottom: twips(margins.bottom),
              left: twips(margins.left),
            },
          },
          titlePage: true,
          footnoteProperties: noteFormat,
          endnoteProperties: noteFormat,
        },
        footers: { default: pageNumberFooter() },
        children: body,
      },
    ],
  });
  const zip = await Packer.toBuffer(document);
  return { data: reproducible(zip, options.date), diagnostics: ctx.diagnostics };
}

/**
 * Notes no text of the Word edition refers to (only another note does: Word notes cannot hold notes)
 * close the document after its last chapter, each with a warning, rather than go missing.
 */
function unreferenced(
  edition: ProcessedEdition,
  notes: DocxNotes,
  blocks: BlockConverter,
  ctx: DocxContext,
): FileChild[] {
  const left = new Set(notes.unplaced);
  const out: FileChild[] = [];
  const groups: Array<[Element[], Where]> = [
    [edition.prefaceFootnotes, edition.preface ? fileOf(edition.preface, 'preface') : { file: 'preface' }],
    ...edition.chapters.map((c): [Element[], Where] => [c.footnotes, fileOf(c.tree, c.id)]),
  ];
  for (const [items, around] of groups) {
    for (const li of items.filter((item) => left.has(item))) {
      const where = whereOf(li, around);
      ctx.report(
        where,
        RULES.docxUnsupported,
        'a note referred to only from another note is put at the end of the Word edition (Word notes hold no notes)',
        'refer to the note from the text as well',
      );
      out.push(...blocks.blocks(noteBody(li), where, { listLevel: 0, style: 'FootnoteText' }));
    }
  }
  return out;
}

/** A chapter not yet translated is in the source locale's language: its runs say so (Word's spelling follows). */
function inLanguage(lang: string, locale: string): Frame {
  return { listLevel: 0, format: lang === locale ? undefined : { language: { value: lang } } };
}

/** Whitespace between blocks and the doctype carry nothing. */
function isContent(node: ProcessedEdition['chapters'][number]['tree']['children'][number]) {
  return node.type !== 'doctype';
}

/** The cover: publisher, title, subtitle, authors, place and date, the abstract and the preface. */
function titlePage(edition: ProcessedEdition, blocks: BlockConverter): FileChild[] {
  const { meta } = edition;
  const line = (text: string | undefined, style: string) =>
    text ? [new Paragraph({ style, alignment: AlignmentType.CENTER, children: [new TextRun(text)] })] : [];
  const out: FileChild[] = [
    ...line(meta.publisher, STYLE.titleMeta),
    new Paragraph({
      heading: 'Title',
      alignment: AlignmentType.CENTER,
      spacing: { before: 2400, after: 240 },
      children: [new TextRun(meta.title)],
    }),
    ...line(meta.subtitle, STYLE.subtitle),
    ...line(meta.authors?.join(', '), STYLE.titleMeta),
    ...line([meta.place, meta.date].filter(Boolean).join(', '), STYLE.titleMeta),
    ...line(meta.abstract, 'Normal'),
  ];
  if (edition.preface) {
    const where = fileOf(edition.preface, 'preface');
    out.push(
      ...blocks.blocks(
        edition.preface.children.filter(isContent),
        where,
        inLanguage(edition.prefaceLang, edition.locale),
      ),
    );
  }
  return out;
}

/**
 * The contents: Word's TOC field, filled in from the headings, to the theme's depth (`auto`: Heading
 * 1–2, chapters and sections).
 */
function contents(edition: ProcessedEdition, theme: Theme): FileChild[] {
  const depth = theme.contents.depth === 'auto' ? 2 : theme.contents.depth;
  return [
    new Paragraph({
      style: STYLE.contentsTitle,
      pageBreakBefore: true,
      children: [new TextRun(edition.strings.contents)],
    }),
    new TableOfContents(edition.strings.contents, {
      hyperlink: true,
      headingStyleRange: `1-${depth}`,
      beginDirty: false,
    }),
  ];
}

function pageNumberFooter(): Footer {
  return new Footer({
    children: [
      new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT] })] }),
    ],
  });
}

/** The edition's language on every run (Word's spelling and hyphenation follow it). */
function withLanguage(styles: ReturnType<typeof stylesOf>, locale: string): ReturnType<typeof stylesOf> {
  const document = styles.default?.document;
  return {
    ...styles,
    default: { ...styles.default, document: { ...document, run: { ...document?.run, language: { value: locale } } } },
  };
}

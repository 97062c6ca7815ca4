// Word files made for the convert tests with the `docx` library: one document holding every construct
// `briefing convert` handles (and each thing it must report), plus a long one for the speed check.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  AlignmentType,
  Bookmark,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  Document,
  EndnoteReferenceRun,
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  ImageRun,
  InsertedTextRun,
  InternalHyperlink,
  LevelFormat,
  Math as WordMath,
  MathRun,
  Packer,
  Paragraph,
  SequentialIdentifier,
  SimpleField,
  Table,
  TableCell,
  TableRow,
  TextRun,
  Textbox,
} from 'docx';
import { ROOT } from './cli.js';

export const PNG = readFileSync(path.join(ROOT, 'tests', 'fixtures', 'any-content', 'en', 'images', 'wide.png'));

const cell = (...texts: string[]) => new TableCell({ children: texts.map((t) => new Paragraph(t)) });

/** Every construct of issue 26, in two chapters after a title and a preface paragraph. */
export async function everythingDocx(): Promise<Buffer> {
  const doc = new Document({
    title: 'Water for Every Village',
    subject: 'A field report',
    creator: 'Ana Pereira',
    keywords: 'water, villages',
    description: 'Nine villages, three seasons.',
    styles: {
      paragraphStyles: [
        { id: 'Callout', name: 'Callout', basedOn: 'Normal', run: { color: '1F3864' } },
        { id: 'Caption', name: 'Caption', basedOn: 'Normal' },
        { id: 'PullQuote', name: 'Pull Quote', basedOn: 'Normal' },
      ],
    },
    numbering: {
      config: [
        {
          reference: 'numbers',
          levels: [
            { level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START },
            { level: 1, format: LevelFormat.LOWER_LETTER, text: '%2)', alignment: AlignmentType.START },
          ],
        },
      ],
    },
    footnotes: { 1: { children: [new Paragraph('Counted by the district office in March.')] } },
    endnotes: { 1: { children: [new Paragraph('An endnote about the wells.')] } },
    comments: { children: [{ id: 0, author: 'Reviewer', children: [new Paragraph('Check this figure')] }] },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, text: 'Water for Every Village' }),
          new Paragraph('Preface words before the first chapter.'),
          new Paragraph({
            heading: HeadingLevel.HEADING_1,
            children: [new Bookmark({ id: 'intro', children: [new TextRun('1. Introduction')] })],
          }),
          new Paragraph({
            children: [
              new TextRun({ text: 'Bold', bold: true }),
              new TextRun(' and '),
              new TextRun({ text: 'italic', italics: true }),
              new TextRun(', H'),
              new TextRun({ text: '2', subScript: true }),
              new TextRun('O, 10'),
              new TextRun({ text: '3', superScript: true }),
              new TextRun(', '),
              new TextRun({ text: 'small caps', smallCaps: true }),
              new TextRun(' wells were dug.'),
              new FootnoteReferenceRun(1),
              new TextRun(' The rest came later.'),
              new EndnoteReferenceRun(1),
            ],
          }),
          new Paragraph({
            children: [
              new TextRun('See '),
              new ExternalHyperlink({ link: 'https://example.org/water', children: [new TextRun('the survey')] }),
              new TextRun(' and the '),
              new InternalHyperlink({ anchor: 'intro', children: [new TextRun('introduction')] }),
              new TextRun('. '),
              new CommentRangeStart(0),
              new TextRun('A commented sentence.'),
              new CommentRangeEnd(0),
              new TextRun({ children: [new CommentReference(0)] }),
            ],
          }),
          new Paragraph({
            children: [
              new TextRun('Tracked: '),
              new InsertedTextRun({ text: 'inserted words', id: 1, author: 'Ana', date: '2024-01-01T00:00:00Z' }),
              new DeletedTextRun({ text: 'removed words', id: 2, author: 'Ana', date: '2024-01-01T00:00:00Z' }),
              new TextRun({ text: ' in red Arial.', color: 'FF0000', font: 'Arial' }),
            ],
          }),
          new Paragraph({ style: 'Callout', text: 'A key figure: nine villages in three seasons.' }),
          new Paragraph({ text: 'First step', numbering: { reference: 'numbers', level: 0 } }),
          new Paragraph({ text: 'Nested step', numbering: { reference: 'numbers', level: 1 } }),
          new Paragraph({ text: 'Second step', numbering: { reference: 'numbers', level: 0 } }),
          new Paragraph('Between the lists.'),
          new Paragraph({ text: 'Again first', numbering: { reference: 'numbers', level: 0, instance: 2 } }),
          new Paragraph({ text: 'A bullet', bullet: { level: 0 } }),
          new Paragraph({ text: 'A nested bullet', bullet: { level: 1 } }),
          new Paragraph('Back to the steps:'),
          new Paragraph({ text: 'Third step', numbering: { reference: 'numbers', level: 0 } }),
          new Paragraph({ heading: HeadingLevel.HEADING_2, text: 'Tables and figures' }),
          new Paragraph({
            style: 'Caption',
            children: [new TextRun('Table '), new SequentialIdentifier('Table'), new TextRun(': Wells by district')],
          }),
          new Table({
            rows: [
              new TableRow({ tableHeader: true, children: [cell('District'), cell('Wells'), cell('Notes')] }),
              new TableRow({
                children: [
                  new TableCell({ columnSpan: 2, children: [new Paragraph('North and East')] }),
                  cell('First paragraph', 'Second paragraph'),
                ],
              }),
              new TableRow({
                children: [new TableCell({ rowSpan: 2, children: [new Paragraph('South')] }), cell('12'), cell('dry')],
              }),
              new TableRow({ children: [cell('14'), cell('wet')] }),
            ],
          }),
          new Paragraph({
            children: [
              new ImageRun({
                type: 'png',
                data: PNG,
                transformation: { width: 300, height: 100 },
                altText: { name: 'chart', title: 'chart', description: 'Bars of wells per district' },
              }),
            ],
          }),
          new Paragraph({
            style: 'Caption',
            children: [new TextRun('Figure '), new SequentialIdentifier('Figure'), new TextRun(': Wells per district')],
          }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, text: 'Findings' }),
          new Paragraph({
            children: [
              new TextRun('As the '),
              new SimpleField('REF intro \\h', 'Introduction'),
              new TextRun(' says, water came.'),
            ],
          }),
          new Paragraph({ children: [new WordMath({ children: [new MathRun('x+1')] })] }),
          new Paragraph({ children: [new TextRun('Last words of the findings.')] }),
          new Textbox({
            alignment: AlignmentType.CENTER,
            style: { width: '200pt', height: 'auto' },
            children: [new Paragraph('Boxed aside text')],
          }),
          new Paragraph({
            children: [
              new InternalHyperlink({ anchor: 'nowhere', children: [new TextRun('a lost bookmark')] }),
              new TextRun(' and '),
              new ExternalHyperlink({
                link: 'file:///C:/drafts/old.docx',
                children: [new TextRun('a file on a disk')],
              }),
            ],
          }),
          new Paragraph({ style: 'PullQuote', text: 'Water is life.' }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** About `pages` pages of plain report text: a Heading 1 every ten pages, notes, a table and a list each page. */
export async function longDocx(pages: number): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [];
  const footnotes: Record<number, { children: Paragraph[] }> = {};
  const sentence =
    'The district water office counted the wells again after the rains and found that most of them held water through the dry months, which the villages had not seen for years.';
  for (let page = 1; page <= pages; page++) {
    if (page % 10 === 1)
      children.push(
        new Paragraph({ heading: HeadingLevel.HEADING_1, text: `Part ${Math.ceil(page / 10)} of the report` }),
      );
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, text: `Section on page ${page}` }));
    footnotes[page] = { children: [new Paragraph(`Source note ${page}.`)] };
    for (let p = 0; p < 4; p++) {
      const runs = [new TextRun(`${sentence} ${sentence}`)];
      if (p === 0) runs.push(new FootnoteReferenceRun(page));
      children.push(new Paragraph({ children: runs }));
    }
    children.push(new Paragraph({ text: `A point about page ${page}`, bullet: { level: 0 } }));
    children.push(
      new Table({
        rows: [
          new TableRow({ tableHeader: true, children: [cell('Village'), cell('Wells')] }),
          new TableRow({ children: [cell(`Village ${page}`), cell(String(page * 3))] }),
        ],
      }),
    );
  }
  return Packer.toBuffer(new Document({ title: 'Long report', footnotes, sections: [{ children }] }));
}

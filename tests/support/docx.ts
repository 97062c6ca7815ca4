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
import JSZip from 'jszip';
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

const SENTENCES = [
  'Centres were asked to nominate climate data assets through a structured submission template.',
  'The Hub points to data where it already exists, rather than duplicating it, and ingests data only where no cloud-optimised format is available.',
  'Coverage is deepest in hazard monitoring and adaptation analytics, and concentrated in Africa and global datasets.',
  'Free-text fields for climate domain, asset type and spatial coverage were normalised to controlled vocabularies.',
  'Twenty-eight assets are openly accessible, technically ready and high-value: they can be federated with little friction.',
  'Two major centres have yet to submit, and Latin America and Asia are thin relative to Africa.',
];

/** Word's horizontal line as Pandoc writes it for `---` (a VML rectangle marked o:hr). */
const VML_RULE =
  '<w:r><w:pict><v:rect style="width:0;height:1.5pt" o:hralign="center" o:hrstd="t" o:hr="t" /></w:pict></w:r>';

/**
 * A report of the shape of a real one (the CGIAR Climate Data Hub's asset-mapping report, written
 * with Quarto: docs/REAL-DOCUMENTS.md): Title, Subtitle and a date; Heading 2 at the top (no Heading
 * 1) with typed numbers, a level skipped; Pandoc's horizontal lines before the sections; a bookmark a
 * link points to; pictures without alt text, each followed by a bold "Figure N." paragraph; a wide
 * table of hyphenated compounds with a header row and a footnote in a cell; a code block of lines;
 * an emoji; a comment. `sections` sections of about 300 words each.
 */
export async function reportShapedDocx(sections = 8): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [
    new Paragraph({ heading: HeadingLevel.TITLE, text: 'Climate Data Asset Mapping' }),
    new Paragraph({ style: 'Subtitle', text: 'Internal review draft' }),
    new Paragraph('2026-07-21'),
  ];
  const rule = () => new Paragraph('§RULE§');
  const types = ['CGIAR-produced', 'Co-produced', 'External'];
  const domains = ['Multi-domain', 'Hazard', 'Adaptation Analytics', 'Mitigation'];
  for (let s = 1; s <= sections; s++) {
    children.push(rule());
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_2,
        children: [new Bookmark({ id: `sec-${s}`, children: [new TextRun(`${s}. Finding number ${s}`)] })],
      }),
    );
    for (let p = 0; p < 3; p++)
      children.push(new Paragraph(`${SENTENCES.slice(p).join(' ')} Section ${s}, paragraph ${p + 1}.`));
    children.push(
      new Paragraph({
        heading: s % 2 === 0 ? HeadingLevel.HEADING_4 : HeadingLevel.HEADING_3,
        text: `${s}.1 Detail of finding ${s}`,
      }),
    );
    children.push(
      new Paragraph({
        children: [
          new TextRun('As '),
          new InternalHyperlink({
            anchor: `sec-${((s % sections) + 1).toString()}`,
            children: [new TextRun(`Section ${(s % sections) + 1}`)],
          }),
          new TextRun(` shows, ${SENTENCES[s % SENTENCES.length]!}`),
        ],
      }),
    );
    children.push(
      new Paragraph({
        children: [new ImageRun({ type: 'png', data: PNG, transformation: { width: 400, height: 130 } })],
      }),
    );
    children.push(
      new Paragraph({
        children: [
          new TextRun({ text: `Figure ${s}. Assets per centre in section ${s}.`, bold: true }),
          new TextRun(' Each bar is one centre; the number is the centre total after consolidation.'),
        ],
      }),
    );
    children.push(new Paragraph({ text: `A point with a bold lead-in for section ${s}`, bullet: { level: 0 } }));
    children.push(
      new Table({
        rows: [
          new TableRow({
            tableHeader: true,
            children: ['Centre', 'Asset', 'Domain', 'Type', 'Score', 'Access'].map((t) => cell(t)),
          }),
          ...[0, 1, 2, 3].map(
            (r) =>
              new TableRow({
                children: [
                  cell(`Centre-${s}${r}`),
                  new TableCell({
                    children: [
                      new Paragraph({
                        children: [
                          new TextRun(`Satellite-derived rice monitoring dataset ${s}-${r}`),
                          ...(r === 0 ? [new FootnoteReferenceRun(s)] : []),
                        ],
                      }),
                    ],
                  }),
                  cell(domains[(s + r) % domains.length]!),
                  cell(types[(s + r) % types.length]!),
                  cell(String(60 + s + r)),
                  cell(r % 2 ? 'Restricted' : 'Open'),
                ],
              }),
          ),
        ],
      }),
    );
  }
  children.push(rule());
  children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, text: 'Data access and reproducibility' }));
  children.push(
    new Paragraph({
      style: 'SourceCode',
      children: [
        new TextRun('pip install -r requirements.txt'),
        new TextRun({ text: 'python src/ingest.py', break: 1 }),
        new TextRun({ text: 'quarto render report.qmd --to docx', break: 1 }),
      ],
    }),
  );
  children.push(
    new Paragraph({
      children: [
        new TextRun('📝 '),
        new ExternalHyperlink({
          link: 'https://example.org/feedback',
          children: [new TextRun({ text: 'Give feedback or suggest a correction', bold: true })],
        }),
        new TextRun(' — a two-minute form. '),
        new CommentRangeStart(0),
        new TextRun('Reviewed by the centres.'),
        new CommentRangeEnd(0),
        new TextRun({ children: [new CommentReference(0)] }),
      ],
    }),
  );
  const footnotes: Record<number, { children: Paragraph[] }> = {};
  for (let s = 1; s <= sections; s++)
    footnotes[s] = { children: [new Paragraph(`Geographic specificity does not reduce reuse potential (note ${s}).`)] };
  const doc = new Document({
    title: 'Climate Data Asset Mapping',
    creator: 'Climate Data Hub',
    styles: {
      paragraphStyles: [
        { id: 'Subtitle', name: 'Subtitle', basedOn: 'Normal' },
        { id: 'SourceCode', name: 'Source Code', basedOn: 'Normal', run: { font: 'Courier New' } },
      ],
    },
    footnotes,
    comments: { children: [{ id: 0, author: 'Reviewer', children: [new Paragraph('Which centres?')] }] },
    sections: [{ children }],
  });
  const zip = await JSZip.loadAsync(await Packer.toBuffer(doc));
  const xml = await zip.file('word/document.xml')!.async('string');
  zip.file(
    'word/document.xml',
    xml.replace(/<w:r>(?:(?!<w:r>)[\s\S])*?§RULE§(?:(?!<\/w:r>)[\s\S])*<\/w:r>/g, VML_RULE),
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}

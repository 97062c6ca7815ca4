// What mammoth does not say: one streaming pass (saxes) over word/document.xml that numbers the
// paragraphs and notes, at the paragraph where it stands, everything the conversion cannot carry
// (comments, tracked changes, text boxes, shapes, equations, fields, embedded objects, fonts and
// colours), and collects what the conversion needs beyond mammoth's HTML: each picture's size in
// Word (wp:extent) and each table's header rows. The findings become the "did not come across"
// report (convert/report.ts); nothing here changes the text.
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { ListRun } from './docx-lists.js';

export type FindingKind =
  | 'comment'
  | 'tracked-change'
  | 'text-box'
  | 'shape'
  | 'equation'
  | 'field'
  | 'embedded-object'
  | 'linked-picture'
  | 'font'
  | 'colour'
  | 'contents';

export interface Finding {
  kind: FindingKind;
  /** 1-based, every `w:p` of the body in document order (table cells and text boxes included). */
  paragraph: number;
  /** What it is, completing "paragraph N (…): ". */
  detail: string;
  /** A text box's text (whether it came across is told from the converted text). */
  text?: string;
}

export interface DocxScan {
  paragraphs: number;
  /** The first words of each paragraph, by number. */
  firstWords: Map<number, string>;
  findings: Finding[];
  /** Picture sizes in Word, in EMU, per relationship id, in document order. */
  extents: Array<{ rId: string; cx: number; cy: number; paragraph: number }>;
  /** Per table in document order (outer before inner): rows marked as repeated header rows, and Word's "header row" look. */
  tables: Array<{ headerRows: number; firstRowLook: boolean; rows: number }>;
  insertions: number;
  deletions: number;
  /** Runs of list paragraphs (ended by any other paragraph or a table), for where numbering starts. */
  lists: ListRun[];
  /** Each w:hyperlink's words and paragraph, in document order (a link the conversion drops is reported there). */
  links: Array<{ paragraph: number; text: string }>;
  /** The first paragraph in each style, by `paragraph:<style id>` or `run:<style id>`. */
  styles: Map<string, number>;
}

interface Paragraph {
  number: number;
  words: string[];
  numId?: string;
  ilvl?: number;
}

/** Fields the conversion handles itself (mammoth's links, our cross-references and captions). */
const HANDLED_FIELDS = new Set(['HYPERLINK', 'REF', 'SEQ', 'NOTEREF']);

const SHAPES = new Set(['wps:wsp', 'v:rect', 'v:oval', 'v:line', 'v:roundrect', 'v:polyline', 'v:arc', 'v:curve']);

export function scanDocument(xml: string, comments: Map<string, string>): DocxScan {
  const scan: DocxScan = {
    paragraphs: 0,
    firstWords: new Map(),
    findings: [],
    extents: [],
    tables: [],
    insertions: 0,
    deletions: 0,
    lists: [],
    links: [],
    styles: new Map(),
  };
  let run: ListRun | undefined;
  const paragraphs: Paragraph[] = [];
  const open: string[] = [];
  const tables: Array<DocxScan['tables'][number]> = [];
  let textTarget: 'text' | 'deleted' | 'instr' | 'math' | undefined;
  let extent: { cx: number; cy: number } | undefined;
  let instr = '';
  const codes: string[] = [];
  /** The names of the fields open around the text being read, outermost first. */
  const fields: string[] = [];
  let deleted = '';
  let textBox: string[] | undefined;
  let textBoxDepth = 0;
  let link: { paragraph: number; text: string } | undefined;
  const fontsSeen = new Set<string>();
  const coloursSeen = new Set<string>();
  const here = () => paragraphs.at(-1)?.number ?? Math.max(scan.paragraphs, 1);
  const add = (kind: FindingKind, detail: string, paragraph = here()) =>
    scan.findings.push({ kind, paragraph, detail });
  /** Whether an ancestor of the element being read (not the element itself) is named so. */
  const inside = (name: string) => open.lastIndexOf(name, open.length - 2) !== -1;

  // Word writes a drawing twice (mc:Choice, and a VML mc:Fallback for old readers): only the first counts.
  let fallback = 0;
  const shapes: Array<{ paragraph: number; text: boolean }> = [];
  const parser = new SaxesParser({ xmlns: false });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = tag.name;
    if (name === 'mc:Fallback' || fallback > 0) {
      fallback += 1;
      return;
    }
    const attr = (key: string) => {
      const value = tag.attributes[key];
      return typeof value === 'string' ? value : undefined;
    };
    open.push(name);
    switch (name) {
      case 'w:p':
        // A text box's paragraphs are not the body's: they are reported with the box.
        if (textBoxDepth > 0) break;
        scan.paragraphs += 1;
        paragraphs.push({ number: scan.paragraphs, words: [] });
        break;
      case 'w:br':
      case 'w:tab':
        if (textBoxDepth > 0) textBox?.push(' ');
        else paragraphs.at(-1)?.words.push(' ');
        break;
      case 'w:t':
        textTarget = 'text';
        break;
      case 'w:pStyle':
      case 'w:rStyle': {
        const key = `${name === 'w:pStyle' ? 'paragraph' : 'run'}:${attr('w:val') ?? ''}`;
        if (!scan.styles.has(key) && !inside('w:pPrChange') && !inside('w:rPrChange')) scan.styles.set(key, here());
        break;
      }
      case 'w:hyperlink':
        if (textBoxDepth === 0) scan.links.push((link = { paragraph: here(), text: '' }));
        break;
      case 'w:delText':
        textTarget = 'deleted';
        break;
      case 'w:instrText':
        textTarget = 'instr';
        break;
      case 'w:fldChar': {
        // A field's code may be split over runs: it is whole at `separate` (or `end`). Nested fields
        // keep their outer field's code aside.
        const type = attr('w:fldCharType');
        if (type === 'begin') {
          codes.push(instr);
          instr = '';
          fields.push('');
        } else if (type === 'separate' || type === 'end') {
          if (instr.trim()) {
            fields[fields.length - 1] = fieldName(instr);
            fieldFound(instr);
          }
          instr = type === 'end' ? (codes.pop() ?? '') : '';
          if (type === 'end') fields.pop();
        }
        break;
      }
      case 'w:fldSimple':
        fieldFound(attr('w:instr') ?? '');
        break;
      case 'w:ins':
      case 'w:moveTo':
        if (!inside('w:rPr') && !inside('w:pPr')) scan.insertions += 1;
        break;
      case 'w:del':
      case 'w:moveFrom':
        if (!inside('w:rPr') && !inside('w:pPr')) scan.deletions += 1;
        break;
      case 'w:commentReference': {
        const id = attr('w:id') ?? '';
        add('comment', `a comment${quoteOf(comments.get(id))} is not converted (comments stay in Word)`);
        break;
      }
      case 'v:imagedata':
        // A VML shape that shows a picture is the picture (mammoth converts it).
        shapes.forEach((shape) => (shape.text = true));
        break;
      case 'w:txbxContent':
        if (textBoxDepth === 0) textBox = [];
        textBoxDepth += 1;
        shapes.forEach((shape) => (shape.text = true));
        break;
      case 'm:oMathPara':
      case 'm:oMath':
        if (!inside('m:oMathPara') && !(name === 'm:oMath' && inside('m:oMath'))) {
          add('equation', 'an equation is not converted (write it as $…$ math in the Markdown)');
        }
        break;
      case 'w:object':
        add(
          'embedded-object',
          'an embedded object (OLE: a worksheet, a chart or a file) is not converted; only the picture Word shows for it is kept, if any',
        );
        break;
      case 'c:chart':
        add('shape', 'a chart is not converted (export it from Word or Excel as a picture and insert that)');
        break;
      case 'dgm:relIds':
        add('shape', 'a SmartArt diagram is not converted (save it as a picture and insert that)');
        break;
      case 'wp:extent':
        extent = { cx: Number(attr('cx')), cy: Number(attr('cy')) };
        break;
      case 'a:blip': {
        const rId = attr('r:embed');
        // A picture Word links to (a file or an address outside the document): not read, nothing fetched.
        if (!rId && attr('r:link') && !inside('w:del'))
          add(
            'linked-picture',
            'a linked picture (its file is outside the Word document) is not converted: nothing is fetched',
          );
        if (rId && extent && inside('w:drawing') && !inside('w:del'))
          scan.extents.push({ rId, ...extent, paragraph: here() });
        break;
      }
      case 'w:numId':
      case 'w:ilvl': {
        const p = paragraphs.at(-1);
        if (!p || !inside('w:numPr') || inside('w:pPrChange') || inside('w:rPr')) break;
        if (name === 'w:numId') p.numId = attr('w:val');
        else p.ilvl = Number(attr('w:val') ?? 0);
        break;
      }
      case 'w:tbl': {
        run = undefined;
        const table = { headerRows: 0, firstRowLook: false, rows: 0 };
        scan.tables.push(table);
        tables.push(table);
        break;
      }
      case 'w:tr':
        if (tables.at(-1)) tables.at(-1)!.rows += 1;
        break;
      case 'w:tblHeader': {
        const table = tables.at(-1);
        if (table && attr('w:val') !== 'false' && attr('w:val') !== '0' && table.headerRows === table.rows - 1)
          table.headerRows = table.rows;
        break;
      }
      case 'w:tblLook': {
        const table = tables.at(-1);
        const firstRow = attr('w:firstRow');
        const bits = attr('w:val');
        if (table && !inside('w:tblPrEx'))
          table.firstRowLook =
            firstRow === '1' || firstRow === 'true' || (bits !== undefined && (parseInt(bits, 16) & 0x20) !== 0);
        break;
      }
      case 'w:rFonts': {
        const font = attr('w:ascii') ?? attr('w:hAnsi') ?? attr('w:cs');
        if (font && inside('w:r') && !fontsSeen.has(font)) {
          fontsSeen.add(font);
          add('font', `text set in the font "${font}" is printed in the theme's fonts`);
        }
        break;
      }
      case 'w:color':
      case 'w:highlight':
      case 'w:shd': {
        const value = name === 'w:shd' ? attr('w:fill') : attr('w:val');
        if (!value || /^(auto|000000|none|FFFFFF)$/i.test(value) || !inside('w:rPr')) break;
        const what = name === 'w:color' ? 'colour' : name === 'w:highlight' ? 'highlight' : 'shading';
        if (!coloursSeen.has(`${what}:${value}`)) {
          coloursSeen.add(`${what}:${value}`);
          add('colour', `text ${what} ${value} is not carried (the theme sets the colours)`);
        }
        break;
      }
      default:
        // Word's horizontal line (a rectangle marked o:hr) comes across as a thematic break.
        if (SHAPES.has(name)) shapes.push({ paragraph: here(), text: /^(t|true)$/.test(attr('o:hr') ?? '') });
    }
  });
  parser.on('text', (text) => {
    if (fallback > 0) return;
    if (textTarget === 'text') {
      if (textBoxDepth > 0) textBox?.push(text);
      else paragraphs.at(-1)?.words.push(text);
      if (link) link.text += text;
    } else if (textTarget === 'deleted') deleted += text;
    else if (textTarget === 'instr') instr += text;
  });
  parser.on('closetag', (tag) => {
    if (fallback > 0) {
      fallback -= 1;
      return;
    }
    open.pop();
    if (SHAPES.has(tag.name)) {
      const shape = shapes.pop();
      // A shape that holds a text box is reported as the text box, with its words.
      if (shape && !shape.text)
        add('shape', 'a drawn shape is not converted (redraw it as a picture if it matters)', shape.paragraph);
    }
    switch (tag.name) {
      case 'w:t':
      case 'w:delText':
        textTarget = undefined;
        break;
      case 'w:hyperlink':
        link = undefined;
        break;
      case 'w:instrText':
        textTarget = undefined;
        break;
      case 'w:p': {
        if (textBoxDepth > 0) break;
        const p = paragraphs.pop();
        if (p) scan.firstWords.set(p.number, firstWords(p.words.join('')));
        if (p?.numId && p.numId !== '0') {
          if (!run) scan.lists.push((run = { items: [] }));
          run.items.push({ numId: p.numId, ilvl: p.ilvl ?? 0 });
        } else run = undefined;
        if (deleted.trim()) {
          add(
            'tracked-change',
            `deleted text left out (the accepted version is converted): "${firstWords(deleted)}"`,
            p?.number,
          );
          deleted = '';
        }
        break;
      }
      case 'w:txbxContent':
        textBoxDepth -= 1;
        if (textBoxDepth === 0 && textBox) {
          scan.findings.push({ kind: 'text-box', paragraph: here(), detail: '', text: textBox.join('') });
          textBox = undefined;
        }
        break;
      case 'w:tbl':
        tables.pop();
        run = undefined;
        break;
      case 'w:drawing':
        extent = undefined;
        break;
    }
  });

  function fieldFound(code: string): void {
    const name = fieldName(code);
    if (!name || HANDLED_FIELDS.has(name)) return;
    // A contents entry's page number belongs to the contents, which is reported once.
    if (name === 'PAGEREF' && fields.slice(0, -1).includes('TOC')) return;
    if (name === 'TOC') add('contents', "Word's table of contents is left out (Briefing makes its own contents)");
    else if (name === 'PAGEREF')
      add('field', 'a page reference (PAGEREF) is left out: pages are numbered when the PDF is printed');
    else add('field', `a ${name} field is converted as the text Word last showed for it`);
  }

  parser.write(xml).close();
  return scan;
}

function fieldName(code: string): string {
  return code.trim().split(/\s+/)[0]?.toUpperCase() ?? '';
}

/** The first six words of a text, with an ellipsis when there are more. */
export function firstWords(text: string): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  return words.slice(0, 6).join(' ') + (words.length > 6 ? '…' : '');
}

function quoteOf(text: string | undefined): string {
  const words = text ? firstWords(text) : '';
  return words ? ` ("${words}")` : '';
}

/** comments.xml → each comment's text by its id. */
export function readComments(xml: string | undefined): Map<string, string> {
  const comments = new Map<string, string>();
  if (!xml) return comments;
  let id: string | undefined;
  let inText = false;
  const parser = new SaxesParser({ xmlns: false });
  parser.on('opentag', (tag) => {
    if (tag.name === 'w:comment') {
      const author = tag.attributes['w:author'];
      id = String(tag.attributes['w:id']);
      comments.set(id, typeof author === 'string' && author ? `${author}: ` : '');
    } else if (tag.name === 'w:t') inText = true;
  });
  parser.on('text', (text) => {
    if (inText && id !== undefined) comments.set(id, comments.get(id)! + text);
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'w:t') inText = false;
    else if (tag.name === 'w:p' && id !== undefined) comments.set(id, `${comments.get(id)!} `);
  });
  parser.write(xml).close();
  return comments;
}

/** styles.xml → each style's id by its kind and name (`paragraph:First Paragraph` → `FirstParagraph`), as mammoth names them. */
export function styleIds(xml: string | undefined): Map<string, string> {
  const ids = new Map<string, string>();
  if (!xml) return ids;
  let style: { key: string; id: string } | undefined;
  const parser = new SaxesParser({ xmlns: false });
  parser.on('opentag', (tag) => {
    const value = (key: string) => (typeof tag.attributes[key] === 'string' ? tag.attributes[key] : undefined);
    if (tag.name === 'w:style') {
      const type = value('w:type');
      const id = value('w:styleId');
      style =
        id && (type === 'paragraph' || type === 'character')
          ? { key: type === 'paragraph' ? 'paragraph' : 'run', id }
          : undefined;
    } else if (tag.name === 'w:name' && style) ids.set(`${style.key}:${value('w:val') ?? ''}`, style.id);
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'w:style') style = undefined;
  });
  parser.write(xml).close();
  return ids;
}

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
  const scanner = new DocxScanner(comments);
  const parser = new SaxesParser({ xmlns: false });
  parser.on('opentag', (tag: SaxesTagPlain) => scanner.opened(tag));
  parser.on('text', (text) => scanner.text(text));
  parser.on('closetag', (tag) => scanner.closed(tag.name));
  parser.write(xml).close();
  return scanner.scan;
}

type Attr = (key: string) => string | undefined;

/** What scanDocument keeps while it reads document.xml: where the text goes, what is open around it. */
class DocxScanner {
  readonly scan: DocxScan = {
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
  private run: ListRun | undefined;
  private readonly paragraphs: Paragraph[] = [];
  private readonly open: string[] = [];
  private readonly tables: Array<DocxScan['tables'][number]> = [];
  private textTarget: 'text' | 'deleted' | 'instr' | 'math' | undefined;
  private extent: { cx: number; cy: number } | undefined;
  private instr = '';
  private readonly codes: string[] = [];
  /** The names of the fields open around the text being read, outermost first. */
  private readonly fields: string[] = [];
  private deleted = '';
  private textBox: string[] | undefined;
  private textBoxDepth = 0;
  private link: { paragraph: number; text: string } | undefined;
  private readonly fontsSeen = new Set<string>();
  private readonly coloursSeen = new Set<string>();
  // Word writes a drawing twice (mc:Choice, and a VML mc:Fallback for old readers): only the first counts.
  private fallback = 0;
  private readonly shapes: Array<{ paragraph: number; text: boolean }> = [];

  constructor(private readonly comments: Map<string, string>) {}

  private here(): number {
    return this.paragraphs.at(-1)?.number ?? Math.max(this.scan.paragraphs, 1);
  }

  private add(kind: FindingKind, detail: string, paragraph = this.here()): void {
    this.scan.findings.push({ kind, paragraph, detail });
  }

  /** Whether an ancestor of the element being read (not the element itself) is named so. */
  private inside(name: string): boolean {
    return this.open.lastIndexOf(name, this.open.length - 2) !== -1;
  }

  opened(tag: SaxesTagPlain): void {
    const name = tag.name;
    if (name === 'mc:Fallback' || this.fallback > 0) {
      this.fallback += 1;
      return;
    }
    const attr: Attr = (key) => {
      const value = tag.attributes[key];
      return typeof value === 'string' ? value : undefined;
    };
    this.open.push(name);
    const handled =
      this.textOpened(name, attr) ||
      this.fieldOpened(name, attr) ||
      this.objectOpened(name, attr) ||
      this.tableOpened(name, attr) ||
      this.formatOpened(name, attr);
    // Word's horizontal line (a rectangle marked o:hr) comes across as a thematic break.
    if (!handled && SHAPES.has(name))
      this.shapes.push({ paragraph: this.here(), text: /^(t|true)$/.test(attr('o:hr') ?? '') });
  }

  /** Paragraphs, their text, links, styles and tracked changes. */
  private textOpened(name: string, attr: Attr): boolean {
    switch (name) {
      case 'w:p':
        // A text box's paragraphs are not the body's: they are reported with the box.
        if (this.textBoxDepth > 0) break;
        this.scan.paragraphs += 1;
        this.paragraphs.push({ number: this.scan.paragraphs, words: [] });
        break;
      case 'w:br':
      case 'w:tab':
        if (this.textBoxDepth > 0) this.textBox?.push(' ');
        else this.paragraphs.at(-1)?.words.push(' ');
        break;
      case 'w:t':
        this.textTarget = 'text';
        break;
      case 'w:pStyle':
      case 'w:rStyle': {
        const key = `${name === 'w:pStyle' ? 'paragraph' : 'run'}:${attr('w:val') ?? ''}`;
        if (!this.scan.styles.has(key) && !this.inside('w:pPrChange') && !this.inside('w:rPrChange'))
          this.scan.styles.set(key, this.here());
        break;
      }
      case 'w:hyperlink':
        if (this.textBoxDepth === 0) this.scan.links.push((this.link = { paragraph: this.here(), text: '' }));
        break;
      case 'w:delText':
        this.textTarget = 'deleted';
        break;
      case 'w:ins':
      case 'w:moveTo':
        if (!this.inside('w:rPr') && !this.inside('w:pPr')) this.scan.insertions += 1;
        break;
      case 'w:del':
      case 'w:moveFrom':
        if (!this.inside('w:rPr') && !this.inside('w:pPr')) this.scan.deletions += 1;
        break;
      case 'w:numId':
      case 'w:ilvl': {
        const p = this.paragraphs.at(-1);
        if (!p || !this.inside('w:numPr') || this.inside('w:pPrChange') || this.inside('w:rPr')) break;
        if (name === 'w:numId') p.numId = attr('w:val');
        else p.ilvl = Number(attr('w:val') ?? 0);
        break;
      }
      default:
        return false;
    }
    return true;
  }

  /**
   * Fields: a field's code may be split over runs: it is whole at `separate` (or `end`). Nested fields
   * keep their outer field's code aside.
   */
  private fieldOpened(name: string, attr: Attr): boolean {
    if (name === 'w:instrText') this.textTarget = 'instr';
    else if (name === 'w:fldSimple') this.fieldFound(attr('w:instr') ?? '');
    else if (name !== 'w:fldChar') return false;
    else {
      const type = attr('w:fldCharType');
      if (type === 'begin') {
        this.codes.push(this.instr);
        this.instr = '';
        this.fields.push('');
      } else if (type === 'separate' || type === 'end') {
        if (this.instr.trim()) {
          this.fields[this.fields.length - 1] = fieldName(this.instr);
          this.fieldFound(this.instr);
        }
        this.instr = type === 'end' ? (this.codes.pop() ?? '') : '';
        if (type === 'end') this.fields.pop();
      }
    }
    return true;
  }

  private fieldFound(code: string): void {
    const name = fieldName(code);
    if (!name || HANDLED_FIELDS.has(name)) return;
    // A contents entry's page number belongs to the contents, which is reported once.
    if (name === 'PAGEREF' && this.fields.slice(0, -1).includes('TOC')) return;
    if (name === 'TOC') this.add('contents', "Word's table of contents is left out (Briefing makes its own contents)");
    else if (name === 'PAGEREF')
      this.add('field', 'a page reference (PAGEREF) is left out: pages are numbered when the PDF is printed');
    else this.add('field', `a ${name} field is converted as the text Word last showed for it`);
  }

  /** Comments, text boxes, equations, objects, charts, diagrams and pictures. */
  private objectOpened(name: string, attr: Attr): boolean {
    switch (name) {
      case 'w:commentReference': {
        const id = attr('w:id') ?? '';
        this.add('comment', `a comment${quoteOf(this.comments.get(id))} is not converted (comments stay in Word)`);
        break;
      }
      case 'v:imagedata':
        // A VML shape that shows a picture is the picture (mammoth converts it).
        this.shapes.forEach((shape) => (shape.text = true));
        break;
      case 'w:txbxContent':
        if (this.textBoxDepth === 0) this.textBox = [];
        this.textBoxDepth += 1;
        this.shapes.forEach((shape) => (shape.text = true));
        break;
      case 'm:oMathPara':
      case 'm:oMath':
        if (!this.inside('m:oMathPara') && !(name === 'm:oMath' && this.inside('m:oMath'))) {
          this.add('equation', 'an equation is not converted (write it as $…$ math in the Markdown)');
        }
        break;
      case 'w:object':
        this.add(
          'embedded-object',
          'an embedded object (OLE: a worksheet, a chart or a file) is not converted; only the picture Word shows for it is kept, if any',
        );
        break;
      case 'c:chart':
        this.add('shape', 'a chart is not converted (export it from Word or Excel as a picture and insert that)');
        break;
      case 'dgm:relIds':
        this.add('shape', 'a SmartArt diagram is not converted (save it as a picture and insert that)');
        break;
      case 'wp:extent':
        this.extent = { cx: Number(attr('cx')), cy: Number(attr('cy')) };
        break;
      case 'a:blip':
        this.picture(attr);
        break;
      default:
        return false;
    }
    return true;
  }

  private picture(attr: Attr): void {
    const rId = attr('r:embed');
    // A picture Word links to (a file or an address outside the document): not read, nothing fetched.
    if (!rId && attr('r:link') && !this.inside('w:del'))
      this.add(
        'linked-picture',
        'a linked picture (its file is outside the Word document) is not converted: nothing is fetched',
      );
    if (rId && this.extent && this.inside('w:drawing') && !this.inside('w:del'))
      this.scan.extents.push({ rId, ...this.extent, paragraph: this.here() });
  }

  /** Tables: their rows, repeated header rows and Word's "header row" look. */
  private tableOpened(name: string, attr: Attr): boolean {
    const table = this.tables.at(-1);
    switch (name) {
      case 'w:tbl': {
        this.run = undefined;
        const table = { headerRows: 0, firstRowLook: false, rows: 0 };
        this.scan.tables.push(table);
        this.tables.push(table);
        break;
      }
      case 'w:tr':
        if (table) table.rows += 1;
        break;
      case 'w:tblHeader':
        if (table && attr('w:val') !== 'false' && attr('w:val') !== '0' && table.headerRows === table.rows - 1)
          table.headerRows = table.rows;
        break;
      case 'w:tblLook': {
        const firstRow = attr('w:firstRow');
        const bits = attr('w:val');
        if (table && !this.inside('w:tblPrEx'))
          table.firstRowLook =
            firstRow === '1' || firstRow === 'true' || (bits !== undefined && (parseInt(bits, 16) & 0x20) !== 0);
        break;
      }
      default:
        return false;
    }
    return true;
  }

  /** Fonts and colours of runs: each reported once (the theme sets them). */
  private formatOpened(name: string, attr: Attr): boolean {
    if (name === 'w:rFonts') {
      const font = attr('w:ascii') ?? attr('w:hAnsi') ?? attr('w:cs');
      if (font && this.inside('w:r') && !this.fontsSeen.has(font)) {
        this.fontsSeen.add(font);
        this.add('font', `text set in the font "${font}" is printed in the theme's fonts`);
      }
      return true;
    }
    if (name !== 'w:color' && name !== 'w:highlight' && name !== 'w:shd') return false;
    const value = name === 'w:shd' ? attr('w:fill') : attr('w:val');
    if (!value || /^(auto|000000|none|FFFFFF)$/i.test(value) || !this.inside('w:rPr')) return true;
    const what = name === 'w:color' ? 'colour' : name === 'w:highlight' ? 'highlight' : 'shading';
    if (!this.coloursSeen.has(`${what}:${value}`)) {
      this.coloursSeen.add(`${what}:${value}`);
      this.add('colour', `text ${what} ${value} is not carried (the theme sets the colours)`);
    }
    return true;
  }

  text(text: string): void {
    if (this.fallback > 0) return;
    if (this.textTarget === 'text') {
      if (this.textBoxDepth > 0) this.textBox?.push(text);
      else this.paragraphs.at(-1)?.words.push(text);
      if (this.link) this.link.text += text;
    } else if (this.textTarget === 'deleted') this.deleted += text;
    else if (this.textTarget === 'instr') this.instr += text;
  }

  closed(name: string): void {
    if (this.fallback > 0) {
      this.fallback -= 1;
      return;
    }
    this.open.pop();
    if (SHAPES.has(name)) {
      const shape = this.shapes.pop();
      // A shape that holds a text box is reported as the text box, with its words.
      if (shape && !shape.text)
        this.add('shape', 'a drawn shape is not converted (redraw it as a picture if it matters)', shape.paragraph);
    }
    switch (name) {
      case 'w:t':
      case 'w:delText':
      case 'w:instrText':
        this.textTarget = undefined;
        break;
      case 'w:hyperlink':
        this.link = undefined;
        break;
      case 'w:p':
        if (this.textBoxDepth === 0) this.paragraphDone();
        break;
      case 'w:txbxContent':
        this.textBoxDepth -= 1;
        if (this.textBoxDepth === 0 && this.textBox) {
          this.scan.findings.push({
            kind: 'text-box',
            paragraph: this.here(),
            detail: '',
            text: this.textBox.join(''),
          });
          this.textBox = undefined;
        }
        break;
      case 'w:tbl':
        this.tables.pop();
        this.run = undefined;
        break;
      case 'w:drawing':
        this.extent = undefined;
        break;
    }
  }

  /** A body paragraph read: its first words, its place in a list run, the text deleted in it. */
  private paragraphDone(): void {
    const p = this.paragraphs.pop();
    if (p) this.scan.firstWords.set(p.number, firstWords(p.words.join('')));
    if (p?.numId && p.numId !== '0') {
      if (!this.run) this.scan.lists.push((this.run = { items: [] }));
      this.run.items.push({ numId: p.numId, ilvl: p.ilvl ?? 0 });
    } else this.run = undefined;
    if (this.deleted.trim()) {
      this.add(
        'tracked-change',
        `deleted text left out (the accepted version is converted): "${firstWords(this.deleted)}"`,
        p?.number,
      );
      this.deleted = '';
    }
  }
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

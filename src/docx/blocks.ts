// Block content of a chapter (hast) → Word paragraphs and tables: headings in Word's Heading 1–6
// styles with bookmarks at their ids, paragraphs, lists, quotes, code, figures with captions, tables,
// callouts as shaded one-cell tables, definition lists, display math, the Sources list. An element
// with no Word form is a warning at its Markdown line, its content kept.
import type { Element, ElementContent } from 'hast';
import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  HeadingLevel,
  LineRuleType,
  Paragraph,
  Tab,
  Table,
  TableCell,
  TextRun,
  TableRow,
  WidthType,
  type IParagraphOptions,
  type ParagraphChild,
} from 'docx';
import { whereOf, type DocxContext, type Where } from './context.js';
import { hasClass } from '../hast-classes.js';
import { inlines, type InlineEnv, type RunFormat } from './inlines.js';
import { DocxNotes } from './notes.js';
import { displayMath } from './math.js';
import { STYLE, type DocxLook } from './styles.js';
import { wordTable, type AlignmentOf } from './tables.js';
import { bulletList, itemIndent, numberedList } from './lists.js';
import { RULES } from '../rules.js';

type Block = Paragraph | Table;

/** How paragraphs are made where a block sits: a style, an indent, a list item's numbering. */
export interface Frame {
  style?: string;
  indent?: number;
  align?: AlignmentOf;
  format?: RunFormat;
  /** The list number the next paragraph carries (the first paragraph of a list item). */
  numbering?: IParagraphOptions['numbering'];
  /** Runs the next paragraph starts with, hanging in its indent (a source's number). */
  prefix?: ParagraphChild[];
  listLevel: number;
}

const HEADINGS: Record<string, (typeof HeadingLevel)[keyof typeof HeadingLevel]> = {
  h1: HeadingLevel.HEADING_1,
  h2: HeadingLevel.HEADING_2,
  h3: HeadingLevel.HEADING_3,
  h4: HeadingLevel.HEADING_4,
  h5: HeadingLevel.HEADING_5,
  h6: HeadingLevel.HEADING_6,
};

/** Containers read through: their children are blocks of the same frame. */
const CONTAINERS = new Set(['section', 'div', 'article', 'header', 'footer', 'main', 'nav', 'hgroup', 'center']);
/** Phrasing elements: grouped into one paragraph when they stand among blocks. */
const PHRASING = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'br',
  'cite',
  'code',
  'data',
  'del',
  'dfn',
  'em',
  'i',
  'img',
  'input',
  'ins',
  'kbd',
  'mark',
  'math',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'time',
  'tt',
  'u',
  'var',
  'wbr',
  'label',
  'font',
]);

/** Is there anything to show in these phrasing nodes (text, a picture, math, a line break)? */
function hasText(nodes: readonly ElementContent[]): boolean {
  return nodes.some((n) =>
    n.type === 'text'
      ? n.value.trim() !== ''
      : n.type === 'element'
        ? ['img', 'math', 'br', 'input'].includes(n.tagName) || hasText(n.children)
        : n.type === 'raw',
  );
}

function spacer(): Paragraph {
  return new Paragraph({ spacing: { before: 0, after: 0, line: 120, lineRule: LineRuleType.AUTO }, children: [] });
}

export class BlockConverter {
  /** Edition ids waiting for the next paragraph (a container's id is bookmarked at its first text). */
  private pendingIds: string[] = [];
  /** Converting a note: Word notes hold paragraphs here, so tables and boxes give their paragraphs. */
  private inNote = false;
  private lists = 0;

  constructor(
    readonly ctx: DocxContext,
    readonly notes: DocxNotes,
    readonly look: DocxLook,
    /** The text width in twentieths of a point. */
    readonly width: number,
  ) {}

  blocks(nodes: readonly ElementContent[], where: Where, frame: Frame = { listLevel: 0 }): Block[] {
    const out: Block[] = [];
    let phrasing: ElementContent[] = [];
    const flush = () => {
      if (hasText(phrasing)) out.push(this.paragraph(phrasing, where, frame));
      phrasing = [];
    };
    for (const node of nodes) {
      if (node.type === 'comment') continue;
      if (node.type !== 'element' || PHRASING.has(node.tagName)) {
        phrasing.push(node);
        continue;
      }
      flush();
      // Word joins two tables in a row into one: a paragraph keeps them apart.
      const next = this.block(node, whereOf(node, where), frame);
      if (out.at(-1) instanceof Table && next[0] instanceof Table) out.push(spacer());
      out.push(...next);
    }
    flush();
    return out;
  }

  /** A table cell's content: Word requires a cell to end with a paragraph. */
  cell(blocks: Block[]): Block[] {
    return blocks.length === 0 || blocks.at(-1) instanceof Table ? [...blocks, spacer()] : blocks;
  }

  private block(node: Element, where: Where, frame: Frame): Block[] {
    const tag = node.tagName;
    const heading = HEADINGS[tag];
    // A chapter starts on a new page, as in the PDF.
    if (heading)
      return [
        this.paragraph(
          node.children,
          where,
          { ...frame, numbering: undefined },
          { heading, pageBreakBefore: tag === 'h1' },
          node,
        ),
      ];
    if (tag === 'p') {
      if (hasClass(node, 'callout-title'))
        return [this.paragraph(node.children, where, { ...frame, style: STYLE.calloutTitle }, {}, node)];
      const pre = hasClass(node, 'line-block');
      return [this.paragraph(node.children, where, frame, {}, node, pre)];
    }
    if (tag === 'ul' || tag === 'ol')
      return hasClass(node, 'sources') ? this.sources(node, where) : this.list(node, where, frame);
    if (tag === 'blockquote') return this.within(node, where, { ...frame, style: STYLE.quote });
    if (tag === 'pre') return [this.paragraph(node.children, where, { ...frame, style: STYLE.code }, {}, node, true)];
    if (tag === 'figure') return this.within(node, where, frame);
    if (tag === 'figcaption')
      return [
        this.paragraph(
          node.children,
          where,
          { ...frame, style: 'Caption' },
          { keepNext: !hasClass(node, 'after') },
          node,
        ),
      ];
    if (this.inNote && (tag === 'table' || tag === 'aside')) return this.flattened(node, where, frame);
    if (tag === 'table') return this.withIds(node, [this.table(node, where)]);
    if (tag === 'aside') return this.withIds(node, [this.callout(node, where, frame)]);
    if (tag === 'dl') return this.within(node, where, frame);
    if (tag === 'dt') return [this.paragraph(node.children, where, { ...frame, style: STYLE.term }, {}, node)];
    if (tag === 'dd') return this.within(node, where, { ...frame, style: STYLE.definition });
    if (tag === 'hr') return [new Paragraph({ thematicBreak: true, children: [] })];
    if (tag === 'details' || tag === 'summary')
      return this.within(
        node,
        where,
        tag === 'summary' ? { ...frame, format: { ...frame.format, bold: true } } : frame,
      );
    if (tag === 'div' && hasClass(node, 'math-display')) return this.withIds(node, displayMath(node, this.ctx, where));
    if (tag === 'img')
      return [this.paragraph([node], where, { ...frame, align: AlignmentType.CENTER }, { keepNext: true })];
    if (CONTAINERS.has(tag) || tag === 'li') return this.within(node, where, frame);
    this.ctx.report(where, RULES.docxUnsupported, `<${tag}> has no Word form: its content is kept as plain paragraphs`);
    return this.within(node, where, frame);
  }

  /** A table or box in a note: its cells' and its own paragraphs, in order, with a warning for the table. */
  private flattened(node: Element, where: Where, frame: Frame): Block[] {
    if (node.tagName === 'table') {
      this.ctx.report(
        where,
        RULES.docxUnsupported,
        "a table in a note is kept as its cells' paragraphs in the Word note",
        'move the table out of the note to keep it a table in Word (the PDF and web editions show it as a table)',
      );
    }
    if (node.tagName === 'aside') return this.blocks(node.children, where, frame);
    // Each cell its own paragraphs: one run of phrasing across cells would glue their words.
    const cells = (n: Element): Element[] =>
      n.tagName === 'td' || n.tagName === 'th'
        ? [n]
        : n.children.flatMap((c) => (c.type === 'element' ? cells(c) : []));
    return cells(node).flatMap((cell) => this.blocks(cell.children, where, frame));
  }

  /** A container's children, its id bookmarked at the first paragraph inside. */
  private within(node: Element, where: Where, frame: Frame): Block[] {
    if (typeof node.properties.id === 'string') this.pendingIds.push(node.properties.id);
    return this.blocks(node.children, where, frame);
  }

  /** A table or box with an id: an empty paragraph before it carries the bookmark. */
  private withIds(node: Element, blocks: Block[]): Block[] {
    const id = node.properties.id;
    if (typeof id !== 'string') return blocks;
    const mark = new Bookmark({ id: this.ctx.bookmark(id), children: [] });
    return [new Paragraph({ children: [mark], spacing: { after: 0 }, keepNext: true }), ...blocks];
  }

  paragraph(
    nodes: readonly ElementContent[],
    where: Where,
    frame: Frame,
    options: IParagraphOptions = {},
    node?: Element,
    preformatted = false,
  ): Paragraph {
    const env = this.inlineEnv(preformatted);
    const ids = [...this.pendingIds, ...(node && typeof node.properties.id === 'string' ? [node.properties.id] : [])];
    this.pendingIds = [];
    let children: ParagraphChild[] = inlines(nodes, env, where, frame.format);
    for (const id of ids.reverse()) children = [new Bookmark({ id: this.ctx.bookmark(id), children })];
    const { numbering, prefix } = frame;
    frame.numbering = undefined;
    frame.prefix = undefined;
    if (prefix) children = [...prefix, ...children];
    return new Paragraph({
      style: options.heading ? undefined : frame.style,
      alignment: frame.align,
      indent:
        frame.indent === undefined || numbering
          ? undefined
          : { left: frame.indent, hanging: prefix ? frame.indent : undefined },
      numbering,
      ...options,
      children,
    });
  }

  inlineEnv(preformatted = false, inNote = false): InlineEnv {
    return {
      ctx: this.ctx,
      inNote,
      preformatted,
      noteReference: (sup, where, format) =>
        this.notes.reference(sup, where, format, (nodes, at) => this.noteParagraphs(nodes, at), inNote),
    };
  }

  /** A note's body: paragraphs in the note text style (Word's notes hold paragraphs; a table's cells are read as paragraphs). */
  private noteParagraphs(nodes: readonly ElementContent[], where: Where): Paragraph[] {
    const [saved, wasInNote] = [this.pendingIds, this.inNote];
    this.pendingIds = [];
    this.inNote = true;
    const style = this.notes.kind === 'footnote' ? 'FootnoteText' : 'EndnoteText';
    const blocks = this.blocks(nodes, where, { listLevel: 0, style });
    [this.pendingIds, this.inNote] = [saved, wasInNote];
    // Tables and boxes were flattened above: every block of a note is a paragraph.
    return blocks.filter((b): b is Paragraph => b instanceof Paragraph);
  }

  private list(node: Element, where: Where, frame: Frame): Block[] {
    this.lists += 1;
    const instance = this.lists;
    const start = Number(node.properties.start ?? 1);
    const reference =
      node.tagName === 'ol'
        ? numberedList(String(node.properties.type ?? '1'), Number.isInteger(start) && start >= 0 ? start : 1)
        : bulletList();
    const level = frame.listLevel;
    if (typeof node.properties.id === 'string') this.pendingIds.push(node.properties.id);
    return node.children.flatMap((item) => {
      if (item.type !== 'element') return [];
      if (item.tagName !== 'li') return this.block(item, whereOf(item, where), frame);
      const itemFrame: Frame = {
        ...frame,
        numbering: { reference, level: Math.min(level, 8), instance },
        indent: itemIndent(Math.min(level, 8)),
        listLevel: level + 1,
      };
      if (typeof item.properties.id === 'string') this.pendingIds.push(item.properties.id);
      return this.blocks(item.children, whereOf(item, where), itemFrame);
    });
  }

  /** sources.md's list: each source a paragraph starting with its number, bookmarked for the references. */
  private sources(node: Element, where: Where): Block[] {
    return node.children.flatMap((item) => {
      if (item.type !== 'element' || item.tagName !== 'li') return [];
      const at = whereOf(item, where);
      const label = item.children.find((c): c is Element => c.type === 'element' && hasClass(c, 'note-label'));
      // The back links after a source (`^2`…) lead to its later references: navigation, not text.
      const body = item.children.filter((c) => c !== label && !(c.type === 'element' && hasClass(c, 'backlinks')));
      const env = this.inlineEnv();
      const number = label ? inlines([label], env, at) : [];
      if (typeof item.properties.id === 'string') this.pendingIds.push(item.properties.id);
      // The number hangs in front of the first paragraph, as in a numbered list.
      return this.blocks(body, at, {
        listLevel: 0,
        indent: 567,
        prefix: [...number, new TextRun({ children: [new Tab()] })],
      });
    });
  }

  private table(node: Element, where: Where): Table {
    return wordTable(
      node,
      (cell, header, align) =>
        this.cell(
          this.blocks(cell.children, whereOf(cell, where), {
            listLevel: 0,
            align,
            format: header ? { bold: true } : undefined,
          }),
        ),
      this.look,
      this.width,
    );
  }

  /** A callout: a one-cell table shaded in the theme's box colour, ruled on the left in its accent. */
  private callout(node: Element, where: Where, frame: Frame): Table {
    const saved = this.pendingIds;
    this.pendingIds = [];
    const children = this.blocks(node.children, where, {
      ...frame,
      numbering: undefined,
      indent: undefined,
      style: STYLE.callout,
    });
    this.pendingIds = saved;
    const none = { style: BorderStyle.NONE, size: 0, color: 'auto' };
    return new Table({
      width: { size: this.width, type: WidthType.DXA },
      columnWidths: [this.width],
      rows: [
        new TableRow({
          children: [
            new TableCell({
              shading: { fill: this.look.box },
              margins: { top: 120, bottom: 80, left: 160, right: 160 },
              borders: {
                top: none,
                bottom: none,
                right: none,
                left: { style: BorderStyle.SINGLE, size: 18, color: this.look.accent },
              },
              children: this.cell(children),
            }),
          ],
        }),
      ],
    });
  }
}

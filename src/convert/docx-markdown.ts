// mammoth's HTML → Briefing Markdown, through the unified collective: hast (hast-util-from-html) is
// tidied for what Briefing means (notes, bookmarks, captions, callouts, tables, picture sizes), then
// hast-util-to-mdast makes mdast with our handlers, the tree is split at its Heading 1s into
// chapters, and mdast-util-to-markdown writes each (GFM tables and notes, grid tables, directives).
import type { Element, ElementContent, Root as HastRoot, RootContent as HastContent } from 'hast';
import type { FootnoteDefinition, Heading, Nodes, PhrasingContent, Root, RootContent, Text } from 'mdast';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toText } from 'hast-util-to-text';
import { defaultHandlers, toMdast, type Handle, type State } from 'hast-util-to-mdast';
import { toMarkdown } from 'mdast-util-to-markdown';
import { gfmToMarkdown } from 'mdast-util-gfm';
import { directiveToMarkdown } from 'mdast-util-directive';
import { gridTablesToMarkdown } from '@adobe/mdast-util-gridtables';
import { hasClass } from '../hast-classes.js';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import GithubSlugger from 'github-slugger';
import type { DocxScan } from './docx-scan.js';
import { RULE_MARK } from './docx-html.js';
import { CALLOUT_KINDS } from '../pipeline/remark-callouts.js';

export interface ConvertedChapter {
  /** The Heading 1's text (numbers typed into it left out). */
  title: string;
  markdown: string;
}

export interface ConvertedText {
  /** Text before the first Heading 1, if any. */
  preface?: string;
  chapters: ConvertedChapter[];
  /** From paragraphs in Word's Title and Subtitle styles. */
  title?: string;
  subtitle?: string;
  /** Links kept as their text only (what they pointed at), for the report. */
  /** Links kept as their words only: the words and the address. */
  unlinked: Array<{ text: string; href: string }>;
  /** Captions that held only Word's label ("Table 1"): the table or figure is printed without one. */
  bareCaptions: string[];
}

/** "Table 3:", "Figure 1.2 –", "Рисунок 4." — the label Word's caption starts with; Briefing numbers its own. */
const CAPTION_LABEL = /^\s*\p{L}+\.?\s*(?:\d+(?:[.\-–]\d+)*\s*[:.\u2013\u2014-]?|[:.\u2013\u2014-])\s*/u;
/** "1.", "2.3", "IV." typed before a heading's text: Briefing numbers chapters and sections. */
const TYPED_NUMBER = /^\s*(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.)\s+(?=\S)/;

export function htmlToMarkdown(
  html: string,
  scan: DocxScan,
  fallbackTitle: string,
  listStarts: Array<number | undefined> = [],
): ConvertedText {
  const tree = fromHtml(html, { fragment: true });
  const notes = takeNotes(tree);
  const result: ConvertedText = { chapters: [], unlinked: [], bareCaptions: [] };
  result.title = takeStyled(tree, 'docx-title');
  result.subtitle = takeStyled(tree, 'docx-subtitle');
  repeatedNoteReferences(tree);
  calloutBoxes(tree);
  markTableHeaders(tree, scan);
  continueLists(tree, listStarts);
  linkTargets(tree, result.unlinked);
  captions(tree, result.bareCaptions);
  horizontalRules(tree);
  const mdast = toMdast(tree, { handlers: HANDLERS }) as Root;
  const noteTrees = new Map(
    [...notes].map(([id, li]) => [id, toMdast({ type: 'root', children: li }, { handlers: HANDLERS }) as Root]),
  );
  const parts = splitChapters(mdast.children, result.title ?? fallbackTitle);
  if (parts.preface.length > 0) result.preface = serialize(withNotes(parts.preface, noteTrees));
  for (const chapter of parts.chapters) {
    const title = toString(chapter[0]!).replace(/ \{#[^}]*\}$/, '');
    result.chapters.push({ title, markdown: serialize(withNotes(chapter, noteTrees)) });
  }
  return result;
}

// ---- hast, before mdast -------------------------------------------------------------------------

/**
 * mammoth's notes list (`<li id="footnote-1">`, `endnote-1`) out of the tree, back-links removed.
 * mammoth writes the lists last, at the top level: only the top level is looked at (a whole-tree
 * selector took 0.09 s of a 100-page report).
 */
function takeNotes(tree: HastRoot): Map<string, HastContent[]> {
  const notes = new Map<string, HastContent[]>();
  const isNote = (node: HastContent): node is Element =>
    node.type === 'element' && node.tagName === 'li' && /^(?:foot|end)note-/.test(String(node.properties.id));
  tree.children = tree.children.filter((list) => {
    if (list.type !== 'element' || list.tagName !== 'ol') return true;
    const items = list.children.filter(isNote);
    if (items.length === 0) return true;
    for (const li of items) {
      for (const back of selectAll('a[href^="#footnote-ref-"], a[href^="#endnote-ref-"]', li))
        back.tagName = 'briefing-drop';
      notes.set(noteName(String(li.properties.id)), li.children);
    }
    return false;
  });
  return notes;
}

/** `footnote-3` → `3`, `endnote-3` → `e3`: one namespace per chapter file for both kinds. */
function noteName(id: string): string {
  return id.replace(/^footnote-(?:ref-)?/, '').replace(/^endnote-(?:ref-)?/, 'e');
}

/** The text of the top-level paragraphs of a class (Title, Subtitle), which go from the body. */
function takeStyled(tree: HastRoot, className: string): string | undefined {
  const found = tree.children.filter(
    (p): p is Element => p.type === 'element' && p.tagName === 'p' && hasClass(p, className),
  );
  const text = found
    .map((p) => toText(p).trim())
    .filter(Boolean)
    .join(' ');
  for (const p of found) p.tagName = 'briefing-drop';
  return text || undefined;
}

/**
 * Word gives a note one reference; Briefing's Word edition links a later reference to a bookmark at
 * the first (`<a id="m"></a><sup>…note…</sup>` … `<a href="#m"><sup>i</sup></a>`): that link becomes
 * a reference to the same note again.
 */
function repeatedNoteReferences(tree: HastRoot): void {
  const firsts = new Map<string, Element>();
  const links: Element[] = [];
  // One walk (selectors over the whole tree cost a 100-page report 0.07 s).
  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName !== 'a') return;
    if (node.properties.href === undefined) {
      const next = parent && index !== undefined ? neighbour(parent.children, index, 1) : undefined;
      if (next?.tagName === 'sup' && select('a[href^="#footnote-"], a[href^="#endnote-"]', next))
        firsts.set(String(node.properties.id), next);
    } else if (String(node.properties.href).startsWith('#')) links.push(node);
  });
  for (const a of links) {
    const sup = firsts.get(String(a.properties.href).slice(1));
    if (!sup) continue;
    a.tagName = 'sup';
    a.properties = {};
    a.children = structuredClone(sup.children);
  }
}

/**
 * Briefing's Word edition draws a callout as a one-cell table holding the box's paragraphs (style
 * Callout) after its title (style Callout title): the box again, a typed one (`:::note`) when the
 * title is a kind's name, else `:::callout` with the title kept as its first, bold paragraph.
 */
function calloutBoxes(tree: HastRoot): void {
  for (const table of selectAll('table', tree)) {
    const cells = selectAll('td, th', table);
    if (cells.length !== 1 || selectAll('tr', table).length !== 1) continue;
    const cell = cells[0]!;
    const blocks = cell.children.filter((c): c is Element => c.type === 'element');
    const title = blocks[0]?.properties.className?.includes('docx-callout-title') ? blocks[0] : undefined;
    const body = blocks.slice(title ? 1 : 0);
    if (body.length === 0 || !body.every((b) => b.tagName === 'div' && b.properties.className?.includes('callout')))
      continue;
    const name = title ? toText(title).trim() : '';
    const kind = CALLOUT_KINDS.find((k) => k === name.toLowerCase());
    const children = body.flatMap((b) => b.children);
    if (title && !kind) children.unshift(paragraph([{ ...title, tagName: 'strong', properties: {} }]));
    Object.assign(table, {
      tagName: 'div',
      properties: { className: ['callout'], dataKind: kind ?? 'callout' },
      children,
    });
  }
}

/** Word's "header row" look (tblLook firstRow, Pandoc's reading too) or repeated header rows → <th>. */
function markTableHeaders(tree: HastRoot, scan: DocxScan): void {
  selectAll('table', tree).forEach((table, i) => {
    const info = scan.tables[i];
    const rows = selectAll('tr', table).filter((tr) => closestTable(table, tr));
    if (!info || info.rows !== rows.length || selectAll('th', table).length > 0) return;
    const headerRows = Math.max(info.headerRows, info.firstRowLook && rows.length > 1 ? 1 : 0);
    for (const tr of rows.slice(0, headerRows))
      for (const cell of tr.children) if (cell.type === 'element' && cell.tagName === 'td') cell.tagName = 'th';
  });
  // A header cell set all in bold (Word's look for it) needs no bold of its own in the Markdown.
  for (const th of selectAll('th', tree)) {
    const [only, ...more] = th.children.filter((c) => c.type !== 'text' || c.value.trim());
    const inner = only?.type === 'element' && only.tagName === 'p' ? only : th;
    const strong = inner.children.filter((c) => c.type !== 'text' || c.value.trim());
    if (more.length === 0 && strong.length === 1 && strong[0]!.type === 'element' && strong[0]!.tagName === 'strong')
      inner.children = strong[0]!.children;
  }
}

function closestTable(table: Element, tr: Element): boolean {
  // A row of a table nested in a cell belongs to that table.
  // (selectAll matches the table itself too.)
  return !selectAll('table', table).some((inner) => inner !== table && selectAll('tr', inner).includes(tr));
}

/**
 * Word continues a numbered list after a paragraph between its items; mammoth starts each part at 1.
 * The scan's list runs pair with mammoth's outermost lists in order; only when both count the same
 * are the starts set (a doubt leaves mammoth's numbering).
 */
function continueLists(tree: HastRoot, starts: Array<number | undefined>): void {
  const lists = outerLists(tree);
  if (lists.length !== starts.length) return;
  lists.forEach((list, i) => {
    const start = starts[i];
    if (list.tagName === 'ol' && start !== undefined && start !== 1) list.properties.start = start;
  });
}

/** Lists not inside another list, in document order (table cells included). */
function outerLists(node: HastRoot | Element, found: Element[] = []): Element[] {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === 'ol' || child.tagName === 'ul') found.push(child);
    else outerLists(child, found);
  }
  return found;
}

/**
 * Bookmarks that links point to: in a heading, the heading gets an explicit id (its text as a slug)
 * and the links point there; elsewhere the bookmark stays as an anchor (`<a id>`). Others go.
 */
function linkTargets(tree: HastRoot, unlinked: ConvertedText['unlinked']): void {
  const wanted = new Set(selectAll('a[href^="#"]', tree).map((a) => String(a.properties.href).slice(1)));
  const renamed = new Map<string, string>();
  const slugger = new GithubSlugger();
  for (const heading of selectAll('h1, h2, h3, h4, h5, h6', tree)) {
    stripTypedNumber(heading);
    const text = toText(heading).trim();
    const slug = slugger.slug(text);
    if (!text) {
      // An empty heading goes; a bookmark in it that a link wants stays, as an anchor paragraph.
      heading.tagName = 'p';
      continue;
    }
    for (const anchor of selectAll('a[id]:not([href])', heading)) {
      if (wanted.has(String(anchor.properties.id))) {
        renamed.set(String(anchor.properties.id), slug);
        heading.properties.dataExplicitId = slug;
      }
      anchor.tagName = 'briefing-drop';
    }
  }
  for (const anchor of selectAll('a[id]:not([href])', tree)) {
    const id = String(anchor.properties.id);
    anchor.tagName = wanted.has(id) && !renamed.has(id) ? 'briefing-anchor' : 'briefing-drop';
  }
  const anchors = new Set(selectAll('briefing-anchor', tree).map((a) => String(a.properties.id)));
  for (const a of selectAll('a[href]', tree)) {
    const href = String(a.properties.href);
    if (/^#(footnote|endnote)-/.test(href)) continue;
    const target = href.slice(1);
    if (href.startsWith('#') && renamed.has(target)) a.properties.href = `#${renamed.get(target)!}`;
    else if (href.startsWith('#') ? !anchors.has(target) : !/^(https?:|mailto:)/i.test(href)) {
      // A bookmark that is not there, or a link Briefing refuses or cannot follow (javascript:, a
      // file on the author's disk): the words stay, the link goes, and the report says so.
      unlinked.push({ text: toText(a).trim(), href });
      a.tagName = 'span';
      a.properties = {};
    }
  }
}

function stripTypedNumber(heading: Element): void {
  const first = firstText(heading);
  if (first && TYPED_NUMBER.test(first.value)) first.value = first.value.replace(TYPED_NUMBER, '');
}

function firstText(node: Element): { value: string } | undefined {
  for (const child of node.children) {
    if (child.type === 'text' && child.value.trim()) return child;
    if (child.type === 'element') {
      const found = firstText(child);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Caption paragraphs (Word's Caption style, with or without a SEQ field): next to a table, a
 * `Table: …` caption; next to a picture alone in its paragraph, the picture's caption (its alt
 * text: Briefing captions figures with it, Word's own alt text becomes the title). The label Word
 * typed ("Table 2:") goes: Briefing numbers figures and tables itself. Anchors in the caption move
 * beside it, so cross-references still land there.
 */
function captions(tree: HastRoot, bare: string[]): void {
  for (const parent of [tree, ...selectAll('*', tree)]) {
    const children = parent.children as HastContent[];
    for (let i = 0; i < children.length; i++) {
      const node = children[i]!;
      if (node.type !== 'element' || !node.properties.className?.includes('docx-caption')) continue;
      const before = neighbour(children, i, -1);
      const after = neighbour(children, i, 1);
      const anchors = selectAll('briefing-anchor', node);
      const text = toText(node).replace(/\s+/g, ' ').replace(CAPTION_LABEL, '').trim();
      const table = [after, before].find((n) => n?.tagName === 'table');
      const figure = [after, before].find((n) => n && loneImage(n));
      const replacement: Element[] = [];
      if ((table ?? figure) && !text) bare.push(toText(node).replace(/\s+/g, ' ').trim());
      if (table) {
        if (text) replacement.push(paragraph([{ type: 'text', value: `Table: ${text}` }]));
      } else if (figure) {
        const img = loneImage(figure)!;
        if (text) {
          if (img.properties.alt && img.properties.alt !== text) img.properties.title = String(img.properties.alt);
          img.properties.alt = text;
        }
      } else {
        node.properties.className = [];
        continue;
      }
      const anchorParagraph = anchors.length > 0 ? [paragraph(anchors)] : [];
      const captionFirst = (table ?? figure) === after;
      children.splice(
        i,
        1,
        ...(captionFirst ? [...anchorParagraph, ...replacement] : [...replacement, ...anchorParagraph]),
      );
    }
  }
}

/** Word's horizontal line (marked by docx-html.ts): alone in its paragraph a thematic break, else nothing. */
function horizontalRules(tree: HastRoot): void {
  for (const p of selectAll('p', tree)) {
    if (toText(p).trim() !== RULE_MARK) continue;
    p.tagName = 'hr';
    p.children = [];
  }
  visit(tree, 'text', (text) => {
    if (text.value.includes(RULE_MARK)) text.value = text.value.replaceAll(RULE_MARK, '');
  });
}

function neighbour(children: HastContent[], at: number, step: 1 | -1): Element | undefined {
  for (let i = at + step; i >= 0 && i < children.length; i += step) {
    const node = children[i]!;
    if (node.type === 'text' && !node.value.trim()) continue;
    return node.type === 'element' ? node : undefined;
  }
  return undefined;
}

function loneImage(node: Element): Element | undefined {
  if (node.tagName !== 'p') return undefined;
  const elements = node.children.filter(
    (c) => c.type === 'element' && c.tagName !== 'briefing-anchor' && c.tagName !== 'briefing-drop',
  );
  const text = node.children.some((c) => c.type === 'text' && c.value.trim());
  return !text && elements.length === 1 && (elements[0] as Element).tagName === 'img'
    ? (elements[0] as Element)
    : undefined;
}

function paragraph(children: ElementContent[]): Element {
  return { type: 'element', tagName: 'p', properties: {}, children };
}

// ---- mdast handlers ------------------------------------------------------------------------------

const html = (value: string) => ({ type: 'html' as const, value });

/** Raw HTML Briefing keeps (`<sub>`, `<sup>`, `<span class="smallcaps">`) around the children. */
function wrapped(open: string, close: string): Handle {
  return (state, node) => [html(open), ...(state.all(node) as PhrasingContent[]), html(close)];
}

const HANDLERS: Record<string, Handle> = {
  'briefing-drop': () => undefined,
  'briefing-anchor': (_state, node) => html(`<a id="${String(node.properties.id).replace(/[^\w.:-]/g, '')}"></a>`),
  sub: wrapped('<sub>', '</sub>'),
  sup: (state, node) => {
    const refs = selectAll('a[href^="#footnote-"], a[href^="#endnote-"]', node);
    if (refs.length === 0) return wrapped('<sup>', '</sup>')(state, node, undefined);
    return refs.map((a) => ({
      type: 'footnoteReference' as const,
      identifier: noteName(String(a.properties.href).slice(1)),
      label: noteName(String(a.properties.href).slice(1)),
    }));
  },
  span: (state, node) =>
    node.properties.className?.includes('smallcaps')
      ? wrapped('<span class="smallcaps">', '</span>')(state, node, undefined)
      : state.all(node),
  div: (state, node) =>
    node.properties.className?.includes('callout')
      ? {
          type: 'containerDirective',
          name: typeof node.properties.dataKind === 'string' ? node.properties.dataKind : 'callout',
          attributes: {},
          children: state.toFlow(state.all(node)),
        }
      : state.all(node),
  img: (state, node) => {
    if (node.properties.src === '#briefing-dropped-image') return undefined;
    const image = defaultHandlers.img(state, node);
    const width = node.properties.dataWidth;
    return width ? [image, { type: 'text', value: `{width=${String(width)}}` }] : image;
  },
  h1: heading(1),
  h2: heading(2),
  h3: heading(3),
  h4: heading(4),
  h5: heading(5),
  h6: heading(6),
  table: (state, node) => (simpleTable(node) ? defaultHandlers.table(state, node) : gridTable(state, node)),
};

function heading(depth: 1 | 2 | 3 | 4 | 5 | 6): Handle {
  return (state, node) => {
    const children = state.all(node) as PhrasingContent[];
    const id = node.properties.dataExplicitId;
    if (id) children.push({ type: 'text', value: ` {#${String(id)}}` });
    return { type: 'heading', depth, children } satisfies Heading;
  };
}

/** A GFM pipe table holds it: a header row, no merged cell, each cell one paragraph of text. */
function simpleTable(table: Element): boolean {
  const rows = selectAll('tr', table);
  if (rows.length === 0 || !rows[0]!.children.some((c) => c.type === 'element' && c.tagName === 'th')) return false;
  return selectAll('td, th', table).every(
    (cell) =>
      !cell.properties.colSpan &&
      !cell.properties.rowSpan &&
      !select('table, ul, ol, br, img', cell) &&
      selectAll('p', cell).length <= 1,
  );
}

interface GridCell {
  type: 'gtCell';
  colSpan: number;
  rowSpan: number;
  children: RootContent[];
}

/** Anything else as a Pandoc grid table (@adobe/mdast-util-gridtables): spans, paragraphs and lists in cells. */
function gridTable(state: State, table: Element): Nodes {
  const rows = selectAll('tr', table).filter((tr) => closestTable(table, tr));
  const toRow = (tr: Element) => ({
    type: 'gtRow',
    children: tr.children
      .filter((c): c is Element => c.type === 'element' && (c.tagName === 'td' || c.tagName === 'th'))
      .map((cell): GridCell => ({
        type: 'gtCell',
        colSpan: Number(cell.properties.colSpan ?? 1),
        rowSpan: Number(cell.properties.rowSpan ?? 1),
        children: state.toFlow(state.all(cell)),
      })),
  });
  const isHeader = (tr: Element) => tr.children.some((c) => c.type === 'element' && c.tagName === 'th');
  let headerCount = 0;
  while (headerCount < rows.length - 1 && isHeader(rows[headerCount]!)) headerCount++;
  const parts = [
    ...(headerCount > 0 ? [{ type: 'gtHeader', children: rows.slice(0, headerCount).map(toRow) }] : []),
    { type: 'gtBody', children: rows.slice(headerCount).map(toRow) },
  ];
  return { type: 'gridTable', children: parts } as unknown as Nodes;
}

// ---- chapters and notes --------------------------------------------------------------------------

function splitChapters(nodes: RootContent[], title: string): { preface: RootContent[]; chapters: RootContent[][] } {
  levelHeadings(nodes);
  const first = nodes.findIndex((n) => n.type === 'heading' && n.depth === 1);
  if (first === -1) {
    // No heading at all: the document is one chapter under its title.
    return {
      preface: [],
      chapters: [[{ type: 'heading', depth: 1, children: [{ type: 'text', value: title }] }, ...nodes]],
    };
  }
  const chapters: RootContent[][] = [];
  for (const node of nodes.slice(first)) {
    if (node.type === 'heading' && node.depth === 1) chapters.push([node]);
    else chapters.at(-1)!.push(node);
  }
  return { preface: nodes.slice(0, first), chapters };
}

/**
 * Heading levels as Briefing numbers them. A document whose top headings are Heading 2 (Pandoc and
 * Quarto write `#` so when the title is the document's Title) would be one chapter: its shallowest
 * level present becomes the chapters, the others move up with it. A level skipped in Word (Heading 3
 * right under a Heading 1) closes up: the heading is one level below the one before it.
 */
function levelHeadings(nodes: RootContent[]): void {
  const headings = nodes.filter((n): n is Heading => n.type === 'heading');
  if (headings.length === 0) return;
  const shift = Math.min(...headings.map((h) => h.depth)) - 1;
  let before = 0;
  for (const h of headings) {
    h.depth = Math.min(h.depth - shift, before + 1) as Heading['depth'];
    before = h.depth;
  }
}

/** A chapter's nodes, then the definitions of the notes it refers to, in the order of reference. */
function withNotes(nodes: RootContent[], notes: Map<string, Root>): Root {
  const root: Root = { type: 'root', children: nodes };
  const used: string[] = [];
  visit(root, 'footnoteReference', (ref) => {
    if (!used.includes(ref.identifier)) used.push(ref.identifier);
  });
  for (const id of used) {
    const note = notes.get(id);
    const definition: FootnoteDefinition = {
      type: 'footnoteDefinition',
      identifier: id,
      label: id,
      children: note ? (trimmed(note).children as FootnoteDefinition['children']) : [],
    };
    root.children.push(definition);
  }
  return root;
}

/** mammoth starts a note with a space and ends it with the back-link's space. */
function trimmed(note: Root): Root {
  const texts: Text[] = [];
  visit(note, 'text', (t) => {
    texts.push(t);
  });
  if (texts[0]) texts[0].value = texts[0].value.replace(/^\s+/, '');
  if (texts.at(-1)) texts.at(-1)!.value = texts.at(-1)!.value.replace(/\s+$/, '');
  return note;
}

function serialize(root: Root): string {
  return toMarkdown(root, {
    extensions: [gfmToMarkdown(), directiveToMarkdown(), gridTablesToMarkdown()],
    bullet: '-',
    emphasis: '*',
    strong: '*',
    rule: '-',
    fences: true,
    listItemIndent: 'one',
  });
}

// The mdast nodes our plugins make, declared to mdast (as mdast-util-directive declares its own) so
// that they go into trees without casts. Each carries data.hName/hProperties/hChildren: remark-rehype
// turns it into exactly that hast element.
import type {
  BlockContent,
  Code,
  Data,
  DefinitionContent,
  Literal,
  Image,
  Node,
  Parent,
  PhrasingContent,
  Table,
  RootContent,
} from 'mdast';

/** Display math as remark-math parses it. */
export type DisplayMath = Extract<RootContent, { type: 'math' }>;

/** `[^name]` in running text → <sup class="note-ref"><a href="#note-name" id="ref-name">i</a></sup>. */
export interface NoteReference extends Node {
  type: 'noteReference';
  data: Data;
}

/** The generated number before a chapter or section title → <span class="heading-number">I.</span>. */
export interface HeadingNumber extends Node {
  type: 'headingNumber';
  data: Data;
}

/** The sources list of sources.md → <ol class="sources">. */
export interface NotesList extends Parent {
  type: 'notesList';
  children: NoteItem[];
}

/**
 * A file's footnotes, waiting at the end of its tree for the edition step (footnotes.ts) to number
 * and place them → <ol class="footnotes-pending"> with one <li data-note="key"> each.
 */
export interface PendingFootnotes extends Parent {
  type: 'pendingFootnotes';
  children: NoteItem[];
}

/** One source → <li id="note-name">: its label, its text, its back-links. */
export interface NoteItem extends Parent {
  type: 'noteItem';
  children: Array<NoteLabel | NoteBody | NoteBacklinks>;
}

export interface NoteLabel extends Node {
  type: 'noteLabel';
  data: Data;
}

export interface NoteBody extends Parent {
  type: 'noteBody';
  children: Array<BlockContent | DefinitionContent>;
}

export interface NoteBacklinks extends Node {
  type: 'noteBacklinks';
  data: Data;
}

/** An image alone in its paragraph → <figure class="figure"><img><figcaption>. */
export interface Figure extends Parent {
  type: 'figure';
  data: Data;
  children: Array<Image | FigureCaption>;
}

/** A table with a `Table:` caption → <figure class="table-figure"><figcaption><table>. */
export interface TableFigure extends Parent {
  type: 'tableFigure';
  data: Data;
  children: Array<FigureCaption | Table | GridTable>;
}

/** A code block with a caption or a `{#lst-x}` label → <figure class="listing"><figcaption><pre>. */
export interface ListingFigure extends Parent {
  type: 'listingFigure';
  data: Data;
  children: Array<FigureCaption | Code>;
}

/** A Pandoc grid table (`+---+` rules), as @adobe/remark-gridtables parses it; → <table>. */
export interface GridTable extends Parent {
  type: 'gridTable';
}

/** → <figcaption>: the numbered label, then the caption text. */
export interface FigureCaption extends Parent {
  type: 'figureCaption';
  data: Data;
  children: Array<CaptionLabel | PhrasingContent>;
}

/** "Figure 3." → <span class="caption-label">. */
export interface CaptionLabel extends Node {
  type: 'captionLabel';
  data: Data;
}

/** An `@` reference → <span class="citation|xref" data-at-ref="n">, filled by the edition step. */
export interface AtReference extends Node {
  type: 'atReference';
  data: Data;
}

/** Display math labelled `{#eq-x}` → <div class="equation" id="eq-x"> with its number. */
export interface Equation extends Parent {
  type: 'equation';
  data: Data;
  children: Array<DisplayMath | CaptionLabel>;
}

/** Raw TeX in the text (raw-tex-syntax.ts): `\name*{…}[…]` as typed; remark-raw-tex.ts resolves it. */
export interface RawTex extends Literal {
  type: 'rawTex';
}

declare module 'mdast' {
  interface FootnoteReferenceData {
    /** A citation's own note (note styles, remark-references.ts): remark-notes.ts registers it inline. */
    citationNote?: FootnoteDefinition;
  }
  interface HeadingData {
    /** `{#id}` written after the heading (remark-pandoc-inline.ts): the heading's id, or an alias of it. */
    explicitId?: string;
  }
  interface PhrasingContentMap {
    rawTex: RawTex;
    atReference: AtReference;
    noteReference: NoteReference;
    headingNumber: HeadingNumber;
  }
  interface BlockContentMap {
    gridTable: GridTable;
    notesList: NotesList;
    pendingFootnotes: PendingFootnotes;
    figure: Figure;
    tableFigure: TableFigure;
    listingFigure: ListingFigure;
    equation: Equation;
  }
  interface RootContentMap {
    rawTex: RawTex;
    atReference: AtReference;
    equation: Equation;
    gridTable: GridTable;
    pendingFootnotes: PendingFootnotes;
    noteReference: NoteReference;
    headingNumber: HeadingNumber;
    notesList: NotesList;
    noteItem: NoteItem;
    noteLabel: NoteLabel;
    noteBody: NoteBody;
    noteBacklinks: NoteBacklinks;
    figure: Figure;
    tableFigure: TableFigure;
    listingFigure: ListingFigure;
    figureCaption: FigureCaption;
    captionLabel: CaptionLabel;
  }
}

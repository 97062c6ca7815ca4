// The mdast nodes our plugins make, declared to mdast (as mdast-util-directive declares its own) so
// that they go into trees without casts. Each carries data.hName/hProperties/hChildren: remark-rehype
// turns it into exactly that hast element.
import type { BlockContent, Data, DefinitionContent, Node, Parent } from 'mdast';

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

declare module 'mdast' {
  interface PhrasingContentMap {
    noteReference: NoteReference;
    headingNumber: HeadingNumber;
  }
  interface BlockContentMap {
    notesList: NotesList;
  }
  interface RootContentMap {
    noteReference: NoteReference;
    headingNumber: HeadingNumber;
    notesList: NotesList;
    noteItem: NoteItem;
    noteLabel: NoteLabel;
    noteBody: NoteBody;
    noteBacklinks: NoteBacklinks;
  }
}

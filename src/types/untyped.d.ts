// Declarations for dependencies that ship no types of their own (only what we use of them).
declare module '@adobe/remark-gridtables' {
  import type { Plugin } from 'unified';
  import type { Root } from 'mdast';
  const remarkGridTables: Plugin<[], Root>;
  export default remarkGridTables;
}

declare module '@adobe/mdast-util-gridtables' {
  import type { Handler } from 'mdast-util-to-hast';
  export const mdast2hastGridTablesHandler: (options?: { noHeader?: boolean }) => Handler;
  export const gridTablesToMarkdown: () => import('mdast-util-to-markdown').Options;
}

// gettext-parser (the PO writer, translate/po.ts): the parts used.
declare module 'gettext-parser' {
  export interface PoEntry {
    msgid: string;
    msgctxt?: string;
    msgstr: string[];
    comments?: { extracted?: string; reference?: string; flag?: string; previous?: string; translator?: string };
  }
  export interface PoData {
    charset: string;
    headers: Record<string, string>;
    translations: Record<string, Record<string, PoEntry>>;
  }
  const gettextParser: {
    po: { parse(input: Buffer | string): PoData; compile(data: PoData, options?: { foldLength?: number }): Buffer };
  };
  export default gettextParser;
}

declare module '@citation-js/core' {
  export const plugins: {
    input: { chain(data: string, options: { forceType: string; generateGraph?: boolean }): unknown[] };
    /** A plugin's settings; '@bibtex' → { parse: { sentenceCase: 'never' | 'english' | 'always', … } }. */
    config: { get(plugin: '@bibtex'): { parse: { sentenceCase: 'never' | 'english' | 'always' } } };
  };
}

declare module '@citation-js/plugin-bibtex';

declare module 'citeproc' {
  export interface CitationItem {
    id: string;
    prefix?: string;
    suffix?: string;
    locator?: string;
    label?: string;
    'suppress-author'?: boolean;
    'author-only'?: boolean;
  }
  export interface Citation {
    citationID: string;
    citationItems: CitationItem[];
    properties: { noteIndex: number };
  }
  export interface Sys {
    retrieveLocale(lang: string): string;
    retrieveItem(id: string): unknown;
    wrapCitationEntry?(text: string, id: string): string;
  }
  export class Engine {
    constructor(sys: Sys, style: string, lang?: string, forceLang?: boolean);
    opt: {
      xclass: 'in-text' | 'note';
      development_extensions: Record<string, boolean>;
    };
    citation: { opt: { layout_prefix: string; layout_suffix: string } };
    updateItems(ids: string[]): void;
    rebuildProcessorState(citations: Citation[], format: string): Array<[string, number, string]>;
    makeCitationCluster(items: CitationItem[]): string;
    makeBibliography(): [{ entry_ids: string[][]; bibstart: string; bibend: string }, string[]] | false;
  }
  const CSL: { Engine: typeof Engine };
  export default CSL;
}

// css-tree's tokenizer and helpers by their own entry points (@types/css-tree types only the index).
declare module 'css-tree/tokenizer' {
  export { tokenize, tokenTypes } from 'css-tree';
}
declare module 'css-tree/utils' {
  export { ident, string, url } from 'css-tree';
}

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

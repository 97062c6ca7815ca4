// The parts of the CAT-file libraries the translation tests use (neither ships its own types).
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

declare module 'xliff' {
  const xliff: { xliff2js(xml: string): Promise<unknown> };
  export default xliff;
}

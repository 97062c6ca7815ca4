// The parts of the CAT-file libraries the translation tests use (it ships no types; gettext-parser's
// are declared in src/types/untyped.d.ts, where the PO writer uses it).
declare module 'xliff' {
  const xliff: { xliff2js(xml: string): Promise<unknown> };
  export default xliff;
}

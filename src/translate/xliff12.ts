// XLIFF 1.2 (OASIS, 2008), for CAT tools that handle it best (older Trados, memoQ, OmegaT, Okapi):
// `briefing export --format xliff12`. One <file> per translated file, one <trans-unit> per segment.
// Inline Markdown the translator must keep is a native code inside a placeholder, so the tool
// protects it and its text is the Markdown itself: a note reference, an autolink or a code span is a
// <ph>, a link a <bpt>…<ept> pair around its text. States: done → `final`; fuzzy →
// `needs-review-translation` with the previous source in a note; empty → no target. Read back by
// xliff.ts's parser, which takes 1.2 as well as 2.x.
import type { FileCatalog } from './catalog.js';
import { protectedTokens } from './markup.js';
import type { CatalogHeader } from './po.js';
import { cp12, xmlText } from './xml-text.js';

export const XLIFF12_NS = 'urn:oasis:names:tc:xliff:document:1.2';

export function writeXliff12(
  header: CatalogHeader,
  catalogs: FileCatalog[],
  displaySource: (p: string) => string,
): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', `<xliff xmlns="${XLIFF12_NS}" version="1.2">`];
  for (const catalog of catalogs) {
    out.push(
      `  <file original="${attr(catalog.relative)}" source-language="${attr(header.sourceLocale)}" target-language="${attr(header.locale)}" datatype="x-markdown">`,
    );
    out.push('    <body>');
    for (const entry of catalog.entries) {
      const { segment } = entry;
      out.push(`      <trans-unit id="${attr(segment.id)}" resname="${segment.kind}" xml:space="preserve">`);
      out.push(`        <source>${inline(segment.text)}</source>`);
      if (entry.state !== 'empty' && entry.translation !== undefined) {
        const state = entry.state === 'done' ? 'final' : 'needs-review-translation';
        out.push(`        <target state="${state}">${inline(entry.translation)}</target>`);
      }
      out.push(
        `        <note from="location">${xmlText(`${displaySource(catalog.sourcePath)}:${segment.line}`)}</note>`,
      );
      if (entry.state === 'fuzzy' && entry.previous !== undefined)
        out.push(`        <note from="previous-source">${xmlText(entry.previous)}</note>`);
      out.push('      </trans-unit>');
    }
    out.push('    </body>');
    out.push('  </file>');
  }
  out.push('</xliff>');
  return `${out.join('\n')}\n`;
}

/** Markdown → 1.2 inline content: protected markup as native code in <ph>, <bpt>, <ept>. */
function inline(markdown: string): string {
  let xml = '';
  let at = 0;
  let id = 0;
  const open: number[] = [];
  for (const token of protectedTokens(markdown)) {
    xml += xmlText(markdown.slice(at, token.start), cp12);
    at = token.end;
    const code = xmlText(token.text);
    if (token.kind === 'link-start') {
      open.push(++id);
      xml += `<bpt id="${id}">${code}</bpt>`;
    } else if (token.kind === 'link-end') xml += `<ept id="${open.pop() ?? ++id}">${code}</ept>`;
    else xml += `<ph id="${++id}">${code}</ph>`;
  }
  return xml + xmlText(markdown.slice(at), cp12);
}

function attr(value: string): string {
  return xmlText(value).replace(/"/g, '&quot;');
}

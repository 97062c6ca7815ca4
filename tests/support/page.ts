// A rendered page as a tree to query, without its embedded font data: a page carries about 1 MB of
// base64 fonts in its @font-face rules, which parse5 reads a character at a time (30 ms a page against
// 8 ms without them, most of the HTML parsing of the unit suite). Everything else is parsed as written;
// a test about the font data itself reads the HTML.
import type { Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';

const FONT_DATA = /(url\(data:font\/[\w.+-]+;base64,)[A-Za-z0-9+/=]+/g;

export function pageTree(html: string): Root {
  return fromHtml(html.replace(FONT_DATA, '$1'));
}

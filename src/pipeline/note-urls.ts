// The address check of a note definition in sources.md: each note should link its source, by a
// full web address (a reader of the PDF can only follow http(s) links).
import type { FootnoteDefinition, Link } from 'mdast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { report } from './data.js';
import { RULES } from '../rules.js';

/** Warn when a definition has no link, or a link that is not a full http(s) address. */
export function checkNoteUrls(node: FootnoteDefinition, name: string, file: VFile): void {
  const links: Link[] = [];
  visit(node, 'link', (link) => void links.push(link));
  if (links.length === 0) {
    report(
      file,
      node,
      `note "${name}" has no URL`,
      RULES.noteWithoutUrl,
      'add the address in angle brackets: <https://…>',
    );
  }
  for (const link of links) {
    if (!isWebUrl(link.url)) {
      report(
        file,
        link,
        `note "${name}" has an invalid URL "${link.url}"`,
        RULES.noteInvalidUrl,
        'use a full http(s) address',
      );
    }
  }
}

function isWebUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname.includes('.');
  } catch {
    return false;
  }
}

// What a translation may not add to its source segment, read from the parsed Markdown rather than
// from tokens (markup.ts): links in any spelling (inline, reference `[text][ref]` resolved against the
// file's definitions, a definition `[ref]: url` of its own, a bare `https://…` or `www.…` that GFM
// links, images) to an address the segment does not link, and headings (`# …`, `===` underlines)
// the segment does not have. Import promises that a translator cannot add links or structure.
import type { Nodes } from 'mdast';
import { createParser } from '../pipeline/parser.js';

let parser: ReturnType<typeof createParser> | undefined;

interface Shape {
  /** Every address linked, once per link. */
  urls: string[];
  headings: number;
}

function shapeOf(markdown: string): Shape {
  parser ??= createParser();
  const tree = parser.parse(markdown);
  const definitions = new Map<string, string>();
  const shape: Shape = { urls: [], headings: 0 };
  const references: string[] = [];
  const walk = (node: Nodes) => {
    if (node.type === 'heading') shape.headings += 1;
    if (node.type === 'link' || node.type === 'image') shape.urls.push(node.url);
    if (node.type === 'definition') {
      definitions.set(node.identifier, node.url);
      shape.urls.push(node.url);
    }
    if (node.type === 'linkReference' || node.type === 'imageReference') references.push(node.identifier);
    if ('children' in node) for (const child of node.children) walk(child);
  };
  walk(tree);
  for (const id of references) shape.urls.push(definitions.get(id) ?? `[${id}]`);
  return shape;
}

/**
 * Why the translation adds a link or a heading its source segment does not have, or undefined.
 * `definitions`: the source file's link definitions (`[ref]: url` lines), so a reference the
 * translator adds to one of them counts as the link it becomes in the file.
 */
export function addedLinksProblem(source: string, translation: string, definitions = ''): string | undefined {
  const tail = definitions ? `\n\n${definitions}` : '';
  const want = shapeOf(`${source}${tail}`);
  const have = shapeOf(`${translation}${tail}`);
  const left = [...want.urls];
  for (const url of have.urls) {
    const i = left.indexOf(url);
    if (i === -1) return `adds a link to ${url}, which the source does not have`;
    left.splice(i, 1);
  }
  if (have.headings > want.headings) return 'adds a heading, which the source does not have';
  return undefined;
}

/** The link definitions of a Markdown file, one per line as written (`[ref]: url "title"`). */
export function linkDefinitions(markdown: string): string {
  parser ??= createParser();
  const tree = parser.parse(markdown);
  return tree.children
    .flatMap((node) => (node.type === 'definition' ? [`[${node.label ?? node.identifier}]: <${node.url}>`] : []))
    .join('\n');
}

// A file → its translation segments: the units a translator translates, in reading order, each with
// its exact Markdown (so inline markup travels verbatim), its place in the file and a fingerprint.
// Markdown: the `short` front matter, headings, paragraphs, list items, table cells, callout
// paragraphs and note definitions (title only: the URL is not translated). YAML (edition.yaml,
// strings.yaml): every text value, keyed by its path. One definition of "a segment" for export,
// import and translation status alike.
import { createHash } from 'node:crypto';
import type { Nodes, Parent, RootContent } from 'mdast';
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { createParser } from '../pipeline/parser.js';
import { cacheDir, readParsed, writeParsed } from '../pipeline/parse-cache.js';
import { cutDeepTree, findDeepNesting, maxTreeDepth } from '../pipeline/nesting.js';
import { findCrowdedParagraph } from '../pipeline/delimiters.js';
import { limits } from '../limits.js';
import { positionsIn } from '../positions.js';

/**
 * Parsed up to the nesting and delimiter limits (the pipeline reports a file beyond them; here it must
 * neither overflow nor take quadratic time). From the parsed-Markdown cache when it holds the text
 * (the pipeline parsed it in this build or an earlier one): a build of a translated locale reads
 * every source file and its translation here, ~0.5 s of parsing for the review's ru and kk.
 */
function parseShallow(markdown: string) {
  const { maxNesting: max, maxDelimiters } = limits();
  const deep = findDeepNesting(markdown, max);
  const shallow = deep ? markdown.slice(0, deep.lineStart) : markdown;
  const crowded = findCrowdedParagraph(shallow, maxDelimiters);
  const text = crowded ? shallow.slice(0, crowded.lineStart) : shallow;
  const dir = cacheDir();
  const stored = dir ? readParsed(dir, text) : undefined;
  const tree = stored?.tree ?? createParser().parse(text);
  if (dir && stored && !stored.tree) writeParsed(dir, stored.key, tree);
  cutDeepTree(tree, maxTreeDepth(max));
  return tree;
}

export type SegmentKind = 'short' | 'heading' | 'paragraph' | 'item' | 'cell' | 'callout' | 'note' | 'value';

export interface Segment {
  /** Stable across reordering: the fingerprint (`-2`, `-3` for repeats in one file), or the YAML key path. */
  id: string;
  kind: SegmentKind;
  /** The segment's Markdown (or YAML value), exactly as in the file. */
  text: string;
  fingerprint: string;
  /** Offsets of `text` in the file (front matter and YAML values: of the value). */
  start: number;
  end: number;
  line: number;
  column: number;
}

/** Twelve hex digits of sha256 over the text with its white space collapsed. */
export function fingerprint(text: string): string {
  return createHash('sha256').update(normalize(text)).digest('hex').slice(0, 12);
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export interface FrontMatter {
  /** Offsets of the whole `---` block (end includes its closing line break), if the file has one. */
  start: number;
  end: number;
  /** The YAML between the fences. */
  yaml: string;
}

/** The front matter block as the Markdown parser sees it (CRLF and a BOM included), if any. */
export function frontMatterOf(markdown: string): FrontMatter | undefined {
  const tree = parseShallow(markdown);
  return frontMatterFromTree(tree.children[0], markdown);
}

function frontMatterFromTree(node: RootContent | undefined, markdown: string): FrontMatter | undefined {
  if (node?.type !== 'yaml' || !node.position) return undefined;
  const start = node.position.start.offset ?? 0;
  let end = node.position.end.offset ?? 0;
  if (markdown.startsWith('\r\n', end)) end += 2;
  else if (markdown.startsWith('\n', end)) end += 1;
  return { start, end, yaml: node.value };
}

const PARENTS = new Set([
  'blockquote',
  'list',
  'listItem',
  'containerDirective',
  'footnoteDefinition',
  'table',
  'tableRow',
]);

export function markdownSegments(markdown: string): Segment[] {
  const tree = parseShallow(markdown);
  const segments: Omit<Segment, 'id'>[] = [];
  const positionOf = positionsIn(markdown);
  const at = (kind: SegmentKind, start: number, end: number) => {
    const text = markdown.slice(start, end);
    if (!normalize(text)) return;
    const { line, column } = positionOf(start);
    segments.push({ kind, text, fingerprint: fingerprint(text), start, end, line, column });
  };
  const matter = frontMatterFromTree(tree.children[0], markdown);
  if (matter) {
    const doc = parseDocument(matter.yaml, { keepSourceTokens: true });
    const short =
      doc.contents && isMap(doc.contents)
        ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'short')
        : undefined;
    if (short && isScalar(short.value) && typeof short.value.value === 'string' && short.value.range) {
      // Offsets inside the YAML → offsets in the file: the YAML starts after the opening fence's line.
      const yamlStart = markdown.indexOf('\n', matter.start) + 1;
      const [from, to] = short.value.range;
      const raw = markdown.slice(yamlStart + from, yamlStart + to);
      const { line, column } = positionOf(yamlStart + from);
      segments.push({
        kind: 'short',
        text: short.value.value,
        fingerprint: fingerprint(short.value.value),
        start: yamlStart + from,
        end: yamlStart + from + raw.length,
        line,
        column,
      });
    }
  }
  const walk = (nodes: RootContent[], context: SegmentKind) => {
    for (const node of nodes) {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start === undefined || end === undefined) continue;
      if (node.type === 'heading') {
        if (node.children.length > 0)
          at('heading', node.children[0]!.position!.start.offset!, node.children.at(-1)!.position!.end.offset!);
      } else if (node.type === 'paragraph') {
        if (context === 'note') {
          const [from, to] = noteTitleRange(node, markdown);
          at('note', from, to);
        } else at(context, start, end);
      } else if (node.type === 'tableCell') {
        if (node.children.length > 0)
          at('cell', node.children[0]!.position!.start.offset!, node.children.at(-1)!.position!.end.offset!);
      } else if (PARENTS.has(node.type)) {
        const next: SegmentKind =
          node.type === 'listItem'
            ? 'item'
            : node.type === 'containerDirective'
              ? 'callout'
              : node.type === 'footnoteDefinition'
                ? 'note'
                : context;
        walk((node as Parent).children, next);
      }
    }
  };
  walk(tree.children, 'paragraph');
  return withIds(segments);
}

/** A note definition's paragraph without the URL at its end: `Title <https://…>` → `Title`. */
function noteTitleRange(node: Nodes & Parent, markdown: string): [number, number] {
  const start = node.position!.start.offset!;
  let end = node.position!.end.offset!;
  const last = node.children.at(-1);
  if (last?.type === 'link' && last.position) {
    end = last.position.start.offset!;
    // An autolink `<url>` starts at `<`, which the link's position may or may not include.
    if (markdown[end - 1] === '<') end -= 1;
  }
  while (end > start && /\s/.test(markdown[end - 1]!)) end -= 1;
  return [start, end];
}

/** Text values of a YAML file (edition.yaml, strings.yaml), keyed by path (`title`, `keywords.0`). */
export function yamlSegments(text: string): Segment[] {
  const doc: Document = parseDocument(text);
  const positionOf = positionsIn(text);
  const segments: Segment[] = [];
  const visit = (node: unknown, key: string) => {
    if (isMap(node)) {
      for (const pair of node.items)
        if (isScalar(pair.key)) visit(pair.value, key ? `${key}.${String(pair.key.value)}` : String(pair.key.value));
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, `${key}.${i}`));
    } else if (isScalar(node) && typeof node.value === 'string' && node.range) {
      const [start, end] = node.range;
      const { line, column } = positionOf(start);
      segments.push({
        id: key,
        kind: 'value',
        text: node.value,
        fingerprint: fingerprint(node.value),
        start,
        end,
        line,
        column,
      });
    }
  };
  visit(doc.contents, '');
  return segments;
}

function withIds(segments: Omit<Segment, 'id'>[]): Segment[] {
  const seen = new Map<string, number>();
  return segments.map((s) => {
    const n = (seen.get(s.fingerprint) ?? 0) + 1;
    seen.set(s.fingerprint, n);
    return { ...s, id: n === 1 ? s.fingerprint : `${s.fingerprint}-${n}` };
  });
}

/**
 * Words in a text (for word counts): Markdown punctuation and URLs do not count. Each pattern stops at
 * the next character that would start it again (`[`, `]`, `<`), so one that does not close is given up
 * at once instead of scanning to the end from every start (quadratic on `[^[^[^…`).
 */
export function wordCount(text: string): number {
  return (
    text
      .replace(/\[\^[^\][]*\]/g, ' ')
      .replace(/\]\([^)\]]*\)/g, ' ')
      .replace(/<https?:[^><]*>/g, ' ')
      .match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0
  );
}

// Text helpers for the content coverage test: normalize text, read the print's text extraction into
// blocks, split blocks into sentences, and prove that the edition's sentences are exactly the
// extraction's sentences (as a multiset), allowing only sentences rejoined across a page break.
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkDirective from 'remark-directive';
import type { Root } from 'mdast';
import { parse as parseYaml } from 'yaml';
import { EXTRACTION_ALLOWLIST, HEADING_NUMBER, type AllowEntry } from './allowlist.js';

// ---------------------------------------------------------------------------------------------
// Normalization and sentence splitting (shared by both sides)

/**
 * Note markers of the extraction: `¹` (a mis-extracted superscript i), runs of `ⁱ` (U+2071),
 * `^{xiv}` and `^x`. They become `[^name]` references in the Markdown and are not text.
 */
export const EXTRACTION_NOTE_MARKER = /¹|ⁱ+|\^\{[ivxlc]+\}|\^[ivxlc]+(?![A-Za-z])/g;

/** `[^name]` references in Markdown text (GFM leaves them as text when the definition is in another file). */
export const MARKDOWN_NOTE_REFERENCE = /\[\^([^\]\s]+)\]/g;

/**
 * Exact comparison with only these repairs: Unicode NFC, no-break and zero-width characters,
 * emphasis asterisks of the extraction (`*Defamation*`, `**TITLE**`), whitespace before
 * punctuation (the print's "created ." is an extraction spacing error) and runs of whitespace.
 * Quotes and dashes are NOT unified: the edition keeps the print's characters.
 */
export function normalize(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u00A0\u2007\u202F]/g, ' ')
    .replace(/\u00AD|\u200B|\u200C|\u200D|\uFEFF/g, '') // an alternation: a class would read U+200C U+200D as one joined character
    .replace(/\*/g, '')
    .replace(/[ \t]+([.,;:!?])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A sentence ends at . ! ? or …, optionally followed by closing quotes or brackets, then whitespace. */
const SENTENCE_BOUNDARY = /(?<=[.!?…][”"’»)\]]*)\s+/u;

export function splitSentences(block: string): string[] {
  return block
    .split(SENTENCE_BOUNDARY)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

// ---------------------------------------------------------------------------------------------
// The extraction

export interface SourceEntry {
  /** Printed number, lower-case roman. */
  number: string;
  title: string;
  url: string;
}

export interface Extraction {
  /** Text blocks in print order (headings without numbers, paragraphs, sources as "title url"). */
  blocks: string[];
  /** Blocks that were headings (numbers stripped). */
  headings: string[];
  /** How many heading numbers (I.–VIII., A.–N.) were stripped. */
  numbersStripped: number;
  /** For every allowlist entry, the blocks it matched. */
  allowlisted: Map<AllowEntry, string[]>;
  /** The printed list of chapter VIII. */
  sources: SourceEntry[];
  /** Note markers found in the body, in order, as printed roman numbers. */
  markers: string[];
}

const SOURCES_HEADING = /^VIII\. Sources of additional information$/;
const URL = /https?:\/\/[^\s<>()]+/;

function romanOfMarker(marker: string): string {
  if (marker === '¹') return 'i';
  if (marker.startsWith('ⁱ')) return 'i'.repeat(marker.length);
  return marker.replace(/[\^{}]/g, '');
}

export function readExtraction(raw: string, allowlist: readonly AllowEntry[] = EXTRACTION_ALLOWLIST): Extraction {
  const paragraphs = raw
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const result: Extraction = {
    blocks: [],
    headings: [],
    numbersStripped: 0,
    allowlisted: new Map(),
    sources: [],
    markers: [],
  };
  for (const entry of allowlist) result.allowlisted.set(entry, []);

  let inSources = false;
  for (const paragraph of paragraphs) {
    if (inSources) {
      const entry = parseSourceEntry(paragraph);
      result.sources.push(entry);
      result.blocks.push(normalize(`${entry.title} ${entry.url}`));
      continue;
    }
    const joined = normalize(paragraph.split('\n').join(' '));
    const allowed = allowlist.find((entry) => entry.pattern.test(joined));
    if (allowed) {
      result.allowlisted.get(allowed)!.push(joined);
      continue;
    }
    for (const match of paragraph.matchAll(EXTRACTION_NOTE_MARKER)) result.markers.push(romanOfMarker(match[0]));
    let block = normalize(paragraph.replace(EXTRACTION_NOTE_MARKER, '').split('\n').join(' '));
    if (HEADING_NUMBER.test(block)) {
      block = block.replace(HEADING_NUMBER, '');
      result.numbersStripped += 1;
      result.headings.push(block);
    } else if (block === 'Penitentiary system') {
      result.headings.push(block);
    }
    result.blocks.push(block);
    if (SOURCES_HEADING.test(joined)) inSources = true;
  }
  return result;
}

/** One entry of the printed sources list: marker, title, URL, then only list punctuation. */
export function parseSourceEntry(paragraph: string): SourceEntry {
  const text = paragraph
    .split('\n')
    .map((l) => l.trim())
    .join(' ');
  const match = /^(ⁱ+|\^\{[ivxlc]+\}|\^[ivxlc]+)\s*(.*)$/.exec(text);
  if (!match) throw new Error(`sources entry without a marker: ${text}`);
  const rest = match[2]!;
  const url = URL.exec(rest);
  if (!url) throw new Error(`sources entry without a URL: ${text}`);
  const address = url[0].replace(/;+$/, '');
  const title = rest
    .slice(0, url.index)
    .replace(/[\s(<]+$/, '')
    .trim();
  const tail = rest.slice(url.index + address.length);
  // Only list punctuation may follow the URL; anything else would be text the edition drops.
  if (!/^[>);\s]*$/.test(tail)) throw new Error(`unexpected text after the URL: ${JSON.stringify(tail)} in ${text}`);
  if (!title) throw new Error(`sources entry without a title: ${text}`);
  return { number: romanOfMarker(match[1]!), title: normalize(title), url: address };
}

// ---------------------------------------------------------------------------------------------
// The edition's Markdown (reading order, parsing)

export interface MarkdownFile {
  /** Path relative to the locale folder. */
  rel: string;
  kind: 'preface' | 'chapter' | 'section' | 'sources';
  source: string;
  tree: Root;
}

const ORDERED = /^(\d+)-[a-z0-9][a-z0-9-]*(\.md)?$/;

function parser() {
  return unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkDirective);
}

function byOrder(a: string, b: string): number {
  const na = Number(/^(\d+)-/.exec(a)?.[1] ?? Number.MAX_SAFE_INTEGER);
  const nb = Number(/^(\d+)-/.exec(b)?.[1] ?? Number.MAX_SAFE_INTEGER);
  return na - nb || a.localeCompare(b);
}

/** preface.md, NN-chapter.md or NN-chapter/ (index.md, then NN-section.md), then sources.md. */
export async function readMarkdownFiles(localeDir: string): Promise<MarkdownFile[]> {
  const files: MarkdownFile[] = [];
  const add = async (rel: string, kind: MarkdownFile['kind']) => {
    const source = await readFile(path.join(localeDir, rel), 'utf8');
    files.push({ rel, kind, source, tree: parser().parse(source) });
  };
  if (existsSync(path.join(localeDir, 'preface.md'))) await add('preface.md', 'preface');
  const names = (await readdir(localeDir)).filter((n) => ORDERED.test(n)).sort(byOrder);
  for (const name of names) {
    if ((await stat(path.join(localeDir, name))).isDirectory()) {
      await add(`${name}/index.md`, 'chapter');
      const inner = (await readdir(path.join(localeDir, name)))
        .filter((n) => ORDERED.test(n) && n.endsWith('.md'))
        .sort(byOrder);
      for (const section of inner) await add(`${name}/${section}`, 'section');
    } else if (name.endsWith('.md')) {
      await add(name, 'chapter');
    }
  }
  if (existsSync(path.join(localeDir, 'sources.md'))) await add('sources.md', 'sources');
  return files;
}

/** Front matter of a Markdown file as an object (empty when there is none). */
export function frontMatter(file: MarkdownFile): Record<string, unknown> {
  const first = file.tree.children[0];
  if (first?.type !== 'yaml') return {};
  const data: unknown = parseYaml(first.value);
  return data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
}

// ---------------------------------------------------------------------------------------------
// FALLBACK — delete once src/api.ts `renderEditionText` exists and is used by the test.

// ---------------------------------------------------------------------------------------------
// Comparison

export interface Coverage {
  /** Extraction sentences missing from the edition (with how many are missing). */
  lost: Array<{ sentence: string; missing: number }>;
  /** Edition sentences that are not made of extraction sentences. */
  invented: string[];
  /** Extraction sentences the edition has more often than the extraction. */
  duplicated: Array<{ sentence: string; extra: number }>;
  /** Edition sentences made of two or more extraction pieces (sentences rejoined across a break). */
  rejoined: Array<{ sentence: string; pieces: string[] }>;
}

function countAll(items: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

/**
 * Split an edition sentence into consecutive extraction pieces joined by single spaces
 * (a sentence the print broke across a page or around a callout box), longest pieces first.
 */
function decompose(sentence: string, byFirstWord: Map<string, string[]>): string[] | undefined {
  const memo = new Map<number, string[] | null>();
  const from = (pos: number): string[] | null => {
    if (pos === sentence.length) return [];
    const cached = memo.get(pos);
    if (cached !== undefined) return cached;
    const word = sentence.slice(pos).split(' ', 1)[0]!;
    let found: string[] | null = null;
    for (const piece of byFirstWord.get(word) ?? []) {
      if (!sentence.startsWith(piece, pos)) continue;
      const end = pos + piece.length;
      if (end !== sentence.length && sentence[end] !== ' ') continue;
      const rest = from(end === sentence.length ? end : end + 1);
      if (rest) {
        found = [piece, ...rest];
        break;
      }
    }
    memo.set(pos, found);
    return found;
  };
  return from(0) ?? undefined;
}

export function compareSentences(
  extractionSentences: readonly string[],
  editionSentences: readonly string[],
): Coverage {
  const expected = countAll(extractionSentences);
  const byFirstWord = new Map<string, string[]>();
  for (const piece of expected.keys()) {
    const word = piece.split(' ', 1)[0]!;
    const list = byFirstWord.get(word) ?? [];
    list.push(piece);
    byFirstWord.set(word, list);
  }
  for (const list of byFirstWord.values()) list.sort((a, b) => b.length - a.length);

  const used: string[] = [];
  const invented: string[] = [];
  const rejoined: Coverage['rejoined'] = [];
  for (const sentence of editionSentences) {
    if (expected.has(sentence)) {
      used.push(sentence);
      continue;
    }
    const pieces = decompose(sentence, byFirstWord);
    if (!pieces) {
      invented.push(sentence);
      continue;
    }
    used.push(...pieces);
    if (pieces.length > 1) rejoined.push({ sentence, pieces });
  }
  const got = countAll(used);
  const lost: Coverage['lost'] = [];
  const duplicated: Coverage['duplicated'] = [];
  for (const [sentence, count] of expected) {
    const have = got.get(sentence) ?? 0;
    if (have < count) lost.push({ sentence, missing: count - have });
  }
  for (const [sentence, have] of got) {
    const count = expected.get(sentence) ?? 0;
    if (have > count) duplicated.push({ sentence, extra: have - count });
  }
  return { lost, invented, duplicated, rejoined };
}

/** Rendered HTML text carries note labels (roman numerals after punctuation) and back-link arrows. */
export function normalizeRenderedText(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/[↩↑]\uFE0E?/g, '')
        .replace(/([.,;:!?”"’)\]])\[?[ivxlcdm]+\]?(?=\s|$)/g, '$1')
        // the label of a sources entry, possibly glued to its title ("iRepublic of …", "xiii“Adilet” …")
        .replace(/^\s*[ivxlcdm]+[.)]?\s*(?=[A-Z“"«(])/, ''),
    )
    .join('\n');
}

/** Lines of an edition text → sentences, dropping ignorable lines and generated heading numbers. */
export function editionSentences(text: string, ignoreLines: ReadonlySet<string> = new Set()): string[] {
  const sentences: string[] = [];
  for (const line of text.split(/\n+/)) {
    let block = normalize(line);
    if (!block || ignoreLines.has(block)) continue;
    if (/^(?:[IVX]+|[A-N])\.?$/.test(block)) continue; // a heading number rendered on its own line
    block = block.replace(HEADING_NUMBER, '');
    sentences.push(...splitSentences(block));
  }
  return sentences;
}

// Translation status, paragraph by paragraph. A translated file records, in its front matter, the
// fingerprints of the source blocks it was translated from (`briefing status --update <file>`).
// Later, a source block whose fingerprint is not in that record has changed since: the file is stale,
// and the report names those paragraphs.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { parseDocument } from 'yaml';
import { toJsLimited } from '../config/yaml.js';
import { createParser } from '../pipeline/parser.js';
import { displayPath, fail } from '../messages.js';
import { writeArtifacts } from '../output/write.js';
import { readLocale } from './read.js';

export interface SourceBlock {
  fingerprint: string;
  line: number;
  /** The first words, to name the paragraph in a report. */
  preview: string;
}

export type FileState = 'translated' | 'stale' | 'missing' | 'unrecorded';

export interface FileStatus {
  /** Path of the translated file (which may not exist), as the user names it (relative to the working folder). */
  file: string;
  source: string;
  state: FileState;
  /** Source blocks changed or added since the translation was recorded. */
  changed: SourceBlock[];
  /** Blocks recorded at translation time that the source no longer has. */
  removed: number;
}

export interface LocaleStatus {
  locale: string;
  files: FileStatus[];
  counts: Record<FileState, number>;
}

/** Fingerprints of a Markdown file's blocks: headings, paragraphs, list items, each callout statement, each note. */
export function blockFingerprints(markdown: string): SourceBlock[] {
  const tree = createParser().parse(markdown);
  const blocks: SourceBlock[] = [];
  const add = (node: RootContent) => {
    const text = toString(node).replace(/\s+/g, ' ').trim();
    if (!text) return;
    blocks.push({ fingerprint: createHash('sha256').update(text).digest('hex').slice(0, 12), line: node.position?.start.line ?? 0, preview: text.split(' ').slice(0, 8).join(' ') });
  };
  const walk = (nodes: RootContent[]) => {
    for (const node of nodes) {
      if (node.type === 'yaml' || node.type === 'html') continue;
      if (node.type === 'containerDirective' || node.type === 'list' || node.type === 'blockquote') walk(node.children);
      else if (node.type === 'listItem') walk(node.children);
      else add(node);
    }
  };
  walk(tree.children);
  return blocks;
}

/** The fingerprints a translated file recorded (front matter `translation.blocks`), if any. */
export function recordedFingerprints(markdown: string): string[] | undefined {
  const matter = /^---\n([\s\S]*?)\n---/.exec(markdown)?.[1];
  if (matter === undefined) return undefined;
  // An alias bomb is reported by the pipeline (limits:yaml-aliases); here it just records nothing.
  const converted = toJsLimited(parseDocument(matter));
  const data = ('value' in converted ? converted.value : null) as { translation?: { blocks?: unknown } } | null;
  const blocks = data?.translation?.blocks;
  return Array.isArray(blocks) ? blocks.map(String) : undefined;
}

export async function translationStatus(contentDir: string, locale: string, sourceLocale: string): Promise<LocaleStatus> {
  const content = await readLocale(contentDir, locale, sourceLocale);
  const sourceDir = path.join(contentDir, sourceLocale);
  const localeDir = path.join(contentDir, locale);
  const pairs = [
    ...(content.prefaceTranslation?.source ? [{ translation: content.prefaceTranslation, file: content.preface! }] : []),
    ...content.chapters.flatMap((c) => [c, ...c.sections]).map((t) => ({ translation: t, file: t.file })),
  ];
  const files: FileStatus[] = [];
  for (const { translation, file } of pairs) {
    const source = translation.source!;
    const target = translation.fallback ? source.path.replace(sourceDir, localeDir) : file.path;
    const base = { file: displayPath(target), source: displayPath(source.path), changed: [], removed: 0 };
    if (translation.fallback) {
      files.push({ ...base, state: 'missing' });
      continue;
    }
    const recorded = recordedFingerprints(String(file.value));
    if (!recorded) {
      files.push({ ...base, state: 'unrecorded' });
      continue;
    }
    const current = blockFingerprints(String(source.value));
    const changed = current.filter((b) => !recorded.includes(b.fingerprint));
    const removed = recorded.filter((fp) => !current.some((b) => b.fingerprint === fp)).length;
    files.push({ ...base, state: changed.length > 0 || removed > 0 ? 'stale' : 'translated', changed, removed });
  }
  const counts: Record<FileState, number> = { translated: 0, stale: 0, missing: 0, unrecorded: 0 };
  for (const f of files) counts[f.state] += 1;
  return { locale, files, counts };
}

/**
 * Record that `file` (a translated file) now matches its source: writes the source's block
 * fingerprints into the file's front matter, keeping the rest of it as it was.
 */
export async function recordTranslation(contentDir: string, file: string, sourceLocale: string): Promise<{ file: string; blocks: number }> {
  const absolute = path.resolve(file);
  const relative = path.relative(contentDir, absolute);
  const [locale, ...rest] = relative.split(path.sep);
  if (!locale || relative.startsWith('..') || locale === sourceLocale || rest.length === 0) {
    fail({ file: absolute, message: `not a translated file under ${displayPath(contentDir)}/<locale>/`, rule: 'status:not-a-translation', fix: `name a file such as content/ru/01-introduction.md` });
  }
  const sourcePath = path.join(contentDir, sourceLocale, ...rest);
  const [text, source] = await Promise.all([
    readFile(absolute, 'utf8').catch(() => fail({ file: absolute, message: 'file not found', rule: 'status:missing-file', fix: 'translate the file first, then record it' })),
    readFile(sourcePath, 'utf8').catch(() => fail({ file: sourcePath, message: `no ${sourceLocale} source for this file`, rule: 'status:no-source', fix: `the translated file must have the same name as its source in ${sourceLocale}/` })),
  ]);
  const blocks = blockFingerprints(source).map((b) => b.fingerprint);
  const match = /^---\n([\s\S]*?)\n---\n?/.exec(text);
  const doc = parseDocument(match?.[1] ?? '');
  doc.set('translation', doc.createNode({ from: sourceLocale, blocks }));
  const updated = `---\n${doc.toString({ lineWidth: 100 }).trimEnd()}\n---\n${match ? text.slice(match[0].length) : text}`;
  await writeArtifacts([{ path: absolute, data: updated }]);
  return { file: absolute, blocks: blocks.length };
}

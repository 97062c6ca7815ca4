// The ordered unified chain for one Markdown file. Per-run state (the note registry) comes in as an
// option so nothing leaks across locales or builds.
import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkDirective from 'remark-directive';
import remarkRehype from 'remark-rehype';
import type { Root as MdastRoot } from 'mdast';
import type { Root as HastRoot } from 'hast';
import remarkPositions from './remark-positions.js';
import remarkMatter from './remark-matter.js';
import remarkRawHtml from './remark-raw-html.js';
import remarkLinks from './remark-links.js';
import remarkCallouts from './remark-callouts.js';
import remarkNotes, { type NoteRegistry } from './remark-notes.js';
import remarkStructure from './remark-structure.js';

export interface ProcessorOptions {
  notes: NoteRegistry;
  backLabel: string;
  /** The content folder: local images must resolve inside it. */
  contentDir?: string;
}

export type MarkdownProcessor = Processor<MdastRoot, MdastRoot, HastRoot>;

/** Markdown syntax only: used to parse a file before the edition-wide passes run. */
export function createParser() {
  return unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkDirective);
}

export function createProcessor(options: ProcessorOptions): MarkdownProcessor {
  return createParser()
    .use(remarkPositions) // wraps the parser: every node has a position from the start
    .use(remarkMatter)
    .use(remarkRawHtml)
    .use(remarkLinks, { contentDir: options.contentDir })
    .use(remarkCallouts)
    .use(remarkNotes, { registry: options.notes, backLabel: options.backLabel })
    .use(remarkStructure)
    .use(remarkRehype) as unknown as MarkdownProcessor;
}

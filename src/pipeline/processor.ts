// The ordered unified chain that turns one parsed Markdown file (parser.ts) into hast. Per-run state
// (the note registry) comes in as an option so nothing leaks across locales or builds.
import { unified, type Processor } from 'unified';
import remarkRehype from 'remark-rehype';
import type { Handler } from 'mdast-util-to-hast';
import type { Definition, Root as MdastRoot } from 'mdast';
import type { ExtraPlugins } from '../config/config.js';
import type { Root as HastRoot } from 'hast';
import remarkMatter from './remark-matter.js';
import remarkTextDirectives from './remark-text-directives.js';
import remarkMystDirectives from './remark-myst-directives.js';
import remarkMystRoles from './remark-myst-roles.js';
import remarkRawTex from './remark-raw-tex.js';
import remarkCodeAttributes from './remark-code-attributes.js';
import remarkRawHtml from './remark-raw-html.js';
import remarkLinks, { type RemarkLinksOptions } from './remark-links.js';
import remarkCallouts, { type RemarkCalloutsOptions } from './remark-callouts.js';
import remarkNotes from './remark-notes.js';
import type { NoteRegistry } from './notes-registry.js';
import remarkFigures, { type FloatCounter } from './remark-figures.js';
import remarkReferences, { atReferenceToHast } from './remark-references.js';
import type { ReferenceRegistry } from './references-registry.js';
import remarkStructure from './remark-structure.js';
import remarkTypography, { type TypographyOptions } from './remark-typography.js';
import remarkUntranslated from './remark-untranslated.js';
import remarkPandocInline from './remark-pandoc-inline.js';
import remarkTitleMatter from './remark-title-matter.js';
import remarkPandocBlocks from './remark-pandoc-blocks.js';
import remarkLiteralSyntax from './remark-literal-syntax.js';
import remarkMathDollars from './remark-math-dollars.js';
import rehypeMath from './rehype-math.js';
import rehypeNoteCallsOutsideLinks from './rehype-note-calls-outside-links.js';
import rehypeRawWhereNeeded from './rehype-raw-where-needed.js';

import rehypeCodeHighlight from './rehype-code-highlight.js';
import { defListHastHandlers } from 'remark-definition-list';
import { mdast2hastGridTablesHandler } from '@adobe/mdast-util-gridtables';

export interface ProcessorOptions {
  notes: NoteRegistry;
  backLabel: string;
  /** Figure and table numbers across the edition, and the words before them. */
  floats: FloatCounter;
  figureLabel: string;
  tableLabel: string;
  listingLabel: string;
  /** `@` references and cross-reference labels of the edition (filled per file, resolved after). */
  references: ReferenceRegistry;
  /** The CSL style is a note style: citations in the running text go into notes. */
  noteStyle?: boolean;
  /** The content folder: local images must resolve inside it. */
  contentDir?: string;
  /** A translation's folder and its source's: a missing image is the source's (remark-links.ts). */
  sourceImages?: RemarkLinksOptions['sourceImages'];
  /** Link reference definitions of the whole edition (filled by the collect step before any file runs). */
  linkDefinitions?: Map<string, Definition>;
  /** Extra plugins of the API's caller (config.ts ExtraPlugins). */
  plugins?: ExtraPlugins;
  /** Localized titles of typed callouts (note, tip, important, warning, caution). */
  calloutTitles?: RemarkCalloutsOptions['titles'];
  /** Quotation marks, dashes and non-breaking spaces per language; none when absent. */
  typography?: TypographyOptions;
}

export type MarkdownProcessor = Processor<undefined, MdastRoot, HastRoot>;

export function createProcessor(options: ProcessorOptions): MarkdownProcessor {
  return unified()
    .use(remarkMatter)
    .use(remarkMystDirectives) // MyST (Jupyter Book): directives and roles → Briefing's own nodes
    .use(remarkMystRoles)
    .use(remarkTextDirectives)
    .use(remarkRawTex)
    .use(remarkCodeAttributes)
    .use(remarkMathDollars)
    .use(remarkPandocInline)
    .use(remarkPandocBlocks)
    .use(remarkTitleMatter)
    .use(remarkRawHtml)
    .use(remarkLinks, {
      contentDir: options.contentDir,
      editionDefinitions: options.linkDefinitions,
      sourceImages: options.sourceImages,
    })
    .use(remarkUntranslated)
    .use(remarkCallouts, { titles: options.calloutTitles })
    .use(remarkFigures, {
      counter: options.floats,
      figureLabel: options.figureLabel,
      tableLabel: options.tableLabel,
      listingLabel: options.listingLabel,
      labels: options.references,
    })
    .use(remarkReferences, { registry: options.references, noteStyle: options.noteStyle ?? false })
    .use(remarkNotes, { registry: options.notes, backLabel: options.backLabel })
    .use(
      remarkTypography,
      options.typography ?? {
        lang: 'und',
        typographyFor: () => ({ sectionLetters: 'latin', nonBreakingSpaces: false }),
      },
    )
    .use(remarkStructure, { anchorNames: new Map() })
    .use(options.plugins?.remark ?? [])
    .use(remarkLiteralSyntax)
    .use(remarkRehype, {
      allowDangerousHtml: true, // the raw HTML left is the checked subset (remark-raw-html.ts)
      handlers: {
        ...defListHastHandlers,
        gridTable: mdast2hastGridTablesHandler(),
        atReference: atReferenceToHast as Handler,
      },
    })
    .use(rehypeRawWhereNeeded)
    .use(rehypeNoteCallsOutsideLinks)
    .use(rehypeMath)
    .use(rehypeCodeHighlight)
    .use(options.plugins?.rehype ?? []);
}

// GFM as remark-gfm reads it (the same extensions in the same order; none for writing Markdown, which
// no parser of ours does), with one difference in cost only: literal autolinks (`www.example.org`,
// `https://…`, `me@example.org`) are looked for only in a text that could hold one. Their micromark
// construct is tried at every letter and digit of running text, and their find-and-replace runs over
// every text node: a third of GFM's cost, ~0.15–0.2 s of CPU for a 150-page manual, in vain when the
// text has no `@`, no `http:`/`https:`, no `www.` and no character reference that could spell one.
// Such a text parses to the same tree without them: neither half can make anything there.
import type { Processor } from 'unified';
import type { VFile } from 'vfile';
import type { Extension } from 'micromark-util-types';
import type { Extension as FromMarkdownExtension } from 'mdast-util-from-markdown';
import { combineExtensions } from 'micromark-util-combine-extensions';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough, type Options } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';

/**
 * What a literal autolink needs in the source: `@` (an email), `http:`/`https:`, `www.` (any case;
 * `\` may escape the punctuation), or a character reference (`&#64;`, `&commat;` …), which the
 * text node holds decoded.
 */
const MAY_AUTOLINK = /@|https?\\?:|www\\?\.|&(?:#|[a-z][a-z\d]*;)/i;

/** Whether `text` could hold a GFM literal autolink (false only when it surely cannot). */
export function mayHoldAutolinkLiteral(text: string): boolean {
  return MAY_AUTOLINK.test(text);
}

interface Gfm {
  syntax: Extension;
  tree: FromMarkdownExtension[];
}

/** GFM's extensions in micromark-extension-gfm's and mdast-util-gfm's order, with or without autolinks. */
function gfm(options: Options, autolinks: boolean): Gfm {
  return {
    syntax: combineExtensions([
      ...(autolinks ? [gfmAutolinkLiteral()] : []),
      gfmFootnote(),
      gfmStrikethrough(options),
      gfmTable(),
      gfmTaskListItem(),
    ]),
    tree: [
      ...(autolinks ? [gfmAutolinkLiteralFromMarkdown()] : []),
      gfmFootnoteFromMarkdown(),
      gfmStrikethroughFromMarkdown(),
      gfmTableFromMarkdown(),
      gfmTaskListItemFromMarkdown(),
    ],
  };
}

/**
 * remark-gfm's plugin, to be used right after remark-parse (it wraps that parser): for each text
 * parsed, the GFM it registered is swapped for the one without autolinks when the text cannot hold one.
 */
export default function remarkGfmAsNeeded(this: Processor, options: Options = {}) {
  const data = this.data();
  const syntaxes = (data.micromarkExtensions ??= []);
  const trees = (data.fromMarkdownExtensions ??= []);
  const full = gfm(options, true);
  const lean = gfm(options, false);
  const at = { syntax: syntaxes.length, tree: trees.length };
  syntaxes.push(full.syntax);
  trees.push(full.tree);
  const parse = this.parser;
  if (!parse) throw new Error('remark-gfm-as-needed must come after remark-parse');
  this.parser = (document: string, file: VFile) => {
    if (mayHoldAutolinkLiteral(document)) return parse(document, file);
    syntaxes[at.syntax] = lean.syntax;
    trees[at.tree] = lean.tree;
    try {
      return parse(document, file);
    } finally {
      syntaxes[at.syntax] = full.syntax;
      trees[at.tree] = full.tree;
    }
  };
}

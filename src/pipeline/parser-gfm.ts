// GFM as remark-gfm reads it (the same extensions in the same order; none for writing Markdown, which
// no parser of ours does), with one difference in cost only: literal autolinks (`www.example.org`,
// `https://…`, `me@example.org`) are looked for only in a text that could hold one. Their micromark
// construct is tried at every letter and digit of running text, and their find-and-replace runs over
// every text node: a third of GFM's cost, ~0.15–0.2 s of CPU for a 150-page manual, in vain when the
// text has no `@`, no `http:`/`https:`, no `www.` and no character reference that could spell one.
// Such a text parses to the same tree without them: neither half can make anything there. So too
// the table's construct (mayHoldTable) and each autolink construct apart (autolinkKinds).
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

/**
 * Which of the literal autolink's three micromark constructs a source could start: each reads its
 * characters as typed (an escape or a character reference is another construct), an email only
 * through an `@`, a protocol's only through `http:`/`https:`, a www one only through `www.`. The
 * email construct is tried at every word's start (and looks back over the paragraph's tokens each
 * time), most of the autolinks' cost, in vain in a text without `@` (the review's sources: links).
 * A construct that cannot match changes nothing but where plain text is cut into runs, which
 * micromark joins again: the same tree. (Their tree half, which also finds autolinks in decoded
 * text, stays with mayHoldAutolinkLiteral.)
 */
export function autolinkKinds(text: string): AutolinkKinds {
  return { email: text.includes('@'), protocol: /https?:/i.test(text), www: /www\./i.test(text) };
}

export interface AutolinkKinds {
  email: boolean;
  protocol: boolean;
  www: boolean;
}

const KIND_OF: Record<string, keyof AutolinkKinds> = {
  emailAutolink: 'email',
  protocolAutolink: 'protocol',
  wwwAutolink: 'www',
};

/** micromark-extension-gfm-autolink-literal's syntax with only the constructs of `kinds`, in its order. */
export function autolinkSyntax(kinds: AutolinkKinds): Extension {
  const text: NonNullable<Extension['text']> = {};
  for (const [code, constructs] of Object.entries(gfmAutolinkLiteral().text ?? {})) {
    // A construct of a name not known here (another version of the package) is always kept.
    const kept = [constructs ?? []].flat().filter((c) => {
      const kind = KIND_OF[c.name ?? ''];
      return kind === undefined || kinds[kind];
    });
    if (kept.length > 0) text[Number(code)] = kept.length === 1 ? kept[0]! : kept;
  }
  return { text };
}

interface Gfm {
  syntax: Extension;
  tree: FromMarkdownExtension[];
}

/**
 * Whether a text could hold a GFM table: its delimiter row needs a `|`, or a colon beside a hyphen
 * (`a b` over `:-` is a table). The table's construct is tried at the start of every line (its head
 * row read through to the line's end), in vain in a text with neither. Its tree half stays (it only
 * handles table tokens, and code in a table).
 */
export function mayHoldTable(text: string): boolean {
  return /\||:-|-:/.test(text);
}

/** What of GFM a text needs: the autolinks' tree half, their constructs, the table's. */
interface Needs extends AutolinkKinds {
  autolinks: boolean;
  table: boolean;
}

/** GFM's extensions in micromark-extension-gfm's and mdast-util-gfm's order, as far as `needs` asks. */
function gfm(options: Options, needs: Needs): Gfm {
  const all = needs.email && needs.protocol && needs.www;
  return {
    syntax: combineExtensions([
      ...(needs.autolinks ? [all ? gfmAutolinkLiteral() : autolinkSyntax(needs)] : []),
      gfmFootnote(),
      gfmStrikethrough(options),
      ...(needs.table ? [gfmTable()] : []),
      gfmTaskListItem(),
    ]),
    tree: [
      ...(needs.autolinks ? [gfmAutolinkLiteralFromMarkdown()] : []),
      gfmFootnoteFromMarkdown(),
      gfmStrikethroughFromMarkdown(),
      gfmTableFromMarkdown(),
      gfmTaskListItemFromMarkdown(),
    ],
  };
}

/**
 * remark-gfm's plugin, to be used right after remark-parse (it wraps that parser): for each text
 * parsed, the GFM it registered is swapped for the one without the constructs the text cannot start.
 */
export default function remarkGfmAsNeeded(this: Processor, options: Options = {}) {
  const data = this.data();
  const syntaxes = (data.micromarkExtensions ??= []);
  const trees = (data.fromMarkdownExtensions ??= []);
  const full = gfm(options, { autolinks: true, email: true, protocol: true, www: true, table: true });
  const at = { syntax: syntaxes.length, tree: trees.length };
  syntaxes.push(full.syntax);
  trees.push(full.tree);
  const parse = this.parser;
  if (!parse) throw new Error('remark-gfm-as-needed must come after remark-parse');
  const made = new Map<string, Gfm>();
  this.parser = (document: string, file: VFile) => {
    const autolinks = mayHoldAutolinkLiteral(document);
    const kinds = autolinks ? autolinkKinds(document) : { email: false, protocol: false, www: false };
    const needs: Needs = { autolinks, ...kinds, table: mayHoldTable(document) };
    if (Object.values(needs).every(Boolean)) return parse(document, file);
    const key = JSON.stringify(needs);
    const chosen = made.get(key) ?? made.set(key, gfm(options, needs)).get(key)!;
    syntaxes[at.syntax] = chosen.syntax;
    trees[at.tree] = chosen.tree;
    try {
      return parse(document, file);
    } finally {
      syntaxes[at.syntax] = full.syntax;
      trees[at.tree] = full.tree;
    }
  };
}

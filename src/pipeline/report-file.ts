// A single Markdown file as a whole report (`briefing build report.md`): parsed once, then its tree
// split into a preface (the text before the first chapter heading) and one chapter per top heading.
// Each part gets its own VFile (its role, its messages) that keeps the file's path and its whole
// text, and its tree keeps the positions of the one parse: every message, from any plugin, names
// the original file, line and column, and plugins that read the source text by offset read the
// right text. (Per-chapter texts re-parsed would shift every line and lose reference definitions.)
import path from 'node:path';
import { VFile } from 'vfile';
import type { Definition, Heading, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import GithubSlugger from 'github-slugger';
import type { Config } from '../config/config.js';
import { readMarkdown, type ChapterSource, type LocaleContent } from '../content/read.js';
import { reportMatter, type ReportMatter } from '../content/report-matter.js';
import { DEFAULT_STRINGS } from '../content/strings.js';
import { parse } from './parse.js';
import { fail } from '../messages.js';
import { RULES } from '../rules.js';
import type { ParseCache } from './parse-cache.js';

/** Ids the edition gives its own parts: a chapter titled "Contents" or "Preface" gets `contents-2`. */
const RESERVED_IDS = ['preface', 'contents', 'sources', 'content', 'contents-title', 'notes'];

export async function readReportFile(config: Config, cache?: ParseCache): Promise<LocaleContent> {
  const file = config.report!;
  const locale = config.edition.sourceLocale;
  const whole = await readMarkdown(file, { root: config.contentDir, name: 'content folder' });
  const matter = reportMatter(String(whole.value));
  const tree = await parse(whole, cache);
  const split = splitReport(tree);
  // A `%` title block alone before the first chapter is metadata, not a preface: it goes with the
  // first chapter, where remark-pandoc-blocks.ts takes it out (an empty preface would be an error).
  const [lone] = split.preface;
  if (split.preface.length === 1 && lone?.type === 'paragraph' && split.chapters.length > 0) {
    if (
      String(whole.value)
        .slice(lone.position?.start.offset ?? 0)
        .startsWith('%')
    )
      split.chapters[0]!.unshift(split.preface.pop()!);
  }
  if (split.chapters.length === 0 && split.preface.length === 0) {
    fail({
      file,
      line: 1,
      column: 1,
      message: 'file is empty',
      rule: RULES.emptyFile.id,
      fix: 'write the report: a `# Chapter title` and its text',
    });
  }

  const part = (children: RootContent[]): { file: VFile; tree: Root } => ({
    // Its front matter titles the whole report (the cover), not this part (remark-title-matter.ts).
    file: new VFile({ path: whole.path, value: whole.value, data: { partOfReport: true } }),
    tree: { type: 'root', children, position: tree.position },
  });
  shareDefinitions([split.preface, ...split.chapters]);
  const parsed = new Map<VFile, Root>();
  const preface = split.preface.length > 0 ? part(split.preface) : undefined;
  const slugger = new GithubSlugger();
  for (const id of RESERVED_IDS) slugger.slug(id);
  const chapters: ChapterSource[] = split.chapters.map((children) => {
    const { file: chapterFile, tree: chapterTree } = part(children);
    parsed.set(chapterFile, chapterTree);
    const heading = children[0] as Heading;
    return {
      lang: locale,
      fallback: false,
      slug: slugger.slug(toString(heading)) || slugger.slug('chapter'),
      kind: 'chapter',
      file: chapterFile,
      sections: [],
    };
  });
  if (preface) parsed.set(preface.file, preface.tree);
  // The front matter (checked by remark-matter, at its lines) goes with the first part; so do the
  // parse's own messages (a nesting cut).
  const first = preface?.file ?? chapters[0]?.file;
  if (first) {
    if (split.frontMatter) parsed.get(first)!.children.unshift(split.frontMatter);
    first.messages.push(...whole.messages);
  }
  return {
    locale,
    sourceLocale: locale,
    dir: config.contentDir,
    meta: reportMeta(matter, split.title, file),
    strings: /^en(-|$)/.test(locale) ? { ...DEFAULT_STRINGS } : {},
    stringsFile: path.join(config.contentDir, 'strings.yaml'),
    preface: preface?.file,
    prefaceTranslation: preface ? { lang: locale, fallback: false } : undefined,
    chapters,
    parsed,
    diagnostics: [],
  };
}

export interface SplitReport {
  frontMatter?: RootContent;
  /** The `#` heading that titles the report, when `##` headings are its chapters. */
  title?: string;
  preface: RootContent[];
  /** Each chapter's nodes, its heading first (as a chapter heading: depth 1). */
  chapters: RootContent[][];
}

/**
 * The chapters are the file's top headings; one top heading followed by headings one level below is
 * the report's title, and those are the chapters. Chapter headings become `#` and those below them
 * move up as much (a report written from `##` reads as one written from `#`).
 */
export function splitReport(tree: Root): SplitReport {
  const children = [...tree.children];
  const frontMatter = children[0]?.type === 'yaml' ? children.shift() : undefined;
  const headings = children.filter((n): n is Heading => n.type === 'heading');
  if (headings.length === 0) return { frontMatter, preface: [], chapters: children.length > 0 ? [children] : [] };
  const top = Math.min(...headings.map((h) => h.depth));
  const tops = headings.filter((h) => h.depth === top);
  const titled =
    tops.length === 1 && headings.some((h) => h.depth === top + 1 && children.indexOf(h) > children.indexOf(tops[0]!));
  const depth = titled ? top + 1 : top;
  const titleHeading = titled ? tops[0] : undefined;

  const preface: RootContent[] = [];
  const chapters: RootContent[][] = [];
  for (const node of children) {
    if (node === titleHeading) continue;
    if (node.type === 'heading' && node.depth === depth) chapters.push([node]);
    else if (chapters.length > 0) chapters[chapters.length - 1]!.push(node);
    else preface.push(node);
  }
  const shift = depth - 1;
  if (shift > 0) {
    for (const chapter of chapters) {
      for (const node of chapter) {
        visit(node, 'heading', (h: Heading) => {
          h.depth = Math.max(1, h.depth - shift) as Heading['depth'];
        });
      }
    }
  }
  return { frontMatter, title: titleHeading ? toString(titleHeading) : undefined, preface, chapters };
}

/**
 * One file is one namespace of reference-link definitions (`[text][ref]` … `[ref]: https://…`): a
 * part that refers to a definition another part holds gets a copy of it (with its position, so a
 * message about it still points at its line).
 */
function shareDefinitions(parts: RootContent[][]): void {
  const definitions = new Map<string, Definition>();
  for (const part of parts)
    for (const node of part) visit(node, 'definition', (d: Definition) => void definitions.set(d.identifier, d));
  for (const part of parts) {
    const own = new Set<string>();
    const wanted = new Set<string>();
    for (const node of part) {
      visit(node, (n) => {
        if (n.type === 'definition') own.add(n.identifier);
        if (n.type === 'linkReference' || n.type === 'imageReference') wanted.add(n.identifier);
      });
    }
    for (const id of wanted) {
      const definition = definitions.get(id);
      if (definition && !own.has(id)) part.push(structuredClone(definition));
    }
  }
}

function reportMeta(matter: ReportMatter, headingTitle: string | undefined, file: string): LocaleContent['meta'] {
  const title = matter.title ?? headingTitle ?? path.basename(file).replace(/\.[^.]*$/, '');
  return {
    title,
    subtitle: matter.subtitle,
    short: title,
    place: undefined,
    date: matter.date,
    publisher: undefined,
    authors: matter.authors,
    abstract: matter.abstract,
    description: matter.description,
    keywords: matter.keywords,
  };
}

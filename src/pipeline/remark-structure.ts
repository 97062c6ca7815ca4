// Chapters and sections: check the heading that opens each file, number it from reading order
// (I, II… / A, B…; never typed by authors), give every heading a stable id, record the outline.
import type { Heading, Root } from 'mdast';
import type { VFile } from 'vfile';
import GithubSlugger from 'github-slugger';
import type { HeadingNumber } from './types.js';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { report, type OutlineHeading } from './data.js';
import { RULES } from '../rules.js';

export interface RemarkStructureOptions {
  /**
   * The GitHub/Pandoc id namers per source path, for this run: the chapters of one single-file report
   * share a path and one namer, so a second "Reader options" there is `reader-options-1` as Pandoc says.
   */
  anchorNames?: Map<string, AnchorNames>;
}

type Role = NonNullable<VFile['data']['role']>;
type PartRole = Exclude<Role, { kind: 'preface' }>;

export default function remarkStructure(options: RemarkStructureOptions = {}) {
  return (tree: Root, file: VFile) => {
    const role = file.data.role;
    const headings: OutlineHeading[] = [];
    file.data.headings = headings;
    if (!role) return;
    if (role.kind === 'section') readOneLevelDown(tree);
    const opening = openingHeading(tree, file, role);
    if (!opening || role.kind === 'preface') return;
    const key = file.path ?? '';
    const anchors = options.anchorNames?.get(key) ?? new AnchorNames();
    options.anchorNames?.set(key, anchors);
    outline(tree, file, { role, opening, anchors, headings });
  };
}

/**
 * A section file written as a page of its own (`# Title` over `##`, as GitHub and MkDocs pages are)
 * reads one level down, as Pandoc's --shift-heading-level-by=1 would: its `#` is the section's `##`.
 * A `######` stays (there is no seventh level).
 */
function readOneLevelDown(tree: Root): void {
  const first = tree.children[0];
  if (first?.type !== 'heading' || first.depth !== 1) return;
  visit(tree, 'heading', (node: Heading) => {
    node.depth = Math.min(6, node.depth + 1) as Heading['depth'];
  });
}

/** The file's opening heading, after the checks that the file has one and text after it. */
function openingHeading(tree: Root, file: VFile, role: Role): Heading | undefined {
  const first = tree.children[0];
  if (!first) {
    const start = { line: 1, column: 1, offset: 0 };
    const onlyTex = (file.data.rawTexLeftOut ?? 0) > 0;
    report(
      file,
      { type: 'root', position: { start, end: start } },
      onlyTex ? 'file has nothing to print: it holds only raw TeX, which is left out' : 'file is empty',
      RULES.emptyFile,
      role.kind === 'preface'
        ? 'write the preface, or delete preface.md'
        : `write the chapter, or delete the file${onlyTex ? '; a LaTeX-only page such as `\\tableofcontents` is not needed: Briefing makes the contents by itself' : ''}`,
    );
    return undefined;
  }
  if (role.kind === 'preface') {
    visit(tree, 'heading', (node) => {
      report(file, node, 'the preface has no headings; this one is kept as plain text', RULES.prefaceHeading);
      return undefined;
    });
    return undefined;
  }

  const expectedDepth = role.kind === 'section' ? 2 : 1;
  const opening = first.type === 'heading' ? first : undefined;
  if (!opening || opening.depth !== expectedDepth) {
    const marks = '#'.repeat(expectedDepth);
    report(
      file,
      first,
      `a ${role.kind === 'section' ? 'section' : 'chapter'} file must start with a \`${marks} Title\` heading`,
      RULES.missingTitle,
      `put \`${marks} Title\` on the first line after the front matter`,
    );
    return undefined;
  }
  if (tree.children.length === 1 && (role.kind === 'section' || role.sections === 0)) {
    report(
      file,
      opening,
      `${role.kind === 'section' ? 'section' : 'chapter'} "${toString(opening)}" has no text`,
      RULES.emptyChapter,
    );
  }
  return opening;
}

/** Every heading numbered, given its id and aliases, and checked for its level. */
function outline(
  tree: Root,
  file: VFile,
  {
    role,
    opening,
    anchors,
    headings,
  }: { role: PartRole; opening: Heading; anchors: AnchorNames; headings: OutlineHeading[] },
): void {
  const expectedDepth = role.kind === 'section' ? 2 : 1;
  const slugger = new GithubSlugger();
  let previousDepth = expectedDepth;
  visit(tree, 'heading', (node: Heading) => {
    const title = toString(node);
    const explicit = node.data?.explicitId;
    if (node === opening) {
      // The id comes from the file name (the same in every language); what authors link to is an alias.
      const id = role.slug;
      slugger.slug(id);
      const aliases = anchors.of(title, explicit);
      headings.push({
        depth: node.depth,
        number: role.number,
        title,
        id,
        aliases,
        explicitId: explicit,
        position: node.position,
      });
      number(node, role.number);
      setId(node, id);
      return;
    }
    if (node.depth <= expectedDepth) {
      report(
        file,
        node,
        `only one level-${expectedDepth} heading per ${role.kind === 'section' ? 'section' : 'chapter'} file`,
        RULES.extraTitle,
        role.kind === 'section'
          ? 'start a new section file for it, or use `###`'
          : 'start a new chapter file for it, or use `##` in a section file',
      );
    } else if (node.depth > previousDepth + 1) {
      report(
        file,
        node,
        `heading level skips from ${previousDepth} to ${node.depth}`,
        RULES.headingSkip,
        `use ${'#'.repeat(previousDepth + 1)}`,
      );
    }
    previousDepth = node.depth;
    const id = explicit ?? `${role.slug}-${slugger.slug(title)}`;
    const aliases = anchors.of(title, undefined).filter((alias) => alias !== id);
    headings.push({
      depth: node.depth,
      number: '',
      title,
      id,
      aliases,
      explicitId: explicit,
      position: node.position,
    });
    setId(node, id);
  });
}

/**
 * The ids GitHub and Pandoc would give a heading (each made unique within the file as they do), so
 * `[x](#some-heading)` links written for them work here.
 */
export class AnchorNames {
  private readonly github = new GithubSlugger();
  private readonly pandoc = new Map<string, number>();

  of(title: string, explicit: string | undefined): string[] {
    const names = [explicit, this.github.slug(title), this.pandocId(title)];
    return [...new Set(names.filter((n): n is string => Boolean(n)))];
  }

  private pandocId(title: string): string {
    const base = pandocBaseId(title);
    const seen = this.pandoc.get(base) ?? 0;
    this.pandoc.set(base, seen + 1);
    return seen === 0 ? base : `${base}-${seen}`;
  }
}

/** Pandoc's auto_identifiers: alphanumerics, `_`, `-`, `.`; spaces to hyphens; from the first letter. */
export function pandocBaseId(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^\p{L}\p{N}_.\s-]/gu, '')
      .trim()
      .replace(/\s+/g, '-')
      .replace(/^[^\p{L}]+/u, '') || 'section'
  );
}

function setId(node: Heading, id: string): void {
  node.data = { ...node.data, hProperties: { ...(node.data?.hProperties ?? {}), id } };
}

function number(node: Heading, value: string): void {
  if (value === '') return; // `{.unnumbered}`
  const span: HeadingNumber = {
    type: 'headingNumber',
    data: {
      hName: 'span',
      hProperties: { className: ['heading-number'] },
      hChildren: [{ type: 'text', value: `${value}.` }],
    },
  };
  node.children.unshift(span, { type: 'text', value: ' ' });
}

// The edition's contents as a tree of every heading (chapters, section files, headings to ######),
// and the cut of it a theme prints (`contents: { depth }`). Each entry's level is its heading's
// depth: 1 a chapter, 2 a section (a section file's title, or `##` in a chapter file), 3 and on the
// headings below. `standard` marks the entries of the default contents ("auto"): chapters, section
// files, and a single-file report's `##` headings; a multi-file chapter's own `##` is a subheading there.
import type { OutlineHeading } from './data.js';

export interface ContentsEntry {
  id: string;
  number: string;
  title: string;
  /** Running-head title of a section: its front matter `short`, when it has one. */
  short?: string;
  /** Not translated: the source locale's text stands in (marked in the contents). */
  fallback: boolean;
  /** Language of the title when it differs from the edition's (a fallback). */
  lang?: string;
  /** 1 for a chapter, 2 for a section, 3–6 for the headings below. */
  level?: number;
  /** In the default contents (`depth: auto`); entries without the flag are. */
  standard?: boolean;
  children: ContentsEntry[];
}

/**
 * What stands for a page number in the print HTML until the print module fills in the real one
 * (`data-page-of`: contents entries, page references): as wide as most numbers, so filling it in
 * rarely moves a line.
 */
export const PAGE_PLACEHOLDER = '000';

/** A theme's contents depth: `auto` (chapters and sections as the edition is laid out) or 1–6. */
export type ContentsDepth = 'auto' | number;

/** The headings of one file after its title, nested by depth (a `###` under the `##` before it). */
export function headingEntries(
  headings: readonly OutlineHeading[],
  extra: Pick<ContentsEntry, 'fallback' | 'lang'>,
  standard: (heading: OutlineHeading) => boolean,
): ContentsEntry[] {
  const roots: ContentsEntry[] = [];
  const open: ContentsEntry[] = [];
  for (const heading of headings) {
    const entry: ContentsEntry = {
      id: heading.id,
      number: heading.number,
      title: heading.title,
      ...extra,
      level: heading.depth,
      standard: standard(heading),
      children: [],
    };
    while (open.length > 0 && open.at(-1)!.level! >= heading.depth) open.pop();
    (open.at(-1)?.children ?? roots).push(entry);
    open.push(entry);
  }
  return roots;
}

/** The entries a theme prints: `auto` keeps the standard ones, a number every level up to it. */
export function contentsAtDepth(entries: readonly ContentsEntry[], depth: ContentsDepth): ContentsEntry[] {
  const kept = (entry: ContentsEntry) => (depth === 'auto' ? entry.standard !== false : (entry.level ?? 1) <= depth);
  return entries.filter(kept).map((entry) => ({ ...entry, children: contentsAtDepth(entry.children, depth) }));
}

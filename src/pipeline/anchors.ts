// The edition step for internal links: `[x](#anchor)` and `[x](other-chapter.md#anchor)` as authors
// write them for GitHub or Pandoc, resolved across every file of the edition to the ids Briefing
// gives (a heading's own id, its `{#id}`, the ids GitHub and Pandoc would give it, any element id),
// and rewritten to them. A link to nothing is an error at its position: a dead link in a PDF is silent.
import path from 'node:path';
import type { Element, Root as HastRoot } from 'hast';
import type { VFile } from 'vfile';
import { eachElement } from '../hast-walk.js';
import { MARKDOWN } from '../content/markdown-names.js';
import { isInside } from '../paths.js';
import { report } from './data.js';
import { RULES } from '../rules.js';
import type { TakenIdRenames } from './taken-ids.js';

interface Unit {
  file: VFile;
  hast?: HastRoot;
}

/**
 * `extraIds`: ids outside the units' trees (the templates' own, notes placed by the edition step);
 * `roots`: the locale folders a link starting with `/` starts from (Quarto's project-relative links);
 * `renamed`: each file's headings whose written id was taken elsewhere (taken-ids.ts), found first there.
 */
export function resolveAnchors(
  units: Unit[],
  extraIds: Iterable<string>,
  roots: readonly string[] = [],
  renamed: TakenIdRenames = new Map(),
): void {
  const ids = new Set(extraIds);
  for (const unit of units) collectIds(unit.hast, ids);
  const aliases = new Map<string, string>();
  const byPath = new Map<string, Unit>();
  for (const unit of units) {
    byPath.set(path.resolve(unit.file.path), unit);
    for (const [alias, id] of aliasesOf(unit)) if (!aliases.has(alias)) aliases.set(alias, id);
  }
  for (const unit of units) {
    if (!unit.hast) continue;
    const local = aliasesOf(unit);
    const own = renamed.get(unit.file) ?? new Map<string, string>();
    eachElement(unit.hast, (node) => {
      if (node.tagName !== 'a' || typeof node.properties.href !== 'string') return;
      const resolved = resolveHref(node.properties.href, unit, { ids, aliases, local, own, byPath, roots });
      if (resolved === undefined) return;
      if (resolved.id) node.properties.href = `#${resolved.id}`;
      else deadLink(unit.file, node, resolved.problem!);
    });
  }
}

interface Lookup {
  ids: Set<string>;
  aliases: Map<string, string>;
  local: Map<string, string>;
  /** The file's own headings whose written id another file has: `#books` means this file's. */
  own: Map<string, string>;
  byPath: Map<string, Unit>;
  roots: readonly string[];
}

/**
 * undefined: not an internal link (left alone); else the id it means, or why there is none. A heading's
 * GitHub-style name also answers in other cases (`#Project-Setup`), as GitHub finds it.
 */
function resolveHref(href: string, unit: Unit, lookup: Lookup): { id?: string; problem?: string } | undefined {
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(href)) return undefined;
  const hash = href.indexOf('#');
  const target = hash === -1 ? href : href.slice(0, hash);
  const fragment = hash === -1 ? '' : safeDecode(href.slice(hash + 1));
  if (href === '' || href === '#') return { problem: 'the link has no address' };
  if (target === '') {
    const named = (name: string) => lookup.local.get(name) ?? lookup.aliases.get(name);
    const id =
      lookup.own.get(fragment) ??
      (lookup.ids.has(fragment) ? fragment : (named(fragment) ?? named(fragment.toLowerCase())));
    return id ? { id } : { problem: `no heading or anchor "#${fragment}" in the edition` };
  }
  if (!MARKDOWN.test(target)) return undefined;
  const other = lookup.byPath.get(targetPath(unit.file.path, safeDecode(target), lookup.roots));
  if (!other) return { problem: `"${target}" is not a file of this edition` };
  if (fragment === '') {
    const id = other.file.data.headings?.[0]?.id;
    return id ? { id } : { problem: `${target} has no opening heading to link to` };
  }
  const aliases = aliasesOf(other);
  const id =
    aliases.get(fragment) ?? (lookup.ids.has(fragment) ? fragment : undefined) ?? aliases.get(fragment.toLowerCase());
  return id ? { id } : { problem: `no heading or anchor "#${fragment}" in ${target}` };
}

/** A link's file: beside the linking file, or from the locale folder holding it when it starts with `/`. */
function targetPath(from: string, target: string, roots: readonly string[]): string {
  if (!target.startsWith('/')) return path.resolve(path.dirname(from), target);
  const root = roots.find((dir) => isInside(dir, from)) ?? path.dirname(from);
  return path.join(root, target);
}

function aliasesOf(unit: Unit): Map<string, string> {
  const map = new Map<string, string>();
  for (const heading of unit.file.data.headings ?? []) {
    for (const alias of heading.aliases) if (!map.has(alias)) map.set(alias, heading.id);
  }
  return map;
}

function collectIds(tree: HastRoot | undefined, ids: Set<string>): void {
  if (!tree) return;
  eachElement(tree, (node) => {
    if (typeof node.properties.id === 'string') ids.add(node.properties.id);
  });
}

function deadLink(file: VFile, node: Element, problem: string): void {
  report(
    file,
    node,
    `dead link: ${problem}`,
    RULES.deadLink,
    'link to a heading of the edition (its text as GitHub or Pandoc spell it, or its {#id}), or fix the file name',
  );
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// The edition step for internal links: `[x](#anchor)` and `[x](other-chapter.md#anchor)` as authors
// write them for GitHub or Pandoc, resolved across every file of the edition to the ids Briefing
// gives (a heading's own id, its `{#id}`, the ids GitHub and Pandoc would give it, any element id),
// and rewritten to them. A link to nothing is an error at its position: a dead link in a PDF is silent.
// A site's page links (`setup.html#ssh`, as Quarto and bookdown sites are linked, or an old address a
// page's `aliases:` keeps) resolve to the page's file; a relative link to any other file is a warning:
// neither edition publishes the files beside the report.
import path from 'node:path';
import type { Element, Root as HastRoot } from 'hast';
import type { VFile } from 'vfile';
import { collectIds, eachElement } from '../hast-walk.js';
import { MARKDOWN } from '../content/markdown-names.js';
import { isInside } from '../paths.js';
import { report } from './data.js';
import { RULES } from '../rules.js';
import { nearest } from '../did-you-mean.js';
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
  for (const unit of units)
    for (const old of oldAddresses(unit)) {
      const at = targetPath(unit.file.path, old, roots);
      if (!byPath.has(at)) byPath.set(at, unit);
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
      else if (resolved.outside) outsideLink(unit.file, node, resolved.outside);
      else deadLink(unit.file, node, resolved.problem!, resolved.near);
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
function resolveHref(
  href: string,
  unit: Unit,
  lookup: Lookup,
): { id?: string; problem?: string; near?: string; outside?: string } | undefined {
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
    if (id) return { id };
    const near = nearest(
      fragment,
      [...lookup.own.keys(), ...lookup.local.keys(), ...lookup.aliases.keys(), ...lookup.ids],
      nearEnough(fragment),
    );
    return { problem: `no heading or anchor "#${fragment}" in the edition`, near: near && `#${near}` };
  }
  const at = targetPath(unit.file.path, safeDecode(target), lookup.roots);
  const other = lookup.byPath.get(at) ?? (SITE_PAGE.test(target) ? pageFile(at, lookup.byPath) : undefined);
  // A page beside the edition (`../learners/setup.md`: a site's other pages) is outside it, not mistyped.
  if (!other && (!MARKDOWN.test(target) || !lookup.roots.some((dir) => isInside(dir, at)))) return { outside: target };
  if (!other) return { problem: `"${target}" is not a file of this edition` };
  if (fragment === '') {
    const id = other.file.data.headings?.[0]?.id;
    return id ? { id } : { problem: `${target} has no opening heading to link to` };
  }
  const aliases = aliasesOf(other);
  const id =
    aliases.get(fragment) ?? (lookup.ids.has(fragment) ? fragment : undefined) ?? aliases.get(fragment.toLowerCase());
  if (id) return { id };
  const near = nearest(fragment, [...aliases.keys()], nearEnough(fragment));
  return { problem: `no heading or anchor "#${fragment}" in ${target}`, near: near && `${target}#${near}` };
}

/** An anchor a third of whose letters differ is another anchor, not a typo of it (did-you-mean.ts allows 60 %). */
const nearEnough = (name: string) => Math.max(1, Math.floor(name.length / 3));

const SITE_PAGE = /\.html?$/i;
/** `hachyderm.io/@x/1`, `www.example.org`: a web address written without its https:// (a host, then a path). */
const LOOKS_LIKE_A_HOST = /^(?:www\.[a-z0-9-]+\.|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\/)/i;
const PAGE_ENDINGS = ['.md', '.qmd', '.Rmd', '.rmd', '.markdown'];

/** The file a site's page was made from: `setup.html` from setup.qmd (or .Rmd, .md) at that place. */
function pageFile(page: string, byPath: Map<string, Unit>): Unit | undefined {
  const stem = page.replace(SITE_PAGE, '');
  for (const ending of PAGE_ENDINGS) {
    const unit = byPath.get(stem + ending);
    if (unit) return unit;
  }
  return undefined;
}

/** A page's old addresses, Quarto's `aliases:` in its front matter (`ci.html`), which links may still use. */
function oldAddresses(unit: Unit): string[] {
  const aliases = unit.file.data.matter?.aliases;
  return Array.isArray(aliases) ? aliases.filter((a): a is string => typeof a === 'string' && a !== '') : [];
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

/** `near`: the name of the edition nearest to the one written (a typo, or an anchor translated with its text). */
function deadLink(file: VFile, node: Element, problem: string, near: string | undefined): void {
  report(
    file,
    node,
    `dead link: ${problem}`,
    RULES.deadLink,
    near
      ? `did you mean ${near}? Else link to a heading of the edition (its text as GitHub or Pandoc spell it, or its {#id})`
      : 'link to a heading of the edition (its text as GitHub or Pandoc spell it, or its {#id}), or fix the file name',
  );
}

function outsideLink(file: VFile, node: Element, target: string): void {
  report(
    file,
    node,
    `link to "${target}" leads to nothing in the edition: the PDF and the web edition hold the report alone, not the files beside it`,
    RULES.linkOutsideEdition,
    LOOKS_LIKE_A_HOST.test(target)
      ? `write its address whole, with https:// before it: https://${target}`
      : 'link to its address on the web (https://…), to a page of the edition, or leave the words without a link',
  );
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

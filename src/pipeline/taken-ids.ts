// A heading's `{#id}` need only be unique in its own file where a book is a site of pages (Quarto,
// bookdown, MkDocs: `## Books {#books}` in two chapters is fine there), but one PDF is one document.
// A heading whose written id another file's element already has (or the templates' own, `content`)
// takes its file's id before it — `curation--books` — and keeps the written one as a name its own file's
// links (and `curation.qmd#books`) resolve to first, as they do on that file's page. Two in one file
// stay an error (unique-ids.ts): there a link could mean either.
import type { Root as HastRoot } from 'hast';
import type { VFile } from 'vfile';
import { collectIds, eachElement } from '../hast-walk.js';

interface Unit {
  file: VFile;
  hast?: HastRoot;
}

/** Each file's renamed heading ids: written id → the id it took. */
export type TakenIdRenames = Map<VFile, Map<string, string>>;

export function qualifyTakenIds(units: readonly Unit[], reserved: readonly string[]): TakenIdRenames {
  const owner = new Map<string, VFile | undefined>(reserved.map((id) => [id, undefined]));
  for (const unit of units) collectIds(unit.hast, new Set()).forEach((id) => owner.has(id) || owner.set(id, unit.file));
  const renames: TakenIdRenames = new Map();
  for (const unit of units) {
    const mine = renamesOf(unit, owner);
    if (mine.size > 0) renames.set(unit.file, mine);
  }
  return renames;
}

/** The unit's headings whose written id is another file's (or the templates'), renamed in place. */
function renamesOf(unit: Unit, owner: Map<string, VFile | undefined>): Map<string, string> {
  const renames = new Map<string, string>();
  const prefix = unit.file.data.headings?.[0]?.id ?? 'chapter';
  for (const heading of unit.file.data.headings?.slice(1) ?? []) {
    const written = heading.explicitId;
    if (!written || heading.id !== written || renames.has(written) || !takenElsewhere(written, unit.file, owner))
      continue;
    let id = `${prefix}--${written}`;
    for (let n = 2; owner.has(id); n++) id = `${prefix}--${written}-${n}`;
    owner.set(id, unit.file);
    renames.set(written, id);
    heading.id = id;
    heading.aliases = [written, ...heading.aliases.filter((alias) => alias !== written)];
  }
  if (renames.size > 0) renameHeadingElements(unit.hast, renames);
  return renames;
}

function takenElsewhere(id: string, file: VFile, owner: Map<string, VFile | undefined>): boolean {
  return owner.has(id) && owner.get(id) !== file;
}

function renameHeadingElements(tree: HastRoot | undefined, renames: Map<string, string>): void {
  if (!tree) return;
  eachElement(tree, (node) => {
    const id = node.properties.id;
    if (/^h[1-6]$/.test(node.tagName) && typeof id === 'string' && renames.has(id))
      node.properties.id = renames.get(id);
  });
}

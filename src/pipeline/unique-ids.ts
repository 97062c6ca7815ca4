// Edition-wide uniqueness of the ids the pipeline generates, with the templates' own ids.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { VFile } from 'vfile';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { Position } from 'unist';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import { report } from './data.js';
import { RULES } from '../rules.js';
import { readInside } from '../paths.js';
import { keptByText } from '../cache.js';
import { codeKey } from '../code-key.js';

/**
 * Stands for a Handlebars expression while a template is parsed as HTML: a private-use character,
 * which the parser keeps (it made U+0000 a U+FFFD, so `id="{{id}}"` was listed as an id).
 */
const EXPRESSION = '\uE000';

/**
 * The ids the templates give their own elements (`id="content"`, `id="preface"`…), read from every
 * .hbs file of the templates folder and its partials/: a chapter or heading must not take one.
 * Ids made by an expression (`id="{{…}}"`) are the pipeline's own and are not listed.
 */
export async function templateIds(templatesDir: string): Promise<string[]> {
  const folder = { root: templatesDir, name: 'templates folder' };
  const texts: string[] = [];
  for (const dir of [templatesDir, path.join(templatesDir, 'partials')]) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.hbs')).sort())
      texts.push((await readInside(folder, path.join(dir, name))).toString('utf8'));
  }
  return idsOf(texts);
}

/** The modules and packages that read a template's ids. */
const READER = { packages: ['hast-util-from-html', 'parse5', 'hast-util-select'], modules: ['pipeline/unique-ids'] };
let readerCode: string | undefined;

/**
 * The templates' ids, kept by their texts: parsing every template as HTML was ~10 ms of every build.
 * One cache entry for them all (one was kept per template: a cache read each, ~1 ms a build in all).
 */
function idsOf(templates: string[]): string[] {
  readerCode ??= codeKey(READER.packages, READER.modules);
  return keptByText('template-ids', { code: readerCode, text: JSON.stringify(templates) }, isStrings, () => {
    const ids = templates.flatMap((template) =>
      selectAll('[id]', fromHtml(template.replace(/\{\{[\s\S]*?\}\}/g, EXPRESSION)))
        .map((element) => String(element.properties.id))
        .filter((id) => !id.includes(EXPRESSION)),
    );
    return [...new Set(ids)];
  });
}

function isStrings(data: unknown): data is string[] {
  return Array.isArray(data) && data.every((id) => typeof id === 'string');
}

/**
 * Every id the pipeline generates (headings, notes, note references, and any element a plugin gives
 * an id) must be unique in the edition: a chapter `NN-note.md` with `## Alpha` and a note `[^alpha]`
 * would both be `note-alpha`, and a link to one would land on the other. `reserved`: templateIds().
 */
export function checkUniqueIds(units: Array<{ file: VFile; hast?: HastRoot }>, reserved: readonly string[]): void {
  const seen = new Map<string, { file?: VFile; line?: number; what: string }>(
    reserved.map((id) => [id, { what: 'the templates' }]),
  );
  for (const unit of units) {
    for (const { id, what, position } of generatedIds(unit.hast)) {
      const earlier = seen.get(id);
      if (!earlier) {
        seen.set(id, { file: unit.file, line: position?.start.line, what });
        continue;
      }
      const where = earlier.file ? ` in ${earlier.file.basename}${earlier.line ? ` (line ${earlier.line})` : ''}` : '';
      report(
        unit.file,
        { type: 'element', position },
        what === earlier.what
          ? `${what} id "${id}" is already used${where}`
          : `${what} id "${id}" is already used by ${earlier.file ? 'a ' : ''}${earlier.what}${where}`,
        RULES.duplicateId,
        what === 'heading' && earlier.what === 'heading'
          ? 'rename one of the files or headings'
          : `rename the ${fixTarget(what)} so that the ids differ`,
      );
    }
  }
}

/** What the author renames: a heading's file or text, a note's name, else the id written on the element. */
function fixTarget(what: string): string {
  if (what === 'heading') return 'file or heading';
  if (what === 'note' || what === 'note reference') return 'note';
  return 'id of one of them';
}

interface GeneratedId {
  id: string;
  what: string;
  position?: Position;
}

/** The ids in a file's hast, each with what carries it and the nearest position (for the message). */
function generatedIds(tree: HastRoot | undefined): GeneratedId[] {
  const found: GeneratedId[] = [];
  const walk = (node: HastRoot | ElementContent, near: Position | undefined): void => {
    const position = node.position ?? near;
    if (node.type === 'element' && typeof node.properties.id === 'string') {
      found.push({ id: node.properties.id, what: describeElement(node), position });
    }
    if ('children' in node) for (const child of node.children) walk(child as ElementContent, position);
  };
  if (tree) walk(tree, undefined);
  return found;
}

function describeElement(node: Element): string {
  if (/^h[1-6]$/.test(node.tagName)) return 'heading';
  if (node.properties.role === 'doc-noteref') return 'note reference';
  if (node.tagName === 'li') return 'note';
  return `<${node.tagName}>`;
}

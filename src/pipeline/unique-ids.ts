// Edition-wide uniqueness of the ids the pipeline generates, with the templates' own ids.
import type { VFile } from 'vfile';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { Position } from 'unist';
import { report } from './data.js';
import { RULES } from '../rules.js';

/** Ids the shipped templates give their own elements (templates/layout.hbs, partials/contents.hbs). */
export const TEMPLATE_IDS = ['content', 'contents-title', 'briefing-page-plan'];

/**
 * Every id the pipeline generates (headings, notes, note references, and any element a plugin gives
 * an id) must be unique in the edition: a chapter `NN-note.md` with `## Alpha` and a note `[^alpha]`
 * would both be `note-alpha`, and a link to one would land on the other.
 */
export function checkUniqueIds(units: Array<{ file: VFile; hast?: HastRoot }>): void {
  const seen = new Map<string, { file?: VFile; line?: number; what: string }>(
    TEMPLATE_IDS.map((id) => [id, { what: 'the templates' }]),
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
        'error',
        what === earlier.what
          ? `${what} id "${id}" is already used${where}`
          : `${what} id "${id}" is already used by ${earlier.file ? 'a ' : ''}${earlier.what}${where}`,
        RULES.duplicateId,
        what === 'heading' && earlier.what === 'heading'
          ? 'rename one of the files or headings'
          : `rename the ${what === 'heading' ? 'file or heading' : 'note'} so that the ids differ`,
      );
    }
  }
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

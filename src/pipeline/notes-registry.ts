// The edition's notes: definitions collected from sources.md (each checked), numbered by first
// reference in reading order, and the ids a note and its references get in the HTML.
import type { FootnoteDefinition, Root } from 'mdast';
import type { VFile } from 'vfile';
import { toString } from 'mdast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import type { NoteNumbering } from '../config/config.js';
import { formatNoteNumber } from './numbering.js';
import { report } from './data.js';
import { checkNoteUrls } from './note-urls.js';
import { RULES } from '../rules.js';

export interface Definition {
  name: string;
  node: FootnoteDefinition;
  file: VFile;
}

export interface NoteSummary {
  name: string;
  label: string;
  references: number;
}

/** Per-build state of the edition's notes: created for one locale, never shared across runs. */
export class NoteRegistry {
  private readonly definitions = new Map<string, Definition>();
  /** Names in order of first reference. */
  private readonly order: string[] = [];
  private readonly referenceCounts = new Map<string, number>();

  constructor(private readonly numbering: NoteNumbering) {}

  /** Register the definitions of the sources file, checking each. */
  collect(tree: Root, file: VFile): void {
    visit(tree, 'footnoteDefinition', (node) => {
      const name = normalize(node.identifier);
      const earlier = this.definitions.get(name);
      if (earlier) {
        const line = earlier.node.position?.start.line;
        report(
          file,
          node,
          'error',
          `note "${name}" is defined twice (first at line ${line})`,
          RULES.duplicateNote,
          'give one of them another name, or delete one',
        );
        return SKIP;
      }
      this.definitions.set(name, { name, node, file });
      if (toString(node).trim() === '') {
        report(
          file,
          node,
          'error',
          `note "${name}" has an empty definition`,
          RULES.emptyNote,
          'write the source title and its URL after the colon',
        );
        return SKIP;
      }
      checkNoteUrls(node, name, file);
      return SKIP;
    });
  }

  /** A reference in reading order: returns its label and ids, or undefined when nothing defines it. */
  refer(name: string): { label: string; noteId: string; refId: string; count: number } | undefined {
    if (!this.definitions.has(name)) return undefined;
    if (!this.referenceCounts.has(name)) this.order.push(name);
    const count = (this.referenceCounts.get(name) ?? 0) + 1;
    this.referenceCounts.set(name, count);
    return { label: this.labelOf(name), noteId: noteId(name), refId: refId(name, count), count };
  }

  has(name: string): boolean {
    return this.definitions.has(name);
  }

  labelOf(name: string): string {
    return formatNoteNumber(this.order.indexOf(name) + 1, this.numbering);
  }

  /** Numbered notes first, then definitions nobody referenced (each reported as a warning). */
  summary(): NoteSummary[] {
    return this.order.map((name) => ({
      name,
      label: this.labelOf(name),
      references: this.referenceCounts.get(name) ?? 0,
    }));
  }

  unreferenced(): Definition[] {
    return [...this.definitions.values()].filter((d) => !this.referenceCounts.has(d.name));
  }

  ordered(): Definition[] {
    return this.order.map((name) => this.definitions.get(name)!);
  }

  referenceCount(name: string): number {
    return this.referenceCounts.get(name) ?? 0;
  }
}

export function noteId(name: string): string {
  return `note-${name}`;
}

export function refId(name: string, n: number): string {
  return n === 1 ? `ref-${name}` : `ref-${name}-${n}`;
}

/** A note's name as written in `[^Name]` or `[^name]:` → the one name both resolve to. */
export function normalize(identifier: string): string {
  return identifier.trim().toLowerCase().replace(/\s+/g, '-');
}

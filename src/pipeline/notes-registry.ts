// The edition's notes, collected before any file is transformed (collect), looked up and numbered
// as references are met in reading order (resolve), and placed by footnotes.ts (apply).
//
// Two kinds: a *source* is defined in the sources file (its URL is checked, it is listed under
// "Sources"); a *footnote* is defined anywhere else, or inline as `^[…]`. Footnote names are scoped
// per file: two chapters that both say `[^1]` have two notes. A reference finds the definition in
// its own file first, then in the sources file, then a definition in exactly one other file.
import type { FootnoteDefinition, Root } from 'mdast';
import type { VFile } from 'vfile';
import { toString } from 'mdast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import type { NoteNumbering } from '../config/config.js';
import { formatNoteNumber } from './numbering.js';
import { report } from './data.js';
import { checkNoteUrls } from './note-urls.js';
import { RULES } from '../rules.js';

export type NoteKind = 'source' | 'footnote';

export interface Definition {
  /** Unique in the edition: the name for a source, `<file scope>/<name>` for a footnote. */
  key: string;
  name: string;
  kind: NoteKind;
  node: FootnoteDefinition;
  file: VFile;
  /** The id of the note's element in the HTML. */
  noteId: string;
}

/** A change of the registry while files run, in order (transform-memo.ts does it again for a file it keeps). */
export type NoteOp = { refer: string } | { inline: FootnoteDefinition };

export interface NoteSummary {
  name: string;
  kind: NoteKind;
  label: string;
  references: number;
}

export interface Reference {
  definition: Definition;
  label: string;
  refId: string;
  count: number;
}

/** Per-build state of the edition's notes: created for one locale, never shared across runs. */
export class NoteRegistry {
  private readonly definitions = new Map<string, Definition>();
  /** Footnote definitions by name, every file that defines one (for references from other files). */
  private readonly byName = new Map<string, Definition[]>();
  /** Keys in order of first reference. */
  private readonly order: string[] = [];
  private readonly referenceCounts = new Map<string, number>();
  /** The file scope of each reference's first occurrence: where a footnote is placed. */
  private readonly firstReferencedIn = new Map<string, VFile>();
  private inlineCount = 0;
  private readonly ops: NoteOp[] = [];

  constructor(private readonly numbering: NoteNumbering) {}

  /** Collect: register every definition of one file, checking each. `isSources`: the sources file. */
  collect(tree: Root, file: VFile, isSources: boolean): void {
    const scope = scopeOf(file);
    const seen = new Map<string, FootnoteDefinition>();
    visit(tree, 'footnoteDefinition', (node) => {
      const name = normalize(node.identifier);
      const earlier = seen.get(name);
      if (earlier) {
        report(
          file,
          node,
          `note "${name}" is defined twice (first at line ${earlier.position?.start.line})`,
          RULES.duplicateNote,
          'give one of them another name, or delete one',
        );
        return SKIP;
      }
      seen.set(name, node);
      const key = isSources ? name : `${scope}/${name}`;
      const definition: Definition = {
        key,
        name,
        kind: isSources ? 'source' : 'footnote',
        node,
        file,
        noteId: isSources ? `note-${name}` : `fn-${scope}-${name}`,
      };
      this.definitions.set(key, definition);
      if (!isSources) this.byName.set(name, [...(this.byName.get(name) ?? []), definition]);
      if (toString(node).trim() === '') {
        report(
          file,
          node,
          `note "${name}" has an empty definition`,
          RULES.emptyNote,
          isSources ? 'write the source title and its URL after the colon' : 'write the note after the colon',
        );
        return SKIP;
      }
      if (isSources) checkNoteUrls(node, name, file);
      return SKIP;
    });
  }

  /** Register an inline note `^[…]` met in `file`: a footnote defined where it is referenced. */
  inline(node: FootnoteDefinition, file: VFile): Definition {
    this.inlineCount += 1;
    const scope = scopeOf(file);
    const name = `inline-${this.inlineCount}`;
    const definition: Definition = {
      key: `${scope}/${name}`,
      name,
      kind: 'footnote',
      node,
      file,
      noteId: `fn-${scope}-${name}`,
    };
    this.definitions.set(definition.key, definition);
    this.ops.push({ inline: node });
    return definition;
  }

  /** The definition a reference `[^name]` in `file` means, or why there is none. */
  lookup(name: string, file: VFile): Definition | { missing: true; elsewhere: Definition[] } {
    const own = this.definitions.get(`${scopeOf(file)}/${name}`);
    if (own) return own;
    const source = this.definitions.get(name);
    if (source?.kind === 'source') return source;
    const elsewhere = this.byName.get(name) ?? [];
    if (elsewhere.length === 1) return elsewhere[0]!;
    return { missing: true, elsewhere };
  }

  /** Resolve: a reference met in reading order gets its number and its ids. */
  refer(definition: Definition, file: VFile): Reference {
    const key = definition.key;
    this.ops.push({ refer: key });
    if (!this.referenceCounts.has(key)) {
      this.order.push(key);
      this.firstReferencedIn.set(key, file);
    }
    const count = (this.referenceCounts.get(key) ?? 0) + 1;
    this.referenceCounts.set(key, count);
    return { definition, label: this.labelOf(key), refId: refIdOf(definition, count), count };
  }

  opCount(): number {
    return this.ops.length;
  }

  opsSince(count: number): NoteOp[] {
    return this.ops.slice(count);
  }

  /** What a file's run did, done again for `file` (the registry is in the state that run began in). */
  replay(ops: readonly NoteOp[], file: VFile): void {
    for (const op of ops) {
      if ('inline' in op) this.inline(op.inline, file);
      else this.refer(this.definitions.get(op.refer)!, file);
    }
  }

  /** Every definition collected, for the memo's key: which note a reference finds, its ids, its file. */
  definitionsKey(): string {
    return JSON.stringify([...this.definitions.values()].map((d) => [d.key, d.kind, d.noteId, d.file.path]));
  }

  labelOf(key: string): string {
    return formatNoteNumber(this.order.indexOf(key) + 1, this.numbering);
  }

  referenceCount(key: string): number {
    return this.referenceCounts.get(key) ?? 0;
  }

  /** The file in which a note was first referenced. */
  firstFileOf(key: string): VFile | undefined {
    return this.firstReferencedIn.get(key);
  }

  summary(): NoteSummary[] {
    return this.order.map((key) => {
      const d = this.definitions.get(key)!;
      return { name: d.name, kind: d.kind, label: this.labelOf(key), references: this.referenceCount(key) };
    });
  }

  unreferenced(kind: NoteKind): Definition[] {
    return [...this.definitions.values()].filter((d) => d.kind === kind && !this.referenceCounts.has(d.key));
  }

  /** Referenced notes of one kind in order of first reference. */
  ordered(kind: NoteKind): Definition[] {
    return this.order.map((key) => this.definitions.get(key)!).filter((d) => d.kind === kind);
  }
}

/** The id of the n-th reference to a note. */
export function refIdOf(definition: Definition, n: number): string {
  const base = definition.kind === 'source' ? `ref-${definition.name}` : `fnref-${definition.noteId.slice(3)}`;
  return n === 1 ? base : `${base}-${n}`;
}

/** A file's scope for footnote names and ids: its chapter (and section) slug. */
export function scopeOf(file: VFile): string {
  const role = file.data.role;
  if (!role) return 'file';
  if (role.kind === 'preface') return 'preface';
  if (role.kind === 'section') return `${role.chapterSlug}-${role.slug}`;
  return role.slug;
}

/** A note's name as written in `[^Name]` or `[^name]:` → the one name both resolve to. */
export function normalize(identifier: string): string {
  return identifier.trim().toLowerCase().replace(/\s+/g, '-');
}

// Each file's transformed tree kept in memory from one build to the next (the dev loop's saves): a
// file whose text, data before the run, the edition-wide context (processor settings, every note
// definition and link target) and the state of the edition's registries when its turn comes (notes
// referred to in order, clusters, labels, figure and equation counts) are those of the last build is
// not run through the unified chain again; its tree, file data and messages are taken as they were
// and what its run did to the registries is done again, so every later file and the edition steps
// (numbering, cross-references, citations, footnotes, ids) see what a fresh run would. The registry
// state is keyed by what the files before did to it, so an edit that changes no numbering leaves
// every later file's key as it was, and one that does re-runs the files after it.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Root as HastRoot } from 'hast';
import { copyTree } from '../hast-copy.js';
import type { VFile, Data } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import type { NoteOp, NoteRegistry } from './notes-registry.js';
import type { ClusterRecord, LabelRecord, ReferenceRegistry } from './references-registry.js';
import type { FloatCounter } from './remark-figures.js';

/** What one file's run did to the edition's registries, to be done again on a hit. */
interface Effects {
  notes: NoteOp[];
  clusters: ClusterRecord[];
  labels: LabelRecord[];
  floats: [number, number, number];
  equations: number;
}

interface Entry {
  key: string;
  /** The file's text, compared whole (hashing every file's text each save cost more). */
  text: string;
  hast: HastRoot;
  data: Data;
  messages: VFileMessage[];
  effects: Effects;
}

export interface Registries {
  notes: NoteRegistry;
  references: ReferenceRegistry;
  floats: FloatCounter;
}

/** The memo of one locale's files across builds (the dev loop keeps one per locale). */
export class TransformMemo {
  private entries = new Map<string, Entry>();
  private paths: string[] = [];
  /** Files run through the chain by the last build (the others were taken from the memo): for tests and the trace. */
  ran: string[] = [];

  /**
   * A build's changes: anything but an edit of a file the last build ran (a new or removed file, an
   * image, a setting, a template) may change what a file's run reads from disk; the memo is emptied.
   */
  changed(paths: readonly string[]): void {
    const known = new Set(this.paths.map((p) => path.resolve(p)));
    if (paths.length === 0 || paths.some((p) => !known.has(p))) this.clear();
  }

  clear(): void {
    this.entries.clear();
    this.paths = [];
  }

  /** The run of one build's files, in run order, under the edition-wide context. */
  start(context: string, files: readonly VFile[], registries: Registries): MemoRun | undefined {
    const paths = files.map((f) => f.path);
    const same = paths.length === this.paths.length && paths.every((p, i) => p === this.paths[i]);
    if (!same) this.clear();
    this.ran = [];
    // Files keyed by path: two with one path (no single-file report comes here) are not kept.
    if (new Set(paths).size !== paths.length) return undefined;
    this.paths = paths;
    return new MemoRun(this, this.entries, createHash('sha256').update(context).digest('hex'), registries);
  }
}

/** One build's walk through its files: each file's key, its hit or its run recorded. */
export class MemoRun {
  constructor(
    private readonly memo: TransformMemo,
    private readonly entries: Map<string, Entry>,
    private state: string,
    private readonly registries: Registries,
  ) {}

  /** The file's hast from the memo (its data, messages and effects restored), or undefined. */
  take(file: VFile): { hast: HastRoot; key: string } | { key: string; hast?: undefined } {
    const key = unitKey(this.state, file);
    const entry = this.entries.get(file.path);
    if (entry?.key !== key || entry.text !== String(file.value)) return { key };
    restoreData(file, entry.data);
    file.messages.push(...entry.messages);
    replay(entry.effects, file, this.registries);
    this.advance(entry.effects);
    return { hast: copyTree(entry.hast), key };
  }

  /** Run the file (`run`) and keep what it made and did, unless its run met another file's label. */
  async run(file: VFile, key: string, run: () => Promise<HastRoot>): Promise<HastRoot> {
    this.memo.ran.push(file.path);
    const mark = markOf(this.registries);
    const messages = file.messages.length;
    const hast = await run();
    const effects = effectsSince(mark, this.registries);
    this.advance(effects);
    const data = this.registries.references.refused === mark.refused ? cloned(file.data) : undefined;
    if (data) {
      const entry = { key, text: String(file.value), hast: copyTree(hast), data, effects };
      this.entries.set(file.path, { ...entry, messages: file.messages.slice(messages) });
    } else this.entries.delete(file.path);
    return hast;
  }

  /** The registries' state after a file: what the files before did to them, in order. */
  private advance(effects: Effects): void {
    this.state = createHash('sha256').update(this.state).update(effectsKey(effects)).digest('hex');
  }
}

/** A file's key but for its text: the registries' state at its turn, its path and its data before its run. */
function unitKey(state: string, file: VFile): string {
  return `${state}\0${file.path}\0${dataKey(file.data)}`;
}

function dataKey(data: Data): string {
  return JSON.stringify(data, (_key, value: unknown) =>
    value instanceof Map ? { map: [...value] } : value instanceof Set ? { set: [...value] } : value,
  );
}

/** What later files read of an earlier one's effects: keys and counts (a label's number, a cluster's items they never read). */
function effectsKey(effects: Effects): string {
  return JSON.stringify([
    effects.notes.map((op) => ('refer' in op ? `r${op.refer}` : `i`)),
    effects.clusters.length,
    effects.labels.map((l) => l.label),
    effects.floats,
    effects.equations,
  ]);
}

interface Mark {
  notes: number;
  clusters: number;
  labels: number;
  floats: [number, number, number];
  equations: number;
  refused: number;
}

function markOf({ notes, references, floats }: Registries): Mark {
  return {
    notes: notes.opCount(),
    clusters: references.clusters.length,
    labels: references.labels.size,
    floats: [floats.figures, floats.tables, floats.listings],
    equations: references.equations,
    refused: references.refused,
  };
}

function effectsSince(mark: Mark, { notes, references, floats }: Registries): Effects {
  return {
    notes: notes.opsSince(mark.notes),
    clusters: references.clusters.slice(mark.clusters),
    labels: [...references.labels.values()].slice(mark.labels),
    floats: [floats.figures - mark.floats[0], floats.tables - mark.floats[1], floats.listings - mark.floats[2]],
    equations: references.equations - mark.equations,
  };
}

/** A hit's effects done again on this build's registries, with this build's file. */
function replay(effects: Effects, file: VFile, { notes, references, floats }: Registries): void {
  notes.replay(effects.notes, file);
  for (const record of effects.clusters) references.clusters.push({ ...record, file });
  for (const record of effects.labels) references.labels.set(record.label, { ...record, file });
  floats.figures += effects.floats[0];
  floats.tables += effects.floats[1];
  floats.listings += effects.floats[2];
  references.equations += effects.equations;
}

/** A copy of a file's data, or undefined when it holds what cannot be copied (a caller's plugin's function). */
function cloned(data: Data): Data | undefined {
  try {
    return structuredClone(data);
  } catch {
    return undefined;
  }
}

/** The file's data as its run left it (the keys it had before are the same: they are in its key). */
function restoreData(file: VFile, data: Data): void {
  const copy = structuredClone(data);
  for (const key of Object.keys(file.data)) if (!(key in copy)) delete (file.data as Record<string, unknown>)[key];
  Object.assign(file.data, copy);
}

/** One memo per locale, kept by the dev loop across its builds. */
export class TransformMemos {
  private readonly byLocale = new Map<string, TransformMemo>();

  of(locale: string): TransformMemo {
    let memo = this.byLocale.get(locale);
    if (!memo) this.byLocale.set(locale, (memo = new TransformMemo()));
    return memo;
  }

  /** A build's changed paths (none: the first build, or one that reads everything again). */
  changed(paths: readonly string[]): void {
    const resolved = paths.map((p) => path.resolve(p));
    for (const memo of this.byLocale.values()) memo.changed(resolved);
  }
}

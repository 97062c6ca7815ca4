// The edition's `@` references per run: every cluster a file holds (in the order met, which is
// reading order), and every cross-reference label (`{#fig-x}`, `{#tbl-x}`, `{#eq-x}`, `{#sec-x}`)
// with its number. Filled while files run (remark-references.ts, remark-figures.ts) and read by the
// edition step (crossrefs.ts, citations.ts) once every file has run, so a reference may come before
// its label. Created per locale and build: nothing leaks across runs.
import type { Node } from 'unist';
import type { VFile } from 'vfile';
import type { AtCluster } from './at-references.js';
import { report } from './data.js';
import { RULES } from '../rules.js';

export type LabelKind = 'fig' | 'tbl' | 'sec' | 'eq' | 'lst';

export interface LabelRecord {
  label: string;
  kind: LabelKind;
  /** The printed number ("3"; a section's "A"); empty for an unnumbered heading. */
  number: string;
  /** An unnumbered heading's title stands in for its number. */
  title?: string;
  /** The id the label's element has, when not the label (a chapter heading's id is its file's). */
  target?: string;
  file: VFile;
  position: Node['position'];
}

/** How one cluster is printed: as it stands, the author alone (note styles' `@key`), or in a note. */
export type ClusterRender = 'inline' | 'author' | 'note';

export interface ClusterRecord {
  id: number;
  cluster: AtCluster;
  render: ClusterRender;
  file: VFile;
  position: Node['position'];
  /** The text as typed, printed when the reference cannot be resolved. */
  typed: string;
}

export class ReferenceRegistry {
  readonly clusters: ClusterRecord[] = [];
  readonly labels = new Map<string, LabelRecord>();
  equations = 0;
  /** Labels refused as used twice (transform-memo.ts keeps no file whose run met one). */
  refused = 0;

  addCluster(record: Omit<ClusterRecord, 'id'>): ClusterRecord {
    const added = { ...record, id: this.clusters.length + 1 };
    this.clusters.push(added);
    return added;
  }

  /** A label met in a file; a second one of the same name is an error at its place (false: not added). */
  addLabel(record: LabelRecord): boolean {
    const earlier = this.labels.get(record.label);
    if (earlier) {
      this.refused += 1;
      report(
        record.file,
        { type: 'label', position: record.position },
        `label "${record.label}" is used twice (first in ${earlier.file.basename ?? 'a file'} at line ${earlier.position?.start.line ?? '?'})`,
        RULES.duplicateLabel,
        'give each figure, table, equation or section its own label',
      );
      return false;
    }
    this.labels.set(record.label, record);
    return true;
  }
}

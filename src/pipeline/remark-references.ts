// `@` references in the text → placeholders the edition step fills (crossrefs.ts, citations.ts),
// since a reference may come before its label or need every citation of the edition (CSL numbers,
// "ibid.", disambiguation). Each cluster found by at-references.ts becomes
// <span class="citation|xref" data-at-ref="n"> holding the text as typed. Display math labelled
// `$$ … $$ {#eq-x}` is numbered here. With a note style, a citation in the running text goes into a
// footnote of its own (remark-notes.ts registers it as an inline note).
import type { Element } from 'hast';
import type { FootnoteDefinition, FootnoteReference, Paragraph, Parent, PhrasingContent, Root, Text } from 'mdast';
import type { State } from 'mdast-util-to-hast';
import type { Node } from 'unist';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';
import { CROSSREF_PREFIX, findAtReferences, labelKind, type AtCluster } from './at-references.js';
import type { ClusterRender, ReferenceRegistry } from './references-registry.js';
import { equationLabelAt } from './equation-labels.js';
import { trailingAttributes } from './attributes.js';
import { pointsIn } from '../positions.js';
import type { AtReference, DisplayMath, Equation } from './types.js';

export interface RemarkReferencesOptions {
  registry: ReferenceRegistry;
  /** The CSL style puts citations in notes (Chicago notes). */
  noteStyle: boolean;
}

export default function remarkReferences(options: RemarkReferencesOptions) {
  const { registry } = options;
  return (tree: Root, file: VFile) => {
    const source = String(file.value);
    const pointAt = pointsIn(source);
    labelEquations(tree, file, source, registry);
    visit(tree, (node, index, parent) => {
      if (node.type === 'footnoteDefinition') {
        inNote(node, file, source, pointAt, registry);
        return SKIP;
      }
      if (node.type !== 'text') return undefined;
      return splitInPlace(node, index, parent, (text) =>
        split(text, file, source, pointAt, registry, options.noteStyle),
      );
    });
  };
}

/** Inside a footnote a citation stays where it is (it is already in a note). */
function inNote(
  note: FootnoteDefinition,
  file: VFile,
  source: string,
  pointAt: ReturnType<typeof pointsIn>,
  registry: ReferenceRegistry,
): void {
  visit(note, 'text', (node, index, parent) =>
    splitInPlace(node, index, parent, (text) => split(text, file, source, pointAt, registry, false)),
  );
}

/** A text node with `@` references (not inside a link) replaced by its parts; the visitor goes on after them. */
function splitInPlace(
  node: Text,
  index: number | undefined,
  parent: Parent | undefined,
  parts: (text: Text) => PhrasingContent[] | undefined,
): [typeof SKIP, number] | undefined {
  if (!parent || index === undefined || !node.value.includes('@')) return undefined;
  if (parent.type === 'link' || parent.type === 'linkReference') return undefined;
  const replaced = parts(node);
  if (!replaced) return undefined;
  parent.children.splice(index, 1, ...(replaced as typeof parent.children));
  return [SKIP, index + replaced.length];
}

function split(
  text: Text,
  file: VFile,
  source: string,
  pointAt: ReturnType<typeof pointsIn>,
  registry: ReferenceRegistry,
  noteStyle: boolean,
): PhrasingContent[] | undefined {
  const clusters = findAtReferences(text.value);
  if (clusters.length === 0) return undefined;
  // Offsets in the value are offsets in the source only when nothing was unescaped in between.
  const start = text.position?.start.offset;
  const end = text.position?.end.offset;
  const exact = start !== undefined && end !== undefined && source.slice(start, end) === text.value;
  const parts: PhrasingContent[] = [];
  let last = 0;
  for (const cluster of clusters) {
    if (cluster.from > last) parts.push({ type: 'text', value: text.value.slice(last, cluster.from) });
    const position = exact ? { start: pointAt(start + cluster.from), end: pointAt(start + cluster.to) } : text.position;
    const typed = text.value.slice(cluster.from, cluster.to);
    const add = (render: ClusterRender) =>
      placeholder(registry.addCluster({ cluster, render, file, position, typed }).id, cluster, typed, position);
    const crossref = cluster.items.some((item) => CROSSREF_PREFIX.test(item.key));
    if (!noteStyle || crossref) parts.push(add('inline'));
    else {
      if (cluster.inText) parts.push(add('author'));
      parts.push(citationNote(add('note'), position));
    }
    last = cluster.to;
  }
  if (last < text.value.length) parts.push({ type: 'text', value: text.value.slice(last) });
  if (noteStyle) notesAfterPunctuation(parts);
  return parts.map((part) => (part.position ? part : { ...part, position: text.position }));
}

/** A citation's note mark follows the word with no space, and a `.` or `,` after it (Pandoc's placement). */
function notesAfterPunctuation(parts: PhrasingContent[]): void {
  parts.forEach((part, i) => {
    if (part.type !== 'footnoteReference' || !part.data?.citationNote) return;
    const before = parts[i - 1];
    const after = parts[i + 1];
    if (before?.type !== 'text') return;
    before.value = before.value.trimEnd();
    const punctuation = after?.type === 'text' ? /^[.,;:!?]+/.exec(after.value)?.[0] : undefined;
    if (!punctuation || after?.type !== 'text') return;
    before.value += punctuation;
    after.value = after.value.slice(punctuation.length);
  });
}

function placeholder(id: number, cluster: AtCluster, typed: string, position: Node['position']): AtReference {
  const crossref = cluster.items.some((item) => CROSSREF_PREFIX.test(item.key));
  return {
    type: 'atReference',
    position,
    data: {
      hName: 'span',
      hProperties: { className: [crossref ? 'xref' : 'citation'], dataAtRef: String(id) },
      hChildren: [{ type: 'text', value: typed }],
    },
  };
}

/**
 * remark-rehype's handler for a placeholder: the element its data names, as the default handler makes
 * it, without the deep copy (a structured clone) of its properties the default takes for each node.
 */
export function atReferenceToHast(state: State, node: AtReference): Element {
  const { className, dataAtRef } = node.data.hProperties as { className: string[]; dataAtRef: string };
  const result: Element = {
    type: 'element',
    tagName: node.data.hName!,
    properties: { className: [...className], dataAtRef },
    children: node.data.hChildren as Element['children'],
  };
  state.patch(node, result);
  return result;
}

/** A note of its own holding the citation (note styles): registered by remark-notes.ts. */
function citationNote(reference: AtReference, position: Node['position']): FootnoteReference {
  const note: FootnoteDefinition = {
    type: 'footnoteDefinition',
    identifier: '',
    position,
    children: [{ type: 'paragraph', children: [reference] }],
  };
  return { type: 'footnoteReference', identifier: '', position, data: { citationNote: note } };
}

/**
 * `$$ … $$ {#eq-x}` (the label read from the closing line, which the parser saw blanked) and a
 * paragraph holding only `$$…$$ {#eq-x}` → a numbered equation.
 */
function labelEquations(tree: Root, file: VFile, source: string, registry: ReferenceRegistry): void {
  visit(tree, (node, index, parent) => {
    if (!parent || index === undefined) return undefined;
    let math: DisplayMath | undefined;
    let label: string | undefined;
    if (node.type === 'math') {
      math = node;
      // A MyST `{math}` directive's `:label:` (remark-myst-directives.ts), else `$$ … $$ {#eq-x}`.
      label =
        (node.data as { label?: string } | undefined)?.label ?? equationLabelAt(source, node.position?.end.offset);
    } else if (node.type === 'paragraph') {
      const found = labelledInlineEquation(node, source);
      if (found) ({ math, label } = found);
    }
    if (!math || !label) return undefined;
    registry.equations += 1;
    const n = String(registry.equations);
    if (!registry.addLabel({ label, kind: 'eq', number: n, file, position: node.position })) return undefined;
    const equation: Equation = {
      type: 'equation',
      position: node.position,
      data: { hName: 'div', hProperties: { className: ['equation'], id: label } },
      children: [
        math,
        {
          type: 'captionLabel',
          data: {
            hName: 'span',
            hProperties: { className: ['equation-number'] },
            hChildren: [{ type: 'text', value: `(${n})` }],
          },
        },
      ],
    };
    parent.children.splice(index, 1, equation as (typeof parent.children)[number]);
    return SKIP;
  });
}

/** A paragraph of `$$…$$ {#eq-x}` alone → its formula as display math, and the label. */
function labelledInlineEquation(
  paragraph: Paragraph,
  source: string,
): { math: DisplayMath; label: string } | undefined {
  const [first, second, ...rest] = paragraph.children;
  if (rest.length > 0 || first?.type !== 'inlineMath' || second?.type !== 'text') return undefined;
  const start = first.position?.start.offset;
  if (start === undefined || !source.startsWith('$$', start)) return undefined;
  const found = trailingAttributes(second.value.trim());
  const id = found?.before === '' ? found.attributes.id : undefined;
  if (!id || labelKind(id) !== 'eq') return undefined;
  return { math: displayMath(first.value, first.position), label: id };
}

/** Display math as remark-math's parser makes it (its data is what remark-rehype turns into HTML). */
export function displayMath(value: string, position: DisplayMath['position']): DisplayMath {
  const code = {
    type: 'element' as const,
    tagName: 'code',
    properties: { className: ['language-math', 'math-display'] },
    children: [{ type: 'text' as const, value }],
  };
  return { type: 'math', value, position, data: { hName: 'pre', hChildren: [code] } };
}

// Figures and table captions, numbered across the edition (Pandoc's conventions):
// - an image alone in its paragraph is a figure, its alt text the caption → <figure><img><figcaption>;
// - a paragraph `Table: caption` right before or after a table captions it → <figure class="table-figure">
//   with the caption first, so the caption can never be split from its table or figure;
// - a code block with a caption (`lst-cap="…"`/`caption="…"` on its fence, or pandoc-crossref's
//   `: caption {#lst:x}` or `Listing: caption` paragraph right after it) or a `{#lst-x}` label is a
//   listing → <figure class="listing">, the caption first.
// Numbers run across the whole edition (chapters in reading order), so the counter is per-run state
// handed in by the caller; the words ("Figure", "Table") come from strings.yaml.
import type { Code, Image, Paragraph, PhrasingContent, Root, RootContent, Text } from 'mdast';
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { toString } from 'mdast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import { report } from './data.js';
import { RULES } from '../rules.js';
import type { Figure, FigureCaption, ListingFigure, TableFigure } from './types.js';
import type { ReferenceRegistry } from './references-registry.js';
import { trailingAttributes } from './attributes.js';
import { labelKind } from './at-references.js';

/** Per-edition figure and table numbers: one per locale and build, never shared. */
export class FloatCounter {
  figures = 0;
  tables = 0;
  listings = 0;
}

export interface FiguresOptions {
  counter: FloatCounter;
  /** The localized words before the numbers: "Figure", "Table", "Listing". */
  figureLabel: string;
  tableLabel: string;
  listingLabel: string;
  /** Where `{#fig-x}` and `{#tbl-x}` labels are recorded with their numbers (cross-references). */
  labels?: ReferenceRegistry;
}

// Pandoc's `Table: caption` or `: caption`; pandoc-crossref's `Listing: caption` for code.
const CAPTION_PREFIX = /^\s*(?:Table)?:\s+/;
const LISTING_PREFIX = /^\s*(?:Listing)?:\s+/;

export default function remarkFigures(options: FiguresOptions) {
  return (tree: Root, file: VFile) => {
    visit(tree, (node, index, parent) => {
      if (!parent || index === undefined) return undefined;
      if (node.type === 'paragraph') {
        const image = loneImage(node);
        if (!image) {
          breakAtLineImages(node);
          return undefined;
        }
        if (image.alt?.trim() === '' || !image.alt) {
          // `![](x.png){alt="…"}` is described and meant to go without a caption (Pandoc prints none).
          if (image.data?.hProperties?.alt) return undefined;
          report(
            file,
            image,
            'image without alt text: it is printed without a caption and is not numbered',
            RULES.figureCaption,
            'write the caption as the alt text: ![Population by region, 2022](chart.png)',
          );
          return undefined;
        }
        const { count, id } = numbered(options, file, 'fig', figureLabel(image), image.position);
        const caption = captionNode(options.figureLabel, count, [{ type: 'text', value: image.alt }]);
        const figure: Figure = {
          type: 'figure',
          position: node.position,
          data: figureData('figure', id),
          children: [image, caption],
        };
        parent.children.splice(index, 1, figure);
        return SKIP;
      }
      if (node.type === 'table' || node.type === 'gridTable') {
        const siblings = parent.children as RootContent[];
        const before = siblings[index - 1];
        const after = siblings[index + 1];
        const captionAt = isCaption(before) ? index - 1 : isCaption(after) ? index + 1 : -1;
        if (captionAt === -1) return undefined;
        const paragraph = siblings[captionAt] as Paragraph;
        const { count, id } = numbered(options, file, 'tbl', tableLabel(paragraph), paragraph.position);
        const caption = captionNode(options.tableLabel, count, stripPrefix(paragraph.children));
        const figure: TableFigure = {
          type: 'tableFigure',
          position: node.position,
          data: figureData('table-figure', id),
          children: [caption, node],
        };
        const from = Math.min(index, captionAt);
        siblings.splice(from, 2, figure);
        // Continue after the figure: a caption paragraph after it was consumed.
        return [SKIP, from + 1];
      }
      if (node.type === 'code') return listing(node, parent.children as RootContent[], index, options, file);
      return undefined;
    });
  };
}

/** A captioned or labelled code block → a numbered listing (its caption paragraph taken in). */
function listing(
  code: Code,
  siblings: RootContent[],
  index: number,
  options: FiguresOptions,
  file: VFile,
): [typeof SKIP, number] | undefined {
  const attributes = code.data?.attributes;
  const after = siblings[index + 1];
  const paragraph = isCaption(after, LISTING_PREFIX) ? (after as Paragraph) : undefined;
  const written = attributes?.values['lst-cap'] ?? attributes?.values.caption;
  const id = attributes?.id !== undefined && labelKind(attributes.id) === 'lst' ? attributes.id : undefined;
  const label = paragraph ? (tableLabel(paragraph, 'lst') ?? id) : id;
  if (!paragraph && written === undefined && label === undefined) return undefined;
  const { count, id: labelled } = numbered(options, file, 'lst', label, paragraph?.position ?? code.position);
  const text: PhrasingContent[] = paragraph
    ? stripPrefix(paragraph.children, LISTING_PREFIX)
    : written
      ? [{ type: 'text', value: written }]
      : [];
  const figure: ListingFigure = {
    type: 'listingFigure',
    position: code.position,
    data: figureData('listing', labelled),
    children: [captionNode(options.listingLabel, count, text), code],
  };
  siblings.splice(index, paragraph ? 2 : 1, figure);
  return [SKIP, index + 1];
}

/**
 * The next figure or table number, and the id its label gives: a duplicate label is reported once,
 * as such, and the second float goes without the id.
 */
function numbered(
  options: FiguresOptions,
  file: VFile,
  kind: 'fig' | 'tbl' | 'lst',
  label: string | undefined,
  position: Position | undefined,
): { count: number; id: string | undefined } {
  const counter = options.counter;
  const count =
    kind === 'fig' ? (counter.figures += 1) : kind === 'tbl' ? (counter.tables += 1) : (counter.listings += 1);
  const number = String(count);
  const id = label && options.labels?.addLabel({ label, kind, number, file, position }) ? label : undefined;
  return { count, id };
}

/** A `<figure>` of the class, with its id when it has one. */
function figureData(className: 'figure' | 'table-figure' | 'listing', id: string | undefined) {
  return { hName: 'figure', hProperties: { className: [className], ...(id ? { id } : {}) } };
}

/** The image of a paragraph that holds only an image (and whitespace). */
function loneImage(paragraph: Paragraph): Image | undefined {
  const content = paragraph.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
  return content.length === 1 && content[0]!.type === 'image' ? content[0] : undefined;
}

/**
 * An image on a line of its own inside a paragraph (`**Overview**` on one line, the image on the next)
 * keeps that line: the line break before it, and after it, becomes a hard one. As a soft break (a space)
 * the line before a wide image was justified across the whole column, word by word.
 */
function breakAtLineImages(paragraph: Paragraph): void {
  const children = paragraph.children;
  for (let i = children.length - 1; i >= 0; i -= 1) {
    if (children[i]!.type !== 'image') continue;
    const after = children[i + 1];
    if (after?.type === 'text' && after.value.startsWith('\n')) {
      after.value = after.value.slice(1);
      children.splice(i + 1, after.value === '' ? 1 : 0, { type: 'break' });
    }
    const before = children[i - 1];
    if (before?.type === 'text' && before.value.endsWith('\n')) {
      before.value = before.value.slice(0, -1);
      if (before.value === '') children.splice(i - 1, 1, { type: 'break' });
      else children.splice(i, 0, { type: 'break' });
    }
  }
}

/** `![…](a.png){#fig-x}`: the label leaves the image for its figure (links and references go to the figure). */
function figureLabel(image: Image): string | undefined {
  const properties = image.data?.hProperties;
  const id = properties?.id;
  if (typeof id !== 'string' || labelKind(id) !== 'fig') return undefined;
  delete properties!.id;
  return id;
}

/** `Table: Budget {#tbl-x}` (or `[]{#tbl:x}`): the label at the caption's end, taken out of its text. */
function tableLabel(caption: Paragraph, kind: 'tbl' | 'lst' = 'tbl'): string | undefined {
  const last = caption.children.at(-1);
  if (last?.type !== 'text') return undefined;
  const found = trailingAttributes(last.value.trimEnd());
  const id = found?.attributes.id;
  if (!id || labelKind(id) !== kind) return undefined;
  // pandoc-crossref's short-caption filter writes the label on an empty span: `[]{#tbl:x …}`.
  last.value = found.before.replace(/\s*\[\]$/, '');
  return id;
}

function isCaption(node: RootContent | undefined, prefix = CAPTION_PREFIX): boolean {
  if (node?.type !== 'paragraph') return false;
  const first = node.children[0];
  return first?.type === 'text' && prefix.test(first.value) && toString(node).replace(prefix, '') !== '';
}

function stripPrefix(children: PhrasingContent[], prefix = CAPTION_PREFIX): PhrasingContent[] {
  const [first, ...rest] = children as [Text, ...PhrasingContent[]];
  return [{ ...first, value: first.value.replace(prefix, '') }, ...rest];
}

/** `<figcaption><span class="caption-label">Figure 3.</span> caption</figcaption>` */
function captionNode(label: string, n: number, children: PhrasingContent[]): FigureCaption {
  return {
    type: 'figureCaption',
    data: { hName: 'figcaption' },
    children: [
      {
        type: 'captionLabel',
        data: {
          hName: 'span',
          hProperties: { className: ['caption-label'] },
          hChildren: [{ type: 'text', value: `${label} ${n}.` }],
        },
      },
      { type: 'text', value: ' ' },
      ...children,
    ],
  };
}

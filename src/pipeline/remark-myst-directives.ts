// MyST directives (myst-syntax.ts read them) → the nodes Briefing's own syntax makes, so the plugins
// after this one treat them as their own: admonitions → boxes (remark-callouts.ts), `figure` →
// `![caption](path){#fig-x}`, `math` → `$$ … $$ {#eq-x}`, `code-block` → a code block (a listing when
// captioned), `bibliography` → `::: {#refs}`, `code-cell` → code, said not to be run. The contents
// directives are left out (the edition prints its own contents); any other directive's body is
// printed as a plain block with a warning. MyST labels without Briefing's prefix get one (`fig-`,
// `eq-`), recorded in file.data.mystLabels for the roles (remark-myst-roles.ts).
import type { Code, Paragraph, Parent, PhrasingContent, Root, RootContent } from 'mdast';
import type { ContainerDirective } from 'mdast-util-directive';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';
import { toString } from 'mdast-util-to-string';
import { report } from './data.js';
import { RULES } from '../rules.js';
import { ANONYMOUS_DIV } from './remark-fenced-divs.js';
import { displayMath } from './remark-references.js';
import { labelKind } from './at-references.js';
import type { MystDirective } from './myst-syntax.js';

declare module 'vfile' {
  interface DataMap {
    /** MyST labels of this file (`:name:`, `:label:`, `(x)=`) → the Briefing label they became. */
    mystLabels: globalThis.Map<string, string>;
    /** Unknown directive names already reported in this file. */
    mystUnknown: globalThis.Set<string>;
  }
}

/** MyST's admonitions → Briefing's typed box, and the title when it is not the box's own. */
const ADMONITIONS: Record<string, [string, string?]> = {
  note: ['note'],
  tip: ['tip'],
  important: ['important'],
  warning: ['warning'],
  caution: ['caution'],
  hint: ['tip', 'Hint'],
  attention: ['important', 'Attention'],
  danger: ['caution', 'Danger'],
  error: ['caution', 'Error'],
  seealso: ['note', 'See also'],
};
/** Boxes whose argument is their title. */
const TITLED = new Set(['admonition', 'dropdown', 'sidebar', 'margin', 'topic']);
const CODE = new Set(['code', 'code-block', 'sourcecode']);
const CONTENTS = new Set(['tableofcontents', 'toctree']);

/** Directives that stand inside an admonition (marked as it is converted, before them). */
const IN_BOX = new WeakSet<MystDirective>();

type Convert = (directive: MystDirective, file: VFile) => RootContent[];

const CONVERTERS: Record<string, Convert> = {
  figure: (d, file) => figure(d, file, true),
  'figure-md': (d, file) => markdownFigure(d, file),
  index: () => [], // an index entry: the edition has no index
  table: (d, file) => table(d, file),
  image: (d, file) => figure(d, file, false),
  math: (d, file) => [equation(d, file)],
  bibliography: (d) => [div(d, [], 'refs')],
  'code-cell': (d, file) => [codeCell(d, file)],
  epigraph: (d) => [{ type: 'blockquote', children: d.children as Paragraph[], position: d.position }],
};

export default function remarkMystDirectives() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'mystDirective', (node, index, parent) => {
      if (!parent || index === undefined) return undefined;
      const replaced = convert(node, file);
      (parent as Parent).children.splice(index, 1, ...replaced);
      return [SKIP, index]; // the nodes put in its place are visited (nested directives)
    });
  };
}

function convert(directive: MystDirective, file: VFile): RootContent[] {
  const name = directive.name;
  const admonition = ADMONITIONS[name];
  const title = admonition ? (admonition[1] ?? name[0]!.toUpperCase() + name.slice(1)) : directive.argument;
  if ((admonition || TITLED.has(name)) && IN_BOX.has(directive)) return [innerBox(directive, title, !!admonition)];
  if (admonition) return [box(directive, admonition[0], admonition[1], true)];
  if (TITLED.has(name)) return [box(directive, 'callout', directive.argument || undefined, false)];
  if (CODE.has(name)) return [code(directive, file)];
  if (CONTENTS.has(name)) return leftOut(directive, file);
  const converter = CONVERTERS[name];
  return converter ? converter(directive, file) : unknown(directive, file);
}

/** An admonition → the box remark-callouts.ts makes of `:::note` (a label paragraph is its title). */
function box(directive: MystDirective, kind: string, title: string | undefined, argumentIsText: boolean) {
  const children = [...directive.children];
  // A box holds no box (remark-callouts.ts): an admonition inside is a plain block with its title.
  visit({ type: 'root', children }, 'mystDirective', (inner) => {
    IN_BOX.add(inner);
  });
  // myst-parser reads the text after `{note}` as the body's first line.
  if (argumentIsText && directive.argument) children.unshift(paragraph(directive.argument, directive));
  if (title) children.unshift({ ...paragraph(title, directive), data: { directiveLabel: true } });
  const node: ContainerDirective = {
    type: 'containerDirective',
    name: kind,
    attributes: {},
    children: children as ContainerDirective['children'],
    position: directive.position,
    data: { myst: true } as ContainerDirective['data'],
  };
  return node;
}

/** An admonition inside a box: a plain block, its title in bold first. */
function innerBox(directive: MystDirective, title: string, argumentIsText: boolean): ContainerDirective {
  const block = div(directive, [`myst-${directive.name}`]);
  const heading: Paragraph = {
    type: 'paragraph',
    children: [{ type: 'strong', children: [{ type: 'text', value: title }] }],
  };
  const text = argumentIsText && directive.argument ? [paragraph(directive.argument, directive)] : [];
  block.children = [heading, ...text, ...block.children] as ContainerDirective['children'];
  return block;
}

function paragraph(value: string, directive: MystDirective): Paragraph {
  return { type: 'paragraph', children: [{ type: 'text', value }], position: directive.position };
}

/** A plain block: a `<div>` with the classes and id given (remark-callouts.ts makes it). */
function div(directive: MystDirective, classes: string[], id?: string): ContainerDirective {
  return {
    type: 'containerDirective',
    name: ANONYMOUS_DIV,
    attributes: { ...(classes.length ? { class: classes.join(' ') } : {}), ...(id ? { id } : {}) },
    children: directive.children as ContainerDirective['children'],
    position: directive.position,
    data: { myst: true } as ContainerDirective['data'],
  };
}

/** `:name: x` → the label `prefix-x` (kept when it has a Briefing prefix), recorded for the roles. */
function labelOf(directive: MystDirective, file: VFile, prefix: string, key = 'name'): string | undefined {
  const name = directive.options[key];
  if (!name) return undefined;
  const label = labelKind(name) ? name : `${prefix}-${name}`;
  (file.data.mystLabels ??= new Map()).set(name, label);
  return label;
}

/** `figure` (the caption its body's first paragraph, any more a legend after it) and `image`. */
function figure(directive: MystDirective, file: VFile, captioned: boolean): RootContent[] {
  const [first, ...rest] = captioned ? directive.children : [];
  const caption = first?.type === 'paragraph' ? toString(first) : '';
  const width = directive.options.width ?? directive.options.height;
  const style = width ? `${directive.options.width ? 'width' : 'height'}: ${width}` : undefined;
  const id = labelOf(directive, file, 'fig');
  const alt = directive.options.alt;
  const image: PhrasingContent = {
    type: 'image',
    url: directive.argument,
    alt: caption,
    position: directive.position,
    data: { hProperties: { ...(id ? { id } : {}), ...(style ? { style } : {}), ...(alt ? { alt } : {}) } },
  };
  const legend = first && first.type !== 'paragraph' ? [first, ...rest] : rest;
  return [{ type: 'paragraph', children: [image], position: directive.position }, ...legend];
}

/** `table` with its caption argument → the table and Pandoc's `: caption {#tbl-x}` after it (remark-figures.ts). */
function table(directive: MystDirective, file: VFile): RootContent[] {
  const id = labelOf(directive, file, 'tbl');
  if (!directive.argument && !id) return directive.children;
  const caption = `: ${directive.argument || ' '}${id ? ` {#${id}}` : ''}`;
  return [...directive.children, paragraph(caption, directive)];
}

/** `math` → display math, numbered when it has a `:label:` (remark-references.ts numbers it). */
function equation(directive: MystDirective, file: VFile): RootContent {
  const math = displayMath(directive.value.trim(), directive.position);
  const label = labelOf(directive, file, 'eq', 'label') ?? labelOf(directive, file, 'eq');
  if (label) math.data = { ...math.data, label } as typeof math.data;
  return math;
}

/** `code-block python` → a code block; with `:caption:` a listing (remark-figures.ts). */
function code(directive: MystDirective, file: VFile): Code {
  const lang = directive.argument.split(/\s+/)[0] || null;
  const caption = directive.options.caption;
  const id = labelOf(directive, file, 'lst');
  const node: Code = {
    type: 'code',
    lang,
    meta: null,
    value: directive.value.replace(/\n$/, ''),
    position: directive.position,
  };
  if (caption !== undefined || id)
    node.data = {
      attributes: { id, classes: lang ? [lang] : [], values: caption !== undefined ? { caption } : {} },
    };
  return node;
}

function codeCell(directive: MystDirective, file: VFile): Code {
  const lang = directive.argument.split(/\s+/)[0] || null;
  report(
    file,
    directive,
    `code cell \`{code-cell}\` is not run: its code is printed, and its output is not there`,
    RULES.codeCell,
    'execute the notebook first (jupyter-book or jupytext), or put the output in the text',
  );
  return { type: 'code', lang, meta: null, value: directive.value.replace(/\n$/, ''), position: directive.position };
}

function leftOut(directive: MystDirective, file: VFile): RootContent[] {
  report(
    file,
    directive,
    `\`{${directive.name}}\` is left out: the edition prints its own contents, in the order of _toc.yml`,
    RULES.mystContents,
    'nothing to do, or delete the directive',
  );
  return [];
}

/** Any other directive: its body as a plain block of the class `myst-name`, with a warning (once a file and name). */
function unknown(directive: MystDirective, file: VFile): RootContent[] {
  const warned = (file.data.mystUnknown ??= new Set());
  if (!warned.has(directive.name))
    report(
      file,
      directive,
      `MyST directive \`{${directive.name}}\` is not read: its body is printed as a plain block (here and below in this file)`,
      RULES.mystDirective,
      'write it as Markdown, or as a directive Briefing reads (an admonition, `figure`, `math`, `code-block`)',
    );
  warned.add(directive.name);
  const literal = directive.children.length === 0 && directive.value.trim() !== '';
  if (literal) directive.children = [paragraph(directive.value.trim(), directive)];
  if (directive.children.length === 0) return [];
  return [div(directive, [`myst-${directive.name.replace(/[^\w-]/g, '-')}`])];
}

/** `figure-md`: its body's image, captioned by the paragraph after it. */
function markdownFigure(directive: MystDirective, file: VFile): RootContent[] {
  const [first, ...rest] = directive.children;
  const image = first?.type === 'paragraph' ? first.children.find((c) => c.type === 'image') : undefined;
  if (!image || image.type !== 'image') return unknown(directive, file);
  const caption = rest[0]?.type === 'paragraph' ? toString(rest[0]) : image.alt;
  const id = labelOf(directive, file, 'fig');
  const hProperties = { ...image.data?.hProperties, ...(id ? { id } : {}), ...(image.alt ? { alt: image.alt } : {}) };
  const captioned = { ...image, alt: caption ?? '', data: { ...image.data, hProperties } };
  return [{ type: 'paragraph', children: [captioned], position: directive.position }, ...rest.slice(1)];
}

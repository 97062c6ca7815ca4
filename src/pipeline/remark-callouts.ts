// Boxes → <aside class="callout"> sidebar boxes, from every syntax reports use: Briefing's
// `:::callout[Title]`, the typed `:::note` … `:::caution`, Pandoc/Quarto fenced divs
// (`::: {.callout-warning title="…"}`, a first heading inside as the title), and GitHub alerts
// (`> [!NOTE]`). A typed box gets its localized title. Any other fenced div (`::: {.class}`, or
// `::: class` with a warning) is kept as a <div> with its classes and id (Pandoc's meaning). remark-directive accepts anything, so the
// syntax is checked: unknown names, nesting, empty and unclosed boxes.
import type { Blockquote, Paragraph, Root } from 'mdast';
import type { ContainerDirective } from 'mdast-util-directive';
import type { VFile } from 'vfile';
import type { Node } from 'unist';
import { SKIP, visit } from 'unist-util-visit';
import { toString } from 'mdast-util-to-string';
import { report } from './data.js';
import { ANONYMOUS_DIV } from './remark-fenced-divs.js';
import { RULES } from '../rules.js';

export const CALLOUT_KINDS = ['note', 'tip', 'important', 'warning', 'caution'] as const;
export type CalloutKind = (typeof CALLOUT_KINDS)[number];

export interface RemarkCalloutsOptions {
  /** Localized titles of the typed boxes. */
  titles?: Partial<Record<CalloutKind, string>>;
}

const ALERT = /^\[!(note|tip|important|warning|caution)\][ \t]*(?:\r?\n|$)/i;
/** Quarto's callout classes (`.callout-note`), also written as a directive's name (`:::callout-note`). */
const QUARTO_CALLOUT = /^callout-(note|tip|important|warning|caution)$/;

export default function remarkCallouts(options: RemarkCalloutsOptions = {}) {
  const titleOf = (kind: CalloutKind) => options.titles?.[kind] ?? kind[0]!.toUpperCase() + kind.slice(1);
  return (tree: Root, file: VFile) => {
    let callouts = 0;
    const source = String(file.value);
    const plainNames = new Set<string>(); // each word div's class is named once a file
    visit(tree, (node) => {
      if (node.type === 'blockquote') {
        const kind = alertKind(node);
        if (!kind) return undefined;
        callouts += 1;
        toAlertCallout(node, kind, titleOf(kind));
        return undefined;
      }
      if (node.type !== 'containerDirective' && node.type !== 'leafDirective') return undefined;
      const directive = node;
      const kind = directive.type === 'containerDirective' ? calloutKind(directive) : undefined;
      if (directive.type === 'containerDirective' && kind === undefined && directive.name === ANONYMOUS_DIV) {
        toDiv(directive);
        return undefined;
      }
      if (kind === undefined && directive.type === 'containerDirective' && isWordDiv(directive, source)) {
        if (!plainNames.has(directive.name)) warnPlainDiv(file, directive);
        plainNames.add(directive.name);
        toDiv(directive, [directive.name]);
        return undefined;
      }
      if (kind === undefined) {
        const syntax = directive.type === 'leafDirective' ? `::${directive.name}` : `:::${directive.name}`;
        report(
          file,
          directive,
          `unknown directive "${syntax}"`,
          RULES.unknownDirective,
          `a box is \`:::callout\`, \`:::${CALLOUT_KINDS.join('`, `:::')}\` or \`::: {.callout-note}\`; a plain block is \`::: {.${directive.name}}\``,
        );
        return SKIP;
      }
      callouts += 1;
      checkBox(directive as ContainerDirective, source, file);
      toCallout(directive as ContainerDirective, kind, kind === 'callout' ? undefined : titleOf(kind));
      return undefined;
    });
    file.data.callouts = callouts;
  };
}

/** Is this node, as parsed, a box (any of the syntaxes above)? For counting before the transform. */
export function isCallout(node: Node): boolean {
  if (node.type === 'blockquote') return alertKind(node as Blockquote) !== undefined;
  return node.type === 'containerDirective' && calloutKind(node as ContainerDirective) !== undefined;
}

/** `callout`, a typed kind, or undefined for anything else. */
function calloutKind(directive: ContainerDirective): CalloutKind | 'callout' | undefined {
  const name = directive.name.toLowerCase();
  if (name === 'callout') return 'callout';
  if ((CALLOUT_KINDS as readonly string[]).includes(name)) return name as CalloutKind;
  // `:::callout-note`, Quarto's class without the space or braces (Pandoc reads it as that class).
  const quarto = QUARTO_CALLOUT.exec(name)?.[1];
  if (quarto) return quarto as CalloutKind;
  if (directive.name !== ANONYMOUS_DIV) return undefined;
  for (const cls of classesOf(directive)) {
    const typed = QUARTO_CALLOUT.exec(cls)?.[1];
    if (typed) return typed as CalloutKind;
    if (cls === 'callout') return 'callout';
  }
  return undefined;
}

function classesOf(directive: ContainerDirective): string[] {
  return (directive.attributes?.class ?? '').split(/\s+/).filter(Boolean);
}

function checkBox(directive: ContainerDirective, source: string, file: VFile): void {
  // A MyST directive's fence is closed by its parser (remark-myst-directives.ts).
  const end = (directive.data as { myst?: boolean } | undefined)?.myst ? undefined : directive.position?.end.offset;
  if (end !== undefined && !/:{3,}\s*$/.test(source.slice(Math.max(0, end - 8), end))) {
    report(
      file,
      directive,
      'callout is not closed',
      RULES.unclosedCallout,
      'add a line with `:::` after the last statement of the box',
    );
  }
  let nested = false;
  visit(directive, 'containerDirective', (inner) => {
    if (inner !== directive && calloutKind(inner) !== undefined) {
      nested = true;
      report(
        file,
        inner,
        'callout inside a callout',
        RULES.nestedCallout,
        'close the first box with `:::` before opening the next',
      );
    }
  });
  const body = directive.children.filter((child) => !(child as Paragraph).data?.directiveLabel);
  if (!nested && body.every((child) => toString(child).trim() === '')) {
    report(
      file,
      directive,
      'empty callout',
      RULES.emptyCallout,
      'write at least one statement inside the box, or remove it',
    );
  }
}

function toCallout(
  directive: ContainerDirective,
  kind: CalloutKind | 'callout',
  defaultTitle: string | undefined,
): void {
  const className = kind === 'callout' ? ['callout'] : ['callout', `callout-${kind}`];
  directive.data = { ...directive.data, hName: 'aside', hProperties: { className } };
  const label = directive.children.find((child) => (child as Paragraph).data?.directiveLabel) as Paragraph | undefined;
  if (label) {
    label.data = { ...label.data, hName: 'p', hProperties: { className: ['callout-title'] } };
    return;
  }
  // Quarto: `title="…"`, or a heading first in the box.
  const first = directive.children[0];
  const given = directive.attributes?.title;
  if (given) {
    directive.children.unshift(titleParagraph([{ type: 'text', value: given }]));
  } else if (first?.type === 'heading') {
    directive.children.splice(0, 1, titleParagraph(first.children, first.position));
  } else if (defaultTitle) {
    directive.children.unshift(titleParagraph([{ type: 'text', value: defaultTitle }]));
  }
}

function titleParagraph(children: Paragraph['children'], position?: Paragraph['position']): Paragraph {
  return { type: 'paragraph', children, position, data: { hName: 'p', hProperties: { className: ['callout-title'] } } };
}

/**
 * `::: challenge` (a blank after the colons: Pandoc's fence with one word, its class; remark-fenced-divs
 * respelled it as the directive `:::challenge`), without a `[label]`: Briefing's own `:::name` with an
 * unknown name stays an error, most likely a box's name mistyped.
 */
function isWordDiv(directive: ContainerDirective, source: string): boolean {
  const start = directive.position?.start.offset;
  if (start === undefined || directive.children.some((child) => (child as Paragraph).data?.directiveLabel))
    return false;
  return /^:{3,}[ \t]/.test(source.slice(start, start + 200));
}

function warnPlainDiv(file: VFile, directive: ContainerDirective): void {
  report(
    file,
    directive,
    `"::: ${directive.name}" is printed as a plain block with the class "${directive.name}" (Pandoc's reading), not as a box`,
    RULES.plainDiv,
    `for a box write \`::: {.callout-note title="…"}\`; \`::: {.${directive.name}}\` says a plain block is meant`,
  );
}

/** A Pandoc div that is not a box: a <div> with the classes and id the author gave. */
function toDiv(directive: ContainerDirective, named: string[] = []): void {
  const attributes = directive.attributes ?? {};
  const classes = [...named, ...classesOf(directive)];
  directive.data = {
    ...directive.data,
    hName: 'div',
    hProperties: {
      ...(classes.length > 0 ? { className: classes } : {}),
      ...(attributes.id ? { id: attributes.id } : {}),
    },
  };
}

function alertKind(quote: Blockquote): CalloutKind | undefined {
  const first = quote.children[0];
  if (first?.type !== 'paragraph') return undefined;
  const text = first.children[0];
  if (text?.type !== 'text') return undefined;
  return ALERT.exec(text.value)?.[1]?.toLowerCase() as CalloutKind | undefined;
}

/** `> [!WARNING]` + text → the same box as `:::warning`. */
function toAlertCallout(quote: Blockquote, kind: CalloutKind, title: string): void {
  const first = quote.children[0] as Paragraph;
  const text = first.children[0] as { value: string };
  text.value = text.value.replace(ALERT, '');
  if (first.children.length === 1 && text.value === '') quote.children.shift();
  else if (text.value === '' && first.children[1]?.type === 'break') first.children.splice(0, 2);
  quote.data = { ...quote.data, hName: 'aside', hProperties: { className: ['callout', `callout-${kind}`] } };
  quote.children.unshift(titleParagraph([{ type: 'text', value: title }]));
}

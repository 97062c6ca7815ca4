// Pandoc's inline extensions that CommonMark leaves as text: heading attributes (`## Title {#id .class}`),
// image and link attributes (`![x](a.png){width=50%}`, `[x](https://…){.uri}`), bracketed spans (`[text]{.smallcaps}`), subscript
// (`H~2~O`) and superscript (`10^3^`). Each scan is linear in the text.
import type { Heading, Image, Link, PhrasingContent, Root, Text } from 'mdast';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';
import { leadingAttributes, parseAttributes, trailingAttributes, type Attributes } from './attributes.js';

// Sub/superscript: no whitespace and no delimiter inside (Pandoc's rule), so each scan stops early.
const SUB_SUP = /~([^\s~]+)~|\^([^\s^[\]]+)\^/g;
const SPAN = /\[([^[\]]+)\]\{([^{}]*)\}/g;
const LENGTH = /^\d+(?:\.\d+)?(?:%|px|cm|mm|in|pt|em)?$/;

export default function remarkPandocInline() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value);
    visit(tree, 'heading', (heading) => {
      headingAttributes(heading);
    });
    // Spans whose text holds code or emphasis (`[\`--opt=\`*FILE*]{#opt}`) run over several nodes.
    visit(tree, (node) => {
      if ('children' in node && node.children.some((c) => c.type === 'text' && c.value.includes(']{')))
        spansOverNodes(node.children as PhrasingContent[]);
    });
    visit(tree, (node, index, parent) => {
      if (!parent || index === undefined) return undefined;
      if (node.type === 'image' || node.type === 'link') {
        const attributes = takeLeadingAttributes(parent.children as PhrasingContent[], index + 1, source);
        if (attributes && node.type === 'image') imageAttributes(node, attributes);
        if (attributes && node.type === 'link') linkAttributes(node, attributes);
        return undefined;
      }
      if (node.type !== 'text') return undefined;
      const parts = splitText(node);
      if (!parts) return undefined;
      parent.children.splice(index, 1, ...(parts as typeof parent.children));
      return [SKIP, index + parts.length];
    });
  };
}

/**
 * `[` in one text node, `]{attrs}` in a later one: the nodes between become one span. Brackets are
 * matched with a stack in one pass over the text nodes (linear), as inline notes are.
 */
function spansOverNodes(children: PhrasingContent[]): void {
  const stack: Array<{ child: number; at: number }> = [];
  const found: Array<{
    open: { child: number; at: number };
    close: { child: number; at: number; length: number };
    attributes: Attributes;
  }> = [];
  children.forEach((child, i) => {
    if (child.type !== 'text') return;
    for (let at = 0; at < child.value.length; at += 1) {
      const char = child.value[at];
      if (char === '[') stack.push({ child: i, at });
      else if (char === ']') {
        const open = stack.pop();
        if (!open || open.child === i || child.value[at + 1] !== '{') continue;
        const end = child.value.indexOf('}', at + 1);
        const attributes = end === -1 ? undefined : parseAttributes(child.value.slice(at + 1, end + 1));
        if (attributes && stack.length === 0)
          found.push({ open, close: { child: i, at, length: end + 1 - at }, attributes });
      }
    }
  });
  for (const { open, close, attributes } of found.reverse()) {
    const first = children[open.child] as Text;
    const last = children[close.child] as Text;
    const inner: PhrasingContent[] = [
      ...textOf(first.value.slice(open.at + 1), first),
      ...children.slice(open.child + 1, close.child),
      ...textOf(last.value.slice(0, close.at), last),
    ];
    const replacement = [
      ...textOf(first.value.slice(0, open.at), first),
      span(inner, attributes),
      ...textOf(last.value.slice(close.at + close.length), last),
    ];
    children.splice(open.child, close.child - open.child + 1, ...replacement);
  }
}

function textOf(value: string, from: Text): Text[] {
  return value === '' ? [] : [{ type: 'text', value, position: from.position }];
}

function headingAttributes(heading: Heading): void {
  const last = heading.children.at(-1);
  if (last?.type !== 'text') return;
  const found = trailingAttributes(last.value);
  if (!found) return;
  last.value = found.before;
  if (last.value === '') heading.children.pop();
  heading.data = {
    ...heading.data,
    explicitId: found.attributes.id,
    hProperties: {
      ...heading.data?.hProperties,
      ...(found.attributes.classes.length ? { className: found.attributes.classes } : {}),
    },
  };
}

/**
 * Pandoc's image attributes: a size (as a style), an id and classes, and an `alt` text of its own
 * (`![](tree.svg){alt="…"}`: described, without a caption, as Pandoc prints it).
 */
function imageAttributes(image: Image, attributes: Attributes): void {
  const style = ['width', 'height']
    .filter((k) => LENGTH.test(attributes.values[k] ?? ''))
    .map((k) => `${k}: ${withUnit(attributes.values[k]!)}`)
    .join('; ');
  image.data = {
    ...image.data,
    hProperties: {
      ...image.data?.hProperties,
      ...(style ? { style } : {}),
      ...idAndClasses(attributes),
      ...(attributes.values.alt?.trim() ? { alt: attributes.values.alt } : {}),
    },
  };
}

/** Pandoc's link_attributes: the id and classes a link may carry (other keys have nothing to do in print). */
function linkAttributes(link: Link, attributes: Attributes): void {
  link.data = { ...link.data, hProperties: { ...link.data?.hProperties, ...idAndClasses(attributes) } };
}

/** The `{…}` that opens the text after an image or a link (`siblings[at]`), taken out of that text. */
function takeLeadingAttributes(siblings: PhrasingContent[], at: number, source: string): Attributes | undefined {
  const next = siblings[at];
  if (next?.type !== 'text' || !next.value.startsWith('{')) return undefined;
  const found = leadingAttributes(next.value);
  if (found) next.value = found.after;
  return found ? found.attributes : attributesOverNodes(siblings, at, source);
}

/**
 * A `{…}` that Markdown read into several nodes before its `}` (`{alt='echo $a and $b'}`: a formula
 * inside; `*` emphasis): read as written, the nodes before the `}` taken out. Pandoc reads the
 * attributes first, as raw text.
 */
function attributesOverNodes(siblings: PhrasingContent[], at: number, source: string): Attributes | undefined {
  let written = '';
  for (let i = at; i < siblings.length; i += 1) {
    const node = siblings[i]!;
    const close = node.type === 'text' ? node.value.indexOf('}') : -1;
    if (close !== -1) {
      const attributes = parseAttributes(written + (node as Text).value.slice(0, close + 1));
      if (!attributes) return undefined;
      (node as Text).value = (node as Text).value.slice(close + 1);
      siblings.splice(at, i - at);
      return attributes;
    }
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (node.type !== 'text' && (start === undefined || end === undefined)) return undefined;
    written += node.type === 'text' ? node.value : source.slice(start, end);
  }
  return undefined;
}

function idAndClasses(attributes: Attributes) {
  return {
    ...(attributes.id ? { id: attributes.id } : {}),
    ...(attributes.classes.length ? { className: attributes.classes } : {}),
  };
}

function withUnit(value: string): string {
  return /\d$/.test(value) ? `${value}px` : value;
}

/** Bracketed spans, then sub- and superscripts, in one text node; undefined when it has none. */
function splitText(text: Text): PhrasingContent[] | undefined {
  const value = text.value;
  if (!value.includes('~') && !value.includes('^') && !value.includes(']{')) return undefined;
  const parts: PhrasingContent[] = [];
  let last = 0;
  const push = (from: number, to: number) => {
    if (to > from) parts.push(...subSup(value.slice(from, to)));
  };
  for (const m of value.matchAll(SPAN)) {
    const attributes = parseAttributes(`{${m[2]}}`);
    if (!attributes) continue;
    push(last, m.index);
    parts.push(span(m[1]!, attributes));
    last = m.index + m[0].length;
  }
  push(last, value.length);
  if (parts.length === 1 && parts[0]!.type === 'text' && parts[0].value === value) return undefined;
  return parts.map((part) => ({ ...part, position: text.position }));
}

function subSup(value: string): PhrasingContent[] {
  const parts: PhrasingContent[] = [];
  let last = 0;
  for (const m of value.matchAll(SUB_SUP)) {
    if (m.index > last) parts.push({ type: 'text', value: value.slice(last, m.index) });
    const tag = m[1] !== undefined ? 'sub' : 'sup';
    parts.push(element(tag, undefined, [{ type: 'text', value: m[1] ?? m[2]! }]));
    last = m.index + m[0].length;
  }
  if (last < value.length) parts.push({ type: 'text', value: value.slice(last) });
  return parts;
}

function span(content: string | PhrasingContent[], attributes: Attributes): PhrasingContent {
  return element('span', attributes, typeof content === 'string' ? subSup(content) : content);
}

/** An emphasis-like node that remark-rehype turns into `<tag>` (mdast has no sub, sup or span). */
function element(tag: string, attributes: Attributes | undefined, children: PhrasingContent[]): PhrasingContent {
  return {
    type: 'emphasis',
    children,
    data: {
      hName: tag,
      hProperties: {
        ...(attributes?.id ? { id: attributes.id } : {}),
        ...(attributes?.classes.length ? { className: attributes.classes } : {}),
      },
    },
  };
}

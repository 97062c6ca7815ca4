// Raw HTML: a safe subset is kept (what Markdown cannot say: sub, sup, br, anchors, spans and divs
// with classes, kbd, mark, abbr, details, tables with merged cells …); everything else — scripts,
// styles, event handlers, iframes, images and other resources, unsafe URLs — is an error at its
// position and is left out. Each raw node is parsed as HTML and every element and attribute checked
// against the allowlist (the check is the sanitiser: nothing it did not see reaches rehype-raw).
// HTML comments are editors' notes and are dropped.
import type { Html, Nodes, Root } from 'mdast';
import type { Element } from 'hast';
import type { VFile } from 'vfile';
import { fromHtml } from 'hast-util-from-html';
import { SKIP, visit } from 'unist-util-visit';
import { report } from './data.js';
import { schemeOf } from './remark-links.js';
import { RULES } from '../rules.js';
import { imagesAsMarkdown } from './raw-html-images.js';
import { pointsIn } from '../positions.js';

// Each comment on its own: `<!-- a --><script>…</script><!-- b -->` is a script between two comments.
// `--!>` also ends a comment in browsers; an unclosed `<!--` runs to the end of the node.
const COMMENTS = /<!--[\s\S]*?(?:--!?>|$)/g;

const GLOBAL_ATTRIBUTES = ['id', 'className', 'lang', 'dir', 'title'];
/** Allowed elements and the attributes (hast property names) each may have besides the global ones. */
const ALLOWED: Record<string, string[]> = Object.fromEntries(
  Object.entries({
    // rel: what the link is to the page (`rel="license"`, as Creative Commons' badge writes it).
    a: ['href', 'name', 'rel'],
    'abbr b bdi bdo br cite code dfn div em i kbd mark p pre q s samp small span strong sub sup u var wbr': [],
    'blockquote del ins': ['cite'],
    'caption figure figcaption hr dl dt dd ul li thead tbody tfoot tr': [],
    details: ['open'],
    summary: [],
    ol: ['start', 'reversed', 'type'],
    table: [],
    'col colgroup': ['span'],
    'td th': ['colSpan', 'rowSpan', 'headers', 'scope', 'align'],
    time: ['dateTime'],
    'h3 h4 h5 h6': [],
  }).flatMap(([tags, attributes]) => tags.split(' ').map((tag) => [tag, attributes])),
);
const LINK_SCHEMES = new Set(['http', 'https', 'mailto']);

export default function remarkRawHtml() {
  return (tree: Root, file: VFile) => {
    // The closing tag of an element already reported (`</script>` after `<script>`) is not reported again.
    const reported = new WeakMap<object, Set<string>>();
    const point = pointsIn(String(file.value));
    visit(tree, 'html', (node, index, parent) => {
      const read =
        parent && index !== undefined
          ? imagesAsMarkdown(node, { inline: !FLOW.has(parent.type), allowed: allowedBut, point })
          : undefined;
      if (read && parent && index !== undefined) {
        const layout = layoutAttributes(node.value);
        if (layout.size > 0) leftOut(file, node, layout);
        (parent.children as Nodes[]).splice(index, 1, ...read);
        return [SKIP, index + read.length];
      }
      if (dropStyles(node, file)) return undefined;
      const problem = problemOf(node);
      const seen = parent ? (reported.get(parent) ?? new Set<string>()) : new Set<string>();
      if (parent) reported.set(parent, seen);
      if (problem === 'comment' || problem) {
        const tag = /^<\/?([a-z][\w-]*)/.exec(problem)?.[1];
        const again = problem.startsWith('</') && tag !== undefined && seen.has(tag);
        if (tag) seen.add(tag);
        if (problem !== 'comment' && !again) {
          report(file, node, `raw HTML ${problem} is not allowed in content`, RULES.rawHtml, fixFor(problem));
        }
        if (parent && index !== undefined) {
          parent.children.splice(index, 1);
          return [SKIP, index];
        }
      }
      return undefined;
    });
  };
}

// What a README writes for layout, left to the templates: kept elements lose it with a warning.
const PRESENTATION = /\s(style|align|width|height)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi;
const LAYOUT_PROPERTIES = ['style', 'align', 'width', 'height'];
/** Where raw HTML stands as blocks; anywhere else it is inline. */
const FLOW = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition', 'containerDirective']);

/** An element allowed once its layout attributes are left out. */
function allowedBut(element: Element): boolean {
  const properties = Object.fromEntries(
    Object.entries(element.properties).filter(([name]) => !LAYOUT_PROPERTIES.includes(name)),
  );
  return elementProblem({ ...element, properties }) === undefined;
}

/**
 * A `style=` (or a README's `align=`, `width=`) is what real documents put on otherwise allowed HTML
 * (`<code style="white-space: nowrap">`, `<p align="center">`): the attribute is dropped with a warning
 * and the element kept, instead of refusing the build. True when that is all the node needed.
 */
function dropStyles(node: Html, file: VFile): boolean {
  const names = layoutAttributes(node.value);
  if (names.size === 0 || !/ with an? (?:style|align|width|height) attribute$/.test(problemOf(node) ?? '')) {
    return false;
  }
  const without = { ...node, value: node.value.replace(PRESENTATION, '') };
  if (problemOf(without) !== undefined) return false;
  leftOut(file, node, names);
  node.value = without.value;
  return true;
}

/** The layout attributes written in raw HTML, by name. */
function layoutAttributes(html: string): Set<string> {
  return new Set([...html.matchAll(PRESENTATION)].map((m) => m[1]!.toLowerCase()));
}

function leftOut(file: VFile, node: Html, names: Set<string>): void {
  const styleOnly = names.size === 1 && names.has('style');
  report(
    file,
    node,
    styleOnly
      ? 'raw HTML with a style attribute: the style is left out (the templates style the edition)'
      : `raw HTML with ${[...names].map((n) => `${n}=`).join(' and ')}: left out (the templates lay out the edition)`,
    RULES.rawHtmlStyle,
    'give the element a class instead (`<span class="…">`), styled by the templates',
  );
}

/** Why a raw node is refused, 'comment' when it holds only comments, undefined when it is kept. */
function problemOf(node: Html): string | undefined {
  const html = node.value.replace(COMMENTS, '');
  if (html.trim() === '') return 'comment';
  const closing = /^\s*<\/\s*([a-zA-Z][\w-]*)\s*>\s*$/.exec(html)?.[1]?.toLowerCase();
  if (closing) return closing in ALLOWED ? undefined : `</${closing}>`;
  let problem: string | undefined;
  visit(fromHtml(html, { fragment: true }), 'element', (element) => {
    problem ??= elementProblem(element);
  });
  return problem;
}

function elementProblem(element: Element): string | undefined {
  const tag = element.tagName;
  const names = Object.keys(element.properties);
  // The most telling problem first: a handler or an unsafe URL, then the element, then an attribute.
  const handler = names.find((name) => /^on[a-z]/i.test(name));
  if (handler) return `<${tag}> with an event handler (${handler.toLowerCase()}=)`;
  for (const name of ['href', 'src', 'action', 'formAction', 'data']) {
    const value = element.properties[name];
    const scheme = typeof value === 'string' ? schemeOf(value) : undefined;
    if (scheme && !LINK_SCHEMES.has(scheme)) return `<${tag}> with a ${scheme}: URL`;
  }
  const allowed = ALLOWED[tag];
  if (!allowed) return `<${tag}>`;
  const other = names.find((name) => !GLOBAL_ATTRIBUTES.includes(name) && !allowed.includes(name));
  if (!other) return undefined;
  const name = attributeName(other);
  return `<${tag}> with ${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name} attribute`;
}

function attributeName(property: string): string {
  return property.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function fixFor(problem: string): string {
  if (problem.includes(' style attribute'))
    return 'give it a class instead (`<span class="…">`), styled by the templates';
  return 'write it as Markdown, or escape the `<` as `\\<`';
}

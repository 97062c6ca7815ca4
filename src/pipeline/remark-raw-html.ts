// Raw HTML: a safe subset is kept (what Markdown cannot say: sub, sup, br, anchors, spans and divs
// with classes, kbd, mark, abbr, details, tables with merged cells …); everything else — scripts,
// styles, event handlers, iframes, images and other resources, unsafe URLs — is an error at its
// position and is left out. Each raw node is parsed as HTML and every element and attribute checked
// against the allowlist (the check is the sanitiser: nothing it did not see reaches rehype-raw).
// HTML comments are editors' notes and are dropped.
import type { Html, Root } from 'mdast';
import type { Element } from 'hast';
import type { VFile } from 'vfile';
import { fromHtml } from 'hast-util-from-html';
import { SKIP, visit } from 'unist-util-visit';
import { report } from './data.js';
import { schemeOf } from './remark-links.js';
import { RULES } from '../rules.js';

// Each comment on its own: `<!-- a --><script>…</script><!-- b -->` is a script between two comments.
// `--!>` also ends a comment in browsers; an unclosed `<!--` runs to the end of the node.
const COMMENTS = /<!--[\s\S]*?(?:--!?>|$)/g;

const GLOBAL_ATTRIBUTES = ['id', 'className', 'lang', 'dir', 'title'];
/** Allowed elements and the attributes (hast property names) each may have besides the global ones. */
const ALLOWED: Record<string, string[]> = Object.fromEntries(
  Object.entries({
    a: ['href', 'name'],
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
    visit(tree, 'html', (node, index, parent) => {
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

const STYLE_ATTRIBUTE = /\sstyle\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi;

/**
 * A `style=` is the one thing real documents put on otherwise allowed HTML (`<code style="white-space:
 * nowrap">`): the attribute is dropped with a warning and the element kept, instead of refusing the
 * build. True when that is all the node needed.
 */
function dropStyles(node: Html, file: VFile): boolean {
  if (!/\sstyle\s*=/i.test(node.value) || !problemOf(node)?.endsWith('with a style attribute')) return false;
  const without = { ...node, value: node.value.replace(STYLE_ATTRIBUTE, '') };
  if (problemOf(without) !== undefined) return false;
  report(
    file,
    node,
    'raw HTML with a style attribute: the style is left out (the templates style the edition)',
    RULES.rawHtmlStyle,
    'give the element a class instead (`<span class="…">`), styled by the templates',
  );
  node.value = without.value;
  return true;
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
  return other ? `<${tag}> with a ${attributeName(other)} attribute` : undefined;
}

function attributeName(property: string): string {
  return property.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function fixFor(problem: string): string {
  if (problem.includes(' style attribute'))
    return 'give it a class instead (`<span class="…">`), styled by the templates';
  return 'write it as Markdown, or escape the `<` as `\\<`';
}

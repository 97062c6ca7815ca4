// MyST roles, `{name}` right before inline code (`` {cite}`key` ``), and targets, `(label)=` on the
// line before a heading, → Briefing's own nodes: citations become the `[@a; @b]` or `@a` text that
// remark-references.ts reads; `ref`, `numref` and `eq` cross-references (a label without Briefing's
// prefix gets the one its directive gave it in this file, else `sec-`, `fig-`, `eq-` by the role);
// `doc` a link to that chapter; `math` inline math; `sub`, `sup`, `abbr`, `kbd` their elements; a few
// roles their text; any other role its text, with a warning.
import type { Heading, Parent, PhrasingContent, Root, RootContent, Text } from 'mdast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { report } from './data.js';
import { RULES } from '../rules.js';
import { labelKind } from './at-references.js';
import { pointsIn } from '../positions.js';
import type { Node } from 'unist';

const ROLE = /\{([A-Za-z][\w:+.-]*)\}$/;
/** A MyST label as a link's address: no scheme a browser knows, no path, no anchor. */
const LABEL = /^(?!(?:https?|mailto|ftp|file|data):)[\w:-]+$/;
const TARGET = /^\(([^()\s]+)\)=$/;
/** `text <target>`: the text shown and what it points to. */
const EXPLICIT = /^([\s\S]*?)\s*<([^<>]+)>$/;
const SPHINX_PAGES = new Set(['genindex', 'modindex', 'search', 'py-modindex']);
const PLAIN = new Set(['term', 'download', 'guilabel', 'menuselection', 'program', 'dfn', 'index', 'doi']);
const LITERAL = new Set(['code', 'literal', 'samp', 'file', 'command', 'envvar', 'option', 'regexp']);

type Role = (text: string, file: VFile) => PhrasingContent[];

const ROLES: Record<string, Role> = {
  cite: (text) => cite(text, false),
  'cite:p': (text) => cite(text, false),
  'cite:ps': (text) => cite(text, false),
  'cite:t': (text) => cite(text, true),
  'cite:ts': (text) => cite(text, true),
  ref: (text, file) => crossref(text, file, 'sec'),
  numref: (text, file) => crossref(text, file, 'fig'),
  eq: (text, file) => [plain(`([-@${labelFor(text, file, 'eq')}])`)],
  doc: (text) => [doc(text)],
  math: (text) => [inlineMath(text)],
  sub: (text) => [element('sub', text)],
  sup: (text) => [element('sup', text)],
  kbd: (text) => [element('kbd', text)],
  abbr: (text) => [abbr(text)],
};

export default function remarkMystRoles() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value);
    if (!source.includes('{') && !source.includes(')=') && !source.includes('](')) return;
    const pointAt = pointsIn(source);
    readTargets(tree, file, source);
    labelLinks(tree, file);
    visit(tree, 'inlineCode', (node, index, parent) => {
      const start = node.position?.start.offset;
      if (!parent || index === undefined || start === undefined) return undefined;
      // Read from the source: the parser may have cut `{cite:p}` into text and a `:p` directive.
      const name = ROLE.exec(source.slice(Math.max(0, start - 40), start))?.[1];
      if (!name) return undefined;
      const from = start - name.length - 2;
      const at = cutBefore(parent, index, from);
      const place = { type: 'role', position: { start: pointAt(from), end: node.position!.end } };
      const made = role(name, node.value, file, place);
      for (const part of made) part.position ??= node.position;
      parent.children.splice(at, 1, ...(made as typeof parent.children)); // the code is at `at` now
      return at + made.length;
    });
  };
}

/** The siblings before `index` that stand from `from` on, taken out (a text cut there): the new index. */
function cutBefore(parent: Parent, index: number, from: number): number {
  let at = index;
  while (at > 0) {
    const before = parent.children[at - 1]!;
    const start = before.position?.start.offset;
    if (start === undefined) break;
    if (start >= from) at -= 1;
    else {
      if (before.type === 'text') before.value = before.value.slice(0, from - start);
      break;
    }
  }
  parent.children.splice(at, index - at);
  return at;
}

function role(name: string, text: string, file: VFile, node: Node): PhrasingContent[] {
  const known = ROLES[name];
  if (known) return known(text, file);
  if (PLAIN.has(name)) return [plain(EXPLICIT.exec(text)?.[1] || text)];
  if (LITERAL.has(name)) return [{ type: 'inlineCode', value: text }];
  report(
    file,
    node,
    `MyST role \`{${name}}\` is not read: its text is printed as plain text`,
    RULES.mystRole,
    'write it as Markdown, or use a role Briefing reads (`cite`, `ref`, `numref`, `eq`, `doc`, `math`, `sub`, `sup`, `abbr`)',
  );
  return [plain(text)];
}

/** `{cite}`a,b`` → `[@a; @b]`; `{cite:t}` → `@a, @b` (in the running text). */
function cite(text: string, inText: boolean): PhrasingContent[] {
  const keys = text
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
  const value = inText ? keys.map((key) => `@${key}`).join(', ') : `[${keys.map((key) => `@${key}`).join('; ')}]`;
  return [plain(value)];
}

/** `{ref}`label`` → `@sec-label`; `{ref}`text <label>`` → a link with that text. */
function crossref(text: string, file: VFile, prefix: string): PhrasingContent[] {
  const explicit = EXPLICIT.exec(text);
  // Sphinx's own pages (the index, the search page): the edition has none; their words stay.
  if (SPHINX_PAGES.has((explicit?.[2] ?? text).trim())) return [plain(explicit?.[1] || text)];
  if (explicit?.[1] && !explicit[1].includes('%s') && !explicit[1].includes('{number}')) {
    const url = `#${labelFor(explicit[2]!, file, prefix)}`;
    return [{ type: 'link', url, children: [plain(explicit[1])] }];
  }
  return [plain(`@${labelFor(explicit?.[2] ?? text, file, prefix)}`)];
}

/** The Briefing label a MyST label became: its directive's in this file, else `prefix-label`. */
function labelFor(label: string, file: VFile, prefix: string): string {
  const key = label.trim();
  return file.data.mystLabels?.get(key) ?? (labelKind(key) ? key : `${prefix}-${key}`);
}

/** `{doc}`chapter`` or `{doc}`text <chapter>`` → a link to `chapter.md`. */
function doc(text: string): PhrasingContent {
  const explicit = EXPLICIT.exec(text);
  const target = (explicit?.[2] ?? text).trim();
  const url = /\.\w+$/.test(target) ? target : `${target}.md`;
  const shown = explicit?.[1] || target.split('/').pop()!;
  return { type: 'link', url: url.replace(/^\//, ''), children: [plain(shown)] };
}

/** `{abbr}`HTML (HyperText Markup Language)`` → <abbr title="…">HTML</abbr>. */
function abbr(text: string): PhrasingContent {
  const parts = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(text);
  if (!parts) return plain(text);
  return { ...element('abbr', parts[1]!), data: { hName: 'abbr', hProperties: { title: parts[2]! } } };
}

function inlineMath(value: string): PhrasingContent {
  return {
    type: 'inlineMath',
    value,
    data: {
      hName: 'code',
      hProperties: { className: ['language-math', 'math-inline'] },
      hChildren: [{ type: 'text', value }],
    },
  };
}

/** An emphasis-like node remark-rehype turns into `<tag>` (as remark-pandoc-inline.ts makes sub and sup). */
function element(tag: string, value: string): PhrasingContent {
  return { type: 'emphasis', children: [plain(value)], data: { hName: tag } };
}

function plain(value: string): Text {
  return { type: 'text', value };
}

/** `(label)=` alone before a heading → that heading's id (`sec-label`), recorded for `{ref}`. */
function readTargets(tree: Root, file: VFile, source: string): void {
  visit(tree, 'paragraph', (node, index, parent) => {
    const { start, end } = node.position ?? {};
    const label = TARGET.exec(source.slice(start?.offset ?? 0, end?.offset ?? 0).trim())?.[1];
    if (!label || !parent || index === undefined) return undefined;
    const next: RootContent | undefined = (parent as Parent).children[index + 1];
    const id = labelKind(label) ? label : `sec-${label}`;
    (file.data.mystLabels ??= new Map()).set(label, id);
    if (next?.type === 'heading') setId(next, id);
    (parent as Parent).children.splice(index, 1);
    return index;
  });
}

/**
 * MyST's `[text](label)` to a label of this file → a link to its id; `[](label)`, which Sphinx fills
 * with the label's title, → a cross-reference as `{ref}` makes (never an empty link, printed as nothing).
 */
function labelLinks(tree: Root, file: VFile): void {
  const labels = file.data.mystLabels;
  visit(tree, 'link', (link, index, parent) => {
    const id = labels?.get(link.url);
    const label = LABEL.test(link.url) && !SPHINX_PAGES.has(link.url);
    if (link.children.length > 0 || !parent || index === undefined || !label) {
      if (id) link.url = `#${id}`;
      return undefined;
    }
    parent.children.splice(index, 1, { ...plain(`@${labelFor(link.url, file, 'sec')}`), position: link.position });
    return undefined;
  });
}

function setId(heading: Heading, id: string): void {
  if (heading.data?.explicitId) return;
  heading.data = { ...heading.data, explicitId: id, hProperties: { ...heading.data?.hProperties, id } };
}

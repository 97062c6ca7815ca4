// The web edition's last pass: whatever reached the page — a font name that closes </style>, a value a
// template writes unescaped, a node a plugin got wrong — only elements and attributes of our schema
// survive (what the pipeline and the shipped templates make, MathML core, accessibility attributes), no
// event handler, no javascript: address, no <script> but the templates' own literal ones. The CSP is
// then built from those scripts, never from whatever the page holds.
//
// Speed: the chapters are sanitized as trees (no parsing), and the page is parsed with them and the
// stylesheets cut out (1 MB of fonts, ~150 kB of text): each goes back in at a marker with a per-render
// random name, accepted only where it belongs (stylesheets inside <style>, chapters in the page's text).
import { createHash, randomBytes } from 'node:crypto';
import type { Element, Nodes, Root } from 'hast';
import type { Raw } from 'mdast-util-to-hast';
import { fromHtml } from 'hast-util-from-html';
import { sanitize, type Schema } from 'hast-util-sanitize';
import { toHtml } from 'hast-util-to-html';
import { visit, SKIP } from 'unist-util-visit';
import { BriefingError } from '../messages.js';
import { RULES } from '../rules.js';

/** The web edition's policy; script-src is added from the templates' own scripts. */
export const BASE_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'font-src data:',
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
];

const ARIA = [
  'ariaActiveDescendant', 'ariaAtomic', 'ariaAutoComplete', 'ariaBusy', 'ariaChecked', 'ariaColCount',
  'ariaColIndex', 'ariaColSpan', 'ariaControls', 'ariaCurrent', 'ariaDescribedBy', 'ariaDescription',
  'ariaDetails', 'ariaDisabled', 'ariaErrorMessage', 'ariaExpanded', 'ariaFlowTo', 'ariaHasPopup',
  'ariaHidden', 'ariaInvalid', 'ariaKeyShortcuts', 'ariaLabel', 'ariaLabelledBy', 'ariaLevel', 'ariaLive',
  'ariaModal', 'ariaMultiLine', 'ariaMultiSelectable', 'ariaOrientation', 'ariaOwns', 'ariaPlaceholder',
  'ariaPosInSet', 'ariaPressed', 'ariaReadOnly', 'ariaRelevant', 'ariaRequired', 'ariaRoleDescription',
  'ariaRowCount', 'ariaRowIndex', 'ariaRowSpan', 'ariaSelected', 'ariaSetSize', 'ariaSort', 'ariaValueMax',
  'ariaValueMin', 'ariaValueNow', 'ariaValueText',
]; // prettier-ignore

const MATHML = [
  'math', 'semantics', 'annotation', 'annotation-xml', 'mi', 'mn', 'mo', 'ms', 'mspace', 'mtext', 'mrow',
  'mfrac', 'msqrt', 'mroot', 'mstyle', 'merror', 'mpadded', 'mphantom', 'msub', 'msup', 'msubsup', 'munder',
  'mover', 'munderover', 'mmultiscripts', 'mprescripts', 'none', 'mtable', 'mtr', 'mtd',
]; // prettier-ignore

const BODY_TAGS = [
  'a', 'abbr', 'address', 'article', 'aside', 'b', 'bdi', 'bdo', 'blockquote', 'br', 'caption', 'cite',
  'code', 'col', 'colgroup', 'data', 'dd', 'del', 'details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption',
  'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'i', 'img', 'input',
  'ins', 'kbd', 'li', 'main', 'mark', 'nav', 'ol', 'p', 'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp',
  'section', 'small', 'span', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th',
  'thead', 'time', 'tr', 'u', 'ul', 'var', 'wbr', ...MATHML,
]; // prettier-ignore

const MATH_ATTRIBUTES = [
  'display', 'displaystyle', 'scriptlevel', 'mathvariant', 'mathbackground', 'mathcolor', 'mathsize',
  'stretchy', 'fence', 'separator', 'lspace', 'rspace', 'movablelimits', 'accent', 'accentunder', 'largeop',
  'symmetric', 'minsize', 'maxsize', 'linethickness', 'width', 'height', 'depth', 'voffset', 'columnalign',
  'rowalign', 'columnspan', 'rowspan', 'columnlines', 'rowlines', 'encoding', 'alttext', 'xmlns', 'form',
]; // prettier-ignore

/** Chapters: flow content only (no script, style or document elements). */
const BODY_SCHEMA: Schema = {
  tagNames: BODY_TAGS,
  attributes: {
    '*': [
      'className',
      'id',
      'lang',
      'dir',
      'title',
      'role',
      'hidden',
      'tabIndex',
      'translate',
      'style',
      'data*',
      ...ARIA,
    ],
    a: ['href', 'name', 'rel', 'hrefLang', 'download', 'type'],
    img: ['src', 'alt', 'width', 'height', 'loading', 'decoding'],
    ol: ['start', 'reversed', 'type'],
    li: ['value'],
    td: ['colSpan', 'rowSpan', 'align', 'headers'],
    th: ['colSpan', 'rowSpan', 'align', 'headers', 'scope', 'abbr'],
    col: ['span'],
    colgroup: ['span'],
    time: ['dateTime'],
    data: ['value'],
    del: ['cite', 'dateTime'],
    ins: ['cite', 'dateTime'],
    blockquote: ['cite'],
    q: ['cite'],
    details: ['open', 'name'],
    input: [['type', 'checkbox'], 'checked', 'disabled'],
    ...Object.fromEntries(MATHML.map((tag) => [tag, MATH_ATTRIBUTES])),
  },
  protocols: {
    // file: links are kept (a warning in the pipeline, briefing:file-link): a browser will not follow one.
    href: ['http', 'https', 'mailto', 'tel', 'file'],
    src: ['data'],
    cite: ['http', 'https'],
  },
  clobber: [],
  clobberPrefix: '',
  required: {},
  ancestors: {},
  strip: ['script', 'style', 'template', 'iframe', 'object', 'embed', 'noscript', 'textarea', 'title', 'xmp'],
};

/** The page around the chapters: the document, its head, the templates' scripts. */
const PAGE_SCHEMA: Schema = {
  ...BODY_SCHEMA,
  allowDoctypes: true,
  tagNames: [...BODY_TAGS, 'html', 'head', 'body', 'title', 'meta', 'style', 'script'],
  attributes: {
    ...BODY_SCHEMA.attributes,
    meta: ['charSet', 'name', 'content', 'httpEquiv'],
    script: ['type', 'id'],
    style: ['media'],
  },
  ancestors: { title: ['head'], meta: ['head'] },
  strip: ['template', 'iframe', 'object', 'embed', 'noscript', 'textarea', 'xmp'],
};

/** Is the element (or its attribute, a hast property name) one the web edition keeps? */
export function inPageSchema(tagName: string, property?: string): boolean {
  if (!PAGE_SCHEMA.tagNames!.includes(tagName)) return false;
  if (property === undefined) return true;
  const allowed = [...(PAGE_SCHEMA.attributes!['*'] ?? []), ...(PAGE_SCHEMA.attributes![tagName] ?? [])];
  if (allowed.includes('data*') && /^data[A-Z0-9]/.test(property)) return true;
  return allowed.some((entry) => (Array.isArray(entry) ? entry[0] : entry) === property);
}

/** One chapter's tree as it may go into the web edition. */
export function sanitizeChapter(tree: Root): Root {
  return sanitize(tree, BODY_SCHEMA) as Root;
}

const JS_TYPES = /^(?:|module|text\/javascript|application\/javascript)$/i;
const DATA_TYPES = /^application\/(?:ld\+)?json$/i;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The literal inline scripts of the template files (no {{…}} in them): the only ones the page may run. */
export function templateScripts(sources: Iterable<string>): Set<string> {
  const scripts = new Set<string>();
  for (const text of sources) {
    for (const [, attributes = '', body = ''] of text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
      if (/\bsrc\s*=/i.test(attributes) || body.includes('{{')) continue;
      const type = /\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attributes);
      if (JS_TYPES.test((type?.[1] ?? type?.[2] ?? type?.[3] ?? '').trim())) scripts.add(body);
    }
  }
  return scripts;
}

/** Markers for the parts cut out of the page before it is parsed, unguessable per render. */
export class Fragments {
  private readonly prefix = `briefing-${randomBytes(9).toString('hex')}-`;
  private readonly parts: Array<{ text: string | ((page: string) => string); where: 'style' | 'text' }> = [];

  /**
   * A marker for `text`, which goes back in only inside a <style> (stylesheets) or in the page's text
   * (chapters). A function is given the page with every other part in (the fonts, pruned to its characters).
   */
  add(text: string | ((page: string) => string), where: 'style' | 'text'): string {
    this.parts.push({ text, where });
    return `${this.prefix}${this.parts.length - 1}`;
  }

  get pattern(): RegExp {
    return new RegExp(`${this.prefix}(\\d+)`, 'g');
  }

  where(index: number): 'style' | 'text' | undefined {
    return this.parts[index]?.where;
  }

  /** Where each part goes, in order (what the markers' check depends on). */
  get wheres(): Array<'style' | 'text'> {
    return this.parts.map((p) => p.where);
  }

  /** `html` cut at this render's markers: the same pieces, whatever the random prefix (see join). */
  split(html: string): string[] {
    return html.split(this.prefix);
  }

  /** Pieces cut by `split` (of this render or another) joined at this render's markers. */
  join(pieces: readonly string[]): string {
    return pieces.join(this.prefix);
  }

  /** Every marker replaced by its part; a stylesheet can never close its <style>. */
  splice(html: string): string {
    const put = (page: string, lazy: boolean) =>
      page.replace(this.pattern, (marker, index: string) => {
        const part = this.parts[Number(index)]!;
        if ((typeof part.text === 'function') !== lazy) return marker;
        const text = typeof part.text === 'function' ? part.text(page) : part.text;
        return part.where === 'style' ? text.replace(/<\/(style)/gi, '<\\/$1') : text;
      });
    return put(put(html, false), true);
  }
}

/**
 * The web edition's page, sanitized: parsed (with the parts cut out at `fragments`' markers), scripts kept
 * only when they are the templates' own, the CSP set to Briefing's policy with their hashes, and the
 * parts put back. `file` names the layout for a marker in the wrong place (a template's mistake).
 */
export function sanitizePage(page: string, scripts: ReadonlySet<string>, fragments: Fragments, file: string): string {
  return fragments.splice(sanitizeSkeleton(page, scripts, fragments, file));
}

/** sanitizePage without the parts put back: the page around them, its markers where they stand. */
export function sanitizeSkeleton(
  page: string,
  scripts: ReadonlySet<string>,
  fragments: Fragments,
  file: string,
): string {
  const tree = fromHtml(page);
  const kept: string[] = [];
  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName !== 'script' || !parent || index === undefined) return;
    const type = String(node.properties.type ?? '').trim();
    const body = node.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
    const runs = JS_TYPES.test(type);
    const own = runs && node.properties.src === undefined && scripts.has(body);
    if (own) kept.push(body);
    if (own || (DATA_TYPES.test(type) && node.properties.src === undefined)) return SKIP;
    parent.children.splice(index, 1);
    return index;
  });
  setPolicy(tree, kept);
  const clean = sanitize(tree, PAGE_SCHEMA) as Root;
  checkMarkers(clean, fragments, file);
  keepLayoutLines(clean);
  escapeTextAsHandlebars(clean);
  // Attribute values are double-quoted with `"` and `&` escaped: nothing else needs a reference.
  return toHtml(clean, { upperDoctype: true, allowDangerousCharacters: true, allowDangerousHtml: true });
}

/**
 * Every http-equiv header of the page removed, and Briefing's CSP put where the template had its own
 * (else right after <meta charset>).
 */
function setPolicy(tree: Root, scripts: string[]): void {
  const hashes = [...new Set(scripts.map(sha256))];
  const content = [...BASE_CSP, `script-src ${hashes.length > 0 ? hashes.join(' ') : "'none'"}`].join('; ');
  const policy: Element = {
    type: 'element',
    tagName: 'meta',
    properties: { httpEquiv: ['Content-Security-Policy'], content },
    children: [],
  };
  let head: Element | undefined;
  let placed = false;
  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName === 'head') head = node;
    if (node.tagName !== 'meta' || node.properties.httpEquiv === undefined || !parent || index === undefined) return;
    if (!placed && parent === head) {
      parent.children[index] = policy;
      placed = true;
      return SKIP;
    }
    parent.children.splice(index, 1);
    return index;
  });
  if (!head || placed) return;
  const charset = head.children.findIndex((c) => c.type === 'element' && c.properties.charSet !== undefined);
  head.children.splice(charset + 1, 0, { type: 'text', value: '\n' }, policy);
}

/**
 * The line breaks the parser leaves out (around <html>, after </body>) put back where templates/layout.hbs
 * has them, so the page reads as the template wrote it.
 */
function keepLayoutLines(tree: Root): void {
  const html = tree.children.find((c): c is Element => c.type === 'element' && c.tagName === 'html');
  const body = html?.children.find((c): c is Element => c.type === 'element' && c.tagName === 'body');
  if (!html || !body) return;
  while (body.children.at(-1)?.type === 'text' && /^\s*$/.test((body.children.at(-1) as { value: string }).value))
    body.children.pop();
  body.children.push({ type: 'text', value: '\n' });
  html.children.unshift({ type: 'text', value: '\n' });
  html.children.push({ type: 'text', value: '\n' });
  tree.children.splice(tree.children.indexOf(html), 0, { type: 'text', value: '\n' });
  tree.children.push({ type: 'text', value: '\n' });
}

const HANDLEBARS_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '`': '&#x60;',
  '=': '&#x3D;',
};

/**
 * Text is written escaped as Handlebars escaped it (`>` too, where hast-util-to-html would leave it), so
 * the sanitized page keeps the template's bytes. The text becomes `raw` nodes for that: the tree is
 * sanitized already, and only text outside <script> and <style> is touched.
 */
function escapeTextAsHandlebars(tree: Root): void {
  visit(tree, 'text', (node, index, parent) => {
    if (!parent || index === undefined) return;
    if (parent.type === 'element' && (parent.tagName === 'script' || parent.tagName === 'style')) return;
    const value = node.value.replace(/[&<>"'`=]/g, (c) => HANDLEBARS_ESCAPES[c]!);
    const raw: Raw = { type: 'raw', value };
    parent.children[index] = raw;
  });
}

/** A marker stands where its part belongs, or the template put {{{css}}} / {{{html}}} somewhere unsafe. */
function checkMarkers(tree: Root, fragments: Fragments, file: string): void {
  const misplaced = (what: string) =>
    new BriefingError({
      file,
      severity: 'error',
      message: `the template writes ${what} where it does not belong: stylesheets ({{{css}}}, {{{fontsCss}}}) go inside <style>, chapters ({{{html}}}, {{{preface}}}) in the page's text, never in an attribute or a <script>`,
      rule: RULES.templateScript.id,
      fix: 'move the {{{ }}} expression back to where templates/layout.hbs has it',
    });
  visit(tree, (node: Nodes, _index, parent) => {
    if (node.type === 'element') {
      for (const value of Object.values(node.properties))
        if (fragments.pattern.test(String(value))) throw misplaced('a stylesheet or a chapter into an attribute');
      return;
    }
    if (node.type !== 'text') return;
    const context = parent?.type === 'element' ? parent.tagName : '';
    for (const match of node.value.matchAll(fragments.pattern)) {
      const where = fragments.where(Number(match[1]));
      const ok =
        where === 'style' ? context === 'style' : context !== 'style' && context !== 'script' && context !== 'title';
      if (!ok)
        throw misplaced(
          where === 'style' ? `a stylesheet inside <${context || 'body'}>` : `a chapter inside <${context}>`,
        );
    }
  });
}

// Phrasing content (text, emphasis, code, sub/superscripts, links, math, note references, images in
// a line) → Word runs. Internal links become hyperlinks to bookmarks named by DocxContext.bookmark.
import type { Element, ElementContent } from 'hast';
import {
  Bookmark,
  ExternalHyperlink,
  InternalHyperlink,
  PageReference,
  TextRun,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import { whereOf, type DocxContext, type Where } from './context.js';
import { hasClass } from '../hast-classes.js';
import { STYLE } from './styles.js';
import { inlineMath } from './math.js';
import { imageRun } from './images.js';
import { RULES } from '../rules.js';

export type RunFormat = Omit<IRunOptions, 'text' | 'children' | 'break'>;

/** What converting phrasing needs besides the context: the notes (they convert blocks themselves). */
export interface InlineEnv {
  ctx: DocxContext;
  /** A note reference (`sup.note-ref`) → its Word footnote or endnote, or a link to a source. */
  noteReference(sup: Element, where: Where, format: RunFormat): ParagraphChild[];
  /** Inside a note or a hyperlink's text: no notes, no nested links. */
  inNote: boolean;
  /** Line blocks and code keep their spaces and line ends. */
  preformatted?: boolean;
}

const MARKS: Record<string, RunFormat> = {
  strong: { bold: true },
  b: { bold: true },
  em: { italics: true },
  i: { italics: true },
  dfn: { italics: true },
  cite: { italics: true },
  var: { italics: true },
  sub: { subScript: true },
  sup: { superScript: true },
  s: { strike: true },
  del: { strike: true },
  strike: { strike: true },
  u: { underline: {} },
  ins: { underline: {} },
  mark: { highlight: 'yellow' },
  code: { style: STYLE.inlineCode },
  kbd: { style: STYLE.inlineCode },
  samp: { style: STYLE.inlineCode },
  tt: { style: STYLE.inlineCode },
};

/** Elements whose text is read as it is, without formatting of their own. */
const TRANSPARENT = new Set(['span', 'abbr', 'small', 'bdi', 'bdo', 'q', 'time', 'data', 'label', 'font']);

export function inlines(
  nodes: readonly ElementContent[],
  env: InlineEnv,
  where: Where,
  format: RunFormat = {},
): ParagraphChild[] {
  return nodes.flatMap((node) => inline(node, env, where, format));
}

function inline(node: ElementContent, env: InlineEnv, around: Where, format: RunFormat): ParagraphChild[] {
  if (node.type === 'comment') return [];
  if (node.type === 'text') return textRuns(node.value, format, env.preformatted);
  if (node.type === 'raw') {
    env.ctx.report(whereOf(node, around), RULES.docxUnsupported, 'raw HTML is left out of the Word edition');
    return [];
  }
  const where = whereOf(node, around);
  const content = (extra: RunFormat = {}) => inlines(node.children, env, where, { ...format, ...extra });
  const mark = MARKS[node.tagName];
  if (node.tagName === 'sup' && hasClass(node, 'note-ref')) return env.noteReference(node, where, format);
  if (node.tagName === 'span' && hasClass(node, 'katex')) return inlineMath(node, env.ctx, where);
  if (node.tagName === 'math') return inlineMath(node, env.ctx, where);
  if (node.tagName === 'a') return withId(node, env, link(node, env, where, format));
  if (mark) return withId(node, env, content(mark));
  if (node.tagName === 'span' && typeof node.properties.dataPageOf === 'string') return pageNumber(node, env);
  if (node.tagName === 'span' && hasClass(node, 'smallcaps')) return withId(node, env, content({ smallCaps: true }));
  if (TRANSPARENT.has(node.tagName)) return withId(node, env, content());
  if (node.tagName === 'br') return [new TextRun({ ...format, break: 1 })];
  if (node.tagName === 'wbr') return [];
  if (node.tagName === 'img') return imageRun(node, env.ctx, where);
  if (node.tagName === 'input') return textRuns(node.properties.checked ? '☑ ' : '☐ ', format);
  env.ctx.report(where, RULES.docxUnsupported, `<${node.tagName}> has no Word form: its text is kept as plain text`);
  return content();
}

/** Text as runs: whitespace collapsed as HTML shows it, unless the text is preformatted. */
export function textRuns(value: string, format: RunFormat, preformatted = false): TextRun[] {
  if (!preformatted) {
    const text = value.replace(/[\t\n\r ]+/g, ' ');
    return text === '' ? [] : [new TextRun({ ...format, text })];
  }
  return value.split('\n').map((line, i) => new TextRun({ ...format, text: line, break: i > 0 ? 1 : undefined }));
}

function link(node: Element, env: InlineEnv, where: Where, format: RunFormat): ParagraphChild[] {
  const href = typeof node.properties.href === 'string' ? node.properties.href : undefined;
  const text = () => inlines(node.children, env, where, { ...format, style: 'Hyperlink' });
  if (href?.startsWith('#') && href.length > 1) {
    return [new InternalHyperlink({ anchor: env.ctx.bookmark(fragment(href)), children: runsOnly(text()) })];
  }
  if (href && SCHEME.test(href) && !UNSAFE.test(href)) {
    return [new ExternalHyperlink({ link: href, children: runsOnly(text()) })];
  }
  if (href) {
    env.ctx.report(
      where,
      RULES.docxUnsupported,
      `the link to "${href.slice(0, 60)}" is kept as its text in the Word edition (Word links need a full address)`,
    );
  }
  return inlines(node.children, env, where, format);
}

/**
 * A page number the print fills in (`data-page-of`, "on page 000" after `@fig-x[page]`): in Word a
 * PAGEREF field to the target's bookmark, so Word and LibreOffice compute the page of their own layout.
 */
function pageNumber(node: Element, env: InlineEnv): ParagraphChild[] {
  const target = node.properties.dataPageOf as string;
  return [new PageReference(env.ctx.bookmark(target), { hyperlink: true })];
}

/** An address with a scheme (https:, mailto:, tel: …); the ones that run code or hold data are not links in Word. */
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const UNSAFE = /^(javascript|vbscript|data|file):/i;

/** A `#fragment` as the id it names (percent-decoded; as written when it is not valid percent-encoding). */
function fragment(href: string): string {
  try {
    return decodeURIComponent(href.slice(1));
  } catch {
    return href.slice(1);
  }
}

/** A hyperlink holds runs only: anything else in its text (a bookmark) is unwrapped. */
function runsOnly(children: ParagraphChild[]): ParagraphChild[] {
  return children.flatMap((child) => (child instanceof Bookmark ? bookmarkRuns(child) : [child]));
}

function bookmarkRuns(bookmark: Bookmark): ParagraphChild[] {
  return [...bookmark.children];
}

/** An element with an id (a bracketed span, an anchor) is a bookmark around its runs, so links find it. */
function withId(node: Element, env: InlineEnv, children: ParagraphChild[]): ParagraphChild[] {
  const id = node.properties.id;
  if (typeof id !== 'string' || id === '' || hasClass(node, 'note-ref')) return children;
  return [new Bookmark({ id: env.ctx.bookmark(id), children })];
}

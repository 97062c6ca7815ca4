// The print HTML's chapters (main's child elements) found in the HTML text, so that a rebuild can
// look up each chapter as the last build prepared it (prepared-chapters.ts) before anything goes into
// the page: the kept chapters then go in once, as prepared, instead of fresh and then again. Only
// what the HTML parser builds the same whatever came before is split: a body whose every element is
// closed by its own end tag, in order, with nothing at main's level but elements and white space,
// and none of the elements that change how the parser reads on (raw text, forms, templates, nested
// links, styles in the body, foreign content that leaves to HTML). Anything else is not split
// (undefined): the chapters are then found in the page, as before.
import { splitAtBody } from './page.js';

/** The print HTML cut around main's child elements. */
export interface ChapterSplit {
  /** What lies around the chapters: before the first (head, body and main's start), between each two (white space), after the last. */
  gaps: string[];
  /** Each chapter's HTML, from its start tag through its end tag. */
  chapters: string[];
  /** The start tags of the body, main's ancestors, main and each chapter: what every chapter's layout depends on besides the head. */
  skeleton: string;
  /** Where main's start tag ends in the first gap, and where its end tag starts in the last. */
  mainOpen: number;
  mainClose: number;
}

const set = (names: string) => new Set(names.split(' '));
const VOID = set('area base br col embed hr img input keygen param source track wbr');
/** Start tags that make the parser read on differently, or that the page chunks otherwise (styles in the body). */
const REFUSED = set(
  'script style textarea title xmp iframe noembed noframes noscript plaintext template form frameset frame body html head link meta base image select option optgroup ruby rb rp rt rtc math',
);
/** Elements nested in themselves that the parser closes first (the adoption agency). */
const NOT_IN_THEMSELVES = set('a button nobr');
/** Start tags that close an open p: refused inside one. */
const CLOSE_P = set(
  'address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer header hgroup main menu nav ol p search section summary ul h1 h2 h3 h4 h5 h6 pre listing table hr li dd dt',
);
const HEADINGS = set('h1 h2 h3 h4 h5 h6');
/** Where only table parts may go (anything else is moved out of the table). */
const TABLE = set('table tbody thead tfoot tr');
const TABLE_PARTS = set('caption colgroup col thead tbody tfoot tr td th');
/** Start tags that take foreign content (svg) back to HTML: refused inside it. */
const BREAKOUT = set(
  'b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt u ul var font foreignobject desc',
);
/** main's ancestors that its start tag leaves open as they are. */
const ANCESTORS = set('div section article');
/** What a chapter (main's child) may be: an element no start tag inside it closes. */
const CHAPTERS = set('article section div aside nav header footer figure');

const ATTRIBUTES = String.raw`(?:\s+[^\s"'>/=<]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>\x60]+))?)*`;
/** A comment, an end tag, a start tag (name, self-closing slash), or any other `<` that is markup. */
const TOKEN = new RegExp(
  String.raw`<!--(?!-?>)([\s\S]*?)-->|</([a-zA-Z][a-zA-Z0-9-]*)\s*>|<([a-zA-Z][a-zA-Z0-9-]*)${ATTRIBUTES}\s*(/?)>|<[a-zA-Z!?/]`,
  'g',
);

interface Open {
  name: string;
  tag: string;
  foreign: boolean;
}

/** Whether the parser would build something else than the tags say, opening `name` inside `stack`. */
function reshapes(stack: Open[], name: string): boolean {
  const top = stack[stack.length - 1];
  if (name === 'style' || name === 'link') return true;
  if (top?.foreign) return BREAKOUT.has(name);
  if (REFUSED.has(name)) return true;
  if (NOT_IN_THEMSELVES.has(name) && stack.some((o) => o.name === name)) return true;
  if (CLOSE_P.has(name) && stack.some((o) => o.name === 'p')) return true;
  if (HEADINGS.has(name) && top && HEADINGS.has(top.name)) return true;
  if (top && TABLE.has(top.name) && !TABLE_PARTS.has(name)) return true;
  const lists: Record<string, string[]> = { li: ['ul', 'ol', 'menu'], dd: ['dl'], dt: ['dl'] };
  const within = lists[name];
  if (within) {
    for (let i = stack.length - 1; i >= 0; i -= 1) {
      const open = stack[i]!.name;
      if (within.includes(open)) break;
      if (open === 'li' || open === 'dd' || open === 'dt') return true;
    }
  }
  return false;
}

/** The chapters of a print HTML, or undefined when its body is not plain enough to split by its text. */
export function splitChapters(html: string): ChapterSplit | undefined {
  const parts = splitAtBody(html);
  const bodyTag = parts && /<body(?:\s[^>]*)?>$/i.exec(parts.head)?.[0];
  if (!parts || !bodyTag) return undefined;
  const { body } = parts;
  const stack: Open[] = [];
  let main: { depth: number; tags: string[]; from: number; to: number } | undefined;
  const cuts: number[] = [];
  let last = 0;
  for (const m of body.matchAll(TOKEN)) {
    const at = m.index;
    const [token, comment, end, start, slash] = m;
    const top = stack[stack.length - 1];
    // Text only where the parser keeps it: not at main's own level, nor in a table's rows.
    const atMain = main !== undefined && main.to < 0 && stack.length === main.depth;
    if ((atMain || (top && TABLE.has(top.name))) && /\S/.test(body.slice(last, at))) return undefined;
    last = at + token.length;
    if (comment !== undefined) {
      if (comment.includes('--!>') || atMain) return undefined;
      continue;
    }
    if (end !== undefined) {
      const name = end.toLowerCase();
      if (!top || top.name !== name || VOID.has(name)) return undefined;
      stack.pop();
      if (main && main.to < 0 && stack.length === main.depth) cuts.push(at + token.length);
      else if (main && main.to < 0 && stack.length === main.depth - 1) main.to = at;
      continue;
    }
    if (start === undefined) return undefined;
    const name = start.toLowerCase();
    if (reshapes(stack, name)) return undefined;
    if (name === 'main') {
      if (main || !stack.every((o) => ANCESTORS.has(o.name))) return undefined;
      main = { depth: stack.length + 1, tags: [...stack.map((o) => o.tag), token], from: at + token.length, to: -1 };
    } else if (atMain) {
      if (!CHAPTERS.has(name) || slash === '/') return undefined;
      cuts.push(at);
      main!.tags.push(token);
    }
    const foreign = Boolean(top?.foreign) || name === 'svg';
    if (slash === '/' && !top?.foreign) return undefined;
    if (slash !== '/' && !(VOID.has(name) && !top?.foreign)) stack.push({ name, tag: token, foreign });
  }
  if (stack.length > 0 || !main || main.to < 0 || cuts.length < 4) return undefined;
  const offset = parts.head.length;
  const gaps: string[] = [];
  const chapters: string[] = [];
  let from = 0;
  for (let i = 0; i < cuts.length; i += 2) {
    gaps.push(html.slice(from, offset + cuts[i]!));
    chapters.push(html.slice(offset + cuts[i]!, offset + cuts[i + 1]!));
    from = offset + cuts[i + 1]!;
  }
  gaps.push(html.slice(from));
  const skeleton = [bodyTag, ...main.tags].join('\n');
  return { gaps, chapters, skeleton, mainOpen: offset + main.from, mainClose: offset + main.to - from };
}

/** The print HTML with each chapter replaced by the one given (undefined: its own). */
export function joinChapters(split: ChapterSplit, chapters: Array<string | undefined>): string {
  let html = split.gaps[0]!;
  split.chapters.forEach((chapter, i) => {
    html += (chapters[i] ?? chapter) + split.gaps[i + 1]!;
  });
  return html;
}

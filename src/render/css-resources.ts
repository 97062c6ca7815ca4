// Files the stylesheets (templates/print.css, screen.css) point at with url(…): resolved against the
// templates folder and inlined as data: URLs, so the HTML stays self-contained and the print page (which
// loads nothing from the network) sees every image and font. A missing file is an error at its
// file:line:column; a remote address is refused with a warning (the print page and the web edition's
// Content-Security-Policy would block it anyway, silently); data: URLs and `#fragment` references stay.
import path from 'node:path';
import { BriefingError, type Diagnostic } from '../messages.js';
import { isInside, isProblem, readInside, resolveInside } from '../paths.js';
import { RULES, type Rule } from '../rules.js';
import { imageCostProblem } from '../image-limits.js';
import { positionsIn } from '../positions.js';
import { keptByText } from '../cache.js';
import { codeKey } from '../code-key.js';
// The tokenizer and its helpers alone: the package's index builds its whole CSS grammar when loaded.
import { tokenize, tokenTypes } from 'css-tree/tokenizer';
import { ident, string, url } from 'css-tree/utils';

const MIME: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};

export interface InlinedCss {
  css: string;
  /** Warnings (a remote address refused). Errors are thrown as one BriefingError. */
  diagnostics: Diagnostic[];
}

/** Read-and-inline every stylesheet; all errors of all of them are thrown together. */
export async function loadStylesheets(
  files: string[],
  templatesDir: string,
  read: (file: string) => Promise<string>,
): Promise<{ css: string[]; diagnostics: Diagnostic[] }> {
  const results = await Promise.all(
    files.map(async (file) => inlineCssResources(await read(file), file, templatesDir)),
  );
  const diagnostics = results.flatMap((r) => r.diagnostics);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new BriefingError(errors);
  return { css: results.map((r) => r.css), diagnostics };
}

/** Resolve and inline the url(…) references of one stylesheet. Diagnostics include errors here. */
export async function inlineCssResources(css: string, file: string, templatesDir: string): Promise<InlinedCss> {
  const diagnostics: Diagnostic[] = [];
  const root = path.resolve(templatesDir);
  const folder = { root, name: 'templates folder' };
  const replacements: Array<{ start: number; end: number; text: string }> = [];
  const positionAt = positionsIn(css); // one line index for all the messages of this stylesheet
  for (const reference of keptReferences(css)) {
    const { start, end, address: raw } = reference;
    const where = positionAt(start);
    const problem = (severity: 'error' | 'warning', message: string, rule: Rule, fix: string) =>
      diagnostics.push({ file, ...where, severity, message, rule: rule.id, fix });
    if (reference.kind === 'escaped') {
      problem(
        'error',
        'CSS escapes spell url(, @import or image-set( here: a browser would load what they name, unchecked',
        RULES.templateCssEscape,
        'write url(…) plainly, with a path inside the templates folder',
      );
      continue;
    }
    if (reference.kind === 'unreadable') {
      problem(
        'error',
        'url(…) that Briefing cannot read (a quote or backslash inside the address?): the browser would load it unchecked',
        RULES.templateCssUrl,
        'write the address plainly, url("path/in/templates.png"), without escapes or quotes inside it',
      );
      continue;
    }
    if (reference.kind === 'import') {
      problem(
        'error',
        `@import "${raw}": a stylesheet may not import another`,
        RULES.templateCssImport,
        'paste the rules into this stylesheet',
      );
      continue;
    }
    if (/^data:/i.test(raw)) continue;
    const remote = raw.startsWith('//') || /^https?:/i.test(raw);
    if (reference.kind === 'image-set') {
      problem(
        remote ? 'warning' : 'error',
        remote
          ? `image-set("${raw}"): remote resource refused (the edition loads nothing from the network)`
          : `image-set("${raw}"): write the file as url("${raw}") so it is checked and inlined`,
        remote ? RULES.templateCssRemote : RULES.templateCssUrl,
        remote ? 'download the file into the templates folder and point url() at it' : `write url("${raw}")`,
      );
      if (remote) replacements.push({ start, end, text: '"data:,"' });
      continue;
    }
    const inlined = await inlineUrl(raw, root, folder, problem, (message, rule, fix) =>
      diagnostics.push({ file, ...where, severity: 'error', message, rule, fix }),
    );
    if (inlined !== undefined) replacements.push({ start, end, text: inlined });
  }
  return { css: replaced(css, replacements), diagnostics };
}

type Report = (severity: 'error' | 'warning', message: string, rule: Rule, fix: string) => void;

/** One url(…)'s replacement (a data: URL, or `none` for a refused remote one), or undefined to leave it. */
async function inlineUrl(
  raw: string,
  root: string,
  folder: { root: string; name: string },
  problem: Report,
  refused: (message: string, rule: string, fix: string) => void,
): Promise<string | undefined> {
  const quoted = `url(${raw})`;
  const address = cssUrlPath(raw, quoted, problem);
  if (!('relative' in address)) return address.replacement;
  const { relative } = address;
  const target = path.resolve(root, relative);
  if (!isInside(root, target)) {
    problem(
      'error',
      `${quoted} is outside the templates folder`,
      RULES.templateCssOutside,
      'copy the file into the templates folder and use a relative path',
    );
    return undefined;
  }
  const found = resolveInside(folder, target);
  if (isProblem(found)) {
    if (found.code === 'missing')
      problem(
        'error',
        `${quoted}: file not found (looked for ${path.relative(root, target) || relative} in the templates folder)`,
        RULES.templateCssMissingFile,
        'add the file, or fix the path (it is relative to the templates folder)',
      );
    else if (found.code === 'link-outside')
      problem(
        'error',
        `${quoted} is a link to a file outside the templates folder`,
        RULES.templateCssOutside,
        'copy the file into the templates folder',
      );
    else refused(`${quoted} ${found.message}`, found.rule, found.fix);
    return undefined;
  }
  const mime = MIME[path.extname(target).toLowerCase()];
  if (!mime) {
    problem(
      'error',
      `${quoted}: unsupported file type "${path.extname(target) || '(none)'}"`,
      RULES.templateCssUrl,
      `use one of ${Object.keys(MIME).join(', ')}`,
    );
    return undefined;
  }
  const bytes = await readInside(folder, target);
  const costly = imageCostProblem(bytes, mime);
  if (costly) {
    problem('error', `${quoted} ${costly.message}`, RULES.limitsImage, costly.fix);
    return undefined;
  }
  return `url("data:${mime};base64,${bytes.toString('base64')}")`;
}

/**
 * The path a url() names, relative to the templates folder; or, reported, what replaces it instead
 * (`none` for a refused remote file; undefined: left as it is).
 */
function cssUrlPath(
  raw: string,
  quoted: string,
  problem: Report,
): { relative: string } | { replacement: string | undefined } {
  if (raw === '' || raw.startsWith('#')) return { replacement: undefined };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1]?.toLowerCase();
  if (raw.startsWith('//') || scheme === 'http' || scheme === 'https') {
    problem(
      'warning',
      `${quoted}: remote resource refused (the edition loads nothing from the network)`,
      RULES.templateCssRemote,
      'download the file into the templates folder and point url() at it',
    );
    return { replacement: 'none' };
  }
  if (scheme !== undefined) {
    problem(
      'error',
      `${quoted}: "${scheme}:" addresses are not supported in stylesheets`,
      RULES.templateCssUrl,
      'use a path relative to the templates folder, or a data: URL',
    );
    return { replacement: undefined };
  }
  try {
    return { relative: decodeURIComponent(raw.replace(/[?#].*$/, '')) };
  } catch {
    problem(
      'error',
      `${quoted}: malformed %-escape in the path`,
      RULES.templateCssUrl,
      'write the path without % escapes',
    );
    return { replacement: undefined };
  }
}

/** The text with each range replaced, built in one pass (slicing per replacement was quadratic). */
function replaced(text: string, replacements: Array<{ start: number; end: number; text: string }>): string {
  const parts: string[] = [];
  let at = 0;
  for (const r of [...replacements].sort((a, b) => a.start - b.start)) {
    parts.push(text.slice(at, r.start), r.text);
    at = r.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

// --- what in a stylesheet can load a resource, read with css-tree's tokenizer (the CSS Syntax spec's
// tokens: escapes decoded, comments and strings where a browser sees them).

interface CssReference {
  /** url: url(…) or src(…); import: @import; image-set: a bare string in image-set(); escaped: a
   * loader spelled with escapes (`\\75 rl(`, `@\\69mport`); unreadable: an address with escapes or quotes. */
  kind: 'url' | 'import' | 'image-set' | 'escaped' | 'unreadable';
  /** The address, decoded; the range it and its function take in the text (what a replacement replaces). */
  address: string;
  start: number;
  end: number;
}

const LOADERS = new Set(['url', 'src', 'image', 'image-set', '-webkit-image-set']);

interface Token {
  type: number;
  start: number;
  end: number;
}

let referencesCode: string | undefined;

/**
 * cssReferences, kept by the stylesheet's text (cache.ts keptByText): the built-in stylesheets'
 * made at compile (dist/kept/), where tokenizing them took ~7–12 ms of a cold build.
 */
function keptReferences(css: string): CssReference[] {
  referencesCode ??= codeKey(['css-tree'], ['render/css-resources']);
  return keptByText('css-references', { code: referencesCode, text: css }, isReferences, () => cssReferences(css));
}

const KINDS = new Set(['url', 'import', 'image-set', 'escaped', 'unreadable']);

function isReferences(data: unknown): data is CssReference[] {
  return (
    Array.isArray(data) &&
    data.every(
      (r: Partial<CssReference>) =>
        typeof r === 'object' &&
        r !== null &&
        KINDS.has(r.kind as string) &&
        typeof r.address === 'string' &&
        Number.isInteger(r.start) &&
        Number.isInteger(r.end),
    )
  );
}

/** Every reference to a resource in `css`, in text order. */
export function cssReferences(css: string): CssReference[] {
  const tokens: Token[] = [];
  tokenize(css, (type, start, end) => {
    if (type !== tokenTypes.Comment) tokens.push({ type, start, end });
  });
  const text = (t: Token) => css.slice(t.start, t.end);
  const next = (i: number) => {
    let j = i + 1;
    while (tokens[j]?.type === tokenTypes.WhiteSpace) j += 1;
    return j;
  };
  const found: CssReference[] = [];
  const escaped = (t: Token, raw = text(t)) =>
    found.push({ kind: 'escaped', address: '', start: t.start + raw.indexOf('\\'), end: t.end });
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    const raw = text(token);
    if (token.type === tokenTypes.AtKeyword && ident.decode(raw.slice(1)).toLowerCase() === 'import') {
      if (raw.includes('\\')) escaped(token);
      else {
        found.push({
          kind: 'import',
          address: importAddress(tokens[next(i)], css),
          start: token.start,
          end: token.end,
        });
        i = next(i); // its address is not a url() of its own
      }
    } else if (token.type === tokenTypes.Url || token.type === tokenTypes.BadUrl) {
      const name = raw.slice(0, raw.indexOf('('));
      if (name.includes('\\')) escaped(token);
      else if (token.type === tokenTypes.BadUrl || raw.slice(name.length).includes('\\') || !raw.endsWith(')'))
        found.push({ kind: 'unreadable', address: '', start: token.start, end: token.end });
      else found.push({ kind: 'url', address: url.decode(raw).trim(), start: token.start, end: token.end });
    } else if (token.type === tokenTypes.Function) {
      const name = ident.decode(raw.slice(0, -1)).toLowerCase();
      if (!LOADERS.has(name)) continue;
      if (raw.includes('\\')) escaped(token);
      else if (name === 'url' || name === 'src') i = functionUrl(tokens, i, css, found);
      else if (name.endsWith('image-set')) imageSetStrings(tokens, i, css, found);
    }
  }
  return found;
}

/** `url("…")` / `src("…")`: its string; returns the index of its last token. */
function functionUrl(tokens: Token[], i: number, css: string, found: CssReference[]): number {
  const open = tokens[i]!;
  let j = i + 1;
  while (tokens[j]?.type === tokenTypes.WhiteSpace) j += 1;
  const value = tokens[j];
  let k = j + 1;
  while (tokens[k]?.type === tokenTypes.WhiteSpace) k += 1;
  const close = tokens[k];
  const raw = value ? css.slice(value.start, value.end) : '';
  if (value?.type !== tokenTypes.String || close?.type !== tokenTypes.RightParenthesis || raw.includes('\\')) {
    found.push({ kind: 'unreadable', address: '', start: open.start, end: open.end });
    return i;
  }
  found.push({ kind: 'url', address: string.decode(raw).trim(), start: open.start, end: close.end });
  return k;
}

/** The bare strings of `image-set(…)` (a `url("…")` inside is read as every other url()). */
function imageSetStrings(tokens: Token[], i: number, css: string, found: CssReference[]): void {
  const strings: CssReference[] = [];
  let depth = 1;
  for (let j = i + 1; j < tokens.length && depth > 0; j += 1) {
    const t = tokens[j]!;
    if (t.type === tokenTypes.Function || t.type === tokenTypes.LeftParenthesis) depth += 1;
    else if (t.type === tokenTypes.RightParenthesis) depth -= 1;
    else if (t.type === tokenTypes.String && depth === 1) {
      const address = string.decode(css.slice(t.start, t.end)).trim();
      strings.push({ kind: 'image-set', address, start: t.start, end: t.end });
    }
  }
  // Never closed: the rest of the sheet, not an image-set a declaration uses.
  if (depth === 0) found.push(...strings);
}

/** The address after @import: a string, or url(…). */
function importAddress(token: Token | undefined, css: string): string {
  if (!token) return '';
  const raw = css.slice(token.start, token.end);
  if (token.type === tokenTypes.String) return string.decode(raw);
  if (token.type === tokenTypes.Url) return url.decode(raw);
  return raw;
}

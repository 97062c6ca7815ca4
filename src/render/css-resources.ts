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
import { positionsIn, type LineColumn } from '../positions.js';

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

// url("…"), url('…') or url(…); also `@import "…"`, which would fetch a stylesheet at load time.
// The spaces after `url(` are taken whole (`(?=(\s*))\1`: a lookahead cannot give any back), or
// `url(` and 200 kB of spaces would be split between the two `\s*` every way there is.
const URL_TOKEN =
  /url\((?=(\s*))\1(?:"([^"\n]*)"|'([^'\n]*)'|([^)"'\s]*))\s*\)|@import\s+(?:"([^"\n]*)"|'([^'\n]*)')/gi;

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
  // Comments blanked out (same length, newlines kept) so a url() inside one is neither found nor misplaced.
  const scan = css.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, (comment) => comment.replace(/[^\n]/g, ' '));
  const root = path.resolve(templatesDir);
  const folder = { root, name: 'templates folder' };
  const replacements: Array<{ start: number; end: number; text: string }> = [];
  const positionAt = positionsIn(css); // one line index for all the messages of this stylesheet
  diagnostics.push(...hiddenByEscapes(scan, file), ...imageSetStrings(scan, positionAt, file, replacements));
  diagnostics.push(...unreadUrls(scan, positionAt, file));

  for (const match of scan.matchAll(URL_TOKEN)) {
    const start = match.index;
    const isImport =
      match[5] !== undefined ||
      match[6] !== undefined ||
      /@import\s*$/i.test(scan.slice(Math.max(0, start - 40), start));
    const raw = (match[2] ?? match[3] ?? match[4] ?? match[5] ?? match[6] ?? '').trim();
    const where = positionAt(start);
    const quoted = isImport ? `@import "${raw}"` : `url(${raw})`;
    const problem = (severity: 'error' | 'warning', message: string, rule: Rule, fix: string) =>
      diagnostics.push({ file, ...where, severity, message, rule: rule.id, fix });

    if (isImport) {
      problem(
        'error',
        `${quoted}: a stylesheet may not import another`,
        RULES.templateCssImport,
        'paste the rules into this stylesheet',
      );
      continue;
    }
    if (raw === '' || raw.startsWith('#') || /^data:/i.test(raw)) continue;
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1]?.toLowerCase();
    if (raw.startsWith('//') || scheme === 'http' || scheme === 'https') {
      problem(
        'warning',
        `${quoted}: remote resource refused (the edition loads nothing from the network)`,
        RULES.templateCssRemote,
        'download the file into the templates folder and point url() at it',
      );
      replacements.push({ start, end: start + match[0].length, text: 'none' });
      continue;
    }
    if (scheme !== undefined) {
      problem(
        'error',
        `${quoted}: "${scheme}:" addresses are not supported in stylesheets`,
        RULES.templateCssUrl,
        'use a path relative to the templates folder, or a data: URL',
      );
      continue;
    }
    let relative: string;
    try {
      relative = decodeURIComponent(raw.replace(/[?#].*$/, ''));
    } catch {
      problem(
        'error',
        `${quoted}: malformed %-escape in the path`,
        RULES.templateCssUrl,
        'write the path without % escapes',
      );
      continue;
    }
    const target = path.resolve(root, relative);
    if (!isInside(root, target)) {
      problem(
        'error',
        `${quoted} is outside the templates folder`,
        RULES.templateCssOutside,
        'copy the file into the templates folder and use a relative path',
      );
      continue;
    }
    const found = resolveInside(folder, target);
    if (isProblem(found)) {
      if (found.code === 'missing') {
        problem(
          'error',
          `${quoted}: file not found (looked for ${path.relative(root, target) || relative} in the templates folder)`,
          RULES.templateCssMissingFile,
          'add the file, or fix the path (it is relative to the templates folder)',
        );
      } else if (found.code === 'link-outside') {
        problem(
          'error',
          `${quoted} is a link to a file outside the templates folder`,
          RULES.templateCssOutside,
          'copy the file into the templates folder',
        );
      } else {
        diagnostics.push({
          file,
          ...where,
          severity: 'error',
          message: `${quoted} ${found.message}`,
          rule: found.rule,
          fix: found.fix,
        });
      }
      continue;
    }
    const mime = MIME[path.extname(target).toLowerCase()];
    if (!mime) {
      problem(
        'error',
        `${quoted}: unsupported file type "${path.extname(target) || '(none)'}"`,
        RULES.templateCssUrl,
        `use one of ${Object.keys(MIME).join(', ')}`,
      );
      continue;
    }
    const bytes = await readInside(folder, target);
    const costly = imageCostProblem(bytes, mime);
    if (costly) {
      problem('error', `${quoted} ${costly.message}`, RULES.limitsImage, costly.fix);
      continue;
    }
    const data = bytes.toString('base64');
    replacements.push({ start, end: start + match[0].length, text: `url("data:${mime};base64,${data}")` });
  }

  return { css: replaced(css, replacements), diagnostics };
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

/**
 * A url( the scan above cannot read — `url("a\\"b")`, an escaped quote inside the string — would reach the
 * browser unchecked: an error at its place.
 */
function unreadUrls(scan: string, positionAt: ReturnType<typeof positionsIn>, file: string): Diagnostic[] {
  const read = new Set([...scan.matchAll(URL_TOKEN)].map((m) => m.index));
  return [...scan.matchAll(/url\(/gi)]
    .filter((m) => !read.has(m.index))
    .map((m) => ({
      file,
      ...positionAt(m.index),
      severity: 'error' as const,
      message:
        'url(…) that Briefing cannot read (a quote or backslash inside the address?): the browser would load it unchecked',
      rule: RULES.templateCssUrl.id,
      fix: 'write the address plainly, url("path/in/templates.png"), without escapes or quotes inside it',
    }));
}

// What can load a resource from CSS. Spelled with escapes (`\\75 rl(`, `u\\rl(`, `@\\69mport`) a browser
// still reads them, while a plain-text scan does not: such a stylesheet is refused.
const LOADERS = /url\(|@import|image-set\(|image\(|src\(/gi;

function decodeCssEscapes(text: string): string {
  return text.replace(
    /\\(?:([0-9a-fA-F]{1,6})[ \t]?|([^\n0-9a-fA-F]))/g,
    (_all, hex: string | undefined, char: string | undefined) =>
      hex ? String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff) || 0xfffd) : char!,
  );
}

function hiddenByEscapes(scan: string, file: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  scan.split('\n').forEach((line, index) => {
    if (!line.includes('\\')) return;
    const plain = line.match(LOADERS)?.length ?? 0;
    const decoded = decodeCssEscapes(line).match(LOADERS)?.length ?? 0;
    if (decoded <= plain) return;
    found.push({
      file,
      line: index + 1,
      column: line.indexOf('\\') + 1,
      severity: 'error',
      message: 'CSS escapes spell url(, @import or image-set( here: a browser would load what they name, unchecked',
      rule: RULES.templateCssEscape.id,
      fix: 'write url(…) plainly, with a path inside the templates folder',
    });
  });
  return found;
}

/** image-set("a.png" 1x, "https://…" 2x): bare strings are addresses too. */
function imageSetStrings(
  scan: string,
  positionAt: (offset: number) => LineColumn,
  file: string,
  replacements: Array<{ start: number; end: number; text: string }>,
): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const { bodyStart, body } of imageSets(scan)) {
    for (const str of body.matchAll(/"([^"\n]*)"|'([^'\n]*)'/g)) {
      if (afterUrlParen(body, str.index)) continue; // url("…") is checked with every other url()
      const value = (str[1] ?? str[2]!).trim();
      if (/^data:/i.test(value)) continue;
      const start = bodyStart + str.index;
      const remote = /^(?:https?:)?\/\//i.test(value);
      found.push({
        file,
        ...positionAt(start),
        severity: remote ? 'warning' : 'error',
        message: remote
          ? `image-set("${value}"): remote resource refused (the edition loads nothing from the network)`
          : `image-set("${value}"): write the file as url("${value}") so it is checked and inlined`,
        rule: remote ? RULES.templateCssRemote.id : RULES.templateCssUrl.id,
        fix: remote ? 'download the file into the templates folder and point url() at it' : `write url("${value}")`,
      });
      if (remote) replacements.push({ start, end: start + str[0].length, text: '"data:,"' });
    }
  }
  return found;
}

/**
 * The bodies of `image-set(…)` (one level of parentheses inside, as a browser's parser allows for
 * `url(…)` and `type(…)`), found in one pass: a body ends at the first `)` whose stretch since the
 * previous `)` opened no parenthesis. Once no `)` is left, no later image-set( can close either (the
 * regex this replaces tried again from each one, and backtracked over every split of the rest).
 */
function* imageSets(scan: string): Generator<{ bodyStart: number; body: string }> {
  const start = /(?:-webkit-)?image-set\(/gi;
  for (let m = start.exec(scan); m; m = start.exec(scan)) {
    const bodyStart = m.index + m[0].length;
    let end = -1;
    for (let from = bodyStart; ;) {
      const close = scan.indexOf(')', from);
      if (close === -1) break;
      end = close;
      if (!scan.slice(from, close).includes('(')) break;
      from = close + 1;
    }
    if (end === -1) return; // no `)` left: no later image-set( closes either
    yield { bodyStart, body: scan.slice(bodyStart, end) };
    start.lastIndex = end + 1;
  }
}

/** Whether `url(` and only spaces come just before `index` in `text`. */
function afterUrlParen(text: string, index: number): boolean {
  let i = index;
  while (i > 0 && /\s/.test(text[i - 1]!)) i -= 1;
  return text.slice(Math.max(0, i - 4), i).toLowerCase() === 'url(';
}

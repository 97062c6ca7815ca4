// Fonts come from npm font packages (@fontsource/*) named in templates/theme.yaml, or from font files
// in the templates folder, and are inlined as data: URLs so the HTML is self-contained and Chromium
// embeds the same faces on every machine. Every file is read through src/paths.ts (docs/LIMITS.md).
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BriefingError, fail } from '../messages.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { isInside, isProblem, readInsideSync, resolveInside, type Folder } from '../paths.js';
import { RULES } from '../rules.js';
import { readableFontCharset } from './charset.js';
import { codePoints } from './code-points.js';
import { cssString } from './escape.js';

// Font packages are Briefing's own dependencies, resolved from its folder (PACKAGE_ROOT) only: a
// node_modules/ inside the content or templates folder is a folder a pull request can fill, so a
// package there (with its .woff2 files linked to ~/.ssh/id_rsa) must never be read.
const ownRequire = createRequire(path.join(PACKAGE_ROOT, 'package.json'));

// An npm package name, optionally one stylesheet of it: no `.` or `..` segment can walk out of it.
const SPECIFIER = /^((?:@[a-z0-9][\w.~-]*\/)?[a-z0-9][\w.~-]*)((?:\/[\w~-][\w.~-]*)*\.css)?$/i;

const cache = new Map<string, Promise<string>>();

/** A resolved stylesheet of a font package: its file and the package folder every read must stay in. */
export interface PackageSheet {
  css: string;
  folder: Folder;
}

/** The package and stylesheet a specifier names, or undefined when it is not a package name. */
export function parseFontSpecifier(specifier: string): { name: string; sheet?: string } | undefined {
  const match = SPECIFIER.exec(specifier);
  if (!match) return undefined;
  return { name: match[1]!, sheet: match[2] };
}

/**
 * Where a stylesheet of a font package is, from Briefing's own dependencies; undefined when it is not
 * installed there. A package found inside one of `forbidden` (the content and templates folders) is
 * refused: those folders are the author's, not Briefing's dependencies.
 */
function resolveSheet(specifier: string, forbidden: string[], at: Place): PackageSheet | undefined {
  const parsed = parseFontSpecifier(specifier);
  if (!parsed) badSpecifier(specifier, at);
  let css: string;
  try {
    css = ownRequire.resolve(specifier);
  } catch {
    return undefined;
  }
  // The package's own folder: the last node_modules/<name>/ of the resolved path (npm, pnpm alike).
  const marker = `${path.sep}node_modules${path.sep}${parsed.name.split('/').join(path.sep)}${path.sep}`;
  const cut = css.lastIndexOf(marker);
  if (cut === -1)
    fail({
      ...at,
      message: `font package "${parsed.name}" resolved to ${css}, which is not inside a node_modules/${parsed.name}/ folder`,
      rule: RULES.themeFont.id,
      fix: `reinstall it as an ordinary dependency of Briefing (\`npm install ${parsed.name}\`)`,
    });
  const root = css.slice(0, cut + marker.length - 1);
  for (const dir of forbidden) {
    if (isInside(realOr(dir), realOr(root)) || isInside(path.resolve(dir), root))
      fail({
        ...at,
        message: `font package "${parsed.name}" was found in ${root}, inside the content or templates folder`,
        rule: RULES.themeFont.id,
        fix: `remove that node_modules folder: font packages come from Briefing's own dependencies (\`npm install ${parsed.name}\` where Briefing is installed)`,
      });
  }
  return { css, folder: { root, name: `font package "${parsed.name}"` } };
}

function realOr(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
}

function badSpecifier(specifier: string, at: Place): never {
  fail({
    ...at,
    message: `"${specifier}" is not an npm font package name`,
    rule: RULES.themeFont.id,
    fix: 'name a package such as "@fontsource/pt-serif" or one stylesheet of it ("@fontsource/pt-serif/700.css"); a path with . or .. is not a package',
  });
}

/**
 * CSS @font-face rules of one package stylesheet (e.g. "@fontsource/pt-serif/700.css"), woff2 inlined.
 * `forbidden`: the content and templates folders, which no font package may come from.
 */
export function inlineFontCss(specifier: string, forbidden: string[], at: Place): Promise<string> {
  const sheet = resolveSheet(specifier, forbidden, at);
  if (!sheet) missingFontPackage(specifier, 'font stylesheet', at);
  let css = cache.get(sheet.css);
  if (!css) {
    css = Promise.resolve().then(() => inlinePackageSheet(sheet, at));
    cache.set(sheet.css, css);
    css.catch(() => cache.delete(sheet.css));
  }
  return css;
}

/** Every read inside the package's folder through src/paths.ts: a linked .woff2 is refused. */
function readPackageFile(sheet: PackageSheet, file: string, at: Place): Buffer {
  const refuse = (message: string, fix: string | undefined): never =>
    fail({
      ...at,
      message: `${sheet.folder.name}: "${path.relative(sheet.folder.root, file)}" ${message}`,
      rule: RULES.themeFont.id,
      fix: fix ?? 'reinstall the font package',
    });
  const found = resolveInside(sheet.folder, file);
  if (isProblem(found)) {
    const escapes = found.code === 'outside' || found.code === 'link-outside';
    return refuse(
      found.code === 'outside' ? 'is outside the package' : found.message,
      escapes ? 'reinstall the font package (`npm ci`): its files must lie inside it' : found.fix,
    );
  }
  try {
    return readInsideSync(sheet.folder, file);
  } catch (error) {
    if (!(error instanceof BriefingError)) throw error;
    return refuse(error.diagnostics[0]!.message, error.diagnostics[0]!.fix);
  }
}

/** Where messages about Briefing's own fallback font packages point: its package.json. */
const OWN_PLACE: Place = { file: path.join(PACKAGE_ROOT, 'package.json') };

/** A stylesheet of one of Briefing's own font packages (the fallback fonts), undefined when not installed. */
export function ownFontSheet(specifier: string): PackageSheet | undefined {
  return resolveSheet(specifier, [], OWN_PLACE);
}

/** A file of that package, read through src/paths.ts inside the package's folder. */
export function readOwnFontFile(sheet: PackageSheet, file: string): Buffer {
  return readPackageFile(sheet, file, OWN_PLACE);
}

/** One package stylesheet with its woff2 files inlined; every file read inside the package's folder. */
export function inlinePackageSheet(sheet: PackageSheet, at: Place): string {
  const css = readPackageFile(sheet, sheet.css, at).toString('utf8');
  const dir = path.dirname(sheet.css);
  const urls = [...css.matchAll(/url\((\.\/[^)]+\.woff2)\)/g)].map((m) => m[1]!);
  const data = new Map<string, string>();
  for (const url of urls) data.set(url, readPackageFile(sheet, path.join(dir, url), at).toString('base64'));
  // Keep woff2 only: every browser that prints or reads the edition has it; woff would double the size.
  return css.replace(
    /src:\s*url\((\.\/[^)]+\.woff2)\)\s*format\('woff2'\)(?:,\s*url\([^)]+\)\s*format\('woff'\))?/g,
    (_all, url: string) => `src: url(data:font/woff2;base64,${data.get(url)}) format('woff2')`,
  );
}

/**
 * Keep only the @font-face rules whose unicode-range covers a character the page uses: an English
 * edition needs no Cyrillic faces. Halves the HTML and the time Chromium spends decoding fonts.
 * Rules without a unicode-range are always kept.
 */
export function pruneFontFaces(css: string, text: string): string {
  const used = [...codePoints(text)];
  const kept: string[] = [];
  let from = 0;
  // Found with indexOf, not a regular expression: the rules carry megabytes of base64 (data: URLs),
  // which a regex scan took ~100 ms to cross on every render (measured).
  for (const rule of fontFaceRules(css)) {
    const range = unicodeRange(css, rule.start, rule.end);
    if (range && !parseUnicodeRange(range).some(([low, high]) => used.some((cp) => cp >= low && cp <= high))) {
      kept.push(css.slice(from, rule.commentStart));
      from = rule.end;
    }
  }
  kept.push(css.slice(from));
  return kept.join('');
}

/** Each `@font-face { … }` of a stylesheet, with a `/* comment *\/` right before it (fontsource names its faces so). */
function* fontFaceRules(css: string): Generator<{ commentStart: number; start: number; end: number }> {
  for (let start = css.indexOf('@font-face'); start !== -1; start = css.indexOf('@font-face', start + 1)) {
    const open = css.indexOf('{', start);
    const close = open === -1 ? -1 : css.indexOf('}', open);
    if (close === -1 || css.slice(start + '@font-face'.length, open).trim() !== '') continue;
    yield { commentStart: commentBefore(css, start), start, end: close + 1 };
  }
}

function commentBefore(css: string, start: number): number {
  let at = start;
  while (at > 0 && /\s/.test(css[at - 1]!)) at -= 1;
  if (!css.endsWith('*/', at)) return start;
  const open = css.lastIndexOf('/*', at - 2);
  return open !== -1 && !css.slice(open + 2, at - 2).includes('*') ? open : start;
}

/** The rule's unicode-range value (after its src, in practice: searched from the end). */
function unicodeRange(css: string, start: number, end: number): string | undefined {
  const at = css.lastIndexOf('unicode-range', end);
  if (at < start) return undefined;
  const colon = css.indexOf(':', at);
  const stop = [css.indexOf(';', colon), end - 1].filter((i) => i > colon).reduce((a, b) => Math.min(a, b));
  return css.slice(colon + 1, stop).trim() || undefined;
}

function parseUnicodeRange(value: string): Array<[number, number]> {
  return value.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    if (from!.includes('?')) return [parseInt(from!.replace(/\?/g, '0'), 16), parseInt(from!.replace(/\?/g, 'F'), 16)];
    return [parseInt(from!, 16), parseInt(to ?? from!, 16)];
  });
}

/** Where a font was named (theme.yaml or _brand.yml), for messages. */
export interface Place {
  file: string;
  line?: number;
  column?: number;
}

/** A font family of the theme: its @font-face rules (data: URLs) and which characters it covers. */
export interface FontFamily {
  /** CSS family name. */
  family: string;
  css: string;
  /** Where it comes from, for messages: a package or a file. */
  source: string;
  place: Place;
  /** Does the regular face have a glyph for this character? */
  covers(codePoint: number): boolean;
}

/**
 * An npm font package ("@fontsource/pt-serif"): its regular, italic, bold and bold italic stylesheets
 * where the package has them (a missing bold would be synthesized as a Type 3 font), or one stylesheet
 * named directly ("@fontsource/pt-serif/400.css").
 */
export async function loadFontPackage(specifier: string, forbidden: string[], at: Place): Promise<FontFamily> {
  if (!parseFontSpecifier(specifier)) badSpecifier(specifier, at);
  const sheets = specifier.endsWith('.css')
    ? [specifier]
    : ['400', '400-italic', '700', '700-italic']
        .map((w) => `${specifier}/${w}.css`)
        .filter((s) => resolveSheet(s, forbidden, at));
  if (sheets.length === 0) {
    missingFontPackage(specifier, 'font package', at);
  }
  const css = (await Promise.all(sheets.map((s) => inlineFontCss(s, forbidden, at)))).join('\n');
  const { family, ranges } = packageFacts(sheets.join('\n'), css);
  if (!family)
    fail({
      ...at,
      message: `"${specifier}" has no @font-face rules`,
      rule: RULES.themeFont.id,
      fix: 'name a font package such as @fontsource/pt-serif',
    });
  return {
    family,
    css,
    source: specifier,
    place: at,
    covers: (cp) => !ranges || ranges.some(([from, to]) => cp >= from && cp <= to),
  };
}

const facts = new Map<string, { family?: string; ranges?: Array<[number, number]> }>();

/**
 * The family name of the stylesheets `sheets` (joined: `css`) and the unicode-ranges of their regular
 * face (undefined: a regular face without one covers everything). Read once per process: the regular
 * expressions cross the megabytes of base64 in `css` (~2 ms a call, every time a theme is loaded).
 */
function packageFacts(sheets: string, css: string): { family?: string; ranges?: Array<[number, number]> } {
  let found = facts.get(sheets);
  if (!found) {
    const family = /font-family:\s*['"]?([^;'"]+)/.exec(css)?.[1]?.trim();
    // The regular face's subsets: a character outside every unicode-range falls back to a system font.
    const regular = [...css.matchAll(/@font-face\s*{[^}]*}/g)]
      .map((m) => m[0])
      .filter((rule) => /font-weight:\s*400/.test(rule) && !/font-style:\s*italic/.test(rule));
    const ranges = regular.map((rule) => /unicode-range:\s*([^;}]+)/.exec(rule)?.[1]);
    const all = ranges.some((r) => r === undefined);
    found = { family, ranges: all ? undefined : ranges.flatMap((r) => (r ? parseUnicodeRange(r) : [])) };
    facts.set(sheets, found);
  }
  return found;
}

export interface LocalFace {
  file: string;
  /** CSS font-weight: "400", "700", or a range "100 900" for a file that serves every weight. */
  weight: string;
  style: 'normal' | 'italic';
}

const FONT_MIME: Record<string, [string, string]> = {
  '.woff2': ['font/woff2', 'woff2'],
  '.woff': ['font/woff', 'woff'],
  '.ttf': ['font/ttf', 'truetype'],
  '.otf': ['font/otf', 'opentype'],
};

/**
 * Font files of a family (paths relative to `dir`, which they must stay inside): @font-face rules
 * with data: URLs, and the regular face's character map read with fontkit. A promise, as
 * loadFontPackage's: a refused file reaches the caller as a rejection.
 */
export function localFontFaces(
  role: string,
  faces: LocalFace[],
  dir: string,
  at: Place,
  familyName?: string,
  root = dir,
): Promise<FontFamily> {
  return new Promise((resolve) => resolve(readLocalFaces(role, faces, dir, at, familyName, root)));
}

function readLocalFaces(
  role: string,
  faces: LocalFace[],
  dir: string,
  at: Place,
  familyName: string | undefined,
  root: string,
): FontFamily {
  const family = familyName ?? `Briefing ${role}`;
  const errors: Array<{ message: string; fix: string }> = [];
  const rules: string[] = [];
  let regular: Buffer | undefined;
  for (const face of faces) {
    const target = path.resolve(dir, face.file);
    const rel = path.relative(path.resolve(root), target);
    const outside = rel === '' || rel.startsWith('..') || path.isAbsolute(rel);
    const mime = FONT_MIME[path.extname(target).toLowerCase()];
    if (outside) {
      errors.push({
        message: `font file "${face.file}" is outside the templates folder`,
        fix: 'copy the font into the templates folder (e.g. templates/fonts/) and name it relative to it',
      });
      continue;
    }
    if (!mime) {
      errors.push({
        message: `font file "${face.file}": unsupported type`,
        fix: 'use a .woff2, .woff, .ttf or .otf file',
      });
      continue;
    }
    const folder = { root, name: 'templates folder' };
    const found = resolveInside(folder, target);
    if (isProblem(found)) {
      errors.push(
        found.code === 'missing'
          ? { message: `font file "${face.file}" not found (looked for ${rel})`, fix: 'add the file or fix the name' }
          : found.code === 'link-outside'
            ? {
                message: `font file "${face.file}" is a link to a file outside the templates folder`,
                fix: 'copy the font into the templates folder',
              }
            : { message: `font file "${face.file}" ${found.message}`, fix: found.fix },
      );
      continue;
    }
    let data: Buffer;
    try {
      data = readInsideSync(folder, target);
    } catch (error) {
      if (!(error instanceof BriefingError)) throw error;
      errors.push({
        message: `font file "${face.file}" ${error.diagnostics[0]!.message}`,
        fix: error.diagnostics[0]!.fix ?? '',
      });
      continue;
    }
    if (face.style === 'normal' && (face.weight === '400' || face.weight.includes(' '))) regular ??= data;
    rules.push(
      `@font-face { font-family: ${cssString(family)}; font-style: ${face.style}; font-weight: ${face.weight}; font-display: block; src: url(data:${mime[0]};base64,${data.toString('base64')}) format('${mime[1]}'); }`,
    );
  }
  if (errors.length > 0)
    throw new BriefingError(errors.map((e) => ({ ...at, severity: 'error', rule: RULES.themeFont.id, ...e })));
  const covers = characterMap(regular!, faces[0]!.file, at);
  return { family, css: rules.join('\n'), source: faces[0]!.file, place: at, covers };
}

function characterMap(data: Buffer, name: string, at: Place): (cp: number) => boolean {
  // Read once per font (charset.ts keeps it, in memory and beside the parse cache): fontkit decodes a
  // woff2 whole, in JavaScript, to list its characters.
  let set: Set<number>;
  try {
    set = readableFontCharset(data);
  } catch (error) {
    fail({
      ...at,
      message: `font file "${name}" cannot be read: ${String((error as Error).message)}`,
      rule: RULES.themeFont.id,
      fix: 'use an intact .woff2, .woff, .ttf or .otf file',
    });
  }
  return (cp) => set.has(cp);
}

/** A font package or stylesheet that does not resolve: the fix names the npm package to install. */
function missingFontPackage(specifier: string, what: string, at: Place): never {
  const pkg = specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
  fail({
    ...at,
    message: `${what} "${specifier}" not found`,
    rule: RULES.themeMissingFont.id,
    fix: `run \`npm install ${pkg}\``,
  });
}

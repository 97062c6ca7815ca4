// templates/theme.yaml: the one place for the edition's look (page size and margins, colours, fonts,
// logo, chapter starts, running heads, cover). Read together with an optional _brand.yml (brand.yml
// format) from the templates or content folder, which theme.yaml overrides. Every value is checked
// here, with its file:line:column; the stylesheets only read the result (see theme-css.ts).
import path from 'node:path';
import { BriefingError, sortDiagnostics, type Diagnostic } from '../messages.js';
import { readYamlFile, type YamlFile } from '../config/yaml.js';
import { isInside, isProblem, readInside, resolveInside } from '../paths.js';
import { readBrand, type BrandInput, type Placed } from './brand.js';
import { isCssColor } from './colors.js';
import { loadFontPackage, localFontFaces, type FontFamily, type LocalFace } from './fonts.js';
import { imageCostProblem } from '../image-limits.js';
import { RULES } from '../rules.js';
import { schemaProblems, show } from '../config/schema.js';
import type { ContentsDepth } from '../pipeline/contents.js';
import type { HeadContent } from './page-plan.js';

/** Page sizes by name, in millimetres (portrait). */
export const PAGE_SIZES: Record<string, [number, number]> = {
  A3: [297, 420],
  A4: [210, 297],
  A5: [148, 210],
  B5: [176, 250],
  Letter: [215.9, 279.4],
  Legal: [215.9, 355.6],
};

/**
 * Largest page side (mm): PDF readers accept at most 14,400 units (200 in) per side (ISO 32000-1,
 * annex C); Chromium writes larger pages, which readers then refuse or clip.
 */
export const MAX_PAGE_SIDE_MM = 200 * 25.4;

/** The text area must keep at least this much room (mm): anything less cannot hold the edition. */
const MIN_TEXT_WIDTH = 80;
const MIN_TEXT_HEIGHT = 100;
/** Callouts float in a side column only where the text area is at least this wide (mm). */
const SIDE_COLUMN_FROM = 140;

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface PageGeometry {
  /** Millimetres. */
  width: number;
  height: number;
  /** As on a right-hand page; left-hand pages swap left and right when `facing`. */
  margins: Margins;
  facing: boolean;
  /** Text area of the page (body width; src/print measures line ends in this layout). */
  contentWidth: number;
  contentHeight: number;
  /** Side column for callouts (0: callouts sit between paragraphs) and the gap beside it. */
  sideWidth: number;
  columnGap: number;
  /** The body text column: content width minus the side column and gap. */
  textWidth: number;
}

export interface ThemeLogo {
  dataUrl: string;
  /** Width / height, from the image's own header (1 when it does not say). */
  aspect: number;
  /** File name, for messages. */
  file: string;
}

export type { HeadContent };

export interface Theme {
  file: string;
  page: PageGeometry;
  /** Colour name → CSS colour (accent, box, rule, text, muted, background, highlight, and the user's own). */
  colors: Record<string, string>;
  fonts: { body: FontFamily; headings: FontFamily };
  logo?: ThemeLogo;
  chapters: { start: 'page' | 'right' };
  /** How deep the contents and the PDF bookmarks go: `auto` (chapters and sections) or heading level 1–6. */
  contents: { depth: ContentsDepth };
  /**
   * Where footnotes are printed: after the chapter that refers to them, in one Notes chapter at the
   * end, or (print only) at the foot of the page of their reference (print/foot-notes.ts).
   */
  notes: 'chapter' | 'end' | 'foot';
  /** How note marks count: across the edition, from 1 in each chapter, or per page in symbols (* † ‡ §, print). */
  noteNumbers: 'edition' | 'chapter' | 'page';
  /** `logo`: the logo, small, in the middle of every running head. */
  runningHeads: { left: HeadContent; right: HeadContent; logo: boolean };
  cover: { align: 'center' | 'left' };
  /** The side column for callouts: on pages of chapters that have callouts (auto), always, or never. */
  sideColumn: 'auto' | 'always' | 'never';
  diagnostics: Diagnostic[];
}

const DEFAULT_COLORS: Record<string, string> = {
  accent: '#1c4e80',
  box: '#eef3f8',
  rule: '#9db3c9',
  text: '#111111',
  muted: '#555555',
  background: '#ffffff',
  highlight: '#fff4c2',
};

const FONT_FILE = /\.(woff2|woff|ttf|otf)$/i;
const LOGO_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
};

/** theme.yaml as schema/theme.schema.json allows it (null: a key written with nothing after it). */
interface ThemeYaml {
  page?: { size?: string; margins?: string | number; facing?: boolean } | null;
  colors?: Record<string, string> | null;
  fonts?: { body?: unknown; headings?: unknown } | null;
  logo?: string | null;
  chapters?: { start?: 'page' | 'right' } | null;
  contents?: { depth?: ContentsDepth } | null;
  notes?: 'chapter' | 'end' | 'foot';
  'note-numbers'?: 'edition' | 'chapter' | 'page';
  'running-heads'?: { left?: HeadContent; right?: HeadContent; logo?: boolean } | null;
  cover?: { align?: 'center' | 'left' } | null;
  'side-column'?: 'auto' | 'always' | 'never';
}

type At = { file: string; line: number; column: number };

/** Read and check theme.yaml (and _brand.yml where present). All problems are thrown together. */
export async function loadTheme(templatesDir: string, contentDir?: string): Promise<Theme> {
  const file = path.join(templatesDir, 'theme.yaml');
  const theme = await readYamlFile(
    { root: templatesDir, name: 'templates folder' },
    file,
    'theme.yaml',
    'restore templates/theme.yaml from the repository (it sets page, colours and fonts)',
  );
  // The folders an author controls: no font package may be read from a node_modules inside them.
  const authors = [templatesDir, ...(contentDir ? [contentDir] : [])];
  const brand = await readBrand(authors);
  const problems: Diagnostic[] = [
    ...(brand?.diagnostics ?? []),
    ...schemaProblems('theme', theme, RULES.themeInvalid.id),
  ];
  if (problems.some((p) => p.rule === RULES.themeInvalid.id)) throw new BriefingError(sortDiagnostics(problems));
  const data = theme.data as ThemeYaml;
  const at = (keys: Array<string | number>): At => ({ file, ...theme.positionAt(keys) });
  const problem: Problem = (keys, message, fix) =>
    problems.push({ ...at(keys), severity: 'error', message, rule: RULES.themeInvalid.id, fix });

  const page = pageGeometry(data.page ?? {}, problem);
  const colors = themeColors(data.colors ?? {}, brand, problem);
  const fonts = await themeFonts(data.fonts ?? {}, { templatesDir, authors, brand, at, problems });
  const logo =
    typeof data.logo === 'string'
      ? await readLogo(data.logo, templatesDir, at(['logo']), problems)
      : brand?.logo.cover &&
        (await readLogo(brand.logo.cover.value, brand.dir, brand.logo.cover.at, problems, brand.root));
  const heads = data['running-heads'] ?? {};
  const headLogo = heads.logo ?? false;
  if (headLogo && !logo && !problems.some((p) => p.rule === RULES.themeLogo.id))
    problem(
      ['running-heads', 'logo'],
      '`running-heads.logo` is true but the theme has no logo',
      'add `logo: logo.png` (a file in the templates folder), or a logo in _brand.yml',
    );

  if (problems.some((p) => p.severity === 'error') || !fonts) throw new BriefingError(sortDiagnostics(problems));
  return {
    file,
    page,
    colors,
    fonts,
    logo,
    chapters: { start: data.chapters?.start ?? 'page' },
    contents: { depth: data.contents?.depth ?? 'auto' },
    notes: data.notes ?? 'chapter',
    noteNumbers: data['note-numbers'] ?? 'edition',
    runningHeads: {
      left: heads.left ?? 'edition',
      right: heads.right ?? 'section',
      logo: headLogo && logo !== undefined,
    },
    cover: { align: data.cover?.align ?? 'center' },
    sideColumn: data['side-column'] ?? 'auto',
    diagnostics: problems,
  };
}

type Problem = (keys: Array<string | number>, message: string, fix: string) => void;

interface FontContext {
  templatesDir: string;
  authors: string[];
  brand: BrandInput | undefined;
  at: (keys: Array<string | number>) => At;
  problems: Diagnostic[];
}

/** Fonts: theme.yaml wins, then the brand file, then PT Serif / PT Sans. */
async function themeFonts(
  fonts: { body?: unknown; headings?: unknown },
  context: FontContext,
): Promise<Theme['fonts'] | undefined> {
  const { templatesDir, authors, brand, at, problems } = context;
  const fontOf = async (role: 'body' | 'headings', fallback: string): Promise<FontFamily | undefined> => {
    const value = fonts[role];
    try {
      if (value !== undefined) return await themeFont(value, role, templatesDir, authors, brand, at(['fonts', role]));
      const fromBrand = brand?.fonts[role];
      if (fromBrand) return await fromBrand.load();
      return await loadFontPackage(fallback, authors, at(['fonts', role]));
    } catch (error) {
      if (!(error instanceof BriefingError)) throw error;
      problems.push(...error.diagnostics);
      return undefined;
    }
  };
  const [body, headings] = await Promise.all([
    fontOf('body', '@fontsource/pt-serif'),
    fontOf('headings', '@fontsource/pt-sans'),
  ]);
  return body && headings ? { body, headings } : undefined;
}

/** A CSS length in millimetres ("24mm", "1in", "2.5cm", "36pt", "0"), or undefined. */
export function toMillimetres(text: string): number | undefined {
  const m = /^(-?\d+(?:\.\d+)?|-?\.\d+)(mm|cm|in|pt|pc|px)?$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2];
  if (unit === undefined) return n === 0 ? 0 : undefined;
  const per: Record<string, number> = { mm: 1, cm: 10, in: 25.4, pt: 25.4 / 72, pc: 25.4 / 6, px: 25.4 / 96 };
  return n * per[unit]!;
}

function pageGeometry(data: NonNullable<ThemeYaml['page']>, problem: Problem): PageGeometry {
  let [width, height] = PAGE_SIZES.A4!;
  const size = data.size ?? 'A4';
  const named = Object.keys(PAGE_SIZES).find((k) => k.toLowerCase() === show(size).trim().toLowerCase());
  if (named) [width, height] = PAGE_SIZES[named]!;
  else {
    const parts = typeof size === 'string' ? size.trim().split(/\s+/).map(toMillimetres) : [];
    const bounded = parts.every((n) => n !== undefined && n <= MAX_PAGE_SIDE_MM);
    if (parts.length === 2 && parts.every((n) => n !== undefined && n > 0) && !bounded)
      problem(
        ['page', 'size'],
        `page size "${show(size)}" is larger than a PDF page can be (at most ${MAX_PAGE_SIDE_MM} mm, 200 in, a side)`,
        'use a page of at most 5080mm × 5080mm (for a poster, a smaller size scaled up by the printer)',
      );
    else if (parts.length === 2 && parts.every((n) => n !== undefined && n > 0))
      [width, height] = parts as [number, number];
    else
      problem(
        ['page', 'size'],
        `unknown page size "${show(size)}"`,
        `use one of ${Object.keys(PAGE_SIZES).join(', ')}, or width and height such as "170mm 240mm"`,
      );
  }
  const facing = data.facing ?? false;
  const margins = parseMargins(data.margins ?? '24mm 22mm', problem) ?? { top: 24, right: 22, bottom: 24, left: 22 };
  const contentWidth = width - margins.left - margins.right;
  const contentHeight = height - margins.top - margins.bottom;
  if (contentWidth < MIN_TEXT_WIDTH || contentHeight < MIN_TEXT_HEIGHT) {
    problem(
      ['page', 'margins'],
      `the margins leave a text area of ${fmt(contentWidth)} × ${fmt(contentHeight)} mm on a ${fmt(width)} × ${fmt(height)} mm page`,
      `make the margins smaller: the text area needs at least ${MIN_TEXT_WIDTH} mm × ${MIN_TEXT_HEIGHT} mm`,
    );
  }
  // The side column keeps the A4 edition's proportions (50 mm of 166 mm), at most 50 mm.
  const columnGap = 4;
  const sideWidth = contentWidth >= SIDE_COLUMN_FROM ? Math.min(50, Math.round(contentWidth * 0.3)) : 0;
  const textWidth = sideWidth > 0 ? contentWidth - sideWidth - columnGap : contentWidth;
  return {
    width,
    height,
    margins,
    facing,
    contentWidth: round(contentWidth),
    contentHeight: round(contentHeight),
    sideWidth,
    columnGap: sideWidth > 0 ? columnGap : 0,
    textWidth: round(textWidth),
  };
}

function parseMargins(value: unknown, problem: Problem): Margins | undefined {
  const parts = typeof value === 'number' ? [] : String(value).trim().split(/\s+/);
  const mm = parts.map(toMillimetres);
  if (parts.length < 1 || parts.length > 4 || mm.some((n) => n === undefined || n < 0)) {
    problem(
      ['page', 'margins'],
      `\`page.margins\` is "${show(value)}": expected 1 to 4 lengths`,
      'write it like CSS: `24mm 22mm` (top/bottom, sides) or `20mm 18mm 24mm 30mm` (top right bottom left); units mm, cm, in, pt',
    );
    return undefined;
  }
  const [t, r = t, b = t, l = r] = mm as number[];
  return { top: t!, right: r!, bottom: b!, left: l! };
}

function themeColors(data: Record<string, string>, brand: BrandInput | undefined, problem: Problem) {
  const colors: Record<string, string> = { ...DEFAULT_COLORS, ...(brand?.colors ?? {}) };
  const palette = brand?.palette ?? {};
  for (const [name, value] of Object.entries(data)) {
    const text = value.trim();
    const resolved = palette[text] ?? text;
    if (!isCssColor(resolved)) {
      problem(
        ['colors', name],
        `colors.${name}: "${text}" is not a colour`,
        `write a CSS colour such as "#1c4e80", rgb(28 78 128) or navy${Object.keys(palette).length ? `, or a palette name of _brand.yml (${Object.keys(palette).join(', ')})` : ''}`,
      );
      continue;
    }
    colors[name] = resolved;
  }
  return colors;
}

async function themeFont(
  value: unknown,
  role: 'body' | 'headings',
  templatesDir: string,
  authors: string[],
  brand: BrandInput | undefined,
  at: { file: string; line: number; column: number },
): Promise<FontFamily> {
  const bad = (message: string, fix: string): never => {
    throw new BriefingError({ ...at, severity: 'error', message, rule: RULES.themeFont.id, fix });
  };
  const how =
    'name an npm font package ("@fontsource/pt-serif"), a font file in the templates folder ("fonts/Brand.woff2"), or files by style (regular:, bold:, italic:, bold-italic:)';
  if (typeof value === 'string') {
    const text = value.trim();
    if (FONT_FILE.test(text))
      return localFontFaces(role, [{ file: text, weight: '100 900', style: 'normal' }], templatesDir, at);
    const brandFamily = brand?.families.get(text.toLowerCase());
    if (brandFamily) return brandFamily.load();
    if (/^[@a-z0-9][\w./@-]*$/i.test(text)) return loadFontPackage(text, authors, at);
    return bad(`fonts.${role}: "${text}" is neither a font package nor a font file`, how);
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const styles: Record<string, { weight: string; style: 'normal' | 'italic' }> = {
      regular: { weight: '400', style: 'normal' },
      bold: { weight: '700', style: 'normal' },
      italic: { weight: '400', style: 'italic' },
      'bold-italic': { weight: '700', style: 'italic' },
    };
    const entries = Object.entries(value as Record<string, unknown>);
    const faces: LocalFace[] = [];
    let family: string | undefined;
    for (const [key, file] of entries) {
      if (key === 'family' && typeof file === 'string') family = file;
      else if (styles[key] && typeof file === 'string') faces.push({ file, ...styles[key] });
      else
        bad(`fonts.${role}.${key}: expected one of family, regular, bold, italic, bold-italic with a file name`, how);
    }
    if (!faces.some((f) => f.weight === '400' && f.style === 'normal'))
      bad(`fonts.${role} has no \`regular\` file`, 'add `regular: fonts/YourFont-Regular.woff2`');
    // A family without a bold face: let the regular one serve every weight rather than a synthesized
    // bold (which Chromium writes as a Type 3 font).
    if (!faces.some((f) => f.weight === '700')) {
      for (const face of faces) face.weight = '100 900';
    }
    return localFontFaces(role, faces, templatesDir, at, family);
  }
  return bad(`fonts.${role} must be a font package, a font file or files by style`, how);
}

async function readLogo(
  name: string,
  dir: string,
  at: { file: string; line: number; column: number },
  problems: Diagnostic[],
  root = dir,
): Promise<ThemeLogo | undefined> {
  const problem = (message: string, fix: string) => {
    problems.push({ ...at, severity: 'error', message, rule: RULES.themeLogo.id, fix });
    return undefined;
  };
  const target = path.resolve(dir, name);
  if (!inside(root, target))
    return problem(
      `logo "${name}" is outside the templates folder`,
      'copy the logo into the templates folder and name it relative to it',
    );
  const mime = LOGO_TYPES[path.extname(target).toLowerCase()];
  if (!mime) return problem(`logo "${name}": unsupported file type`, 'use a PNG, JPEG or SVG file');
  const folder = { root, name: 'templates folder' };
  const found = resolveInside(folder, target);
  if (isProblem(found)) {
    if (found.code === 'missing')
      return problem(
        `logo "${name}" not found (looked for ${path.relative(root, target)})`,
        'add the file or fix the name',
      );
    if (found.code === 'link-outside')
      return problem(
        `logo "${name}" is a link to a file outside the templates folder`,
        'copy the file into the templates folder',
      );
    return problem(`logo "${name}" ${found.message}`, found.fix);
  }
  let data: Buffer;
  try {
    data = await readInside(folder, target);
  } catch (error) {
    if (!(error instanceof BriefingError)) throw error;
    return problem(`logo "${name}" ${error.diagnostics[0]!.message}`, error.diagnostics[0]!.fix ?? '');
  }
  const costly = imageCostProblem(data, mime);
  if (costly) {
    problems.push({
      ...at,
      severity: 'error',
      message: `logo "${name}" ${costly.message}`,
      rule: RULES.limitsImage.id,
      fix: costly.fix,
    });
    return undefined;
  }
  return { dataUrl: `data:${mime};base64,${data.toString('base64')}`, aspect: imageAspect(data, mime), file: name };
}

/** Width / height of a PNG, JPEG or SVG from its header; 1 when it cannot be told. */
export function imageAspect(data: Buffer, mime: string): number {
  let size: [number, number] | undefined;
  if (mime === 'image/png' && data.length >= 24) size = [data.readUInt32BE(16), data.readUInt32BE(20)];
  else if (mime === 'image/jpeg') {
    // The first start-of-frame marker (C0–CF but C4, C8, CC) holds height and width.
    for (let i = 2; i + 9 < data.length;) {
      if (data[i] !== 0xff) break;
      const marker = data[i + 1]!;
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        size = [data.readUInt16BE(i + 7), data.readUInt16BE(i + 5)];
        break;
      }
      i += 2 + data.readUInt16BE(i + 2);
    }
  } else if (mime === 'image/svg+xml') {
    const head = data.subarray(0, 4096).toString('utf8');
    const box = /viewBox\s*=\s*["']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(head);
    const w = /<svg[^>]*\swidth\s*=\s*["']([\d.]+)/.exec(head);
    const h = /<svg[^>]*\sheight\s*=\s*["']([\d.]+)/.exec(head);
    if (box) size = [Number(box[1]), Number(box[2])];
    else if (w && h) size = [Number(w[1]), Number(h[1])];
  }
  return size && size[0] > 0 && size[1] > 0 ? size[0] / size[1] : 1;
}

/** Is `target` strictly inside `root`? (src/paths.ts; kept under this name for theme's callers.) */
export function inside(root: string, target: string): boolean {
  return isInside(path.resolve(root), path.resolve(target));
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function fmt(n: number): string {
  return String(round(n));
}

export type { Placed, YamlFile };

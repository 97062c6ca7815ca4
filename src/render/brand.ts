// _brand.yml (the brand.yml format read by Quarto, Shiny, pkgdown…) in the templates or content folder:
// colours, fonts and logos an organisation already keeps. Only what applies to print is read
// (color.palette/primary/foreground/background/light, typography.fonts/base/headings, logo
// small/medium/large/images); other keys (meta, defaults, monospace, link, dark variants…) are ignored
// quietly. Values of the keys we read are checked and errors carry _brand.yml:line:column.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { BriefingError, type Diagnostic } from '../messages.js';
import { readYamlFile, type YamlFile } from '../config/yaml.js';
import { isCssColor } from './colors.js';
import { schemaProblems } from '../config/schema.js';
import { loadFontPackage, localFontFaces, type FontFamily, type LocalFace } from './fonts.js';
import { RULES } from '../rules.js';

export interface Placed<T> {
  value: T;
  at: { file: string; line: number; column: number };
}

interface FamilyLoader {
  load(): Promise<FontFamily>;
}

export interface BrandInput {
  file: string;
  /** The brand file's folder: its font and logo paths are relative to it and must stay inside it. */
  dir: string;
  root: string;
  palette: Record<string, string>;
  /** Theme colour names (accent, text, background, box) taken from the brand's colours. */
  colors: Record<string, string>;
  /** Families declared in typography.fonts, by lower-case name. */
  families: Map<string, FamilyLoader>;
  fonts: { body?: FamilyLoader; headings?: FamilyLoader };
  /** The logo: large, else medium, else small (on the cover, and in the running heads if theme.yaml asks). */
  logo: { cover?: Placed<string> };
  diagnostics: Diagnostic[];
}

/** brand.yml colour roles → the theme's colour names. */
const COLOR_ROLES: Record<string, string> = {
  primary: 'accent',
  foreground: 'text',
  background: 'background',
  light: 'box',
};

const WEIGHTS: Record<string, string> = {
  thin: '100',
  'extra-light': '200',
  'ultra-light': '200',
  light: '300',
  normal: '400',
  regular: '400',
  medium: '500',
  'semi-bold': '600',
  'demi-bold': '600',
  bold: '700',
  'extra-bold': '800',
  'ultra-bold': '800',
  black: '900',
};

/** The first _brand.yml found in `dirs` (templates folder first), or undefined. */
export async function readBrand(dirs: string[]): Promise<BrandInput | undefined> {
  for (const dir of dirs) {
    const file = path.join(dir, '_brand.yml');
    if (
      await access(file).then(
        () => true,
        () => false,
      )
    ) {
      const yaml = await readYamlFile({ root: dir, name: 'folder' }, file, '_brand.yml', 'fix or remove _brand.yml');
      return interpret(yaml, dir, dirs);
    }
  }
  return undefined;
}

/** _brand.yml as schema/brand.schema.json allows it (the part Briefing reads). */
type Light<T> = T | { light: T };
type LogoRef = Light<string | { path: string }>;
interface BrandFont {
  family: string;
  source?: 'file' | 'google' | 'bunny' | 'system';
  files?: Array<string | { path: string; weight?: number | string; style?: 'normal' | 'italic' }>;
}
interface BrandYaml {
  color?: { palette?: Record<string, string> } & Partial<Record<string, Light<string>>>;
  typography?: { fonts?: BrandFont[]; base?: string | { family?: string }; headings?: string | { family?: string } };
  logo?: string | ({ images?: Record<string, LogoRef> } & Partial<Record<'small' | 'medium' | 'large', LogoRef>>);
}

type At = (keys: Array<string | number>) => { file: string; line: number; column: number };
type Problem = (keys: Array<string | number>, message: string, fix: string) => void;

/** brand.yml allows { light, dark } variants: print is light. */
function light<T>(value: Light<T> | undefined): T | undefined {
  return value && typeof value === 'object' && 'light' in value ? value.light : value;
}

/** `authors`: the templates and content folders, which no font package may come from. */
function interpret(yaml: YamlFile, dir: string, authors: string[]): BrandInput {
  const file = yaml.path;
  const diagnostics = schemaProblems('brand', yaml, RULES.themeBrand.id);
  const at: At = (keys) => ({ file, ...yaml.positionAt(keys) });
  const problem: Problem = (keys, message, fix) =>
    diagnostics.push({ ...at(keys), severity: 'error', message, rule: RULES.themeBrand.id, fix });
  const empty = { file, dir, root: dir, palette: {}, colors: {}, families: new Map(), fonts: {}, logo: {} };
  if (diagnostics.length > 0) return { ...empty, diagnostics };

  const data = yaml.data as BrandYaml;
  const { palette, colors } = brandColors(data.color ?? {}, problem);
  const typography = data.typography ?? {};
  const families = new Map<string, FamilyLoader>();
  (typography.fonts ?? []).forEach((font, i) => {
    families.set(font.family.toLowerCase(), fontLoader(font, ['typography', 'fonts', i], dir, at, problem));
  });
  const role = (name: 'base' | 'headings') => roleFamily(typography[name], families, authors, at(['typography', name]));
  return {
    ...empty,
    palette,
    colors,
    families,
    fonts: { body: role('base'), headings: role('headings') },
    logo: { cover: brandLogo(data.logo, at) },
    diagnostics,
  };
}

/** The palette (every name also a theme colour) and the colour roles, resolved through it. */
function brandColors(color: NonNullable<BrandYaml['color']>, problem: Problem) {
  const palette: Record<string, string> = {};
  for (const [name, value] of Object.entries(color.palette ?? {})) {
    if (isCssColor(value)) palette[name] = value;
    else
      problem(
        ['color', 'palette', name],
        `color.palette.${name}: "${value}" is not a colour`,
        'write a CSS colour such as "#1c4e80"',
      );
  }
  const colors: Record<string, string> = {};
  for (const [role, themeName] of Object.entries(COLOR_ROLES)) {
    const raw = light(color[role]);
    if (raw === undefined) continue;
    const value = palette[raw] ?? raw;
    if (isCssColor(value)) colors[themeName] = value;
    else
      problem(
        ['color', role],
        `color.${role}: "${raw}" is not a colour or a palette name`,
        `write a CSS colour or one of the palette's names (${Object.keys(palette).join(', ') || 'none defined'})`,
      );
  }
  // Every palette name is also a theme colour (var(--name) in the stylesheets).
  for (const [name, value] of Object.entries(palette)) if (/^[a-z][a-z0-9-]*$/.test(name)) colors[name] ??= value;
  return { palette, colors };
}

/** One entry of typography.fonts: its files, or a refusal that counts only if the theme uses the family. */
function fontLoader(
  font: BrandFont,
  keys: Array<string | number>,
  dir: string,
  at: At,
  problem: Problem,
): FamilyLoader {
  const { family, source = 'google' } = font;
  const refuse = (message: string, fix: string): FamilyLoader => ({
    load: () =>
      Promise.reject(
        new BriefingError({
          ...at([...keys, 'source']),
          severity: 'error',
          message,
          rule: RULES.themeBrandFont.id,
          fix,
        }),
      ),
  });
  if (source === 'google' || source === 'bunny')
    return refuse(
      `font "${family}" has \`source: ${source}\`: Briefing prints offline and does not download fonts`,
      `download the font files into the folder of _brand.yml and use \`source: file\` with \`files:\`, or \`npm install @fontsource/${slug(family)}\``,
    );
  if (source === 'system')
    return refuse(
      `font "${family}" has \`source: system\`: a system font differs from machine to machine and cannot be embedded reproducibly`,
      'add the font files with `source: file`, or use an npm font package',
    );
  const faces: LocalFace[] = (font.files ?? []).map((f) => {
    const face = typeof f === 'string' ? { path: f } : f;
    const weight = face.weight === undefined ? '400' : (WEIGHTS[String(face.weight)] ?? String(face.weight));
    return { file: face.path, weight, style: face.style ?? 'normal' };
  });
  if (faces.length === 0)
    problem(
      keys,
      `font "${family}" has \`source: file\` but no \`files\``,
      'list the files: `files: [fonts/Brand-Regular.woff2]` or with path, weight and style',
    );
  if (!faces.some((f) => f.weight === '700')) for (const face of faces) face.weight = '100 900';
  const fileAt = at([...keys, 'files']);
  return { load: () => localFontFaces(slug(family), faces, dir, fileAt, family) };
}

/** typography.base or .headings: a declared family, else an npm package of that name (offline). */
function roleFamily(
  value: string | { family?: string } | undefined,
  families: Map<string, FamilyLoader>,
  authors: string[],
  placed: { file: string; line: number; column: number },
): FamilyLoader | undefined {
  const family = typeof value === 'string' ? value : value?.family;
  if (family === undefined) return undefined;
  const declared = families.get(family.toLowerCase());
  if (declared) return declared;
  // Not declared: brand.yml would fetch it from Google Fonts; offline, an npm package may have it.
  const pkg = `@fontsource/${slug(family)}`;
  return {
    load: () =>
      loadFontPackage(pkg, authors, placed).catch((error: unknown) => {
        // Only "not installed" means "would come from Google Fonts"; a refused package says why itself.
        if (!(error instanceof BriefingError) || error.diagnostics[0]?.rule !== RULES.themeMissingFont.id) throw error;
        throw new BriefingError({
          ...placed,
          severity: 'error',
          message: `font "${family}" is not in typography.fonts, so brand.yml would fetch it from Google Fonts; Briefing prints offline`,
          rule: RULES.themeBrandFont.id,
          fix: `run \`npm install ${pkg}\`, or add its files under typography.fonts with \`source: file\``,
        });
      }),
  };
}

/** The cover logo: large, else medium, else small; a name from logo.images stands for its file. */
function brandLogo(logo: BrandYaml['logo'], at: At): Placed<string> | undefined {
  const sizes = typeof logo === 'string' ? { medium: logo } : (logo ?? {});
  const images = typeof logo === 'object' ? (logo.images ?? {}) : {};
  const pathOf = (ref: LogoRef | undefined): string | undefined => {
    const value = light(ref);
    return typeof value === 'string' ? value : value?.path;
  };
  for (const size of ['large', 'medium', 'small'] as const) {
    const name = pathOf(sizes[size]);
    if (name !== undefined) return { value: pathOf(images[name]) ?? name, at: at(['logo', size]) };
  }
  return undefined;
}

function slug(family: string): string {
  return family
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

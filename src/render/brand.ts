// _brand.yml (the brand.yml format read by Quarto, Shiny, pkgdown…) in the templates or content folder:
// colours, fonts and logos an organisation already keeps. Only what applies to print is read
// (color.palette/primary/foreground/background/light, typography.fonts/base/headings, logo
// small/medium/large/images); other keys (meta, defaults, monospace, link, dark variants…) are ignored
// quietly. Values of the keys we read are checked and errors carry _brand.yml:line:column.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { BriefingError, type Diagnostic } from '../messages.js';
import { readYamlFile, type YamlFile } from '../config/yaml.js';
import { isCssColor, show } from './colors.js';
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

/** `authors`: the templates and content folders, which no font package may come from. */
function interpret(yaml: YamlFile, dir: string, authors: string[]): BrandInput {
  const file = yaml.path;
  const diagnostics: Diagnostic[] = [];
  const at = (keys: Array<string | number>) => ({ file, ...yaml.positionAt(keys) });
  const problem = (keys: Array<string | number>, message: string, fix: string) =>
    diagnostics.push({ ...at(keys), severity: 'error', message, rule: RULES.themeBrand.id, fix });
  const map = (value: unknown): Record<string, unknown> | undefined =>
    value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  // brand.yml allows { light, dark } variants: print is light.
  const light = (value: unknown): unknown => map(value)?.light ?? value;

  const data = yaml.data;
  const color = map(data.color) ?? {};
  if (data.color !== undefined && !map(data.color))
    problem(['color'], '`color` must be a mapping', 'write `color:` with palette, primary… below');
  const palette: Record<string, string> = {};
  const paletteData = map(color.palette) ?? {};
  for (const [name, value] of Object.entries(paletteData)) {
    if (typeof value === 'string' && isCssColor(value)) palette[name] = value;
    else
      problem(
        ['color', 'palette', name],
        `color.palette.${name}: "${show(value)}" is not a colour`,
        'write a CSS colour such as "#1c4e80"',
      );
  }
  const colors: Record<string, string> = {};
  for (const [role, themeName] of Object.entries(COLOR_ROLES)) {
    const raw = light(color[role]);
    if (raw === undefined) continue;
    const value = typeof raw === 'string' ? (palette[raw] ?? raw) : undefined;
    if (value && isCssColor(value)) colors[themeName] = value;
    else
      problem(
        ['color', role],
        `color.${role}: "${show(raw)}" is not a colour or a palette name`,
        `write a CSS colour or one of the palette's names (${Object.keys(palette).join(', ') || 'none defined'})`,
      );
  }
  // Every palette name is also a theme colour (var(--name) in the stylesheets).
  for (const [name, value] of Object.entries(palette)) if (/^[a-z][a-z0-9-]*$/.test(name)) colors[name] ??= value;

  const typography = map(data.typography) ?? {};
  const families = new Map<string, FamilyLoader>();
  const fontList = typography.fonts;
  if (fontList !== undefined && !Array.isArray(fontList))
    problem(
      ['typography', 'fonts'],
      '`typography.fonts` must be a list',
      'write each font as `- family: …` with `source:`',
    );
  (Array.isArray(fontList) ? fontList : []).forEach((entry: unknown, i) => {
    const font = map(entry);
    const keys = ['typography', 'fonts', i];
    if (!font || typeof font.family !== 'string') {
      problem(
        keys,
        `typography.fonts[${i + 1}] must have a \`family\``,
        'write `- family: Name` with `source: file` and `files:`',
      );
      return;
    }
    const family = font.family;
    const source = font.source ?? 'google';
    // A font that cannot be embedded is refused only if the theme actually uses its family.
    const refuseWhenUsed = (message: string, fix: string) =>
      families.set(family.toLowerCase(), {
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
    if (source === 'google' || source === 'bunny') {
      refuseWhenUsed(
        `font "${family}" has \`source: ${show(source)}\`: Briefing prints offline and does not download fonts`,
        `download the font files into the folder of _brand.yml and use \`source: file\` with \`files:\`, or \`npm install @fontsource/${slug(family)}\``,
      );
      return;
    }
    if (source === 'system') {
      refuseWhenUsed(
        `font "${family}" has \`source: system\`: a system font differs from machine to machine and cannot be embedded reproducibly`,
        'add the font files with `source: file`, or use an npm font package',
      );
      return;
    }
    if (source !== 'file') {
      problem(
        [...keys, 'source'],
        `typography.fonts[${i + 1}].source: "${show(source)}" is not a font source`,
        'use file, google, bunny or system',
      );
      return;
    }
    const files = Array.isArray(font.files) ? font.files : [];
    if (files.length === 0) {
      problem(
        keys,
        `font "${family}" has \`source: file\` but no \`files\``,
        'list the files: `files: [fonts/Brand-Regular.woff2]` or with path, weight and style',
      );
      return;
    }
    const faces: LocalFace[] = [];
    files.forEach((f: unknown, j) => {
      const face = typeof f === 'string' ? { path: f } : map(f);
      const weight = face?.weight === undefined ? '400' : (WEIGHTS[show(face.weight)] ?? show(face.weight));
      const style = face?.style ?? 'normal';
      if (
        !face ||
        typeof face.path !== 'string' ||
        !/^\d{3}$/.test(weight) ||
        (style !== 'normal' && style !== 'italic')
      ) {
        problem(
          [...keys, 'files', j],
          `font "${family}" file ${j + 1} needs a path, a weight (100–900 or bold…) and a style (normal or italic)`,
          'write `- path: fonts/Brand-Bold.woff2` with `weight: bold` and `style: normal`',
        );
        return;
      }
      faces.push({ file: face.path, weight, style });
    });
    if (!faces.some((f) => f.weight === '700')) for (const face of faces) face.weight = '100 900';
    const fileAt = at([...keys, 'files']);
    families.set(family.toLowerCase(), { load: () => localFontFaces(slug(family), faces, dir, fileAt, family) });
  });

  const roleFamily = (role: 'base' | 'headings'): FamilyLoader | undefined => {
    const value = typography[role];
    if (value === undefined) return undefined;
    const family = typeof value === 'string' ? value : map(value)?.family;
    if (typeof family !== 'string') {
      if (map(value) && map(value)!.family === undefined) return undefined;
      problem(
        ['typography', role],
        `typography.${role} must name a font family`,
        `write \`${role}: Family Name\` or \`family:\` below it`,
      );
      return undefined;
    }
    const placed = at(['typography', role]);
    const declared = families.get(family.toLowerCase());
    if (declared) return declared;
    // Not declared: brand.yml would fetch it from Google Fonts; offline, an npm package may have it.
    const pkg = `@fontsource/${slug(family)}`;
    return {
      load: () =>
        loadFontPackage(pkg, authors, placed).catch((error: unknown) => {
          // Only "not installed" means "would come from Google Fonts"; a refused package says why itself.
          if (!(error instanceof BriefingError) || error.diagnostics[0]?.rule !== RULES.themeMissingFont.id)
            throw error;
          throw new BriefingError({
            ...placed,
            severity: 'error',
            message: `font "${family}" is not in typography.fonts, so brand.yml would fetch it from Google Fonts; Briefing prints offline`,
            rule: RULES.themeBrandFont.id,
            fix: `run \`npm install ${pkg}\`, or add its files under typography.fonts with \`source: file\``,
          });
        }),
    };
  };

  const logoData = data.logo;
  const logoMap = typeof logoData === 'string' ? { medium: logoData } : (map(logoData) ?? {});
  const images = map(logoMap.images) ?? {};
  const logoOf = (size: string): Placed<string> | undefined => {
    const raw = light(logoMap[size]);
    if (raw === undefined) return undefined;
    const name = typeof raw === 'string' ? raw : map(raw)?.path;
    if (typeof name !== 'string') {
      problem(
        ['logo', size],
        `logo.${size} must be a file name or a name from logo.images`,
        'write `medium: logos/logo.png`',
      );
      return undefined;
    }
    const image = light(images[name]);
    const file = typeof image === 'string' ? image : (map(image)?.path as string | undefined);
    return { value: file ?? name, at: at(['logo', size]) };
  };
  return {
    file,
    dir,
    root: dir,
    palette,
    colors,
    families,
    fonts: { body: roleFamily('base'), headings: roleFamily('headings') },
    logo: { cover: logoOf('large') ?? logoOf('medium') ?? logoOf('small') },
    diagnostics,
  };
}

function slug(family: string): string {
  return family
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

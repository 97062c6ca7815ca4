// templates/theme.yaml and _brand.yml without a browser: the geometry and CSS they produce, and a
// positioned message for every bad value.
import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { imageAspect, loadTheme } from '../../src/render/theme.js';
import { themeCss } from '../../src/render/theme-css.js';
import { loadTemplates } from '../../src/render/render.js';
import { loadConfig } from '../../src/config/config.js';
import { checkEditions } from '../../src/check.js';
import { failureMessages } from '../support/errors.js';
import { ROOT, tempDir } from '../support/cli.js';
import { isCssColor } from '../../src/render/colors.js';
import { fallbackFamilies, planFallbacks } from '../../src/render/font-fallbacks.js';

const TEMPLATES = path.join(ROOT, 'templates');
const THEMES = path.join(ROOT, 'tests', 'fixtures', 'themes');
const LATIN_FONT = path.join(THEMES, 'latin-font', 'fonts', 'pt-sans-latin-400-normal.woff2');

/** A copy of templates/ with the given files written over it. */
function templatesWith(files: Record<string, string>): string {
  const dir = path.join(tempDir('briefing-theme-'), 'templates');
  cpSync(TEMPLATES, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** The messages of a theme that must fail, with the temp folder shown as templates/. */
async function themeErrors(files: Record<string, string>, setup?: (dir: string) => void): Promise<string[]> {
  const dir = templatesWith(files);
  setup?.(dir);
  const text = await failureMessages(() => loadTheme(dir));
  return text.split('\n').map((line) => line.replaceAll(dir, 'templates'));
}

describe('theme geometry and CSS', () => {
  it('derives the text area, the side column and the @page rules from page size and margins', async () => {
    const dir = templatesWith({
      'theme.yaml': 'page:\n  size: Letter\n  margins: 18mm\ncolors:\n  accent: "#8a1538"\n',
    });
    const theme = await loadTheme(dir);
    expect(theme.page).toMatchObject({ width: 215.9, height: 279.4, contentWidth: 179.9, contentHeight: 243.4 });
    expect(theme.page.sideWidth).toBe(50);
    expect(theme.page.textWidth).toBe(125.9);
    const css = themeCss(theme, 'print');
    expect(css).toContain('size: 215.9mm 279.4mm;');
    expect(css).toContain('margin: 18mm 18mm 18mm 18mm;');
    expect(css).toContain('--content-width: 179.9mm;');
    expect(css).toContain('--accent: #8a1538;');
    expect(css).toContain('--font-body: "PT Serif", serif;');
    // The web edition gets the same colours and fonts, and no @page rules.
    const screen = themeCss(theme, 'screen');
    expect(screen).toContain('--accent: #8a1538;');
    expect(screen).not.toContain('@page');
  });

  it('keeps the shipped A4 geometry: 166 mm text area, 50 mm side column, 112 mm text column', async () => {
    const theme = await loadTheme(TEMPLATES);
    expect(theme.page).toMatchObject({ contentWidth: 166, sideWidth: 50, columnGap: 4, textWidth: 112, facing: false });
    expect(theme.chapters.start).toBe('page');
  });

  it('on a narrow page puts callouts between paragraphs, and mirrors margins and folios on facing pages', async () => {
    const dir = templatesWith({ 'theme.yaml': 'page:\n  size: A5\n  margins: 16mm 14mm 18mm 20mm\n  facing: true\n' });
    const theme = await loadTheme(dir);
    expect(theme.page.sideWidth).toBe(0);
    expect(theme.page.textWidth).toBe(114);
    const css = themeCss(theme, 'print');
    expect(css).toContain('.callout { float: none;');
    expect(css).toMatch(
      /@page :left \{\s*margin-left: 14mm;\s*margin-right: 20mm;\s*@bottom-left \{ content: counter\(page\)/,
    );
    expect(css).toMatch(/@page :right \{\s*@bottom-right \{ content: counter\(page\)/);
  });

  it('accepts a custom size, every unit, and font files by style', async () => {
    const dir = templatesWith({
      'theme.yaml':
        'page:\n  size: 170mm 24cm\n  margins: 0.75in 54pt\nfonts:\n  body:\n    family: Latin Sans\n    regular: fonts/latin.woff2\n',
    });
    cpSync(LATIN_FONT, path.join(dir, 'fonts', 'latin.woff2'));
    const theme = await loadTheme(dir);
    expect(theme.page).toMatchObject({ width: 170, height: 240, contentWidth: 170 - 2 * 19.05 });
    expect(theme.fonts.body.family).toBe('Latin Sans');
    expect(theme.fonts.body.covers('a'.codePointAt(0)!)).toBe(true);
    expect(theme.fonts.body.covers('ж'.codePointAt(0)!)).toBe(false);
    // Without a bold file the regular face serves every weight (no synthesized Type 3 bold).
    expect(theme.fonts.body.css).toContain('font-weight: 100 900;');
  });
});

describe('bad themes: theme.yaml:line:col, the fix, nothing else read', () => {
  it('an unknown key, with the key it probably meant', async () => {
    expect(await themeErrors({ 'theme.yaml': 'page:\n  sise: A4\ncolour:\n  accent: red\n' })).toEqual([
      'templates/theme.yaml:2:3 error unknown key "page.sise" (did you mean "size"? (known: size, margins, facing)) theme:invalid',
      'templates/theme.yaml:3:1 error unknown key "colour" (did you mean "colors"? (known: page, colors, fonts, logo, chapters, contents, notes, note-numbers, running-heads, cover, side-column)) theme:invalid',
    ]);
  });

  it('an unknown page size', async () => {
    expect(await themeErrors({ 'theme.yaml': 'page:\n  size: A6\n' })).toEqual([
      'templates/theme.yaml:2:9 error unknown page size "A6" (use one of A3, A4, A5, B5, Letter, Legal, or width and height such as "170mm 240mm") theme:invalid',
    ]);
  });

  it('a page larger than a PDF page can be (200 in a side), at its place', async () => {
    expect(await themeErrors({ 'theme.yaml': 'page:\n  size: 99999mm 297mm\n' })).toEqual([
      'templates/theme.yaml:2:9 error page size "99999mm 297mm" is larger than a PDF page can be (at most 5080 mm, 200 in, a side) (use a page of at most 5080mm × 5080mm (for a poster, a smaller size scaled up by the printer)) theme:invalid',
    ]);
    // 200 in exactly is still a page.
    const dir = templatesWith({ 'theme.yaml': 'page:\n  size: 200in 5080mm\n  margins: 20mm\n' });
    expect((await loadTheme(dir)).page.width).toBe(5080);
  });

  it('margins that leave no room, and margins that are not lengths', async () => {
    expect(await themeErrors({ 'theme.yaml': 'page:\n  size: A5\n  margins: 30mm 40mm\n' })).toEqual([
      'templates/theme.yaml:3:12 error the margins leave a text area of 68 × 150 mm on a 148 × 210 mm page (make the margins smaller: the text area needs at least 80 mm × 100 mm) theme:invalid',
    ]);
    expect(await themeErrors({ 'theme.yaml': 'page:\n  margins: 2 cm\n' })).toEqual([
      'templates/theme.yaml:2:12 error `page.margins` is "2 cm": expected 1 to 4 lengths (write it like CSS: `24mm 22mm` (top/bottom, sides) or `20mm 18mm 24mm 30mm` (top right bottom left); units mm, cm, in, pt) theme:invalid',
    ]);
  });

  it('a colour that is not a colour', async () => {
    expect(await themeErrors({ 'theme.yaml': 'colors:\n  accent: "#12345"\n  box: light blue\n' })).toEqual([
      'templates/theme.yaml:2:11 error colors.accent: "#12345" is not a colour (write a CSS colour such as "#1c4e80", rgb(28 78 128) or navy) theme:invalid',
      'templates/theme.yaml:3:8 error colors.box: "light blue" is not a colour (write a CSS colour such as "#1c4e80", rgb(28 78 128) or navy) theme:invalid',
    ]);
  });

  it('a font or logo file that does not exist, or lies outside the templates folder', async () => {
    const outside = path.join(tempDir('briefing-outside-'), 'secret.woff2');
    cpSync(LATIN_FONT, outside);
    expect(
      await themeErrors(
        { 'theme.yaml': 'fonts:\n  body: fonts/missing.woff2\n  headings: ../../x/font.ttf\nlogo: seal.png\n' },
        () => undefined,
      ),
    ).toEqual([
      'templates/theme.yaml:2:9 error font file "fonts/missing.woff2" not found (looked for fonts/missing.woff2) (add the file or fix the name) theme:font',
      'templates/theme.yaml:3:13 error font file "../../x/font.ttf" is outside the templates folder (copy the font into the templates folder (e.g. templates/fonts/) and name it relative to it) theme:font',
      'templates/theme.yaml:4:7 error logo "seal.png" not found (looked for seal.png) (add the file or fix the name) theme:logo',
    ]);
    // A link inside the folder that points outside it is outside too.
    expect(
      await themeErrors({ 'theme.yaml': 'fonts:\n  body: fonts/linked.woff2\n' }, (dir) => {
        mkdirSync(path.join(dir, 'fonts'));
        symlinkSync(outside, path.join(dir, 'fonts', 'linked.woff2'));
      }),
    ).toEqual([
      'templates/theme.yaml:2:9 error font file "fonts/linked.woff2" is a link to a file outside the templates folder (copy the font into the templates folder) theme:font',
    ]);
  });

  it('a font file that is not a font, or is cut short: an error at its name (a cut woff2 was an internal error)', async () => {
    const write = (bytes: Buffer) => (dir: string) => {
      mkdirSync(path.join(dir, 'fonts'));
      writeFileSync(path.join(dir, 'fonts', 'body.woff2'), bytes);
    };
    const line = (why: string) =>
      `templates/theme.yaml:2:9 error font file "fonts/body.woff2" cannot be read: ${why} (use an intact .woff2, .woff, .ttf or .otf file) theme:font`;
    const cut = Buffer.from(readFileSync(LATIN_FONT).subarray(0, 200));
    for (const [bytes, why] of [
      [cut, expect.stringMatching(/^templates\/theme\.yaml:2:9 error font file .* cannot be read: .+ theme:font$/)],
      [Buffer.from('not a font at all'), line('Unknown font format')],
    ] as const)
      expect(await themeErrors({ 'theme.yaml': 'fonts:\n  body: fonts/body.woff2\n' }, write(bytes))).toEqual([why]);
  });

  it('a YAML syntax error and wrong shapes', async () => {
    expect(await themeErrors({ 'theme.yaml': 'page:\n  size: A4\n margins: 2mm\n' })).toEqual([
      expect.stringMatching(
        /^templates\/theme\.yaml:3:\d+ error YAML syntax error in theme\.yaml: .* config:yaml-syntax$/,
      ),
    ]);
    expect(await themeErrors({ 'theme.yaml': 'chapters:\n  start: left\nrunning-heads: none\n' })).toEqual([
      'templates/theme.yaml:2:10 error `chapters.start` is "left" (use one of: page, right) theme:invalid',
      'templates/theme.yaml:3:16 error `running-heads` must be a mapping of keys to values (write it as `running-heads:` with indented keys below) theme:invalid',
    ]);
  });

  it('a running-head logo without a logo', async () => {
    expect(await themeErrors({ 'theme.yaml': 'running-heads:\n  logo: true\n' })).toEqual([
      'templates/theme.yaml:2:9 error `running-heads.logo` is true but the theme has no logo (add `logo: logo.png` (a file in the templates folder), or a logo in _brand.yml) theme:invalid',
    ]);
  });

  it('a font that lacks glyphs the text of a locale uses: the fallback fonts set them, embedded', async () => {
    const dir = templatesWith({ 'theme.yaml': 'fonts:\n  headings: fonts/latin.woff2\n' });
    cpSync(LATIN_FONT, path.join(dir, 'fonts', 'latin.woff2'));
    const config = await loadConfig({ content: path.join(ROOT, 'tests', 'fixtures', 'i18n'), locale: 'ru' });
    const [templates, { editions }] = await Promise.all([loadTemplates(dir), checkEditions(config)]);
    const html = templates.render(editions[0]!, 'print');
    // Noto Sans's Cyrillic subset, after the theme's font in the headings' family list.
    expect(html).toMatch(
      /@font-face \{ font-family: "Briefing Noto Sans"; [^}]*data:font\/woff2;base64,[^}]*unicode-range: U\+0301,U\+0400-045F/,
    );
    expect(html).toMatch(/--font-headings: "Briefing headings", "Briefing Noto Sans", /);
  });

  it('an emoji of a Word draft (📝 ✅) is set in Noto Emoji, in body text and headings', () => {
    for (const role of ['body', 'headings'] as const) {
      const plan = planFallbacks([0x1f4dd, 0x2705], fallbackFamilies(role));
      expect(plan.uncovered).toEqual([]);
      expect(plan.css).toMatch(/font-family: "Briefing Noto Emoji"; [^}]*data:font\/woff2;base64,/);
    }
  });
});

describe('logo proportions (for the running-head logo)', () => {
  it('reads width and height from PNG, JPEG and SVG headers', () => {
    const png = readFileSync(path.join(THEMES, 'brand', 'brand-mark.png'));
    expect(imageAspect(png, 'image/png')).toBe(2);
    // A minimal JPEG: SOI, an APP0 segment, then SOF0 with height 50 and width 150.
    const jpeg = Buffer.from([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x32, 0x00, 0x96, 0x01, 0x01,
      0x11, 0x00,
    ]);
    expect(imageAspect(jpeg, 'image/jpeg')).toBe(3);
    expect(imageAspect(Buffer.from('<svg viewBox="0 0 300 100"></svg>'), 'image/svg+xml')).toBe(3);
    expect(imageAspect(Buffer.from('<svg width="40" height="80"></svg>'), 'image/svg+xml')).toBe(0.5);
    expect(imageAspect(Buffer.from('<svg></svg>'), 'image/svg+xml')).toBe(1);
  });
});

describe('_brand.yml', () => {
  it('gives the accent, text and box colours, the fonts from files and the logo; theme.yaml wins', async () => {
    const dir = templatesWith({ 'theme.yaml': 'colors:\n  box: mint\n' });
    cpSync(path.join(THEMES, 'brand'), dir, { recursive: true });
    const theme = await loadTheme(dir);
    expect(theme.colors).toMatchObject({ accent: '#006847', text: '#1d2a24', box: '#e8f4ee', forest: '#006847' });
    expect(theme.fonts.body.family).toBe('Office Sans');
    expect(theme.fonts.body.css).toContain('font-weight: 700;');
    expect(theme.logo?.dataUrl).toMatch(/^data:image\/png;base64,/);
    expect(theme.logo?.file).toBe('brand-mark.png');
    const overridden = templatesWith({ 'theme.yaml': 'colors:\n  accent: "#000000"\n' });
    cpSync(path.join(THEMES, 'brand'), overridden, { recursive: true });
    expect((await loadTheme(overridden)).colors.accent).toBe('#000000');
  });

  it('is found in the content folder too', async () => {
    const content = path.join(tempDir('briefing-brand-content-'), 'content');
    cpSync(path.join(THEMES, 'brand'), content, { recursive: true });
    const theme = await loadTheme(TEMPLATES, content);
    expect(theme.colors.accent).toBe('#006847');
  });

  it('refuses Google Fonts offline and places invalid values in _brand.yml', async () => {
    const dir = templatesWith({
      '_brand.yml':
        'color:\n  palette:\n    sky: "#8ec5ff"\n  primary: skyy\ntypography:\n  fonts:\n    - family: Open Sans\n      source: google\n  base: Open Sans\n  headings: Roboto Slab\nlogo:\n  medium: missing.png\n',
    });
    expect((await failureMessages(() => loadTheme(dir))).replaceAll(dir, 'templates').split('\n')).toEqual([
      'templates/_brand.yml:4:12 error color.primary: "skyy" is not a colour or a palette name (write a CSS colour or one of the palette\'s names (sky)) theme:brand',
      'templates/_brand.yml:8:15 error font "Open Sans" has `source: google`: Briefing prints offline and does not download fonts (download the font files into the folder of _brand.yml and use `source: file` with `files:`, or `npm install @fontsource/open-sans`) theme:brand-font',
      'templates/_brand.yml:10:13 error font "Roboto Slab" is not in typography.fonts, so brand.yml would fetch it from Google Fonts; Briefing prints offline (run `npm install @fontsource/roboto-slab`, or add its files under typography.fonts with `source: file`) theme:brand-font',
      'templates/_brand.yml:12:11 error logo "missing.png" not found (looked for missing.png) (add the file or fix the name) theme:logo',
    ]);
  });
});

describe('colour syntax (css-tree, the CSS <color> grammar)', () => {
  it('accepts every colour syntax of CSS Color 4/5 and refuses what is not one', () => {
    for (const colour of [
      '#1c4e80',
      'navy',
      'rgb(28 78 128)',
      'rgba(1, 2, 3, .5)',
      'hsl(200 50% 50% / 0.5)',
      'oklch(0.5 0.1 200)',
      'color-mix(in srgb, red, blue)',
    ])
      expect(isCssColor(colour), colour).toBe(true);
    for (const text of ['#12345', 'light blue', 'blu', 'url(a.png)', 'red; x', 'rgb(1 2)'])
      expect(isCssColor(text), text).toBe(false);
  });
});

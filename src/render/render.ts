// Handlebars: an isolated, strict instance; the layout and partials of templates/, the stylesheets,
// and the fonts. `{{{ }}}` is used only for HTML that our pipeline made.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import Handlebars, { type HandlebarsRuntime } from './handlebars-runtime.js';
import { BriefingError, fail, type Diagnostic } from '../messages.js';
import { readInside, type Folder } from '../paths.js';
import type { ProcessedEdition } from '../pipeline/edition.js';
import { pruneFontFaces } from './fonts.js';
import { loadTheme, type Theme } from './theme.js';
import { themeCss } from './theme-css.js';
import { fallbackCss, fallbackNames, glyphCoverage, missingGlyphs, type GlyphCoverage } from './glyphs.js';
import { chapterHtml, type Medium } from './html.js';
import { placeNotes } from './place-notes.js';
import { contentsAtDepth, PAGE_PLACEHOLDER } from '../pipeline/contents.js';
import { codeMathFontsCss } from './code-math-fonts.js';
import { HyphenationCache, hyphenationPatterns } from './rehype-hyphenate.js';
import { ChapterHtmlCache } from './chapter-cache.js';
import type { Root } from 'hast';
import { exceptionsFor } from '../config/typography.js';
import { loadStylesheets } from './css-resources.js';
import { Fragments, templateScripts } from './sanitize.js';
import { sanitizePageKept } from './sanitize-cache.js';
import { checkTemplates } from './template-check.js';
import { cssString, escapeHtml } from './escape.js';
import { pagePlanJson, type PagePlan } from './page-plan.js';
import { RULES } from '../rules.js';
import { positionAt } from '../positions.js';
import { keptTemplate, precompiledTemplate, templateOf } from './template-cache.js';

export type { Medium } from './html.js';

export interface Templates {
  render(edition: ProcessedEdition, medium: Medium): string;
  /** The edition as the theme prints it: notes placed, contents cut to the theme's depth. */
  arrange(edition: ProcessedEdition, medium?: Medium): ProcessedEdition;
  /** Warnings found while loading (e.g. a remote url() refused in a stylesheet). */
  readonly diagnostics: Diagnostic[];
  /** The look: templates/theme.yaml (with _brand.yml). */
  readonly theme: Theme;
  /** What the theme's fonts and their fallbacks cover (for the glyph check). */
  readonly coverage: GlyphCoverage;
  /**
   * A print head made before any edition: the theme's faces that a text in `lang` surely uses
   * (lettersOf: not all of them), and the print stylesheet.
   * No edition's head, never printed: a cold build loads it into the print page while the Markdown
   * runs (print/page.ts), so Chromium has decoded the faces and parsed the styles that the edition's
   * own head then brings.
   */
  printHeadAhead(lang: string): string;
}

const FONTS_MARKER = '/* briefing: fonts */';

/**
 * `contentDir`: where a _brand.yml may also be (the templates folder's one wins). `hyphenation`: the
 * run's hyphenated texts, which its maker saves (default: read from the cache folder, never written).
 * `chapters`: chapters' HTML kept by their trees (chapter-cache.ts; default: in memory, for as long as
 * these templates are used).
 */
export async function loadTemplates(
  templatesDir: string,
  contentDir?: string,
  hyphenation: HyphenationCache = new HyphenationCache(),
  chapters: ChapterHtmlCache = new ChapterHtmlCache(undefined),
): Promise<Templates> {
  const folder: Folder = { root: templatesDir, name: 'templates folder' };
  const readTemplate = (file: string) => readTemplateInside(folder, file);
  const hbs = Handlebars.create();
  registerHelpers(hbs);
  const { sources, layoutFile, layout } = await compileTemplates(hbs, templatesDir, readTemplate);
  // What a template may not write (remote loads, its own CSP, script outside a literal <script>), and
  // warnings for what the web edition's sanitizing pass would drop.
  const templateProblems = checkTemplates(sources);
  const refused = templateProblems.filter((d) => d.severity === 'error');
  if (refused.length > 0) throw new BriefingError(refused);
  const { diagnostics, theme, coverage, fontsCss, styles } = await themeAndStyles(
    templatesDir,
    contentDir,
    readTemplate,
  );
  /** Per edition: its glyphs checked, and the fallback fonts its text needs. */
  const editionFonts = new WeakMap<ProcessedEdition, string>();
  // The only scripts the web edition may run: the templates' own literal ones.
  const scripts = templateScripts(sources.values());

  function arrange(processed: ProcessedEdition, medium: Medium = 'print'): ProcessedEdition {
    const placed = placeNotes(processed, theme.notes, medium, theme.noteNumbers);
    return { ...placed, contents: contentsAtDepth(placed.contents, theme.contents.depth) };
  }

  return {
    diagnostics: [...diagnostics, ...theme.diagnostics, ...unescapedOutputs(sources), ...templateProblems],
    theme,
    coverage,
    arrange,
    printHeadAhead: (lang) =>
      `<!DOCTYPE html>\n<html lang="${escapeHtml(lang)}">\n<head>\n<meta charset="utf-8">\n<style>\n${pruneFontFaces(fontsCss, lettersOf(lang))}\n</style>\n<style>\n${styles.print}\n</style>\n</head>\n<body class="medium-print">`,
    render(processed, medium) {
      const edition = arrange(processed, medium);
      let editionFontsCss = editionFonts.get(processed);
      if (editionFontsCss === undefined) {
        // Like Prince's --fail-missing-glyphs: a character no font of the theme or its fallbacks has
        // would be set in whatever system font Chromium finds, differently on every machine.
        const problems = missingGlyphs(coverage, edition);
        if (problems.length > 0) throw new BriefingError(problems);
        editionFontsCss = `${fontsCss}\n${fallbackCss(coverage, edition)}`;
        editionFonts.set(processed, editionFontsCss);
      }
      const allFontsCss = editionFontsCss;
      // The web edition is parsed and sanitized without its chapters and stylesheets (see sanitize.ts):
      // they go in at markers afterwards, the chapters sanitized as trees.
      const fragments = medium === 'screen' ? new Fragments() : undefined;
      const part = (text: string, where: 'style' | 'text') => (fragments ? fragments.add(text, where) : text);
      chapters.startRender();
      const context = layoutContext(edition, medium, {
        theme,
        // Thunks: the parts are made in the layout's order (preface, chapters, stylesheet, fonts).
        css: () => part(styles[medium], 'style'),
        chapterHtml: (tree, lang) =>
          part(keptChapterHtml({ chapters, hyphenation }, edition, medium, tree, lang), 'text'),
        // Fonts go in last, pruned to the characters the finished page uses.
        fontsCss: () => (fragments ? fragments.add((page) => fontsFor(allFontsCss, page), 'style') : FONTS_MARKER),
      });
      let html: string;
      try {
        html = layout(context);
      } catch (error) {
        throw templateRuntimeError(error, layoutFile, sources);
      }
      if (!fragments) return html.replace(FONTS_MARKER, () => fontsFor(allFontsCss, html));
      // Last: only what our schema allows, and the CSP from the templates' own scripts.
      return sanitizePageKept(html, scripts, fragments, layoutFile);
    },
  };
}

/**
 * Letters a text in this language surely uses, by its script: the faces printHeadAhead loads (all of
 * them, 32 for the built-in theme, took Chromium ~4 × as long as the 8 an English edition uses).
 */
function lettersOf(lang: string): string {
  let script = '';
  try {
    script = new Intl.Locale(lang).maximize().script ?? '';
  } catch {
    // (Not a language tag: the Latin letters.)
  }
  const latin = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return script === 'Cyrl' ? `${latin}АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя` : latin;
}

/** A chapter's HTML, from the chapter cache when its tree was rendered so before. */
function keptChapterHtml(
  { chapters, hyphenation }: { chapters: ChapterHtmlCache; hyphenation: HyphenationCache },
  edition: ProcessedEdition,
  medium: Medium,
  tree: Root,
  lang: string,
): string {
  const how = {
    medium,
    lang,
    exceptions: exceptionsFor(lang, edition.hyphenationExceptions),
    sourceRoot: edition.sourceRoot,
  };
  const kept = chapters.html(tree, how, () =>
    chapterHtml(tree, medium, lang, hyphenation, how.exceptions, how.sourceRoot),
  );
  // Its texts were not looked up: the hyphenated ones stay in the cache file all the same.
  if (kept.hit && medium === 'print') hyphenation.keepRead();
  return kept.html;
}

/** The theme, what its fonts cover, and the stylesheets of both media with the theme's CSS added. */
async function themeAndStyles(
  templatesDir: string,
  contentDir: string | undefined,
  readTemplate: (file: string) => Promise<string>,
) {
  const [
    {
      css: [printCss, screenCss],
      diagnostics,
    },
    theme,
  ] = await Promise.all([
    loadStylesheets(
      [path.join(templatesDir, 'print.css'), path.join(templatesDir, 'screen.css')],
      templatesDir,
      readTemplate,
    ),
    loadTheme(templatesDir, contentDir),
  ]);
  const coverage = glyphCoverage(theme);
  const fontsCss = `${theme.fonts.body.css}\n${theme.fonts.headings.css}`;
  const fallbacks = { body: fallbackNames(coverage, 'body'), headings: fallbackNames(coverage, 'headings') };
  const styles = {
    print: `${printCss}\n/* templates/theme.yaml */\n${themeCss(theme, 'print', fallbacks)}`,
    screen: `${screenCss}\n/* templates/theme.yaml */\n${themeCss(theme, 'screen', fallbacks)}`,
  };
  return { diagnostics, theme, coverage, fontsCss, styles };
}

/** The partials registered and the layout compiled, with the text of each template by file. */
async function compileTemplates(
  hbs: HandlebarsRuntime,
  templatesDir: string,
  readTemplate: (file: string) => Promise<string>,
) {
  const partialsDir = path.join(templatesDir, 'partials');
  const partialNames = (await readdir(partialsDir).catch(() => [] as string[])).filter((n) => n.endsWith('.hbs'));
  const partialFiles = partialNames.map((name) => path.join(partialsDir, name));
  const layoutFile = path.join(templatesDir, 'layout.hbs');
  const sources = new Map<string, string>();
  await Promise.all([...partialFiles, layoutFile].map(async (file) => sources.set(file, await readTemplate(file))));
  const kept = new Map([...sources].map(([file, source]) => [file, keptTemplate(source)]));
  const compiler = [...kept.values()].includes(undefined) ? await handlebarsCompiler() : undefined;
  const template = (file: string) => compile(hbs, compiler, file, sources.get(file)!, kept.get(file));
  for (const file of partialFiles) hbs.registerPartial(path.basename(file, '.hbs'), inFile(template(file), file));
  return { sources, layoutFile, layout: template(layoutFile) };
}

/** Handlebars' compiler, for a template whose precompiled code no cache holds (see handlebars-runtime.ts). */
async function handlebarsCompiler(): Promise<typeof import('handlebars')> {
  return (await import('handlebars')).default;
}

/** What layout.hbs is given: the edition's fields, its chapters' HTML (`chapterHtml`), the page plan. */
function layoutContext(
  edition: ProcessedEdition,
  medium: Medium,
  made: {
    theme: Theme;
    css: () => string;
    fontsCss: () => string;
    chapterHtml: (tree: ProcessedEdition['chapters'][number]['tree'], lang: string) => string;
  },
) {
  const { theme } = made;
  return {
    lang: edition.locale,
    // Justified text without hyphenation opens wide gaps: ragged right where the language has no patterns.
    ragged: edition.ragged ?? hyphenationPatterns(edition.locale) === undefined,
    medium,
    isPrint: medium === 'print',
    // Every field present (strict templates): a single-file report may have no publisher.
    edition: {
      ...edition.meta,
      publisher: edition.meta.publisher ?? '',
      authors: (edition.meta.authors ?? []).join(', '),
      abstract: edition.meta.abstract ?? '',
    },
    strings: edition.strings,
    preface: edition.preface ? made.chapterHtml(edition.preface, edition.prefaceLang) : '',
    prefaceLang: edition.prefaceLang === edition.locale ? '' : edition.prefaceLang,
    contents: edition.contents,
    chapters: edition.chapters.map(({ tree, ...chapter }) => ({
      ...chapter,
      // lang on the chapter only where it differs from the page (a fallback from the source locale).
      lang: chapter.lang === edition.locale ? '' : chapter.lang,
      html: made.chapterHtml(tree, chapter.lang),
    })),
    pagePlaceholder: PAGE_PLACEHOLDER,
    theme: { logo: theme.logo?.dataUrl ?? '' },
    pagePlan: medium === 'print' ? pagePlan(edition, theme) : '',
    css: made.css(),
    fontsCss: made.fontsCss(),
  };
}

/** The page's fonts: the theme's and fallbacks', with math and code fonts where it has them, pruned to its characters. */
function fontsFor(fontsCss: string, page: string): string {
  return pruneFontFaces(`${fontsCss}\n${codeMathFontsCss(page)}`, page);
}

// Fields that hold HTML or CSS our pipeline made (escaped or sanitised already): `{{{ }}}` is right for them.
const TRUSTED_HTML = new Set(['css', 'fontsCss', 'html', 'preface', 'pagePlan']);

/**
 * `{{{edition.title}}}` or `{{& strings.x}}` puts an author's text into the page unescaped: a title with
 * `<script>` in it would run in the web edition. A warning at the expression (the build still works).
 */
function unescapedOutputs(sources: Map<string, string>): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const [file, text] of sources) {
    for (const match of text.matchAll(/\{\{\{~?\s*([^}\s]+)[^}]*\}\}\}|\{\{~?&\s*([^}\s]+)[^}]*\}\}/g)) {
      const expression = (match[1] ?? match[2]!).replace(/^(?:this\.|\.\.\/|@root\.)+/, '');
      if (TRUSTED_HTML.has(expression)) continue;
      found.push({
        file,
        ...positionAt(text, match.index),
        severity: 'warning',
        message: `${match[0]} writes "${expression}" without HTML escaping: text from the content could carry markup or scripts into the page`,
        rule: RULES.templateUnescaped.id,
        fix: `write {{${expression}}} (escaped); {{{ }}} is only for ${[...TRUSTED_HTML].join(', ')}`,
      });
    }
  }
  return found;
}

function compile(
  hbs: HandlebarsRuntime,
  compiler: typeof import('handlebars') | undefined,
  file: string,
  source: string,
  kept: string | undefined,
): HandlebarsTemplateDelegate {
  let spec: string;
  try {
    // Precompile now so syntax errors surface with the template's own file and line; the result is
    // the template (see template-cache.ts).
    spec = precompiledTemplate(source, () => compiler!.precompile(source, { strict: true }) as string, kept);
  } catch (error) {
    const message = String((error as Error).message);
    const line = Number(/on line (\d+)/.exec(message)?.[1]) || undefined;
    fail({
      file,
      line,
      column: 1,
      message: `template syntax error: ${message.split('\n').at(-1)}`,
      rule: RULES.templateSyntax.id,
      fix: 'check the {{…}} expressions around that line',
    });
  }
  return templateOf(hbs, spec);
}

const TEMPLATE_FILE = Symbol('briefing:template-file');

/** A partial that tags the errors raised inside it with its file (the innermost partial wins). */
function inFile(template: HandlebarsTemplateDelegate, file: string): HandlebarsTemplateDelegate {
  return (context, options) => {
    try {
      return template(context, options);
    } catch (error) {
      if (error instanceof Error && !(TEMPLATE_FILE in error)) Object.assign(error, { [TEMPLATE_FILE]: file });
      throw error;
    }
  };
}

function templateRuntimeError(error: unknown, layoutFile: string, sources: Map<string, string>): BriefingError {
  const message = String((error as Error).message ?? error);
  const missing = /"(.+)" not defined in/.exec(message);
  const partial = /The partial (.+) could not be found/.exec(message);
  if (partial) {
    // Handlebars gives no position for a missing partial: find the first `{{> name}}` that asks for it.
    const call = new RegExp(`\\{\\{~?#?>\\s*${partial[1]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`);
    const where = [...sources]
      .map(([file, text]) => ({ file, at: call.exec(text)?.index }))
      .find((s) => s.at !== undefined);
    const place = where ? positionAt(sources.get(where.file)!, where.at!) : {};
    return new BriefingError({
      file: where?.file ?? layoutFile,
      ...place,
      severity: 'error',
      message: `partial "${partial[1]}" not found`,
      rule: RULES.templateMissingPartial.id,
      fix: `add templates/partials/${partial[1]}.hbs`,
    });
  }
  const { lineNumber, column } = error as { lineNumber?: number; column?: number };
  return new BriefingError({
    file: (error as { [TEMPLATE_FILE]?: string })[TEMPLATE_FILE] ?? layoutFile,
    line: lineNumber,
    column: lineNumber !== undefined && column !== undefined ? column + 1 : undefined,
    severity: 'error',
    message: missing
      ? `template asks for "${missing[1]}", which the edition does not have`
      : `template error: ${message}`,
    rule: RULES.templateRuntime.id,
    fix: missing ? 'fix the field name, or guard it with {{#if}}' : undefined,
  });
}

async function readTemplateInside(folder: Folder, file: string): Promise<string> {
  const bytes = await readInside(folder, file, {
    message: 'template file not found',
    rule: RULES.templateMissingFile.id,
    fix: "restore it from the repository's templates/ folder",
  });
  return bytes.toString('utf8');
}

/**
 * The logo for a running head, 7 mm high: wrapped in an SVG of that size, because an image in a
 * margin box is drawn at its own size (a PNG at 96 dpi).
 */
function headLogo(logo: NonNullable<Theme['logo']>): string {
  const h = 7;
  const w = Math.round(h * logo.aspect * 100) / 100;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${w}mm" height="${h}mm" viewBox="0 0 ${w} ${h}"><image width="${w}" height="${h}" preserveAspectRatio="xMidYMid meet" href="${logo.dataUrl}" xlink:href="${logo.dataUrl}"/></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** What the print module needs to place blank pages and draw running heads (see print/pages.ts). */
function pagePlan(edition: ProcessedEdition, theme: Theme): string {
  const plan: PagePlan = {
    start: theme.chapters.start,
    facing: theme.page.facing,
    left: theme.runningHeads.left,
    right: theme.runningHeads.right,
    edition: edition.meta.short,
    logo: theme.runningHeads.logo && theme.logo ? headLogo(theme.logo) : '',
    chapters: edition.chapters.map((chapter) => ({
      id: chapter.id,
      short: chapter.short,
      sections: (edition.contents.find((c) => c.id === chapter.id)?.children ?? []).map((s) => ({
        id: s.id,
        short: s.short ?? s.title,
      })),
    })),
  };
  return pagePlanJson(plan);
}

function registerHelpers(hbs: HandlebarsRuntime): void {
  // A CSS string literal: for running heads in @page margin boxes.
  hbs.registerHelper('cssString', (value: unknown) => new hbs.SafeString(cssString(String(value))));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
}

// Handlebars: an isolated, strict instance; the layout and partials of templates/, the stylesheets,
// and the fonts. `{{{ }}}` is used only for HTML that our pipeline made.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import { BriefingError, fail, type Diagnostic } from '../messages.js';
import { readYamlFile } from '../config/yaml.js';
import type { ProcessedEdition } from '../pipeline/edition.js';
import { inlineFontCss, pruneFontFaces } from './fonts.js';
import { chapterHtml, type Medium } from './html.js';
import { loadStylesheets } from './css-resources.js';
import { RULES } from '../rules.js';

export type { Medium } from './html.js';

export interface Templates {
  render(edition: ProcessedEdition, medium: Medium): string;
  /** Warnings found while loading (e.g. a remote url() refused in a stylesheet). */
  readonly diagnostics: Diagnostic[];
}

const FONTS_MARKER = '/* briefing: fonts */';

/** Placeholder for contents page numbers before the print module measures them. */
export const PAGE_PLACEHOLDER = '000';

export async function loadTemplates(templatesDir: string): Promise<Templates> {
  const hbs = Handlebars.create();
  registerHelpers(hbs);
  const partialsDir = path.join(templatesDir, 'partials');
  const partialNames = (await readdir(partialsDir).catch(() => [] as string[])).filter((n) => n.endsWith('.hbs'));
  const sources = new Map<string, string>();
  await Promise.all(
    partialNames.map(async (name) => {
      const file = path.join(partialsDir, name);
      sources.set(file, await readTemplate(file));
      hbs.registerPartial(path.basename(name, '.hbs'), inFile(compile(hbs, file, sources.get(file)!), file));
    }),
  );
  const layoutFile = path.join(templatesDir, 'layout.hbs');
  sources.set(layoutFile, await readTemplate(layoutFile));
  const layout = compile(hbs, layoutFile, sources.get(layoutFile)!);
  const [
    {
      css: [printCss, screenCss],
      diagnostics,
    },
    fontsCss,
  ] = await Promise.all([
    loadStylesheets(
      [path.join(templatesDir, 'print.css'), path.join(templatesDir, 'screen.css')],
      templatesDir,
      readTemplate,
    ),
    loadFonts(templatesDir),
  ]);

  return {
    diagnostics,
    render(edition, medium) {
      const context = {
        lang: edition.locale,
        medium,
        isPrint: medium === 'print',
        edition: edition.meta,
        strings: edition.strings,
        preface: edition.preface ? chapterHtml(edition.preface, medium, edition.prefaceLang) : '',
        prefaceLang: edition.prefaceLang === edition.locale ? '' : edition.prefaceLang,
        contents: edition.contents,
        chapters: edition.chapters.map(({ tree, ...chapter }) => ({
          ...chapter,
          // lang on the chapter only where it differs from the page (a fallback from the source locale).
          lang: chapter.lang === edition.locale ? '' : chapter.lang,
          html: chapterHtml(tree, medium, chapter.lang),
        })),
        pagePlaceholder: PAGE_PLACEHOLDER,
        css: medium === 'print' ? printCss : screenCss,
        fontsCss: FONTS_MARKER,
      };
      try {
        const html = layout(context);
        // Fonts go in last, pruned to the characters the finished page uses.
        return html.replace(FONTS_MARKER, () => pruneFontFaces(fontsCss, html));
      } catch (error) {
        throw templateRuntimeError(error, layoutFile, sources);
      }
    },
  };
}

function compile(hbs: typeof Handlebars, file: string, source: string): HandlebarsTemplateDelegate {
  try {
    // Precompile now so syntax errors surface with the template's own file and line.
    hbs.precompile(source, { strict: true });
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
  return hbs.compile(source, { strict: true });
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
    const before = where ? sources.get(where.file)!.slice(0, where.at) : '';
    const place = where ? { line: before.split('\n').length, column: where.at! - before.lastIndexOf('\n') } : {};
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

async function readTemplate(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    fail({
      file,
      message: 'template file not found',
      rule: RULES.templateMissingFile.id,
      fix: "restore it from the repository's templates/ folder",
    });
  }
}

async function loadFonts(templatesDir: string): Promise<string> {
  const themeFile = path.join(templatesDir, 'theme.yaml');
  const theme = await readYamlFile(themeFile, 'theme.yaml', 'list the font stylesheets under `fonts:`');
  const fonts = theme.data.fonts;
  if (!Array.isArray(fonts) || !fonts.every((f) => typeof f === 'string')) {
    fail({
      file: themeFile,
      ...theme.positionOf('fonts'),
      message: '`fonts` must be a list of stylesheet names',
      rule: RULES.configInvalid.id,
      fix: 'e.g. - "@fontsource/pt-serif/400.css"',
    });
  }
  return (await Promise.all(fonts.map((f: string) => inlineFontCss(f, templatesDir, themeFile)))).join('\n');
}

function registerHelpers(hbs: typeof Handlebars): void {
  // A CSS string literal: for running heads in @page margin boxes.
  hbs.registerHelper(
    'cssString',
    (value: unknown) => new hbs.SafeString(JSON.stringify(String(value)).replace(/</g, '\\3C ')),
  );
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
}

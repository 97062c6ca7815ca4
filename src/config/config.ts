// briefing.yaml + command-line flags → one frozen, typed configuration for a run.
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { PluggableList } from 'unified';
import path from 'node:path';
import { FORMATS, selectFormats, splitList, type Format } from './formats.js';
import { fail, UsageError } from '../messages.js';
import { readYamlFile, type YamlFile } from './yaml.js';
import { setConfiguredLimits, type Limits } from '../limits.js';
import { validateTypography, type Typography } from './typography.js';
import { RULES } from '../rules.js';
import { runFolders, sourceDateEpoch } from '../environment.js';
import { reportMatter } from '../content/report-matter.js';
import { DEFAULT_STANDARD, parseStandard, STANDARD_NAMES, type PdfStandard } from './pdf-standard.js';

export type NoteNumbering = 'lower-roman' | 'upper-roman' | 'decimal' | 'symbols';

const NUMBERINGS: readonly NoteNumbering[] = ['lower-roman', 'upper-roman', 'decimal', 'symbols'];

export { FORMATS, selectFormats, type Format };

export interface EditionConfig {
  /** Stable identifier of the edition; names the output files `<id>.<locale>.pdf`. */
  id: string;
  year: number;
  sourceLocale: string;
  locales: readonly string[];
  noteNumbering: NoteNumbering;
  /** `typography:` per locale (config/typography.ts); each language has defaults. */
  typography: Readonly<Record<string, Partial<Typography>>>;
  /** `pdf: { standard: … }`: what the PDF edition is made to meet (default PDF/UA-1 + PDF/A-2a). */
  pdfStandard: Readonly<PdfStandard>;
  /** `chapters:`, the reading order by file or folder name; absent: by name. */
  chapters?: readonly ListedChapter[];
}

/** One entry of `chapters:` in briefing.yaml, with its place there for messages. */
export interface ListedChapter {
  name: string;
  line: number;
  column: number;
}

export interface RunOptions {
  content?: string;
  templates?: string;
  out?: string;
  /** Comma-separated list or `all`. */
  locale?: string;
  /** Comma-separated list of formats. */
  format?: string;
  /** Warnings (and fallbacks) fail the run. */
  strict?: boolean;
  /** Read the PDF back after printing: every word of the source in its text (print/text-check.ts). */
  verifyText?: boolean;
  /** A single Markdown file that is the whole report (`briefing build report.md`). */
  report?: string;
  /** Extra unified plugins (API only: nothing in a content folder can name code to run). */
  plugins?: ExtraPlugins;
}

/**
 * The open processor: remark plugins run after Briefing's own (on the mdast, before the check for
 * syntax nothing understood), rehype plugins last (on each file's hast, before the edition steps).
 */
export interface ExtraPlugins {
  remark?: PluggableList;
  rehype?: PluggableList;
}

export interface Config {
  contentDir: string;
  templatesDir: string;
  outDir: string;
  configFile: string;
  /** A single-file report: its path (the edition's settings come from its front matter). */
  report?: string;
  edition: EditionConfig;
  /** The locales this run builds, in briefing.yaml order. */
  locales: readonly string[];
  formats: readonly Format[];
  strict: boolean;
  plugins?: ExtraPlugins;
  verifyText: boolean;
}

const LOCALE_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

export async function loadConfig(options: RunOptions = {}): Promise<Config> {
  const { contentDir, templatesDir, outDir } = runFolders(options);
  if (options.report !== undefined) return reportConfig(path.resolve(options.report), options);
  requireDirectory(contentDir, 'content folder', '--content');
  requireDirectory(templatesDir, 'templates folder', '--templates');

  const configFile = path.join(contentDir, 'briefing.yaml');
  const yaml = await readYamlFile(
    { root: contentDir, name: 'content folder' },
    configFile,
    'briefing.yaml',
    'create it with `id`, `year`, `sourceLocale` and `locales` (see README, "Content layout")',
  );
  const edition = validateEdition(yaml);
  setConfiguredLimits(validateLimits(yaml));
  return Object.freeze({
    contentDir,
    templatesDir,
    outDir,
    configFile,
    edition,
    locales: Object.freeze(selectLocales(options.locale, edition, yaml)),
    formats: Object.freeze(selectFormats(options.format)),
    strict: options.strict ?? false,
    ...(options.plugins ? { plugins: options.plugins } : {}),
    verifyText: options.verifyText ?? false,
  });
}

/**
 * A single Markdown file is a whole report: no briefing.yaml; the id comes from the file name, the
 * locale from the front matter's `lang` (else English), the year from its `date` (else
 * SOURCE_DATE_EPOCH's, else this year's).
 */
function reportConfig(file: string, options: RunOptions): Config {
  const { templatesDir, outDir } = runFolders(options);
  if (!existsSync(file) || !statSync(file).isFile()) {
    fail({
      file,
      message: 'Markdown file not found',
      rule: RULES.configMissingFile.id,
      fix: 'check the path of the report',
    });
  }
  requireDirectory(templatesDir, 'templates folder', '--templates');
  const matter = reportMatter(readFileSync(file, 'utf8'));
  const lang = matter.lang !== undefined && LOCALE_PATTERN.test(matter.lang) ? matter.lang : 'en';
  const epoch = sourceDateEpoch();
  const year = Number(
    /^\d{4}/.exec(matter.date ?? '')?.[0] ?? new Date(epoch === null ? Date.now() : epoch * 1000).getUTCFullYear(),
  );
  const edition: EditionConfig = Object.freeze({
    id: reportId(file),
    year,
    sourceLocale: lang,
    locales: Object.freeze([lang]),
    noteNumbering: 'lower-roman',
    typography: Object.freeze({}),
    pdfStandard: Object.freeze(parseStandard(DEFAULT_STANDARD)!),
  });
  if (options.locale !== undefined && options.locale !== lang && options.locale !== 'all') {
    throw new UsageError(
      `--locale ${options.locale}: ${path.basename(file)} is one report in "${lang}" (its front matter's \`lang\`)`,
    );
  }
  setConfiguredLimits({});
  return Object.freeze({
    contentDir: path.dirname(file),
    templatesDir,
    outDir,
    configFile: file,
    report: file,
    edition,
    locales: Object.freeze([lang]),
    formats: Object.freeze(selectFormats(options.format)),
    strict: options.strict ?? false,
    ...(options.plugins ? { plugins: options.plugins } : {}),
    verifyText: options.verifyText ?? false,
  });
}

/** `Rapport Étude 2.md` → `rapport-etude-2`: the output files' name, in the id's letters. */
function reportId(file: string): string {
  const id = path
    .basename(file)
    .replace(/\.[^.]*$/, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-._]+|-+$/g, '');
  return ID_PATTERN.test(id) ? id : 'report';
}

function requireDirectory(dir: string, what: string, flag: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    fail({
      file: dir,
      message: `${what} not found`,
      rule: RULES.configMissingFolder.id,
      fix: `pass an existing folder with ${flag}`,
    });
  }
}

function validateEdition(yaml: YamlFile): EditionConfig {
  const { data } = yaml;
  // A function declaration (not an arrow) so that TypeScript narrows the values after each check.
  function problem(key: string, message: string, fix: string): never {
    return fail({ file: yaml.path, ...yaml.positionOf(key), message, rule: RULES.configInvalid.id, fix });
  }

  const id = data.id;
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    problem('id', '`id` must be a lower-case name such as `hr-review`', 'set `id:` to letters, digits, dots or dashes');
  }
  const year = data.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1000 || year > 9999) {
    problem('year', '`year` must be a four-digit year', 'set `year: 2022`');
  }
  const sourceLocale = data.sourceLocale ?? 'en';
  if (typeof sourceLocale !== 'string' || !LOCALE_PATTERN.test(sourceLocale)) {
    problem('sourceLocale', '`sourceLocale` must be a locale code such as `en`', 'set `sourceLocale: en`');
  }
  const locales = data.locales ?? [sourceLocale];
  if (
    !Array.isArray(locales) ||
    locales.length === 0 ||
    !locales.every((l) => typeof l === 'string' && LOCALE_PATTERN.test(l))
  ) {
    problem('locales', '`locales` must be a list of locale codes such as [en, ru]', 'write `locales: [en, ru]`');
  }
  if (!(locales as string[]).includes(sourceLocale)) {
    problem(
      'locales',
      `\`locales\` must include the source locale "${sourceLocale}"`,
      `add ${sourceLocale} to the list`,
    );
  }
  const noteNumbering = data.noteNumbering ?? 'lower-roman';
  if (!NUMBERINGS.includes(noteNumbering as NoteNumbering)) {
    problem(
      'noteNumbering',
      `\`noteNumbering\` must be one of ${NUMBERINGS.join(', ')}`,
      'use `noteNumbering: lower-roman`',
    );
  }
  return Object.freeze({
    id,
    year,
    sourceLocale,
    locales: Object.freeze([...(locales as string[])]),
    noteNumbering: noteNumbering as NoteNumbering,
    typography: Object.freeze(validateTypography(yaml, locales as string[])),
    pdfStandard: Object.freeze(validatePdf(yaml)),
    ...validateChapters(yaml),
  });
}

/**
 * `chapters: [introduction.md, findings/, sources.md]`: the reading order, by the names of files
 * and folders in each locale folder (translations keep the names of their sources).
 */
function validateChapters(yaml: YamlFile): { chapters?: readonly ListedChapter[] } {
  const raw = yaml.data.chapters;
  if (raw === undefined) return {};
  const problem = (at: Array<string | number>, message: string, fix: string): never =>
    fail({ file: yaml.path, ...yaml.positionAt(at), message, rule: RULES.configInvalid.id, fix });
  if (!Array.isArray(raw) || raw.length === 0) {
    problem(
      ['chapters'],
      '`chapters` must be a list of file or folder names',
      'write `chapters: [introduction.md, findings.md]`',
    );
  }
  const seen = new Set<string>();
  return {
    chapters: Object.freeze(
      (raw as unknown[]).map((value, i) => {
        const name = typeof value === 'string' ? value.trim().replace(/\/+$/, '') : '';
        if (name === '' || name.includes('/') || name.includes('\\') || name === '.' || name === '..') {
          problem(
            ['chapters', i],
            '`chapters` lists the names of files or folders in the locale folder',
            'write a name such as `introduction.md` or `findings/` (no path)',
          );
        }
        if (seen.has(name))
          problem(['chapters', i], `"${name}" is listed twice in \`chapters\``, 'list each file once');
        seen.add(name);
        return Object.freeze({ name, ...yaml.positionAt(['chapters', i]) });
      }),
    ),
  };
}

/** `pdf: { standard: ua-1+a-2a }` (config/pdf-standard.ts). */
function validatePdf(yaml: YamlFile): PdfStandard {
  const raw = yaml.data.pdf ?? {};
  const problem = (at: Array<string | number>, message: string, fix: string): never =>
    fail({ file: yaml.path, ...yaml.positionAt(at, 'value'), message, rule: RULES.configInvalid.id, fix });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problem(
      ['pdf'],
      '`pdf` must be a mapping such as `pdf: { standard: ua-1+a-2a }`',
      'write `pdf:` with an indented `standard:` line',
    );
  }
  const { standard = DEFAULT_STANDARD, ...others } = raw as Record<string, unknown>;
  const unknown = Object.keys(others)[0];
  if (unknown !== undefined) {
    fail({
      file: yaml.path,
      ...yaml.positionAt(['pdf', unknown], 'key'),
      message: `unknown key "pdf.${unknown}"`,
      rule: RULES.configInvalid.id,
      fix: 'the `pdf` mapping has one key: `standard`',
    });
  }
  const parsed = typeof standard === 'string' ? parseStandard(standard) : undefined;
  if (!parsed) {
    problem(
      ['pdf', 'standard'],
      `\`pdf.standard\` must be one of ${STANDARD_NAMES.join(', ')}, or ua-1 with one PDF/A level (ua-1+a-2a)`,
      `write \`pdf: { standard: ${DEFAULT_STANDARD} }\``,
    );
  }
  return parsed!;
}

const LIMIT_KEYS: Record<string, { key: keyof Limits; scale: number; example: string }> = {
  maxFileMB: { key: 'maxFileBytes', scale: 1024 * 1024, example: 'maxFileMB: 40' },
  maxNesting: { key: 'maxNesting', scale: 1, example: 'maxNesting: 200' },
  maxAliases: { key: 'maxAliases', scale: 1, example: 'maxAliases: 500' },
  maxDelimiters: { key: 'maxDelimiters', scale: 1, example: 'maxDelimiters: 1000' },
  maxImageMegapixels: { key: 'maxImagePixels', scale: 1_000_000, example: 'maxImageMegapixels: 100' },
  maxSvgElements: { key: 'maxSvgElements', scale: 1, example: 'maxSvgElements: 50000' },
};

/** `limits:` in briefing.yaml (docs/LIMITS.md): positive numbers under known names. */
function validateLimits(yaml: YamlFile): Partial<Limits> {
  const raw = yaml.data.limits;
  if (raw === undefined) return {};
  const problem = (message: string, fix: string): never =>
    fail({ file: yaml.path, ...yaml.positionOf('limits'), message, rule: RULES.configInvalid.id, fix });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problem(
      '`limits` must be a mapping such as `limits: { maxFileMB: 40 }`',
      'write `limits:` with indented `name: number` lines',
    );
  }
  const result: Partial<Limits> = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const known = LIMIT_KEYS[name];
    if (!known)
      problem(`unknown limit "${name}"`, `known limits: ${Object.keys(LIMIT_KEYS).join(', ')} (see docs/LIMITS.md)`);
    if (typeof value !== 'number' || !(value > 0))
      problem(`limit "${name}" must be a positive number`, `write for example \`${known!.example}\``);
    result[known!.key] = Math.floor((value as number) * known!.scale);
  }
  return result;
}

/**
 * The pseudo-locale: `--locale en-XA` builds an accented, longer, bracketed edition from the source
 * (translate/pseudo.ts) without a content folder or an entry in `locales`.
 */
export const PSEUDO_LOCALE = 'en-XA';

function selectLocales(flag: string | undefined, edition: EditionConfig, yaml: YamlFile): string[] {
  if (flag === undefined) return [edition.sourceLocale];
  if (flag === 'all') return [...edition.locales];
  const wanted = splitList(flag);
  // `--locale ,` must not build nothing and write an empty manifest over the last one.
  if (wanted.length === 0)
    throw new UsageError(`--locale "${flag}" names no locale (write --locale en,ru or --locale all)`);
  for (const locale of wanted) {
    if (!edition.locales.includes(locale) && locale !== PSEUDO_LOCALE) {
      fail({
        file: yaml.path,
        ...yaml.positionOf('locales'),
        message: `unknown locale "${locale}": this edition has ${edition.locales.join(', ')}`,
        rule: RULES.configUnknownLocale.id,
        fix: `add "${locale}" to \`locales\` and create content/${locale}/, or pass --locale ${edition.locales.join(',')}`,
      });
    }
  }
  const pseudo = wanted.includes(PSEUDO_LOCALE) && !edition.locales.includes(PSEUDO_LOCALE) ? [PSEUDO_LOCALE] : [];
  return [...edition.locales.filter((l) => wanted.includes(l)), ...pseudo];
}

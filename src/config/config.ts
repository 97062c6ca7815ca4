// briefing.yaml + command-line flags → one frozen, typed configuration for a run.
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { PluggableList } from 'unified';
import path from 'node:path';
import { FORMATS, selectFormats, splitList, type Format } from './formats.js';
import { BriefingError, fail, UsageError } from '../messages.js';
import { schemaProblems } from './schema.js';
import { readYamlFile, type YamlFile } from './yaml.js';
import { readQuartoYaml } from '../content/quarto-order.js';
import { jupyterBookBibliography } from '../content/jupyter-book.js';
import { resolveLimits, type Limits } from '../limits.js';
import { validateTypography, type Typography } from './typography.js';
import { RULES } from '../rules.js';
import { runFolders, sourceDateEpoch } from '../environment.js';
import { reportMatter, type ReportMatter } from '../content/report-matter.js';
import { DEFAULT_STANDARD, parseStandard, STANDARD_NAMES, type PdfStandard } from './pdf-standard.js';

export type NoteNumbering = 'lower-roman' | 'upper-roman' | 'decimal' | 'symbols';

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
  /** `bibliography:` and `csl:` (citations, pipeline/citations.ts); absent: no bibliography. */
  citations?: CitationSettings;
}

/** A file named in the settings, with where it was named (for messages). */
export interface NamedFile {
  /** Absolute path (inside the content folder: checked when read). */
  path: string;
  /** The settings file and the place of the name in it. */
  file: string;
  line?: number;
  column?: number;
}

export interface CitationSettings {
  bibliography: readonly NamedFile[];
  /** A .csl style; absent: Chicago author-date (Briefing's csl/ folder). */
  csl?: NamedFile;
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
  /** The limits of this run (docs/LIMITS.md): environment, then `limits:`, then the defaults. */
  limits: Readonly<Limits>;
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
    limits: resolveLimits(validateLimits(yaml)),
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
    /\b\d{4}\b/.exec(matter.date ?? '')?.[0] ?? new Date(epoch === null ? Date.now() : epoch * 1000).getUTCFullYear(),
  );
  const edition: EditionConfig = Object.freeze({
    id: reportId(file),
    year,
    sourceLocale: lang,
    locales: Object.freeze([lang]),
    noteNumbering: 'lower-roman',
    typography: Object.freeze({}),
    pdfStandard: Object.freeze(parseStandard(DEFAULT_STANDARD)!),
    ...reportCitations(file, matter),
  });
  if (options.locale !== undefined && options.locale !== lang && options.locale !== 'all') {
    throw new UsageError(
      `--locale ${options.locale}: ${path.basename(file)} is one report in "${lang}" (its front matter's \`lang\`)`,
    );
  }
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
    limits: resolveLimits(),
  });
}

/** A single-file report's `bibliography:` and `csl:` (front matter), relative to the report. */
function reportCitations(file: string, matter: ReportMatter): { citations?: CitationSettings } {
  if (matter.bibliography.length === 0 && matter.csl === undefined) return {};
  const named = (name: string): NamedFile => ({ path: path.resolve(path.dirname(file), name), file });
  return {
    citations: Object.freeze({
      bibliography: Object.freeze(matter.bibliography.map(named)),
      ...(matter.csl === undefined ? {} : { csl: named(matter.csl) }),
    }),
  };
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

/** briefing.yaml checked against schema/briefing.schema.json, then what a schema cannot say. */
function validateEdition(yaml: YamlFile): EditionConfig {
  const problems = schemaProblems('briefing', yaml, RULES.configInvalid.id);
  if (problems.length > 0) throw new BriefingError(problems);
  const data = yaml.data as unknown as BriefingYaml;
  const sourceLocale = data.sourceLocale ?? 'en';
  const locales = data.locales ?? [sourceLocale];
  if (!locales.includes(sourceLocale)) {
    fail({
      file: yaml.path,
      ...yaml.positionOf('locales'),
      message: `\`locales\` must include the source locale "${sourceLocale}"`,
      rule: RULES.configInvalid.id,
      fix: `add ${sourceLocale} to the list`,
    });
  }
  return Object.freeze({
    id: data.id,
    year: data.year,
    sourceLocale,
    locales: Object.freeze([...locales]),
    noteNumbering: data.noteNumbering ?? 'lower-roman',
    typography: Object.freeze(validateTypography(yaml, locales)),
    pdfStandard: Object.freeze(validatePdf(yaml, data.pdf?.standard)),
    ...validateChapters(yaml, data.chapters),
    ...(data.bibliography === undefined && data.csl === undefined
      ? quartoCitations(yaml.path, sourceLocale)
      : validateCitations(yaml)),
  });
}

/**
 * A Quarto project's `bibliography:` and `csl:` (its _quarto.yml in the source locale's folder, relative
 * to it), when briefing.yaml names none: a Quarto book cites from the project's bibliography.
 */
function quartoCitations(configFile: string, sourceLocale: string): { citations?: CitationSettings } {
  const root = path.dirname(configFile);
  const folder = { root, name: 'content folder' };
  const dir = path.join(root, sourceLocale);
  // A Jupyter Book's _config.yml names its bibliography `bibtex_bibfiles` (content/jupyter-book.ts).
  const yaml = readQuartoYaml(folder, dir) ?? jupyterBookBibliography(folder, dir);
  return yaml ? validateCitations(yaml) : {};
}

/** briefing.yaml as schema/briefing.schema.json allows it. */
interface BriefingYaml {
  id: string;
  year: number;
  sourceLocale?: string;
  locales?: string[];
  noteNumbering?: NoteNumbering;
  chapters?: string[];
  bibliography?: string | string[];
  csl?: string;
  pdf?: { standard?: string };
  limits?: Record<keyof typeof LIMIT_KEYS, number>;
}

/**
 * `chapters: [introduction.md, findings/, sources.md]`: the reading order, by the names of files
 * and folders in each locale folder (translations keep the names of their sources).
 */
function validateChapters(yaml: YamlFile, raw: string[] | undefined): { chapters?: readonly ListedChapter[] } {
  if (raw === undefined) return {};
  const seen = new Set<string>();
  const chapters = raw.map((value, i) => {
    const name = value.trim().replace(/\/+$/, '');
    if (seen.has(name)) {
      fail({
        file: yaml.path,
        ...yaml.positionAt(['chapters', i]),
        message: `"${name}" is listed twice in \`chapters\``,
        rule: RULES.configInvalid.id,
        fix: 'list each file once',
      });
    }
    seen.add(name);
    return Object.freeze({ name, ...yaml.positionAt(['chapters', i]) });
  });
  return { chapters: Object.freeze(chapters) };
}

/** `bibliography: refs.bib` (or a list) and `csl: style.csl`, relative to briefing.yaml. */
function validateCitations(yaml: YamlFile): { citations?: CitationSettings } {
  const { bibliography, csl } = yaml.data;
  if (bibliography === undefined && csl === undefined) return {};
  const named = (value: unknown, at: Array<string | number>): NamedFile => {
    if (typeof value !== 'string' || value.trim() === '')
      fail({
        file: yaml.path,
        ...yaml.positionAt(at, 'value'),
        message: `\`${at[0]}\` must name a file in the content folder`,
        rule: RULES.configInvalid.id,
        fix: at[0] === 'csl' ? 'write `csl: chicago-note-bibliography.csl`' : 'write `bibliography: references.bib`',
      });
    return {
      path: path.resolve(path.dirname(yaml.path), value),
      file: yaml.path,
      ...yaml.positionAt(at, 'value'),
    };
  };
  const list = bibliography === undefined ? [] : Array.isArray(bibliography) ? bibliography : [bibliography];
  return {
    citations: Object.freeze({
      bibliography: Object.freeze(
        list.map((value, i) => named(value, Array.isArray(bibliography) ? ['bibliography', i] : ['bibliography'])),
      ),
      ...(csl === undefined ? {} : { csl: named(csl, ['csl']) }),
    }),
  };
}

/** `pdf: { standard: ua-1+a-2a }` (config/pdf-standard.ts). */
function validatePdf(yaml: YamlFile, written: string | undefined): PdfStandard {
  const parsed = parseStandard(written ?? DEFAULT_STANDARD);
  // Written in briefing.yaml: the content is held to it (pipeline/standard-check.ts).
  if (parsed) return written === undefined ? parsed : { ...parsed, asked: true };
  return fail({
    file: yaml.path,
    ...yaml.positionAt(['pdf', 'standard']),
    message: `\`pdf.standard\` must be one of ${STANDARD_NAMES.join(', ')}, or ua-1 with one PDF/A level (ua-1+a-2a)`,
    rule: RULES.configInvalid.id,
    fix: `write \`pdf: { standard: ${DEFAULT_STANDARD} }\``,
  });
}

/** briefing.yaml's `limits:` names (schema/briefing.schema.json) → Limits, in their units. */
const LIMIT_KEYS = {
  maxFileMB: { key: 'maxFileBytes', scale: 1024 * 1024 },
  maxNesting: { key: 'maxNesting', scale: 1 },
  maxAliases: { key: 'maxAliases', scale: 1 },
  maxDelimiters: { key: 'maxDelimiters', scale: 1 },
  maxImageMegapixels: { key: 'maxImagePixels', scale: 1_000_000 },
  maxSvgElements: { key: 'maxSvgElements', scale: 1 },
} as const satisfies Record<string, { key: keyof Limits; scale: number }>;

/** `limits:` in briefing.yaml (docs/LIMITS.md), already checked by the schema. */
function validateLimits(yaml: YamlFile): Partial<Limits> {
  const result: Partial<Limits> = {};
  const raw = (yaml.data as unknown as BriefingYaml).limits ?? {};
  for (const [name, value] of Object.entries(raw) as Array<[keyof typeof LIMIT_KEYS, number]>) {
    const known = LIMIT_KEYS[name];
    result[known.key] = Math.floor(value * known.scale);
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

// Pandoc's metadata in a single-file report's front matter (title, subtitle, author, date, lang,
// abstract, keywords, subject/description) → typed values for the cover, the PDF metadata and the
// run's locale. Lenient on purpose: the YAML's errors and shapes are reported, at their lines, by
// pipeline/remark-matter.ts when the file is processed; here a value of the wrong shape is ignored.
import { parseDocument } from 'yaml';
import { yamlTooDeep } from '../config/yaml.js';

export interface ReportMatter {
  title?: string;
  subtitle?: string;
  authors: string[];
  date?: string;
  lang?: string;
  abstract?: string;
  keywords: string[];
  description?: string;
  /** `bibliography:` (one file or a list) and `csl:`, relative to the report. */
  bibliography: string[];
  csl?: string;
}

// The opening `---` block, as remark-frontmatter finds it (first line of the file).
const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n?---[ \t]*(?:\r?\n|$)/;

export function reportMatter(text: string): ReportMatter {
  const yaml = FRONT_MATTER.exec(text)?.[1];
  const block = titleBlock(text);
  const empty: ReportMatter = { keywords: [], bibliography: [], ...block };
  // Too deep: the front matter's own check (remark-matter.ts) reports it at its place.
  if (yaml === undefined || yamlTooDeep(yaml)) return empty;
  const doc = parseDocument(yaml);
  if (doc.errors.length > 0) return empty;
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch {
    return empty;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return empty;
  const d = data as Record<string, unknown>;
  const authors = list(d.author ?? d.authors)
    .map(personName)
    .filter((a): a is string => a !== undefined);
  return {
    title: text_(d.title) ?? block.title,
    subtitle: text_(d.subtitle),
    authors: authors.length > 0 ? authors : empty.authors,
    date: (d.date instanceof Date ? d.date.toISOString().slice(0, 10) : text_(d.date)) ?? block.date,
    lang: text_(d.lang),
    abstract: text_(d.abstract),
    keywords: list(d.keywords ?? d.tags)
      .map(text_)
      .filter((k): k is string => k !== undefined),
    description: text_(d.subject) ?? text_(d.description),
    bibliography: list(d.bibliography)
      .map(text_)
      .filter((b): b is string => b !== undefined),
    csl: text_(d.csl),
  };
}

function text_(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Pandoc allows an author as text or as `{name: …, affiliation: …}`. */
function personName(value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null && 'name' in value) return text_(value.name);
  return text_(value);
}

/**
 * Pandoc's title block, the file's first lines: `% Title`, `% Author; Author`, `% Date` (the
 * pipeline takes it out of the text: remark-pandoc-blocks.ts).
 */
function titleBlock(text: string): { title?: string; authors: string[]; date?: string } {
  if (!text.startsWith('%')) return { authors: [] };
  const lines: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('%')) break;
    lines.push(line.replace(/^%\s*/, '').trim());
  }
  const [title, authors, date] = lines;
  return {
    title: title || undefined,
    authors: (authors ?? '')
      .split(';')
      .map((a) => a.trim())
      .filter(Boolean),
    date: date || undefined,
  };
}

// Pandoc's metadata in a single-file report's front matter (title, subtitle, author, date, lang,
// abstract, keywords, subject/description) → typed values for the cover, the PDF metadata and the
// run's locale. Lenient on purpose: the YAML's errors and shapes are reported, at their lines, by
// pipeline/remark-matter.ts when the file is processed; here a value of the wrong shape is ignored.
import { parseDocument } from 'yaml';

export interface ReportMatter {
  title?: string;
  subtitle?: string;
  authors: string[];
  date?: string;
  lang?: string;
  abstract?: string;
  keywords: string[];
  description?: string;
}

// The opening `---` block, as remark-frontmatter finds it (first line of the file).
const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n?---[ \t]*(?:\r?\n|$)/;

export function reportMatter(text: string): ReportMatter {
  const yaml = FRONT_MATTER.exec(text)?.[1];
  const empty: ReportMatter = { authors: [], keywords: [] };
  if (yaml === undefined) return empty;
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
  return {
    title: text_(d.title),
    subtitle: text_(d.subtitle),
    authors: list(d.author ?? d.authors).map(personName).filter((a): a is string => a !== undefined),
    date: d.date instanceof Date ? d.date.toISOString().slice(0, 10) : text_(d.date),
    lang: text_(d.lang),
    abstract: text_(d.abstract),
    keywords: list(d.keywords).map(text_).filter((k): k is string => k !== undefined),
    description: text_(d.subject) ?? text_(d.description),
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

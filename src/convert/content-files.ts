// The converted text → the files of a Briefing content folder (README, "Content layout"):
// briefing.yaml (id, year, locale, the chapters in Word's order, the callout styles), the locale's
// edition.yaml (document properties), preface.md, one file per Heading 1 and the pictures. Chapter
// file names are `NN-slug.md` and stay what the last conversion called a chapter of the same title,
// so converting again after the author edits the Word file keeps names (and links to them) stable.
import path from 'node:path';
import { stringify } from 'yaml';
import GithubSlugger from 'github-slugger';
import type { ConvertedText } from './docx-markdown.js';
import type { DocxProperties } from './docx-properties.js';
import type { ConvertedImage } from './docx-html.js';

export interface ContentFiles {
  /** Relative to the content folder (`briefing.yaml`, `en/01-introduction.md`) → contents. */
  files: Map<string, string | Buffer>;
  /** Each chapter's title → its file name, for the next conversion. */
  chapters: Array<{ title: string; file: string }>;
  locale: string;
}

export interface LayoutInput {
  docxName: string;
  text: ConvertedText;
  properties: DocxProperties;
  images: ConvertedImage[];
  callouts: string[];
  /** Chapter names the previous conversion used (from its manifest). */
  previous: Array<{ title: string; file: string }>;
  fallbackYear: number;
}

export function contentFiles(input: LayoutInput): ContentFiles {
  const { text, properties } = input;
  const locale = localeOf(properties.language);
  const files = new Map<string, string | Buffer>();
  const chapters = chapterNames(
    text.chapters.map((c) => c.title),
    input.previous,
  );
  const id = editionId(path.basename(input.docxName, path.extname(input.docxName)));
  const title = properties.title ?? text.title ?? text.chapters[0]?.title ?? id;
  files.set(
    'briefing.yaml',
    `# Converted from ${input.docxName} by \`briefing convert\` (README, "Word in").\n` +
      stringify({
        id,
        year: properties.year ?? input.fallbackYear,
        sourceLocale: locale,
        locales: [locale],
        chapters: chapters.map((c) => c.file),
        convert: { callouts: input.callouts },
      }),
  );
  const edition: Record<string, unknown> = { title };
  const subtitle = text.subtitle ?? (properties.subject !== title ? properties.subject : undefined);
  if (subtitle) edition.subtitle = subtitle;
  if (properties.creator) edition.author = properties.creator;
  if (properties.description) edition.description = properties.description;
  if (properties.keywords.length) edition.keywords = properties.keywords;
  files.set(`${locale}/edition.yaml`, stringify(edition));
  if (text.preface) files.set(`${locale}/preface.md`, text.preface);
  text.chapters.forEach((chapter, i) => files.set(`${locale}/${chapters[i]!.file}`, chapter.markdown));
  for (const image of input.images) files.set(`${locale}/${image.name}`, image.bytes);
  return { files, chapters, locale };
}

/** `en-GB` → `en`: Briefing's locale folders and built-in words go by the language. */
function localeOf(language: string | undefined): string {
  const primary = language?.split(/[-_]/)[0]?.toLowerCase();
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : 'en';
}

/** Names of the last conversion for titles it knew; `NN-slug.md` (NN its place) for new ones. */
function chapterNames(titles: string[], previous: LayoutInput['previous']): Array<{ title: string; file: string }> {
  const taken = new Set<string>();
  const known = new Map(previous.map((p) => [p.title, p.file]));
  const names = titles.map((title) => {
    const file = known.get(title);
    if (file && !taken.has(file)) {
      taken.add(file);
      return file;
    }
    return undefined;
  });
  return titles.map((title, i) => {
    let file = names[i];
    if (!file) {
      const base = `${String(i + 1).padStart(2, '0')}-${slug(title) || 'chapter'}`;
      file = `${base}.md`;
      for (let n = 2; taken.has(file); n++) file = `${base}-${n}.md`;
      taken.add(file);
    }
    return { title, file };
  });
}

/** briefing.yaml's `id`: lower-case ASCII letters, digits, dots and dashes (as `briefing new` makes it). */
function editionId(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[-._]+|-+$/g, '') || 'report'
  );
}

function slug(text: string): string {
  return new GithubSlugger().slug(text).slice(0, 48).replace(/-+$/, '');
}

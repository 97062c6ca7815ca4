// One locale's files → rendered chapters, the contents and every message, in reading order.
// Notes are edition-wide: sources.md is parsed first (definitions), chapters run in reading order
// (numbering by first reference), sources.md runs last (its list needs every reference).
import path from 'node:path';
import type { VFile } from 'vfile';
import type { Definition, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { normalizeLabel } from './remark-links.js';
import { pandocBaseId } from './remark-structure.js';
import { toString as mdastToString } from 'mdast-util-to-string';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { Config, NoteNumbering } from '../config/config.js';
import type { ChapterSource, EditionMeta, LocaleContent } from '../content/read.js';
import { fromVFile, type Diagnostic } from '../messages.js';
import { resolveStrings, type Strings } from '../content/strings.js';
import type { FileRole } from './data.js';
import { NoteRegistry, type NoteSummary } from './notes-registry.js';
import { resolveFootnotes } from './footnotes.js';
import { resolveAnchors } from './anchors.js';
import { createProcessor, type ProcessorOptions } from './processor.js';
import { FloatCounter } from './remark-figures.js';
import { ReferenceRegistry } from './references-registry.js';
import { placeholdersOf, resolveCrossrefs } from './crossrefs.js';
import { Citations, type PlacedBibliography } from './citations.js';
import { stampSources } from './source-stamps.js';
import type { ParseCache } from './parse-cache.js';
import { parse } from './parse.js';
import { parseAhead } from './parse-ahead.js';
import { checkUniqueIds, templateIds } from './unique-ids.js';
import { qualifyTakenIds } from './taken-ids.js';
import { adviseOnTranslatedNoteNames, checkParity, parityPairs } from './parity.js';
import { toRoman, toSectionLetter } from './numbering.js';
import { trailingAttributes } from './attributes.js';
import { hyphenationExceptions, typographyFor, type Typography } from '../config/typography.js';
import { headingEntries, type ContentsEntry } from './contents.js';
import type { MemoRun, Registries, TransformMemos } from './transform-memo.js';
import { limits } from '../limits.js';

export type { ContentsEntry } from './contents.js';

export interface EditionChapter {
  id: string;
  /** Language of the chapter's text: the edition's, or the source locale's when it fell back. */
  lang: string;
  /** Not yet translated: the source locale's text stands in. */
  fallback: boolean;
  /** `notes`: the Notes chapter the theme may add (render/place-notes.ts). */
  kind: 'chapter' | 'sources' | 'notes';
  number: string;
  title: string;
  /** Running-head title: front matter `short`, else the title. */
  short: string;
  /** The chapter as hast (sections wrapped in <section>); turned into HTML per medium by render/. */
  tree: HastRoot;
  /** Footnotes first referenced in this chapter (`<li>`s, numbered): placed by the theme (render/place-notes.ts). */
  footnotes: Element[];
}

export interface EditionStats {
  chapters: number;
  sections: number;
  callouts: number;
  figures: number;
  tables: number;
  notes: number;
  noteReferences: number;
}

export interface ProcessedEdition {
  locale: string;
  meta: EditionMeta;
  strings: Strings;
  preface?: HastRoot;
  prefaceLang: string;
  /** Footnotes first referenced in the preface. */
  prefaceFootnotes: Element[];
  chapters: EditionChapter[];
  contents: ContentsEntry[];
  notes: NoteSummary[];
  /** The style note marks are written in (decimal, roman, symbols): a theme that counts per chapter uses it. */
  noteNumbering?: NoteNumbering;
  stats: EditionStats;
  /** Ragged-right text as the locale's typography says; undefined: where it has no hyphenation patterns. */
  ragged?: boolean;
  /** Words broken by hand in print, by language (`typography: { <locale>: { hyphenation } }`). */
  hyphenationExceptions?: Readonly<Record<string, readonly string[]>>;
  /**
   * The content folder: the print HTML names each block's source relative to it (data-source), so the
   * outputs do not depend on where the content is checked out.
   */
  sourceRoot?: string;
  diagnostics: Diagnostic[];
}

interface Unit {
  file: VFile;
  tree?: Root;
  hast?: HastRoot;
}

export async function processEdition(
  content: LocaleContent,
  config: Config,
  cache?: ParseCache,
  memos?: TransformMemos,
): Promise<ProcessedEdition> {
  const { strings, diagnostics: stringDiagnostics } = resolveStrings(
    content.strings,
    content.stringsFile,
    content.sourceStrings,
    content.locale,
  );
  const typography = typographyFor(content.locale, config.edition.typography);
  // The worker starts parsing the last files now, while the citations load and this thread's parser does.
  const ahead = content.parsed ? undefined : parseAhead(filesToParse(content), cache);
  const notes = new NoteRegistry(typography.noteNumbering ?? config.edition.noteNumbering);
  const floats = new FloatCounter();
  const references = new ReferenceRegistry();
  // The style is read first: a note style puts the text's citations into notes while files run.
  const citations = await Citations.load(config.edition.citations, config.contentDir, content.locale);
  const linkDefinitions = new Map<string, Definition>();
  const processor = editionProcessor(content, config, strings, {
    linkDefinitions,
    notes,
    floats,
    references,
    noteStyle: citations.noteStyle,
  });

  const units = await parseUnits(assignRoles(content, typography), content, cache, ahead);
  numberChapters(units);
  // Translation against source, on the trees as parsed (the transform below changes them).
  const parity = await parityPairs(content, new Map(units.map((u) => [u.file, u.tree!])), cache, ahead);
  const registries = { notes, references, floats };
  const memoRun = memoFor(memos, content, config, strings, citations.noteStyle, registries, linkDefinitions);
  await runUnits(units, notes, linkDefinitions, processor, memoRun);
  // Before the footnotes leave their files: a citation's note is filled where it waits.
  const placeholders = placeholdersOf(units);
  resolveCrossrefs(units, references, placeholders, strings);
  const bibliography = await citations.resolve(units, references, placeholders, strings.references);
  const footnotes = resolveFootnotes(units, notes, strings.backToReference);
  await resolveIds(units, footnotes, content, config.templatesDir);
  adviseOnTranslatedNoteNames(parity);

  const unitOf = new Map(units.map((unit) => [unit.file, unit]));
  const chapters = content.chapters.map((chapter) =>
    editionChapter(chapter, unitOf, footnotes, strings, content.locale),
  );
  const contents = content.chapters.map((chapter) =>
    contentsEntry(chapter, unitOf, content.locale, Boolean(config.report)),
  );

  if (bibliography) addToContents(contents, content, bibliography);
  const summary = notes.summary();
  const prefaceUnit = content.preface ? unitOf.get(content.preface) : undefined;
  return {
    locale: content.locale,
    meta: content.meta,
    strings,
    preface: prefaceUnit?.hast,
    prefaceLang: content.prefaceTranslation?.lang ?? content.locale,
    prefaceFootnotes: footnotes.get('preface') ?? [],
    ragged: typography.ragged,
    hyphenationExceptions: hyphenationExceptions(config.edition.typography),
    sourceRoot: config.contentDir,
    chapters,
    contents,
    notes: summary,
    noteNumbering: typography.noteNumbering ?? config.edition.noteNumbering,
    stats: editionStats(content, units, floats, summary),
    diagnostics: [
      ...content.diagnostics,
      ...stringDiagnostics,
      ...citations.diagnostics,
      ...checkParity(content, parity),
      ...units.flatMap((u) => fromVFile(u.file)),
    ],
  };
}

/**
 * The edition's ids made unique (a `{#id}` two chapters wrote, taken-ids.ts) and checked, and its
 * internal links resolved to them; the templates' ids and the placed notes' are taken too.
 */
async function resolveIds(
  units: Unit[],
  footnotes: ReadonlyMap<string, Element[]>,
  content: LocaleContent,
  templatesDir: string,
): Promise<void> {
  const placedIds = [...footnotes.values()].flat().map((li) => String(li.properties.id));
  const reserved = await templateIds(templatesDir);
  const renamed = qualifyTakenIds(units, [...reserved, ...placedIds]);
  resolveAnchors(units, [...reserved, ...placedIds], localeFolders(content), renamed);
  checkUniqueIds(units, reserved);
}

/** Every note definition and link target of the edition collected, then each file run (sources last). */
async function runUnits(
  units: Unit[],
  notes: NoteRegistry,
  linkDefinitions: Map<string, Definition>,
  processor: ReturnType<typeof createProcessor>,
  memoRun: (runOrder: Unit[]) => MemoRun | undefined,
): Promise<void> {
  // Collect: every note definition of the edition, before any reference is resolved.
  const sources = units.find((u) => u.file.data.role?.kind === 'sources');
  for (const unit of units) {
    notes.collect(unit.tree!, unit.file, unit === sources);
    collectLinkDefinitions(unit.tree!, linkDefinitions);
  }
  for (const unit of units) collectHeadingReferences(unit.tree!, linkDefinitions);

  const runOrder = [...units.filter((u) => u !== sources), ...(sources ? [sources] : [])];
  const memo = memoRun(runOrder);
  for (const unit of runOrder) {
    await yieldToSignals();
    const run = async () => {
      const hast = await processor.run(unit.tree!, unit.file);
      stampSources(hast, unit.file.path);
      return hast;
    };
    if (!memo) unit.hast = await run();
    else {
      const taken = memo.take(unit.file);
      unit.hast = taken.hast ?? (await memo.run(unit.file, taken.key, run));
    }
  }
}

/** Each file's tree: a single-file report's part as split, else parsed (or from the parse cache). */
async function parseUnits(
  units: Unit[],
  content: LocaleContent,
  cache: ParseCache | undefined,
  ahead: ReturnType<typeof parseAhead>,
): Promise<Unit[]> {
  for (const unit of units) {
    await yieldToSignals();
    unit.tree = content.parsed?.get(unit.file) ?? (await parse(unit.file, cache, ahead));
  }
  return units;
}

/**
 * The memo's run of this build's files (transform-memo.ts), when the dev loop keeps one and the
 * edition allows it (no caller's plugins; not a single-file report, whose parts share one path).
 */
function memoFor(
  memos: TransformMemos | undefined,
  content: LocaleContent,
  config: Config,
  strings: Strings,
  noteStyle: boolean | undefined,
  registries: Registries,
  links: ReadonlyMap<string, Definition>,
): (runOrder: Unit[]) => MemoRun | undefined {
  const memo = memos && !config.report && !config.plugins ? memos.of(content.locale) : undefined;
  if (!memo) return () => undefined;
  // What every file's run reads besides its own text and data: the settings the processor is made
  // with, the limits, every note definition and every link target of the edition (once collected).
  const context = () =>
    JSON.stringify([
      content.locale,
      localeFolders(content),
      config.contentDir,
      config.edition.typography ?? null,
      strings,
      noteStyle ?? false,
      limits(),
      registries.notes.definitionsKey(),
      [...links].map(([label, d]) => [label, d.url, d.title ?? null]),
    ]);
  return (runOrder) =>
    memo.start(
      context(),
      runOrder.map((u) => u.file),
      registries,
    );
}

/** What the edition holds, counted. */
function editionStats(content: LocaleContent, units: Unit[], floats: FloatCounter, notes: NoteSummary[]): EditionStats {
  return {
    chapters: content.chapters.length,
    sections: content.chapters.reduce((sum, chapter) => sum + chapter.sections.length, 0),
    callouts: units.reduce((sum, u) => sum + (u.file.data.callouts ?? 0), 0),
    figures: floats.figures,
    tables: floats.tables,
    notes: notes.length,
    noteReferences: notes.reduce((sum, n) => sum + n.references, 0),
  };
}

/** The settings of the edition's unified processor. */
function editionProcessor(
  content: LocaleContent,
  config: Config,
  strings: Strings,
  shared: Pick<ProcessorOptions, 'linkDefinitions' | 'notes' | 'floats' | 'references' | 'noteStyle'>,
) {
  return createProcessor({
    ...shared,
    plugins: config.plugins,
    backLabel: strings.backToReference,
    contentDir: config.contentDir,
    sourceImages: sourceImages(content),
    figureLabel: strings.figure,
    tableLabel: strings.table,
    listingLabel: strings.listing,
    calloutTitles: {
      note: strings.note,
      tip: strings.tip,
      important: strings.important,
      warning: strings.warning,
      caution: strings.caution,
    },
    typography: { lang: content.locale, typographyFor: (lang) => typographyFor(lang, config.edition.typography) },
  });
}

type Chapter = LocaleContent['chapters'][number];

/** A chapter of the edition: its own file's tree, then its sections, each a <section>. */
function editionChapter(
  chapter: Chapter,
  unitOf: ReadonlyMap<VFile, Unit>,
  footnotes: ReadonlyMap<string, Element[]>,
  strings: Strings,
  locale: string,
): EditionChapter {
  const own = unitOf.get(chapter.file)!;
  const sectionUnits = chapter.sections.map((section) => unitOf.get(section.file)!);
  const heading = own.file.data.headings?.[0];
  const role = own.file.data.role as Extract<FileRole, { kind: 'chapter' | 'sources' }>;
  const title = heading?.title ?? chapter.slug;
  // A section in another language than its chapter (a fallback inside a translated chapter, or
  // a translated section in a fallback chapter) says so: marked in the locale's words, with `lang`
  // so the source's hyphenation applies.
  const sections: ElementContent[] = sectionUnits.map((u, i) => {
    const section = chapter.sections[i]!;
    const marked = section.fallback && !chapter.fallback;
    return {
      type: 'element',
      tagName: 'section',
      properties: {
        className: marked ? ['section', 'fallback'] : ['section'],
        ariaLabelledBy: [u.file.data.headings?.[0]?.id ?? ''],
        ...(section.lang !== chapter.lang ? { lang: section.lang } : {}),
      },
      // The notice follows the section's heading (which never ends a page), so the two stay together.
      children: [
        { type: 'text', value: '\n' },
        ...withNoticeAfterHeading(
          u.hast!.children as ElementContent[],
          marked ? fallbackNote(strings.notTranslated, locale) : undefined,
        ),
        { type: 'text', value: '\n' },
      ],
    };
  });
  return {
    id: chapter.slug,
    lang: chapter.lang,
    fallback: chapter.fallback,
    kind: chapter.kind,
    number: role.number,
    title,
    short: own.file.data.matter?.short ?? title,
    tree: {
      type: 'root',
      children: [
        ...own.hast!.children,
        ...sections.flatMap((section) => [{ type: 'text', value: '\n' } as const, section]),
      ],
    },
    footnotes: footnotes.get(chapter.slug) ?? [],
  };
}

/** A chapter's entry of the contents, with its subheadings and sections. */
function contentsEntry(
  chapter: Chapter,
  unitOf: ReadonlyMap<VFile, Unit>,
  locale: string,
  report: boolean,
): ContentsEntry {
  const own = unitOf.get(chapter.file)!;
  const sectionUnits = chapter.sections.map((section) => unitOf.get(section.file)!);
  const role = own.file.data.role as Extract<FileRole, { kind: 'chapter' | 'sources' }>;
  const title = own.file.data.headings?.[0]?.title ?? chapter.slug;
  const entryLang = (lang: string) => (lang !== locale ? { lang } : {});
  return {
    id: chapter.slug,
    number: role.number,
    title,
    fallback: chapter.fallback,
    ...entryLang(chapter.lang),
    level: 1,
    children: [
      // A single-file report's `##` headings are its sections; a chapter file's own are subheadings.
      ...headingEntries(
        own.file.data.headings?.slice(1) ?? [],
        { fallback: false, ...entryLang(chapter.lang) },
        (h) => report && sectionUnits.length === 0 && h.depth === 2,
      ),
      ...sectionUnits.flatMap((u, i) => {
        const [h, ...below] = u.file.data.headings ?? [];
        const short = u.file.data.matter?.short;
        const section = chapter.sections[i]!;
        const fallback = section.fallback && !chapter.fallback;
        const lang = entryLang(section.lang);
        return h
          ? [
              {
                id: h.id,
                number: h.number,
                title: h.title,
                ...(short ? { short } : {}),
                fallback,
                ...lang,
                level: 2,
                children: headingEntries(below, { fallback, ...lang }, () => false),
              },
            ]
          : [];
      }),
    ],
  };
}

/** The folders a link starting with `/` starts from: the locale's, and the source's (fallback files). */
/** A translation's folder and its source's, for images the translation does not have (remark-links.ts). */
function sourceImages(content: LocaleContent): ProcessorOptions['sourceImages'] {
  const [translation, source] = localeFolders(content) as [string, string];
  return content.locale === content.sourceLocale ? undefined : { translation, source };
}

function localeFolders(content: LocaleContent): string[] {
  return [content.dir, path.join(path.dirname(content.dir), content.sourceLocale)];
}

/** A bibliography put at the end of a chapter is an entry of that chapter in the contents. */
function addToContents(contents: ContentsEntry[], content: LocaleContent, placed: PlacedBibliography): void {
  const at = content.chapters.findIndex(
    (c) => c.file === placed.file || c.sections.some((section) => section.file === placed.file),
  );
  contents[at]?.children.push({ id: placed.id, number: '', title: placed.title, fallback: false, children: [] });
}

/** `[label]: url` of every file: a reference in one chapter may use a definition in another. */
function collectLinkDefinitions(tree: Root, into: Map<string, Definition>): void {
  visit(tree, 'definition', (node) => {
    const label = normalizeLabel(node.label ?? node.identifier);
    if (!into.has(label)) into.set(label, node);
  });
}

/**
 * Pandoc's implicit_header_references: `[Heading text]` links to that heading when no definition of
 * the same label exists anywhere in the edition (explicit definitions are collected first and win).
 */
function collectHeadingReferences(tree: Root, into: Map<string, Definition>): void {
  visit(tree, 'heading', (node) => {
    // At collect time attributes are still text: `Title {#id .class}`.
    const text = mdastToString(node);
    const attributes = /\s*\{([^{}]*)\}\s*$/.exec(text);
    const title = attributes ? text.slice(0, attributes.index) : text;
    const id = /(?:^|\s)#([^\s}]+)/.exec(attributes?.[1] ?? '')?.[1] ?? pandocBaseId(title);
    const label = normalizeLabel(title);
    if (label && !into.has(label)) into.set(label, { type: 'definition', identifier: label, label, url: `#${id}` });
  });
}

function withNoticeAfterHeading(children: ElementContent[], notice: ElementContent | undefined): ElementContent[] {
  if (!notice) return children;
  const at = children.findIndex((c) => c.type === 'element' && /^h[1-6]$/.test(c.tagName));
  return [...children.slice(0, at + 1), { type: 'text', value: '\n' }, notice, ...children.slice(at + 1)];
}

function fallbackNote(words: string, lang: string): ElementContent {
  return {
    type: 'element',
    tagName: 'p',
    properties: { className: ['fallback-note'], lang },
    children: [{ type: 'text', value: words }],
  };
}

/**
 * What processEdition parses, in its order: the files in reading order (assignRoles), then the
 * sources of the translated ones (parityPairs).
 */
function filesToParse(content: LocaleContent): Array<{ path: string; text: string }> {
  const own = content.chapters.flatMap((c) => [c, ...c.sections]);
  const files = [...(content.preface ? [content.preface] : []), ...own.map((c) => c.file)];
  const sources = content.locale === content.sourceLocale ? [] : own.filter((c) => !c.fallback && c.source);
  return [
    ...files.map((file) => ({ path: file.path, text: String(file.value) })),
    ...sources.map(({ source }) => ({ path: source!.path, text: String(source!.value) })),
  ];
}

/** Files in reading order with their role (number, slug) set before any plugin runs. */
function assignRoles(content: LocaleContent, typography: Typography): Unit[] {
  const units: Unit[] = [];
  if (content.preface) {
    content.preface.data.role = { kind: 'preface' };
    content.preface.data.lang = content.prefaceTranslation?.lang ?? content.locale;
    units.push({ file: content.preface });
  }
  content.chapters.forEach((chapter: ChapterSource) => {
    // Numbered once parsed (numberChapters): a title may say it has none.
    chapter.file.data.role = { kind: chapter.kind, slug: chapter.slug, number: '', sections: chapter.sections.length };
    chapter.file.data.lang = chapter.lang;
    units.push({ file: chapter.file });
    chapter.sections.forEach((section, j) => {
      section.file.data.role = {
        kind: 'section',
        slug: section.slug,
        number: toSectionLetter(j + 1, typography.sectionLetters),
        chapterSlug: chapter.slug,
      };
      section.file.data.lang = section.lang;
      units.push({ file: section.file });
    });
  });
  return units;
}

/**
 * Chapters numbered I, II… in reading order, but for one whose title says Pandoc's `{.unnumbered}`
 * (or `{-}`): it has no number, and the chapters after it count on without it.
 */
function numberChapters(units: Unit[]): void {
  let count = 0;
  for (const unit of units) {
    const role = unit.file.data.role;
    if (role?.kind !== 'chapter' && role?.kind !== 'sources') continue;
    role.number = opensUnnumbered(unit.tree!) ? '' : toRoman((count += 1));
  }
}

function opensUnnumbered(tree: Root): boolean {
  const first = tree.children.find((node) => node.type !== 'yaml');
  const last = first?.type === 'heading' ? first.children.at(-1) : undefined;
  return (
    last?.type === 'text' &&
    Boolean(trailingAttributes(last.value.trimEnd())?.attributes.classes.includes('unnumbered'))
  );
}

/**
 * Let the event loop turn between files: parsing and transforming are synchronous, and a SIGINT or
 * SIGTERM handler only runs when the loop turns (an await of a settled promise is not enough).
 */
function yieldToSignals(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

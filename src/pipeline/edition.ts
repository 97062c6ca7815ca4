// One locale's files → rendered chapters, the contents and every message, in reading order.
// Notes are edition-wide: sources.md is parsed first (definitions), chapters run in reading order
// (numbering by first reference), sources.md runs last (its list needs every reference).
import { VFile } from 'vfile';
import type { Root } from 'mdast';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { Position } from 'unist';
import type { Config } from '../config/config.js';
import type { ChapterSource, EditionMeta, LocaleContent } from '../content/read.js';
import { displayPath, fromVFile, type Diagnostic } from '../messages.js';
import { resolveStrings, type Strings } from '../content/strings.js';
import type { FileRole } from './data.js';
import { report, vfileRule } from './data.js';
import { NoteRegistry, type NoteSummary } from './remark-notes.js';
import { createProcessor } from './processor.js';
import { FloatCounter } from './remark-figures.js';
import { stampSources } from './source-stamps.js';
import { cacheDir, readParsed, writeParsed } from './parse-cache.js';
import { toRoman, toSectionLetter } from './numbering.js';
import { typographyFor, type Typography } from '../config/typography.js';
import { cutDeepTree, findDeepNesting, maxTreeDepth, nestingMessage } from './nesting.js';
import { limits } from '../limits.js';
import { RULES } from '../rules.js';

export interface ContentsEntry {
  id: string;
  number: string;
  title: string;
  /** Running-head title of a section: its front matter `short`, when it has one. */
  short?: string;
  /** Not translated: the source locale's text stands in (marked in the contents). */
  fallback: boolean;
  /** Language of the title when it differs from the edition's (a fallback). */
  lang?: string;
  children: ContentsEntry[];
}

export interface EditionChapter {
  id: string;
  /** Language of the chapter's text: the edition's, or the source locale's when it fell back. */
  lang: string;
  /** Not yet translated: the source locale's text stands in. */
  fallback: boolean;
  kind: 'chapter' | 'sources';
  number: string;
  title: string;
  /** Running-head title: front matter `short`, else the title. */
  short: string;
  /** The chapter as hast (sections wrapped in <section>); turned into HTML per medium by render/. */
  tree: HastRoot;
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
  chapters: EditionChapter[];
  contents: ContentsEntry[];
  notes: NoteSummary[];
  stats: EditionStats;
  /** Ragged-right text as the locale's typography says; undefined: where it has no hyphenation patterns. */
  ragged?: boolean;
  diagnostics: Diagnostic[];
}

interface Unit {
  file: VFile;
  tree?: Root;
  hast?: HastRoot;
}

/**
 * Parsed Markdown by file path and text: `briefing dev` keeps one across rebuilds, so an edit
 * re-parses only the file that changed (parsing is most of a rebuild). Trees are cloned out of it,
 * since our plugins change the tree they run on.
 */
export type ParseCache = Map<string, { text: string; tree: Root }>;

export async function processEdition(
  content: LocaleContent,
  config: Config,
  cache?: ParseCache,
): Promise<ProcessedEdition> {
  const { strings, diagnostics: stringDiagnostics } = resolveStrings(
    content.strings,
    content.stringsFile,
    content.sourceStrings,
  );
  const typography = typographyFor(content.locale, config.edition.typography);
  const notes = new NoteRegistry(typography.noteNumbering ?? config.edition.noteNumbering);
  const floats = new FloatCounter();
  const processor = createProcessor({
    notes,
    backLabel: strings.backToReference,
    contentDir: config.contentDir,
    floats,
    figureLabel: strings.figure,
    tableLabel: strings.table,
    typography: { lang: content.locale, typographyFor: (lang) => typographyFor(lang, config.edition.typography) },
  });

  const units = assignRoles(content, typography);
  for (const unit of units) {
    await yieldToSignals();
    unit.tree = await parse(unit.file, cache);
  }
  const sources = units.find((u) => u.file.data.role?.kind === 'sources');
  if (sources) notes.collect(sources.tree!, sources.file);

  const runOrder = [...units.filter((u) => u !== sources), ...(sources ? [sources] : [])];
  for (const unit of runOrder) {
    await yieldToSignals();
    unit.hast = await processor.run(unit.tree!, unit.file);
    stampSources(unit.hast, unit.file.path);
  }
  checkUniqueIds(units);
  adviseOnTranslatedNoteNames(content);

  const chapters: EditionChapter[] = [];
  const contents: ContentsEntry[] = [];
  let sectionCount = 0;
  const unitOf = new Map(units.map((unit) => [unit.file, unit]));
  for (const chapter of content.chapters) {
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
            marked ? fallbackNote(strings.notTranslated, content.locale) : undefined,
          ),
          { type: 'text', value: '\n' },
        ],
      };
    });
    chapters.push({
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
    });
    const entryLang = (lang: string) => (lang !== content.locale ? { lang } : {});
    contents.push({
      id: chapter.slug,
      number: role.number,
      title,
      fallback: chapter.fallback,
      ...entryLang(chapter.lang),
      children: sectionUnits.flatMap((u, i) => {
        const h = u.file.data.headings?.[0];
        const short = u.file.data.matter?.short;
        const section = chapter.sections[i]!;
        const fallback = section.fallback && !chapter.fallback;
        return h
          ? [
              {
                id: h.id,
                number: h.number,
                title: h.title,
                ...(short ? { short } : {}),
                fallback,
                ...entryLang(section.lang),
                children: [],
              },
            ]
          : [];
      }),
    });
    sectionCount += chapter.sections.length;
  }

  const summary = notes.summary();
  const prefaceUnit = content.preface ? unitOf.get(content.preface) : undefined;
  return {
    locale: content.locale,
    meta: content.meta,
    strings,
    preface: prefaceUnit?.hast,
    prefaceLang: content.prefaceTranslation?.lang ?? content.locale,
    ragged: typography.ragged,
    chapters,
    contents,
    notes: summary,
    stats: {
      chapters: content.chapters.length,
      sections: sectionCount,
      callouts: units.reduce((sum, u) => sum + (u.file.data.callouts ?? 0), 0),
      figures: floats.figures,
      tables: floats.tables,
      notes: summary.length,
      noteReferences: summary.reduce((sum, n) => sum + n.references, 0),
    },
    diagnostics: [
      ...content.diagnostics,
      ...stringDiagnostics,
      ...checkParity(content),
      ...units.flatMap((u) => fromVFile(u.file)),
    ],
  };
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

/** Files in reading order with their role (number, slug) set before any plugin runs. */
function assignRoles(content: LocaleContent, typography: Typography): Unit[] {
  const units: Unit[] = [];
  if (content.preface) {
    content.preface.data.role = { kind: 'preface' };
    content.preface.data.lang = content.prefaceTranslation?.lang ?? content.locale;
    units.push({ file: content.preface });
  }
  content.chapters.forEach((chapter: ChapterSource, i) => {
    const number = toRoman(i + 1);
    chapter.file.data.role = { kind: chapter.kind, slug: chapter.slug, number, sections: chapter.sections.length };
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

/** Ids the shipped templates give their own elements (templates/layout.hbs, partials/contents.hbs). */
const TEMPLATE_IDS = ['content', 'contents-title', 'briefing-page-plan'];

/**
 * Every id the pipeline generates (headings, notes, note references, and any element a plugin gives
 * an id) must be unique in the edition: a chapter `NN-note.md` with `## Alpha` and a note `[^alpha]`
 * would both be `note-alpha`, and a link to one would land on the other.
 */
function checkUniqueIds(units: Unit[]): void {
  const seen = new Map<string, { file?: VFile; line?: number; what: string }>(
    TEMPLATE_IDS.map((id) => [id, { what: 'the templates' }]),
  );
  for (const unit of units) {
    for (const { id, what, position } of generatedIds(unit.hast)) {
      const earlier = seen.get(id);
      if (!earlier) {
        seen.set(id, { file: unit.file, line: position?.start.line, what });
        continue;
      }
      const where = earlier.file ? ` in ${earlier.file.basename}${earlier.line ? ` (line ${earlier.line})` : ''}` : '';
      report(
        unit.file,
        { type: 'element', position },
        'error',
        what === earlier.what
          ? `${what} id "${id}" is already used${where}`
          : `${what} id "${id}" is already used by ${earlier.file ? 'a ' : ''}${earlier.what}${where}`,
        RULES.duplicateId,
        what === 'heading' && earlier.what === 'heading'
          ? 'rename one of the files or headings'
          : `rename the ${what === 'heading' ? 'file or heading' : 'note'} so that the ids differ`,
      );
    }
  }
}

interface GeneratedId {
  id: string;
  what: string;
  position?: Position;
}

/** The ids in a file's hast, each with what carries it and the nearest position (for the message). */
function generatedIds(tree: HastRoot | undefined): GeneratedId[] {
  const found: GeneratedId[] = [];
  const walk = (node: HastRoot | ElementContent, near: Position | undefined): void => {
    const position = node.position ?? near;
    if (node.type === 'element' && typeof node.properties.id === 'string') {
      found.push({ id: node.properties.id, what: describeElement(node), position });
    }
    if ('children' in node) for (const child of node.children) walk(child as ElementContent, position);
  };
  if (tree) walk(tree, undefined);
  return found;
}

function describeElement(node: Element): string {
  if (/^h[1-6]$/.test(node.tagName)) return 'heading';
  if (node.properties.role === 'doc-noteref') return 'note reference';
  if (node.tagName === 'li') return 'note';
  return `<${node.tagName}>`;
}

/**
 * A translated file must carry the same callout boxes and note references as its source: a missing
 * box or note is the commonest translation slip, and nothing else would notice it.
 */
function checkParity(content: LocaleContent): Diagnostic[] {
  if (content.locale === content.sourceLocale) return [];
  const diagnostics: Diagnostic[] = [];
  const files = content.chapters.flatMap((c) => [c, ...c.sections]).filter((t) => !t.fallback && t.source);
  for (const translated of files) {
    const text = String(translated.file.value);
    const mine = countMarks(text);
    const theirs = countMarks(String(translated.source!.value));
    const compare = `compare with ${displayPath(translated.source!.path)}`;
    if (mine.callouts.length !== theirs.callouts.length) {
      // At the first box that differs in place (or the last box), so the editor jumps near it.
      const at = mine.callouts[Math.min(theirs.callouts.length, mine.callouts.length - 1)] ?? 1;
      diagnostics.push({
        file: translated.file.path,
        line: at,
        column: 1,
        severity: 'warning',
        message: `${mine.callouts.length} callout box(es) where the ${content.sourceLocale} text has ${theirs.callouts.length}`,
        rule: RULES.localeParity.id,
        fix: compare,
      });
    }
    const names = (list: NoteMark[]) => list.map((n) => n.name);
    const missing = theirs.notes.filter((n) => !names(mine.notes).includes(n.name));
    const extra = mine.notes.filter((n) => !names(theirs.notes).includes(n.name));
    if (missing.length > 0 || extra.length > 0) {
      const parts = [
        missing.length ? `lacks ${missing.map((n) => `[^${n.name}]`).join(', ')}` : '',
        extra.length ? `adds ${extra.map((n) => `[^${n.name}]`).join(', ')}` : '',
      ].filter(Boolean);
      const first = extra[0] ?? mine.notes.find((n) => n.index >= (missing[0]?.index ?? 0));
      diagnostics.push({
        file: translated.file.path,
        ...(first ? positionIn(text, first.offset) : {}),
        severity: 'warning',
        message: `notes differ from the ${content.sourceLocale} text: ${parts.join('; ')}`,
        rule: RULES.localeParity.id,
        fix: extra.length && missing.length ? `note names are not translated: use [^${missing[0]!.name}]` : compare,
      });
    }
  }
  return diagnostics;
}

/**
 * In a translated file, a note name the source does not have is almost always a translated name:
 * the advice is to use the original name, not to define a new note in sources.md.
 */
function adviseOnTranslatedNoteNames(content: LocaleContent): void {
  if (content.locale === content.sourceLocale) return;
  for (const translated of content.chapters.flatMap((c) => [c, ...c.sections])) {
    if (translated.fallback || !translated.source) continue;
    const mine = countMarks(String(translated.file.value)).notes.map((n) => n.name);
    const theirs = countMarks(String(translated.source.value)).notes.map((n) => n.name);
    const unused = theirs.filter((n) => !mine.includes(n));
    for (const message of translated.file.messages) {
      if (message.ruleId !== 'dangling-note') continue;
      const name = /note "([^"]+)"/.exec(message.reason)?.[1];
      if (!name || theirs.includes(name.toLowerCase())) continue;
      message.note = `note names are not translated: use ${unused.length > 0 ? `[^${unused[0]!}]` : `the name in ${displayPath(translated.source.path)}`}`;
    }
  }
}

interface NoteMark {
  name: string;
  index: number;
  offset: number;
}

function countMarks(markdown: string): { callouts: number[]; notes: NoteMark[] } {
  const callouts = [...markdown.matchAll(/^:::+\s*callout\b/gm)].map(
    (m) => markdown.slice(0, m.index).split('\n').length,
  );
  const notes = [...markdown.matchAll(/\[\^([^\]\s]+)\](?!:)/g)]
    .map((m, index) => ({ name: m[1]!.toLowerCase(), index, offset: m.index }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { callouts, notes };
}

function positionIn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/**
 * Let the event loop turn between files: parsing and transforming are synchronous, and a SIGINT or
 * SIGTERM handler only runs when the loop turns (an await of a settled promise is not enough).
 */
function yieldToSignals(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Parsed Markdown: from the in-memory cache (dev), the disk cache, or the parser (loaded on first need). */
async function parse(file: VFile, cache: ParseCache | undefined): Promise<Root> {
  const max = limits().maxNesting;
  const whole = String(file.value);
  // Too deep to parse safely: an error at the line, and only the text before that line is parsed.
  const deep = findDeepNesting(whole, max);
  const text = deep ? whole.slice(0, deep.lineStart) : whole;
  if (deep) {
    const { reason, fix } = nestingMessage(deep.depth, max);
    const message = file.message(reason, {
      place: { line: deep.line, column: deep.column },
      ...vfileRule(RULES.limitsNesting),
    });
    message.fatal = true;
    message.note = fix;
  }
  const tree = await parseText(deep ? new VFile({ path: file.path, value: text }) : file, text, cache);
  const cut = cutDeepTree(tree, maxTreeDepth(max));
  if (cut) {
    const { reason, fix } = nestingMessage(undefined, max);
    const message = file.message(reason, { place: cut.position, ...vfileRule(RULES.limitsNesting) });
    message.fatal = true;
    message.note = fix;
  }
  return tree;
}

async function parseText(file: VFile, text: string, cache: ParseCache | undefined): Promise<Root> {
  const key = `${file.path}`;
  const hit = cache?.get(key);
  if (hit && hit.text === text) return structuredClone(hit.tree);
  const tree = await parseWithDiskCache(file, text);
  cache?.set(key, { text, tree: structuredClone(tree) });
  return tree;
}

let parser: Promise<ReturnType<typeof import('./parser.js').createParser>> | undefined;

async function parseWithDiskCache(file: VFile, text: string): Promise<Root> {
  const dir = cacheDir();
  const stored = dir ? readParsed(dir, text) : undefined;
  if (stored?.tree) return stored.tree;
  parser ??= import('./parser.js').then((m) => m.createParser());
  const tree = (await parser).parse(file);
  if (dir && stored) writeParsed(dir, stored.key, tree);
  return tree;
}

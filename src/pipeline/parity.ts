// A translation checked against its source: the same callout boxes and the same note references,
// and the advice, on a dangling note in a translation, to keep the source's note name. Both files are
// compared as parsed trees (a box in any syntax, a note call outside code), before the transform.
import { VFile } from 'vfile';
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { LocaleContent } from '../content/read.js';
import { displayPath, type Diagnostic } from '../messages.js';
import { RULES } from '../rules.js';
import { positionAt } from '../positions.js';
import { parse } from './parse.js';
import type { ParseCache } from './parse-cache.js';
import type { ParseAhead } from './parse-ahead.js';
import { isCallout } from './remark-callouts.js';
import { sameRule } from './data.js';

interface NoteMark {
  name: string;
  index: number;
  offset: number;
}

interface Marks {
  /** Lines of the boxes. */
  callouts: number[];
  notes: NoteMark[];
}

/** A translated file with the marks of its text and of its source's. */
export interface ParityPair {
  file: VFile;
  source: VFile;
  mine: Marks;
  theirs: Marks;
}

/**
 * The translated files of a locale paired with their sources, each side's boxes and note calls read
 * from its tree: `trees` holds the locale's own parsed files; a source is parsed here (cached).
 */
export async function parityPairs(
  content: LocaleContent,
  trees: ReadonlyMap<VFile, Root>,
  cache: ParseCache | undefined,
  ahead?: ParseAhead,
): Promise<ParityPair[]> {
  if (content.locale === content.sourceLocale) return [];
  const pairs: ParityPair[] = [];
  for (const translated of content.chapters.flatMap((c) => [c, ...c.sections])) {
    const tree = trees.get(translated.file);
    if (translated.fallback || !translated.source || !tree) continue;
    const source = translated.source;
    // A copy: the source's own messages belong to the source edition.
    const sourceTree = await parse(new VFile({ path: source.path, value: source.value }), cache, ahead);
    pairs.push({ file: translated.file, source, mine: marksOf(tree), theirs: marksOf(sourceTree) });
  }
  return pairs;
}

/**
 * A translated file must carry the same callout boxes and note references as its source: a missing
 * box or note is the commonest translation slip, and nothing else would notice it.
 */
export function checkParity(content: LocaleContent, pairs: readonly ParityPair[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { file, source, mine, theirs } of pairs) {
    const compare = `compare with ${displayPath(source.path)}`;
    if (mine.callouts.length !== theirs.callouts.length) {
      // At the first box that differs in place (or the last box), so the editor jumps near it.
      const at = mine.callouts[Math.min(theirs.callouts.length, mine.callouts.length - 1)] ?? 1;
      diagnostics.push({
        file: file.path,
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
        file: file.path,
        ...(first ? positionAt(String(file.value), first.offset) : {}),
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
export function adviseOnTranslatedNoteNames(pairs: readonly ParityPair[]): void {
  for (const { file, source, mine, theirs } of pairs) {
    const theirNames = theirs.notes.map((n) => n.name);
    const unused = theirNames.filter((n) => !mine.notes.some((m) => m.name === n));
    for (const message of file.messages) {
      // remark-notes puts the note's name in `actual`.
      const name = message.actual;
      if (!sameRule(message, RULES.danglingNote) || !name || theirNames.includes(name.toLowerCase())) continue;
      message.note = `note names are not translated: use ${unused.length > 0 ? `[^${unused[0]!}]` : `the name in ${displayPath(source.path)}`}`;
    }
  }
}

/** Note calls as written: a footnote reference, or `[^name]` in text (a note defined in another file). */
const NOTE_CALL = /\[\^([^\]\s]+)\](?!:)/g;

function marksOf(tree: Root): Marks {
  const callouts: number[] = [];
  const notes: NoteMark[] = [];
  visit(tree, (node) => {
    if (isCallout(node)) callouts.push(node.position?.start.line ?? 1);
    const offset = node.position?.start.offset ?? 0;
    if (node.type === 'footnoteReference') notes.push({ name: node.identifier.toLowerCase(), index: 0, offset });
    if (node.type === 'text') {
      for (const m of node.value.matchAll(NOTE_CALL))
        notes.push({ name: m[1]!.toLowerCase(), index: 0, offset: offset + m.index });
    }
  });
  notes.sort((a, b) => a.offset - b.offset).forEach((n, i) => (n.index = i));
  return { callouts, notes: notes.sort((a, b) => a.name.localeCompare(b.name)) };
}

// A translation checked against its source: the same callout boxes and the same note references,
// and the advice, on a dangling note in a translation, to keep the source's note name.
import type { LocaleContent } from '../content/read.js';
import { displayPath, type Diagnostic } from '../messages.js';
import { RULES } from '../rules.js';

/**
 * A translated file must carry the same callout boxes and note references as its source: a missing
 * box or note is the commonest translation slip, and nothing else would notice it.
 */
export function checkParity(content: LocaleContent): Diagnostic[] {
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
export function adviseOnTranslatedNoteNames(content: LocaleContent): void {
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

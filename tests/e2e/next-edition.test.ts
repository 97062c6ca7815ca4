// The next edition of the shipped review, as translators meet it: the 2022 source fully translated
// into ru (export, fill with gettext-parser, import), then a "2023" source with every tenth paragraph
// lightly edited, two paragraphs swapped, one paragraph split, a chapter added and a section moved
// into it. The 2023 export must carry over at least what gettext's msgmerge carries over with the
// 2022 files as its compendium (counted from msgmerge's own output), and the moved section keeps all
// of its translations.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import gettextParser from 'gettext-parser';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toText } from 'hast-util-to-text';
import { ROOT, runMain, tempDir } from '../support/cli.js';
import { markdownSegments } from '../../src/translate/segments.js';

type Po = import('gettext-parser').PoData;

function poFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.po'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

function entries(po: Po) {
  return Object.values(po.translations)
    .flatMap((e) => Object.values(e))
    .filter((e) => e.msgid !== '');
}

/**
 * Done (translated, not fuzzy) and fuzzy source texts of PO files, as gettext-parser reads them: each
 * distinct msgid once, at its best (msgmerge below merges repeated msgids into one entry).
 */
function counts(files: string[]): { done: number; fuzzy: number; total: number } {
  const best = new Map<string, number>();
  for (const e of files.flatMap((f) => entries(gettextParser.po.parse(readFileSync(f))))) {
    const state = !e.msgstr[0] ? 0 : e.comments?.flag?.includes('fuzzy') ? 1 : 2;
    best.set(e.msgid, Math.max(best.get(e.msgid) ?? 0, state));
  }
  const states = [...best.values()];
  return {
    done: states.filter((s) => s === 2).length,
    fuzzy: states.filter((s) => s === 1).length,
    total: states.length,
  };
}

/** A copy of PO files without msgctxt (msgmerge matches fuzzily only within one msgctxt). */
function withoutContexts(files: string[], dir: string, clear: boolean): string[] {
  return files.map((file, i) => {
    const po = gettextParser.po.parse(readFileSync(file));
    const plain: Po['translations'][string] = {};
    for (const entry of entries(po)) {
      if (clear) entry.msgstr = [''];
      if (clear && entry.comments) delete entry.comments.flag;
      if (entry.comments) delete entry.comments.previous;
      plain[entry.msgid] ??= { ...entry, msgctxt: undefined };
    }
    po.translations = { '': { '': po.translations['']![''], ...plain } } as Po['translations'];
    const out = path.join(dir, `${clear ? 'new' : 'old'}-${i}.po`);
    writeFileSync(out, gettextParser.po.compile(po, { foldLength: 0 }));
    return out;
  });
}

/** Rewrite the segments of one Markdown file picked by `edit` (from the end, so offsets hold). */
function editSegments(file: string, edit: (text: string, index: number) => string | undefined): void {
  let text = readFileSync(file, 'utf8');
  const segments = markdownSegments(text).filter((s) => s.kind === 'paragraph');
  for (let i = segments.length - 1; i >= 0; i--) {
    const s = segments[i]!;
    const next = edit(s.text, i);
    if (next !== undefined) text = text.slice(0, s.start) + next + text.slice(s.end);
  }
  writeFileSync(file, text);
}

describe('the 2023 edition of the review', () => {
  it('carries over at least what msgmerge does, and the moved section keeps its translations', async () => {
    const content = path.join(tempDir(), 'content');
    cpSync(path.join(ROOT, 'content'), content, { recursive: true });
    const y2022 = tempDir();
    expect((await runMain(['export', '--content', content, '--locale', 'ru', '--out', y2022])).code).toBe(0);
    // The translator finishes 2022: what is done stays, the rest (fuzzy suggestions too) translated.
    for (const file of poFiles(y2022)) {
      const po = gettextParser.po.parse(readFileSync(file));
      for (const entry of entries(po)) {
        if (!entry.msgstr[0] || entry.comments?.flag?.includes('fuzzy')) entry.msgstr = [`Перевод: ${entry.msgid}`];
        if (entry.comments) delete entry.comments.flag;
      }
      writeFileSync(file, gettextParser.po.compile(po, { foldLength: 0 }));
    }
    const imported = await runMain(['import', '--content', content, path.join(y2022, 'ru')]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const translated = counts(poFiles(y2022));

    // 2023: the source changes.
    const en = path.join(content, 'en');
    const chapters = readdirSync(en)
      .filter((f) => /^0[1-6]-.*\.md$/.test(f))
      .sort();
    let n = 0;
    for (const chapter of chapters)
      editSegments(path.join(en, chapter), (text) =>
        ++n % 10 === 0 ? text.replace(/\.$/, ', as reported in 2023.') : undefined,
      );
    // Two paragraphs swapped, one split at a sentence (in files the edits above left alone where they are).
    const justice = path.join(en, '06-justice.md');
    const paragraphs = markdownSegments(readFileSync(justice, 'utf8')).filter((s) => s.kind === 'paragraph');
    editSegments(justice, (text, i) => (i === 1 ? paragraphs[2]!.text : i === 2 ? paragraphs[1]!.text : undefined));
    const split = path.join(en, '07-protection-and-promotion', '02-childrens-rights.md');
    editSegments(split, (text, i) => (i === 0 ? text.replace(/\. (?=[A-Z])/, '.\n\n') : undefined));
    // A chapter added, and a section moved into it.
    mkdirSync(path.join(en, '08-outlook'));
    writeFileSync(path.join(en, '08-outlook', 'index.md'), '# Outlook\n\nWhat the next year is expected to bring.\n');
    renameSync(
      path.join(en, '07-protection-and-promotion', '14-environment.md'),
      path.join(en, '08-outlook', '01-environment.md'),
    );

    const y2023 = tempDir();
    const next = await runMain(['export', '--content', content, '--locale', 'ru', '--out', y2023]);
    expect(next.code).toBe(0);
    const ours = counts(poFiles(y2023));

    // gettext's msgmerge: the 2023 entries (msgstr cleared) merged with the 2022 translations as compendium.
    const work = tempDir();
    const pot = path.join(work, 'ru-2023.pot');
    execFileSync('msgcat', ['--use-first', '-o', pot, ...withoutContexts(poFiles(y2023), work, true)]);
    const compendium = path.join(work, 'ru-2022.po');
    execFileSync('msgcat', ['--use-first', '-o', compendium, ...withoutContexts(poFiles(y2022), work, false)]);
    // The definitions: no translations of their own (the POT itself would be an exact, empty match).
    const empty = path.join(work, 'empty.po');
    writeFileSync(empty, 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n');
    const merged = path.join(work, 'merged.po');
    execFileSync('msgmerge', ['--quiet', '--compendium', compendium, '-o', merged, empty, pot]);
    const msgmerge = counts([merged]);

    const moved = counts([path.join(y2023, 'ru', '08-outlook', '01-environment.po')]);
    // Shown in the test log: the numbers the report quotes.
    console.info({ translated2022: translated, briefing2023: ours, msgmerge2023: msgmerge, movedSection: moved });
    expect(ours.total).toBe(msgmerge.total);
    expect(ours.done).toBeGreaterThanOrEqual(msgmerge.done);
    expect(ours.done + ours.fuzzy).toBeGreaterThanOrEqual(msgmerge.done + msgmerge.fuzzy);
    expect(moved.done).toBe(moved.total);

    // The 2023 edition printed (it once left the moved section out, in both languages, exit 0): the
    // translator finishes 2023 as 2022, and the section is in both editions, in its chapter's place.
    for (const file of poFiles(y2023)) {
      const po = gettextParser.po.parse(readFileSync(file));
      for (const entry of entries(po)) {
        if (!entry.msgstr[0] || entry.comments?.flag?.includes('fuzzy')) entry.msgstr = [`Перевод: ${entry.msgid}`];
        if (entry.comments) delete entry.comments.flag;
      }
      writeFileSync(file, gettextParser.po.compile(po, { foldLength: 0 }));
    }
    const imported2023 = await runMain(['import', '--content', content, '--overwrite', path.join(y2023, 'ru')]);
    expect(imported2023.stderr).not.toMatch(/ error /);
    expect(imported2023.code).toBe(0);
    const built = tempDir();
    const build = await runMain([
      'build',
      '--content',
      content,
      '--locale',
      'en,ru',
      '--format',
      'html',
      '--out',
      built,
    ]);
    expect(build.stderr).not.toMatch(/ error /);
    expect(build.code).toBe(0);
    const SECTION =
      'The right to a favorable environment and the promotion of a green agenda. Implementation of the new Environmental Code';
    // Section letters: Latin A in en, Cyrillic А in ru.
    for (const [locale, prefix] of [
      ['en', 'A. '],
      ['ru', 'А. Перевод: '],
    ] as const) {
      const dir = path.join(built, locale);
      const page = fromHtml(
        readFileSync(
          path.join(
            dir,
            readdirSync(dir).find((f) => f.endsWith('.html'))!,
          ),
          'utf8',
        ),
      );
      // In the added chapter (the last one; chapter titles are h2, sections h3), in the edition's language.
      const outlook = selectAll('main article', page).at(-1)!;
      expect(toText(select('h2', outlook)!)).toMatch(/Outlook$/);
      // (ru typography ties a one-letter word to the next with a no-break space: read as a space.)
      const sections = selectAll('h3', outlook).map((h) => toText(h).replaceAll('\u00A0', ' '));
      expect(sections).toEqual([`${prefix}${SECTION}`]);
    }
  }, 240_000);
});

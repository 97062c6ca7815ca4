// Each file's transformed tree kept across the dev loop's builds (pipeline/transform-memo.ts): after
// an edit, the edition built with the memo is the edition built afresh (chapters' trees, contents,
// notes, stats, every message), and only the files whose run could differ are run again: the edited
// one, those after it whose numbering it moved, all of them when a heading (a link target of the
// whole edition) changed, none kept across a change that is not an edit of one of its files.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { cpSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { checkEditions } from '../../src/check.js';
import { MemoRun, TransformMemos } from '../../src/pipeline/transform-memo.js';
import { formatDiagnostic } from '../../src/messages.js';
import { ROOT, tempDir } from '../support/cli.js';

async function edition(content: string, memos?: TransformMemos): Promise<string> {
  const config = await loadConfig({ content, locale: 'en', format: 'html' });
  const { editions, diagnostics } = await checkEditions(config, new Map(), memos);
  const { chapters, preface, contents, notes, stats } = editions[0]!;
  return JSON.stringify({ chapters, preface, contents, notes, stats, diagnostics: diagnostics.map(formatDiagnostic) });
}

describe('the transformed trees kept from the last build', () => {
  let content: string;
  let memos: TransformMemos;
  const file = (name: string) => path.join(content, 'en', name);
  const edit = (name: string, change: (text: string) => string) => {
    writeFileSync(file(name), change(readFileSync(file(name), 'utf8')));
  };
  /** The memo's build after `changed`, checked against a build afresh; the files it ran, by name. */
  const rebuild = async (...changed: string[]) => {
    memos.changed(changed.map(file));
    const kept = await edition(content, memos);
    expect(kept).toBe(await edition(content));
    return memos.of('en').ran.map((p) => path.relative(path.join(content, 'en'), p));
  };

  beforeEach(async () => {
    content = path.join(tempDir('briefing-memo-'), 'content');
    cpSync(path.join(ROOT, 'content'), content, { recursive: true });
    memos = new TransformMemos();
    memos.changed([]);
    await edition(content, memos);
    expect(memos.of('en').ran.length).toBeGreaterThan(10);
  });

  it('runs only the edited file after a sentence is added', async () => {
    edit('03-paris-principles.md', (t) => t.replace('established in 2002', 'established in 2002 (and renamed since)'));
    expect(await rebuild('03-paris-principles.md')).toEqual(['03-paris-principles.md']);
    // Nothing changed: nothing runs.
    expect(await rebuild('03-paris-principles.md')).toEqual([]);
    // A file kept gives its messages again (a layout attribute left out: a warning).
    edit('04-sustainable-development.md', (t) => `${t}\nA <span style="color: red">red</span> word.\n`);
    expect(await rebuild('04-sustainable-development.md')).toEqual(['04-sustainable-development.md']);
    edit('05-humanitarian-operations.md', (t) => `${t}\nOne sentence more.\n`);
    expect(await rebuild('05-humanitarian-operations.md')).toEqual(['05-humanitarian-operations.md']);
    expect(await edition(content)).toContain('raw HTML with a style attribute');
  });

  it('runs the files after an edit that moves the notes’ numbers, and gives the numbers a fresh build gives', async () => {
    // A new first reference to a source early on: every later reference to it and after it is renumbered.
    edit('01-introduction.md', (t) =>
      t.replace(/\n\n([A-Z][^\n]{200,})\n/, '\n\n$1[^eu-referendum-statement] An aside.^[Inline.]\n'),
    );
    const ran = await rebuild('01-introduction.md');
    expect(ran[0]).toBe('01-introduction.md');
    expect(ran).toContain('sources.md');
    expect(ran).toContain('04-sustainable-development.md');
  });

  it('runs every file after a heading changes (a link target of the whole edition)', async () => {
    const all = memos.of('en').ran.length;
    edit('06-justice.md', (t) => t.replace(/^# (.*)$/m, '# $1, revised'));
    expect(await rebuild('06-justice.md')).toHaveLength(all);
  });

  it('keeps nothing across a change that is not an edit of one of its files', async () => {
    const all = memos.of('en').ran.length;
    writeFileSync(file('notes.txt'), 'not Markdown');
    expect(await rebuild('notes.txt')).toHaveLength(all);
    rmSync(file('notes.txt'));
    expect(await rebuild()).toHaveLength(all);
  });
});

describe('the transformed trees kept, with figures, tables, equations and cross-references', () => {
  let content: string;
  let memos: TransformMemos;
  const file = (name: string) => path.join(content, 'en', name);
  const rebuild = async (name: string, change: (text: string) => string) => {
    writeFileSync(file(name), change(readFileSync(file(name), 'utf8')));
    memos.changed([file(name)]);
    expect(await edition(content, memos)).toBe(await edition(content));
    return memos.of('en').ran.map((p) => path.basename(p));
  };

  beforeEach(async () => {
    content = path.join(tempDir('briefing-memo-'), 'content');
    cpSync(path.join(ROOT, 'tests', 'fixtures', 'citations', 'content'), content, { recursive: true });
    memos = new TransformMemos();
    memos.changed([]);
    await edition(content, memos);
  });

  it('numbers a figure added before others as a fresh build does', async () => {
    // No label: only the count of figures tells the next file its figures move.
    const ran = await rebuild('01-findings.md', (t) =>
      t.replace('# Findings\n', '# Findings\n\n![Another map](map.png)\n'),
    );
    expect(ran).toEqual(['01-findings.md', '02-method.md']);
  });

  it('runs again a file whose run met a label used twice (its message names where the first stands)', async () => {
    const twice = (t: string) => `${t}\n![The same label](map.png){#fig-budget}\n`;
    expect(await rebuild('02-method.md', twice)).toEqual(['02-method.md']);
    // The first label moves down a line: the message of the file after it says so.
    const ran = await rebuild('01-findings.md', (t) => t.replace('# Findings\n', '# Findings\n\nA first line.\n'));
    expect(ran).toEqual(['01-findings.md', '02-method.md']);
  });

  it('numbers what an edited file holds after the files it keeps', async () => {
    const equation = '\n$$\ny = 2\n$$ {#eq-first}\n';
    expect(await rebuild('01-findings.md', (t) => `${t}${equation}`)).toEqual(['01-findings.md', '02-method.md']);
    const figure =
      '\n![A second map](map.png){#fig-second}\n\n$$\nx = 1\n$$ {#eq-one}\n\nSee @fig-second and @eq-one.\n';
    expect(await rebuild('02-method.md', (t) => `${t}${figure}`)).toEqual(['02-method.md']);
  });
});

describe('the dev loop’s builds', () => {
  it('transform only the saved file, and render the print and web HTML a fresh build renders', async () => {
    const content = path.join(tempDir('briefing-memo-'), 'content');
    cpSync(path.join(ROOT, 'content'), content, { recursive: true });
    const { createPreview } = await import('../../src/dev/preview.js');
    const preview = createPreview({ content, locale: 'en' });
    await preview.build();
    const saved = path.join(content, 'en', '02-national-mechanisms.md');
    // A new first reference to a source: the notes after it are numbered again.
    writeFileSync(saved, readFileSync(saved, 'utf8').replace(/\n\n([A-Z][^\n]{200,})\n/, '\n\n$1[^osce-hcnm]\n'));
    const runs = vi.spyOn(MemoRun.prototype, 'run');
    const kept = await preview.build([saved]);
    const ran = runs.mock.calls.map(([file]) => path.basename(file.path));
    runs.mockRestore();
    expect(ran[0]).toBe('02-national-mechanisms.md');
    expect(ran).toContain('sources.md');
    expect(ran).not.toContain('01-introduction.md');
    const fresh = await createPreview({ content, locale: 'en' }).build();
    expect(kept.printHtml!()).toBe(fresh.printHtml!());
    expect(kept.html).toBe(fresh.html);
  });
});

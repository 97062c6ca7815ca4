// Preparing by chapter (src/print/prepared-chapters.ts): after an edit, the chapters whose HTML did
// not change are put in as the last build prepared them (settled, fitted, marked), found by their
// text before the edition goes into the page (chapter-split.ts), the front matter too unless it
// changed, and only the edited chapter is prepared, alone in the body: the edition is never laid
// out whole before it prints; the last build's body, put into the page ahead of time, is made this
// build's by replacing the edited chapters. The PDF must be byte for byte a cold build's of the edited
// report, edit after edit; an edit that makes a table too wide is prepared as the whole edition's.
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, copyFixture, runCli, tempDir, type CliResult } from '../support/cli.js';
import { pdfText } from '../support/pdf.js';

const EPOCH = { SOURCE_DATE_EPOCH: '1700000000' };

function build(content: string, out: string, cache: string): CliResult {
  const run = runCli(['build', '--content', content, '--out', out, '--locale', 'en', '--format', 'pdf'], {
    env: { BRIEFING_TRACE: '1', BRIEFING_CACHE_DIR: cache, ...EPOCH },
  });
  expect(run.code, run.stderr).toBe(0);
  return run;
}
const pdfIn = (out: string) =>
  path.join(
    out,
    'en',
    readdirSync(path.join(out, 'en')).find((name) => name.endsWith('.pdf'))!,
  );
/** A cache-less build of the content as it is now: the bytes every other build must give. */
const cold = (content: string) => {
  const where = path.join(tempDir(), 'out');
  build(content, where, 'off');
  return readFileSync(pdfIn(where));
};
/** [chapters put in as kept, of] from the trace, or undefined. */
const keptOf = (run: CliResult) => {
  const m = /: (\d+) of (\d+) chapters put in as the last build prepared them/.exec(run.stderr);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
};
/** One more sentence at the end of the file's first long paragraph. */
function edit(file: string, sentence: string): void {
  const text = readFileSync(file, 'utf8');
  const paragraph = text.split('\n\n').find((p) => /^[A-Z]/.test(p) && p.length > 200)!;
  writeFileSync(file, text.replace(paragraph, `${paragraph} ${sentence}`));
}

describe('preparing by chapter', () => {
  const dir = tempDir();
  const content = path.join(dir, 'content');
  const cache = path.join(dir, 'cache');
  const out = path.join(dir, 'out');
  const chapter = (prefix: string) =>
    path.join(
      content,
      'en',
      readdirSync(path.join(content, 'en')).find((f) => f.startsWith(prefix))!,
    );

  beforeAll(() => {
    cpSync(path.join(ROOT, 'content'), content, { recursive: true });
    expect(keptOf(build(content, out, cache))).toBeUndefined();
  }, 300_000);

  /** The chunks' files in the cache folder, with when each was written. */
  const chunkFiles = () =>
    new Map(
      readdirSync(cache)
        .filter((name) => name.startsWith('prepared-chapter-'))
        .map((name) => [name, statSync(path.join(cache, name)).mtimeMs]),
    );

  it('after an edit, prepares only the edited chapter, and gives the bytes of a cold build', () => {
    const before = chunkFiles();
    edit(chapter('03-'), 'One sentence more, for the test.');
    const run = build(content, out, cache);
    // A file per chunk (the front matter and eight chapters): only the edited chapter's written, the
    // last one's removed.
    const after = chunkFiles();
    expect(before.size).toBe(9);
    expect(after.size).toBe(9);
    const added = [...after.keys()].filter((name) => !before.has(name));
    expect(added).toHaveLength(1);
    for (const [name, written] of after) if (!added.includes(name)) expect(before.get(name)).toBe(written);
    // The review's eight chapters, one edited; all found by their text, the front matter too: the
    // last build's body, put in while the Markdown ran, made this one's by replacing that chapter.
    expect(keptOf(run)).toEqual([7, 8]);
    expect(run.stderr).toMatch(/: the last build's body put in ahead of time/);
    expect(run.stderr).toMatch(
      /: the last build's body, put in ahead of time, made this one's: 1 of 8 chapters replaced/,
    );
    expect(run.stderr).toMatch(/: the front matter put in as the last build prepared it/);
    // Settled afresh: only what was prepared alone (no chapter settled as the last build settled it).
    expect(run.stderr).not.toMatch(/chapters as the last build settled them/);
    const lines = [...run.stderr.matchAll(/word spaces evened \(\{"lines":(\d+)/g)].map((m) => Number(m[1]));
    expect(lines).toHaveLength(1);
    expect(readFileSync(pdfIn(out)).equals(cold(content))).toBe(true);
    expect(pdfText(pdfIn(out)).replace(/\s+/g, ' ')).toContain('One sentence more, for the test.');
  }, 300_000);

  it('a rebuild after an edit puts in the body that edit held as a copy (pdf.ts holdBody), with the bytes of a cold build', () => {
    // The edited build of the test before held its body as a copy, serialized once it printed.
    const run = build(content, out, cache);
    expect(run.stderr).toMatch(/: loaded as the last build of this HTML prepared it/);
    expect(readFileSync(pdfIn(out)).equals(cold(content))).toBe(true);
  }, 300_000);

  it('edit after edit (the chapter prepared alone kept too): the bytes of a cold build', () => {
    edit(chapter('05-'), 'And one more, in another chapter.');
    expect(keptOf(build(content, out, cache))).toEqual([7, 8]);
    edit(chapter('03-'), 'And a third, back in the first one edited.');
    expect(keptOf(build(content, out, cache))).toEqual([7, 8]);
    expect(readFileSync(pdfIn(out)).equals(cold(content))).toBe(true);
    // Two chapters at once: both replaced in the body put in ahead of time.
    edit(chapter('02-'), 'Two chapters edited at once, this one');
    edit(chapter('06-'), 'and this one.');
    const run = build(content, out, cache);
    expect(keptOf(run)).toEqual([6, 8]);
    expect(run.stderr).toMatch(/made this one's: 2 of 8 chapters replaced/);
    expect(readFileSync(pdfIn(out)).equals(cold(content))).toBe(true);
  }, 300_000);

  it('an edit to the preface (the front matter): every chapter kept, the front matter prepared again, the bytes of a cold build', () => {
    edit(path.join(content, 'en', 'preface.md'), 'A sentence more in the preface.');
    const run = build(content, out, cache);
    expect(keptOf(run)).toEqual([8, 8]);
    // (Another front matter: the body put in ahead of time is not this one's; the edition goes in anew.)
    expect(run.stderr).toMatch(/: 8 of 9 chunks found by their text/);
    expect(run.stderr).not.toMatch(/made this one's/);
    expect(run.stderr).not.toMatch(/the front matter put in as the last build prepared it/);
    expect(readFileSync(pdfIn(out)).equals(cold(content))).toBe(true);
    // And kept so: the next edit, in a chapter, finds the new front matter.
    edit(chapter('02-'), 'One more after the preface.');
    expect(build(content, out, cache).stderr).toMatch(/: the front matter put in as the last build prepared it/);
  }, 300_000);
});

describe('preparing by chapter, an edit that makes a table too wide', () => {
  it('prepares the whole edition as a cold build does, and gives its bytes', () => {
    const dir = tempDir();
    const content = copyFixture(path.join(ROOT, 'tests', 'fixtures', 'i18n'));
    const cache = path.join(dir, 'cache');
    const out = path.join(dir, 'out');
    build(content, out, cache);
    // Nine columns of long words: wider than the text column at its natural width.
    const row = (cell: string) => `| ${Array.from({ length: 9 }, () => cell).join(' | ')} |`;
    const table = [row('Implementation'), row('---'), row('Internationalisation')].join('\n');
    const first = path.join(content, 'en', '01-first.md');
    writeFileSync(first, `${readFileSync(first, 'utf8')}\n\n${table}\n`);
    const run = build(content, out, cache);
    expect(run.stderr).toMatch(/something too wide in a chapter prepared afresh: the whole edition prepared/);
    expect(keptOf(run)).toBeUndefined();
    expect(readFileSync(pdfIn(out)).equals(cold(content))).toBe(true);
  }, 300_000);
});

describe('a cold build printed in parts, prepared a group of chapters at a time', () => {
  const content = path.join(tempDir(), 'content');
  cpSync(path.join(ROOT, 'content'), content, { recursive: true });
  const cold = (group: string, renderers = '') => {
    const out = path.join(tempDir(), 'out');
    const run = runCli(['build', '--content', content, '--out', out, '--locale', 'en', '--format', 'pdf'], {
      env: {
        BRIEFING_TRACE: '1',
        BRIEFING_CACHE_DIR: 'off',
        BRIEFING_PRINT_PARTS: '1',
        BRIEFING_PREPARE_GROUP: group,
        BRIEFING_RENDERERS: renderers,
        // (The parts printed as the groups are prepared: parts-piped.test.ts.)
        BRIEFING_PIPE_PARTS: '0',
        ...EPOCH,
      },
    });
    expect(run.code, run.stderr).toBe(0);
    const groups = /prepared in (\d+) groups of chapters/.exec(run.stderr);
    const beside = /groups of chapters, each alone in the page, (\d+) in a second renderer/.exec(run.stderr);
    return {
      pdf: readFileSync(pdfIn(out)),
      groups: groups ? Number(groups[1]) : undefined,
      beside: beside ? Number(beside[1]) : undefined,
    };
  };

  it('prepares groups in a second renderer beside the print page, and gives the bytes of one renderer', () => {
    const two = cold('60000', '2');
    expect(two.groups).toBeGreaterThanOrEqual(3);
    expect(two.beside).toBeGreaterThanOrEqual(1);
    expect(two.beside).toBeLessThan(two.groups!);
    const one = cold('60000', '1');
    expect(one.groups).toBe(two.groups);
    expect(one.beside).toBeUndefined();
    expect(two.pdf.equals(one.pdf)).toBe(true);
  }, 300_000);

  it('prepares each group alone in the page, and gives the bytes of the edition prepared whole', () => {
    // The review's chapters are ~20,000–40,000 characters of HTML each.
    const grouped = cold('60000');
    expect(grouped.groups).toBeGreaterThanOrEqual(3);
    const whole = cold('0');
    expect(whole.groups).toBeUndefined();
    expect(grouped.pdf.equals(whole.pdf)).toBe(true);
  }, 300_000);
});

// Issue 18, all-or-nothing output across every file of a build (src/output/write.ts): a target that
// cannot be written is found before anything is written; a failure while renaming rolls back what was
// renamed; a commit cut short by SIGKILL is rolled back by the next run from its journal.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { recoverInterruptedCommits, writeArtifacts } from '../../src/output/write.js';
import { BriefingError, formatDiagnostic } from '../../src/messages.js';
import { tempDir } from '../support/cli.js';

// An injected rename failure (EXDEV, EACCES… on one file of the batch) without a broken filesystem.
const inject = vi.hoisted(() => ({ failRenameTo: undefined as string | undefined }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const rename: typeof actual.rename = async (from, to) => {
    if (inject.failRenameTo && String(to) === inject.failRenameTo)
      throw Object.assign(new Error('EACCES: permission denied (injected)'), { code: 'EACCES', path: String(to) });
    return actual.rename(from, to);
  };
  return { ...actual, default: { ...actual, rename }, rename };
});

afterEach(() => {
  inject.failRenameTo = undefined;
  delete process.env.BRIEFING_JOURNAL_DIR;
});

/** An output folder holding a previous build: manifest.json and two locales. */
function previousBuild(): string {
  const out = tempDir('briefing-out-');
  process.env.BRIEFING_JOURNAL_DIR = tempDir('briefing-journal-');
  mkdirSync(path.join(out, 'en'));
  mkdirSync(path.join(out, 'ru'));
  writeFileSync(path.join(out, 'en', 'x.en.html'), 'old en');
  writeFileSync(path.join(out, 'ru', 'x.ru.html'), 'old ru');
  writeFileSync(path.join(out, 'manifest.json'), 'old manifest');
  return out;
}

const listing = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();
const newBuild = (out: string) => [
  { path: path.join(out, 'en', 'x.en.html'), data: 'new en' },
  { path: path.join(out, 'en', 'x.en.pdf'), data: 'new pdf' },
  { path: path.join(out, 'ru', 'x.ru.html'), data: 'new ru' },
  { path: path.join(out, 'manifest.json'), data: 'new manifest' },
];

async function messages(work: () => Promise<unknown>, base: string): Promise<string[]> {
  try {
    await work();
    return [];
  } catch (error) {
    if (!(error instanceof BriefingError)) throw error;
    return error.diagnostics.map((d) => formatDiagnostic({ ...d, file: path.relative(base, d.file) }));
  }
}

function expectPrevious(out: string, extra: string[] = []): void {
  expect(listing(out)).toEqual(['en', 'en/x.en.html', 'manifest.json', 'ru', 'ru/x.ru.html', ...extra].sort());
  expect(readFileSync(path.join(out, 'en', 'x.en.html'), 'utf8')).toBe('old en');
  expect(readFileSync(path.join(out, 'ru', 'x.ru.html'), 'utf8')).toBe('old ru');
  expect(readFileSync(path.join(out, 'manifest.json'), 'utf8')).toBe('old manifest');
}

describe('all or nothing', () => {
  it('a target that is now a folder: refused before anything is written, every other file untouched', async () => {
    const out = previousBuild();
    mkdirSync(path.join(out, 'en', 'x.en.pdf'));
    expect(await messages(() => writeArtifacts(newBuild(out)), out)).toEqual([
      `en/x.en.pdf error cannot write output: the path is a folder; nothing was written (remove or rename ${path.join(out, 'en', 'x.en.pdf')}, or pass another --out) output:write`,
    ]);
    expectPrevious(out, ['en/x.en.pdf']);
  });

  it('a rename that fails half-way: the files already renamed get their previous content back, new ones go', async () => {
    const out = previousBuild();
    inject.failRenameTo = path.join(out, 'ru', 'x.ru.html'); // after en/x.en.html and the new en/x.en.pdf
    expect(await messages(() => writeArtifacts(newBuild(out)), out)).toEqual([
      'ru/x.ru.html error cannot write output: EACCES; the previous output was restored (check that the output folder is writable, or pass --out) output:write',
    ]);
    expectPrevious(out);
    expect(readdirSync(process.env.BRIEFING_JOURNAL_DIR!)).toEqual([]);
  });

  it('the same batch without the fault writes every file and leaves no backup, temp or journal', async () => {
    const out = previousBuild();
    // Left by a run killed while writing temp files (SIGKILL): removed by this one.
    writeFileSync(path.join(out, 'en', `x.en.pdf.tmp-${spawnSync('true').pid}`), 'half a PDF');
    await writeArtifacts(newBuild(out));
    expect(listing(out)).toEqual(['en', 'en/x.en.html', 'en/x.en.pdf', 'manifest.json', 'ru', 'ru/x.ru.html']);
    expect(readFileSync(path.join(out, 'manifest.json'), 'utf8')).toBe('new manifest');
    expect(readdirSync(process.env.BRIEFING_JOURNAL_DIR!)).toEqual([]);
  });

  it('a commit killed half-way (SIGKILL) is rolled back by the next run, from its journal', async () => {
    const out = previousBuild();
    const journals = process.env.BRIEFING_JOURNAL_DIR!;
    // What a killed run leaves: en renamed (backup beside it), the new PDF in place, ru not yet renamed.
    const dead = spawnSync('true').pid;
    writeFileSync(path.join(out, 'en', `x.en.html.bak-${dead}`), 'old en');
    writeFileSync(path.join(out, 'en', 'x.en.html'), 'new en');
    writeFileSync(path.join(out, 'en', 'x.en.pdf'), 'new pdf');
    writeFileSync(path.join(out, 'ru', `x.ru.html.bak-${dead}`), 'old ru');
    writeFileSync(path.join(out, 'ru', `x.ru.html.tmp-${dead}`), 'new ru');
    writeFileSync(
      path.join(journals, `briefing-commit-${dead}-1.json`),
      JSON.stringify([
        { final: path.join(out, 'en', 'x.en.html'), backup: path.join(out, 'en', `x.en.html.bak-${dead}`) },
        { final: path.join(out, 'en', 'x.en.pdf') },
        { final: path.join(out, 'ru', 'x.ru.html'), backup: path.join(out, 'ru', `x.ru.html.bak-${dead}`) },
      ]),
    );
    // A live process's journal (another build running now) is left alone.
    writeFileSync(path.join(journals, `briefing-commit-${process.ppid}-1.json`), '[]');
    expect((await recoverInterruptedCommits()).length).toBe(3);
    expectPrevious(out);
    expect(readdirSync(journals)).toEqual([`briefing-commit-${process.ppid}-1.json`]);
    expect(existsSync(path.join(out, 'en', 'x.en.pdf'))).toBe(false);
  });
});

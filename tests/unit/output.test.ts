// Issue 18, all-or-nothing output across every file of a build (src/output/write.ts): a target that
// cannot be written is found before anything is written; a failure while renaming rolls back what was
// renamed; a commit cut short by SIGKILL is rolled back by the next run from its journal; a full disk
// (injected, and a real tmpfs where one can be mounted) leaves the previous files and no temp file.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BriefingError, formatDiagnostic } from '../../src/messages.js';
import { tempDir } from '../support/cli.js';

// Injected faults without a broken filesystem: a rename failure (EXDEV, EACCES… on one file of the
// batch), and a write error on the temp files (a full disk, without filling one). Into an instance of
// output/write.ts of its own (an import with a query), loaded while node:fs/promises is mocked: the
// unit files sharing this worker's modules keep the real one (write.ts's own imports never load it).
const inject = {
  failRenameTo: undefined as string | undefined,
  writeError: undefined as string | undefined,
};
vi.doMock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const rename: typeof actual.rename = async (from, to) => {
    if (inject.failRenameTo && String(to) === inject.failRenameTo)
      throw Object.assign(new Error('EACCES: permission denied (injected)'), { code: 'EACCES', path: String(to) });
    return actual.rename(from, to);
  };
  const writeFile: typeof actual.writeFile = async (file, data, options) => {
    if (inject.writeError && typeof file === 'string' && file.includes('.tmp-')) {
      await actual.writeFile(file, ''); // the temp file exists when the disk fills up mid-write
      // As from a real write(2): a code, and no path.
      throw Object.assign(new Error(`${inject.writeError}: no space left on device (injected)`), {
        code: inject.writeError,
      });
    }
    return actual.writeFile(file, data, options);
  };
  return { ...actual, default: { ...actual, rename, writeFile }, rename, writeFile };
});
const OWN_INSTANCE = '../../src/output/write.js?faults-injected';
const { recoverInterruptedCommits, writeArtifacts } = (await import(
  /* @vite-ignore */ OWN_INSTANCE
)) as typeof import('../../src/output/write.js');
vi.doUnmock('node:fs/promises');

afterEach(() => {
  inject.failRenameTo = undefined;
  inject.writeError = undefined;
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

  it("this process's own temp and backup names taken (a link among them): made afresh, nothing written through the link", async () => {
    const out = previousBuild();
    const elsewhere = path.join(tempDir('briefing-elsewhere-'), 'victim.txt');
    writeFileSync(elsewhere, 'not ours');
    writeFileSync(path.join(out, 'en', `x.en.html.tmp-${process.pid}`), 'a stale temp');
    symlinkSync(elsewhere, path.join(out, 'ru', `x.ru.html.bak-${process.pid}`));
    await writeArtifacts(newBuild(out));
    expect(listing(out)).toEqual(['en', 'en/x.en.html', 'en/x.en.pdf', 'manifest.json', 'ru', 'ru/x.ru.html']);
    expect(readFileSync(path.join(out, 'en', 'x.en.html'), 'utf8')).toBe('new en');
    expect(readFileSync(path.join(out, 'ru', 'x.ru.html'), 'utf8')).toBe('new ru');
    expect(readFileSync(elsewhere, 'utf8')).toBe('not ours');
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

describe('environment faults (src/output/write.ts)', () => {
  it('an output folder that cannot be written (--out under a regular file)', async () => {
    const dir = tempDir();
    const blocker = path.join(dir, 'not-a-folder');
    writeFileSync(blocker, 'a file');
    const target = path.join(blocker, 'en', 'x.html');
    expect(await messages(() => writeArtifacts([{ path: target, data: '<html>' }]), dir)).toEqual([
      'not-a-folder/en error cannot write output: cannot make the folder (ENOTDIR); nothing was written (check that the output folder is writable and is not a file, or pass --out) output:write',
    ]);
    expect(readFileSync(blocker, 'utf8')).toBe('a file');
    expect(listing(dir)).toEqual(['not-a-folder']);
  });

  it('a full disk (ENOSPC, injected): the previous files stay, no temp file is left', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.html'), 'previous a');
    writeFileSync(path.join(dir, 'b.pdf'), 'previous b');
    inject.writeError = 'ENOSPC';
    try {
      const written = await messages(
        () =>
          writeArtifacts([
            { path: path.join(dir, 'a.html'), data: 'new a' },
            { path: path.join(dir, 'b.pdf'), data: 'new b' },
          ]),
        dir,
      );
      // write(2) gives no path: the message names the batch's first file.
      expect(written).toEqual([
        'a.html error cannot write output: ENOSPC; nothing was written (free disk space and build again) output:write',
      ]);
    } finally {
      inject.writeError = undefined;
    }
    expect(readFileSync(path.join(dir, 'a.html'), 'utf8')).toBe('previous a');
    expect(readFileSync(path.join(dir, 'b.pdf'), 'utf8')).toBe('previous b');
    expect(listing(dir)).toEqual(['a.html', 'b.pdf']);
  });

  it('a full disk (a real 64 kB tmpfs): the previous files stay, no temp file is left', async (ctx) => {
    const dir = tempDir();
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'pipe' });
    } catch (error) {
      const reason = `cannot mount a tmpfs here (${String((error as { stderr?: Buffer }).stderr ?? error).trim()}): the injected ENOSPC test covers this path`;
      console.warn(`skipped: ${reason}`);
      ctx.skip(reason);
      return;
    }
    try {
      writeFileSync(path.join(dir, 'a.html'), 'previous a');
      const written = await messages(
        () =>
          writeArtifacts([
            { path: path.join(dir, 'b.pdf'), data: Buffer.alloc(8 * 1024) },
            { path: path.join(dir, 'a.html'), data: Buffer.alloc(256 * 1024) },
          ]),
        dir,
      );
      // write(2) gives no path: the message names the batch's first file, not the one that filled the disk.
      expect(written).toEqual([
        'b.pdf error cannot write output: ENOSPC; nothing was written (free disk space and build again) output:write',
      ]);
      expect(readFileSync(path.join(dir, 'a.html'), 'utf8')).toBe('previous a');
      expect(listing(dir)).toEqual(['a.html']);
    } finally {
      execFileSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

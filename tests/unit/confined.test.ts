// Special files refused everywhere (a FIFO, a device, a huge file: a positioned error, never a hang
// or an internal error), and import confined to its locale folder with nothing added to the source's
// links or structure.
import { beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import gettextParser from 'gettext-parser';
import { copyFixture, ROOT, runMain, snapshot, tempDir } from '../support/cli.js';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'translate');

/** The fixture's kk PO of 01-overview.md as `export` writes it: exported once, every copy gives the same. */
let exportedOverview: Buffer | undefined;

/** The kk PO of 01-overview.md, filled; `change` rewrites the translation of one source text. */
async function kkOverview(content: string, change: (msgid: string) => string | undefined = () => undefined) {
  const out = tempDir();
  const file = path.join(out, 'kk', '01-overview.po');
  if (!exportedOverview) {
    const exported = await runMain(['export', '--content', content, '--locale', 'kk', '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    exportedOverview = readFileSync(file);
  }
  const po = gettextParser.po.parse(exportedOverview);
  for (const entries of Object.values(po.translations))
    for (const [msgid, entry] of Object.entries(entries)) {
      if (msgid === '') continue;
      entry.msgstr = [change(msgid) ?? `ҚАЗ ${msgid}`];
      if (entry.comments) delete entry.comments.flag;
    }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, gettextParser.po.compile(po));
  return file;
}

let content: string;
beforeEach(() => {
  content = copyFixture(FIXTURE);
});

describe('special files are refused with a positioned error', () => {
  it('status: a FIFO translation record', async () => {
    const record = path.join(content, 'ru', '.source', 'edition.yaml.json');
    mkdirSync(path.dirname(record), { recursive: true });
    execFileSync('mkfifo', [record]);
    const run = await runMain(['status', '--content', content, '--locale', 'ru']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${record} error is a named pipe (FIFO), not a regular file (replace it with an ordinary file (Briefing reads only regular files)) file:not-regular`,
    );
  });

  it('import: a device, a FIFO, a 600 MB file', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'x.po');
    execFileSync('mkfifo', [fifo]);
    const big = path.join(dir, 'big.po');
    writeFileSync(big, '');
    truncateSync(big, 600 * 1024 * 1024);
    const device = await runMain(['import', '--content', content, '/dev/zero']);
    expect(device.code).toBe(1);
    expect(device.stderr).toContain('/dev/zero error is a character device, not a regular file');
    const pipe = await runMain(['import', '--content', content, fifo]);
    expect(pipe.code).toBe(1);
    expect(pipe.stderr).toContain(`${fifo} error is a named pipe (FIFO), not a regular file`);
    const huge = await runMain(['import', '--content', content, big]);
    expect(huge.code).toBe(1);
    expect(huge.stderr).toContain(`${big} error is 600 MB, larger than the 20 MB limit for one file (`);
    expect(huge.stderr).toContain('file:too-large');
  });

  it('proof --pdf: a PDF over 2 GiB, a FIFO (before any browser starts)', async () => {
    const dir = tempDir();
    const big = path.join(dir, 'big.pdf');
    writeFileSync(big, '%PDF-1.7\n');
    truncateSync(big, Math.round(2.1 * 1024 * 1024 * 1024));
    const run = await runMain(['proof', '--pdf', big]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${big} error is 2150.4 MB, larger than the 1024 MB limit for one file (proof a smaller PDF (each page is drawn in the browser; split the edition)) file:too-large`,
    );
    const fifo = path.join(dir, 'x.pdf');
    execFileSync('mkfifo', [fifo]);
    const pipe = await runMain(['proof', '--pdf', fifo]);
    expect(pipe.code).toBe(1);
    expect(pipe.stderr).toContain(`${fifo} error is a named pipe (FIFO), not a regular file`);
  });
});

describe('import writes only inside content/<locale>/', () => {
  it('a kk folder linked to ru: refused, the Russian translation untouched', async () => {
    const po = await kkOverview(content);
    rmSync(path.join(content, 'kk'), { recursive: true });
    symlinkSync(path.join(content, 'ru'), path.join(content, 'kk'));
    const before = snapshot(path.join(content, 'ru'));
    const run = await runMain(['import', '--content', content, po]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${path.join(content, 'kk')} error cannot write output: the folder is a symbolic link`,
    );
    expect(snapshot(path.join(content, 'ru'))).toEqual(before);
  });

  it('a linked chapter folder: refused, nothing written where it points', async () => {
    const dir = tempDir();
    const out = await runMain(['export', '--content', content, '--locale', 'kk', '--out', dir]);
    expect(out.code).toBe(0);
    const po = path.join(dir, 'kk', '02-rights', '01-drinking.po');
    const parsed = gettextParser.po.parse(readFileSync(po));
    for (const entries of Object.values(parsed.translations))
      for (const [msgid, entry] of Object.entries(entries)) if (msgid) entry.msgstr = [`ҚАЗ ${msgid}`];
    writeFileSync(po, gettextParser.po.compile(parsed));
    const elsewhere = tempDir();
    symlinkSync(elsewhere, path.join(content, 'kk', '02-rights'));
    const run = await runMain(['import', '--content', content, po]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the folder is a symbolic link');
    expect(readdirSync(elsewhere)).toEqual([]);
  });
});

describe('import refuses links and headings a translator adds', () => {
  const paragraph =
    "Rural districts received new wells in 2024.[^wells-report] The programme is described on the [council's website](https://example.org/programme).";
  const cases: Array<[string, string, string]> = [
    [
      'a reference link with its own definition',
      `${paragraph} [Donate][d]\n\n[d]: https://evil.example/pay`,
      'adds a link to https://evil.example/pay, which the source does not have',
    ],
    [
      'a bare address',
      `${paragraph} See https://evil.example/x`,
      'adds a link to https://evil.example/x, which the source does not have',
    ],
    [
      'a www address',
      `${paragraph} See www.evil.example`,
      'adds a link to http://www.evil.example, which the source does not have',
    ],
  ];
  // An added heading breaks the segment's block: the structure check refuses it (said once).
  const headings: Array<[string, string]> = [
    ['a heading', `${paragraph}\n\n# Breaking news`],
    ['a setext heading', `${paragraph}\n===`],
  ];
  for (const [what, translation] of headings) {
    it(what, async () => {
      const po = await kkOverview(content, (msgid) => (msgid.startsWith('Rural districts') ? translation : undefined));
      const run = await runMain(['import', '--content', content, po]);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(
        /01-overview\.po:36:1 error translation of segment 90792ec86075 .* (would make a heading|has a blank line).* import:structure/,
      );
      expect(readdirSync(path.join(content, 'kk'))).toEqual(['strings.yaml']);
    });
  }
  for (const [what, translation, message] of cases) {
    it(what, async () => {
      const po = await kkOverview(content, (msgid) => (msgid.startsWith('Rural districts') ? translation : undefined));
      const run = await runMain(['import', '--content', content, po]);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toContain(
        `${po}:36:1 error translation of segment 90792ec86075 (“Rural districts received new wells in 2024.[^wells-report] The…”) ${message} (translate the text only: links, addresses and headings come from the source) import:markup`,
      );
      expect(readdirSync(path.join(content, 'kk'))).toEqual(['strings.yaml']);
    });
  }

  it('a translation keeping the same link (and no more) is imported', async () => {
    const po = await kkOverview(content);
    const run = await runMain(['import', '--content', content, po]);
    expect(run.code, run.stderr).toBe(0);
  });
});

// A cold build printed in parts with a second renderer prints its measuring pass while the chapters
// are prepared (pdf.ts earlyPass, prepared-chapters.ts prepareGroups, parts.ts pipedSplit): each part
// printed as soon as its chapters are in. Its PDF must be byte for byte the PDF of the same build with
// the parts printed once the whole edition is prepared (BRIEFING_PIPE_PARTS=0), several groups and
// parts apart; and a group too wide throws the piped parts away (the whole edition prepared again).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyFixture, ROOT, runCli, tempDir } from '../support/cli.js';

function cold(content: string, env: Record<string, string>, out = path.join(tempDir(), 'out')) {
  const run = runCli(['build', '--content', content, '--out', out, '--locale', 'en', '--format', 'pdf'], {
    env: {
      BRIEFING_TRACE: '1',
      BRIEFING_CACHE_DIR: 'off',
      BRIEFING_PRINT_PARTS: '1',
      BRIEFING_RENDERERS: '2',
      SOURCE_DATE_EPOCH: '1700000000',
      ...env,
    },
  });
  expect(run.code, run.stderr).toBe(0);
  const dir = path.join(out, 'en');
  const groups = /prepared in (\d+) groups of chapters/.exec(run.stderr);
  const parts = /measuring pass printed in (\d+) parts/.exec(run.stderr);
  return {
    pdf: readFileSync(
      path.join(
        dir,
        readdirSync(dir).find((name) => name.endsWith('.pdf'))!,
      ),
    ),
    stderr: run.stderr,
    groups: groups ? Number(groups[1]) : 0,
    parts: parts ? Number(parts[1]) : 0,
  };
}

const piped = /its parts printed meanwhile/;

describe('a cold build printed in parts while its chapters are prepared', () => {
  it('gives the bytes of the parts printed after the whole edition was prepared', () => {
    const content = copyFixture(path.join(ROOT, 'content'));
    // Groups of a chapter or two (the review's are ~20,000–40,000 characters of HTML each).
    const pipe = cold(content, { BRIEFING_PREPARE_GROUP: '40000' });
    expect(pipe.stderr).toMatch(piped);
    expect(pipe.stderr).not.toMatch(/printed while the chapters were prepared are not the edition's/);
    expect(pipe.groups).toBeGreaterThanOrEqual(4);
    expect(pipe.parts).toBeGreaterThan(2);
    const after = cold(content, { BRIEFING_PREPARE_GROUP: '40000', BRIEFING_PIPE_PARTS: '0' });
    expect(after.stderr).not.toMatch(piped);
    // (Piped, the front matter is a group of its own: the print page prints as soon as it is prepared.)
    expect(after.groups).toBe(pipe.groups - 1);
    expect(after.parts).toBe(pipe.parts);
    expect(pipe.pdf.equals(after.pdf)).toBe(true);
  }, 300_000);

  it("prints them so too beside the last build's output (its page numbers to guess from, no cache)", () => {
    const content = copyFixture(path.join(ROOT, 'content'));
    const out = path.join(tempDir(), 'out');
    const first = cold(content, { BRIEFING_PREPARE_GROUP: '40000' }, out);
    expect(readdirSync(path.join(out, 'en')).some((name) => name.endsWith('.pages.json'))).toBe(true);
    const again = cold(content, { BRIEFING_PREPARE_GROUP: '40000' }, out);
    expect(again.stderr).toMatch(piped);
    expect(again.parts).toBe(first.parts);
    expect(again.pdf.equals(first.pdf)).toBe(true);
  }, 300_000);

  it('prints parts in the second renderer once its groups are prepared: the bytes of one renderer', () => {
    const content = copyFixture(path.join(ROOT, 'content'));
    const two = cold(content, { BRIEFING_PREPARE_GROUP: '40000' });
    expect(two.stderr).toMatch(piped);
    // (Loose parts, src/print/parts.ts helped: the review's stylesheets leave the folios to the theme.)
    expect(Number(/parts: (\d+) printed in the second renderer/.exec(two.stderr)?.[1])).toBeGreaterThan(0);
    const one = cold(content, { BRIEFING_PREPARE_GROUP: '40000', BRIEFING_RENDERERS: '1' });
    expect(one.stderr).not.toMatch(/printed in the second renderer/);
    expect(two.pdf.equals(one.pdf)).toBe(true);
  }, 300_000);

  it('throws its parts away when a group is too wide, and gives the bytes of a build not piped', () => {
    const content = copyFixture(path.join(ROOT, 'content'));
    // Nine columns of long words in a late chapter: wider than the text column at its natural width.
    const row = (cell: string) => `| ${Array.from({ length: 9 }, () => cell).join(' | ')} |`;
    const table = [row('Implementation'), row('---'), row('Internationalisation')].join('\n');
    const late = path.join(content, 'en', '06-justice.md');
    writeFileSync(late, `${readFileSync(late, 'utf8')}\n\n${table}\n`);
    const pipe = cold(content, { BRIEFING_PREPARE_GROUP: '40000' });
    expect(pipe.stderr).toMatch(/the parts printed while the chapters were prepared thrown away/);
    expect(pipe.stderr).toMatch(/something too wide in a chapter prepared afresh: the whole edition prepared/);
    expect(pipe.stderr).not.toMatch(piped);
    const after = cold(content, { BRIEFING_PREPARE_GROUP: '40000', BRIEFING_PIPE_PARTS: '0' });
    expect(pipe.pdf.equals(after.pdf)).toBe(true);
  }, 300_000);
});

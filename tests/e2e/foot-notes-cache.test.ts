// A rebuild of an unchanged edition with `notes: foot` does not place its notes again: the body as
// the last build of the same HTML placed it is put in the page (print/foot-cache.ts), in place of
// the edition's own body when the head was loaded ahead of time, so that the soft hyphens are not
// settled nor the layout marked again either. The PDF is the same, byte for byte, as the build that
// placed them; an edited chapter is placed afresh, and the chapters not edited are put in as the
// last build placed them (each starts a page): the PDF is the one a cold build of the edit prints.
import { describe, it, expect } from 'vitest';
import { cpSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, copyFixture, runCli, tempDir } from '../support/cli.js';

const PLACED = /notes at the foot of \d+ pages \(\d+ ms\)(, \d+ of \d+ chapters as the last build placed them)?$/m;
const CHAPTERS = /notes at the foot of \d+ pages \(\d+ ms\), (\d+) of (\d+) chapters as the last build placed them$/m;
const KEPT = /notes at the foot of \d+ pages \(\d+ ms, as the last build of this HTML placed them\)$/m;
const PREPARED = /: loaded as the last build of this HTML prepared it /;
const SETTLED = /: soft hyphens settled /;

describe('notes: foot, a warm rebuild', () => {
  it('puts in the placement of the last build of the same HTML, and places an edited edition afresh', () => {
    const content = copyFixture(path.join(ROOT, 'tests/fixtures/footnotes'));
    const templates = path.join(tempDir('briefing-foot-cache-'), 'templates');
    cpSync(path.join(ROOT, 'templates'), templates, { recursive: true });
    const theme = path.join(templates, 'theme.yaml');
    writeFileSync(theme, readFileSync(theme, 'utf8').replace(/^notes: .*$/m, 'notes: foot'));
    const cache = tempDir('briefing-foot-cache-dir-');
    const out = tempDir('briefing-foot-cache-out-');
    const pdf = path.join(out, 'en', 'footnotes-2025.en.pdf');
    const build = () => {
      const run = runCli(
        ['build', '--content', content, '--templates', templates, '--out', out, '--format', 'pdf', '--locale', 'en'],
        { env: { BRIEFING_CACHE_DIR: cache, BRIEFING_TRACE: '1' } },
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr.split('\n').filter((line) => /print:footnote|layout:/.test(line))).toEqual([]);
      return { trace: run.stderr, bytes: readFileSync(pdf) };
    };
    // The first rebuild loads its page another way (the head ahead of time, the body as a fragment,
    // the hyphens from the cache): the same body all the same.
    const builds = [build(), build(), build()];
    expect(builds[0]!.trace).toMatch(PLACED);
    expect(builds[1]!.trace).toMatch(KEPT);
    expect(builds[2]!.trace).toMatch(KEPT);
    // The first build settled and marked its page; the rebuilds (head loaded ahead) did neither.
    expect(builds[0]!.trace).toMatch(SETTLED);
    expect(builds[0]!.trace).not.toMatch(PREPARED);
    for (const b of builds.slice(1)) {
      expect(b.trace).toMatch(PREPARED);
      expect(b.trace).not.toMatch(SETTLED);
    }
    for (const b of builds) expect(b.bytes.equals(builds[0]!.bytes)).toBe(true);

    appendFileSync(path.join(content, 'en', '01-foot.md'), '\nOne more closing sentence for the commission.\n');
    const edited = build();
    expect(edited.trace).toMatch(PLACED);
    expect(edited.trace).not.toMatch(KEPT);
    expect(edited.trace).not.toMatch(PREPARED);
    expect(edited.trace).toMatch(SETTLED);
  });
});

describe('notes: foot, a rebuild after an edit', () => {
  for (const [name, theme] of [
    ['numbered per edition, A4', 'notes: foot'],
    [
      'marks counted per page, A5',
      'notes: foot\nnote-numbers: page\npage:\n  size: A5\n  margins: 16mm 14mm 18mm 20mm',
    ],
  ] as const) {
    it(`places only the edited chapter afresh, as a cold build would (${name})`, () => {
      const content = copyFixture(path.join(ROOT, 'tests/fixtures/footnotes'));
      const templates = path.join(tempDir('briefing-foot-edit-'), 'templates');
      cpSync(path.join(ROOT, 'templates'), templates, { recursive: true });
      const file = path.join(templates, 'theme.yaml');
      writeFileSync(file, `${withoutKeys(readFileSync(file, 'utf8'), theme)}\n${theme}\n`);
      // (The cache keeps one placement per PDF: the same output folder for the builds that share it.)
      const out = tempDir('briefing-foot-edit-out-');
      const build = (cache: string, to = out) => {
        const run = runCli(
          ['build', '--content', content, '--templates', templates, '--out', to, '--format', 'pdf', '--locale', 'en'],
          { env: { BRIEFING_CACHE_DIR: cache, BRIEFING_TRACE: '1' } },
        );
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr.split('\n').filter((line) => /print:footnote|layout:/.test(line))).toEqual([]);
        return { trace: run.stderr, bytes: readFileSync(path.join(to, 'en', 'footnotes-2025.en.pdf')) };
      };
      const cache = tempDir('briefing-foot-edit-cache-');
      expect(build(cache).trace).toMatch(PLACED);
      // The second chapter edited: the first (with the eight notes and the long one) is put in as placed.
      appendFileSync(path.join(content, 'en', '02-boxes.md'), '\nOne more closing sentence for the commission.\n');
      const edited = build(cache);
      expect(edited.trace).not.toMatch(KEPT);
      expect(CHAPTERS.exec(edited.trace)?.slice(1)).toEqual(['1', '2']);
      const cold = build(tempDir('briefing-foot-edit-cold-'), tempDir('briefing-foot-edit-cold-out-'));
      expect(cold.trace).not.toMatch(CHAPTERS);
      expect(edited.bytes.equals(cold.bytes)).toBe(true);
    });
  }
});

/** The shipped theme without the top-level keys `theme` sets (each key with its indented lines). */
function withoutKeys(shipped: string, theme: string): string {
  const keys = new Set([...theme.matchAll(/^([\w-]+):/gm)].map((m) => m[1]!));
  let dropping = false;
  return shipped
    .split('\n')
    .filter((line) => {
      const key = /^([\w-]+):/.exec(line)?.[1];
      if (key !== undefined) dropping = keys.has(key);
      else if (!/^\s/.test(line)) dropping = false;
      return !dropping;
    })
    .join('\n');
}

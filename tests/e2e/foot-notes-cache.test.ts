// A rebuild of an unchanged edition with `notes: foot` does not place its notes again: the body as
// the last build of the same HTML placed it is put in the page (print/foot-cache.ts), in place of
// the edition's own body when the head was loaded ahead of time, so that the soft hyphens are not
// settled nor the layout marked again either. The PDF is the same, byte for byte, as the build that
// placed them; an edited chapter is placed afresh.
import { describe, it, expect } from 'vitest';
import { cpSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, copyFixture, runCli, tempDir } from '../support/cli.js';

const PLACED = /notes at the foot of \d+ pages \(\d+ ms\)$/m;
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

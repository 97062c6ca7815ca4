// The finished PDF kept (src/print/finished-cache.ts): a rebuild whose print comes back from Chromium
// the same takes the finished bytes the last build made, and they are the bytes of a build without
// any cache. The same print finished with other metadata (another date) is read and finished again,
// an edit or a broken cache file finishes the print as always: the same bytes each time.
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, runCli, tempDir, type CliResult } from '../support/cli.js';

const KEPT = /finished as the last build finished this print/;
const REFINISHED = /PDF parsed \(its finishing not kept after all\)/;
const EPOCH = '1700000000';

describe('the finished PDF of the last build', () => {
  const dir = tempDir('briefing-finished-cache-');
  const content = path.join(dir, 'content');
  const cache = path.join(dir, 'cache');
  const out = path.join(dir, 'out');
  const pdf = (where = out) => readFileSync(path.join(where, 'en', 'layout-2024.en.pdf'));
  const build = ({ cacheDir = cache, to = out, epoch = EPOCH } = {}): CliResult => {
    const run = runCli(['build', '--content', content, '--out', to, '--format', 'pdf', '--locale', 'en'], {
      env: { SOURCE_DATE_EPOCH: epoch, BRIEFING_CACHE_DIR: cacheDir, BRIEFING_TRACE: '1' },
    });
    expect(run.code, run.stderr).toBe(0);
    return run;
  };
  const fresh = (epoch = EPOCH) => {
    const to = path.join(tempDir('briefing-finished-fresh-'), 'out');
    build({ cacheDir: 'off', to, epoch });
    return pdf(to);
  };

  beforeAll(() => {
    cpSync(path.join(ROOT, 'tests', 'fixtures', 'layout'), content, { recursive: true });
    // A first build guesses its page numbers (from columns); the next one's print is a rebuild's.
    build();
    build();
  });

  it('every rebuild of the same print takes the finished bytes, those of a build without cache', () => {
    // Chromium numbers the structure elements as the page's history made its nodes: prints that differ
    // only by that are the same print (printKey), so no rebuild misses (6 of 8 hit before).
    // Each also puts in the body the last one prepared (kept before the build closed the browser,
    // though the build took its PDF at once): else it prepares afresh and prints every layout marker.
    for (let i = 0; i < 4; i++) {
      const run = build();
      expect(run.stderr).toMatch(KEPT);
      expect(run.stderr).toMatch(/loaded as the last build of this HTML prepared it/);
    }
    expect(pdf().equals(fresh())).toBe(true);
  });

  it('the same print with another date is read and finished again, as a build without cache', () => {
    const run = build({ epoch: '1710000000' });
    expect(run.stderr).toMatch(REFINISHED);
    expect(run.stderr).not.toMatch(KEPT);
    expect(pdf().equals(fresh('1710000000'))).toBe(true);
    expect(build({ epoch: '1710000000' }).stderr).toMatch(KEPT);
  });

  it('an edited chapter or a broken cache file finishes the print as always, the same bytes', () => {
    const chapter = path.join(content, 'en', '02-tables.md');
    writeFileSync(chapter, `${readFileSync(chapter, 'utf8')}\nOne more paragraph at the end.\n`);
    expect(build().stderr).not.toMatch(KEPT);
    expect(pdf().equals(fresh())).toBe(true);
    const name = readdirSync(cache).find((n) => n.startsWith('finished-'))!;
    writeFileSync(path.join(cache, name), '{"print": "');
    expect(build().stderr).not.toMatch(KEPT);
    expect(pdf().equals(fresh())).toBe(true);
  });
});

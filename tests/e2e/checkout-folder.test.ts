// The outputs do not depend on where the content is checked out: the same content built from two
// folders of different names and depths gives byte-identical PDF and HTML (the print HTML names each
// block's source relative to the content folder), and the layout check still names the file in the
// folder that was built.
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, STARTER, tempDir } from '../support/cli.js';
import { WIDE_TABLE_CHAPTER } from '../support/content.js';

function build(parent: string) {
  const content = path.join(parent, 'content');
  cpSync(STARTER, content, { recursive: true });
  writeFileSync(path.join(content, 'en', '04-wide.md'), WIDE_TABLE_CHAPTER);
  const out = path.join(parent, 'out');
  const run = runCli(['build', '--content', content, '--out', out], {
    env: { SOURCE_DATE_EPOCH: '1700000000', BRIEFING_CACHE_DIR: 'off' },
  });
  return { content, out, run };
}

describe('the same content built from two folders', () => {
  let one: ReturnType<typeof build>;
  let two: ReturnType<typeof build>;

  beforeAll(() => {
    one = build(tempDir('briefing-a-'));
    two = build(path.join(tempDir('briefing-other-checkout-'), 'nested', 'deeper'));
  });

  it('gives byte-identical PDF and HTML', () => {
    expect(one.run.code, one.run.stderr).toBe(0);
    expect(two.run.code, two.run.stderr).toBe(0);
    for (const name of ['starter-2022.en.pdf', 'starter-2022.en.html']) {
      const a = readFileSync(path.join(one.out, 'en', name));
      const b = readFileSync(path.join(two.out, 'en', name));
      expect(a.equals(b), name).toBe(true);
    }
  });

  it('names the file of the folder it built in a layout warning', () => {
    for (const { content, run } of [one, two]) {
      const line = run.stderr.split('\n').find((l) => l.includes('layout:too-wide'));
      expect(line, run.stderr).toMatch(/ warning table "C0 C1 C2 .* wider than its \d+ mm column/);
      expect(line!.startsWith(`${path.join(content, 'en', '04-wide.md')}:5:1 warning`), line).toBe(true);
    }
  });
});

// prepared-chapters.ts groupsOf: a cold build of an edition printed in parts prepares its chapters a
// group at a time, alone in the page; a group holds at most so much HTML (by each chunk's length),
// in the edition's order.
import { describe, expect, it } from 'vitest';
import { besideAhead, groupsOf } from '../../src/print/prepared-chapters.js';

const html = (...lengths: number[]) => lengths;

describe('groupsOf', () => {
  it('runs the chunks in order, each group at most the size given', () => {
    expect(groupsOf(html(10, 40, 40, 40, 10, 30), [0, 1, 2, 3, 4, 5], 100)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });

  it('sets a chunk longer than a group alone in its own', () => {
    expect(groupsOf(html(10, 500, 10, 10), [0, 1, 2, 3], 100)).toEqual([[0], [1], [2, 3]]);
  });

  it('groups only the chunks given (those not kept)', () => {
    expect(groupsOf(html(10, 60, 60, 60, 60), [0, 2, 4], 100)).toEqual([[0, 2], [4]]);
    expect(groupsOf(html(10, 60), [], 100)).toEqual([]);
  });
});

describe('besideAhead', () => {
  const head = '<html><head></head><body>';
  const long = `${head}${'x'.repeat(900_000)}</body></html>`;
  const saved = { ...process.env };
  const withEnv = (env: Record<string, string>, work: () => void) => {
    Object.assign(process.env, env);
    try {
      work();
    } finally {
      for (const name of Object.keys(env)) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
  };

  it('starts a second renderer ahead for a long body whose chapters nothing kept, not for a draft or a short one', () => {
    withEnv({ BRIEFING_CACHE_DIR: 'off', BRIEFING_RENDERERS: '2', BRIEFING_PREPARE_GROUP: '' }, () => {
      expect(besideAhead('/tmp/x.pdf', long, head, false)).toBe(true);
      expect(besideAhead('/tmp/x.pdf', long, head, true)).toBe(false);
      expect(besideAhead('/tmp/x.pdf', `${head}short</body></html>`, head, false)).toBe(false);
    });
  });

  it('never with BRIEFING_RENDERERS=1, nor when chapters are prepared whole', () => {
    withEnv({ BRIEFING_CACHE_DIR: 'off', BRIEFING_RENDERERS: '1' }, () => {
      expect(besideAhead('/tmp/x.pdf', long, head, false)).toBe(false);
    });
    withEnv({ BRIEFING_CACHE_DIR: 'off', BRIEFING_RENDERERS: '2', BRIEFING_PREPARE_GROUP: '0' }, () => {
      expect(besideAhead('/tmp/x.pdf', long, head, false)).toBe(false);
    });
  });
});

// prepared-chapters.ts groupsOf: a cold build of an edition printed in parts prepares its chapters a
// group at a time, alone in the page; a group holds at most so much HTML (by each chunk's length),
// in the edition's order.
import { describe, expect, it } from 'vitest';
import { groupsOf } from '../../src/print/prepared-chapters.js';

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

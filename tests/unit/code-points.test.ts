import { describe, expect, it } from 'vitest';
import { codePoints } from '../../src/render/code-points.js';

describe('codePoints', () => {
  it('gives each distinct character once, as for..of would: Kazakh letters, astral characters, lone surrogates', () => {
    const text = 'әғқңөұүһі әә 𝔸𝔸 😀 \uD800x \uDC00 end\uD83D';
    const expected = new Set([...text].map((c) => c.codePointAt(0)!));
    expect(codePoints(text)).toEqual(expected);
    expect(codePoints(text).has(0x1d538)).toBe(true);
    expect(codePoints(text).has(0xd800)).toBe(true);
    expect(codePoints('')).toEqual(new Set());
  });
});

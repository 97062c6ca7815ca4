import { describe, expect, it } from 'vitest';
import { pointsIn, positionAt, positionsIn } from '../../src/positions.js';

describe('positions: offset → line and column', () => {
  it('counts lines and 1-based columns', () => {
    const text = 'ab\ncd\n\nef';
    expect(positionAt(text, 0)).toEqual({ line: 1, column: 1 });
    expect(positionAt(text, 2)).toEqual({ line: 1, column: 3 });
    expect(positionAt(text, 3)).toEqual({ line: 2, column: 1 });
    expect(positionAt(text, 7)).toEqual({ line: 4, column: 1 });
    expect(positionAt(text, text.length)).toEqual({ line: 4, column: 3 });
  });

  it('counts line endings as the Markdown parser does: CRLF once, a lone CR as one', () => {
    expect(positionAt('a\r\nb', 3)).toEqual({ line: 2, column: 1 });
    expect(positionAt('a\rb', 2)).toEqual({ line: 2, column: 1 });
  });

  it('clamps an offset outside the text to it, and answers many offsets in any order', () => {
    const at = positionsIn('x\ny');
    expect(at(99)).toEqual({ line: 2, column: 2 });
    expect(at(-5)).toEqual({ line: 1, column: 1 });
    expect(at(2)).toEqual({ line: 2, column: 1 });
    expect(pointsIn('x\ny')(2)).toEqual({ line: 2, column: 1, offset: 2 });
    expect(positionAt('', 0)).toEqual({ line: 1, column: 1 });
  });
});

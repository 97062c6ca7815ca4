// Offsets in a text → 1-based line and column: the one place every message finds its line. vfile-location
// counts line endings as micromark does (`\n`, `\r\n` and a lone `\r`), so a place found by a regex over
// the text and a place the parser gives agree.
import type { Point } from 'unist';
import { location } from 'vfile-location';

export interface LineColumn {
  line: number;
  column: number;
}

/** Points (line, column, offset) for many offsets in one text; an offset outside it is clamped to it. */
export function pointsIn(text: string): (offset: number) => Point {
  const place = location(text);
  return (offset) => place.toPoint(Math.min(Math.max(offset, 0), text.length))!;
}

/** Line and column for many offsets in one text (its line index is built once, as far as asked). */
export function positionsIn(text: string): (offset: number) => LineColumn {
  const point = pointsIn(text);
  return (offset) => {
    const { line, column } = point(offset);
    return { line, column };
  };
}

/** Line and column of one offset in a text. */
export function positionAt(text: string, offset: number): LineColumn {
  return positionsIn(text)(offset);
}

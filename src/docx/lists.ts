// Word list definitions for the edition's lists: bullets, and numbers in the style an `<ol>` asks
// for (`type`), from its `start`. Each `<ol>`/`<ul>` is its own list instance, so numbering restarts.
import { AlignmentType, LevelFormat, type ILevelsOptions, type NumberingDefinition } from 'docx';

const BULLETS = ['•', '◦', '▪'];
const INDENT = 360;

const FORMATS: Record<string, (typeof LevelFormat)[keyof typeof LevelFormat]> = {
  '1': LevelFormat.DECIMAL,
  a: LevelFormat.LOWER_LETTER,
  A: LevelFormat.UPPER_LETTER,
  i: LevelFormat.LOWER_ROMAN,
  I: LevelFormat.UPPER_ROMAN,
};

function levels(level: (i: number) => Pick<ILevelsOptions, 'format' | 'text' | 'start'>): ILevelsOptions[] {
  return Array.from({ length: 9 }, (_, i) => ({
    level: i,
    alignment: AlignmentType.LEFT,
    ...level(i),
    style: { paragraph: { indent: { left: INDENT * (i + 1), hanging: INDENT } } },
  }));
}

export function bulletList(): NumberingDefinition {
  return {
    reference: 'bullets',
    levels: levels((i) => ({ format: LevelFormat.BULLET, text: BULLETS[i % BULLETS.length]! })),
  };
}

/** A numbered list: `type` (1, a, A, i, I) and `start` as the `<ol>` says. */
export function numberedList(type: string, start: number): NumberingDefinition {
  const format = FORMATS[type] ?? LevelFormat.DECIMAL;
  return {
    reference: `numbers-${format}-${start}`,
    levels: levels((i) => ({ format, text: `%${i + 1}.`, start: i === 0 ? start : 1 })),
  };
}

/** The indent of text that continues a list item at a level (its later paragraphs). */
export function itemIndent(level: number): number {
  return INDENT * (level + 1);
}

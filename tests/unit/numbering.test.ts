import { describe, expect, it } from 'vitest';
import { formatNoteNumber, toLetters, toRoman } from '../../src/pipeline/numbering.js';

describe('numbering', () => {
  it('writes roman numerals', () => {
    expect([1, 4, 8, 9, 14, 31, 40, 90, 1994].map(toRoman)).toEqual([
      'I',
      'IV',
      'VIII',
      'IX',
      'XIV',
      'XXXI',
      'XL',
      'XC',
      'MCMXCIV',
    ]);
    expect(() => toRoman(0)).toThrow(RangeError);
  });
  it('letters sections A…Z then AA', () => {
    expect([1, 14, 26, 27, 52].map(toLetters)).toEqual(['A', 'N', 'Z', 'AA', 'AZ']);
  });
  it('formats note numbers in each style', () => {
    expect(formatNoteNumber(31, 'lower-roman')).toBe('xxxi');
    expect(formatNoteNumber(4, 'upper-roman')).toBe('IV');
    expect(formatNoteNumber(12, 'decimal')).toBe('12');
    expect([1, 2, 6, 7, 8].map((n) => formatNoteNumber(n, 'symbols'))).toEqual(['*', '†', '¶', '**', '††']);
  });
});

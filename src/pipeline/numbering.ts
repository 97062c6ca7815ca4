// Number styles for chapters (I, II…), sections (A, B…) and notes (i, ii… or 1, 2… or *, †…).
import type { NoteNumbering } from '../config/config.js';

const ROMAN: ReadonlyArray<[number, string]> = [
  [1000, 'M'],
  [900, 'CM'],
  [500, 'D'],
  [400, 'CD'],
  [100, 'C'],
  [90, 'XC'],
  [50, 'L'],
  [40, 'XL'],
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];
const SYMBOLS = ['*', '†', '‡', '§', '‖', '¶'];

export function toRoman(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`cannot write ${n} in roman numerals`);
  let rest = n;
  let out = '';
  for (const [value, letters] of ROMAN) {
    while (rest >= value) {
      out += letters;
      rest -= value;
    }
  }
  return out;
}

/** 1 → A, 26 → Z, 27 → AA (spreadsheet style). */
export function toLetters(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`cannot write ${n} in letters`);
  let rest = n;
  let out = '';
  while (rest > 0) {
    const digit = (rest - 1) % 26;
    out = String.fromCharCode(65 + digit) + out;
    rest = Math.floor((rest - 1) / 26);
  }
  return out;
}

// Cyrillic enumeration letters as GOST 2.105 lists them: without Ё, З, Й, О, Ч, Ъ, Ы, Ь (they read
// like digits or other letters, or cannot start a word).
const CYRILLIC = [...'АБВГДЕЖИКЛМНПРСТУФХЦШЩЭЮЯ'];

/** Section letters in a locale's alphabet: A, B… or А, Б, В…; past the last letter, doubled (АА). */
export function toSectionLetter(n: number, alphabet: 'latin' | 'cyrillic'): string {
  if (alphabet === 'latin') return toLetters(n);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`cannot write ${n} in letters`);
  let rest = n;
  let out = '';
  while (rest > 0) {
    out = CYRILLIC[(rest - 1) % CYRILLIC.length]! + out;
    rest = Math.floor((rest - 1) / CYRILLIC.length);
  }
  return out;
}

export function formatNoteNumber(n: number, style: NoteNumbering): string {
  switch (style) {
    case 'lower-roman':
      return toRoman(n).toLowerCase();
    case 'upper-roman':
      return toRoman(n);
    case 'decimal':
      return String(n);
    case 'symbols': {
      // *, †, ‡ … then doubled: **, ††, …
      const symbol = SYMBOLS[(n - 1) % SYMBOLS.length]!;
      return symbol.repeat(Math.floor((n - 1) / SYMBOLS.length) + 1);
    }
  }
}

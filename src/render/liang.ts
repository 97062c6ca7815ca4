// Liang's hyphenation (TeX's) of one word over the `hyphen` package's compiled patterns ([levels
// table, trie, exceptions]): the package's own code for a word — hyphenateWord, levelsToMarkers and
// insertChar of hyphen 1.14.1 (ISC License, Copyright (c) 2026, Yevhen Tiurin), kept as it is
// written (hyphenateWord without its copies), exceptions and markers memo included — without the
// text reader its hyphenator runs on every call, ~90 % of its time for a word (the review's words:
// ~290 → ~20 ms, the same results; tests/unit/liang.test.ts holds the two against each other). A
// word here is letters and marks only, which that reader always gives back whole; anything else
// goes to the package.
import { createRequire } from 'node:module';

/** The package's trie: a letter → a node, a node with the index of its levels, or the index alone. */
export interface Trie {
  [letter: string]: Trie | [Trie, number] | number;
}

/** A pattern file of the package (`hyphen/patterns/*.js`), or compilePatterns' (kk-patterns.ts). */
export type CompiledPatterns = [levels: number[][], trie: Trie, exceptions?: Record<string, number[]>];

type PackageHyphenator = (text: string) => string;
type CreateHyphenator = (
  patterns: unknown,
  options: { html: boolean; minWordLength: number; hyphenChar: string },
) => PackageHyphenator;

const require = createRequire(import.meta.url);

/** What the package's reader takes for no letter (its isNotLetter): a word holding one is not whole. */
const NOT_LETTER = /\s|(?!')[!-@[-`{-~\u2013-\u203C]/;

/**
 * `word` with `hyphenChar` at each point the patterns allow: what the package's hyphenator, made
 * with `{ html: false, minWordLength: 1, hyphenChar }`, returns for it.
 */
export function liangHyphenator(patterns: CompiledPatterns, hyphenChar: string): (word: string) => string {
  const [levelsTable, trie] = patterns;
  // As the package: the pattern file's exceptions are its memo of each lowercased word's markers
  // (shared by every hyphenator of that file), else a memo of its own.
  const markersDict: Record<string, number[]> = patterns[2] ?? {};
  let whole: PackageHyphenator | undefined;
  return (word) => {
    if (NOT_LETTER.test(word)) {
      whole ??= (require('hyphen/hyphen.js') as CreateHyphenator)(patterns, {
        html: false,
        minWordLength: 1,
        hyphenChar,
      });
      return whole(word);
    }
    const loweredWord = word.toLocaleLowerCase();
    if (!Object.prototype.hasOwnProperty.call(markersDict, loweredWord))
      markersDict[loweredWord] = hyphenateWord(word, loweredWord, levelsTable, trie);
    return insertChar(word, hyphenChar, markersDict[loweredWord]!);
  };
}

// --- the package's code (hyphen.js), typed: levelsToMarkers and insertChar as written; hyphenateWord
// the same steps over the word's text without the package's copies (an array of the rest of the word
// for each letter it starts at, an object per trie step): the review's ~1,800 words of a cold build,
// 28 → 19 ms of CPU (V8's interpreter: a build's budget keeps it from compiling them, bin/briefing.js).

/** The trie after a number (a pattern's end): no letter goes on from it (the package's `{}`). */
const END: Trie = {};

function hyphenateWord(text: string, lowered: string, levelsTable: number[][], patternTrie: Trie): number[] {
  const levels: number[] = new Array<number>(text.length + 1);
  for (let i = levels.length; i--;) levels[i] = 0;
  // The package's letters are `.${lowered}.`.split(''): UTF-16 code units, as indexing gives them.
  const word = `.${lowered}.`;
  // It starts at each letter with at least three letters from it, the first two at level index 0.
  for (let start = 0; start + 3 <= word.length; start++) {
    const at = start === 0 ? 0 : start - 1;
    let triePtr = patternTrie;
    for (let j = start; j < word.length; j++) {
      const trieNode = triePtr[word[j]!];
      if (trieNode === undefined) break;
      let patternLevelsIndex = -1;
      // As its Object.prototype.toString switch on what JSON (or compilePatterns) gives: an array, an
      // object or a number; anything else ends the walk.
      if (Array.isArray(trieNode)) {
        triePtr = trieNode[0];
        patternLevelsIndex = trieNode[1];
      } else if (typeof trieNode === 'number') {
        triePtr = END;
        patternLevelsIndex = trieNode;
      } else triePtr = typeof trieNode === 'object' && trieNode !== null ? trieNode : END;
      if (patternLevelsIndex < 0) continue;
      const patternLevels = levelsTable[patternLevelsIndex]!;
      // (Past the end of `levels` when the lowercase is longer: NaN there, as the package has it.)
      for (let k = 0; k < patternLevels.length; k++) levels[at + k] = Math.max(patternLevels[k]!, levels[at + k]!);
    }
  }
  levels[0] = levels[1] = levels[levels.length - 1] = levels[levels.length - 2] = 0;
  return levelsToMarkers(levels);
}

function levelsToMarkers(levels: number[]): number[] {
  const markers: number[] = [];
  for (let i = 0; i < levels.length; i++) if ((levels[i]! & 1) === 1) markers.push(i);
  return markers;
}

function insertChar(text: string, hyphenChar: string, markers: number[]): string {
  if (markers.length === 0) {
    return text;
  }
  const resultText = [text.slice(0, markers[0])];
  if (markers.length > 1)
    for (let i = 0, j = 1; j < markers.length; i++, j++) {
      resultText.push(text.slice(markers[i], markers[j]));
    }
  resultText.push(text.slice(markers[markers.length - 1]));
  return resultText.join(hyphenChar);
}

/** This module's code as text, for the keys of what it computes (rehype-hyphenate.ts's cache). */
export const LIANG_CODE = [liangHyphenator, hyphenateWord, levelsToMarkers, insertChar, NOT_LETTER]
  .map(String)
  .join('\n');

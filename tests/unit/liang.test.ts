// liang.ts against the `hyphen` package it takes its code from: the same hyphenated word for every
// word of the review in each of its languages, for the pattern files' own exceptions, and for words
// whose lowercase is longer or that the package's reader would not take whole.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { liangHyphenator, type CompiledPatterns } from '../../src/render/liang.js';
import { compilePatterns, kazakhPatterns } from '../../src/render/kk-patterns.js';
import { ROOT } from '../support/cli.js';

const require = createRequire(import.meta.url);
type Hyphenator = (text: string) => string;
const createHyphenator = require('hyphen/hyphen.js') as (
  patterns: unknown,
  options: { html: boolean; minWordLength: number; hyphenChar: string },
) => Hyphenator;

const SOFT = '\u00AD';

/** Every word (letters and marks) of a locale's Markdown. */
function wordsOf(locale: string): string[] {
  const dir = path.join(ROOT, 'content', locale);
  const text = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(md|ya?ml)$/.test(name))
    .map((name) => readFileSync(path.join(dir, name), 'utf8'))
    .join('\n');
  return [...new Set(text.match(/\p{L}[\p{L}\p{M}]*/gu) ?? [])];
}

/** Fresh patterns each time: the package keeps its markers in the pattern file's exceptions. */
function patternsOf(name: string): () => CompiledPatterns {
  return name === 'kk'
    ? () => compilePatterns(kazakhPatterns())
    : () => {
        const file = require.resolve(`hyphen/patterns/${name}.js`);
        delete require.cache[file];
        return require(file) as CompiledPatterns;
      };
}

describe('liang.ts, the hyphen package word by word', () => {
  it.each([
    ['en-gb', 'en'],
    ['ru', 'ru'],
    ['kk', 'kk'],
  ])('hyphenates every word of the review like the package (%s)', (name, locale) => {
    const fresh = patternsOf(name);
    const exceptions = Object.keys(fresh()[2] ?? {});
    const odd = [
      'İstanbul',
      'İİİİİİİİ',
      'ǅemal',
      'Straße',
      'ﬁnancial',
      'o\u0301pera',
      'rock’n’roll',
      "it's",
      'a-b',
      'x y',
    ];
    const words = [...wordsOf(locale), ...exceptions, ...exceptions.map((w) => w.toUpperCase()), ...odd];
    expect(words.length).toBeGreaterThan(50);
    const theirs = createHyphenator(fresh(), { html: false, minWordLength: 1, hyphenChar: SOFT });
    const ours = liangHyphenator(fresh(), SOFT);
    const differ = words.filter((word) => ours(word) !== theirs(word));
    expect(differ).toEqual([]);
    // (It does hyphenate.)
    // (Some are hyphenated: random letters rarely make a word the patterns break.)
    expect(words.filter((word) => ours(word).includes(SOFT)).length).toBeGreaterThan(30);
  });
});

describe('liang.ts, the hyphen package on words of any letters', () => {
  it.each(['en-gb', 'ru', 'kk'])('gives what the package gives for made-up words (%s)', (name) => {
    const fresh = patternsOf(name);
    // Letters the patterns know, in random order and lengths (seeded): trie walks of every depth.
    const letters = [...new Set(JSON.stringify(fresh()[1]).match(/\p{L}/gu))];
    let seed = 7;
    const random = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    const words = Array.from({ length: 3000 }, () =>
      Array.from({ length: 1 + random(16) }, () => letters[random(letters.length)]).join(''),
    );
    const theirs = createHyphenator(fresh(), { html: false, minWordLength: 1, hyphenChar: SOFT });
    const ours = liangHyphenator(fresh(), SOFT);
    expect(words.filter((word) => ours(word) !== theirs(word))).toEqual([]);
    // (Some are hyphenated: random letters rarely make a word the patterns break.)
    expect(words.filter((word) => ours(word).includes(SOFT)).length).toBeGreaterThan(30);
  });
});

// Translation segments (src/translate/segments.ts) read their tree from the parsed-Markdown cache
// when it holds the text: the same segments as a parse, and a text the cache did not hold is parsed
// and kept for the next build.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readParsed } from '../../src/pipeline/parse-cache.js';
import { markdownSegments } from '../../src/translate/segments.js';
import { ROOT, tempDir } from '../support/cli.js';

const CHAPTER = path.join(ROOT, 'content', 'en', '01-introduction.md');

describe('translation segments and the parsed-Markdown cache', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('keeps the tree of a text it parsed, and gives the same segments from the cache as without it', () => {
    const text = readFileSync(CHAPTER, 'utf8');
    vi.stubEnv('BRIEFING_CACHE_DIR', 'off');
    const parsed = markdownSegments(text);
    expect(parsed.length).toBeGreaterThan(5);
    const dir = tempDir();
    vi.stubEnv('BRIEFING_CACHE_DIR', dir);
    expect(readParsed(dir, text).tree).toBeUndefined();
    expect(markdownSegments(text)).toEqual(parsed);
    expect(readParsed(dir, text).tree?.type).toBe('root');
    expect(markdownSegments(text)).toEqual(parsed);
  });
});

// A translated file's catalog kept in the cache folder by its texts (catalog-cache.ts): the same
// entries as read afresh, from the cache on the next read, and read anew when the source, the
// translation or the limits change.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileCatalog } from '../../src/translate/catalog.js';
import { keptCatalog } from '../../src/translate/catalog-cache.js';
import { resolveLimits, useLimits } from '../../src/limits.js';
import { ROOT, tempDir } from '../support/cli.js';

const FILE = '01-introduction.md';

let cache: string;
let content: string;
beforeEach(() => {
  cache = tempDir('briefing-catalog-cache-');
  vi.stubEnv('BRIEFING_CACHE_DIR', cache);
  content = tempDir('briefing-catalog-content-');
  cpSync(path.join(ROOT, 'content'), content, { recursive: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const kept = () => readdirSync(cache).filter((f) => f.startsWith('translation-catalog-'));
const states = (c: Awaited<ReturnType<typeof fileCatalog>>) => c.entries.map((e) => e.state);

describe("a translated file's catalog kept by its texts", () => {
  it('is the catalog read afresh, kept once and read back', async () => {
    const fresh = await fileCatalog(content, 'ru', 'en', FILE);
    expect(fresh.recorded).toBe(true);
    expect(await keptCatalog(content, 'ru', 'en', FILE)).toEqual(fresh);
    expect(kept()).toHaveLength(1);
    expect(await keptCatalog(content, 'ru', 'en', FILE)).toEqual(fresh);
    expect(kept()).toHaveLength(1);
  });

  it('an edited source paragraph makes its entry fuzzy, from the cache as afresh', async () => {
    const before = await keptCatalog(content, 'ru', 'en', FILE);
    expect(states(before)).not.toContain('fuzzy');
    const source = path.join(content, 'en', FILE);
    const done = before.entries.find((e) => e.state === 'done' && e.segment.kind === 'paragraph')!;
    const text = readFileSync(source, 'utf8');
    writeFileSync(source, text.replace(done.segment.text, `${done.segment.text} Edited.`));
    const after = await keptCatalog(content, 'ru', 'en', FILE);
    expect(after).toEqual(await fileCatalog(content, 'ru', 'en', FILE));
    expect(states(after)).toContain('fuzzy');
    expect(kept()).toHaveLength(2);
  });

  it('other limits read the file anew', async () => {
    await keptCatalog(content, 'ru', 'en', FILE);
    useLimits({ limits: resolveLimits({ maxNesting: 3 }) });
    try {
      expect(await keptCatalog(content, 'ru', 'en', FILE)).toEqual(await fileCatalog(content, 'ru', 'en', FILE));
      expect(kept()).toHaveLength(2);
    } finally {
      useLimits({ limits: resolveLimits() });
    }
  });
});

// The shipped review's chapters, in every locale, pass the web edition's schema unchanged (the same
// check as tests/unit/web-escape.test.ts makes on the fixtures; here, being the whole review in three
// locales, an integration test).
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { loadConfig } from '../../src/config/config.js';
import { checkEditions } from '../../src/check.js';
import { sanitizeChapter } from '../../src/render/sanitize.js';
import { ROOT } from '../support/cli.js';

describe('the web edition: only our schema', () => {
  it('the chapters of the shipped review (every locale) pass the schema unchanged', async () => {
    const content = path.join(ROOT, 'content');
    const templates = path.join(ROOT, 'templates');
    const { editions } = await checkEditions(await loadConfig({ content, templates, locale: 'all' }));
    expect(editions.map((edition) => edition.locale)).toEqual(['en', 'ru', 'kk']);
    for (const edition of editions)
      for (const chapter of edition.chapters)
        expect(toHtml(sanitizeChapter(structuredClone(chapter.tree))), `${edition.locale} ${chapter.id}`).toBe(
          toHtml(chapter.tree),
        );
  });
});

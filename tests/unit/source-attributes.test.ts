// The print HTML names each block's source relative to the content folder (data-source), so the
// outputs do not depend on where the content is checked out; messages resolve it back to the file.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pageTree } from '../support/page.js';
import { selectAll } from 'hast-util-select';
import { loadConfig } from '../../src/config/config.js';
import { checkEditions } from '../../src/check.js';
import { loadTemplates } from '../../src/render/render.js';
import { sourcePosition } from '../../src/render/rehype-source-attributes.js';
import { ROOT, STARTER } from '../support/cli.js';

describe('data-source in the print HTML', () => {
  it('is relative to the content folder, in / separators, and resolves to the file a message names', async () => {
    const templates = path.join(ROOT, 'templates');
    const { editions } = await checkEditions(await loadConfig({ content: STARTER, templates }));
    const html = (await loadTemplates(templates, STARTER)).render(editions[0]!, 'print');
    expect(html).not.toContain(STARTER);
    const sources = selectAll('[data-source]', pageTree(html)).map((e) => String(e.properties.dataSource));
    expect(sources.length).toBeGreaterThan(20);
    expect(sources).toContain('en/03-rights/01-right-to-life.md:4:1');
    expect(sources.filter((s) => !/^en\/[\w/-]+\.md:\d+:\d+$/.test(s))).toEqual([]);
    for (const source of new Set(sources)) expect(existsSync(sourcePosition(source, STARTER)!.file), source).toBe(true);
    expect(sourcePosition('en/03-rights/01-water.md:7:50', '/srv/content')).toEqual({
      file: '/srv/content/en/03-rights/01-water.md',
      line: 7,
      column: 50,
    });
  });
});

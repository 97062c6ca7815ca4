// What a build learns from its templates' text alone (template-check.ts's problems, unique-ids.ts's
// ids) kept in the cache folder by that text: the same answer as computed afresh, and a changed
// text or a missing cache computes it again; a copy of the same text elsewhere is found at its own file.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkTemplates } from '../../src/render/template-check.js';
import { templateIds } from '../../src/pipeline/unique-ids.js';
import { tempDir } from '../support/cli.js';

const REMOTE = '<main>\n  <img src="https://example.org/x.png" alt="x">\n</main>\n';
const HANDLER = '<main>\n\n  <p onclick="go()">x</p>\n</main>\n';

let cache: string;
beforeEach(() => {
  cache = tempDir('briefing-template-facts-');
  vi.stubEnv('BRIEFING_CACHE_DIR', cache);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const kept = (kind: string) => readdirSync(cache).filter((f) => f.startsWith(`${kind}-`));
const summary = (file: string, text: string) =>
  checkTemplates(new Map([[file, text]])).map((d) => `${d.file}:${d.line}:${d.column} ${d.rule}`);

describe('template facts kept by their text', () => {
  it("a template's problems: the same from the cache as computed, each at the file that has them", () => {
    const first = summary('/t/layout.hbs', REMOTE);
    expect(first).toEqual(['/t/layout.hbs:2:3 template:remote']);
    expect(kept('template-check')).toHaveLength(1);
    expect(summary('/t/layout.hbs', REMOTE)).toEqual(first);
    vi.stubEnv('BRIEFING_CACHE_DIR', 'off');
    expect(summary('/t/layout.hbs', REMOTE)).toEqual(first);
    vi.stubEnv('BRIEFING_CACHE_DIR', cache);
    // Another file with the same text (a copy of the templates): the kept problems, at that file.
    expect(summary('/t/chapter.hbs', REMOTE)).toEqual(['/t/chapter.hbs:2:3 template:remote']);
    expect(kept('template-check')).toHaveLength(1);
    // An edited text: computed, not taken from the first.
    expect(summary('/t/layout.hbs', HANDLER)).toEqual(['/t/layout.hbs:3:3 template:script']);
    expect(kept('template-check')).toHaveLength(2);
  });

  it("a template's own ids: the same from the cache, and an edit is read again", async () => {
    const dir = tempDir('briefing-template-ids-');
    mkdirSync(path.join(dir, 'partials'));
    writeFileSync(path.join(dir, 'layout.hbs'), '<main id="content">{{> note}}<div id="{{id}}"></div></main>');
    writeFileSync(path.join(dir, 'partials', 'note.hbs'), '<aside id="preface"></aside>');
    expect(await templateIds(dir)).toEqual(['content', 'preface']);
    expect(kept('template-ids')).toHaveLength(1);
    expect(await templateIds(dir)).toEqual(['content', 'preface']);
    expect(kept('template-ids')).toHaveLength(1);
    writeFileSync(path.join(dir, 'partials', 'note.hbs'), '<aside id="foreword"></aside>');
    expect(await templateIds(dir)).toEqual(['content', 'foreword']);
    expect(kept('template-ids')).toHaveLength(2);
  });
});

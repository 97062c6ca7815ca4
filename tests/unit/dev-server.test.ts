// The dev server's rebuild chain, with a stand-in build (no templates, no browser).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/dev/server.js';
import type { Preview, PreviewResult } from '../../src/dev/preview.js';

const dir = mkdtempSync(path.join(tmpdir(), 'briefing-dev-'));
const result = (html: string): PreviewResult => ({ html, locale: 'en', diagnostics: [], errors: [], milliseconds: 1 });

describe('dev server rebuilds', () => {
  let server: DevServer | undefined;
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a rebuild that throws is shown as an error, and the next change rebuilds again', async () => {
    const builds: Array<() => Promise<PreviewResult>> = [
      () => Promise.resolve(result('<p>first</p>')),
      () => Promise.reject(new Error('boom')),
      () => Promise.resolve(result('<p>third</p>')),
    ];
    const preview: Preview = {
      contentDir: dir,
      templatesDir: dir,
      build: () => builds.shift()!(),
    };
    server = await startDevServer({ preview, port: 0, log: () => undefined, report: () => undefined });
    expect(await (await fetch(server.url)).text()).toContain('<p>first</p>');

    writeFileSync(path.join(dir, 'a.md'), 'one');
    const failed = await server.settled();
    expect(failed.errors.map((e) => `${e.message} ${e.rule}`)).toEqual(['the rebuild failed: boom dev:internal']);
    const page = await fetch(server.url);
    expect(await page.text()).toContain('the rebuild failed: boom');

    writeFileSync(path.join(dir, 'a.md'), 'two');
    const rebuilt = await server.settled();
    expect(rebuilt.html).toBe('<p>third</p>');
    expect(builds).toEqual([]);
    expect(await (await fetch(server.url)).text()).toContain('<p>third</p>');
  });
});

// The dev server's rebuild chain, with a stand-in build (no templates, no browser).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/dev/server.js';
import type { Preview, PreviewResult } from '../../src/dev/preview.js';

const dir = mkdtempSync(path.join(tmpdir(), 'briefing-dev-'));
const result = (html: string): PreviewResult => ({ html, locale: 'en', diagnostics: [], errors: [], milliseconds: 1 });

/** Wait for a condition (file watching is asynchronous, and slow on a loaded machine). */
async function until(condition: () => boolean | Promise<boolean>, timeout = 15_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

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
    ];
    // Every later build succeeds (a save can fire more than one watch event, hence more builds).
    const preview: Preview = {
      contentDir: dir,
      templatesDir: dir,
      build: () => (builds.shift() ?? (() => Promise.resolve(result('<p>third</p>'))))(),
    };
    const reported: string[] = [];
    server = await startDevServer({
      preview,
      port: 0,
      log: () => undefined,
      report: (list) => reported.push(...list.map((d) => `${d.message} ${d.rule}`)),
    });
    expect(await (await fetch(server.url)).text()).toContain('<p>first</p>');

    writeFileSync(path.join(dir, 'a.md'), 'one');
    await until(() => reported.length > 0);
    expect(reported).toEqual(['the rebuild failed: boom dev:internal']);

    writeFileSync(path.join(dir, 'a.md'), 'two');
    await until(async () => (await server!.settled()).html === '<p>third</p>');
    expect(builds).toEqual([]);
    expect(await (await fetch(server.url)).text()).toContain('<p>third</p>');
  });
});

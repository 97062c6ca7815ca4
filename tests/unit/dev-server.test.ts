// The dev server's rebuild chain, with a stand-in build (no templates, no browser).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
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

describe('the print view refuses other sites', () => {
  /** GET with exactly these headers (fetch would add its own). */
  const get = (url: string, headers: Record<string, string>) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      http
        .get(url, { headers }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        })
        .on('error', reject);
    });

  it("a website's <img> or fetch cannot open it (and start its Chromium); the reader's own pages can", async () => {
    const preview: Preview = { contentDir: dir, templatesDir: dir, build: () => Promise.resolve(result('<p>x</p>')) };
    const server = await startDevServer({ preview, port: 0, log: () => undefined, report: () => undefined });
    try {
      const print = `${server.url}print`;
      // (Opening /print itself starts Chromium: only refused requests go to it here.)
      const img = await get(print, { 'sec-fetch-site': 'cross-site', 'sec-fetch-dest': 'image' });
      expect(img.status).toBe(403);
      expect(img.body).toBe(
        'The print view answers only its own pages (Sec-Fetch-Site: cross-site refused); open it by typing its address\n',
      );
      expect((await get(`${print}/state`, { 'sec-fetch-site': 'same-site' })).status).toBe(403);
      expect((await get(`${print}/edition.pdf`, { origin: 'https://evil.example' })).status).toBe(403);
      // The state shows nothing was started for them.
      const state = await get(`${print}/state`, { 'sec-fetch-site': 'same-origin' });
      expect(state.status).toBe(200);
      expect(JSON.parse(state.body)).toMatchObject({ generation: 0, printing: false });
      const viewer = await get(`${print}/viewer.js`, { 'sec-fetch-site': 'none' });
      expect(viewer.status).toBe(200);
      // The TypeScript module bundled for the browser: pdf.js is the server's copy, not a bare package name.
      expect(viewer.body).toContain('import * as pdfjs from "/print/pdf.mjs";');
      expect(viewer.body).not.toContain('pdfjs-dist');
      expect(viewer.body).toContain('// src/dev/browser/print-viewer.ts');
      expect((await get(`${print}/state`, { origin: server.url.replace(/\/$/, '') })).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

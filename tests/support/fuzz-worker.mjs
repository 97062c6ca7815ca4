// The fuzz test's worker thread (tests/unit/fuzz.test.ts): runs one case at a time through the compiled
// stages (dist/), so the main thread can stop a case that hangs (terminate the worker) instead of
// hanging with it. A case: Markdown files written over a base content folder, then loadConfig →
// checkEditions → the web edition's HTML. The reply says what came out; the test judges it.
import { parentPort, workerData } from 'node:worker_threads';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const { root, content, templates } = workerData;
const load = (file) => import(pathToFileURL(path.join(root, 'dist', file)).href);
const [{ loadConfig }, { checkEditions }, { loadTemplates }, { BriefingError }] = await Promise.all([
  load('config/config.js'),
  load('build.js'),
  load('render/render.js'),
  load('messages.js'),
]);
const loaded = await loadTemplates(templates);

parentPort.on('message', async ({ id, files, restore }) => {
  const started = performance.now();
  const reply = { id, diagnostics: [], thrown: undefined, crash: undefined, scripts: undefined, ms: 0 };
  try {
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(content, 'en', file), text);
    try {
      const { editions, diagnostics } = await checkEditions(await loadConfig({ content, templates }));
      reply.diagnostics = diagnostics;
      const html = loaded.render(editions[0], 'screen');
      reply.scripts = (html.match(/<script\b/gi) ?? []).length;
      reply.handlers = (html.match(/<[a-z][^>]*\son[a-z]+\s*=/gi) ?? []).length;
    } catch (error) {
      if (error instanceof BriefingError) reply.thrown = error.diagnostics;
      else reply.crash = String(error?.stack ?? error);
    }
  } finally {
    for (const [file, text] of Object.entries(restore)) writeFileSync(path.join(content, 'en', file), text);
    reply.ms = performance.now() - started;
    parentPort.postMessage(reply);
  }
});
parentPort.postMessage({ ready: true });

// The fuzz test's worker thread (tests/e2e/fuzz.test.ts): runs one case at a time through the compiled
// stages (dist/), so the main thread can stop a case that hangs (terminate the worker) instead of
// hanging with it. A case: Markdown files written over a base content folder, then loadConfig →
// checkEditions → the web edition's HTML. The reply says what came out; the test judges it.
import { parentPort, workerData } from 'node:worker_threads';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';

const { root, content, templates } = workerData;
const load = (file) => import(pathToFileURL(path.join(root, 'dist', file)).href);
const [{ loadConfig }, { checkEditions }, { loadTemplates }, { BriefingError }] = await Promise.all([
  load('config/config.js'),
  load('check.js'),
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
      Object.assign(reply, inspect(html));
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

/** What a browser would run or fetch: script elements, on* handlers, unsafe or remote addresses. */
function inspect(html) {
  const found = { scripts: 0, handlers: [], unsafe: [] };
  visit(fromHtml(html), 'element', (node) => {
    if (node.tagName === 'script') found.scripts += 1;
    if (['iframe', 'object', 'embed', 'frame', 'base', 'form'].includes(node.tagName))
      found.unsafe.push(`<${node.tagName}>`);
    for (const [name, value] of Object.entries(node.properties ?? {})) {
      if (/^on/i.test(name)) found.handlers.push(`<${node.tagName} ${name}>`);
      if (!['href', 'src', 'action', 'formAction', 'poster', 'data', 'srcSet'].includes(name)) continue;
      const url = String(value)
        // eslint-disable-next-line no-control-regex -- a browser ignores C0 controls and spaces in a URL
        .replace(/[\u0000-\u0020]/g, '')
        .toLowerCase();
      if (/^(javascript|vbscript):/.test(url) || (url.startsWith('data:') && name !== 'src'))
        found.unsafe.push(`<${node.tagName} ${name}="${url.slice(0, 40)}">`);
      if (name === 'src' && !url.startsWith('data:'))
        found.unsafe.push(`<${node.tagName} src="${url.slice(0, 40)}"> (not inlined)`);
    }
  });
  return found;
}

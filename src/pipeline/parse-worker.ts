// The worker thread of parse-split.ts: parses the texts it is sent with the same parser (parser.ts)
// and sends each tree back.
import { parentPort } from 'node:worker_threads';
import { VFile } from 'vfile';
import { createParser } from './parser.js';

const parser = createParser();

parentPort?.on('message', ({ id, path, text }: { id: number; path?: string; text: string }) => {
  let tree;
  try {
    tree = parser.parse(new VFile({ path, value: text }));
  } catch {
    tree = undefined; // parsed again whole by the main thread, which reports what is wrong
  }
  parentPort?.postMessage({ id, tree });
});

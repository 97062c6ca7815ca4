// The worker thread of parse-thread.ts: parses the texts it is sent with the same parser (parser.ts)
// and sends each tree back: one text (parse-split.ts's second half), or a batch of an edition's files
// taken from the last while the main thread takes them from the first (parse-ahead.ts).
import { parentPort } from 'node:worker_threads';
import { VFile } from 'vfile';
import type { Root } from 'mdast';
import { createParser } from './parser.js';
import { parseFromEnd, type BatchRequest } from './parse-thread.js';

const parser = createParser();

function parseText(path: string | undefined, text: string): Root | undefined {
  try {
    return parser.parse(new VFile({ path, value: text }));
  } catch {
    return undefined; // parsed again by the main thread, which reports what is wrong
  }
}

parentPort?.on(
  'message',
  (message: { id: number; path?: string; text: string } | ({ batch: number } & BatchRequest)) => {
    if ('batch' in message) {
      const { batch } = message;
      parseFromEnd(message, parseText, (a) => parentPort?.postMessage({ batch, ...a }));
      parentPort?.postMessage({ batch, end: true });
    } else parentPort?.postMessage({ id: message.id, tree: parseText(message.path, message.text) });
  },
);

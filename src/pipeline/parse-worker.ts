// The worker thread of parse-thread.ts: parses the texts it is sent with the same parser (parser.ts)
// and sends each tree back: one text (parse-split.ts's second half), or a batch of an edition's files
// taken from the last while the main thread takes them from the first (parse-ahead.ts); and, once the
// print is on, content streams to mark (print/mark-thread.ts: no second worker to start).
import { parentPort } from 'node:worker_threads';
import { VFile } from 'vfile';
import type { Root } from 'mdast';
import { createParser } from './parser.js';
import { parseFromEnd, type BatchRequest } from './parse-thread.js';
import { markThere, type MarkJob } from '../print/mark-thread.js';

/** Other modules' jobs (parse-thread.ts sideJob), by kind: their answer, and what of it to move back. */
const sideJobs: Record<string, (payload: never) => Promise<{ answer: unknown; transfer: ArrayBuffer[] }>> = {
  // A content stream marked (print/mark-thread.ts), its bytes moved back.
  mark: (job: MarkJob) =>
    markThere(job).then((bytes) => ({ answer: bytes, transfer: bytes ? [bytes.buffer as ArrayBuffer] : [] })),
};

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
  (
    message:
      | { id: number; path?: string; text: string }
      | ({ batch: number } & BatchRequest)
      | { job: number; kind: string; payload: never },
  ) => {
    if ('job' in message) {
      const { job } = message;
      // (A job that fails is not answered: the thread is ended, and the main thread does it.)
      void sideJobs[message.kind]!(message.payload).then(({ answer, transfer }) =>
        parentPort?.postMessage({ job, answer }, transfer),
      );
    } else if ('batch' in message) {
      const { batch } = message;
      parseFromEnd(message, parseText, (a) => parentPort?.postMessage({ batch, ...a }));
      parentPort?.postMessage({ batch, end: true });
    } else parentPort?.postMessage({ id: message.id, tree: parseText(message.path, message.text) });
  },
);

// The one worker thread that parses Markdown beside this one (parse-worker.ts, its own entry of the
// CLI bundle): asked for the second half of a long text (parse-split.ts) or for an edition's files
// from the end (parse-ahead.ts). Started on first need; never what keeps the process alive when idle.
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Root } from 'mdast';
import { scanLimits } from './delimiters.js';
import { trace } from '../trace.js';

/** Files the worker parses from the last while this thread parses from the first (parse-ahead.ts). */
export interface BatchRequest {
  files: Array<{ path?: string; text: string }>;
  /** One Int32 per file: 0 free, 1 this thread's, 2 the worker's (claimed with Atomics.compareExchange). */
  claims: SharedArrayBuffer;
  /** The nesting and delimiter limits: the worker parses each text only up to where parse.ts would. */
  maxNesting: number;
  maxDelimiters: number;
}

/** A file of a batch parsed by the worker: its tree (none if it could not), and how much of the text it parsed. */
export interface BatchAnswer {
  index: number;
  tree?: Root;
  length: number;
}

interface Thread {
  thread: Worker;
  requests: Map<number, (tree: Root | undefined) => void>;
  batches: Map<number, { answer: (a: BatchAnswer) => void; end: () => void }>;
  next: number;
  /** Ends the worker once idle a while (its heap, tens of MB, would otherwise stay through the print). */
  stop?: NodeJS.Timeout;
}

/** How long an idle worker is kept for the next locale's batch (which follows within a second). */
const IDLE_MS = 2000;

let worker: Thread | undefined;

/** The worker's module next to this one (compiled JavaScript only: under the test runner, none). */
export function workerFile(): string | undefined {
  const file = fileURLToPath(new URL('./parse-worker.js', import.meta.url));
  return existsSync(file) ? file : undefined;
}

/**
 * Whether to parse in the worker: the second thread costs CPU (its start, its own compiling of the
 * parser, the trees copied back), which only pays when the machine is not already busy (load
 * average under twice its cores). BRIEFING_PARSE_THREADS=1: never; 2: whatever the load.
 */
export function threadAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  const threads = env.BRIEFING_PARSE_THREADS;
  if (threads === '1' || !workerFile()) return false;
  return threads === '2' || loadavg()[0]! < 2 * availableParallelism();
}

/** The worker, started if need be (undefined where there is none to start). */
function thread(): Thread | undefined {
  if (worker) return worker;
  const file = workerFile();
  if (!file) return undefined;
  const started: Thread = { thread: new Worker(file), requests: new Map(), batches: new Map(), next: 0 };
  started.thread.on(
    'message',
    (message: { id: number; tree?: Root } | ({ batch: number; end?: true } & BatchAnswer)) => {
      if ('batch' in message) {
        const batch = started.batches.get(message.batch);
        if (message.end) {
          started.batches.delete(message.batch);
          batch?.end();
        } else batch?.answer(message);
      } else {
        started.requests.get(message.id)?.(message.tree);
        started.requests.delete(message.id);
      }
      idle(started);
    },
  );
  // A worker that fails leaves its parses to this thread.
  const fail = () => {
    for (const done of started.requests.values()) done(undefined);
    for (const batch of started.batches.values()) batch.end();
    started.requests.clear();
    started.batches.clear();
    if (worker === started) worker = undefined;
  };
  started.thread.on('error', fail);
  started.thread.on('exit', fail);
  worker = started;
  return started;
}

/** Idle: never what keeps the process alive, and ended after a while. */
function idle(t: Thread): void {
  if (t.requests.size > 0 || t.batches.size > 0) return;
  t.thread.unref();
  clearTimeout(t.stop);
  t.stop = setTimeout(() => {
    if (worker === t) worker = undefined; // a parse asked for from now on starts another
    void t.thread.terminate();
    trace('parse worker ended (idle)');
  }, IDLE_MS).unref();
}

/** Busy again: kept alive until it answers. */
function busy(t: Thread): void {
  clearTimeout(t.stop);
  t.thread.ref();
}

/** Parses a text in the worker; undefined when it could not. */
export function parseInWorker(path: string | undefined, text: string): Promise<Root | undefined> {
  const t = thread();
  if (!t) return Promise.resolve(undefined);
  const id = (t.next += 1);
  return new Promise((resolve) => {
    t.requests.set(id, resolve);
    busy(t);
    t.thread.postMessage({ id, path, text });
  });
}

/**
 * Sends a batch: `answer` is called with each file the worker parsed, `end` once it stopped (it met
 * a file this thread claimed, or it failed). False when there is no worker.
 */
export function parseBatchInWorker(request: BatchRequest, answer: (a: BatchAnswer) => void, end: () => void): boolean {
  const t = thread();
  if (!t) return false;
  const batch = (t.next += 1);
  t.batches.set(batch, { answer, end });
  busy(t);
  t.thread.postMessage({ batch, ...request });
  return true;
}

/**
 * The batch's files from the last, each claimed first (Atomics: the main thread claims from the
 * first), until one is already the main thread's; each parsed up to where parse.ts stops it (the
 * nesting and delimiter limits), so a hostile text costs no more here than there.
 */
export function parseFromEnd(
  { files, claims, maxNesting, maxDelimiters }: BatchRequest,
  parse: (path: string | undefined, text: string) => Root | undefined,
  answer: (a: BatchAnswer) => void,
): void {
  const claimed = new Int32Array(claims);
  for (let index = files.length - 1; index >= 0 && Atomics.compareExchange(claimed, index, 0, 2) === 0; index -= 1) {
    const { path, text } = files[index]!;
    const { cutAt } = scanLimits(text, maxNesting, maxDelimiters);
    const parsed = cutAt === undefined ? text : text.slice(0, cutAt);
    answer({ index, tree: parse(path, parsed), length: parsed.length });
  }
}

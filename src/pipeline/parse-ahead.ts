// An edition's files parsed on two cores: before a cold build parses them one by one (edition.ts),
// the files that no cache holds are sent to the parse worker (parse-thread.ts), which parses them
// from the last while this thread parses from the first; each file is claimed by one side only
// (Atomics on shared memory), so the two meet wherever their speeds put them. A file the worker
// parsed comes back as the in-process parse gives it (structured clone keeps positions and data;
// ~20 ms for the 422 files of 20 × the review), and everything after the parse is unchanged: the
// messages of the limit scans and of the transforms are made here, on the file, as before. Parsing
// is about half of what this process does before printing (~1 s of 20 × the review) while Chromium
// only launches, so a core is free. Only when it pays (enough text no cache holds) and the worker
// may run (threadAllowed: load average under twice the cores; BRIEFING_PARSE_THREADS=1 never).
import { trace } from '../trace.js';
import { limits } from '../limits.js';
import { cacheDir, hasParsed, type ParseCache } from './parse-cache.js';
import { parseBatchInWorker, threadAllowed, type BatchAnswer } from './parse-thread.js';

/**
 * Less text than this no cache holds is parsed here alone: the worker's start (~0.1 s before its
 * first tree, ~0.15 s of CPU) is most of a small edition's parse (the review, 140 000 characters,
 * ~0.12 s of this thread: the worker parsed 1–5 of its 23 files). BRIEFING_PARSE_THREADS=2: any amount.
 */
export const AHEAD_MIN_CHARS = 300_000;

/**
 * How a planned file is parsed: `here` (this thread claimed it), or what the worker answered
 * (undefined: it could not; this thread parses it then).
 */
export type Planned = 'here' | Promise<BatchAnswer | undefined>;

export interface ParseAhead {
  /** Claims the file when it is planned with this text (once): see Planned; undefined when it is not. */
  take(path: string | undefined, text: string): Planned | undefined;
}

/** Where a batch goes: parseBatchInWorker (the tests give a stand-in); false when it could not be sent. */
export type SendBatch = typeof parseBatchInWorker;

/**
 * Files (path and text, in the order this thread parses them) to parse with the worker, when it
 * pays: `min` characters at least that no cache holds, in two files or more.
 */
export function parseAhead(
  files: ReadonlyArray<{ path?: string; text: string }>,
  cache: ParseCache | undefined,
  {
    env = process.env,
    min = env.BRIEFING_PARSE_THREADS === '2' ? 0 : AHEAD_MIN_CHARS,
    send,
  }: { env?: NodeJS.ProcessEnv; min?: number; send?: SendBatch } = {},
): ParseAhead | undefined {
  const sending = send ?? (threadAllowed(env) ? parseBatchInWorker : undefined);
  const enough = (list: typeof files) => list.length >= 2 && list.reduce((sum, f) => sum + f.text.length, 0) >= min;
  if (!sending || !enough(files)) return undefined;
  const todo = uncached(files, cache);
  if (!enough(todo)) return undefined;
  const claims = new SharedArrayBuffer(4 * todo.length);
  const plan = new Plan(todo, new Int32Array(claims));
  const { maxNesting, maxDelimiters } = limits();
  const sent = sending(
    { files: todo, claims, maxNesting, maxDelimiters },
    (a) => plan.answer(a),
    () => plan.end(),
  );
  return sent ? plan : undefined;
}

/** The files neither cache holds (each path and text once). */
function uncached(files: ReadonlyArray<{ path?: string; text: string }>, cache: ParseCache | undefined) {
  const dir = cacheDir();
  const seen = new Map<string | undefined, string[]>();
  return files.filter(({ path, text }) => {
    const texts = seen.get(path) ?? seen.set(path, []).get(path)!;
    if (texts.includes(text)) return false;
    texts.push(text);
    return cache?.get(`${path}`)?.text !== text && !(dir && hasParsed(dir, text));
  });
}

class Plan implements ParseAhead {
  private readonly index = new Map<string | undefined, Array<{ text: string; index: number }>>();
  private readonly answers = new Map<number, BatchAnswer>();
  private readonly waiting = new Map<number, (a: BatchAnswer | undefined) => void>();
  private ended = false;
  private parsed = 0;

  constructor(
    private readonly files: ReadonlyArray<{ path?: string; text: string }>,
    private readonly claims: Int32Array,
  ) {
    files.forEach(({ path, text }, index) => {
      (this.index.get(path) ?? this.index.set(path, []).get(path)!).push({ text, index });
    });
  }

  take(path: string | undefined, text: string): Planned | undefined {
    const entries = this.index.get(path);
    const at = entries?.findIndex((e) => e.text === text) ?? -1;
    if (at === -1) return undefined;
    const { index } = entries!.splice(at, 1)[0]!;
    if (Atomics.compareExchange(this.claims, index, 0, 1) === 0) return 'here';
    const answered = this.answers.get(index);
    this.answers.delete(index);
    if (answered || this.ended) return Promise.resolve(answered);
    return new Promise((resolve) => this.waiting.set(index, resolve));
  }

  answer(a: BatchAnswer): void {
    this.parsed += 1;
    const waiter = this.waiting.get(a.index);
    this.waiting.delete(a.index);
    if (waiter) waiter(a);
    else this.answers.set(a.index, a);
  }

  /** The worker stopped: what is still awaited is parsed here. */
  end(): void {
    this.ended = true;
    for (const waiter of this.waiting.values()) waiter(undefined);
    this.waiting.clear();
    trace(`${this.parsed} of ${this.files.length} files parsed in the worker`);
  }
}

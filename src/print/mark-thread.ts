// Content streams marked in the worker thread the Markdown was parsed in (pipeline/parse-thread.ts,
// its `mark` jobs): the final print's streams (artifacts.ts markStream) and the running heads' folio
// streams (pages.ts markFolios), by the same functions of their bytes (stream-marks.ts), so the same
// bytes. Once Chromium has printed, this process alone finishes the PDF and the machine's other core
// is idle: the review's streams, ~85 ms of this thread's tail, are marked there meanwhile. Only while
// that worker still runs (kept from before the last pass prints, startMarking), never started for
// this: a worker of its own cost ~0.1 s of CPU to start, and on a loaded machine the review's build
// was no sooner (measured); a long edition's parse worker has ended long before its tail.
import { keepWorker, sideJob, workerIdle, workerRuns } from '../pipeline/parse-thread.js';
import { trace } from '../trace.js';
import { markFolioNow, markStreamNow, markStreamSoon, type StreamToMark } from './stream-marks.js';

/** A job for the thread: a page's stream to mark, or a head page's folio stream. */
export type MarkJob = ({ kind: 'stream' } & StreamToMark) | ({ kind: 'folio' } & Omit<StreamToMark, 'artifacts'>);

/** A job done here (the thread's own code, deflated at once): the same bytes. */
export function markHere(job: MarkJob): Uint8Array | null {
  return job.kind === 'folio' ? markFolioNow(job) : markStreamNow(job);
}

/**
 * A job done in the worker: a stream's text there, deflated in the thread pool (the next one read
 * meanwhile); a folio's, of a few hundred bytes, at once (pages.ts markFolios).
 */
export function markThere(job: MarkJob): Promise<Uint8Array | null> {
  return job.kind === 'folio' ? Promise.resolve(markFolioNow(job)) : markStreamSoon(job);
}

/** How long the worker is kept for the streams to come: the longest last pass and heads (20 × the review: ~2 s). */
const KEPT_MS = 30_000;

/** Whether jobs go to the worker (startMarking found it running). */
let wanted = false;
/** (Traced once.) */
let told = false;

/**
 * The worker kept, if it still runs, for a print whose PDF is finished next. BRIEFING_MARK_THREAD=0:
 * never (every stream here).
 */
export function startMarking(env: NodeJS.ProcessEnv = process.env): void {
  wanted = env.BRIEFING_MARK_THREAD !== '0' && keepWorker(KEPT_MS, env);
}

/** The job done in the worker when it runs, else undefined (the caller does it itself). */
export function markInThread(job: MarkJob): Promise<Uint8Array | null> | undefined {
  if (!wanted || !workerRuns()) return undefined;
  if (!told) trace('content streams marked in the parse worker');
  told = true;
  // A copy of the stream's own bytes: a view's whole buffer (the PDF's) would be cloned with it.
  const contents = job.contents.slice();
  return sideJob('mark', { ...job, contents }, () => markHere(job), [contents.buffer]);
}

/** Whether jobs go to the worker now. */
export function marking(): boolean {
  return wanted && workerRuns();
}

/** Whether the worker runs with nothing to do (small jobs are not queued behind the print's streams). */
export function markingIdle(): boolean {
  return wanted && workerIdle();
}

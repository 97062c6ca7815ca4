// Content streams marked in the worker thread the Markdown was parsed in (pipeline/parse-thread.ts,
// its `mark` jobs): the final print's streams (artifacts.ts markStream) and the running heads' folio
// streams (pages.ts markFolios), by the same functions of their bytes (stream-marks.ts), so the same
// bytes. Once Chromium has printed, this process alone finishes the PDF and the machine's other core
// is idle: the review's streams, ~85 ms of this thread's tail, are marked there meanwhile. Only when
// the parse worker may run (the load average under twice the cores: a worker costs ~0.1 s of CPU to
// start, and on a load of 5 the review's build was no sooner with one of its own, measured); started
// for it only for a short edition (a long one's memory peaks in its print: there only while it runs).
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
 * The worker kept for a print whose PDF is finished later: started if need be for a short edition
 * (`start`: its print HTML under SHORT, ~3 × the review; asked before the page is prepared, while
 * one core is idle), else only if it still runs (asked before the last pass prints: a long edition's
 * memory peaks before). BRIEFING_MARK_THREAD=0: never (every stream here).
 */
export function startMarking(start: boolean, env: NodeJS.ProcessEnv = process.env): void {
  wanted = env.BRIEFING_MARK_THREAD !== '0' && keepWorker(KEPT_MS, start, env);
}

/** A print HTML this long or longer does not start the worker for its streams (startMarking). */
export const SHORT = 2_000_000;

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

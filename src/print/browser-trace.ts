// BRIEFING_BROWSER_TRACE=<dir>: for measuring only. Each browser the build starts is traced whole
// (DevTools Tracing: JS, style, layout, forced layouts, paint, print) from its connection to its
// close, into `<dir>/<pid>-<n>.json`, with the offset that puts this process's trace times
// (performance.now()) on the trace's clock (both monotonic): scripts/bench/page-trace.js reads them.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, CDPSession } from 'puppeteer-core';

const dir = process.env.BRIEFING_BROWSER_TRACE;
const sessions = new WeakMap<Browser, { session: CDPSession; events: unknown[] }>();
let count = 0;

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.stack',
  'v8.execute',
  'blink',
  'toplevel',
].join(',');

/** Start tracing a browser just connected (when asked). */
export async function traceBrowser(browser: Browser): Promise<void> {
  if (!dir) return;
  const session = await browser.target().createCDPSession();
  const events: unknown[] = [];
  session.on('Tracing.dataCollected', (e: { value: unknown[] }) => events.push(...e.value));
  await session.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  sessions.set(browser, { session, events });
}

const writing = new WeakMap<Browser, Promise<void>>();

/** Stop tracing a browser about to be closed, and write its trace (a second close waits for the first's). */
export function traceWritten(browser: Browser): Promise<void> {
  const traced = sessions.get(browser);
  if (!dir || !traced) return writing.get(browser) ?? Promise.resolve();
  sessions.delete(browser);
  const written = (async () => {
    const done = new Promise((resolve) => traced.session.once('Tracing.tracingComplete', resolve));
    await traced.session.send('Tracing.end');
    await done;
    mkdirSync(dir, { recursive: true });
    // performance.now() + offset = the trace's microseconds / 1000 (CLOCK_MONOTONIC both).
    const offset = Number(process.hrtime.bigint()) / 1e6 - performance.now();
    count += 1;
    writeFileSync(
      path.join(dir, `${process.pid}-${count}.json`),
      JSON.stringify({ offsetMs: offset, traceEvents: traced.events }),
    );
  })();
  writing.set(browser, written);
  return written;
}

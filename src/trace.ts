// BRIEFING_TRACE=1: timestamps of a run's phases on stderr, in milliseconds since the process
// started (performance.now()'s origin), for profiling (see `npm run bench`), with the CPU time this
// process has used so far (all its threads, not the browser's): on a machine shared with other work,
// the CPU a step takes is the steadier measure of its cost.
const enabled = Boolean(process.env.BRIEFING_TRACE);

export function trace(phase: string): void {
  if (!enabled) return;
  const { user, system } = process.cpuUsage();
  const cpu = ((user + system) / 1000).toFixed(0).padStart(6);
  process.stderr.write(`trace ${performance.now().toFixed(0).padStart(6)} ms  cpu ${cpu} ms  ${phase}\n`);
}

/** A page that can answer DevTools' Performance domain (puppeteer's Page). */
interface MeasuredPage {
  createCDPSession(): Promise<{
    send(method: 'Performance.enable', params: { timeDomain: 'threadTicks' }): Promise<unknown>;
    send(method: 'Performance.getMetrics'): Promise<{ metrics: { name: string; value: number }[] }>;
    detach(): Promise<void>;
  }>;
}

/**
 * With BRIEFING_TRACE: a clock of the CPU the page's renderer process has used (DevTools'
 * ProcessTime); call it again for the milliseconds since. Without: nothing is asked of the page.
 */
export async function rendererCpu(page: MeasuredPage): Promise<() => Promise<string>> {
  if (!enabled) return () => Promise.resolve('');
  const session = await page.createCDPSession();
  await session.send('Performance.enable', { timeDomain: 'threadTicks' });
  const now = async () =>
    (await session.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ProcessTime')?.value ?? NaN;
  const start = await now();
  return async () => {
    const ms = ((await now()) - start) * 1000;
    await session.detach();
    return `, renderer CPU ${ms.toFixed(0)} ms`;
  };
}

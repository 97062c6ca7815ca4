// BRIEFING_PAGE_PROFILE=<dir>: for measuring only. Each step asked of the print page is profiled with
// the DevTools Protocol (V8's sampling profiler, a .cpuprofile per step in <dir>) and its layouts and
// style recalcs counted (Performance metrics); a line per step on stderr.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';

const dir = process.env.BRIEFING_PAGE_PROFILE;
let count = 0;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** `run` profiled in `page` when BRIEFING_PAGE_PROFILE is set, else just run. */
export async function profiled<T>(page: Page, step: string, run: () => Promise<T>): Promise<T> {
  if (!dir) return run();
  mkdirSync(dir, { recursive: true });
  const session = await page.createCDPSession();
  const metrics = async () =>
    Object.fromEntries(
      (await session.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value] as [string, number]),
    );
  await session.send('Performance.enable', { timeDomain: 'threadTicks' });
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 100 });
  const before = await metrics();
  await session.send('Profiler.start');
  const started = performance.now();
  try {
    return await run();
  } finally {
    const wall = performance.now() - started;
    const { profile } = await session.send('Profiler.stop');
    const after = await metrics();
    const d = (name: string) => after[name]! - before[name]!;
    count += 1;
    writeFileSync(path.join(dir, `${String(count).padStart(3, '0')}-${step}.cpuprofile`), JSON.stringify(profile));
    const nodes = profile.nodes as ProfileNode[];
    const interval = (profile.endTime - profile.startTime) / Math.max(1, profile.samples?.length ?? 1) / 1000;
    const self = new Map<string, number>();
    for (const n of nodes) {
      const name = `${n.callFrame.functionName || '(anon)'}:${n.callFrame.lineNumber}`;
      self.set(name, (self.get(name) ?? 0) + (n.hitCount ?? 0) * interval);
    }
    const top = [...self]
      .filter(([name]) => !name.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([name, ms]) => `${name} ${ms.toFixed(0)}`)
      .join(', ');
    process.stderr.write(
      `profile ${step}: wall ${wall.toFixed(0)} ms, process ${(d('ProcessTime') * 1000).toFixed(0)} ms, script ${(d('ScriptDuration') * 1000).toFixed(0)}, layout ${d('LayoutCount')}× ${(d('LayoutDuration') * 1000).toFixed(0)} ms, style ${d('RecalcStyleCount')}× ${(d('RecalcStyleDuration') * 1000).toFixed(0)} ms\n   self: ${top}\n`,
    );
    await session.detach();
  }
}

// BRIEFING_TRACE=1: timestamps of a run's phases on stderr, in milliseconds since the process
// started (performance.now()'s origin), for profiling (see `npm run bench`), with the CPU time this
// process has used so far (all its threads, not the browser's): on a machine shared with other work,
// the CPU a step takes is the steadier measure of its cost. BRIEFING_TRACE=browser adds the CPU the
// browser's processes (this process's descendants, read from /proc on Linux) have used so far: what
// a step costs Chromium. Reading /proc takes a few milliseconds a line, so only when asked.
// BRIEFING_TRACE=memory adds this process's memory (resident, V8 heap used, array buffers: PDF bytes
// and pdf-lib's streams are array buffers) and the browser's (PSS of its processes, from /proc).
import { readdirSync, readFileSync } from 'node:fs';

const enabled = Boolean(process.env.BRIEFING_TRACE);
const withBrowser = process.env.BRIEFING_TRACE === 'browser';
const withMemory = process.env.BRIEFING_TRACE === 'memory';

export function trace(phase: string): void {
  if (!enabled) return;
  const { user, system } = process.cpuUsage();
  const cpu = ((user + system) / 1000).toFixed(0).padStart(6);
  const browser = withBrowser ? `  browser ${descendantsCpu().toFixed(0).padStart(6)} ms` : '';
  process.stderr.write(
    `trace ${performance.now().toFixed(0).padStart(6)} ms  cpu ${cpu} ms${browser}${withMemory ? memory() : ''}  ${phase}\n`,
  );
}

/** This process's memory and the browser's, in MB. */
function memory(): string {
  const { rss, heapUsed, arrayBuffers } = process.memoryUsage();
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0).padStart(5);
  return `  rss ${mb(rss)} heap ${mb(heapUsed)} buffers ${mb(arrayBuffers)} browser ${mb(descendantsPss())} MB`;
}

/** PSS bytes of this process's living descendants (shared pages divided among their sharers), or 0. */
function descendantsPss(): number {
  let total = 0;
  for (const pid of descendants()) {
    try {
      total += Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) * 1024;
    } catch {
      // gone
    }
  }
  return total;
}

/** The pids of this process's living descendants (none where /proc is not). */
function descendants(): number[] {
  const children = new Map<number, number[]>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  for (const pid of pids) {
    try {
      const ppid = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(pid)]);
    } catch {
      // gone
    }
  }
  const found: number[] = [];
  const stack = [...(children.get(process.pid) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    found.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** CPU milliseconds (user + system) of this process's living descendants, or 0 where /proc is not. */
function descendantsCpu(): number {
  const children = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return 0;
  }
  for (const pid of pids) {
    try {
      // Fields after the command's closing parenthesis: state ppid … utime(12th) stime(13th), in ticks.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(pid)]);
      cpu.set(Number(pid), (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // gone
    }
  }
  let total = 0;
  const stack = [...(children.get(process.pid) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    total += cpu.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
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

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

// BRIEFING_TRACE=1: timestamps of a run's phases on stderr, for profiling (see `npm run bench`).
const started = performance.now();
const enabled = Boolean(process.env.BRIEFING_TRACE);

export function trace(phase: string): void {
  if (enabled) process.stderr.write(`trace ${(performance.now() - started).toFixed(0).padStart(6)} ms  ${phase}\n`);
}

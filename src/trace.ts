// BRIEFING_TRACE=1: timestamps of a run's phases on stderr, in milliseconds since the process
// started (performance.now()'s origin), for profiling (see `npm run bench`).
const enabled = Boolean(process.env.BRIEFING_TRACE);

export function trace(phase: string): void {
  if (enabled) process.stderr.write(`trace ${performance.now().toFixed(0).padStart(6)} ms  ${phase}\n`);
}

// The date a PDF carries: never the clock, so the same sources give the same bytes.

/** SOURCE_DATE_EPOCH (reproducible builds convention) or 1 January of the edition's year, UTC. */
export function editionDate(year: number, env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date(Date.UTC(year, 0, 1));
}

// "Did you mean …?": the one place that picks the known name nearest to a mistyped one (settings keys,
// file names of a translation, chapter names). fastest-levenshtein measures the distance.
import { distance } from 'fastest-levenshtein';

/**
 * The candidate nearest to `name` (case-insensitive edit distance), or undefined when none is near:
 * at most `within` edits, by default 60 % of the name's length (at least 2).
 */
export function nearest(name: string, candidates: readonly string[], within?: number): string | undefined {
  const limit = within ?? Math.max(2, Math.floor(Math.max(name.length, 4) * 0.6));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= limit ? best : undefined;
}

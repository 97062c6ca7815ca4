// Old → new, word by word (like `git diff --word-diff`): `[-removed-]{+added+}` around what changed,
// with a few words of context, so a translator sees at once what to change in their paragraph.

/**
 * Largest middle part (words before × words after, once the common start and end are set aside) that
 * is aligned word by word: the alignment table takes that many cells (4 M: 16 MB, well under 0.1 s).
 * A larger change is shown whole, as removed then added (a 1 MB paragraph rewritten would need a
 * table of 10^10 cells: `status` ran out of memory at 4.2 GB).
 */
export const MAX_DIFF_CELLS = 4_000_000;

export function wordDiff(before: string, after: string, context = 4): string {
  const a = before.split(/\s+/).filter(Boolean);
  const b = after.split(/\s+/).filter(Boolean);
  // Words the two share at the start and the end need no table.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const same = (words: string[]) => words.map((word) => ({ kind: '=' as const, word }));
  const ops: Op[] = [
    ...same(a.slice(0, head)),
    ...alignMiddle(a.slice(head, a.length - tail), b.slice(head, b.length - tail)),
    ...same(a.slice(a.length - tail)),
  ];
  return render(ops, context);
}

type Op = { kind: '=' | '-' | '+'; word: string };

/** The middle words aligned by their longest common subsequence, or shown whole when too large for the table. */
function alignMiddle(a: string[], b: string[]): Op[] {
  if (a.length * b.length > MAX_DIFF_CELLS) {
    return [...a.map((word) => ({ kind: '-' as const, word })), ...b.map((word) => ({ kind: '+' as const, word }))];
  }
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  const at = (i: number, j: number) => lcs[i * width + j]!;
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i * width + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: '=', word: a[i]! });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || at(i + 1, j) >= at(i, j + 1))) ops.push({ kind: '-', word: a[i++]! });
    else ops.push({ kind: '+', word: b[j++]! });
  }
  return ops;
}

function render(ops: Op[], context: number): string {
  // Keep `context` unchanged words around each change; elide the rest.
  const near = nearChanges(ops, context);
  // Eliding a single word saves nothing: keep it.
  near.forEach((keep, k) => {
    if (!keep && near[k - 1] !== false && near[k + 1] !== false) near[k] = true;
  });
  const out: string[] = [];
  let skipped = false;
  for (let k = 0; k < ops.length; k++) {
    if (!near[k]) {
      if (!skipped) out.push('…');
      skipped = true;
      continue;
    }
    skipped = false;
    const op = ops[k]!;
    if (op.kind === '=') {
      out.push(op.word);
      continue;
    }
    const run: string[] = [op.word];
    while (ops[k + 1]?.kind === op.kind) run.push(ops[++k]!.word);
    out.push(op.kind === '-' ? `[-${run.join(' ')}-]` : `{+${run.join(' ')}+}`);
  }
  return out.join(' ').replace(/-\] \{\+/g, '-]{+');
}

/** For each op: is a change within `context` ops of it? (One pass each way, not a window per op.) */
function nearChanges(ops: Op[], context: number): boolean[] {
  const near = new Array<boolean>(ops.length).fill(false);
  let last = -Infinity;
  for (let k = 0; k < ops.length; k++) {
    if (ops[k]!.kind !== '=') last = k;
    if (k - last <= context) near[k] = true;
  }
  last = Infinity;
  for (let k = ops.length - 1; k >= 0; k--) {
    if (ops[k]!.kind !== '=') last = k;
    if (last - k <= context) near[k] = true;
  }
  return near;
}

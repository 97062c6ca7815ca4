// Old → new, word by word (like `git diff --word-diff`): `[-removed-]{+added+}` around what changed,
// with a few words of context, so a translator sees at once what to change in their paragraph.

export function wordDiff(before: string, after: string, context = 4): string {
  const a = before.split(/\s+/).filter(Boolean);
  const b = after.split(/\s+/).filter(Boolean);
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  type Op = { kind: '=' | '-' | '+'; word: string };
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: '=', word: a[i]! });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!))
      ops.push({ kind: '-', word: a[i++]! });
    else ops.push({ kind: '+', word: b[j++]! });
  }
  // Keep `context` unchanged words around each change; elide the rest.
  const near = ops.map(
    (op, k) => op.kind !== '=' || ops.slice(Math.max(0, k - context), k + context + 1).some((o) => o.kind !== '='),
  );
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

// Memory of a process and all its descendants (Chromium's renderers included), from /proc: PSS
// (shared pages divided among the processes that share them), so Chromium's shared memory is not
// counted once per process as plain RSS would. Linux only.
import { readdirSync, readFileSync } from 'node:fs';

export function treePss(root) {
  const children = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const ppid = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(pid)]);
    } catch {
      /* gone */
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop();
    try {
      total += Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) * 1024;
    } catch {
      /* gone */
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/**
 * CPU seconds of a process and its descendants so far, by kind (`node`: the root; `browser`: every
 * descendant), into `seen` (pid → [kind, seconds], the last reading of each: a process that is gone
 * keeps it). Sampled, so a process's last moments before it exits are missed.
 */
export function treeCpu(root, seen) {
  const children = new Map();
  const stats = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      children.set(Number(fields[1]), [...(children.get(Number(fields[1])) ?? []), Number(pid)]);
      stats.set(Number(pid), (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      /* gone */
    }
  }
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop();
    if (stats.has(pid)) seen.set(pid, [pid === root ? 'node' : 'browser', stats.get(pid)]);
    stack.push(...(children.get(pid) ?? []));
  }
  const total = { node: 0, browser: 0 };
  for (const [kind, seconds] of seen.values()) total[kind] += seconds;
  return total;
}

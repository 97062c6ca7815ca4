#!/usr/bin/env node
// Where a traced browser's renderer spent its time (BRIEFING_BROWSER_TRACE=<dir>, browser-trace.ts),
// between the build's own trace lines (BRIEFING_TRACE=1, its stderr saved to a file):
//   node scripts/bench/page-trace.js <trace.json> <build-stderr.log> [pattern]
// Per window between two trace lines (those matching `pattern`, default all): the renderer main
// thread's busy time, JS (v8 calls, self), style recalcs, layouts (count, ms, how many forced by
// script), paint and print, and the rest.
import { readFileSync } from 'node:fs';

const [tracePath, logPath, pattern] = process.argv.slice(2);
if (!tracePath || !logPath) {
  console.error('usage: page-trace.js <trace.json> <build-stderr.log> [pattern]');
  process.exit(2);
}
const { offsetMs, traceEvents } = JSON.parse(readFileSync(tracePath, 'utf8'));
const re = pattern ? new RegExp(pattern) : /./;
const marks = readFileSync(logPath, 'utf8')
  .split('\n')
  .map((line) => /^trace\s+(\d+) ms\s+cpu\s+\d+ ms\s+(.*)$/.exec(line))
  .filter((m) => m && re.test(m[2]))
  .map((m) => ({ at: (Number(m[1]) + offsetMs) * 1000, name: m[2] }));

// The renderer's main thread (one process: the browser is single-process).
const threads = new Map();
for (const e of traceEvents)
  if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
const main = [...threads]
  .filter(([, name]) => name === 'CrRendererMain' || name === 'Chrome_InProcRendererThread')
  .map(([k]) => k);
const onMain = traceEvents.filter(
  (e) => main.includes(`${e.pid}:${e.tid}`) && (e.ph === 'X' || e.ph === 'B' || e.ph === 'E'),
);

// Complete events only (B/E paired per thread).
const complete = [];
const open = new Map();
for (const e of onMain.sort((a, b) => a.ts - b.ts)) {
  const key = `${e.pid}:${e.tid}`;
  if (e.ph === 'X') complete.push({ ...e, end: e.ts + (e.dur ?? 0) });
  else if (e.ph === 'B') (open.get(key) ?? open.set(key, []).get(key)).push(e);
  else {
    const b = open.get(key)?.pop();
    if (b) complete.push({ ...b, end: e.ts, args: { ...b.args, end: e.args } });
  }
}
complete.sort((a, b) => a.ts - b.ts || b.end - a.end);

// Self time per kind: an event's time less its children's (nested on the same thread).
const KIND = {
  FunctionCall: 'js',
  EvaluateScript: 'js',
  'v8.callFunction': 'js',
  'v8.run': 'js',
  V8Execute: 'js',
  'V8.Execute': 'js',
  'v8.compile': 'js',
  'V8.GC_SCAVENGER': 'gc',
  MinorGC: 'gc',
  MajorGC: 'gc',
  'V8.GCScavenger': 'gc',
  'V8.GCFinalizeMC': 'gc',
  BlinkGC: 'gc',
  UpdateLayoutTree: 'style',
  RecalculateStyles: 'style',
  Layout: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  UpdateLayer: 'paint',
  ParseHTML: 'parse',
  ParseAuthorStyleSheet: 'parse',
  'HTMLDocumentParser::PumpTokenizer': 'parse',
  'HTMLDocumentParser::insert': 'parse',
  'CSSParserImpl::parseStyleSheet': 'parse',
  // Their self time is the script's (V8 runs inside them; v8.execute names nothing here).
  RunTask: 'js',
  'ThreadControllerImpl::RunTask': 'js',
  'Receive mojo message': 'js',
  RunMicrotasks: 'js',
  'SimpleWatcher::OnHandleReady': 'js',
  // A layout read's check that the layout is clean (each Range or box read asks).
  'Document::UpdateStyleAndLayout': 'reads',
  'LocalFrameView::UpdateStyleAndLayout': 'reads',
  'Blink.ForcedStyleAndLayout.UpdateTime': 'reads',
  'InlineNode::ShapeTextIncludingFirstLine': 'shape',
  'InlineNode::SetTextWithOffset': 'shape',
};
const stack = [];
const selfOf = new Map();
for (const e of complete) {
  while (stack.length && stack[stack.length - 1].end <= e.ts) stack.pop();
  const parent = stack[stack.length - 1];
  const dur = e.end - e.ts;
  e.self = dur;
  if (parent) parent.self -= dur;
  // Unnamed here: of its nearest named ancestor's kind (a layout's own steps are layout).
  e.kind = KIND[e.name] ?? parent?.kind ?? 'other';
  stack.push(e);
}
for (const e of complete) selfOf.set(e, e.self);

const windows = [];
for (let i = 0; i + 1 < marks.length; i += 1) windows.push({ from: marks[i], to: marks[i + 1] });
const ms = (us) => (us / 1000).toFixed(0);
const rows = [];
for (const { from, to } of windows) {
  const inside = complete.filter((e) => e.ts >= from.at && e.ts < to.at);
  if (inside.length === 0) continue;
  const by = {};
  let busy = 0;
  const tops = [];
  let depth = [];
  for (const e of inside) {
    depth = depth.filter((t) => t.end > e.ts);
    if (depth.length === 0) {
      busy += e.end - e.ts;
      tops.push(e);
    }
    depth.push(e);
    const kind = e.kind;
    by[kind] = (by[kind] ?? 0) + e.self;
  }
  const layouts = inside.filter((e) => e.name === 'Layout');
  const forced = layouts.filter((e) =>
    complete.some((f) => f.name === 'Blink.ForcedStyleAndLayout.UpdateTime' && f.ts <= e.ts && f.end >= e.end),
  );
  const reads = inside.filter((e) => e.name === 'Blink.ForcedStyleAndLayout.UpdateTime').length;
  const styles = inside.filter((e) => e.name === 'UpdateLayoutTree');
  const big = layouts
    .map((e) => e.end - e.ts)
    .sort((a, b) => b - a)
    .slice(0, 4)
    .map(ms)
    .join('/');
  rows.push(
    `${ms(to.at - from.at).padStart(5)} ms wall, main busy ${ms(busy).padStart(5)}: js ${ms(by.js ?? 0)}, gc ${ms(by.gc ?? 0)}, style ${styles.length}× ${ms(by.style ?? 0)}, layout ${layouts.length}× ${ms(by.layout ?? 0)} (forced ${forced.length}; largest ${big}), reads ${reads} (${ms(by.reads ?? 0)}), shape ${ms(by.shape ?? 0)}, paint ${ms(by.paint ?? 0)}, parse ${ms(by.parse ?? 0)}, other ${ms(by.other ?? 0)}  → ${to.name}`,
  );
}
console.log(rows.join('\n'));
// The other events' names by self time, overall (what "other" is).
if (process.env.PAGE_TRACE_OTHER) {
  const other = new Map();
  for (const e of complete) if (e.kind === 'other') other.set(e.name, (other.get(e.name) ?? 0) + e.self);
  console.log(
    [...other]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([n, t]) => `${n} ${ms(t)}`)
      .join(', '),
  );
}

// A long Markdown text parsed in two halves at once: the second in a worker thread
// (parse-worker.ts), the first here, on the machine's other core. Parsing is the largest part of a
// cold build before printing (~0.9 s of a 150-page manual), and while it runs Chromium has only
// started, so a core is free. The text is cut only where a parse cannot tell the difference: at an
// `#` heading at the start of a line, after a blank line, outside fenced code, math, `:::`
// containers, front matter and the HTML blocks that may hold blank lines, where the parser's own
// wrappers (tables, list markers, divs) respell the halves as they respell the whole. The worker
// parses the second half after the first blanked out, so its positions are the file's. A half that
// may refer to a definition in the other (a `[label]` or `[^note]` across the cut) is parsed whole
// again, as is a half the worker could not parse. Only on a machine with a core to spare (see
// parseElsewhere; BRIEFING_PARSE_THREADS=1 never, 2 always).
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { trace } from '../trace.js';
import { parseInWorker, threadAllowed } from './parse-thread.js';
import { respellEquationLabels } from './equation-labels.js';
import { respellFancyMarkers } from './remark-fancy-lists.js';
import { respellDivs } from './remark-fenced-divs.js';
import { findTables, hideBlocks } from './remark-pandoc-tables.js';

/** Shorter texts are parsed whole: a worker's start and the copying back would cost more than half a parse. */
export const SPLIT_MIN_CHARS = 150_000;

type Parse = (file: VFile) => Root;
type ParseElsewhere = (path: string | undefined, text: string) => Promise<Root | undefined>;

/** The line start nearest the middle where `text` can be cut (see above), or undefined. */
export function cutPoint(text: string, min = SPLIT_MIN_CHARS): number | undefined {
  if (text.length < min || /^ {0,3}<(?:!|\?|script|pre|style|textarea)/im.test(text)) return undefined;
  let fence: { mark: string; length: number } | undefined;
  let containers = 0;
  let math = false;
  let blank = true;
  let best: number | undefined;
  let offset = 0;
  const lines = text.split('\n');
  // Front matter: only after its closing fence (an unclosed one makes the text uncuttable).
  let start = 0;
  if (/^(?:---|\+\+\+)\r?$/.test(lines[0] ?? '')) {
    start = lines.findIndex((line, i) => i > 0 && /^(?:---|\.\.\.|\+\+\+)\r?$/.test(line)) + 1;
    if (start === 0) return undefined;
    for (let i = 0; i < start; i += 1) offset += lines[i]!.length + 1;
  }
  for (let i = start; i < lines.length; i += 1) {
    const line = lines[i]!;
    const opening = /^ {0,3}(`{3,}(?!.*`)|~{3,})/.exec(line);
    const dollars = /^ {0,3}\$\$/.test(line);
    if (fence) {
      if (
        opening &&
        opening[1]![0] === fence.mark &&
        opening[1]!.length >= fence.length &&
        /^ {0,3}[`~]+\s*$/.test(line)
      )
        fence = undefined;
    } else if (math) {
      // Display math closes at `$$` alone; a line that only starts so is unclear: no cut at all.
      if (dollars && !/^ {0,3}\$+\s*$/.test(line)) return undefined;
      if (dollars) math = false;
    } else if (opening) fence = { mark: opening[1]![0]!, length: opening[1]!.length };
    else if (dollars) {
      if (/^ {0,3}\$+[^$]*\$/.test(line)) return undefined;
      math = true;
    } else if (/^ {0,3}:{3,}\s*$/.test(line)) containers = Math.max(0, containers - 1);
    else if (/^ {0,3}:{3,}/.test(line)) containers += 1;
    else if (containers === 0 && blank && /^#[ \t]/.test(line)) {
      if (best === undefined || Math.abs(offset - text.length / 2) < Math.abs(best - text.length / 2)) best = offset;
    }
    blank = line.trim() === '';
    offset += line.length + 1;
  }
  return best !== undefined && best > 0 ? best : undefined;
}

/** Line endings before `at`, as micromark counts lines (CR LF, CR or LF). */
function linesBefore(text: string, at: number): number {
  return text.slice(0, at).match(/\r\n|\r|\n/g)?.length ?? 0;
}

/**
 * What the parser's wrappers (pandoc tables, fancy lists, fenced divs) hand micromark: the text at
 * the same length, and the tables and list styles they found, by line.
 */
function respelled(text: string): { text: string; found: string[] } {
  const lines = text.split('\n');
  const tables = findTables(lines);
  const hidden = tables.length > 0 ? hideBlocks(lines, tables).join('\n') : text;
  const fancy = respellFancyMarkers(hidden);
  const found = [
    ...tables.map((t) => `table ${t.first}`),
    ...[...fancy.styles].map(([line, style]) => `style ${line - 1} ${JSON.stringify(style)}`),
  ];
  return { text: respellEquationLabels(respellDivs(fancy.text)), found };
}

/** Whether the wrappers respell the two halves exactly as they respell the whole (their line scans carry no state over the cut). */
function respellsApart(text: string, at: number): boolean {
  const whole = respelled(text);
  const first = respelled(text.slice(0, at));
  const second = respelled(text.slice(at));
  const lines = linesBefore(text, at);
  const moved = second.found.map((f) =>
    f.replace(/^(\w+) (\d+)/, (_, kind: string, line: string) => `${kind} ${Number(line) + lines}`),
  );
  return (
    whole.text === first.text + second.text &&
    [...first.found, ...moved].sort().join('\n') === [...whole.found].sort().join('\n')
  );
}

/** Identifiers defined in a tree (links and notes alike). */
function definitions(tree: Root): string[] {
  const ids: string[] = [];
  visit(tree, ['definition', 'footnoteDefinition'], (node) => {
    ids.push((node as { identifier: string }).identifier);
  });
  return ids;
}

/** A label as mdast's `identifier` has it (micromark's normalizeIdentifier, then lower case). */
const normal = (label: string) =>
  label
    .replace(/[\t\n\r ]+/g, ' ')
    .trim()
    .toLowerCase()
    .toUpperCase()
    .toLowerCase();

/** Whether `text` may refer to one of `ids`: some `[label]` or `[^label]` in it normalizes to one. */
function mayReferTo(text: string, ids: string[]): boolean {
  if (ids.length === 0) return false;
  const defined = new Set(ids.map(normal));
  for (const [, label] of text.matchAll(/\[\^?((?:\\.|[^\\[\]])*)\]/g)) {
    if (defined.has(normal(label!)) || defined.has(normal(`^${label!}`))) return true;
  }
  return false;
}

/**
 * The second half as the worker parses it: after the first half blanked out (every character but
 * line endings a space: blank lines, which end nothing and start nothing), so that its positions are
 * the file's as they stand, from micromark and from every extension alike.
 */
function secondHalf(text: string, at: number): string {
  return text.slice(0, at).replace(/[^\r\n]/g, ' ') + text.slice(at);
}

/**
 * The tree of `file` (whose text is `text`), parsed in two halves at once when it is long enough and
 * can be cut; `elsewhere` parses the second half (in the worker, asked before this thread has even
 * loaded its parser), answering undefined when it cannot.
 */
export async function parseInHalves(
  load: Promise<Parse>,
  file: VFile,
  text: string,
  elsewhere: ParseElsewhere | undefined,
  min = SPLIT_MIN_CHARS,
): Promise<Root> {
  const at = elsewhere && cutPoint(text, min);
  if (!elsewhere || at === undefined || !respellsApart(text, at)) return (await load)(file);
  const second = elsewhere(file.path, secondHalf(text, at)).catch(() => undefined);
  const parse = await load;
  const first = parse(new VFile({ path: file.path, value: text.slice(0, at) }));
  const rest = await second;
  const line = linesBefore(text, at) + 1;
  if (!rest || mayReferTo(text.slice(at), definitions(first)) || mayReferTo(text.slice(0, at), definitions(rest))) {
    trace(
      `${file.path}: parsed whole (${rest ? 'a definition is used across' : 'no worker for'} the cut at line ${line})`,
    );
    return parse(file);
  }
  trace(`${file.path}: parsed in two halves at once (cut at line ${line})`);
  return {
    ...first,
    children: [...first.children, ...rest.children],
    position: first.position && rest.position && { start: first.position.start, end: rest.position.end },
  };
}

/**
 * parseInWorker (parse-thread.ts), when there is a worker to parse in and a core to run it on
 * (threadAllowed: the load average under twice the cores; BRIEFING_PARSE_THREADS=1 never, 2 always).
 */
export function parseElsewhere(env: NodeJS.ProcessEnv = process.env): ParseElsewhere | undefined {
  return threadAllowed(env) ? parseInWorker : undefined;
}

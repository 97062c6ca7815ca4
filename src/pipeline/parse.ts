// One file's Markdown → mdast within the nesting and delimiter limits: too deep a file, or a paragraph
// with too many inline marks, is reported at its place and the file parsed only up to that line;
// the tree comes from the parse cache when the text is unchanged, or from the parse worker (parse-ahead.ts).
import { VFile } from 'vfile';
import type { Root } from 'mdast';
import { vfileRule } from './data.js';
import { parseCached, type ParseCache } from './parse-cache.js';
import type { ParseAhead } from './parse-ahead.js';
import { cutDeepTree, maxTreeDepth, nestingMessage, type DeepNesting } from './nesting.js';
import { limits } from '../limits.js';
import { RULES, type Rule } from '../rules.js';
import type { Point, Position } from 'unist';
import { delimitersMessage, scanLimits, type CrowdedParagraph } from './delimiters.js';

type Place = Point | Position;

/** A file parsed within the nesting and delimiter limits; the fatal messages of a cut go on the file. */
export async function parse(file: VFile, cache: ParseCache | undefined, ahead?: ParseAhead): Promise<Root> {
  const { maxNesting: max, maxDelimiters } = limits();
  const whole = String(file.value);
  const { deep, crowded } = scanned(file, whole, max, maxDelimiters, cache);
  const cutAt = crowded?.lineStart ?? deep?.lineStart;
  const text = cutAt === undefined ? whole : whole.slice(0, cutAt);
  if (crowded) {
    const { reason, fix } = delimitersMessage(maxDelimiters);
    fatal(file, reason, fix, { line: crowded.line, column: crowded.column }, RULES.limitsDelimiters);
  } else if (deep) {
    const { reason, fix } = nestingMessage(deep.depth, max);
    fatal(file, reason, fix, { line: deep.line, column: deep.column }, RULES.limitsNesting);
  }
  const parsed = cutAt !== undefined ? new VFile({ path: file.path, value: text }) : file;
  const tree = await parseCached(parsed, text, cache, ahead?.take(file.path, whole));
  const cut = cutDeepTree(tree, maxTreeDepth(max));
  if (cut) {
    const { reason, fix } = nestingMessage(undefined, max);
    fatal(file, reason, fix, cut.position, RULES.limitsNesting);
  }
  return tree;
}

interface Scan {
  deep?: DeepNesting;
  crowded?: CrowdedParagraph;
}

/** Each file's last scan, by path, beside the dev loop's parse cache (a save scans only what changed). */
const scans = new WeakMap<ParseCache, Map<string, Scan & { text: string; limits: string }>>();

/** The text's limit scans; with a parse cache, the file's last ones when its text and the limits are the same. */
function scanned(file: VFile, whole: string, max: number, maxDelimiters: number, cache: ParseCache | undefined): Scan {
  const kept = cache && (scans.get(cache) ?? scans.set(cache, new Map()).get(cache)!);
  const limits = `${max} ${maxDelimiters}`;
  const found = kept?.get(file.path);
  if (found?.text === whole && found.limits === limits) return found;
  // Too deep to parse safely, or too many inline marks in one paragraph (quadratic in micromark): an
  // error at the line, and only the text before that line is parsed.
  const { deep, crowded } = scanLimits(whole, max, maxDelimiters);
  kept?.set(file.path, { deep, crowded, text: whole, limits });
  return { deep, crowded };
}

function fatal(file: VFile, reason: string, fix: string, place: Place | undefined, rule: Rule): void {
  const message = file.message(reason, { place, ...vfileRule(rule) });
  message.fatal = true;
  message.note = fix;
}

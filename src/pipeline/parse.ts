// One file's Markdown → mdast within the nesting limit: too deep a file is reported at the line and
// parsed only up to it; the tree comes from the parse cache when the text is unchanged.
import { VFile } from 'vfile';
import type { Root } from 'mdast';
import { vfileRule } from './data.js';
import { parseCached, type ParseCache } from './parse-cache.js';
import { cutDeepTree, findDeepNesting, maxTreeDepth, nestingMessage } from './nesting.js';
import { limits } from '../limits.js';
import { RULES } from '../rules.js';

/** A file parsed within the nesting limit; the fatal messages of a cut go on the file. */
export async function parse(file: VFile, cache: ParseCache | undefined): Promise<Root> {
  const max = limits().maxNesting;
  const whole = String(file.value);
  // Too deep to parse safely: an error at the line, and only the text before that line is parsed.
  const deep = findDeepNesting(whole, max);
  const text = deep ? whole.slice(0, deep.lineStart) : whole;
  if (deep) {
    const { reason, fix } = nestingMessage(deep.depth, max);
    const message = file.message(reason, {
      place: { line: deep.line, column: deep.column },
      ...vfileRule(RULES.limitsNesting),
    });
    message.fatal = true;
    message.note = fix;
  }
  const tree = await parseCached(deep ? new VFile({ path: file.path, value: text }) : file, text, cache);
  const cut = cutDeepTree(tree, maxTreeDepth(max));
  if (cut) {
    const { reason, fix } = nestingMessage(undefined, max);
    const message = file.message(reason, { place: cut.position, ...vfileRule(RULES.limitsNesting) });
    message.fatal = true;
    message.note = fix;
  }
  return tree;
}

// Nesting limit for Markdown. micromark needs time quadratic (or worse) in the depth of nested
// containers (a 1,000-deep indented list takes 90 s, a 2 kB `- - - … x` line 3 s), and the recursive
// stages after it (mdast-util-to-hast, unist-util-visit) overflow the stack near 1,000 levels. So the
// text is scanned before parsing, line by line, for container markers (`>`, `-`, `*`, `+`, `1.`, `1)`),
// indentation and `:::` directive fences, and a file deeper than the limit is parsed only up to the
// line at fault. The estimate errs on the deep side (two spaces of indentation count as one level).
// After parsing, the tree's depth is checked too, for inline nesting the scan cannot see (emphasis in
// emphasis in …); a tree deeper than that is cut at the limit, so no later stage recurses too far.
import type { Root } from 'mdast';
import type { Node, Parent } from 'unist';

export interface DeepNesting {
  line: number;
  column: number;
  /** Offset of the start of the line at fault: the text before it is safe to parse. */
  lineStart: number;
  depth: number;
}

const SPACE = /[ \t]/;

/** The first line whose nesting (estimated from the text) exceeds `max`, or undefined. */
export function findDeepNesting(text: string, max: number): DeepNesting | undefined {
  let fences = 0;
  let lineStart = 0;
  let line = 0;
  while (lineStart <= text.length) {
    line += 1;
    let end = text.indexOf('\n', lineStart);
    if (end === -1) end = text.length;
    let i = lineStart;
    let width = 0;
    while (i < end && (text[i] === ' ' || text[i] === '\t')) {
      width += text[i] === '\t' ? 4 - (width % 4) : 1;
      i += 1;
    }
    let markers = 0;
    for (;;) {
      const c = text[i];
      let next = -1;
      if (c === '>') next = i + 1;
      else if ((c === '-' || c === '*' || c === '+') && SPACE.test(text[i + 1] ?? '')) next = i + 2;
      else {
        let j = i;
        while (j < end && j - i < 10 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j += 1;
        if (j > i && j - i <= 9 && (text[j] === '.' || text[j] === ')') && SPACE.test(text[j + 1] ?? '')) next = j + 2;
      }
      if (next === -1 || next > end) break;
      markers += 1;
      const depth = Math.floor(width / 2) + markers + fences;
      if (depth > max) return { line, column: i - lineStart + 1, lineStart, depth };
      i = next;
      while (i < end && (text[i] === ' ' || text[i] === '\t')) i += 1;
    }
    // `:::name` opens a directive container (a callout), a bare `:::` closes one.
    if (text.startsWith(':::', i)) {
      const rest = text.slice(i, end).replace(/^:+/, '').trim();
      if (rest === '') fences = Math.max(0, fences - 1);
      else if (/^[A-Za-z]/.test(rest)) {
        fences += 1;
        const depth = Math.floor(width / 2) + markers + fences;
        if (depth > max) return { line, column: i - lineStart + 1, lineStart, depth };
      }
    }
    lineStart = end + 1;
  }
  return undefined;
}

/**
 * Cut the tree where it is deeper than `maxDepth` nodes (iteratively: no recursion on a deep tree).
 * Returns the first node cut, for the message, or undefined when nothing was.
 */
export function cutDeepTree(tree: Root, maxDepth: number): Node | undefined {
  let first: Node | undefined;
  const stack: Array<[Node, number]> = [[tree, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    const children = (node as Partial<Parent>).children;
    if (!children) continue;
    if (depth >= maxDepth && children.length > 0) {
      first ??= children[0];
      (node as Parent).children = [];
      continue;
    }
    for (const child of children) stack.push([child, depth + 1]);
  }
  return first;
}

/** Tree depth allowed for a nesting limit: a list level is two nodes (list, item), plus inline nodes. */
export function maxTreeDepth(maxNesting: number): number {
  return 3 * maxNesting + 20;
}

export function nestingMessage(depth: number | undefined, max: number): { reason: string; fix: string } {
  return {
    reason:
      depth === undefined
        ? `nesting too deep: more than ${max} levels of lists, block quotes, callouts or emphasis; the deeper part is left out`
        : `nesting too deep: lists, block quotes or callouts nested about ${depth} levels, more than the limit of ${max}; the file is read only up to this line`,
    fix: 'flatten the structure (the limit is `limits: { maxNesting: … }` in briefing.yaml, or BRIEFING_MAX_NESTING)',
  };
}

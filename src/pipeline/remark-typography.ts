// A locale's typography on the text (config/typography.ts decides what): straight quotes → the
// language's quotation marks (« » with „ “ inside for Russian and Kazakh), `--`/`---` and a spaced
// hyphen → dashes, and a non-breaking space after one-letter words and before dashes, so "в" or "и"
// never ends a line and a dash never starts one. Code, URLs and raw text are not touched. Runs before
// remark-structure, so headings in the contents get the same marks.
import type { Root, Parent, RootContent } from 'mdast';
import type { VFile } from 'vfile';
import type { Typography } from '../config/typography.js';

export interface TypographyOptions {
  /** The typography for a file's language (a fallback file keeps its source's typography). */
  typographyFor: (lang: string) => Typography;
  /** Language of files that do not say (file.data.lang). */
  lang: string;
}

interface State {
  /** The character before the current one in this block (across text nodes). */
  prev: string;
  /** Open quotation marks in this block (outer, then inner). */
  depth: number;
}

const BLOCKS = new Set(['paragraph', 'heading', 'tableCell']);
// After these, a straight quote opens (so do the locale's own opening marks).
const OPENING_CONTEXT = /[\s([{/\u00A0—–-]/;

export default function remarkTypography(options: TypographyOptions) {
  return (tree: Root, file: VFile) => {
    const t = options.typographyFor(file.data.lang ?? options.lang);
    if (!t.quotes && !t.dash && !t.nonBreakingSpaces) return;
    const walk = (node: RootContent | Root, state: State | undefined) => {
      if (node.type === 'text') {
        node.value = typeset(node.value, state ?? { prev: '', depth: 0 }, t);
        return;
      }
      if (node.type === 'inlineCode' && state) state.prev = 'x';
      if (!('children' in node)) return;
      // Each block starts afresh: a quote left open in one paragraph does not flip the next.
      const inner = BLOCKS.has(node.type) ? { prev: '', depth: 0 } : state;
      for (const child of (node as Parent).children) walk(child, inner);
    };
    walk(tree, undefined);
  };
}

export function typeset(text: string, state: State, t: Typography): string {
  let out = '';
  const emit = (s: string) => {
    out += s;
    state.prev = s.at(-1) ?? state.prev;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = text[i + 1] ?? '';
    if (t.dash && c === '-') {
      if (text.startsWith('---', i)) {
        emit('—');
        i += 2;
        continue;
      }
      if (next === '-') {
        emit(t.dash);
        i += 1;
        continue;
      }
      if (/\s/.test(state.prev) && /\s/.test(next)) {
        emit(t.dash);
        continue;
      }
    }
    if (t.quotes && c === '"') {
      const q = [...t.quotes];
      if (state.prev === '' || OPENING_CONTEXT.test(state.prev) || state.prev === q[0] || state.prev === q[2]) {
        emit(state.depth % 2 === 0 ? q[0]! : q[2]!);
        state.depth += 1;
      } else {
        state.depth = Math.max(0, state.depth - 1);
        emit(state.depth % 2 === 0 ? q[1]! : q[3]!);
      }
      continue;
    }
    if (t.quotes && c === "'") {
      const q = [...t.quotes];
      // After a letter: an apostrophe (isn't) or a closing inner quote (same character in English).
      if (/\p{L}/u.test(state.prev)) emit('’');
      else if (state.prev === '' || OPENING_CONTEXT.test(state.prev) || state.prev === q[0]) emit(q[2]!);
      else emit(q[3]!);
      continue;
    }
    emit(c);
  }
  if (t.nonBreakingSpaces) {
    out = out
      // a one-letter word (в, с, и, а…) is tied to the next word
      .replace(/(?<=^|[\s\u00A0(«„“"])(\p{L}) (?=\S)/gu, '$1\u00A0')
      // a dash is tied to the word before it
      .replace(/ ([—–])/g, '\u00A0$1');
  }
  return out;
}

// A locale's typography on the text (config/typography.ts decides what): straight and English curly
// quotes → the language's quotation marks (« » with „ “ inside for Russian and Kazakh), `--`/`---`,
// a spaced hyphen and a spaced en dash → the language's dash, and non-breaking spaces where a line
// must not break: after one-letter words and numbers (5 июня), before dashes, inside digit groups
// (20 000) and between initials and a surname (А. С. Пушкин). Code, URLs and raw text are not
// touched. Runs before remark-structure, so headings in the contents get the same marks.
// (typograf, the well-kept package for this, has no Kazakh and works on whole strings, while quotes
// here are paired across a paragraph's text nodes.)
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
    const fileTypography = options.typographyFor(file.data.lang ?? options.lang);
    const walk = (node: RootContent | Root, state: State | undefined, t: Typography) => {
      if (node.type === 'text') {
        if (t.quotes || t.dash || t.nonBreakingSpaces)
          node.value = typeset(node.value, state ?? { prev: '', depth: 0 }, t);
        return;
      }
      if (node.type === 'inlineCode' && state) state.prev = 'x';
      if (!('children' in node)) return;
      // Each block starts afresh: a quote left open in one paragraph does not flip the next. A block
      // marked in another language (an untranslated paragraph) gets that language's typography.
      const inner = BLOCKS.has(node.type) ? { prev: '', depth: 0 } : state;
      const lang = langOf(node);
      const own = typeof lang === 'string' ? options.typographyFor(lang) : t;
      for (const child of (node as Parent).children) walk(child, inner, own);
    };
    walk(tree, undefined, fileTypography);
  };
}

/** The `lang` a plugin set on a block (remark-untranslated), if any. */
function langOf(node: RootContent | Root): unknown {
  const data = node.data as Record<string, unknown> | undefined;
  return (data?.hProperties as Record<string, unknown> | undefined)?.lang;
}

const opens = (prev: string, q: string[]) =>
  prev === '' || OPENING_CONTEXT.test(prev) || prev === q[0] || prev === q[2];

/**
 * A quotation mark to set by context: a straight one, or an English curly one in a language whose
 * marks differ. “ is also Russian's inner closing mark („…“), so after a letter it stays as it is.
 */
function isQuote(c: string, quotes: string, prev: string): boolean {
  if (c === '"') return true;
  if (c !== '“' && c !== '”') return false;
  if (!quotes.includes(c)) return true;
  return c === '“' && quotes[1] !== '”' && opens(prev, [...quotes]) && prev !== quotes[2];
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
    // A spaced en dash (as English or a CAT tool writes a dash) is the language's dash too.
    if (t.dash && c === '–' && /\s/.test(state.prev) && /\s/.test(next)) {
      emit(t.dash);
      continue;
    }
    if (t.quotes && isQuote(c, t.quotes, state.prev)) {
      const q = [...t.quotes];
      if (opens(state.prev, q)) {
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
  return t.nonBreakingSpaces ? tieSpaces(out) : out;
}

const NBSP = '\u00A0';

/** Non-breaking spaces where a line must not break (Russian and Kazakh practice). */
export function tieSpaces(text: string): string {
  return (
    text
      // a one-letter word (в, с, и, а…) is tied to the next word
      .replace(/(?<=^|[\s\u00A0(«„“"])(\p{L}) (?=\S)/gu, `$1${NBSP}`)
      // a dash is tied to the word before it
      .replace(/ ([—–])/g, `${NBSP}$1`)
      // digit groups: 20 000, 1 250 000 (not a year followed by a number: 2022 100)
      .replace(/(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d])/gu, (group) => group.replace(/ /g, NBSP))
      // a number and the word after it: 5 июня, 120 сел, 2024 года; № 5, § 3
      .replace(/(?<=\d|[№§]) (?=\p{L}|\d)/gu, (space, at: number, all: string) =>
        /\d/.test(all[at - 1]!) && /\d/.test(all[at + 1] ?? '') ? space : NBSP,
      )
      // initials and surname: А. С. Пушкин, Пушкин А. С.; К.К. Токаев (written without a space)
      .replace(/(?<=(?:^|[\s\u00A0(«„]|\p{Lu}\.)\p{Lu}\.) (?=\p{Lu})/gu, NBSP)
      // (not when a surname follows the initials: "Президент К.К. Токаев" ties only К.К. Токаев)
      .replace(/(?<=\p{Lu}\p{Ll}+) (?=\p{Lu}\.[\s\u00A0]?\p{Lu}\.(?![\s\u00A0]?\p{Lu}\p{Ll}))/gu, NBSP)
  );
}

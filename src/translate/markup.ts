// The inline Markdown a translation must keep exactly: note references `[^name]`, link targets
// `](url)` and `<url>`, and code spans. PO carries them verbatim (checked here on import); XLIFF
// turns them into <ph>/<pc> placeholders (xliff.ts) built from the same tokens.

export type TokenKind = 'note' | 'link-start' | 'link-end' | 'autolink' | 'code';

export interface Token {
  kind: TokenKind;
  /** The Markdown, verbatim: `[^name]`, `[`, `](https://…)`, `<https://…>`, `` `code` ``. */
  text: string;
  start: number;
  end: number;
}

// Order matters: a code span hides what is inside it; `[^` is a note, not a link.
const TOKEN = /(`+)[^`]*?\1|\[\^[^\]\s]+\]|<(?:https?|mailto):[^>\s]+>|\]\([^)\s]*(?:\s+"[^"]*")?\)|\[/g;

/** Protected tokens of a segment, in order. A `[` counts only when a `](url)` closes it. */
export function protectedTokens(text: string): Token[] {
  const raw: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const t = m[0];
    const kind: TokenKind = t.startsWith('`')
      ? 'code'
      : t.startsWith('[^')
        ? 'note'
        : t.startsWith('<')
          ? 'autolink'
          : t.startsWith(']')
            ? 'link-end'
            : 'link-start';
    raw.push({ kind, text: t, start: m.index, end: m.index + t.length });
  }
  // Pair `[` with the next `](url)`; unpaired `[` are ordinary text.
  const tokens: Token[] = [];
  const open: Token[] = [];
  for (const token of raw) {
    if (token.kind === 'link-start') open.push(token);
    else if (token.kind === 'link-end') {
      const start = open.pop();
      if (start) tokens.push(start, token);
    } else tokens.push(token);
  }
  return tokens.sort((a, b) => a.start - b.start);
}

/** Why `translation` does not keep the source's protected markup, or undefined when it does. */
export function markupProblem(source: string, translation: string): string | undefined {
  const want = protectedTokens(source).filter((t) => t.kind !== 'link-start');
  const have = protectedTokens(translation).filter((t) => t.kind !== 'link-start');
  const missing = subtract(want, have);
  const extra = subtract(have, want);
  const missingNotes = missing.filter((t) => t.kind === 'note');
  const extraNotes = extra.filter((t) => t.kind === 'note');
  if (extraNotes.length > 0 && missingNotes.length > 0) {
    return `note reference ${extraNotes[0]!.text} is not in the source: note names are not translated: use ${missingNotes[0]!.text}`;
  }
  if (missingNotes.length > 0) return `drops the note reference ${missingNotes[0]!.text}`;
  if (extraNotes.length > 0) return `adds the note reference ${extraNotes[0]!.text}, which the source does not have`;
  const first = missing[0] ?? extra[0];
  if (!first) return undefined;
  const what = first.kind === 'code' ? `the code ${first.text}` : `the link target ${first.text.replace(/^\]\(/, '(')}`;
  return missing.length > 0
    ? `breaks protected markup: ${what} is missing or changed`
    : `breaks protected markup: ${what} is not in the source`;
}

function subtract(from: Token[], minus: Token[]): Token[] {
  const left = minus.map((t) => t.text);
  return from.filter((t) => {
    const i = left.indexOf(t.text);
    if (i === -1) return true;
    left.splice(i, 1);
    return false;
  });
}

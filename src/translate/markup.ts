// The inline Markdown a translation must keep exactly: note references `[^name]`, citation keys and
// cross-reference labels (`@doe2020`, `-@fig-x`: at-references.ts reads them), link targets
// `](url)` and `<url>`, and code spans. PO carries them verbatim (checked here on import); XLIFF
// turns them into <ph>/<pc> placeholders (xliff.ts) built from the same tokens.

import { findAtReferences, PAGE_SUFFIX } from '../pipeline/at-references.js';

export type TokenKind = 'note' | 'cite' | 'link-start' | 'link-end' | 'autolink' | 'code';

export interface Token {
  kind: TokenKind;
  /** The Markdown, verbatim: `[^name]`, `[`, `](https://…)`, `<https://…>`, `` `code` ``. */
  text: string;
  start: number;
  end: number;
}

/**
 * The tokens in order, scanned once from left to right (what the regex
 * /(`+)[^`]*?\1|\[\^[^\]\s]+\]|<(?:https?|mailto):[^>\s]+>|\]\([^)\s]*(?:\s+"[^"]*")?\)|\[/g matches):
 * a code span hides what is inside it; `[^` is a note, not a link. Written by hand because that regex
 * scans to the end of the text again from every `](`, `[^` or `<http:` that does not close (a 300 kB
 * msgstr of them: minutes); here each "where does this end" is remembered and reused.
 */
function scanTokens(text: string): Token[] {
  const raw: Token[] = [];
  const stopAt = stopFinder(text);
  let i = 0;
  while (i < text.length) {
    const end = tokenEnd(text, i, stopAt);
    if (end === undefined) {
      i += 1;
      continue;
    }
    const t = text.slice(i, end);
    const kind: TokenKind = t.startsWith('`')
      ? 'code'
      : t.startsWith('[^')
        ? 'note'
        : t.startsWith('<')
          ? 'autolink'
          : t.startsWith(']')
            ? 'link-end'
            : 'link-start';
    raw.push({ kind, text: t, start: i, end });
    i = end;
  }
  return raw;
}

type StopFinder = (from: number, stop: RegExp) => number;

/** The first offset at or after `from` whose character matches `stop` (or the text's length), memoised per pattern. */
function stopFinder(text: string): StopFinder {
  const last = new Map<RegExp, { from: number; at: number }>();
  return (from, stop) => {
    const known = last.get(stop);
    // Every offset between a search's start and its stop shares that stop.
    if (known && known.from <= from && from <= known.at) return known.at;
    let at = from;
    while (at < text.length && !stop.test(text[at]!)) at += 1;
    last.set(stop, { from, at });
    return at;
  };
}

const NOTE_STOP = /[\]\s]/;
const AUTOLINK_STOP = /[>\s]/;
const TARGET_STOP = /[)\s]/;
const NOT_SPACE = /\S/;

/** Where the token starting at `i` ends, or undefined when none starts there. */
function tokenEnd(text: string, i: number, stopAt: StopFinder): number | undefined {
  const c = text[i];
  if (c === '`') return codeEnd(text, i);
  if (c === '[') {
    if (text[i + 1] === '^') {
      const stop = stopAt(i + 2, NOTE_STOP);
      if (stop > i + 2 && text[stop] === ']') return stop + 1;
    }
    return i + 1;
  }
  if (c === '<') {
    const scheme = /^<(?:https?|mailto):/.exec(text.slice(i, i + 8));
    if (!scheme) return undefined;
    const from = i + scheme[0].length;
    const stop = stopAt(from, AUTOLINK_STOP);
    return stop > from && text[stop] === '>' ? stop + 1 : undefined;
  }
  if (c === ']' && text[i + 1] === '(') {
    const stop = stopAt(i + 2, TARGET_STOP);
    if (text[stop] === ')') return stop + 1;
    if (stop >= text.length) return undefined;
    // ` "title")`: spaces, a quoted title, then `)`.
    const quote = stopAt(stop, NOT_SPACE);
    if (text[quote] !== '"') return undefined;
    const close = text.indexOf('"', quote + 1);
    return close !== -1 && text[close + 1] === ')' ? close + 2 : undefined;
  }
  return undefined;
}

/** A code span: a run of backticks closed by the next run of at least as many (the regex's `(`+)[^`]*?\1`). */
function codeEnd(text: string, i: number): number | undefined {
  let k = 1;
  while (text[i + k] === '`') k += 1;
  const next = text.indexOf('`', i + k);
  if (next !== -1 && text.startsWith('`'.repeat(k), next)) return next + k;
  // What the regex backtracks to: the run split into an empty span of half its length.
  return k >= 2 ? i + 2 * Math.floor(k / 2) : undefined;
}

/** Protected tokens of a segment, in order. A `[` counts only when a `](url)` closes it. */
export function protectedTokens(text: string): Token[] {
  const raw = scanTokens(text);
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
  return [...tokens, ...citeTokens(text, tokens)].sort((a, b) => a.start - b.start);
}

/**
 * Each `@key` of a citation or cross-reference (with the `-` of `[-@key]`): the words around it
 * (`see`, `p.`) are translated, the key never is. Not inside code or a link target.
 */
function citeTokens(text: string, others: Token[]): Token[] {
  const found: Token[] = [];
  for (const cluster of findAtReferences(text)) {
    let cursor = cluster.from;
    for (const item of cluster.items) {
      const spelled = text.startsWith(`@{${item.key}}`, text.indexOf('@', cursor)) ? `@{${item.key}}` : `@${item.key}`;
      const at = text.indexOf(spelled, cursor);
      if (at === -1 || at >= cluster.to) break;
      const start = item.suppressAuthor && text[at - 1] === '-' ? at - 1 : at;
      // `@fig-x[page]`: the page request is part of the label (a translator cannot drop it).
      const end = at + spelled.length + (item.page ? PAGE_SUFFIX.length : 0);
      cursor = end;
      if (!others.some((t) => t.kind !== 'link-start' && t.start < end && start < t.end))
        found.push({ kind: 'cite', text: text.slice(start, end), start, end });
    }
  }
  return found;
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
  const missingCites = missing.filter((t) => t.kind === 'cite');
  const extraCites = extra.filter((t) => t.kind === 'cite');
  if (missingCites.length > 0)
    return `drops or changes the citation or cross-reference ${missingCites[0]!.text} (keys and labels are not translated)`;
  if (extraCites.length > 0)
    return `adds the citation or cross-reference ${extraCites[0]!.text}, which the source does not have`;
  const first = missing[0] ?? extra[0];
  if (!first) return undefined;
  const what = first.kind === 'code' ? `the code ${first.text}` : `the link target ${first.text.replace(/^\]\(/, '(')}`;
  return missing.length > 0
    ? `breaks protected markup: ${what} is missing or changed`
    : `breaks protected markup: ${what} is not in the source`;
}

/** `from` without one token of the same text for each in `minus` (a multiset difference, linear). */
function subtract(from: Token[], minus: Token[]): Token[] {
  const left = new Map<string, number>();
  for (const t of minus) left.set(t.text, (left.get(t.text) ?? 0) + 1);
  return from.filter((t) => {
    const n = left.get(t.text) ?? 0;
    if (n === 0) return true;
    left.set(t.text, n - 1);
    return false;
  });
}

// Pandoc's inline notes `^[text with *emphasis*]` in a list of phrasing nodes. CommonMark leaves the
// brackets as text, spread over several text nodes when the note has emphasis or code inside, so the
// brackets of the text nodes are matched in one pass with a stack (linear in the text, whatever it is).
import type { PhrasingContent, Text } from 'mdast';
import type { Position } from 'unist';

export interface InlineNoteSpan {
  /** Children [from, to) are replaced by before + the reference + after. */
  from: number;
  to: number;
  before: PhrasingContent[];
  /** The note's text. */
  content: PhrasingContent[];
  after: PhrasingContent[];
  position?: Position;
}

interface Mark {
  child: number;
  offset: number;
  inline: boolean;
}

/** Outermost `^[…]` spans in document order; an unclosed `^[` is left as text. */
export function findInlineNotes(children: PhrasingContent[], source: string): InlineNoteSpan[] {
  const spans: Array<{ open: Mark; close: Mark }> = [];
  const stack: Mark[] = [];
  let inlineOpen = 0; // inline marks on the stack: counted, so each `]` costs the same
  children.forEach((child, i) => {
    if (child.type !== 'text') return;
    const escapedInSource = hasEscapedNoteStart(child, source);
    for (let at = 0; at < child.value.length; at += 1) {
      const char = child.value[at];
      if (char === '[') {
        const inline = at > 0 && child.value[at - 1] === '^' && !escapedInSource;
        stack.push({ child: i, offset: at, inline });
        if (inline) inlineOpen += 1;
      } else if (char === ']') {
        const open = stack.pop();
        if (!open?.inline) continue;
        inlineOpen -= 1;
        // Only an outermost note: one inside another note's text stays part of that text.
        if (inlineOpen === 0) spans.push({ open, close: { child: i, offset: at, inline: false } });
      }
    }
  });
  return spans.map(({ open, close }) => toSpan(children, open, close));
}

function toSpan(children: PhrasingContent[], open: Mark, close: Mark): InlineNoteSpan {
  const first = children[open.child] as Text;
  const last = children[close.child] as Text;
  const before = textPart(first.value.slice(0, open.offset - 1));
  const after = textPart(last.value.slice(close.offset + 1));
  let content: PhrasingContent[];
  if (open.child === close.child) {
    content = textPart(first.value.slice(open.offset + 1, close.offset));
  } else {
    content = [
      ...textPart(first.value.slice(open.offset + 1)),
      ...children.slice(open.child + 1, close.child),
      ...textPart(last.value.slice(0, close.offset)),
    ];
  }
  const start = first.position?.start;
  const end = last.position?.end;
  return {
    from: open.child,
    to: close.child + 1,
    before,
    content,
    after,
    position: start && end ? { start, end } : undefined,
  };
}

function textPart(value: string): Text[] {
  return value === '' ? [] : [{ type: 'text', value }];
}

/** `\^[` or `^\[` in the node's source: the author wrote the characters, not a note. */
function hasEscapedNoteStart(node: Text, source: string): boolean {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return false;
  const raw = source.slice(start, end);
  return raw.includes('\\^[') || raw.includes('^\\[');
}

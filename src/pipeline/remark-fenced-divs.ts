// Pandoc's fenced divs (`::: {.callout-note}`, `::: warning`), which Quarto callouts use, read by
// remark-directive: the parser is wrapped and an opening fence is respelled as a container directive
// of exactly the same length (`::: {.x}` → `:::d{.x}`, `::: note` → `:::note `), so every offset and
// column of the file stays true. Fenced code blocks are left alone. remark-callouts decides what a
// div means.
import type { Processor } from 'unified';
import type { VFile } from 'vfile';

/** The name an attribute-only div (`::: {.x}`) gets as a directive. */
export const ANONYMOUS_DIV = 'd';

const OPENING = /^( {0,3})(:{3,})([ \t]+)(\{[^{}\n]*\}|[A-Za-z][\w-]*)([ \t]*)(\{[^{}\n]*\})?([ \t]*:*[ \t]*)$/;
const CODE_FENCE = /^ {0,3}(`{3,}|~{3,})/;

export default function remarkFencedDivs(this: Processor) {
  const parse = this.parser;
  if (!parse) throw new Error('remark-fenced-divs must come after remark-parse');
  this.parser = (document: string, file: VFile) => parse(respellDivs(document), file);
}

/** Every Pandoc div opening fence outside code blocks, respelled at the same length. */
export function respellDivs(document: string): string {
  if (!document.includes(':::')) return document;
  let fence: string | undefined;
  return document
    .split('\n')
    .map((line) => {
      const code = CODE_FENCE.exec(line)?.[1];
      if (code && (fence === undefined || (code[0] === fence[0] && code.length >= fence.length))) {
        fence = fence === undefined ? code : undefined;
        return line;
      }
      if (fence !== undefined) return line;
      return respellOpening(line);
    })
    .join('\n');
}

function respellOpening(line: string): string {
  const cr = line.endsWith('\r') ? '\r' : '';
  const m = OPENING.exec(cr ? line.slice(0, -1) : line);
  if (!m) return line;
  const [, indent, colons, gap, head, between, attributes = '', trailing] = m as unknown as string[];
  const rest = ' '.repeat(between!.length + trailing!.length);
  // `::: {.x}`: the gap becomes the name `d` (one character) and any further blanks go to the end.
  const respelled = head!.startsWith('{')
    ? `${indent}${colons}${ANONYMOUS_DIV}${head}${attributes}${' '.repeat(gap!.length - 1)}${rest}`
    : `${indent}${colons}${head}${attributes}${' '.repeat(gap!.length)}${rest}`;
  return respelled + cr;
}

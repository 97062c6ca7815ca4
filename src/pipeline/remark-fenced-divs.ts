// Pandoc's fenced divs (`::: {.callout-note}`, `::: warning`), which Quarto callouts use, read by
// remark-directive: the parser is wrapped and an opening fence is respelled as a container directive
// of exactly the same length (`::: {.x}` → `:::d{.x}`, `::: note` → `:::note `), so every offset and
// column of the file stays true. Fenced code blocks are left alone, but for knitr's block engine
// (```` ```{block, type="rmdnote"} ````, bookdown's custom blocks), whose content is Markdown put in a div
// of that class: its fences are respelled as a div's (`::: {.rmdnote}`, `:::`). remark-callouts decides
// what a div means.
import type { Processor } from 'unified';
import type { VFile } from 'vfile';
import { respellEquationLabels } from './equation-labels.js';

/** The name an attribute-only div (`::: {.x}`) gets as a directive. */
export const ANONYMOUS_DIV = 'd';

const OPENING = /^( *)(:{3,})([ \t]+)(\{[^{}\n]*\}|[A-Za-z][\w-]*)([ \t]*)(\{[^{}\n]*\})?([ \t]*:*[ \t]*)$/;
const CODE_FENCE = /^( *)(`{3,}|~{3,})/;
/** knitr's `block` and `block2` engines: the chunk is Markdown, in a div of its `type`. */
const KNITR_BLOCK =
  /^( *)(`{3,})[ \t]*\{block2?(?:[ \t]*,[^{}]*?\btype[ \t]*=[ \t]*["']([\w-]+)["'])?[^{}]*\}[ \t]*\r?$/;
// Containers whose content is indented: a definition (`:   text`) and a list item (`- `, `1. `).
const CONTAINER = /^( *)(?::|[-+*]|\d{1,9}[.)])( {1,4})(?=\S)/;

export default function remarkFencedDivs(this: Processor) {
  const parse = this.parser;
  if (!parse) throw new Error('remark-fenced-divs must come after remark-parse');
  // Equation labels after a closing `$$` are blanked the same way (equation-labels.ts).
  this.parser = (document: string, file: VFile) => parse(respellEquationLabels(respellDivs(document)), file);
}

/**
 * Every Pandoc div opening fence outside code blocks, respelled at the same length. A fence may be
 * indented as far as the content of the definition or list item it stands in (plus up to three
 * spaces, as CommonMark allows any block): Pandoc's manual puts divs inside definitions.
 */
export function respellDivs(document: string): string {
  if (!document.includes(':::') && !document.includes('{block')) return document;
  let fence: string | undefined;
  let knitrBlock: string | undefined; // the fence of the knitr block the line is in
  let column = 0; // where the innermost open container's content starts
  return document
    .split('\n')
    .map((line) => {
      const indent = /^ */.exec(line)![0].length;
      if (fence === undefined && line.trim() !== '') column = containerColumn(line, indent, column);
      if (fence === undefined && knitrBlock === undefined && KNITR_BLOCK.test(line)) {
        knitrBlock = CODE_FENCE.exec(line)![2];
        return respellOpening(knitrOpening(line));
      }
      const code = CODE_FENCE.exec(line);
      if (knitrBlock && fence === undefined && code && line.trim() === code[2] && closes(code[2], knitrBlock)) {
        knitrBlock = undefined;
        return line.replace(/[`~]/g, ':');
      }
      if (code && indent - column <= 3 && (fence === undefined || closes(code[2]!, fence))) {
        fence = fence === undefined ? code[2] : undefined;
        return line;
      }
      if (fence !== undefined || indent - column > 3) return line;
      return respellOpening(line);
    })
    .join('\n');
}

/** ```` ```{block, type="x"} ```` as `::: {.x}`, padded to its length (the class is shorter than the chunk's header). */
function knitrOpening(line: string): string {
  const cr = line.endsWith('\r') ? '\r' : '';
  const [, indent, ticks, type] = KNITR_BLOCK.exec(cr ? line.slice(0, -1) : line)!;
  const opening = `${indent}${':'.repeat(ticks!.length)} {${type ? `.${type}` : ''}}`;
  return opening.padEnd(line.length - cr.length) + cr;
}

const closes = (code: string, fence: string) => code[0] === fence[0] && code.length >= fence.length;

/** The content column after this line: a container marker opens one; less indented text leaves it. */
function containerColumn(line: string, indent: number, column: number): number {
  const marker = CONTAINER.exec(line);
  if (marker && indent - column <= 3) return line.length - line.slice(marker[0].length).length;
  return indent < column ? indent - (indent % 4) : column;
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

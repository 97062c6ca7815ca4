// Nothing lost silently: Markdown syntax that no plugin understood would be printed as it was typed.
// Last in the remark chain, every text node is scanned (linearly) for the marks of syntax Briefing
// reads elsewhere or does not read at all, and each is a warning at its line: an unclosed `^[`,
// attributes `{#id .class}` left over, site template code (Hugo, Liquid), a link whose address has a
// space, a fence `:::` inside a paragraph, MkDocs admonitions, diagram code (```mermaid), fancy list
// markers (`a.`, `(1)`, `iv.`) that remark-fancy-lists could not read (in a block quote) and
// multiline-table rules.
import type { Code, Paragraph, Root, Text } from 'mdast';
import type { Node, Point } from 'unist';
import type { VFile } from 'vfile';
import { pointsIn } from '../positions.js';
import { visit } from 'unist-util-visit';
import { toString } from 'mdast-util-to-string';
import { report } from './data.js';
import { RULES } from '../rules.js';

const MARKS: Array<{ pattern: RegExp; what: string; fix: string }> = [
  { pattern: /\^\[/, what: 'an inline note `^[` that is never closed', fix: 'close the note with `]`' },
  {
    pattern: /\{[#.][\w-]+(?:\s+[#.]?[\w-]+(?:=[^\s{}]+)?)*\}/,
    what: 'attributes `{#id .class}` where none can apply',
    fix: 'attributes go right after a heading, an image or a [bracketed span]',
  },
  {
    pattern: /\{\{[<%][^\n]*?[%>]\}\}|\{%[^\n]*?%\}|\{\{[^\n{}]*\}\}/,
    what: "a site generator's template code (a Hugo shortcode `{{< … >}}`, a Liquid `{% … %}`, `{{ … }}`)",
    fix: 'write what it stands for as Markdown: Briefing runs no site templates',
  },
  {
    // A link that was read leaves no `](` in the text: this one's address stopped at a space.
    pattern: /(?:\[[^[\]\n]*)?\]\([^()\s]*\s[^()]*\)/,
    what: 'a link whose address has a space (not read as a link)',
    fix: 'write the address in <angle brackets>, or each space as %20',
  },
  {
    pattern: /(?:^|\n) {0,3}:{3,}/,
    what: 'a `:::` fence inside a paragraph',
    fix: 'put a blank line before and after `:::` fences',
  },
];
// MkDocs (Python-Markdown) admonitions: `!!! note "Title"` over an indented block, `???` collapsible.
const ADMONITION = /^(?:!!!|\?\?\?\+?)[ \t]*[A-Za-z][\w-]*(?:[ \t]+"[^"\n]*")?[ \t]*(?:\n|$)/;
// Fenced code that GitHub or a docs site draws as a picture.
const DIAGRAMS = new Set(['mermaid', 'plantuml', 'dot', 'graphviz']);
const FANCY_LIST = /^(?:[a-z]|[ivx]+|\(\d+\)|\d+\))[.)]?\s/;
const RULE_LINE = /(?:^|\n)-{3,}(?:[ \t]+-{3,})+[ \t]*(?:\n|$)/;

export default function remarkLiteralSyntax() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value);
    const point = pointsIn(source);
    visit(tree, 'text', (node: Text, _index, parent) => {
      for (const mark of MARKS) {
        const found = mark.pattern.exec(node.value);
        if (!found) continue;
        // A text node another plugin made may have no position: its parent's stands in.
        const at = node.position ? markIn(node, found.index, source, point) : parent;
        report(file, at, `${mark.what} is printed as typed`, RULES.literalSyntax, mark.fix);
        return;
      }
    });
    visit(tree, 'code', (code: Code) => {
      const lang = code.lang?.toLowerCase();
      if (!lang || !DIAGRAMS.has(lang)) return;
      report(
        file,
        code,
        `a ${lang} diagram (which GitHub draws) is printed as its source code: Briefing runs no diagram code`,
        RULES.literalSyntax,
        `draw it as an image (SVG, e.g. with the ${lang} command-line tool) and put ![its caption](the-image.svg) in its place`,
      );
    });
    visit(tree, 'paragraph', (paragraph: Paragraph) => {
      const raw = sourceOf(paragraph, source);
      if (raw === undefined) return;
      // The paragraph's own text: inside a block quote its lines do not start with `>`.
      const lines = toString(paragraph).split('\n');
      if (ADMONITION.test(raw)) {
        report(
          file,
          paragraph,
          'a MkDocs admonition (`!!! note`) is not read: it is printed as typed',
          RULES.literalSyntax,
          'write it as a GitHub alert (`> [!NOTE]` and the text in `> ` lines) or a `::: {.callout-note}` div',
        );
      } else if (lines.length > 1 && lines.every((line) => FANCY_LIST.test(line))) {
        report(
          file,
          paragraph,
          'lines with list markers such as `a.` or `(1)` are printed as one paragraph, not as a list',
          RULES.literalSyntax,
          'write the list with `1.` markers (or `-`), one item per line after a blank line',
        );
      } else if (RULE_LINE.test(raw)) {
        report(
          file,
          paragraph,
          'a multiline table is printed as text',
          RULES.literalSyntax,
          'write it as a pipe table or a grid table',
        );
      }
    });
  };
}

/** The mark's own place when the node's text is its source as typed (no escapes), else the node's. */
function markIn(node: Text, index: number, source: string, point: (offset: number) => Point): Node {
  const start = node.position!.start.offset;
  const end = node.position!.end.offset;
  if (start === undefined || end === undefined || source.slice(start, end) !== node.value) return node;
  return { type: 'text', position: { start: point(start + index), end: node.position!.end } };
}

function sourceOf(node: Paragraph, source: string): string | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? undefined : source.slice(start, end);
}

// An equation label after display math: `$$` on its own line closing the formula, then `{#eq-x}`
// (Quarto) or `{#eq:x}` (pandoc-crossref), or MyST's `$$ (x)` (labelled `eq-x`). remark-math takes a closing fence only when nothing follows it, so before parsing the
// label is blanked (same length: offsets and columns stay true) and read back from the source at
// the math node's end by remark-references.ts.
const CLOSING = /^( {0,3}\$\$[ \t]*)(\{#eq[-:][^\s{}]+\}|\([A-Za-z][\w:.-]*\))([ \t]*\r?)$/;
const CODE_FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Every `$$ {#eq-x}` closing line outside code blocks, its label replaced by spaces. */
export function respellEquationLabels(document: string): string {
  if (!document.includes('{#eq') && !document.includes('$$ (')) return document;
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
      const m = CLOSING.exec(line);
      return m ? `${m[1]}${' '.repeat(m[2]!.length)}${m[3]}` : line;
    })
    .join('\n');
}

/** The `{#eq-x}` label on the line where a display formula ends (its closing `$$`), if any. */
export function equationLabelAt(source: string, end: number | undefined): string | undefined {
  if (end === undefined) return undefined;
  const lineStart = source.lastIndexOf('\n', end - 1) + 1;
  const lineEnd = source.indexOf('\n', end);
  const line = source.slice(lineStart, lineEnd === -1 ? source.length : lineEnd);
  const label = CLOSING.exec(line)?.[2];
  if (label?.startsWith('(')) return `eq-${label.slice(1, -1)}`;
  return label?.slice(2, -1);
}

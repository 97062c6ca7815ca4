// Raw TeX (raw-tex-syntax.ts) in a document written for a LaTeX PDF. Pandoc leaves it out of HTML
// in silence, text and all (`\textit{I confirm …}` vanishes). Here the commands that only style text
// keep their text with its style (`\textit`/`\emph` emphasis, `\textbf` strong, `\texttt` code,
// `\LaTeX` its name); any other command, and an environment `\begin{x}` … `\end{x}` with what it
// holds, is left out with one warning per paragraph naming them. A paragraph left empty goes.
import type { Parent, PhrasingContent, Root, RootContent } from 'mdast';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';
import { report } from './data.js';
import { RULES } from '../rules.js';
import type { RawTex } from './types.js';

const STYLES: Record<string, 'emphasis' | 'strong' | 'inlineCode' | 'text'> = {
  textit: 'emphasis',
  emph: 'emphasis',
  textsl: 'emphasis',
  textbf: 'strong',
  texttt: 'inlineCode',
  textrm: 'text',
  textsf: 'text',
  textsc: 'text',
  textup: 'text',
  textnormal: 'text',
  mbox: 'text',
  text: 'text',
};
const NAMES: Record<string, string> = { LaTeX: 'LaTeX', TeX: 'TeX', LaTeXe: 'LaTeX2ε', ldots: '…', dots: '…' };

const FIX =
  'delete it, or write what it says in Markdown: chapters start on a new page and the contents are made by themselves; a backslash meant as text is written `\\\\`';

interface Command {
  name: string;
  args: string[];
}

export default function remarkRawTex() {
  return (tree: Root, file: VFile) => {
    // Raw TeX starts with a backslash: most files have none, and need no walk.
    if (!String(file.value).includes('\\')) return;
    visit(tree, (node, index, parent) => {
      if (!('children' in node) || !node.children.some((child) => child.type === 'rawTex')) return undefined;
      const left = resolve(node);
      if (left.length > 0) report(file, left[0]!.node, leftOutMessage(left), RULES.rawTex, FIX);
      file.data.rawTexLeftOut = (file.data.rawTexLeftOut ?? 0) + left.length;
      if (node.type !== 'paragraph' || !parent || index === undefined) return undefined;
      trimEdges(node.children);
      if (node.children.length > 0) return undefined;
      parent.children.splice(index, 1);
      return [SKIP, index];
    });
  };
}

/** The parent's raw TeX resolved in place; what was left out, in order. */
function resolve(parent: Parent): Array<{ node: RawTex; command: string }> {
  const left: Array<{ node: RawTex; command: string }> = [];
  const children: RootContent[] = [];
  for (let i = 0; i < parent.children.length; i += 1) {
    const child = parent.children[i]!;
    if (child.type !== 'rawTex') {
      children.push(child);
      continue;
    }
    const command = parseCommand(child.value);
    const kept = meaning(command, child);
    if (kept) {
      children.push(kept);
      continue;
    }
    if (command.name === 'begin') {
      const end = environmentEnd(parent.children, i, command.args[0]);
      left.push({ node: child, command: `\\begin{${command.args[0] ?? ''}} … \\end{${command.args[0] ?? ''}}` });
      i = end;
      continue;
    }
    left.push({ node: child, command: `\\${command.name}` });
  }
  parent.children = children;
  return left;
}

/** What a command means in print, or undefined when it means nothing here. */
function meaning(command: Command, node: RawTex): PhrasingContent | undefined {
  const position = node.position;
  const name = NAMES[command.name];
  if (name !== undefined && command.args.length === 0) return { type: 'text', value: name, position };
  const style = STYLES[command.name];
  if (!style || command.args.length !== 1) return undefined;
  const value = plainText(command.args[0]!);
  if (style === 'text') return { type: 'text', value, position };
  if (style === 'inlineCode') return { type: 'inlineCode', value, position };
  return { type: style, children: [{ type: 'text', value, position }], position };
}

/** The index of the `\end{name}` closing the environment opened at `from` (the last child if none). */
function environmentEnd(children: Parent['children'], from: number, name: string | undefined): number {
  for (let i = from + 1; i < children.length; i += 1) {
    const child = children[i]!;
    if (child.type !== 'rawTex') continue;
    const command = parseCommand(child.value);
    if (command.name === 'end' && command.args[0] === name) return i;
  }
  return children.length - 1;
}

/** `\name*{a}[b]{c}` → name and its arguments' text (the syntax has already balanced the braces). */
export function parseCommand(value: string): Command {
  const head = /^\\([A-Za-z]+)\*?/.exec(value);
  const args: string[] = [];
  let at = head?.[0].length ?? value.length;
  while (at < value.length) {
    const close = matching(value, at);
    args.push(value.slice(at + 1, close));
    at = close + 1;
  }
  return { name: head?.[1] ?? '', args };
}

/** Where the `{` or `[` at `open` closes. */
function matching(value: string, open: number): number {
  const [opening, closing] = value[open] === '[' ? ['[', ']'] : ['{', '}'];
  let depth = 0;
  for (let i = open; i < value.length; i += 1) {
    if (value[i] === '\\') i += 1;
    else if (value[i] === opening) depth += 1;
    else if (value[i] === closing && --depth === 0) return i;
  }
  return value.length;
}

/** An argument's text: nested commands keep their last argument's text, braces and spacing go. */
function plainText(tex: string): string {
  return tex
    .replace(/\\[A-Za-z]+\*?((?:\[[^\]]*\])*)/g, '')
    .replace(/\\(.)/g, '$1')
    .replace(/[{}]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function leftOutMessage(left: Array<{ command: string }>): string {
  const names = [...new Set(left.map((l) => `\`${l.command}\``))];
  return `raw TeX left out, as only a LaTeX PDF obeys it: ${names.join(', ')}`;
}

/** The line ends and spaces the commands stood between, at a paragraph's start and end, go too. */
function trimEdges(children: PhrasingContent[]): void {
  const blank = (node: PhrasingContent | undefined) => node?.type === 'text' && node.value.trim() === '';
  while (blank(children[0])) children.shift();
  while (blank(children.at(-1))) children.pop();
  const first = children[0];
  if (first?.type === 'text') first.value = first.value.trimStart();
  const last = children.at(-1);
  if (last?.type === 'text') last.value = last.value.trimEnd();
}

// Text directives (`:name`, `:name[label]{attrs}`) are no syntax of Briefing's, but remark-directive
// reads `10:30`, `note:this` and pandoc-crossref's `@sec:intro` as text with one inside. Each is given
// back as the text it was typed as, joined to the text on either side, so that every later reader of
// the text (`@` references, typography, literal-syntax checks) sees the run as it was written.
import type { Parent, Root, Text } from 'mdast';
import type { TextDirective } from 'mdast-util-directive';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';

export default function remarkTextDirectives() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value);
    visit(tree, 'textDirective', (node, index, parent) => {
      if (!parent || index === undefined) return undefined;
      return joinText(parent, index, { type: 'text', value: typed(node, source), position: node.position });
    });
  };
}

/** The directive's source text (its name alone when it has no position). */
function typed(node: TextDirective, source: string): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start !== undefined && end !== undefined ? source.slice(start, end) : `:${node.name}`;
}

/**
 * `text` put at `index` of `parent`, merged with a text node before and after it. Returns where the
 * walk goes on: the node after the merged run (which may be the next directive).
 */
function joinText(parent: Parent, index: number, text: Text): number {
  const children = parent.children;
  children.splice(index, 1, text);
  let at = index;
  const before = children[at - 1];
  if (before?.type === 'text') {
    append(before, text);
    children.splice(at, 1);
    at -= 1;
  }
  const run = children[at] as Text;
  const after = children[at + 1];
  if (after?.type === 'text') {
    append(run, after);
    children.splice(at + 1, 1);
  }
  return at + 1;
}

function append(run: Text, next: Text): void {
  run.value += next.value;
  if (run.position && next.position) run.position = { start: run.position.start, end: next.position.end };
}

// The state of one edition's conversion to Word: where in the Markdown each node comes from (for
// messages), Word bookmark names for the edition's ids, and the messages said so far.
import type { Element, ElementContent, Root } from 'hast';
import type { Diagnostic } from '../messages.js';
import type { Rule } from '../rules.js';

export interface Where {
  file: string;
  line?: number;
  column?: number;
}

export class DocxContext {
  readonly diagnostics: Diagnostic[] = [];
  private readonly bookmarks = new Map<string, string>();
  private readonly said = new Set<string>();

  /** `imageWidth`: the text width in pixels (96 per inch), the widest an image is drawn. */
  constructor(readonly imageWidth: number) {}

  /** The Word bookmark name of an edition id: Word takes 40 letters, digits or `_`, starting with a letter. */
  bookmark(id: string): string {
    let name = this.bookmarks.get(id);
    if (name === undefined) {
      const readable = id.normalize('NFKD').replace(/[^A-Za-z0-9_]+/g, '_');
      // A number keeps names unique when two ids read the same (or are long, or not Latin).
      name = `b${this.bookmarks.size + 1}_${readable}`.slice(0, 40);
      this.bookmarks.set(id, name);
    }
    return name;
  }

  /** A message about a node, at its Markdown line (said once per place and rule). */
  report(where: Where, rule: Rule, message: string, fix: string = rule.fix): void {
    const key = `${where.file}:${where.line}:${where.column}:${rule.id}:${message}`;
    if (this.said.has(key)) return;
    this.said.add(key);
    this.diagnostics.push({ ...where, severity: rule.severity, message, rule: rule.id, fix });
  }
}

/** Where a node is: its own start in the chapter's file (remark-rehype keeps positions), else the block's. */
export function whereOf(node: Element | ElementContent | Root, around: Where): Where {
  const source = node.data?.source;
  if (source) return parseSource(source);
  const start = node.position?.start;
  return start ? { file: around.file, line: start.line, column: start.column } : around;
}

/** `file:line:column` (pipeline/source-stamps.ts) → its parts; a file name may hold `:` itself. */
export function parseSource(source: string): Where {
  const match = /^(.*):(\d+):(\d+)$/.exec(source);
  return match ? { file: match[1]!, line: Number(match[2]), column: Number(match[3]) } : { file: source };
}

/** The file a chapter comes from: the first block stamped with its source. */
export function fileOf(tree: Root, fallback: string): Where {
  const stack: Array<Root | ElementContent> = [tree];
  while (stack.length > 0) {
    const node = stack.shift()!;
    const source = node.data?.source;
    if (source) return { file: parseSource(source).file };
    if (node.type === 'root') stack.push(...node.children.filter((c) => c.type !== 'doctype'));
    else if (node.type === 'element') stack.push(...node.children);
  }
  return { file: fallback };
}

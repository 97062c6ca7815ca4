// Read a YAML file into plain data, with every problem placed at its file:line:column.
import { parseDocument, isMap, visit, Parser, type CST, type Document, type YAMLMap } from 'yaml';
import { BriefingError, fail, type Diagnostic } from '../messages.js';
import { limits } from '../limits.js';
import { readInside, type Folder } from '../paths.js';
import { RULES } from '../rules.js';
import { positionsIn } from '../positions.js';

export interface YamlFile {
  path: string;
  data: Record<string, unknown>;
  /** Position of a top-level key (or of the document start) for messages about its value. */
  positionOf(key?: string): { line: number; column: number };
  /** Position of a nested key (`part: 'key'`) or of its value, by path; the nearest existing parent otherwise. */
  positionAt(keys: Array<string | number>, part?: 'key' | 'value'): { line: number; column: number };
}

/** Read a YAML file inside `folder` (containment, regular file, size limit) and parse it. */
export async function readYamlFile(folder: Folder, file: string, what: string, fix: string): Promise<YamlFile> {
  const bytes = await readInside(folder, file, { message: `${what} not found`, rule: RULES.configMissingFile.id, fix });
  return parseYaml(file, bytes.toString('utf8'), what);
}

/**
 * doc.toJS() with yaml's alias-bomb guard set to our limit: a document whose aliases expand too much
 * becomes a problem placed at its first alias instead of yaml's "resource exhaustion" ReferenceError.
 */
export function toJsLimited(
  doc: Document,
): { value: unknown } | { problem: { offset: number; message: string; fix: string } } {
  const max = limits().maxAliases;
  try {
    return { value: doc.toJS({ maxAliasCount: max }) };
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    let offset = 0;
    visit(doc, {
      Alias(_key, node) {
        offset = node.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    return {
      problem: {
        offset,
        message: `YAML aliases expand too much (more than ${max} alias expansions: ${error.message.replace(/\.$/, '')})`,
        fix: 'write the values out instead of nesting aliases (*name), or raise `limits: { maxAliases: … }` in briefing.yaml',
      },
    };
  }
}

const NESTING_MARKS = /[[{:?-]/g;

/**
 * The first YAML collection nested deeper than `limits().maxNesting`, found in yaml's concrete syntax
 * tree before the document is composed (composing recurses once a level: a document nested 20,000 deep
 * overflowed the stack). The tree is walked with a stack of our own, in document order.
 */
export function yamlTooDeep(text: string): { offset: number; message: string; fix: string } | undefined {
  const max = limits().maxNesting;
  // Each level takes one of these characters at least: most files have too few to be too deep, and
  // skip the second parse (it doubled the time of reading the review's front matter).
  if ((text.match(NESTING_MARKS)?.length ?? 0) <= max) return undefined;
  const open: Array<[CST.Token, number]> = [];
  for (const token of new Parser().parse(text))
    if (token.type === 'document' && token.value) open.push([token.value, 0]);
  open.reverse();
  while (open.length > 0) {
    const [token, depth] = open.pop()!;
    if (!('items' in token)) continue;
    if (depth === max) {
      return {
        offset: token.offset,
        message: `values nested too deep: more than ${max} levels of [ ], { } or indented lists and mappings`,
        fix: RULES.limitsYamlNesting.fix,
      };
    }
    const children = token.items.flatMap((item) => [item.key, item.value]);
    for (const child of children.reverse()) if (child) open.push([child, depth + 1]);
  }
  return undefined;
}

export function parseYaml(file: string, text: string, what: string): YamlFile {
  const positionOf = positionsIn(text);
  const { contents, data } = readMapping(file, text, what, positionOf);
  return { path: file, data, ...keyPositions(contents, positionOf) };
}

type Positions = ReturnType<typeof positionsIn>;

/** The document's top-level mapping and its value, or the first problem (nesting, syntax, aliases, shape). */
function readMapping(
  file: string,
  text: string,
  what: string,
  positionOf: Positions,
): { contents: YAMLMap; data: Record<string, unknown> } {
  const deep = yamlTooDeep(text);
  if (deep) {
    fail({
      file,
      ...positionOf(deep.offset),
      message: `${what}: ${deep.message}`,
      rule: RULES.limitsYamlNesting.id,
      fix: deep.fix,
    });
  }
  const doc: Document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const diagnostics: Diagnostic[] = doc.errors.map((e) => ({
      file,
      ...positionOf(e.pos[0]),
      severity: 'error',
      message: `YAML syntax error in ${what}: ${yamlErrorText(e.message)}`,
      rule: RULES.configYamlSyntax.id,
      fix: 'fix the YAML at that position (indentation, a missing colon or quote)',
    }));
    throw new BriefingError(diagnostics);
  }
  const converted = toJsLimited(doc);
  if ('problem' in converted) {
    fail({
      file,
      ...positionOf(converted.problem.offset),
      message: `${what}: ${converted.problem.message}`,
      rule: RULES.limitsYamlAliases.id,
      fix: converted.problem.fix,
    });
  }
  const data: unknown = converted.value ?? {};
  if (!isMap(doc.contents) || typeof data !== 'object' || Array.isArray(data)) {
    fail({
      file,
      line: 1,
      column: 1,
      message: `${what} must be a mapping of keys to values`,
      rule: RULES.configNotAMapping.id,
      fix: 'write it as `key: value` lines',
    });
  }
  return { contents: doc.contents, data: data as Record<string, unknown> };
}

/** Where a key or value of the mapping is, for messages about it. */
function keyPositions(contents: YAMLMap, positionOf: Positions): Pick<YamlFile, 'positionOf' | 'positionAt'> {
  return {
    positionOf(key?: string) {
      const pair = key
        ? contents.items.find((item) => String((item.key as { value?: unknown })?.value) === key)
        : undefined;
      const range =
        (pair?.value as { range?: number[] } | undefined)?.range ??
        (pair?.key as { range?: number[] } | undefined)?.range;
      return positionOf(range?.[0] ?? 0);
    },
    positionAt(keys, part = 'value') {
      let node: unknown = contents;
      let offset = 0;
      for (const [i, key] of keys.entries()) {
        const items = (node as { items?: unknown[] } | undefined)?.items;
        if (!Array.isArray(items)) break;
        const item: unknown =
          typeof key === 'number'
            ? items[key]
            : items.find((it) => String((it as { key?: { value?: unknown } }).key?.value) === key);
        if (item === undefined) break;
        const isPair = typeof key === 'string';
        const keyNode = isPair ? (item as { key?: { range?: number[] } }).key : undefined;
        const valueNode = isPair ? (item as { value?: unknown }).value : item;
        const last = i === keys.length - 1;
        const target = last && part === 'key' && keyNode ? keyNode : (valueNode ?? keyNode);
        offset = (target as { range?: number[] } | null | undefined)?.range?.[0] ?? offset;
        node = valueNode;
      }
      return positionOf(offset);
    },
  };
}

/** yaml's error message, first line, without its own position; a stack overflow said in words. */
export function yamlErrorText(message: string): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return /Maximum call stack size exceeded/.test(first)
    ? 'values nested too deep to read (flatten the [ ] or { } nesting)'
    : first;
}

// A hast tree copied for transforms that change it in place.
import type { Nodes } from 'hast';

/**
 * What the transforms may change, copied: each node, its properties (an array value too), its
 * data's own fields and its children. Positions and what the data holds are shared: no transform
 * writes them. About a fifth of structuredClone's time (which copies every position's three
 * objects, and each citation's span and link is ~3 nodes). Shared by render/html.ts (each chapter
 * rendered for two media from one tree) and pipeline/transform-memo.ts (a kept tree handed out: 20 ×
 * the review's chapter trees in ~7 ms).
 */
export function copyTree<T extends Nodes>(node: T): T {
  const out = { ...node };
  if ('properties' in node) {
    const properties: Record<string, unknown> = {};
    for (const key of Object.keys(node.properties)) {
      const value = node.properties[key];
      properties[key] = Array.isArray(value) ? [...(value as unknown[])] : value;
    }
    (out as { properties: unknown }).properties = properties;
  }
  if (node.data) out.data = { ...node.data };
  if ('content' in node && node.content) (out as { content: unknown }).content = copyTree(node.content);
  if ('children' in node) (out as { children: unknown }).children = node.children.map((child) => copyTree(child));
  return out;
}

// A printed PDF's structure tree as readers see it: pdf.js's `getStructTree` (Mozilla's reader, what
// Firefox exposes to assistive technology) page by page, roles already through the RoleMap; and the
// structure elements' own dictionaries (/ID, the IDTree) from `qpdf --json`, which pdf.js does not show.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface StructNode {
  role: string;
  alt?: string;
  lang?: string;
  kids: StructNode[];
  /** Marked content (text, images) and objects (link annotations: OBJR) directly in this element. */
  content: number;
  objects: number;
}

interface PdfjsNode {
  role: string;
  alt?: string;
  lang?: string;
  children: Array<PdfjsNode | { type: string; id: string }>;
}

/** Each page's structure tree (an element on two pages is in both, with its content on each). */
export async function structTrees(pdf: string): Promise<StructNode[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(readFileSync(pdf)),
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: 0,
  }).promise;
  try {
    const pages: StructNode[] = [];
    for (let n = 1; n <= doc.numPages; n += 1) {
      const tree = (await (await doc.getPage(n)).getStructTree()) as unknown as PdfjsNode;
      pages.push(convert(tree));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

function convert(node: PdfjsNode): StructNode {
  const kids: StructNode[] = [];
  let content = 0;
  let objects = 0;
  for (const child of node.children) {
    if ('role' in child) kids.push(convert(child));
    // pdf.js says "annotation" for an OBJR to an annotation dictionary with /Type /Annot, "object" for
    // others (Chromium's link annotations have no /Type).
    else if (child.type === 'annotation' || child.type === 'object') objects += 1;
    else content += 1;
  }
  return { role: node.role, alt: node.alt, lang: node.lang, kids, content, objects };
}

/** Every element of the trees with its parent, depth first in document order. */
export interface Placed {
  node: StructNode;
  parent: StructNode | undefined;
  page: number;
}

export function* elements(trees: StructNode[]): Generator<Placed> {
  function* walk(node: StructNode, parent: StructNode | undefined, page: number): Generator<Placed> {
    yield { node, parent, page };
    for (const kid of node.kids) yield* walk(kid, node, page);
  }
  for (const [i, tree] of trees.entries()) yield* walk(tree, undefined, i + 1);
}

/** `A > B > C`: the roles from an element down its first kids while they are elements. */
export function path(node: StructNode): string {
  const roles = [node.role];
  for (let at = node.kids[0]; at; at = at.kids[0]) roles.push(at.role);
  return roles.join(' > ');
}

export interface PdfStructElem {
  ref: string;
  type: string;
  id?: string;
  parent?: string;
}

/** The structure elements as written (qpdf --json): type, /ID, parent; and the IDTree (ID → element). */
export function structElements(pdf: string): { elements: PdfStructElem[]; idTree: Map<string, string> } {
  const json = JSON.parse(
    execFileSync('qpdf', ['--json=2', '--json-key=qpdf', pdf], { encoding: 'utf8', maxBuffer: 256 << 20 }),
  ) as { qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>] };
  const objects = json.qpdf[1];
  const elements: PdfStructElem[] = [];
  const idTree = new Map<string, string>();
  for (const [key, object] of Object.entries(objects)) {
    const value = object.value;
    if (value?.['/Type'] === '/StructTreeRoot') {
      const tree = value['/IDTree'];
      const names = (typeof tree === 'string' ? objects[`obj:${tree}`]?.value : (tree as Record<string, unknown>))?.[
        '/Names'
      ] as string[] | undefined;
      for (let i = 0; i + 1 < (names?.length ?? 0); i += 2) idTree.set(names![i]!, names![i + 1]!);
    }
    if (typeof value?.['/S'] !== 'string' || value['/P'] === undefined) continue;
    elements.push({
      ref: key.replace(/^obj:/, ''),
      type: String(value['/S']).slice(1),
      id: typeof value['/ID'] === 'string' ? value['/ID'] : undefined,
      parent: typeof value['/P'] === 'string' ? value['/P'] : undefined,
    });
  }
  return { elements, idTree };
}

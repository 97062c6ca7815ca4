// Links and images are Markdown, not raw HTML, so remark-raw-html does not see them; they are checked
// here. Nothing that can run: `javascript:`, `vbscript:` and `data:` link addresses are errors (the
// link is dropped, its text kept); `file:` links only work on the author's machine (a warning). Nothing
// fetched from elsewhere: a remote image is refused with a warning and removed (the print page loads
// nothing from the network and the web edition's CSP would block it). Nothing read from outside the
// content folder: a local image must resolve inside it (`../../etc/passwd` is an error and never
// reaches the output); a local PNG, JPEG or SVG is inlined as a data: URL, so the output stays one file.
import path from 'node:path';
import type { Definition, Image, Link, Parent, PhrasingContent, Root, Text } from 'mdast';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';
import { report } from './data.js';
import { BriefingError } from '../messages.js';
import { isInside, isProblem, readInsideSync, resolveInside } from '../paths.js';
import { imageCostProblem } from '../image-limits.js';
import { RULES, type Rule } from '../rules.js';

export interface RemarkLinksOptions {
  /** Images must resolve inside this folder (the content folder with briefing.yaml). */
  contentDir?: string;
  /** Link reference definitions of every file of the edition, by normalized label (collected before any file runs). */
  editionDefinitions?: Map<string, Definition>;
}

// `[text][label]` or `[label]` left as text because the definition is in another file. `[` and `]`
// are excluded inside, so a long run of brackets is scanned once.
const REFERENCE_TEXT = /\[([^[\]\n^][^[\]\n]*)\](?:\[([^[\]\n]*)\])?/g;

/** A reference label as CommonMark matches it: case-folded, inner whitespace collapsed. */
export function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

const UNSAFE = new Set(['javascript', 'vbscript', 'data']);
const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
};

/**
 * The scheme a browser would see: leading and trailing C0 controls and spaces are dropped and tabs
 * and newlines removed anywhere (so `java&#9;script:` and ` JavaScript:` are both `javascript`).
 */
export function schemeOf(url: string): string | undefined {
  // Trimmed by index, not by a `[…]+$` regex: that one backtracks quadratically on a long address
  // full of spaces (160 kB: 21 s). Only the text up to the first `:` can be a scheme.
  let start = 0;
  let end = url.length;
  while (start < end && url.charCodeAt(start) <= 0x20) start += 1;
  while (end > start && url.charCodeAt(end - 1) <= 0x20) end -= 1;
  const colon = url.indexOf(':', start);
  if (colon === -1 || colon >= end) return undefined;
  const head = url.slice(start, colon).replace(/[\t\n\r]/g, '');
  return /^[a-zA-Z][a-zA-Z0-9+.-]*$/.test(head) ? head.toLowerCase() : undefined;
}

export default function remarkLinks(options: RemarkLinksOptions = {}) {
  return (tree: Root, file: VFile) => {
    const definitions = new Map<string, Definition>();
    visit(tree, 'definition', (node, index, parent) => {
      const scheme = schemeOf(node.url);
      if (scheme && UNSAFE.has(scheme)) {
        report(
          file,
          node,
          `link definition "[${node.label ?? node.identifier}]" points to a "${scheme}:" address, which is not allowed`,
          RULES.unsafeLink,
          'use an http(s) address, or remove the definition',
        );
        if (parent && index !== undefined) {
          parent.children.splice(index, 1);
          return [SKIP, index];
        }
      }
      definitions.set(node.identifier, node);
      return undefined;
    });

    visit(tree, (node, index, parent) => {
      if (!parent || index === undefined) return undefined;
      if (node.type === 'text' && options.editionDefinitions?.size) {
        const parts = linkReferencesElsewhere(node, options.editionDefinitions);
        if (!parts) return undefined;
        parent.children.splice(index, 1, ...parts);
        return [SKIP, index];
      }
      if (node.type === 'link') return checkLink(node, index, parent, file);
      if (node.type === 'linkReference') {
        const definition = definitions.get(node.identifier);
        if (definition && schemeOf(definition.url) === 'file') fileLinkWarning(node, definition.url, file);
        return undefined;
      }
      if (node.type === 'image') return checkImage(node, index, parent, file, options);
      if (node.type === 'imageReference') {
        const definition = definitions.get(node.identifier);
        if (!definition) return undefined; // no definition: remark renders it as text
        const image: Image = {
          type: 'image',
          url: definition.url,
          title: definition.title,
          alt: node.alt,
          position: node.position,
        };
        parent.children.splice(index, 1, image);
        return checkImage(image, index, parent, file, options);
      }
      return undefined;
    });
  };
}

/** Text with `[x][label]` whose definition another file holds → links (checked like any link). */
function linkReferencesElsewhere(text: Text, definitions: Map<string, Definition>): PhrasingContent[] | undefined {
  if (!text.value.includes('[')) return undefined;
  const parts: PhrasingContent[] = [];
  let last = 0;
  for (const m of text.value.matchAll(REFERENCE_TEXT)) {
    const definition = definitions.get(normalizeLabel(m[2] || m[1]!));
    if (!definition) continue;
    if (m.index > last) parts.push({ type: 'text', value: text.value.slice(last, m.index), position: text.position });
    parts.push({
      type: 'link',
      url: definition.url,
      title: definition.title,
      position: text.position,
      children: [{ type: 'text', value: m[1]!, position: text.position }],
    });
    last = m.index + m[0].length;
  }
  if (last === 0) return undefined;
  if (last < text.value.length) parts.push({ type: 'text', value: text.value.slice(last), position: text.position });
  return parts;
}

function checkLink(node: Link, index: number, parent: Parent, file: VFile) {
  const scheme = schemeOf(node.url);
  if (scheme && UNSAFE.has(scheme)) {
    report(
      file,
      node,
      `link to a "${scheme}:" address is not allowed`,
      RULES.unsafeLink,
      'link to an http(s) address, or remove the link',
    );
    // The text stays, the link goes.
    parent.children.splice(index, 1, ...node.children);
    return [SKIP, index] as [typeof SKIP, number];
  }
  if (scheme === 'file') fileLinkWarning(node, node.url, file);
  return undefined;
}

function fileLinkWarning(node: Link | { position?: Link['position'] }, url: string, file: VFile): void {
  report(
    file,
    node as Link,
    `link to a local file "${url.slice(0, 80)}" works only on the author's computer`,
    RULES.fileLink,
    'link to an http(s) address instead',
  );
}

function checkImage(node: Image, index: number, parent: Parent, file: VFile, options: RemarkLinksOptions) {
  const drop = () => {
    parent.children.splice(index, 1);
    return [SKIP, index] as [typeof SKIP, number];
  };
  const url = node.url.trim();
  const shown = url.length > 80 ? `${url.slice(0, 77)}…` : url;
  const scheme = schemeOf(url);
  if (url === '') {
    report(
      file,
      node,
      'image has no path',
      RULES.imagePath,
      'write the path of the image file, e.g. ![Chart](images/chart.png)',
    );
    return drop();
  }
  if (scheme && UNSAFE.has(scheme)) {
    report(
      file,
      node,
      `image with a "${scheme}:" address is not allowed`,
      RULES.unsafeImage,
      'save the image in the content folder and give its relative path',
    );
    return drop();
  }
  if (url.startsWith('//') || scheme !== undefined) {
    report(
      file,
      node,
      `remote image "${shown}" refused and left out (the edition loads nothing from the network)`,
      RULES.remoteImage,
      'download the image into the content folder and give its relative path',
    );
    return drop();
  }

  let relative: string;
  try {
    relative = decodeURIComponent(url.replace(/[?#].*$/, ''));
  } catch {
    report(
      file,
      node,
      `image path "${shown}" has a malformed %-escape`,
      RULES.imagePath,
      'write the path without % escapes',
    );
    return drop();
  }
  const here = file.path ? path.dirname(file.path) : file.cwd;
  const root = path.resolve(options.contentDir ?? here);
  const target = path.resolve(here, relative);
  const outside = () => {
    report(
      file,
      node,
      `image "${shown}" is outside the content folder`,
      RULES.imageOutsideContent,
      'copy the image into the content folder (e.g. next to this file) and give its relative path',
    );
    return drop();
  };
  if (!isInside(root, target)) return outside();
  const folder = { root, name: 'content folder' };
  const found = resolveInside(folder, target);
  if (isProblem(found)) {
    // A symbolic link inside the folder may still point outside it.
    if (found.code === 'link-outside') return outside();
    if (found.code === 'missing') {
      report(
        file,
        node,
        `image "${shown}" not found`,
        RULES.missingImage,
        `add the file ${path.relative(root, target)} to the content folder, or fix the path (it is relative to this file)`,
      );
    } else {
      report(file, node, `image "${shown}" ${found.message}`, imageRule(found.rule), found.fix);
    }
    return drop();
  }
  const type = IMAGE_TYPES[path.extname(target).toLowerCase()];
  if (!type) {
    report(
      file,
      node,
      `image "${shown}" is not a PNG, JPEG or SVG file`,
      RULES.imageType,
      'convert it to .png, .jpg or .svg',
    );
    return drop();
  }
  let bytes: Buffer;
  try {
    bytes = readInsideSync(folder, target);
  } catch (error) {
    if (!(error instanceof BriefingError)) throw error;
    const d = error.diagnostics[0]!;
    report(file, node, `image "${shown}" ${d.message}`, imageRule(d.rule), d.fix ?? '');
    return drop();
  }
  const costly = imageCostProblem(bytes, type);
  if (costly) {
    report(file, node, `image "${shown}" ${costly.message}`, RULES.limitsImage, costly.fix);
    return drop();
  }
  node.url = `data:${type};base64,${bytes.toString('base64')}`;
  return undefined;
}

/** The image rule for a problem src/paths.ts found reading an image file. */
function imageRule(fileRule: string): Rule {
  switch (fileRule) {
    case RULES.fileOutsideFolder.id:
      return RULES.imageOutsideFolder;
    case RULES.fileNotRegular.id:
      return RULES.imageNotRegular;
    case RULES.fileTooLarge.id:
      return RULES.imageTooLarge;
    default:
      return RULES.imageUnreadable;
  }
}

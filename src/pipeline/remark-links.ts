// Links and images are Markdown, not raw HTML, so remark-raw-html does not see them; they are checked
// here. Nothing that can run: `javascript:`, `vbscript:` and `data:` link addresses are errors (the
// link is dropped, its text kept); `file:` links only work on the author's machine (a warning). Nothing
// fetched from elsewhere: a remote image is refused with a warning and removed (the print page loads
// nothing from the network and the web edition's CSP would block it). Nothing read from outside the
// content folder: a local image must resolve inside it (`../../etc/passwd` is an error and never
// reaches the output); a local PNG, JPEG or SVG is inlined as a data: URL, so the output stays one file.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Definition, Image, Link, Parent, PhrasingContent, Root, Text } from 'mdast';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';
import { report } from './data.js';
import { svgWithFonts } from './svg-fonts.js';
import { BriefingError } from '../messages.js';
import { isInside, isProblem, readInsideSync, resolveInside } from '../paths.js';
import { imageCostProblem } from '../image-limits.js';
import { RULES, type Rule } from '../rules.js';

export interface RemarkLinksOptions {
  /** Images must resolve inside this folder (the content folder with briefing.yaml). */
  contentDir?: string;
  /** Link reference definitions of every file of the edition, by normalized label (collected before any file runs). */
  editionDefinitions?: Map<string, Definition>;
  /**
   * A translation's locale folder and its source's: an image a translated file names that its folder
   * lacks is the source's at the same place (translators copy the text, not the pictures); one of its
   * own (a localized chart) wins.
   */
  sourceImages?: { translation: string; source: string };
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

/** A problem with an image: reported at the image, which is left out. */
interface ImageProblem {
  message: string;
  rule: Rule;
  fix: string;
}

function checkImage(node: Image, index: number, parent: Parent, file: VFile, options: RemarkLinksOptions) {
  const url = node.url.trim();
  const shown = url.length > 80 ? `${url.slice(0, 77)}…` : url;
  const read = readImage(url, shown, file, options);
  if ('problem' in read) {
    report(file, node, read.problem.message, read.problem.rule, read.problem.fix);
    parent.children.splice(index, 1);
    return [SKIP, index] as [typeof SKIP, number];
  }
  // Given as the element's src, not as the node's url: turning the tree into HTML normalizes a url
  // character by character (~0.4 s for a README's 12 MB of images), and a data: URL needs none of it.
  const bytes = read.type === 'image/svg+xml' ? Buffer.from(svgWithFonts(read.bytes.toString('utf8'))) : read.bytes;
  const src = `data:${read.type};base64,${bytes.toString('base64')}`;
  node.data = { ...node.data, hProperties: { ...node.data?.hProperties, src } };
  return undefined;
}

/** The image file an address names, read, or why it is refused. */
function readImage(
  url: string,
  shown: string,
  file: VFile,
  options: RemarkLinksOptions,
): { problem: ImageProblem } | { type: string; bytes: Buffer } {
  const address = imageAddress(url, shown);
  if ('problem' in address) return address;
  const here = file.path ? path.dirname(file.path) : file.cwd;
  const root = path.resolve(options.contentDir ?? here);
  const target = sourceTwin(path.resolve(here, address.relative), options.sourceImages);
  const located = locateImage(root, target, shown);
  if (located) return { problem: located };
  const type = IMAGE_TYPES[path.extname(target).toLowerCase()];
  if (!type) {
    return {
      problem: {
        message: `image "${shown}" is not a PNG, JPEG or SVG file`,
        rule: RULES.imageType,
        fix: 'convert it to .png, .jpg or .svg',
      },
    };
  }
  let bytes: Buffer;
  try {
    bytes = readInsideSync({ root, name: 'content folder' }, target);
  } catch (error) {
    if (!(error instanceof BriefingError)) throw error;
    const d = error.diagnostics[0]!;
    return { problem: { message: `image "${shown}" ${d.message}`, rule: imageRule(d.rule), fix: d.fix ?? '' } };
  }
  const costly = imageCostProblem(bytes, type);
  if (costly)
    return { problem: { message: `image "${shown}" ${costly.message}`, rule: RULES.limitsImage, fix: costly.fix } };
  return { type, bytes };
}

/** The source locale's file at a translation's missing image's place, when there is one; else the path. */
function sourceTwin(target: string, folders: RemarkLinksOptions['sourceImages']): string {
  if (!folders || !isInside(folders.translation, target) || existsSync(target)) return target;
  const twin = path.join(folders.source, path.relative(folders.translation, target));
  return existsSync(twin) ? twin : target;
}

/** The relative path an image's address gives, or why the address is refused (empty, unsafe, remote). */
function imageAddress(url: string, shown: string): { problem: ImageProblem } | { relative: string } {
  const scheme = schemeOf(url);
  if (url === '') {
    return {
      problem: {
        message: 'image has no path',
        rule: RULES.imagePath,
        fix: 'write the path of the image file, e.g. ![Chart](images/chart.png)',
      },
    };
  }
  if (scheme && UNSAFE.has(scheme)) {
    return {
      problem: {
        message: `image with a "${scheme}:" address is not allowed`,
        rule: RULES.unsafeImage,
        fix: 'save the image in the content folder and give its relative path',
      },
    };
  }
  if (url.startsWith('//') || scheme !== undefined) {
    return {
      problem: {
        message: `remote image "${shown}" refused and left out (the edition loads nothing from the network)`,
        rule: RULES.remoteImage,
        fix: 'download the image into the content folder and give its relative path',
      },
    };
  }
  try {
    return { relative: decodeURIComponent(url.replace(/[?#].*$/, '')) };
  } catch {
    return {
      problem: {
        message: `image path "${shown}" has a malformed %-escape`,
        rule: RULES.imagePath,
        fix: 'write the path without % escapes',
      },
    };
  }
}

/** Why the image file cannot be read where it is (outside the content folder, missing…), if it cannot. */
function locateImage(root: string, target: string, shown: string): ImageProblem | undefined {
  const outside: ImageProblem = {
    message: `image "${shown}" is outside the content folder`,
    rule: RULES.imageOutsideContent,
    fix: 'copy the image into the content folder (e.g. next to this file) and give its relative path',
  };
  if (!isInside(root, target)) return outside;
  const found = resolveInside({ root, name: 'content folder' }, target);
  if (!isProblem(found)) return undefined;
  // A symbolic link inside the folder may still point outside it.
  if (found.code === 'link-outside') return outside;
  if (found.code === 'missing') {
    return {
      message: `image "${shown}" not found`,
      rule: RULES.missingImage,
      fix: `add the file ${path.relative(root, target)} to the content folder, or fix the path (it is relative to this file)`,
    };
  }
  return { message: `image "${shown}" ${found.message}`, rule: imageRule(found.rule), fix: found.fix };
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

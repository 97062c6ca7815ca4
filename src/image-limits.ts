// What an image costs to draw, told from its bytes before anything decodes or renders it. A 279 kB
// PNG can declare 23,000 × 23,000 pixels (2.2 GB once Chromium decodes it), and a 3 kB SVG whose
// `<use>` elements each repeat the group before them ten times draws 10^9 shapes (the print timed
// out twice, ~4 min, and Chromium was blamed). So raster sizes are read from the file's header (PNG,
// JPEG, GIF, WebP) and checked against maxImagePixels, and an SVG's elements are counted with every
// `<use>` expanded (saxes: a streaming parser, no DTD, no entities) against maxSvgElements.
import { SaxesParser } from 'saxes';
import { limits } from './limits.js';

export interface ImageProblem {
  /** Completes "image "x.png" …". */
  message: string;
  fix: string;
}

/** Why this image is too costly to draw, or undefined when it is within the limits (or its size cannot be told). */
export function imageCostProblem(bytes: Buffer, mime: string): ImageProblem | undefined {
  if (mime === 'image/svg+xml') return svgProblem(bytes.toString('utf8'));
  const size = rasterSize(bytes, mime);
  const { maxImagePixels } = limits();
  if (!size || size.width * size.height <= maxImagePixels) return undefined;
  const mp = (n: number) => `${+(n / 1_000_000).toFixed(1)} megapixels`;
  return {
    message: `is ${size.width} × ${size.height} pixels (${mp(size.width * size.height)}), more than the limit of ${mp(maxImagePixels)}: decoding it would take ${Math.round((size.width * size.height * 4) / 1_000_000)} MB`,
    fix: 'scale the image down (300 dpi over a full page is under 10 megapixels), or raise `limits: { maxImageMegapixels }` / BRIEFING_MAX_IMAGE_MEGAPIXELS',
  };
}

/** Width and height from a raster image's header, or undefined when the header cannot be read. */
export function rasterSize(bytes: Buffer, mime: string): { width: number; height: number } | undefined {
  if (mime === 'image/png') {
    // Signature (8), IHDR length (4) and type (4), then width and height, big-endian.
    if (bytes.length < 24 || bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (mime === 'image/jpeg') return jpegSize(bytes);
  if (mime === 'image/gif') {
    if (bytes.length < 10 || !bytes.toString('latin1', 0, 3).startsWith('GIF')) return undefined;
    return { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
  }
  if (mime === 'image/webp') return webpSize(bytes);
  return undefined;
}

/** The frame size from a JPEG's first start-of-frame marker (segments skipped by their lengths). */
function jpegSize(bytes: Buffer): { width: number; height: number } | undefined {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), carry height then width.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    if (marker === 0xda) return undefined; // image data before any frame header
    at += 2 + bytes.readUInt16BE(at + 2);
  }
  return undefined;
}

function webpSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length < 30 || bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WEBP')
    return undefined;
  const chunk = bytes.toString('latin1', 12, 16);
  if (chunk === 'VP8X') return { width: 1 + bytes.readUIntLE(24, 3), height: 1 + bytes.readUIntLE(27, 3) };
  if (chunk === 'VP8 ') return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
  if (chunk === 'VP8L') {
    const bits = bytes.readUInt32LE(21);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) };
  }
  return undefined;
}

/** Deeper than any drawing program nests groups; the count below recurses once per level. */
const MAX_SVG_DEPTH = 1000;

interface SvgElement {
  children: SvgElement[];
  /** The `#id` a `<use>` points at. */
  use?: string;
}

/** An SVG whose elements, with every `<use>` expanded, exceed the limit (or refer in a circle). */
function svgProblem(text: string): ImageProblem | undefined {
  const { maxSvgElements } = limits();
  const ids = new Map<string, SvgElement>();
  const root: SvgElement = { children: [] };
  const stack: SvgElement[] = [root];
  const parser = new SaxesParser({ xmlns: false });
  let broken = false;
  let tooDeep = false;
  parser.on('error', () => {
    broken = true;
  });
  parser.on('opentag', (tag) => {
    const element: SvgElement = { children: [] };
    const href = tag.attributes['href'] ?? tag.attributes['xlink:href'];
    if (tag.name === 'use' && typeof href === 'string' && href.startsWith('#')) element.use = href.slice(1);
    const id = tag.attributes['id'];
    if (typeof id === 'string') ids.set(id, element);
    stack.at(-1)!.children.push(element);
    stack.push(element);
    if (stack.length > MAX_SVG_DEPTH) tooDeep = true;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  try {
    parser.write(text).close();
  } catch {
    broken = true;
  }
  if (tooDeep)
    return {
      message: `is an SVG with elements nested more than ${MAX_SVG_DEPTH} deep`,
      fix: 'simplify the drawing (ungroup it)',
    };
  // A file saxes cannot read is left to the browser's own parser (which then draws nothing or little).
  if (broken) return undefined;
  const count = countElements(root, ids, maxSvgElements);
  if (count <= maxSvgElements) return undefined;
  return {
    message:
      count === Infinity
        ? 'is an SVG whose <use> elements refer to each other in a circle'
        : `is an SVG that draws more than ${maxSvgElements} elements once its <use> elements are expanded (they repeat one another)`,
    fix: 'simplify the drawing (export it again without nested <use>), or raise `limits: { maxSvgElements }` / BRIEFING_MAX_SVG_ELEMENTS',
  };
}

/**
 * Elements drawn, each `<use>` counted as the element it repeats; computed once per element and
 * stopped just past `max` (a bomb's true count can be 10^9 or more). Infinity for a circular `<use>`.
 */
function countElements(root: SvgElement, ids: Map<string, SvgElement>, max: number): number {
  const sizes = new Map<SvgElement, number>();
  const visiting = new Set<SvgElement>();
  const size = (element: SvgElement): number => {
    const known = sizes.get(element);
    if (known !== undefined) return known;
    if (visiting.has(element)) return Infinity;
    visiting.add(element);
    let total = 1;
    const target = element.use !== undefined ? ids.get(element.use) : undefined;
    if (target) total += size(target);
    for (const child of element.children) {
      if (total > max) break;
      total += size(child);
    }
    visiting.delete(element);
    sizes.set(element, total);
    return total;
  };
  return size(root) - 1;
}

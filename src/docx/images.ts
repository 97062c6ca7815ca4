// Images (data: URLs the pipeline inlined from the content folder) → Word pictures at their pixel
// size (96 per inch), scaled down to the text width; SVG keeps a PNG stand-in for old Word versions.
import type { Element } from 'hast';
import { ImageRun, TextRun, type ParagraphChild } from 'docx';
import { rasterSize } from '../image-limits.js';
import type { DocxContext, Where } from './context.js';
import { RULES } from '../rules.js';

const TYPES: Record<string, 'png' | 'jpg' | 'gif' | 'svg'> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/svg+xml': 'svg',
};

// A 1×1 transparent PNG: what Word before 2016 shows for an SVG (the SVG is what every reader since shows).
const BLANK_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg==',
  'base64',
);

export function imageRun(node: Element, ctx: DocxContext, where: Where): ParagraphChild[] {
  const src = typeof node.properties.src === 'string' ? node.properties.src : '';
  const alt = typeof node.properties.alt === 'string' ? node.properties.alt : '';
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(src);
  const type = match ? TYPES[match[1]!.toLowerCase()] : undefined;
  if (!match || !type) {
    ctx.report(
      where,
      RULES.docxImage,
      `image "${alt || src.slice(0, 40)}" is not an embedded PNG, JPEG, GIF or SVG: the Word edition shows its description`,
    );
    return [new TextRun({ text: `[${alt}]` })];
  }
  const data = Buffer.from(match[2]!, 'base64');
  const size = (type === 'svg' ? svgSize(data) : rasterSize(data, match[1]!.toLowerCase())) ?? {
    width: ctx.imageWidth,
    height: ctx.imageWidth * 0.75,
  };
  const scale = Math.min(1, ctx.imageWidth / size.width);
  const transformation = { width: Math.round(size.width * scale), height: Math.round(size.height * scale) };
  const altText = { name: alt, description: alt, title: alt };
  if (type === 'svg') {
    return [new ImageRun({ type, data, transformation, altText, fallback: { type: 'png', data: BLANK_PNG } })];
  }
  return [new ImageRun({ type, data, transformation, altText })];
}

/** An SVG's size in pixels from its width/height, else its viewBox. */
function svgSize(data: Buffer): { width: number; height: number } | undefined {
  const head = /<svg\b[^>]*>/i.exec(data.toString('utf8', 0, 4096))?.[0] ?? '';
  const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*["']\\s*([\\d.]+)(px)?\\s*["']`).exec(head)?.[1];
  const width = Number(attr('width'));
  const height = Number(attr('height'));
  if (width > 0 && height > 0) return { width, height };
  const box = /\bviewBox\s*=\s*["']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(head);
  return box ? { width: Number(box[1]), height: Number(box[2]) } : undefined;
}

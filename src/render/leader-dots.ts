// The contents' dotted leader as one small PNG tile of the theme's `muted` colour (print only).
// Chromium printed the radial-gradient dots by rasterizing each entry's whole row at 72 dpi into an
// image of its own (Skia: a pattern and an image per entry; 20 × the review: 23 contents pages,
// ~0.4 s a print, 1.3 MB); one decoded image is written once and each entry's row is a small
// pattern that draws it (~0.17 s, 0.06 MB over no leader), and its dots are the gradient's own
// shape, sharp at 1440 dpi, where the gradient's were blurred 72 dpi pixels.
import { deflateSync } from 'node:zlib';
import { converter, modeHsl, modeHwb, modeRgb, parse, useMode } from 'culori/fn';

/** Device pixels per point: 1440 dpi. A tile of 3.2 × 3 pt is 64 × 60 pixels. */
const SCALE = 20;
/**
 * The tile (pt): the dots' pitch across, 3 pt (4 CSS px) high, the dot in its middle: the gradient's
 * 3.2 pt tile as Chromium drew it (snapped to whole pixels high, its top kept: print.css places this
 * one's top there, so rows snap alike; measured on the review's contents within 0.06 pt).
 */
export const LEADER_TILE = { width: 3.2, height: 3 };
/** The gradient's stops (pt): solid to 0.45, transparent from 0.6, straight in between. */
const SOLID = 0.45;
const EDGE = 0.6;
/** Samples per pixel side, averaged (the dot's edge is 3 pixels wide). */
const SUB = 4;

let toRgb: ReturnType<typeof converter<'rgb'>> | undefined;
const memo = new Map<string, string>();

/**
 * The CSS image print.css draws the leader with (one tile, centred dot): a PNG of `color`, or —
 * for a colour this cannot turn into sRGB bytes exactly as Chromium does (lab(), color-mix(), var()…) —
 * the radial gradient it replaces, in the same tile and place.
 */
export function leaderDots(color: string): string {
  let css = memo.get(color);
  if (css === undefined) {
    const rgba = srgbBytes(color);
    css = rgba
      ? `url("data:image/png;base64,${dotTile(rgba).toString('base64')}")`
      : `radial-gradient(circle, var(--muted) ${SOLID}pt, transparent ${EDGE}pt)`;
    memo.set(color, css);
  }
  return css;
}

/** #rgb, #rgba, #rrggbb, #rrggbbaa, named colours, rgb(), hsl(), hwb() → [r, g, b, a] bytes. */
export function srgbBytes(color: string): [number, number, number, number] | undefined {
  if (!toRgb) {
    useMode(modeRgb);
    useMode(modeHsl);
    useMode(modeHwb);
    toRgb = converter('rgb');
  }
  const parsed = parse(color.trim());
  if (!parsed || !['rgb', 'hsl', 'hwb'].includes(parsed.mode)) return undefined;
  const c = toRgb(parsed);
  const byte = (v: number | undefined) => Math.round(Math.min(1, Math.max(0, v ?? 0)) * 255);
  return [byte(c.r), byte(c.g), byte(c.b), byte(c.alpha ?? 1)];
}

/** The tile as an RGBA PNG: the colour everywhere, its alpha the gradient's at each pixel (supersampled). */
export function dotTile([r, g, b, a]: [number, number, number, number]): Buffer {
  const w = Math.round(LEADER_TILE.width * SCALE);
  const h = Math.round(LEADER_TILE.height * SCALE);
  const raw = Buffer.alloc((1 + w * 4) * h);
  for (let y = 0; y < h; y++) {
    const row = y * (1 + w * 4); // filter byte 0: none
    for (let x = 0; x < w; x++) {
      const at = row + 1 + x * 4;
      raw[at] = r;
      raw[at + 1] = g;
      raw[at + 2] = b;
      raw[at + 3] = Math.round((pixelCover(x, y, w, h) / SUB / SUB) * a);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter choice, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Half a pixel's diagonal (pt), and a hair beyond any rounding of the distances. */
const REACH = Math.SQRT1_2 / SCALE + 1e-9;

/**
 * The sum of a pixel's SUB × SUB samples' coverage (1 inside SOLID, 0 beyond EDGE, straight
 * between). A pixel wholly beyond the edge (every sample 0) or wholly inside the solid part (every
 * sample 1) is not sampled: the same sum, 0 or 16, for all but the ~300 pixels of the dot's rim
 * (sampling all 3840 pixels took ~15 ms of every build).
 */
export function pixelCover(x: number, y: number, w: number, h: number): number {
  const centre = Math.hypot(x + 0.5 - w / 2, y + 0.5 - h / 2) / SCALE;
  if (centre - REACH > EDGE) return 0;
  if (centre + REACH < SOLID) return SUB * SUB;
  return sampledCover(x, y, w, h);
}

/** The sum of the pixel's samples' coverage, each sampled. */
export function sampledCover(x: number, y: number, w: number, h: number): number {
  let cover = 0;
  for (let j = 0; j < SUB; j++) {
    for (let i = 0; i < SUB; i++) {
      const dx = (x + (i + 0.5) / SUB - w / 2) / SCALE;
      const dy = (y + (j + 0.5) / SUB - h / 2) / SCALE;
      cover += Math.min(1, Math.max(0, (EDGE - Math.hypot(dx, dy)) / (EDGE - SOLID)));
    }
  }
  return cover;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

let table: Uint32Array | undefined;

function crc32(bytes: Buffer): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const byte of bytes) c = table[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

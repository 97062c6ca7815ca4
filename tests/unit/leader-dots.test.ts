// The contents' dotted leader made from the theme: a PNG tile of the muted colour (its pixels read
// back here), or the radial gradient for a colour that is not plain sRGB.
import { describe, expect, it } from 'vitest';
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, inflateSync } from 'node:zlib';
import { dotTile, leaderDots, pixelCover, sampledCover, srgbBytes } from '../../src/render/leader-dots.js';
import { loadTheme } from '../../src/render/theme.js';
import { themeCss } from '../../src/render/theme-css.js';
import { ROOT, tempDir } from '../support/cli.js';

/** A non-interlaced 8-bit RGBA PNG → width, height, pixels (every chunk's CRC checked). */
function readPng(png: Buffer): { width: number; height: number; at: (x: number, y: number) => number[] } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let offset = 8;
  let header: Buffer | undefined;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const body = png.subarray(offset + 4, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length)).toBe(crc32(body));
    const type = body.subarray(0, 4).toString('latin1');
    if (type === 'IHDR') header = body.subarray(4);
    if (type === 'IDAT') data.push(body.subarray(4));
    offset += length + 12;
  }
  const width = header!.readUInt32BE(0);
  const height = header!.readUInt32BE(4);
  expect([...header!.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
  const raw = inflateSync(Buffer.concat(data));
  expect(raw.length).toBe((width * 4 + 1) * height);
  return {
    width,
    height,
    at: (x, y) => {
      const row = y * (width * 4 + 1);
      expect(raw[row]).toBe(0); // no filter
      return [...raw.subarray(row + 1 + x * 4, row + 5 + x * 4)];
    },
  };
}

function pngOf(css: string): Buffer {
  const m = /url\("data:image\/png;base64,([A-Za-z0-9+/=]+)"\)/.exec(css);
  expect(m, css.slice(0, 200)).not.toBeNull();
  return Buffer.from(m![1]!, 'base64');
}

describe('leader dots', () => {
  it('reads the sRGB colours CSS writes plainly, and no others', () => {
    expect(srgbBytes('#555555')).toEqual([85, 85, 85, 255]);
    expect(srgbBytes(' #C00 ')).toEqual([204, 0, 0, 255]);
    expect(srgbBytes('#11223380')).toEqual([17, 34, 51, 128]);
    expect(srgbBytes('rebeccapurple')).toEqual([102, 51, 153, 255]);
    expect(srgbBytes('rgb(10 20 30 / 50%)')).toEqual([10, 20, 30, 128]);
    expect(srgbBytes('hsl(120 100% 25%)')).toEqual([0, 128, 0, 255]);
    expect(srgbBytes('hwb(0 0% 0%)')).toEqual([255, 0, 0, 255]);
    for (const other of [
      'oklch(0.5 0.1 200)',
      'lab(50% 20 30)',
      'color-mix(in srgb, red, blue)',
      'var(--x)',
      'nonsense',
    ]) {
      expect(srgbBytes(other), other).toBeUndefined();
    }
  });

  it('draws one dot, 0.9 pt across with a 0.15 pt soft edge, in the middle of a 3.2 × 3 pt tile at 1440 dpi', () => {
    const tile = readPng(dotTile([192, 16, 32, 255]));
    expect([tile.width, tile.height]).toEqual([64, 60]);
    expect(tile.at(31, 29)).toEqual([192, 16, 32, 255]);
    expect(tile.at(32, 30)).toEqual([192, 16, 32, 255]);
    for (const [x, y] of [
      [0, 0],
      [63, 59],
      [19, 30],
      [44, 30],
      [32, 17],
      [32, 43],
    ] as const) {
      expect(tile.at(x, y), `${x},${y}`).toEqual([192, 16, 32, 0]);
    }
    // Within the solid radius (0.45 pt = 9 px) full; the ink in all: the gradient's, π·0.45² + the ramp's.
    expect(tile.at(32 + 7, 30)[3]).toBe(255);
    let ink = 0;
    for (let y = 0; y < 60; y++) for (let x = 0; x < 64; x++) ink += tile.at(x, y)[3]! / 255;
    const ramp = ((2 * Math.PI) / 0.15) * (0.3 * 0.6 ** 2 - 0.6 ** 3 / 3 - (0.3 * 0.45 ** 2 - 0.45 ** 3 / 3));
    expect(ink / 400).toBeCloseTo(Math.PI * 0.45 ** 2 + ramp, 2);
    // The colour's own alpha scales the dot's.
    expect(readPng(dotTile([0, 0, 0, 128])).at(32, 30)).toEqual([0, 0, 0, 128]);
  });

  it('sums every pixel as sampling it would: only the dot’s rim is sampled', () => {
    let sampled = 0;
    for (let y = 0; y < 60; y++) {
      for (let x = 0; x < 64; x++) {
        const cover = sampledCover(x, y, 64, 60);
        expect(pixelCover(x, y, 64, 60)).toBe(cover);
        if (cover !== 0 && cover !== 16) sampled += 1;
      }
    }
    // The rim is partly covered; the tile has pixels wholly out and wholly in.
    expect(sampled).toBeGreaterThan(100);
    expect(sampledCover(0, 0, 64, 60)).toBe(0);
    expect(sampledCover(32, 30, 64, 60)).toBe(16);
  });

  it('falls back to the radial gradient of var(--muted), in the same tile, for other colours', () => {
    expect(leaderDots('oklch(0.5 0.1 200)')).toBe('radial-gradient(circle, var(--muted) 0.45pt, transparent 0.6pt)');
    expect(leaderDots('#555')).toBe(leaderDots('#555'));
  });

  it('is set from the theme’s muted colour in the print CSS only', async () => {
    const dir = path.join(tempDir('briefing-leader-'), 'templates');
    cpSync(path.join(ROOT, 'templates'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'theme.yaml'), 'colors:\n  muted: "#2e7d32"\n');
    const theme = await loadTheme(dir);
    const print = themeCss(theme, 'print');
    const tile = readPng(pngOf(/--leader-dots: (.*);/.exec(print)![1]!));
    expect(tile.at(32, 30)).toEqual([0x2e, 0x7d, 0x32, 255]);
    expect(themeCss(theme, 'screen')).not.toContain('--leader-dots');
    const shipped = themeCss(await loadTheme(path.join(ROOT, 'templates')), 'print');
    expect(readPng(pngOf(shipped)).at(32, 30)).toEqual([85, 85, 85, 255]);
  });
});

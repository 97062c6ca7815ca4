// An sRGB ICC profile (ICC.1 version 2.1, display class), made here instead of shipped: PDF/A wants
// the colours Chromium writes as DeviceRGB tied to a device-independent space through an OutputIntent,
// and the numbers that define sRGB (IEC 61966-2-1: its primaries adapted to D50, its tone curve) are
// all a profile holds. ~2.6 kB, the same bytes every time, nobody's licence to carry.

/** The ICC profile's description, also the OutputIntent's OutputConditionIdentifier. */
export const SRGB_NAME = 'sRGB IEC61966-2.1';

/** sRGB primaries and white, Bradford-adapted to the D50 profile connection space (as in IEC 61966-2-1's profiles). */
const RED = [0.436066, 0.222488, 0.013916];
const GREEN = [0.385147, 0.716873, 0.097076];
const BLUE = [0.143066, 0.060608, 0.714096];
const D50 = [0.964203, 1.0, 0.824905];
const CURVE_POINTS = 1024;

let made: Uint8Array | undefined;

export function srgbProfile(): Uint8Array {
  made ??= build();
  return made;
}

function build(): Uint8Array {
  const curve = curv();
  const tags: Array<[string, Uint8Array]> = [
    ['desc', desc(SRGB_NAME)],
    ['cprt', text('No copyright, use freely')],
    ['wtpt', xyz(D50)],
    ['rXYZ', xyz(RED)],
    ['gXYZ', xyz(GREEN)],
    ['bXYZ', xyz(BLUE)],
    ['rTRC', curve],
    ['gTRC', curve],
    ['bTRC', curve],
  ];
  // Header, tag count and table, then each distinct tag's data 4-byte aligned (the curve once).
  const offsets = new Map<Uint8Array, number>();
  let at = 128 + 4 + tags.length * 12;
  const blocks: Uint8Array[] = [];
  for (const [, data] of tags) {
    if (offsets.has(data)) continue;
    offsets.set(data, at);
    const padded = new Uint8Array(Math.ceil(data.length / 4) * 4);
    padded.set(data);
    blocks.push(padded);
    at += padded.length;
  }
  const out = new Uint8Array(at);
  const view = new DataView(out.buffer);
  view.setUint32(0, at);
  view.setUint32(8, 0x02100000); // version 2.1.0
  ascii(out, 12, 'mntr');
  ascii(out, 16, 'RGB ');
  ascii(out, 20, 'XYZ ');
  [2026, 1, 1, 0, 0, 0].forEach((n, i) => view.setUint16(24 + i * 2, n));
  ascii(out, 36, 'acsp');
  view.setUint32(64, 0); // perceptual
  D50.forEach((n, i) => view.setInt32(68 + i * 4, fixed(n)));
  view.setUint32(128, tags.length);
  tags.forEach(([signature, data], i) => {
    ascii(out, 132 + i * 12, signature);
    view.setUint32(136 + i * 12, offsets.get(data)!);
    view.setUint32(140 + i * 12, data.length);
  });
  let offset = 128 + 4 + tags.length * 12;
  for (const block of blocks) {
    out.set(block, offset);
    offset += block.length;
  }
  return out;
}

/** The sRGB tone curve (linear toe, 2.4 power), sampled. */
function curv(): Uint8Array {
  const out = new Uint8Array(12 + CURVE_POINTS * 2);
  const view = new DataView(out.buffer);
  ascii(out, 0, 'curv');
  view.setUint32(8, CURVE_POINTS);
  for (let i = 0; i < CURVE_POINTS; i += 1) {
    const v = i / (CURVE_POINTS - 1);
    const linear = v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    view.setUint16(12 + i * 2, Math.round(linear * 65535));
  }
  return out;
}

function xyz([x, y, z]: number[]): Uint8Array {
  const out = new Uint8Array(20);
  const view = new DataView(out.buffer);
  ascii(out, 0, 'XYZ ');
  [x!, y!, z!].forEach((n, i) => view.setInt32(8 + i * 4, fixed(n)));
  return out;
}

/** textDescriptionType (version 2): ASCII, with empty Unicode and ScriptCode parts. */
function desc(value: string): Uint8Array {
  const out = new Uint8Array(12 + value.length + 1 + 4 + 4 + 2 + 1 + 67);
  const view = new DataView(out.buffer);
  ascii(out, 0, 'desc');
  view.setUint32(8, value.length + 1);
  ascii(out, 12, value);
  return out;
}

function text(value: string): Uint8Array {
  const out = new Uint8Array(8 + value.length + 1);
  ascii(out, 0, 'text');
  ascii(out, 8, value);
  return out;
}

function ascii(out: Uint8Array, at: number, value: string): void {
  for (let i = 0; i < value.length; i += 1) out[at + i] = value.charCodeAt(i);
}

/** s15Fixed16Number. */
function fixed(n: number): number {
  return Math.round(n * 65536);
}

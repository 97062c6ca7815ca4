// SHA-256 in the page (no crypto.subtle: the print page is not a secure context), so that the
// page answers a chapter's or a part's key with 64 characters rather than its HTML: at 20 × the
// review the edition's HTML sent over the DevTools pipe for its keys cost ~0.15 s of Chromium's CPU
// each time, its digest here ~0.05 s.

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

/**
 * The 64-byte blocks of `bytes` from `from` to `to` into the state `h` (`w`: the message schedule,
 * reused). The state is kept in locals across blocks and the words read four bytes at a time: a
 * block at a time with the state read and written through the array ran at ~40 MB/s, this ~3 × that.
 */
function compress(h: Int32Array, w: Int32Array, bytes: Uint8Array, from: number, to: number): void {
  let h0 = h[0]!;
  let h1 = h[1]!;
  let h2 = h[2]!;
  let h3 = h[3]!;
  let h4 = h[4]!;
  let h5 = h[5]!;
  let h6 = h[6]!;
  let h7 = h[7]!;
  for (let at = from; at < to; at += 64) {
    for (let i = 0; i < 16; i += 1) {
      const j = at + i * 4;
      w[i] = (bytes[j]! << 24) | (bytes[j + 1]! << 16) | (bytes[j + 2]! << 8) | bytes[j + 3]!;
    }
    for (let i = 16; i < 64; i += 1) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    let f = h5;
    let g = h6;
    let k = h7;
    for (let i = 0; i < 64; i += 1) {
      const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (k + s1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
      const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + k) | 0;
  }
  h.set([h0, h1, h2, h3, h4, h5, h6, h7]);
}

/** SHA-256 of bytes, in hex (FIPS 180-4). */
export function sha256Bytes(bytes: Uint8Array): string {
  const h = new Int32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const w = new Int32Array(64);
  const whole = bytes.length - (bytes.length % 64);
  compress(h, w, bytes, 0, whole);
  // The rest, 0x80, zeros and the length in bits: one block or two.
  const tail = new Uint8Array(bytes.length % 64 < 56 ? 64 : 128);
  tail.set(bytes.subarray(whole));
  tail[bytes.length - whole] = 0x80;
  const bits = bytes.length * 8;
  const end = tail.length;
  tail[end - 5] = Math.floor(bits / 2 ** 32) & 0xff;
  for (let i = 0; i < 4; i += 1) tail[end - 1 - i] = (bits >>> (8 * i)) & 0xff;
  compress(h, w, tail, 0, end);
  return Array.from(h, (x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
}

/**
 * SHA-256 of a text: of its UTF-8 (what node:crypto's `update(text)` hashes) when it is well formed;
 * with a lone surrogate (which UTF-8 cannot hold), of 0xFF (never in UTF-8) and its UTF-16 code units,
 * so that no two texts share a digest.
 */
export function sha256Text(text: string): string {
  if (!/[\uD800-\uDFFF]/u.test(text)) return sha256Bytes(new TextEncoder().encode(text));
  const bytes = new Uint8Array(1 + text.length * 2);
  bytes[0] = 0xff;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    bytes[1 + i * 2] = unit & 0xff;
    bytes[2 + i * 2] = unit >>> 8;
  }
  return sha256Bytes(bytes);
}

/** The digests of one holder's texts at its last two calls from 0 (memoDigests), by text. */
interface Memo {
  last: Map<string, string>;
  now: Map<string, string>;
}
const memos = new Map<string, Memo>();

/**
 * The digests of the texts the page holds in `window[holder][field]` (an array of strings), from
 * `from` on, until `most` characters were digested afresh (then the rest is asked in another call:
 * the caller works on these meanwhile). A text digested for the same holder at its last call from
 * 0 or since is not digested again (compared whole: the print view's next print, or a build's
 * next pass, finds most parts as they were: at 20 × the review, a save's print ~70 ms less of Chromium's CPU).
 */
export function heldDigests(holder: string, field: string, from = 0, most = Infinity): string[] {
  const held = (window as unknown as Record<string, Record<string, unknown> | undefined>)[holder]?.[field];
  if (!Array.isArray(held)) return [];
  const memo = memoOf(`${holder}\0${field}`, from === 0);
  const digests: string[] = [];
  let fresh = 0;
  for (let i = from; i < held.length && (fresh < most || i === from); i += 1) {
    const text = String(held[i]);
    let digest = memo.now.get(text) ?? memo.last.get(text);
    if (digest === undefined) {
      digest = sha256Text(text);
      fresh += text.length;
    }
    memo.now.set(text, digest);
    digests.push(digest);
  }
  return digests;
}

/** The holder's memo; `anew`: a new round of calls (the one before it kept, older ones let go). */
function memoOf(name: string, anew: boolean): Memo {
  let memo = memos.get(name);
  if (!memo) memos.set(name, (memo = { last: new Map(), now: new Map() }));
  else if (anew) {
    memo.last = memo.now;
    memo.now = new Map();
  }
  return memo;
}

// Hashes for the manifest and for content-derived IDs. No dependencies: `check` and HTML-only builds
// import this without loading the print module.
import { createHash, webcrypto as crypto } from 'node:crypto';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The last text textDigest hashed, and its digest. */
let lastText: { text: string; digest: string } | undefined;

/**
 * sha256Hex of a text, the last one kept: a build keys the same print HTML several times (its
 * prepared body, its settling, its page-foot notes), each key then made from its digest rather than
 * from the HTML again (20 × the review, 5.5 million characters: ~20 ms a hash).
 */
export function textDigest(text: string): string {
  // (A short text, hashed at once, does not take a long one's place: settleKey('') keys the code.)
  if (text.length < 10_000) return sha256Hex(text);
  if (lastText?.text !== text) lastText = { text, digest: sha256Hex(text) };
  return lastText.digest;
}

/**
 * sha256Hex, computed in the thread pool (Web Crypto's digest: only the copy of `data` it takes is
 * made on this thread): a 20 × edition's PDF, 19 MB, took this thread ~40 ms to hash.
 */
export async function sha256HexSoon(data: Uint8Array): Promise<string> {
  return Buffer.from(await crypto.subtle.digest('SHA-256', data)).toString('hex');
}

/**
 * A content ID (32 hex digits) from everything that determines a document, e.g. the HTML that was
 * printed and its metadata. Each part is length-prefixed, so ("ab", "c") and ("a", "bc") differ.
 */
export function contentId(...parts: Array<string | Uint8Array>): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(`${typeof part === 'string' ? Buffer.byteLength(part) : part.byteLength}:`);
    hash.update(part);
  }
  return hash.digest('hex').slice(0, 32);
}

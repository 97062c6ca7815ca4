// Text for XLIFF files: XML escapes, and characters XML 1.0 cannot hold at all (C0 controls but tab
// and line breaks, U+FFFE/U+FFFF, lone surrogates). Written raw, one of them makes a file no XML
// parser reads (our import included), so each becomes markup the format has for it: XLIFF 2's
// <cp hex="0007"/>, or in XLIFF 1.2 (which has none) an <x/> placeholder whose ctype names it.
const FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- these control characters are what the pattern is for
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

const hex = (c: string) => c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');

/** Escaped XML text; a forbidden character becomes `forbidden(hex)`, or U+FFFD where no markup may stand. */
export function xmlText(value: string, forbidden: (hex: string) => string = () => '\uFFFD'): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(FORBIDDEN, (c) => forbidden(hex(c)));
}

/** XLIFF 2.x: <cp hex="…"/>. */
export const cp20 = (h: string) => `<cp hex="${h}"/>`;

/** XLIFF 1.2: an <x/> placeholder, read back by its ctype. */
export const cp12 = (h: string) => `<x id="cp-${h}" ctype="x-briefing-cp-${h}"/>`;

/** The character a <cp hex> or an <x ctype="x-briefing-cp-…"> stands for ('' if it names none). */
export function fromHex(h: string | undefined): string {
  const n = h !== undefined && /^[0-9A-Fa-f]{1,6}$/.test(h) ? parseInt(h, 16) : NaN;
  return Number.isNaN(n) || n > 0x10ffff ? '' : String.fromCodePoint(n);
}

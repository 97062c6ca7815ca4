// An SVG figure names the fonts of its text (Arial, 'Courier New', sans-serif), and as an <img> it
// sees none of the page's fonts: Chromium takes the machine's (Liberation, DejaVu …), so the PDF would
// differ from machine to machine. So every family an SVG with text names is declared inside it, with
// Briefing's PT fonts as data: URLs (the only thing an SVG image may load): monospaced names get PT
// Mono, serif names PT Serif, the rest PT Sans; the generic keywords and unstyled text are respelled
// or defaulted to those. Only the subsets its characters need are embedded.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';

type Kind = 'sans' | 'serif' | 'mono';

const FONTSOURCE = path.join(PACKAGE_ROOT, 'node_modules', '@fontsource');
const PACKAGES: Record<Kind, { name: string; bold: boolean }> = {
  sans: { name: 'pt-sans', bold: true },
  serif: { name: 'pt-serif', bold: true },
  mono: { name: 'pt-mono', bold: false },
};
/** The name unstyled text and the generic keywords are given. */
const OWN: Record<Kind, string> = { sans: 'Briefing SVG Sans', serif: 'Briefing SVG Serif', mono: 'Briefing SVG Mono' };
const GENERIC: Record<string, Kind> = { 'sans-serif': 'sans', serif: 'serif', monospace: 'mono' };
const SUBSETS: Array<{ subset: string; range: string; used: RegExp }> = [
  {
    subset: 'latin',
    range: 'U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+2000-206F, U+20AC, U+2122, U+2212',
    used: /[\s\S]/,
  },
  { subset: 'latin-ext', range: 'U+0100-024F, U+1E00-1EFF', used: /[\u0100-\u024f\u1e00-\u1eff]/ },
  { subset: 'cyrillic', range: 'U+0400-045F, U+0490-0491, U+04B0-04B1', used: /[\u0400-\u045f]/ },
  { subset: 'cyrillic-ext', range: 'U+0460-052F', used: /[\u0460-\u052f]/ },
];
// A family list in an attribute (font-family="Arial, sans-serif") or a style (font-family: 'Courier New').
// In a style, a quoted name holds no `<`, `>` or `=`: a `"` may be the end of the style attribute.
const FAMILY_LIST =
  /(font-family\s*=\s*)("[^"]*"|'[^']*')|(font-family\s*:\s*)([^;}"'<>]*(?:"[^"<>=]*"[^;}"'<>]*|'[^'<>=]*'[^;}"'<>]*)*)/g;
const BOLD = /font-weight\s*[:=]\s*["']?\s*(?:bold|[6-9]00)/;
const SAFE_NAME = /^[\w ,.-]{1,64}$/; // a comma: a quoted name ('Arial, sans-serif', as LibreOffice writes)

/** The SVG with its fonts declared inside it (unchanged when it has no text). */
export function svgWithFonts(svg: string): string {
  if (!/<text[\s>]/.test(svg)) return svg;
  // Unstyled text is set as Chromium sets it by default: in a serif.
  const named = new Map<string, Kind>([[OWN.serif, 'serif']]);
  const respelled = svg.replace(FAMILY_LIST, (_whole, attr?: string, quoted?: string, prop?: string, list?: string) =>
    attr !== undefined && quoted !== undefined
      ? `${attr}${quoted[0]}${respellList(quoted.slice(1, -1), named)}${quoted[0]}`
      : `${prop}${respellList(list ?? '', named)}`,
  );
  const open = /<svg\b[^>]*>/.exec(respelled);
  if (!open || open[0].endsWith('/>')) return svg;
  const style = `<style>${fontFaces(named, respelled)}svg{font-family:${OWN.serif}}</style>`;
  const at = open.index + open[0].length;
  return respelled.slice(0, at) + style + respelled.slice(at);
}

/**
 * Each family of a list recorded with its kind; generic keywords replaced by Briefing's own names,
 * unquoted (plain words are a family name in CSS; a quote could close the attribute it stands in),
 * and Briefing's own name of the list's kind added last: a list none of whose names is found
 * (`'Arial, sans-serif'` is one family of that name) would fall to the machine's default font.
 */
function respellList(list: string, named: Map<string, Kind>): string {
  let kind: Kind | undefined;
  let endsGeneric = false;
  const parts = [...list.matchAll(/\s*("[^"]*"|'[^']*'|[^,]+?)\s*(?:,|$)/g)].map(([, text]) => {
    const name = text!.replace(/^(["'])(.*)\1$/, '$2').trim();
    const generic = GENERIC[name.toLowerCase()];
    endsGeneric = generic !== undefined;
    if (generic) {
      named.set(OWN[generic], generic);
      return OWN[generic];
    }
    kind ??= kindOf(name);
    if (SAFE_NAME.test(name)) named.set(name, kindOf(name));
    return text!;
  });
  if (!endsGeneric) {
    named.set(OWN[kind ?? 'serif'], kind ?? 'serif');
    parts.push(OWN[kind ?? 'serif']);
  }
  return parts.join(', ');
}

function kindOf(name: string): Kind {
  if (/mono|courier|consol|menlo|code|typewriter/i.test(name)) return 'mono';
  if (/sans|arial|helvetica|verdana|calibri|segoe|roboto|open|lato/i.test(name)) return 'sans';
  if (/serif|times|georgia|garamond|cambria|palatino|book/i.test(name)) return 'serif';
  return 'sans';
}

function fontFaces(named: Map<string, Kind>, svg: string): string {
  const subsets = SUBSETS.filter((s) => s.used.test(svg));
  const weights = BOLD.test(svg) ? ['400', '700'] : ['400'];
  return [...named]
    .flatMap(([family, kind]) => subsets.flatMap((s) => faces(family, kind, s.subset, s.range, weights)))
    .join('');
}

function faces(family: string, kind: Kind, subset: string, range: string, weights: string[]): string[] {
  const { name, bold } = PACKAGES[kind];
  return (bold ? weights : ['400']).flatMap((weight) => {
    // The .woff, not the page's .woff2: Chromium shares a face loaded from the same bytes, and which
    // loads first (the page's or the image's) would then change the PDF's fonts.
    const data = fontData(`${name}/files/${name}-${subset}-${weight}-normal.woff`);
    if (!data) return [];
    return [
      `@font-face{font-family:"${family}";font-weight:${weight};src:url(data:font/woff;base64,${data}) format('woff');unicode-range:${range}}`,
    ];
  });
}

const fontCache = new Map<string, string | undefined>();

/** A font file as base64, or undefined when the package has no such subset (PT Mono has no latin-ext bold). */
function fontData(file: string): string | undefined {
  if (!fontCache.has(file)) {
    try {
      fontCache.set(file, readFileSync(path.join(FONTSOURCE, file)).toString('base64'));
    } catch {
      fontCache.set(file, undefined);
    }
  }
  return fontCache.get(file);
}

// Fonts for formulas and code, embedded only in an edition that has them: MathML is laid out with a
// math font (Noto Sans Math, which has the OpenType MATH table Chromium needs for fractions, roots and
// stretchy operators), code in PT Mono. Without them Chromium would take whatever math and monospace
// fonts the machine has (DejaVu, Liberation), and the PDF would differ from machine to machine.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';

interface Face {
  family: string;
  files: Array<{ file: string; range?: string }>;
  /** Elements set in this family. */
  selector: string;
  /** The page uses it: an element of the selector is in the HTML. */
  used: RegExp;
}

const FONTSOURCE = path.join(PACKAGE_ROOT, 'node_modules', '@fontsource');
const FACES: Face[] = [
  {
    family: 'Briefing Math',
    files: [{ file: 'noto-sans-math/files/noto-sans-math-latin-400-normal.woff2' }],
    selector: 'math',
    used: /<math[\s>]/,
  },
  {
    family: 'Briefing Mono',
    files: [
      {
        file: 'pt-mono/files/pt-mono-latin-400-normal.woff2',
        range:
          'U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+2000-206F, U+2074, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD',
      },
      {
        file: 'pt-mono/files/pt-mono-latin-ext-400-normal.woff2',
        range:
          'U+0100-02AF, U+0304, U+0308, U+0329, U+1E00-1E9F, U+1EF2-1EFF, U+2020, U+20A0-20AB, U+20AD-20C0, U+2113, U+2C60-2C7F, U+A720-A7FF',
      },
      {
        file: 'pt-mono/files/pt-mono-cyrillic-400-normal.woff2',
        range: 'U+0301, U+0400-045F, U+0490-0491, U+04B0-04B1, U+2116',
      },
      {
        file: 'pt-mono/files/pt-mono-cyrillic-ext-400-normal.woff2',
        range: 'U+0460-052F, U+1C80-1C88, U+20B4, U+2DE0-2DFF, U+A640-A69F, U+FE2E-FE2F',
      },
    ],
    selector: 'code, pre, kbd, samp',
    used: /<(?:code|pre|kbd|samp)[\s>]/,
  },
];

const cssOf = new Map<string, string>();

/** @font-face rules and font-family rules for the math and code in `html` (empty when it has neither). */
export function codeMathFontsCss(html: string): string {
  return FACES.filter((face) => face.used.test(html))
    .map((face) => faceCss(face))
    .join('\n');
}

function faceCss(face: Face): string {
  let css = cssOf.get(face.family);
  if (css === undefined) {
    const rules = face.files.map(({ file, range }) => {
      const data = readFileSync(path.join(FONTSOURCE, file)).toString('base64');
      return `@font-face { font-family: "${face.family}"; font-style: normal; font-weight: 400; font-display: block; src: url(data:font/woff2;base64,${data}) format('woff2');${range ? ` unicode-range: ${range};` : ''} }`;
    });
    // The theme's fonts stay after it, for characters the face lacks (the glyph check covers them).
    css = `${rules.join('\n')}\n${face.selector} { font-family: "${face.family}", var(--font-body); }`;
    cssOf.set(face.family, css);
  }
  return css;
}

// Is a theme value a CSS colour? Checked when the theme is read, so a typo is a positioned error
// instead of a declaration Chromium drops silently. css-tree's lexer matches the value against the
// CSS <color> grammar (hex, named colours, rgb()/hsl()/hwb()/lab()/lch()/oklab()/oklch(), color-mix()…).
// css-tree's index builds that grammar when it is loaded (tens of ms): required on the first colour,
// from the package itself (its CommonJS build reads the grammar's JSON next to it).
import { createRequire } from 'node:module';

let cssTree: typeof import('css-tree') | undefined;

/** What most themes write: a hex colour needs no grammar. */
const HEX = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

export function isCssColor(value: string): boolean {
  if (HEX.test(value.trim())) return true;
  cssTree ??= createRequire(import.meta.url)('css-tree') as typeof import('css-tree');
  const { lexer, parse } = cssTree;
  try {
    const match = lexer.matchType('color', parse(value.trim(), { context: 'value' }));
    return match.matched !== null && match.error === null;
  } catch {
    return false; // not even a CSS value (`red;x`)
  }
}

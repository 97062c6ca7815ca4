// Is a theme value a CSS colour? Checked when the theme is read, so a typo is a positioned error
// instead of a declaration Chromium drops silently. css-tree's lexer matches the value against the
// CSS <color> grammar (hex, named colours, rgb()/hsl()/hwb()/lab()/lch()/oklab()/oklch(), color-mix()…).
import { lexer, parse } from 'css-tree';

export function isCssColor(value: string): boolean {
  try {
    const match = lexer.matchType('color', parse(value.trim(), { context: 'value' }));
    return match.matched !== null && match.error === null;
  } catch {
    return false; // not even a CSS value (`red;x`)
  }
}

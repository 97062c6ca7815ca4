// Escaping for the context a value lands in: HTML text and attributes (the pages we write by hand: dev
// overlay, print view, proof sheet), and CSS strings inside a <style> element (font family names from
// theme.yaml and _brand.yml, running-head text).
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A CSS string literal that stays one string inside a <style> element: quotes, backslashes, line ends
 * and control characters are CSS escapes, and so are `<` and `>`, so `</style>` can never be spelled.
 */
export function cssString(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
  return `"${value.replace(/[\u0000-\u001f\u007f"\\<>&]/g, (c) => (c === '\0' ? '\\FFFD ' : `\\${c.charCodeAt(0).toString(16).toUpperCase()} `))}"`;
}

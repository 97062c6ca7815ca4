// Pandoc's attribute syntax `{#id .class key=value key="a value"}`, read once for headings, images,
// bracketed spans and divs. Linear: one pass over the characters between the braces.

export interface Attributes {
  id?: string;
  classes: string[];
  values: Record<string, string>;
}

const TOKEN = /\s*(?:#([^\s#.="'{}]+)|\.([^\s#.="'{}]+)|([A-Za-z_][\w:.-]*)=(?:"([^"]*)"|'([^']*)'|([^\s"'{}]+))|(-))/y;

/** `{…}` (with its braces) → attributes, or undefined when it is not an attribute list. */
export function parseAttributes(braced: string): Attributes | undefined {
  if (!braced.startsWith('{') || !braced.endsWith('}')) return undefined;
  const inner = braced.slice(1, -1);
  const attributes: Attributes = { classes: [], values: {} };
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < inner.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(inner);
    if (!m) return inner.slice(start).trim() === '' ? attributes : undefined;
    if (m[1]) attributes.id = m[1];
    else if (m[2]) attributes.classes.push(m[2]);
    else if (m[3]) attributes.values[m[3]] = m[4] ?? m[5] ?? m[6] ?? '';
    else if (m[7]) attributes.classes.push('unnumbered');
  }
  return attributes;
}

/** A trailing `{…}` at the end of a text, and the text before it. */
export function trailingAttributes(text: string): { before: string; attributes: Attributes } | undefined {
  if (!text.endsWith('}')) return undefined;
  const open = text.lastIndexOf('{');
  if (open === -1) return undefined;
  const attributes = parseAttributes(text.slice(open).trimEnd());
  return attributes ? { before: text.slice(0, open).trimEnd(), attributes } : undefined;
}

/** A leading `{…}` at the start of a text, and the text after it. */
export function leadingAttributes(text: string): { after: string; attributes: Attributes } | undefined {
  if (!text.startsWith('{')) return undefined;
  const close = text.indexOf('}');
  if (close === -1) return undefined;
  const attributes = parseAttributes(text.slice(0, close + 1));
  return attributes ? { after: text.slice(close + 1), attributes } : undefined;
}

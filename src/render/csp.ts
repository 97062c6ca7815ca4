// The web edition's Content-Security-Policy allows exactly the inline scripts the page has, by their
// sha256 hashes (CSP Level 2), instead of `script-src 'unsafe-inline'`, which would also let any
// script that found its way into the page run. Computed on the finished HTML, so a template that adds
// or changes a script needs no CSP edit; data blocks (`type="application/json"`) do not run and are left out.
import { createHash } from 'node:crypto';

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const CSP_META = /(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/i;
const JS_TYPES = /^(?:|module|text\/javascript|application\/javascript)$/i;

/** `'sha256-…'` sources for every inline script of the page that a browser would run. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const [, attributes = '', body = ''] of html.matchAll(SCRIPT)) {
    if (/\bsrc\s*=/i.test(attributes)) continue;
    const type = /\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attributes);
    if (!JS_TYPES.test((type?.[1] ?? type?.[2] ?? type?.[3] ?? '').trim())) continue;
    hashes.push(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  return [...new Set(hashes)];
}

/** The page with its CSP's script-src set to the hashes of its inline scripts ('none' when it has none). */
export function withScriptHashes(html: string): string {
  const match = CSP_META.exec(html);
  if (!match) return html;
  const hashes = inlineScriptHashes(html);
  const source = hashes.length > 0 ? hashes.join(' ') : "'none'";
  const directives = match[2]!
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d !== '' && !/^script-src\b/i.test(d));
  directives.push(`script-src ${source}`);
  return html.replace(
    CSP_META,
    (_all, open: string, _content: string, close: string) => `${open}${directives.join('; ')}${close}`,
  );
}

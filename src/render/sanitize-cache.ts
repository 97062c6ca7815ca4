// The web page's sanitized skeleton (sanitize.ts: the page around its chapters and stylesheets)
// kept in the cache folder by its text: parsing even that ~10 kB page with hast-util-from-html
// took 20–30 ms of CPU per locale on every build. The markers' random prefix differs on every
// render, so the page is keyed and kept cut at its markers (`Fragments.split`): the same page
// with other markers is the same pieces, and sanitizing does not look inside a marker.
import { keptByText } from '../cache.js';
import { codeKey } from '../code-key.js';
import { sanitizeSkeleton, type Fragments } from './sanitize.js';

let sanitizerCode: string | undefined;

function isPieces(data: unknown): data is string[] {
  return Array.isArray(data) && data.every((piece) => typeof piece === 'string');
}

/**
 * sanitizePage, its skeleton from the cache folder when a build sanitized the same page with the
 * same scripts, markers and code (a page a check refused is never kept: it throws again).
 */
export function sanitizePageKept(
  page: string,
  scripts: ReadonlySet<string>,
  fragments: Fragments,
  file: string,
): string {
  sanitizerCode ??= codeKey(
    ['hast-util-from-html', 'hast-util-sanitize', 'hast-util-to-html', 'unist-util-visit'],
    ['render/sanitize'],
  );
  const text = JSON.stringify({ scripts: [...scripts].sort(), wheres: fragments.wheres, page: fragments.split(page) });
  const pieces = keptByText('web-page', { code: sanitizerCode, text }, isPieces, () =>
    fragments.split(sanitizeSkeleton(page, scripts, fragments, file)),
  );
  return fragments.splice(fragments.join(pieces));
}

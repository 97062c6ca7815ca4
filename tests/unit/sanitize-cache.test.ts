// The web page's sanitized skeleton kept in the cache folder by its text (sanitize-cache.ts): the same
// page as sanitized afresh, though every render's markers have another random prefix; a page a check
// refuses is refused again, never taken from the cache; an edited page or other scripts sanitize anew.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readdirSync } from 'node:fs';
import { Fragments, sanitizePage } from '../../src/render/sanitize.js';
import { sanitizePageKept } from '../../src/render/sanitize-cache.js';
import { tempDir } from '../support/cli.js';

const SCRIPT = 'document.documentElement.classList.add("js")';
const SCRIPTS = new Set([SCRIPT]);

let cache: string;
beforeEach(() => {
  cache = tempDir('briefing-sanitize-cache-');
  vi.stubEnv('BRIEFING_CACHE_DIR', cache);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const kept = () => readdirSync(cache).filter((f) => f.startsWith('web-page-'));

/** A page as render.ts makes one: its stylesheet and chapters at this render's markers. */
function page(title: string, chapter = '<p>One &amp; <em>two</em></p>') {
  const fragments = new Fragments();
  const css = fragments.add('p { color: red } </style><script>alert(1)</script>', 'style');
  const text = fragments.add(chapter, 'text');
  const fonts = fragments.add((whole) => `/* ${whole.length > 0 ? 'fonts' : ''} */`, 'style');
  const html =
    `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${title}</title>\n` +
    `<style>${css}\n${fonts}</style>\n<script>${SCRIPT}</script>\n<script>steal()</script>\n</head>\n` +
    `<body>\n<h1 onclick="x()">${title}</h1>\n<main>${text}</main>\n</body>\n</html>\n`;
  return { html, fragments };
}

const fresh = (title: string, chapter?: string) => {
  const { html, fragments } = page(title, chapter);
  return sanitizePage(html, SCRIPTS, fragments, 'layout.hbs');
};
const viaCache = (title: string, chapter?: string) => {
  const { html, fragments } = page(title, chapter);
  return sanitizePageKept(html, SCRIPTS, fragments, 'layout.hbs');
};

describe('the sanitized web page kept by its text', () => {
  it('is the page sanitized afresh, kept once, and read back under other markers', () => {
    const expected = fresh('Review');
    expect(expected).not.toContain('steal()');
    expect(expected).not.toContain('onclick');
    expect(viaCache('Review')).toBe(expected);
    expect(kept()).toHaveLength(1);
    expect(viaCache('Review')).toBe(expected);
    expect(kept()).toHaveLength(1);
    vi.stubEnv('BRIEFING_CACHE_DIR', 'off');
    expect(viaCache('Review')).toBe(expected);
  });

  it('a chapter is put in after the cache: another chapter in the same page needs no new entry', () => {
    expect(viaCache('Review')).toBe(fresh('Review'));
    const other = '<p>Three <strong>four</strong></p>';
    expect(viaCache('Review', other)).toBe(fresh('Review', other));
    expect(viaCache('Review', other)).toContain(other);
    expect(kept()).toHaveLength(1);
  });

  it('an edited page or other scripts are sanitized anew', () => {
    viaCache('Review');
    expect(viaCache('Annual review')).toBe(fresh('Annual review'));
    expect(kept()).toHaveLength(2);
    const { html, fragments } = page('Review');
    const none = sanitizePageKept(html, new Set(), fragments, 'layout.hbs');
    expect(none).not.toContain(SCRIPT);
    expect(kept()).toHaveLength(3);
  });

  it('a marker where it does not belong is refused every time, never kept', () => {
    const misplaced = () => {
      const fragments = new Fragments();
      const css = fragments.add('p { color: red }', 'style');
      const html = `<!doctype html>\n<html><head><title>t</title></head><body><p>${css}</p></body></html>\n`;
      return sanitizePageKept(html, SCRIPTS, fragments, 'layout.hbs');
    };
    expect(misplaced).toThrow(/where it does not belong/);
    expect(misplaced).toThrow(/where it does not belong/);
    expect(kept()).toHaveLength(0);
  });
});

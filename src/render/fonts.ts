// Fonts come from npm font packages (@fontsource/*) named in templates/theme.yaml, and are inlined as
// data: URLs so the HTML is self-contained and Chromium embeds the same faces on every machine.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fail } from '../messages.js';
import { RULES } from '../rules.js';

const cache = new Map<string, Promise<string>>();

/** CSS @font-face rules of one package stylesheet (e.g. "@fontsource/pt-serif/700.css"), woff2 inlined. */
export function inlineFontCss(specifier: string, templatesDir: string, themeFile: string): Promise<string> {
  const key = `${templatesDir}\0${specifier}`;
  let css = cache.get(key);
  if (!css) {
    css = load(specifier, templatesDir, themeFile);
    cache.set(key, css);
    css.catch(() => cache.delete(key));
  }
  return css;
}

function tryResolve(require: NodeJS.Require, specifier: string): string | undefined {
  try {
    return require.resolve(specifier);
  } catch {
    return undefined;
  }
}

async function load(specifier: string, templatesDir: string, themeFile: string): Promise<string> {
  // Font packages installed beside the templates win; Briefing's own dependencies are the fallback,
  // so a templates folder outside the project still finds the default fonts.
  const resolvers = [createRequire(path.resolve(templatesDir, 'theme.yaml')), createRequire(import.meta.url)];
  const cssPath = resolvers.map((r) => tryResolve(r, specifier)).find(Boolean);
  if (!cssPath) {
    const pkg = specifier
      .split('/')
      .slice(0, specifier.startsWith('@') ? 2 : 1)
      .join('/');
    fail({
      file: themeFile,
      message: `font stylesheet "${specifier}" not found`,
      rule: RULES.themeMissingFont.id,
      fix: `run \`npm install ${pkg}\``,
    });
  }
  const css = await readFile(cssPath, 'utf8');
  const dir = path.dirname(cssPath);
  const urls = [...css.matchAll(/url\((\.\/[^)]+\.woff2)\)/g)].map((m) => m[1]!);
  const data = new Map<string, string>();
  await Promise.all(urls.map(async (url) => data.set(url, (await readFile(path.join(dir, url))).toString('base64'))));
  // Keep woff2 only: every browser that prints or reads the edition has it; woff would double the size.
  return css.replace(
    /src:\s*url\((\.\/[^)]+\.woff2)\)\s*format\('woff2'\)(?:,\s*url\([^)]+\)\s*format\('woff'\))?/g,
    (_all, url: string) => `src: url(data:font/woff2;base64,${data.get(url)}) format('woff2')`,
  );
}

/**
 * Keep only the @font-face rules whose unicode-range covers a character the page uses: an English
 * edition needs no Cyrillic faces. Halves the HTML and the time Chromium spends decoding fonts.
 * Rules without a unicode-range are always kept.
 */
export function pruneFontFaces(css: string, text: string): string {
  const used = new Set<number>();
  for (const char of text) used.add(char.codePointAt(0)!);
  return css.replace(/(?:\/\*[^*]*\*\/\s*)?@font-face\s*{[^}]*}/g, (rule) => {
    const range = /unicode-range:\s*([^;}]+)/.exec(rule)?.[1];
    if (!range) return rule;
    return parseUnicodeRange(range).some(([from, to]) => [...used].some((cp) => cp >= from && cp <= to)) ? rule : '';
  });
}

function parseUnicodeRange(value: string): Array<[number, number]> {
  return value.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    if (from!.includes('?')) return [parseInt(from!.replace(/\?/g, '0'), 16), parseInt(from!.replace(/\?/g, 'F'), 16)];
    return [parseInt(from!, 16), parseInt(to ?? from!, 16)];
  });
}

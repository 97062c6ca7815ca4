// The pseudo-locale en-XA (as Android and Chromium have it): the source text with its letters
// accented, about 35 % longer and in [brackets], made on the fly with no content folder. Long
// translations' layout problems, text that escaped translation (no accents, no brackets) and
// missing glyphs all show before a translator starts. Markup a translation must keep (note
// references, link targets, code) is left exactly as it is, so the edition builds like any other.
import path from 'node:path';
import { VFile } from 'vfile';
import type { LocaleContent } from '../content/read.js';
import { readLocale } from '../content/read.js';
import type { ListedChapter } from '../config/config.js';
import { protectedTokens } from './markup.js';
import { markdownSegments } from './segments.js';

import { PSEUDO_LOCALE } from '../config/config.js';

export { PSEUDO_LOCALE };

// Accented twins from Latin-1 and Latin Extended-A only: every text face we ship has them, so a
// missing glyph in en-XA is a real finding, not an artefact of the pseudo-locale.
const ACCENTS: Record<string, string> = Object.fromEntries(
  [...'acdeghijklnorstuwyzACDEGHIJKLNORSTUWYZ'].map((c, i) => [c, [...'áçďéĝĥîĵķļñöŕšţûŵýžÀÇĎÉĜĤÎĴĶĻÑÖŔŠŢÛŴÝŽ'][i]!]),
);
const PADDING = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
export const EXPANSION = 0.35;

/** `Overview of water` → `[Övéŕvîéŵ öƒ ŵáţéŕ one two]`: accented, ~35 % longer, bracketed. */
export function pseudoText(text: string): string {
  if (!text.trim()) return text;
  // Keep protected Markdown and HTML entities as they are; accent everything else.
  const keep = [
    ...protectedTokens(text).map((t) => [t.start, t.end] as const),
    ...[...text.matchAll(/&#?\w+;/g)].map((m) => [m.index, m.index + m[0].length] as const),
  ].sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of keep) {
    if (start < at) continue;
    out += accent(text.slice(at, start)) + text.slice(start, end);
    at = end;
  }
  out += accent(text.slice(at));
  const visible = text.replace(/\s+/g, ' ').trim().length;
  const words: string[] = [];
  for (let i = 0, added = 0; added < Math.ceil(visible * EXPANSION); i++) {
    const word = PADDING[i % PADDING.length]!;
    words.push(word);
    added += word.length + 1;
  }
  return `[${out} ${words.join(' ')}]`;
}

function accent(text: string): string {
  return text.replace(/[A-Za-z]/g, (c) => ACCENTS[c] ?? c);
}

/** A Markdown file with every segment pseudo-translated (front matter `short` included). */
export function pseudoMarkdown(markdown: string): string {
  let out = markdown;
  for (const segment of markdownSegments(markdown).reverse()) {
    const value = segment.kind === 'short' ? JSON.stringify(pseudoText(segment.text)) : pseudoText(segment.text);
    out = out.slice(0, segment.start) + value + out.slice(segment.end);
  }
  return out;
}

/** The en-XA edition: the source locale read as it is, every text pseudo-translated in memory. */
export async function readPseudoLocale(
  contentDir: string,
  sourceLocale: string,
  chapters?: readonly ListedChapter[],
): Promise<LocaleContent> {
  const source = await readLocale(contentDir, sourceLocale, sourceLocale, chapters);
  const pseudoFile = (file: VFile) => new VFile({ path: file.path, value: pseudoMarkdown(String(file.value)) });
  const lang = PSEUDO_LOCALE;
  const { meta } = source;
  const optional = (value: string | undefined) => (value === undefined ? undefined : pseudoText(value));
  return {
    ...source,
    locale: PSEUDO_LOCALE,
    sourceLocale,
    dir: path.join(contentDir, PSEUDO_LOCALE),
    meta: {
      ...meta,
      title: pseudoText(meta.title),
      short: pseudoText(meta.short),
      subtitle: optional(meta.subtitle),
      place: optional(meta.place),
      publisher: optional(meta.publisher),
      description: optional(meta.description),
      keywords: meta.keywords.map(pseudoText),
    },
    strings: Object.fromEntries(Object.entries(source.strings).map(([k, v]) => [k, pseudoText(v)])),
    sourceStrings: source.strings,
    preface: source.preface ? pseudoFile(source.preface) : undefined,
    prefaceTranslation: source.preface ? { lang, fallback: false, source: source.preface } : undefined,
    chapters: source.chapters.map((chapter) => ({
      ...chapter,
      lang,
      fallback: false,
      source: chapter.file,
      file: pseudoFile(chapter.file),
      sections: chapter.sections.map((section) => ({
        ...section,
        lang,
        fallback: false,
        source: section.file,
        file: pseudoFile(section.file),
      })),
    })),
    diagnostics: [],
  };
}

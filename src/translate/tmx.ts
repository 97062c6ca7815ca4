// TMX 1.4 (the CAT tools' translation-memory exchange format), both ways. Export: every translation
// the locale has (its files and its memory) as one <tu> per source text, Markdown verbatim in <seg>,
// so memoQ, Trados, OmegaT or Phrase can take Briefing's work into their own memory. Import: a
// translator's own TMX feeds the locale's memory (`<locale>/.source/memory.json`), which export uses
// to pre-fill what the locale has no translation for (memory.ts).
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { BriefingError } from '../messages.js';
import { RULES } from '../rules.js';
import { SIDECAR_DIR } from './record.js';

export interface MemoryPair {
  source: string;
  translation: string;
}

/** Where an imported memory of a locale is kept. */
export function importedMemoryPath(contentDir: string, locale: string): string {
  return path.join(contentDir, locale, SIDECAR_DIR, 'memory.json');
}

export async function readImportedMemory(contentDir: string, locale: string): Promise<MemoryPair[]> {
  try {
    const data = JSON.parse(await readFile(importedMemoryPath(contentDir, locale), 'utf8')) as unknown;
    return Array.isArray(data)
      ? data.filter(
          (p): p is MemoryPair =>
            typeof p === 'object' &&
            p !== null &&
            typeof (p as MemoryPair).source === 'string' &&
            typeof (p as MemoryPair).translation === 'string',
        )
      : [];
  } catch {
    return [];
  }
}

/** Pairs in a stable order, one per source text and translation. */
export function memoryText(pairs: MemoryPair[]): string {
  const unique = new Map(pairs.map((p) => [`${p.source}\u0000${p.translation}`, p]));
  const sorted = [...unique.values()].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

export function writeTmx(sourceLocale: string, locale: string, pairs: MemoryPair[], version: string): string {
  const unique = new Map(pairs.map((p) => [`${p.source}\u0000${p.translation}`, p]));
  const tus = [...unique.values()]
    .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0))
    .map(
      (p) =>
        `    <tu><tuv xml:lang="${attr(sourceLocale)}"><seg>${text(p.source)}</seg></tuv><tuv xml:lang="${attr(locale)}"><seg>${text(p.translation)}</seg></tuv></tu>`,
    );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<tmx version="1.4">',
    `  <header creationtool="Briefing" creationtoolversion="${attr(version)}" segtype="paragraph" o-tmf="Briefing" adminlang="en" srclang="${attr(sourceLocale)}" datatype="markdown"/>`,
    '  <body>',
    ...tus,
    '  </body>',
    '</tmx>',
    '',
  ].join('\n');
}

/** The pairs of a TMX file from `sourceLang` to any language, with each target's language as written. */
export function parseTmx(
  file: string,
  xml: string,
  sourceLang: string,
): (MemoryPair & { lang: string; line: number })[] {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const pairs: (MemoryPair & { lang: string; line: number })[] = [];
  let tuvs: { lang: string; seg: string }[] = [];
  let lang: string | undefined;
  let inSeg = 0;
  let seg = '';
  let line = 0;
  const primary = (l: string) => l.toLowerCase().split(/[-_]/)[0]!;
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const a = tag.attributes as Record<string, string>;
    if (tag.name === 'tu') {
      tuvs = [];
      line = parser.line;
    } else if (tag.name === 'tuv') lang = a['xml:lang'] ?? a.lang;
    else if (tag.name === 'seg') {
      inSeg += 1;
      seg = '';
    }
  });
  const append = (value: string) => {
    if (inSeg > 0) seg += value;
  };
  parser.on('text', append);
  parser.on('cdata', append);
  parser.on('closetag', (tag) => {
    if (tag.name === 'seg') {
      inSeg -= 1;
      if (lang) tuvs.push({ lang, seg });
    } else if (tag.name === 'tu') {
      const source = tuvs.find((t) => primary(t.lang) === primary(sourceLang));
      for (const t of tuvs)
        if (source && t !== source && t.seg.trim())
          pairs.push({ source: source.seg, translation: t.seg, lang: t.lang, line });
    }
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    throw new BriefingError({
      file,
      line: parser.line,
      column: parser.column,
      severity: 'error',
      message: `not well-formed XML: ${(error as Error).message.replace(/^.*?:\d+:\d+: /, '')}`,
      rule: RULES.importSyntax.id,
      fix: 'export the memory from your CAT tool again',
    });
  }
  return pairs;
}

function text(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;');
}

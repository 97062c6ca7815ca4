// A locale → one PO or XLIFF file per source file (mirroring its path), plus one for edition.yaml and
// strings.yaml together, each pre-filled with what the locale already has.
import path from 'node:path';
import type { Config } from '../config/config.js';
import { writeArtifacts } from '../output/write.js';
import { briefingVersion, editionDate } from '../environment.js';
import { localeCatalogs, YAML_FILES, type FileCatalog } from './catalog.js';
import { fillFromMemory, localeMemory, type Memory } from './memory.js';
import { writePo, type CatalogHeader } from './po.js';
import { writeXliff } from './xliff.js';
import { writeXliff12 } from './xliff12.js';
import { writeTmx } from './tmx.js';

/**
 * pot: templates with every msgstr empty and no language (for msginit, msgmerge, pot2po, a new
 * language); xliff: XLIFF 2.0; xliff12: XLIFF 1.2 for the tools that handle it best.
 */
const FORMATS = ['po', 'xliff', 'xliff12', 'pot', 'tmx'] as const;
export type CatalogFormat = (typeof FORMATS)[number];

export const isCatalogFormat = (format: string): format is CatalogFormat =>
  (FORMATS as readonly string[]).includes(format);

export interface ExportResult {
  files: { path: string; done: number; fuzzy: number; empty: number }[];
}

export async function exportTranslations(
  config: Config,
  locale: string,
  format: CatalogFormat,
  outDir: string,
): Promise<ExportResult> {
  const { sourceLocale } = config.edition;
  // What the locale has for each segment, then the locale's memory for what it has not (memory.ts).
  const memory = await localeMemory(config.contentDir, locale);
  const catalogs =
    format === 'pot'
      ? (await localeCatalogs(config.contentDir, sourceLocale, sourceLocale)).map((c) => ({
          ...c,
          entries: c.entries.map((e) => ({ segment: e.segment, state: 'empty' as const })),
        }))
      : fillFromMemory(await localeCatalogs(config.contentDir, locale, sourceLocale), memory);
  const groups: { name: string; file: string; catalogs: FileCatalog[] }[] = [
    { name: 'edition', file: YAML_FILES.join(', '), catalogs: catalogs.filter((c) => c.relative.endsWith('.yaml')) },
    ...catalogs
      .filter((c) => !c.relative.endsWith('.yaml'))
      .map((c) => ({ name: c.relative.replace(/\.md$/, ''), file: c.relative, catalogs: [c] })),
  ];
  if (format === 'tmx') return exportMemory(config, locale, catalogs, memory, outDir);
  // `#:` references name the source relative to the content folder: the same wherever export runs.
  const display = (p: string) => path.relative(config.contentDir, p).split(path.sep).join('/');
  const extension = format === 'xliff' || format === 'xliff12' ? 'xlf' : format;
  const folder = format === 'pot' ? 'pot' : locale;
  const project = `${config.edition.id} ${config.edition.year}`;
  const artifacts = groups.map((group) => {
    const header: CatalogHeader = {
      file: group.file,
      locale: format === 'pot' ? '' : locale,
      sourceLocale,
      project,
      date: poDate(config.edition.year),
    };
    const write = format === 'xliff' ? writeXliff : format === 'xliff12' ? writeXliff12 : writePo;
    const data = write(header, group.catalogs, display);
    return { path: path.join(outDir, folder, `${group.name}.${extension}`), data, group };
  });
  await writeArtifacts(artifacts.map(({ path: p, data }) => ({ path: p, data })));
  return {
    files: artifacts.map(({ path: p, group }) => {
      const entries = group.catalogs.flatMap((c) => c.entries);
      return {
        path: p,
        done: entries.filter((e) => e.state === 'done').length,
        fuzzy: entries.filter((e) => e.state === 'fuzzy').length,
        empty: entries.filter((e) => e.state === 'empty').length,
      };
    }),
  };
}

/** SOURCE_DATE_EPOCH (reproducible builds) or 1 January of the edition's year, as PO writes dates. */
function poDate(year: number): string {
  const date = editionDate(year);
  return `${date.toISOString().slice(0, 16).replace('T', ' ')}+0000`;
}

/** The locale's translations (done ones, and its memory) as one TMX file: `<out>/<locale>/memory.tmx`. */
async function exportMemory(
  config: Config,
  locale: string,
  catalogs: FileCatalog[],
  memory: Memory,
  outDir: string,
): Promise<ExportResult> {
  const pairs = [
    ...catalogs.flatMap((c) =>
      c.entries.filter((e) => e.state === 'done').map((e) => ({ source: e.segment.text, translation: e.translation! })),
    ),
    ...memory.known,
  ].map(({ source, translation }) => ({ source, translation }));
  const file = path.join(outDir, locale, 'memory.tmx');
  const data = writeTmx(config.edition.sourceLocale, locale, pairs, briefingVersion());
  await writeArtifacts([{ path: file, data }]);
  return { files: [{ path: file, done: (data.match(/<tu>/g) ?? []).length, fuzzy: 0, empty: 0 }] };
}

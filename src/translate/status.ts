// Translation status, segment by segment (segments.ts defines a segment; catalog.ts
// pairs each source segment with the locale's text). A translated file records, in its front matter
// (YAML files: in their sidecar), the fingerprints of the source segments it was translated from
// (`briefing status --update <file>…` or `briefing import`). A source segment whose fingerprint is not
// recorded has changed since: the report shows it old → new, at its line in the translated file.
import path from 'node:path';
import { BriefingError, displayPath, type Diagnostic } from '../messages.js';
import { writeArtifacts, type Artifact } from '../output/write.js';
import { fileCatalog, localeCatalogs, stripBom, YAML_FILES, type FileCatalog } from './catalog.js';
import { sidecarPath, sidecarText, withRecord } from './record.js';
import { markdownSegments, wordCount, yamlSegments, type Segment } from './segments.js';
import { wordDiff } from './word-diff.js';
import { readLocale } from '../content/read.js';
import { readTextIfPresent } from '../paths.js';
import { RULES } from '../rules.js';

export type FileState = 'translated' | 'stale' | 'missing' | 'unrecorded';

export interface BlockChange {
  /** Line of the segment in the source file. */
  line: number;
  /** Line of its translation in the translated file, when there is one. */
  translationLine?: number;
  /** The first words of the current source text. */
  preview: string;
  /** The source text when the translation was recorded, if known. */
  previous?: string;
  /** Old → new, word by word (when the old text is known). */
  diff?: string;
}

export interface Words {
  toTranslate: number;
  stale: number;
  done: number;
}

export interface FileStatus {
  /** Path of the translated file (which may not exist), as the user names it. */
  file: string;
  source: string;
  state: FileState;
  /** Source segments changed since the translation was recorded. */
  changed: BlockChange[];
  /** Source segments with no translation yet in a translated file. */
  untranslated: BlockChange[];
  /** Recorded segments that the source no longer has (their translation should go too). */
  removed: number;
  words: Words;
}

export interface LocaleStatus {
  locale: string;
  files: FileStatus[];
  counts: Record<FileState, number>;
  words: Words;
  /** Files in the locale folder that translate nothing (misnamed?), with a "did you mean". */
  warnings: Diagnostic[];
}

export async function translationStatus(
  contentDir: string,
  locale: string,
  sourceLocale: string,
): Promise<LocaleStatus> {
  const [content, catalogs] = await Promise.all([
    readLocale(contentDir, locale, sourceLocale),
    localeCatalogs(contentDir, locale, sourceLocale),
  ]);
  const files = catalogs.map(fileStatus);
  const counts: Record<FileState, number> = { translated: 0, stale: 0, missing: 0, unrecorded: 0 };
  const words: Words = { toTranslate: 0, stale: 0, done: 0 };
  for (const f of files) {
    counts[f.state] += 1;
    words.toTranslate += f.words.toTranslate;
    words.stale += f.words.stale;
    words.done += f.words.done;
  }
  return {
    locale,
    files,
    counts,
    words,
    warnings: content.diagnostics.filter((d) => d.rule === RULES.localeUnknownFile.id),
  };
}

function fileStatus(catalog: FileCatalog): FileStatus {
  const words: Words = { toTranslate: 0, stale: 0, done: 0 };
  const changed: BlockChange[] = [];
  const untranslated: BlockChange[] = [];
  for (const entry of catalog.entries) {
    const count = wordCount(entry.segment.text);
    const change: BlockChange = {
      line: entry.segment.line,
      translationLine: entry.line,
      preview: preview(entry.segment.text),
    };
    if (entry.state === 'done') words.done += count;
    else if (entry.state === 'fuzzy') {
      words.stale += count;
      if (entry.previous !== undefined) {
        change.previous = entry.previous;
        change.diff = wordDiff(entry.previous, entry.segment.text);
      }
      changed.push(change);
    } else {
      words.toTranslate += count;
      untranslated.push(change);
    }
  }
  let state: FileState;
  if (!catalog.exists) state = 'missing';
  else if (!catalog.recorded) state = 'unrecorded';
  else state = changed.length + untranslated.length + catalog.removed > 0 ? 'stale' : 'translated';
  const recordedFile = catalog.exists && catalog.recorded;
  return {
    file: displayPath(catalog.targetPath),
    source: displayPath(catalog.sourcePath),
    state,
    changed: recordedFile ? changed : [],
    untranslated: recordedFile ? untranslated : [],
    removed: catalog.removed,
    words,
  };
}

function preview(text: string): string {
  return text.replace(/\s+/g, ' ').trim().split(' ').slice(0, 8).join(' ');
}

/**
 * Record that translated files now match their sources: their front matter (YAML files: their
 * sidecar) gets the source's segment fingerprints, and the sidecar the source texts (for old → new
 * later). Refuses, with a reason, a file that translates nothing: identical to its source, or with
 * fewer segments than the source has. All or nothing: one refusal and no file is written.
 */
export async function recordTranslations(
  contentDir: string,
  files: string[],
  sourceLocale: string,
): Promise<{ file: string; blocks: number }[]> {
  const errors: Diagnostic[] = [];
  const artifacts: Artifact[] = [];
  const done: { file: string; blocks: number }[] = [];
  for (const file of files) {
    try {
      const plan = await recordPlan(contentDir, file, sourceLocale);
      artifacts.push(...plan.artifacts);
      done.push({ file: plan.file, blocks: plan.blocks });
    } catch (error) {
      if (error instanceof BriefingError) errors.push(...error.diagnostics);
      else throw error;
    }
  }
  if (errors.length > 0) throw new BriefingError(errors);
  await writeArtifacts(artifacts, { root: contentDir });
  return done;
}

async function recordPlan(
  contentDir: string,
  file: string,
  sourceLocale: string,
): Promise<{ file: string; blocks: number; artifacts: Artifact[] }> {
  const absolute = path.resolve(file);
  const relative = path.relative(contentDir, absolute);
  const [locale, ...rest] = relative.split(path.sep);
  const refuse = (message: string, rule: string, fix: string, where: Partial<Diagnostic> = {}): never => {
    throw new BriefingError({ file: absolute, severity: 'error', message, rule, fix, ...where });
  };
  if (!locale || relative.startsWith('..') || locale === sourceLocale || rest.length === 0) {
    refuse(
      `not a translated file under ${displayPath(contentDir)}/<locale>/`,
      RULES.statusNotATranslation.id,
      'name a file such as content/ru/01-introduction.md',
    );
  }
  const inLocale = rest.join('/');
  const content = { root: contentDir, name: 'content folder' };
  const sourcePath = path.join(contentDir, sourceLocale, ...rest);
  const [raw, source] = await Promise.all([
    readTextIfPresent(content, absolute).then(
      (t) => t ?? refuse('file not found', RULES.statusMissingFile.id, 'translate the file first, then record it'),
    ),
    readTextIfPresent(content, sourcePath).then((t) =>
      t === undefined
        ? refuse(
            `no ${sourceLocale} source for this file`,
            RULES.statusNoSource.id,
            `the translated file must have the same name as its source in ${sourceLocale}/`,
          )
        : stripBom(t),
    ),
  ]);
  const text = stripBom(raw);
  const localeDir = path.join(contentDir, locale!);
  const isYaml = (YAML_FILES as readonly string[]).includes(inLocale);
  const sourceSegments = isYaml ? yamlSegments(source) : markdownSegments(source);
  const mine = isYaml ? yamlSegments(text) : markdownSegments(text);
  const texts = Object.fromEntries(sourceSegments.map((s) => [s.fingerprint, s.text]));
  const comparable = (segments: Segment[]) =>
    segments.filter((s) => s.kind !== 'short').map((s) => s.text.replace(/\s+/g, ' ').trim());
  if (comparable(mine).join('\n') === comparable(sourceSegments).join('\n')) {
    refuse(
      `identical to its ${sourceLocale} source: nothing is translated yet`,
      'status:untranslated',
      'translate the file, then record it',
    );
  }
  if (isYaml) {
    const have = new Set(mine.map((s) => s.id));
    const keys = Object.fromEntries(sourceSegments.map((s) => [s.id, have.has(s.id) ? s.fingerprint : null]));
    return {
      file: absolute,
      blocks: mine.length,
      artifacts: [{ path: sidecarPath(localeDir, inLocale), data: sidecarText({ from: sourceLocale, keys, texts }) }],
    };
  }
  if (mine.length < sourceSegments.length) {
    const kinds = (list: Segment[]) => list.map((s) => s.kind);
    const firstMissing = sourceSegments.find((s, i) => kinds(mine)[i] !== s.kind) ?? sourceSegments[mine.length]!;
    refuse(
      `has ${mine.length} translated block(s) where the ${sourceLocale} source has ${sourceSegments.length}: the first one missing is the ${firstMissing.kind} at ${displayPath(sourcePath)}:${firstMissing.line} “${preview(firstMissing.text)}”`,
      'status:incomplete',
      'translate every block of the source, then record the file',
    );
  }
  const record = { from: sourceLocale, blocks: sourceSegments.map((s) => s.fingerprint) };
  return {
    file: absolute,
    blocks: sourceSegments.length,
    artifacts: [
      { path: absolute, data: withRecord(raw, record) },
      { path: sidecarPath(localeDir, inLocale), data: sidecarText({ texts }) },
    ],
  };
}

export { fileCatalog };

// What a run takes from outside the content, in one place: the default folders, SOURCE_DATE_EPOCH
// (reproducible builds: dates never come from the clock when it is set), Briefing's own version, and
// the ISO form of the dates we write.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from './package-root.js';

/** Folders used when a flag does not name one, relative to the working directory. */
export const DEFAULT_FOLDERS = { content: 'content', templates: 'templates', out: 'output' } as const;

/** Briefing's own templates: used when the working directory has no templates folder. */
export const BUILT_IN_TEMPLATES = path.join(PACKAGE_ROOT, 'templates');

/**
 * The folders of a run: the flags' folders, else the defaults, as absolute paths. A single-file
 * report (`briefing build report.md`) is its own content: its folder is the content folder (images
 * are read from there). Without a `templates` folder here, Briefing's own templates are used, so a
 * report builds anywhere without `--templates`.
 */
export function runFolders(options: { content?: string; templates?: string; out?: string; report?: string }): {
  contentDir: string;
  templatesDir: string;
  outDir: string;
} {
  const content = options.report !== undefined ? path.dirname(options.report) : options.content;
  const templates =
    options.templates ?? (existsSync(DEFAULT_FOLDERS.templates) ? DEFAULT_FOLDERS.templates : BUILT_IN_TEMPLATES);
  return {
    contentDir: path.resolve(content ?? DEFAULT_FOLDERS.content),
    templatesDir: path.resolve(templates),
    outDir: path.resolve(options.out ?? DEFAULT_FOLDERS.out),
  };
}

/** SOURCE_DATE_EPOCH in seconds, when set to a whole number. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv = process.env): number | null {
  const value = env.SOURCE_DATE_EPOCH;
  return value && /^\d+$/.test(value) ? Number(value) : null;
}

/** The date an edition carries: SOURCE_DATE_EPOCH, else 1 January of the edition's year, UTC. */
export function editionDate(year: number, env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = sourceDateEpoch(env);
  return epoch === null ? new Date(Date.UTC(year, 0, 1)) : new Date(epoch * 1000);
}

/** ISO 8601 in UTC to the second: `2022-01-01T00:00:00Z`. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

let version: string | undefined;
/** Briefing's version, from its package.json. */
export function briefingVersion(): string {
  version ??= (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;
  return version;
}

// output/manifest.json: what a successful build wrote (locale, format, bytes, sha256, pages, warnings),
// from which sources (commit) and when. Written in the same atomic batch as the artifacts, so it never
// describes files that are not there. Its shape is schema/manifest.schema.json (schemaVersion 1).
//
// Reproducibility: `builtAt` is SOURCE_DATE_EPOCH when set (then the manifest is byte-identical across
// builds of the same sources, like the PDFs and HTML), else the wall-clock time of the build.
// Paths are portable: artifacts relative to the output folder, messages relative to the content
// folder (sources) or the output folder (printed files), always with `/`.
import { execFile, execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BriefingError, displayPath, type Diagnostic } from '../messages.js';
import { sha256Hex } from './digest.js';
import { RULES } from '../rules.js';
import { briefingVersion, isoSeconds, sourceDateEpoch } from '../environment.js';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_SCHEMA_VERSION = 1;

export type ArtifactFormat = 'pdf' | 'html' | 'docx';

/** A diagnostic as the manifest records it (without the fix hint). */
export type ManifestMessage = Omit<Diagnostic, 'fix'>;

export interface ManifestArtifact {
  /** Relative to the manifest's folder (the output folder), with `/`: `en/hr-review-2022.en.pdf`. */
  path: string;
  locale: string;
  format: ArtifactFormat;
  bytes: number;
  sha256: string;
  /** Page count of a PDF; null for HTML. */
  pages: number | null;
  /** Warnings reported for this artifact's locale (listed under `locales`). */
  warnings: number;
}

export interface ManifestLocale {
  warnings: number;
  messages: ManifestMessage[];
}

export interface Manifest {
  schemaVersion: typeof MANIFEST_SCHEMA_VERSION;
  generator: { name: 'briefing'; version: string };
  edition: { id: string; year: number };
  /** `git rev-parse HEAD` of the content folder's repository, BRIEFING_SOURCE_COMMIT, or null. */
  sourceCommit: string | null;
  /** ISO 8601, UTC, whole seconds. From SOURCE_DATE_EPOCH when set, else the build's own clock. */
  builtAt: string;
  sourceDateEpoch: number | null;
  locales: Record<string, ManifestLocale>;
  artifacts: ManifestArtifact[];
}

export interface ManifestInput {
  outDir: string;
  contentDir: string;
  edition: { id: string; year: number };
  artifacts: Array<{
    path: string;
    locale: string;
    format: ArtifactFormat;
    data: string | Uint8Array;
    pages?: number;
    /** The data's sha256 (hex), when the caller has it already. */
    sha256?: string;
  }>;
  /** Every diagnostic of each built locale (only warnings are recorded: a build with errors writes nothing). */
  diagnostics: Map<string, Diagnostic[]>;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  /** The commit, when the caller asked git already (readSourceCommit); else asked here. */
  sourceCommit?: string | null;
}

const COMMIT_PATTERN = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

export function createManifest(input: ManifestInput): Manifest {
  const env = input.env ?? process.env;
  const epoch = sourceDateEpoch(env);
  const built = epoch !== null ? new Date(epoch * 1000) : (input.now ?? (() => new Date()))();
  const locales: Record<string, ManifestLocale> = {};
  for (const locale of [...new Set([...input.diagnostics.keys(), ...input.artifacts.map((a) => a.locale)])].sort()) {
    const messages = (input.diagnostics.get(locale) ?? [])
      .filter((d) => d.severity === 'warning')
      .map((d) => portableMessage(d, input.contentDir, input.outDir))
      .sort(compareMessages);
    locales[locale] = { warnings: messages.length, messages };
  }
  const artifacts = input.artifacts
    .map((a): ManifestArtifact => ({
      path: portable(path.relative(input.outDir, a.path)),
      locale: a.locale,
      format: a.format,
      bytes: typeof a.data === 'string' ? Buffer.byteLength(a.data) : a.data.byteLength,
      sha256: a.sha256 ?? sha256Hex(a.data),
      pages: a.format === 'pdf' ? (a.pages ?? null) : null,
      warnings: locales[a.locale]?.warnings ?? 0,
    }))
    .sort((a, b) => compare(a.path, b.path));
  return {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    generator: { name: 'briefing', version: briefingVersion() },
    edition: { id: input.edition.id, year: input.edition.year },
    sourceCommit: input.sourceCommit !== undefined ? input.sourceCommit : sourceCommit(input.contentDir, env),
    builtAt: isoSeconds(built),
    sourceDateEpoch: epoch,
    locales,
    artifacts,
  };
}

/** The manifest as written: stable key order, two-space indent, final newline. */
export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * sourceCommit() without blocking: the build asks git at its start, while Chromium prints (a
 * synchronous `git rev-parse` took 36 ms at the end of every build).
 */
export function readSourceCommit(contentDir: string, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const override = overriddenCommit(env);
  if (override) return Promise.resolve(override);
  return new Promise((resolve) => {
    execFile('git', GIT_HEAD, gitOptions(contentDir, env), (error, stdout) => resolve(error ? null : asCommit(stdout)));
  });
}

/**
 * readSourceCommit, BRIEFING_SOURCE_COMMIT checked now (a bad one throws here) and git asked only
 * once `when` settles: a build asks once its print HTML is in the browser (spawning git was ~6 ms
 * of this process before it, and git's run competed with Chromium's start for the cores).
 */
export function readSourceCommitWhen(
  contentDir: string,
  when: Promise<unknown>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | null> {
  const override = overriddenCommit(env);
  if (override) return Promise.resolve(override);
  const ask = () => readSourceCommit(contentDir, env);
  return when.then(ask, ask);
}

const GIT_HEAD = ['rev-parse', 'HEAD'];

function gitOptions(contentDir: string, env: NodeJS.ProcessEnv) {
  return { cwd: contentDir, encoding: 'utf8', timeout: 5_000, env: { ...env, GIT_OPTIONAL_LOCKS: '0' } } as const;
}

/** git's answer, when it is a full commit hash. */
function asCommit(stdout: string): string | null {
  const head = stdout.trim();
  return COMMIT_PATTERN.test(head) ? head : null;
}

/** BRIEFING_SOURCE_COMMIT, else HEAD of the git repository holding the content folder, else null. */
export function sourceCommit(contentDir: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const override = overriddenCommit(env);
  if (override) return override;
  try {
    return asCommit(
      execFileSync('git', GIT_HEAD, { ...gitOptions(contentDir, env), stdio: ['ignore', 'pipe', 'ignore'] }),
    );
  } catch {
    return null; // no git, not a repository, or a repository without commits
  }
}

/** BRIEFING_SOURCE_COMMIT when set (a full hash, else an error), or undefined. */
function overriddenCommit(env: NodeJS.ProcessEnv): string | undefined {
  const override = env.BRIEFING_SOURCE_COMMIT?.trim();
  if (override) {
    if (!COMMIT_PATTERN.test(override)) {
      throw new BriefingError({
        file: '$BRIEFING_SOURCE_COMMIT',
        severity: 'error',
        message: `"${override.slice(0, 80)}" is not a full commit hash`,
        rule: RULES.manifestSourceCommit.id,
        fix: 'set it to the output of `git rev-parse HEAD` (40 hex digits), or unset it',
      });
    }
    return override;
  }
  return undefined;
}

function portable(relative: string): string {
  return relative.split(path.sep).join('/');
}

function portableMessage(d: Diagnostic, contentDir: string, outDir: string): ManifestMessage {
  const inside = (root: string) => {
    const rel = path.relative(root, path.resolve(d.file));
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? portable(rel) : undefined;
  };
  const file = path.isAbsolute(d.file)
    ? (inside(contentDir) ?? inside(outDir) ?? portable(displayPath(d.file)))
    : portable(d.file);
  return {
    file,
    ...(d.line !== undefined ? { line: d.line } : {}),
    ...(d.column !== undefined ? { column: d.column } : {}),
    severity: d.severity,
    message: d.message,
    rule: d.rule,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareMessages(a: ManifestMessage, b: ManifestMessage): number {
  return (
    compare(a.file, b.file) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    compare(a.rule, b.rule) ||
    compare(a.message, b.message)
  );
}

/**
 * One manifest from several (a CI matrix builds one locale per job, each with its own manifest).
 * They must describe the same edition, generator and sources; an artifact may appear twice only if it
 * is the same file. `builtAt` is the latest; SOURCE_DATE_EPOCH is kept when all agree.
 */
export function mergeManifests(manifests: Manifest[]): Manifest {
  if (manifests.length === 0) throw new MergeError('nothing to merge');
  const [first] = manifests as [Manifest, ...Manifest[]];
  const same = (what: string, get: (m: Manifest) => unknown) => {
    const values = new Set(manifests.map((m) => JSON.stringify(get(m))));
    if (values.size > 1) throw new MergeError(`the manifests disagree on ${what}: ${[...values].join(' vs ')}`);
  };
  same('schemaVersion', (m) => m.schemaVersion);
  same('edition', (m) => m.edition);
  same('generator', (m) => m.generator);
  same('sourceCommit', (m) => m.sourceCommit);

  const locales: Record<string, ManifestLocale> = {};
  const artifacts = new Map<string, ManifestArtifact>();
  for (const manifest of manifests) {
    for (const [locale, entry] of Object.entries(manifest.locales)) {
      const known = locales[locale];
      if (known && JSON.stringify(known) !== JSON.stringify(entry))
        throw new MergeError(`locale "${locale}" was built twice with different warnings`);
      locales[locale] = entry;
    }
    for (const artifact of manifest.artifacts) {
      const known = artifacts.get(artifact.path);
      if (known && JSON.stringify(known) !== JSON.stringify(artifact))
        throw new MergeError(`"${artifact.path}" appears twice with different contents`);
      artifacts.set(artifact.path, artifact);
    }
  }
  const epochs = new Set(manifests.map((m) => m.sourceDateEpoch));
  return {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    generator: first.generator,
    edition: first.edition,
    sourceCommit: first.sourceCommit,
    builtAt: manifests
      .map((m) => m.builtAt)
      .sort()
      .at(-1)!,
    sourceDateEpoch: epochs.size === 1 ? first.sourceDateEpoch : null,
    locales: Object.fromEntries(
      Object.keys(locales)
        .sort()
        .map((l) => [l, locales[l]!]),
    ),
    artifacts: [...artifacts.values()].sort((a, b) => compare(a.path, b.path)),
  };
}

export class MergeError extends Error {
  override name = 'MergeError';
}

/** Problems with the files a manifest lists, read from `dir`: missing, wrong size or wrong sha256. */
export async function verifyArtifacts(manifest: Manifest, dir: string): Promise<string[]> {
  const problems: string[] = [];
  for (const artifact of manifest.artifacts) {
    const file = path.join(dir, ...artifact.path.split('/'));
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch {
      problems.push(`${artifact.path}: missing`);
      continue;
    }
    if (data.byteLength !== artifact.bytes)
      problems.push(`${artifact.path}: ${data.byteLength} bytes, the manifest says ${artifact.bytes}`);
    else if (sha256Hex(data) !== artifact.sha256) problems.push(`${artifact.path}: sha256 differs from the manifest`);
  }
  return problems;
}

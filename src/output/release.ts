// Assemble one release folder from the output folders of several builds (a CI matrix builds one
// locale per job; each job's output folder has its own manifest.json). Each job is trusted only for
// what its own manifest says it built: every artifact must be one of that job's locales, at the one
// path a build gives it (`<locale>/<id>-<year>.<locale>.<format>`), and is read from that job's folder
// (never through a link: a linked file or folder could publish any file of the machine) and checked
// against that manifest's bytes and sha256. The verified bytes themselves are written, all at once
// with the merged manifest, through write.ts (all or nothing, no write through a link in the release
// folder).
import path from 'node:path';
import { lstatSync } from 'node:fs';
import { readRegularFile } from '../cache.js';
import { sha256Hex } from './digest.js';
import {
  MANIFEST_FILE,
  MergeError,
  mergeManifests,
  serializeManifest,
  type Manifest,
  type ManifestArtifact,
} from './manifest.js';
import { writeArtifacts, type Artifact } from './write.js';

export interface AssembledRelease {
  manifest: Manifest;
  manifestPath: string;
  /** Absolute paths of the copied artifacts, in manifest order. */
  files: string[];
}

/** Largest file a job may hand in (a PDF of the edition, its HTML, a manifest). */
const MAX_RELEASE_FILE = 1024 * 1024 * 1024;

/** A job's file: a regular file reached through no link below the job's folder, or undefined. */
function readJobFile(dir: string, relative: string): Buffer | undefined {
  let at = path.resolve(dir);
  const parts = relative.split('/');
  for (const part of parts.slice(0, -1)) {
    at = path.join(at, part);
    const stats = lstatOrUndefined(at);
    if (!stats || stats.isSymbolicLink() || !stats.isDirectory()) return undefined;
  }
  // O_NOFOLLOW and no blocking: a linked file, a FIFO or a device is not read.
  return readRegularFile(path.join(at, parts.at(-1)!), MAX_RELEASE_FILE);
}

function lstatOrUndefined(p: string) {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

export function readManifest(file: string): Manifest {
  const data = readJobFile(path.dirname(file), path.basename(file));
  if (!data) throw new MergeError(`${file}: no manifest, or not a regular file (was the build successful?)`);
  try {
    return JSON.parse(data.toString('utf8')) as Manifest;
  } catch (error) {
    throw new MergeError(`${file}: not JSON: ${(error as Error).message}`);
  }
}

/** Why this artifact is not one this job could have built, or undefined. */
function foreignArtifact(manifest: Manifest, artifact: ManifestArtifact): string | undefined {
  const { id, year } = manifest.edition;
  const expected = `${artifact.locale}/${id}-${year}.${artifact.locale}.${artifact.format}`;
  if (!Object.hasOwn(manifest.locales, artifact.locale))
    return `${artifact.path}: locale "${artifact.locale}" is not one this job built (${Object.keys(manifest.locales).join(', ')})`;
  if (artifact.path !== expected) return `${artifact.path}: not where a build puts it (${expected})`;
  return undefined;
}

/** Each artifact of one job, checked against that job's manifest: the verified bytes, or problems. */
function verifiedFiles(manifest: Manifest, dir: string): { files: Map<string, Buffer>; problems: string[] } {
  const files = new Map<string, Buffer>();
  const problems: string[] = [];
  for (const artifact of manifest.artifacts) {
    const foreign = foreignArtifact(manifest, artifact);
    if (foreign) {
      problems.push(foreign);
      continue;
    }
    const data = readJobFile(dir, artifact.path);
    if (!data) problems.push(`${artifact.path}: missing, linked or not a regular file`);
    else if (data.byteLength !== artifact.bytes)
      problems.push(`${artifact.path}: ${data.byteLength} bytes, the manifest says ${artifact.bytes}`);
    else if (sha256Hex(data) !== artifact.sha256) problems.push(`${artifact.path}: sha256 differs from the manifest`);
    else files.set(artifact.path, data);
  }
  return { files, problems };
}

/**
 * `inputs`: output folders, each with a manifest.json. `validate` checks a manifest's shape (the
 * JSON schema; done by the caller, which has a validator) and returns its problems.
 */
export async function assembleRelease(
  inputs: string[],
  outDir: string,
  validate: (m: unknown) => string[] = () => [],
): Promise<AssembledRelease> {
  const manifests: Manifest[] = [];
  const verified = new Map<string, Buffer>();
  for (const dir of inputs) {
    const file = path.join(dir, MANIFEST_FILE);
    const manifest = readManifest(file);
    const problems = [...validate(manifest)];
    if (problems.length === 0) {
      const job = verifiedFiles(manifest, dir);
      problems.push(...job.problems);
      // The same path from two jobs is the same bytes (mergeManifests checks their sha256 agree).
      for (const [p, data] of job.files) verified.set(p, data);
    }
    if (problems.length > 0) throw new MergeError(`${file}:\n  ${problems.join('\n  ')}`);
    manifests.push(manifest);
  }
  const merged = mergeManifests(manifests);
  const invalid = validate(merged);
  if (invalid.length > 0) throw new MergeError(`the merged manifest is invalid:\n  ${invalid.join('\n  ')}`);

  const artifacts: Artifact[] = merged.artifacts.map((artifact) => ({
    path: path.join(outDir, ...artifact.path.split('/')),
    data: verified.get(artifact.path)!,
  }));
  const manifestPath = path.join(outDir, MANIFEST_FILE);
  await writeArtifacts([...artifacts, { path: manifestPath, data: serializeManifest(merged) }], { root: outDir });
  return { manifest: merged, manifestPath, files: artifacts.map((a) => a.path) };
}

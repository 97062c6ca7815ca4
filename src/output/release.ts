// Assemble one release folder from the output folders of several builds (a CI matrix builds one
// locale per job; each job's output folder has its own manifest.json). Every listed file is checked
// against its manifest (bytes and sha256) before it is copied; the merged manifest is written last.
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE, MergeError, mergeManifests, serializeManifest, verifyArtifacts, type Manifest } from './manifest.js';
import { writeArtifacts } from './write.js';

export interface AssembledRelease {
  manifest: Manifest;
  manifestPath: string;
  /** Absolute paths of the copied artifacts, in manifest order. */
  files: string[];
}

export async function readManifest(file: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new MergeError(`${file}: no manifest (was the build successful?)`);
  }
  try {
    return JSON.parse(text) as Manifest;
  } catch (error) {
    throw new MergeError(`${file}: not JSON: ${(error as Error).message}`);
  }
}

/**
 * `inputs`: output folders, each with a manifest.json. `validate` checks a manifest's shape (the
 * JSON schema; done by the caller, which has a validator) and returns its problems.
 */
export async function assembleRelease(inputs: string[], outDir: string, validate: (m: unknown) => string[] = () => []): Promise<AssembledRelease> {
  const manifests: Manifest[] = [];
  for (const dir of inputs) {
    const file = path.join(dir, MANIFEST_FILE);
    const manifest = await readManifest(file);
    const problems = [...validate(manifest)];
    if (problems.length === 0) problems.push(...(await verifyArtifacts(manifest, dir)));
    if (problems.length > 0) throw new MergeError(`${file}:\n  ${problems.join('\n  ')}`);
    manifests.push(manifest);
  }
  const merged = mergeManifests(manifests);
  const invalid = validate(merged);
  if (invalid.length > 0) throw new MergeError(`the merged manifest is invalid:\n  ${invalid.join('\n  ')}`);

  const files: string[] = [];
  for (const artifact of merged.artifacts) {
    const from = inputs.find((dir, i) => manifests[i]!.artifacts.some((a) => a.path === artifact.path))!;
    const to = path.join(outDir, ...artifact.path.split('/'));
    await mkdir(path.dirname(to), { recursive: true });
    await copyFile(path.join(from, ...artifact.path.split('/')), to);
    files.push(to);
  }
  const manifestPath = path.join(outDir, MANIFEST_FILE);
  await writeArtifacts([{ path: manifestPath, data: serializeManifest(merged) }]);
  return { manifest: merged, manifestPath, files };
}

#!/usr/bin/env node
// Merge the output folders of a CI matrix (one locale per job, each with its manifest.json) into one
// release folder: validates every manifest against schema/manifest.schema.json, checks every file's
// bytes and sha256, copies the files and writes the merged manifest.json.
//
//   node scripts/merge-manifests.js --out release  artifacts/edition-en artifacts/edition-ru …
//
// Needs `npm ci` (compiled dist/, and ajv from the dev dependencies). Exit 0 ok, 1 invalid input, 2 usage.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { assembleRelease } from '../dist/output/release.js';

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { out: { type: 'string' } } });
} catch (error) {
  process.stderr.write(`merge-manifests: ${error.message}\n`);
  process.exit(2);
}
const { values, positionals } = parsed;
if (!values.out || positionals.length === 0) {
  process.stderr.write('usage: node scripts/merge-manifests.js --out <release-dir> <output-dir>...\n');
  process.exit(2);
}

const schema = JSON.parse(readFileSync(new URL('../schema/manifest.schema.json', import.meta.url), 'utf8'));
const check = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
const validate = (manifest) =>
  check(manifest) ? [] : check.errors.map((e) => `${e.instancePath || '/'} ${e.message}`);

try {
  const release = await assembleRelease(positionals, path.resolve(values.out), validate);
  for (const file of [...release.files, release.manifestPath]) process.stdout.write(`${shown(file)}\n`);
  const { manifest } = release;
  process.stdout.write(
    `Merged ${positionals.length} manifest(s): ${manifest.artifacts.length} file(s), locales ${Object.keys(manifest.locales).join(', ')}, commit ${manifest.sourceCommit ?? 'unknown'}.\n`,
  );
} catch (error) {
  process.stderr.write(`merge-manifests: ${error.message}\n`);
  process.exit(1);
}

function shown(file) {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

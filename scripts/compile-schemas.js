// The settings validators made ahead of time (ajv's standalone code) into dist/config/validators.cjs,
// run by `npm run compile` after tsc: compiling the five schemas took ~70 ms of every build's
// start-up, and loading ajv's compiler another ~300 kB of code. Each validator carries the digest of
// the schema file it was made from; src/config/schema.ts compiles at run time when they differ.
import { readFileSync, writeFileSync } from 'node:fs';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { createAjv, SCHEMA_NAMES, schemaDigest, schemaFile } from '../dist/config/schema.js';

const ajv = createAjv({ code: { source: true, esm: false, lines: false } });
const digests = {};
for (const name of SCHEMA_NAMES) {
  const text = readFileSync(schemaFile(name), 'utf8');
  ajv.addSchema(JSON.parse(text), name);
  digests[name] = schemaDigest(text);
}
const validators = Object.fromEntries(SCHEMA_NAMES.map((name) => [name, name]));
const code = standaloneCode(ajv, validators);
writeFileSync(
  'dist/config/validators.cjs',
  `${code}\nmodule.exports = { validators: module.exports, digests: ${JSON.stringify(digests)} };\n`,
);

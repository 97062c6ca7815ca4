// Settings files checked against their JSON Schema (schema/<name>.schema.json, also what editors use
// through `# yaml-language-server: $schema=`). ajv validates the parsed YAML; each error becomes a
// message placed at the key or value at fault, in the schema's own words: a property's `errorMessage`
// and `fix` (text, or one per ajv keyword; `{name}`, `{key}`, `{value}`, `{allowed}`, `{known}` filled
// in), else a generic sentence per keyword. Adding a setting is adding its property to the schema.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Ajv2020, ErrorObject, Options, ValidateFunction } from 'ajv/dist/2020.js';
import type { Diagnostic } from '../messages.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { nearest } from '../did-you-mean.js';
import type { YamlFile } from './yaml.js';

export type SchemaName = 'briefing' | 'edition' | 'strings' | 'theme' | 'brand';

type Words = string | Record<string, string>;
interface PropertySchema {
  errorMessage?: Words;
  fix?: Words;
  properties?: Record<string, unknown>;
  enum?: unknown[];
}

export const SCHEMA_NAMES: SchemaName[] = ['briefing', 'edition', 'strings', 'theme', 'brand'];

/** The options every validator is made with, at run time or ahead of it (scripts/compile-schemas.js). */
export const AJV_OPTIONS: Options = { allErrors: true, verbose: true, strict: true, allowUnionTypes: true };

/** Where `npm run compile` writes the validators made ahead of time (ajv's standalone code). */
const PRECOMPILED = path.join(PACKAGE_ROOT, 'dist', 'config', 'validators.cjs');

/** Compiled once per process: a schema file is part of the program, like the code. */
const compiled = new Map<SchemaName, ValidateFunction>();
let shared: Ajv2020 | undefined;
let precompiled: Precompiled | null | undefined;

interface Precompiled {
  digests: Record<string, string>;
  validators: Record<string, ValidateFunction>;
}

/** An Ajv with our annotation keywords (`errorMessage`, `fix`: for our messages; editors read them too). */
export function createAjv(extra: Options = {}): Ajv2020 {
  // Loaded only when a validator was not made ahead of time: ajv's compiler is most of its code.
  const { Ajv2020: Ajv } = createRequire(import.meta.url)('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const ajv = new Ajv({ ...AJV_OPTIONS, ...extra });
  ajv.addKeyword({ keyword: 'errorMessage', schemaType: ['string', 'object'] });
  ajv.addKeyword({ keyword: 'fix', schemaType: ['string', 'object'] });
  return ajv;
}

export function schemaFile(name: SchemaName): string {
  return path.join(PACKAGE_ROOT, 'schema', `${name}.schema.json`);
}

export function schemaDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The validator for a schema: made ahead of time when its schema file is the one it was made from
 * (compiling every schema costs ~70 ms of each build's start-up), else compiled here.
 */
function validator(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    validate = madeAheadOfTime(name) ?? compileNow(name);
    compiled.set(name, validate);
  }
  return validate;
}

/** The validator `npm run compile` made, if it was made from the schema file as it is now. */
export function madeAheadOfTime(name: SchemaName): ValidateFunction | undefined {
  const ahead = loadPrecompiled();
  const current = ahead?.digests[name] === schemaDigest(readFileSync(schemaFile(name), 'utf8'));
  return current ? ahead?.validators[name] : undefined;
}

export function compileNow(name: SchemaName): ValidateFunction {
  return (shared ??= createAjv()).compile(JSON.parse(readFileSync(schemaFile(name), 'utf8')) as object);
}

function loadPrecompiled(): Precompiled | null {
  if (precompiled === undefined)
    precompiled = existsSync(PRECOMPILED) ? (createRequire(PRECOMPILED)(PRECOMPILED) as Precompiled) : null;
  return precompiled;
}

/** The schema's errors for a settings file, as positioned messages of `rule`, in file order. */
export function schemaProblems(name: SchemaName, yaml: YamlFile, rule: string): Diagnostic[] {
  const validate = validator(name);
  if (validate(yaml.data)) return [];
  const chosen = new Map<string, ErrorObject>();
  for (const error of validate.errors ?? []) {
    const where = `${error.instancePath}\u0000${extraKey(error) ?? ''}`;
    const held = chosen.get(where);
    // One message per place: the one the schema words itself, else the outermost (an anyOf's).
    if (!held || (!ownWords(held) && (ownWords(error) || error.schemaPath.length < held.schemaPath.length)))
      chosen.set(where, error);
  }
  // Inside a value that matches none of its forms (anyOf), the form's own complaints add nothing.
  const alternatives = [...chosen.values()].filter((e) => e.keyword === 'anyOf').map((e) => `${e.instancePath}/`);
  return [...chosen.values()]
    .filter((e) => !alternatives.some((prefix) => e.instancePath.startsWith(prefix)))
    .map((error) => diagnosticOf(error, yaml, rule))
    .sort((a, b) => a.line! - b.line! || a.column! - b.column!);
}

/** The key the error is about when it is not the value at instancePath: an unknown or misnamed key. */
function extraKey(error: ErrorObject): string | undefined {
  const params = error.params as { additionalProperty?: string; propertyName?: string };
  return params.additionalProperty ?? params.propertyName ?? error.propertyName;
}

function ownWords(error: ErrorObject): boolean {
  return pick((error.parentSchema as PropertySchema | undefined)?.errorMessage, error.keyword) !== undefined;
}

function pick(words: Words | undefined, keyword: string): string | undefined {
  return typeof words === 'string' ? words : words?.[keyword];
}

function diagnosticOf(error: ErrorObject, yaml: YamlFile, rule: string): Diagnostic {
  const keys = keysOf(error.instancePath, yaml.data);
  const extra = extraKey(error);
  if (extra !== undefined) keys.push(extra);
  const schema = (error.parentSchema ?? {}) as PropertySchema;
  const known = Object.keys(schema.properties ?? {});
  const fill = (text: string): string =>
    text
      .replaceAll('{name}', keys.join('.'))
      .replaceAll('{key}', String(keys.at(-1) ?? ''))
      .replaceAll('{value}', show(extra === undefined ? error.data : extra))
      .replaceAll('{allowed}', (schema.enum ?? []).map(show).join(', '))
      .replaceAll('{known}', known.join(', '));
  const generic = genericWords(error, known);
  return {
    file: yaml.path,
    ...yaml.positionAt(keys, extra === undefined ? 'value' : 'key'),
    severity: 'error',
    message: fill(pick(schema.errorMessage, error.keyword) ?? generic.message),
    rule,
    fix: fill(pick(schema.fix, error.keyword) ?? generic.fix),
  };
}

/** JSON pointer → the keys of YamlFile.positionAt (numbers for list items). */
function keysOf(pointer: string, data: unknown): Array<string | number> {
  const keys: Array<string | number> = [];
  let node = data;
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replaceAll('~1', '/').replaceAll('~0', '~');
    keys.push(Array.isArray(node) ? Number(key) : key);
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  return keys;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of keys to values',
  null: 'empty',
};

function genericWords(error: ErrorObject, known: string[]): { message: string; fix: string } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const near = nearest(String(params.additionalProperty), known, 2);
      const list = `known: ${known.join(', ')}`;
      return { message: 'unknown key "{name}"', fix: near ? `did you mean "${near}"? (${list})` : `${list}` };
    }
    case 'required':
      return {
        message: `\`${String(params.missingProperty)}\` is missing`,
        fix: `add \`${String(params.missingProperty)}: …\``,
      };
    case 'type': {
      const types = String(params.type).split(',');
      const words = types.filter((t) => t !== 'null').map((t) => TYPE_WORDS[t] ?? t);
      return types.includes('object')
        ? {
            message: '`{name}` must be a mapping of keys to values',
            fix: 'write it as `{key}:` with indented keys below',
          }
        : { message: `\`{name}\` must be ${words.join(' or ')}`, fix: 'write `{key}: …`' };
    }
    case 'enum':
      return { message: '`{name}` is "{value}"', fix: 'use one of: {allowed}' };
    default:
      return {
        message: `\`{name}\` is "{value}": ${error.message ?? 'not allowed here'}`,
        fix: 'write it as README shows',
      };
  }
}

/** A YAML value in a message: text as is, anything else as JSON. */
export function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

// plain-matter.ts reads front matter of plain `key: text` lines without the YAML parser: whatever it
// reads must be what the YAML parser reads, and anything YAML reads otherwise it must leave to it.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { plainMatter } from '../../src/pipeline/plain-matter.js';

const read = [
  'short: Introduction',
  'short: National mechanisms\ntitle: The Paris Principles, in practice',
  "title: Women's rights (2022)\nauthor: A. N. Author/Editor - draft",
  'short: Yes',
  'short: No',
  'short: e5',
  'constructor: x',
];

const leftToYaml = [
  '',
  'short: ',
  'short: Introduction ',
  'short: two  spaces',
  'short: true',
  'short: NULL',
  'short: False',
  'null: x',
  'true: x',
  'short: 12',
  'short: .inf',
  "short: 'quoted'",
  'short: "quoted"',
  'short: a # comment',
  'short: a: b',
  'short: [a, b]',
  'short: {a: b}',
  'short: *alias',
  'short: &anchor a',
  'short: !tag a',
  'short: a\nshort: b',
  'short: a\n',
  'short: a\r',
  'Short: a',
  'short:a',
  'short: |',
  'short: >',
  'short: a\n  continued',
  '- a',
  'short: a\ttab',
  'short: ~',
];

describe('plainMatter', () => {
  it.each(read)('reads %j as the YAML parser does', (yaml) => {
    expect(plainMatter(yaml)).toEqual(parse(yaml));
  });

  it.each(leftToYaml)('leaves %j to the YAML parser', (yaml) => {
    expect(plainMatter(yaml)).toBeUndefined();
  });
});

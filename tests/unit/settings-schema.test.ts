// The settings files' JSON Schemas (schema/*.schema.json): what ships passes them, and a file that
// breaks them gets every problem at its line and column, in the schema's words.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseYaml } from '../../src/config/yaml.js';
import { schemaProblems, type SchemaName } from '../../src/config/schema.js';
import { DEFAULT_STRINGS, OPTIONAL_STRINGS } from '../../src/content/strings.js';
import { formatDiagnostic } from '../../src/messages.js';
import { ROOT } from '../support/cli.js';

function problems(name: SchemaName, text: string, file = `${name}.yaml`): string[] {
  return schemaProblems(name, parseYaml(file, text, file), 'config:invalid').map(formatDiagnostic);
}

describe('settings schemas', () => {
  it('the files that ship pass their schema', () => {
    const files: Array<[SchemaName, string]> = [
      ['briefing', 'content/briefing.yaml'],
      ['theme', 'templates/theme.yaml'],
      ['brand', 'tests/fixtures/themes/brand/_brand.yml'],
    ];
    for (const locale of readdirSync(path.join(ROOT, 'content'), { withFileTypes: true })) {
      if (!locale.isDirectory()) continue;
      files.push(
        ['edition', `content/${locale.name}/edition.yaml`],
        ['strings', `content/${locale.name}/strings.yaml`],
      );
    }
    for (const [name, file] of files) {
      expect(problems(name, readFileSync(path.join(ROOT, file), 'utf8'), file), file).toEqual([]);
    }
  });

  it('strings.schema.json names exactly the words Briefing prints', () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'schema/strings.schema.json'), 'utf8')) as {
      properties: Record<string, unknown>;
    };
    expect(Object.keys(schema.properties).sort()).toEqual(
      [...Object.keys(DEFAULT_STRINGS), ...Object.keys(OPTIONAL_STRINGS)].sort(),
    );
  });

  it('edition.yaml: a misspelt key, with the key it probably meant; a title that is a list', () => {
    expect(problems('edition', 'title: [a, b]\npublsher: Office\n')).toEqual([
      'edition.yaml:1:8 error `title` must be text (write `title: …`) config:invalid',
      'edition.yaml:2:1 error unknown key "publsher" (did you mean "publisher"? (known: title, subtitle, short, place, date, year, author, publisher, description, keywords)) config:invalid',
    ]);
  });

  it('_brand.yml: a font without a family and a file weight that is not one, each once, at its place', () => {
    expect(
      problems(
        'brand',
        'typography:\n  fonts:\n    - source: file\n    - family: X\n      files:\n        - path: a.woff2\n          weight: heavy\n',
        '_brand.yml',
      ),
    ).toEqual([
      '_brand.yml:3:7 error a font of typography.fonts must have a `family` (write `- family: Name` with `source: file` and `files:`) config:invalid',
      '_brand.yml:6:11 error a font file needs a path, a weight (100–900 or bold…) and a style (normal or italic) (write `- path: fonts/Brand-Bold.woff2` with `weight: bold` and `style: normal`) config:invalid',
    ]);
  });

  it('strings.yaml: "on page" must say where the number goes', () => {
    expect(problems('strings', 'onPage: на странице\n')).toEqual([
      'strings.yaml:1:9 error string "onPage" must say where the page number goes with {page} (write `onPage: "on page {page}"`) config:invalid',
    ]);
    expect(problems('strings', 'onPage: на с. {page}\n')).toEqual([]);
  });
});

// `briefing status` tells the truth: refusals of --update, several files at once, CRLF and BOM files,
// unknown files with a "did you mean", translated note names, word counts, stale vs missing.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyFixture, ROOT, runMain } from '../support/cli.js';
import { align } from '../../src/translate/record.js';
import { markdownSegments } from '../../src/translate/segments.js';
import { wordDiff } from '../../src/translate/word-diff.js';
import { markupProblem } from '../../src/translate/markup.js';
import { nearestName } from '../../src/content/read.js';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'translate');

interface StatusJson {
  locales: Array<{
    locale: string;
    words: { toTranslate: number; stale: number; done: number };
    files: Array<{
      file: string;
      state: string;
      words: { toTranslate: number; stale: number; done: number };
      removed: number;
    }>;
  }>;
}

const status = async (content: string, locale = 'ru') =>
  JSON.parse((await runMain(['status', '--content', content, '--locale', locale, '--json'])).stdout) as StatusJson;
const stateOf = async (content: string, name: string) =>
  (await status(content)).locales[0]!.files.find((f) => f.file.endsWith(name))!;

describe('status --update', () => {
  it('refuses a file identical to its source, naming the reason, and writes nothing', async () => {
    const content = copyFixture(FIXTURE);
    const copy = path.join(content, 'ru', '02-rights', '02-sanitation.md');
    writeFileSync(copy, readFileSync(path.join(content, 'en', '02-rights', '02-sanitation.md')));
    const before = readFileSync(copy, 'utf8');
    const result = await runMain(['status', '--content', content, '--update', copy]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${copy} error identical to its en source: nothing is translated yet (translate the file, then record it) status:untranslated`,
    );
    expect(readFileSync(copy, 'utf8')).toBe(before);
  });

  it('refuses a file with fewer blocks than its source (only the heading; a paragraph the source gained)', async () => {
    const content = copyFixture(FIXTURE);
    const file = path.join(content, 'ru', '02-rights', '02-sanitation.md');
    writeFileSync(file, '---\nshort: Санитария\n---\n\n## Санитария\n');
    const result = await runMain(['status', '--content', content, '--update', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'error has 2 translated block(s) where the en source has 4: the first one missing is the paragraph at',
    );
    expect(result.stderr).toContain('02-sanitation.md:7 “Sanitation reached a third of rural schools.”');

    // A complete translation is recorded; then the source gains a paragraph: recording again is refused.
    const drinking = path.join(content, 'ru', '02-rights', '01-drinking.md');
    expect((await runMain(['status', '--content', content, '--update', drinking])).code).toBe(0);
    const source = path.join(content, 'en', '02-rights', '01-drinking.md');
    writeFileSync(source, `${readFileSync(source, 'utf8')}\nA new paragraph nobody translated.\n`);
    expect((await stateOf(content, '01-drinking.md')).state).toBe('stale');
    const again = await runMain(['status', '--content', content, '--update', drinking]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('has 4 translated block(s) where the en source has 5');
    const text = (await runMain(['status', '--content', content, '--locale', 'ru'])).stdout;
    expect(text).toMatch(
      /01-drinking\.md: not translated yet \(.*en\/02-rights\/01-drinking\.md:11 “A new paragraph nobody translated\.…”\)/,
    );
    // A missing block is "missing", not "stale".
    expect((await runMain(['status', '--content', content, '--locale', 'ru', '--strict-missing'])).code).toBe(1);
  });

  it('records several files at once, edition.yaml and strings.yaml without front matter', async () => {
    const content = copyFixture(FIXTURE);
    const files = ['02-rights/index.md', '02-rights/01-drinking.md', 'edition.yaml', 'strings.yaml'].map((f) =>
      path.join(content, 'ru', f),
    );
    const yamlBefore = readFileSync(files[2]!, 'utf8');
    const result = await runMain(['status', '--content', content, '--update', ...files]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(4);
    expect(readFileSync(files[2]!, 'utf8')).toBe(yamlBefore); // no front matter written into YAML
    const ru = (await status(content)).locales[0]!;
    expect(Object.fromEntries(ru.files.map((f) => [path.relative(path.join(content, 'ru'), f.file), f.state]))).toEqual(
      {
        'edition.yaml': 'translated',
        'strings.yaml': 'translated',
        'preface.md': 'missing',
        '01-overview.md': 'missing',
        '02-rights/index.md': 'translated',
        '02-rights/01-drinking.md': 'translated',
        '02-rights/02-sanitation.md': 'missing',
        'sources.md': 'missing',
      },
    );
    // Word counts per file and locale.
    const drinking = ru.files.find((f) => f.file.endsWith('01-drinking.md'))!;
    expect(drinking.words).toEqual({ done: 18, stale: 0, toTranslate: 0 });
    const overview = ru.files.find((f) => f.file.endsWith('01-overview.md'))!;
    expect(overview.words.toTranslate).toBe(53);
    expect(ru.words.done + ru.words.stale + ru.words.toTranslate).toBe(
      ru.files.reduce((sum, f) => sum + f.words.done + f.words.stale + f.words.toTranslate, 0),
    );

    // The source edits a YAML value: the file is stale, tracked like a chapter.
    const sourceYaml = path.join(content, 'en', 'edition.yaml');
    writeFileSync(sourceYaml, readFileSync(sourceYaml, 'utf8').replace('place: Almaty', 'place: Astana'));
    const text = (await runMain(['status', '--content', content, '--locale', 'ru'])).stdout;
    expect(text).toMatch(
      /ru\/edition\.yaml:3: the source changed \(.*en\/edition\.yaml:3\)\n +\[-Almaty-\]\{\+Astana\+\}\n/,
    );
  });

  it('CRLF line endings and a BOM: recorded once, still CRLF with its BOM, status and check happy', async () => {
    const content = copyFixture(FIXTURE);
    const file = path.join(content, 'ru', '02-rights', '01-drinking.md');
    const crlf = `\uFEFF${readFileSync(file, 'utf8').replace(/\n/g, '\r\n')}`;
    writeFileSync(file, crlf);
    expect((await stateOf(content, '01-drinking.md')).state).toBe('unrecorded');
    const update = await runMain(['status', '--content', content, '--update', file]);
    expect(update.stderr).toBe('');
    expect(update.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('\uFEFF---\r\nshort: Питьевая вода\r\ntranslation:\r\n  from: en\r\n')).toBe(true);
    expect(text.slice(1).match(/^---\r?$/gm)).toHaveLength(2); // one front matter block, not two
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect((await stateOf(content, '01-drinking.md')).state).toBe('translated');
    const check = await runMain(['check', '--content', content, '--locale', 'ru']);
    expect(check.stderr).not.toMatch(/01-drinking\.md:\d+:\d+ error/);
    expect(check.code).toBe(0);
  });
});

describe('warnings about the locale folder', () => {
  it('an unknown file gets a "did you mean" with the nearest source name, in status and check', async () => {
    const content = copyFixture(FIXTURE);
    const wrong = path.join(content, 'ru', '02-rights', '02-санитария.md');
    writeFileSync(wrong, '## Санитария\n');
    writeFileSync(path.join(content, 'ru', '02-rights', 'index.markdown'), '# Право на воду\n');
    const expected = `${wrong} warning no en file "02-санитария.md" to translate: file ignored (did you mean 02-sanitation.md? A translation keeps the file name of its source) locale:unknown-file`;
    expect((await runMain(['status', '--content', content, '--locale', 'ru'])).stderr).toContain(expected);
    const check = await runMain(['check', '--content', content, '--locale', 'ru']);
    expect(check.stderr).toContain(expected);
    expect(check.stderr).toContain('index.markdown" to translate: file ignored (did you mean index.md?');
  });
});

describe('pure helpers', () => {
  it('align: an edited paragraph is "changed", not "removed" + "added"; reordering keeps the rest done', () => {
    const before = markdownSegments('# T\n\nOne.\n\nTwo.\n\nThree.\n\nFour.\n');
    const after = markdownSegments('# T\n\nFour.\n\nOne.\n\nTwo, edited.\n\nThree.\n\nFive.\n');
    const result = align(
      before.map((s) => s.fingerprint),
      after,
    );
    expect(result.states.map((s) => s.state)).toEqual(['done', 'done', 'done', 'changed', 'done', 'missing']);
    expect(result.removed).toEqual([]);
  });

  it('word diff shows old → new with context', () => {
    expect(
      wordDiff('The law was adopted in May 2022 by parliament.', 'The law was adopted in June 2022 by parliament.'),
    ).toBe('The law was adopted in [-May-]{+June+} 2022 by parliament.');
  });

  it('markup check: notes, links, code', () => {
    expect(markupProblem('A [b](https://x.org) `c`[^d]', 'А [б](https://x.org) `c`[^d]')).toBeUndefined();
    expect(markupProblem('A[^d]', 'А')).toBe('drops the note reference [^d]');
    expect(markupProblem('A', 'А[^d]')).toBe('adds the note reference [^d], which the source does not have');
    expect(markupProblem('A[^d]', 'А[^е]')).toBe(
      'note reference [^е] is not in the source: note names are not translated: use [^d]',
    );
  });

  it('nearest name: the same order number first, then the edit distance', () => {
    const names = ['01-introduction.md', '05-humanitarian-operations.md', '06-justice.md'];
    expect(nearestName('05-гуманитарлық-операциялар.md', names)).toBe('05-humanitarian-operations.md');
    expect(nearestName('01-introdution.md', names)).toBe('01-introduction.md');
    expect(nearestName('notes.txt', names)).toBeUndefined();
  });
});

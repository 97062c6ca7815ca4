import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import type { Root } from 'mdast';
import { createParser } from '../../src/pipeline/parser.js';
import { cutPoint, parseInHalves } from '../../src/pipeline/parse-split.js';
import { ROOT } from '../support/cli.js';

const parser = createParser();
const parse = (file: VFile) => parser.parse(file);
const whole = (text: string) => parser.parse(new VFile({ path: 'a.md', value: text }));

/** The worker, here in this thread: the same parser, and the tree copied as a message would be. */
const cuts: number[] = [];
function elsewhere(_path: string | undefined, text: string): Promise<Root> {
  cuts.push(text.length - text.trimStart().length);
  return Promise.resolve(structuredClone(parser.parse(new VFile({ path: 'a.md', value: text }))));
}

const inHalves = (text: string) =>
  parseInHalves(Promise.resolve(parse), new VFile({ path: 'a.md', value: text }), text, elsewhere, 0);

/** Two chapters, each long enough to be the half. */
const chapters = (first: string, second: string) => `# One\n\n${first}\n\n# Two\n\n${second}\n`;

describe('a long text parsed in two halves at once', () => {
  // Five files of the review (three cut, two that cannot be), not all 23: each tree is compared node by
  // node, which made this test most of the file's 0.6 s.
  it('gives the whole parse’s tree for files of the review, cut where they can be', async () => {
    const content = path.join(ROOT, 'content', 'en');
    const files = [
      '01-introduction.md',
      '05-humanitarian-operations.md',
      '06-justice.md',
      'sources.md',
      path.join('07-protection-and-promotion', '02-childrens-rights.md'),
    ];
    let cut = 0;
    for (const name of files) {
      const text = readFileSync(path.join(content, name), 'utf8');
      if (cutPoint(text, 0) !== undefined) cut += 1;
      expect(await inHalves(text), name).toEqual(whole(text));
    }
    expect(cut).toBe(3);
  });

  it('keeps positions, notes, grid tables, definition lists and Pandoc tables of both halves', async () => {
    const second = [
      'A call.[^b] Some *text* with `code`.',
      '[^b]: The note.',
      '+-----+-----+\n| a   | b   |\n+=====+=====+\n| c   | d   |\n+-----+-----+',
      'Term\n\n:   Its definition.',
      '  Right     Left\n-------     ------\n     12     ab\n    123     cd',
      'a) one\nb) two',
    ].join('\n\n');
    const text = chapters('A call.[^a] More text.\n\n[^a]: A note.', second);
    const tree = await inHalves(text);
    expect(tree).toEqual(whole(text));
    expect(cuts.at(-1)).toBe(text.indexOf('# Two'));
  });

  it('parses whole again when a definition is used across the cut, either way', async () => {
    for (const text of [
      chapters('[x]: https://example.org', 'See [x] and [it][X].'),
      chapters('See [the link][y].', '[Y]: https://example.org'),
      chapters('A call.[^n]', '[^n]: The note.'),
      chapters('[a\\]b\n c]: /u', 'See [A\\]b c].'),
    ]) {
      const tree = await inHalves(text);
      expect(tree, text).toEqual(whole(text));
      expect(JSON.stringify(tree), text).toMatch(/"type":"(?:linkReference|footnoteReference)"/);
    }
  });

  it('never cuts inside fenced code, math, a ::: container, front matter or an HTML block', () => {
    const body = 'Text.\n\n# Heading\n\nMore.';
    expect(cutPoint(`Intro.\n\n${body}`, 0)).toBe('Intro.\n\n'.length + 'Text.\n\n'.length);
    for (const [open, close] of [
      ['```', '```'],
      ['~~~~', '~~~~'],
      ['$$', '$$'],
      ['::: note', ':::'],
      ['::: {.callout-note}', ':::'],
    ])
      expect(cutPoint(`Intro.\n\n${open}\n${body}\n${close}\n`, 0), open).toBeUndefined();
    expect(cutPoint(`---\ntitle: x\n\n# Not a heading\n`, 0)).toBeUndefined();
    expect(cutPoint(`<!-- a comment\n\n${body}\n-->\n`, 0)).toBeUndefined();
    expect(cutPoint(`Intro.\n# Heading\n`, 0)).toBeUndefined(); // no blank line before it
    expect(cutPoint(`Intro.\n\n${body}`)).toBeUndefined(); // short texts are parsed whole
  });
});

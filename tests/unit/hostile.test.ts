// Issue 18, hostile and careless input without a browser: each case must give a positioned message
// (never an internal error, a stack overflow or a parse that runs for minutes), and what was refused
// must not reach the edition. Nesting, YAML aliases (in every YAML file Briefing reads), raw HTML hidden
// between comments, chapter files that break the naming rule.
import { describe, expect, it } from 'vitest';
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { checkEditions } from '../../src/check.js';
import { loadTemplates } from '../../src/render/render.js';
import { markdownSegments } from '../../src/translate/segments.js';
import { BriefingError, formatDiagnostic } from '../../src/messages.js';
import { findDeepNesting } from '../../src/pipeline/nesting.js';
import { makeContent } from '../support/content.js';
import { ROOT, tempDir } from '../support/cli.js';

const TEMPLATES = path.join(ROOT, 'templates');

async function check(content: string): Promise<{ messages: string[]; html: string }> {
  try {
    const { editions, diagnostics } = await checkEditions(await loadConfig({ content, templates: TEMPLATES }));
    return {
      messages: diagnostics.map((d) => formatDiagnostic({ ...d, file: path.relative(content, d.file) })),
      html: JSON.stringify(editions.map((e) => e.chapters.map((c) => c.tree))),
    };
  } catch (error) {
    if (!(error instanceof BriefingError)) throw error;
    return {
      messages: error.diagnostics.map((d) => formatDiagnostic({ ...d, file: path.relative(content, d.file) })),
      html: '',
    };
  }
}

const NESTING_FIX =
  '(flatten the structure (the limit is `limits: { maxNesting: … }` in briefing.yaml, or BRIEFING_MAX_NESTING)) limits:nesting';
const deepLine = (line: number, column: number, depth: number) =>
  `en/01-one.md:${line}:${column} error nesting too deep: lists, block quotes or callouts nested about ${depth} levels, more than the limit of 100; the file is read only up to this line ${NESTING_FIX}`;

describe('nesting: a positioned error in well under a second, never a stack overflow', () => {
  const cases: Array<{ name: string; body: string; message: string }> = [
    { name: 'a 2 kB line of list markers (- - - … x)', body: '- '.repeat(1000) + 'x', message: deepLine(5, 201, 101) },
    { name: 'block quotes (> > > … x)', body: '> '.repeat(3000) + 'x', message: deepLine(5, 201, 101) },
    { name: 'ordered list markers (1. 1. 1. … x)', body: '1. '.repeat(1000) + 'x', message: deepLine(5, 301, 101) },
    {
      name: 'a list nested by indentation, one level per line',
      body: Array.from({ length: 400 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n'),
      message: deepLine(105, 201, 101),
    },
    {
      name: 'directive containers nested 400 deep (::::…note)',
      body: Array.from({ length: 400 }, (_, i) => `${':'.repeat(403 - i)}note`).join('\n'),
      message: deepLine(105, 1, 101),
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const content = makeContent({ 'en/01-one.md': `# One\n\nBefore.\n\n${c.body}\n\nAfter.\n` });
      const { messages } = await check(content);
      // Errors of other checks may follow (a nested callout is an error of its own); this one comes first.
      // (How long it takes is `npm run bench`'s to measure, not a test's.)
      expect(messages[0]).toEqual(c.message);
    });
  }

  it('emphasis nested 1,000 deep (inline: cut after parsing)', async () => {
    // 2,000 emphasis marks in one paragraph: over the delimiter limit (bounded.test.ts) unless raised.
    const content = makeContent({
      'briefing.yaml': 'id: sample\nyear: 2022\nlocales: [en]\nlimits: { maxDelimiters: 3000 }\n',
      'en/01-one.md': `# One\n\n${'*a '.repeat(1000)}x${' a*'.repeat(1000)}\n`,
    });
    const { messages } = await check(content);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^en\/01-one\.md:3:\d+ error nesting too deep: more than 100 levels of lists, block quotes, callouts or emphasis; the deeper part is left out/,
    );
  });

  it('nesting within the limit is read as usual (99 levels of block quotes)', async () => {
    const content = makeContent({ 'en/01-one.md': `# One\n\n${'> '.repeat(99)}deep text\n` });
    const { messages, html } = await check(content);
    expect(messages).toEqual([]);
    expect(html).toContain('deep text');
  });

  it('the limit is configurable (briefing.yaml limits.maxNesting)', async () => {
    const content = makeContent({
      'briefing.yaml': 'id: sample\nyear: 2022\nlocales: [en]\nlimits: { maxNesting: 5 }\n',
      'en/01-one.md': `# One\n\n${'- '.repeat(6)}x\n`,
    });
    expect((await check(content)).messages[0]).toMatch(
      /01-one\.md:3:11 error .*nested about 6 levels, more than the limit of 5/,
    );
  });

  it('translation segments (status, export) of a deep file do not overflow either', () => {
    expect(markdownSegments(`# One\n\n${'- '.repeat(5000)}x\n`).map((s) => s.text)).toEqual(['One']);
  });

  it('the scan ignores what only looks deep: thematic breaks, numbers in text, code indentation without markers', () => {
    const text = `${'- - -\n'.repeat(50)}${' '.repeat(400)}plain indented text\n2024. was a year\n`;
    expect(findDeepNesting(text, 100)).toBeUndefined();
  });
});

const BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
].join('\n');
const ALIASES =
  'YAML aliases expand too much (more than 100 alias expansions: Excessive alias count indicates a resource exhaustion attack) (write the values out instead of nesting aliases (*name), or raise `limits: { maxAliases: … }` in briefing.yaml) limits:yaml-aliases';

describe('YAML alias bombs: a positioned error at the first alias, in every YAML file', () => {
  const files: Array<[string, Record<string, string>, string]> = [
    ['briefing.yaml', { 'briefing.yaml': `id: sample\nyear: 2022\nlocales: [en]\n${BOMB}\n` }, 'briefing.yaml:5:8'],
    ['edition.yaml', { 'en/edition.yaml': `title: T\npublisher: P\n${BOMB}\n` }, 'en/edition.yaml:4:8'],
    ['strings.yaml', { 'en/strings.yaml': `${BOMB}\n` }, 'en/strings.yaml:2:8'],
  ];
  for (const [name, files_, where] of files) {
    it(name, async () => {
      const content = makeContent({ 'en/01-one.md': '# One\n\nText.\n', ...files_ });
      expect((await check(content)).messages).toEqual([`${where} error ${name}: ${ALIASES}`]);
    });
  }

  it('front matter of a chapter, at its line in the Markdown file', async () => {
    const content = makeContent({ 'en/01-one.md': `---\nshort: One\n${BOMB}\n---\n# One\n\nText.\n` });
    expect((await check(content)).messages).toEqual([`en/01-one.md:4:8 error front matter: ${ALIASES}`]);
  });

  it('theme.yaml in the templates folder', async () => {
    const templates = path.join(tempDir('briefing-templates-'), 'templates');
    cpSync(TEMPLATES, templates, { recursive: true });
    writeFileSync(path.join(templates, 'theme.yaml'), `${BOMB}\n`);
    await expect(loadTemplates(templates)).rejects.toThrow(
      /theme\.yaml:2:8 error theme\.yaml: YAML aliases expand too much/,
    );
  });

  const YAML_NESTING =
    'values nested too deep: more than 100 levels of [ ], { } or indented lists and mappings (flatten the nesting, or raise `limits: { maxNesting }` / BRIEFING_MAX_NESTING) limits:yaml-nesting';

  // 2,000 levels: past the ~800 at which yaml's composer runs out of stack (yaml 2.9 then reports
  // "Maximum call stack size exceeded" as a syntax error; older versions threw). 20,000 proved no
  // more and took ten times as long to scan.
  it('YAML nested 2,000 deep ([[[…]]]): an error at the first collection over the limit, not a stack overflow', async () => {
    const content = makeContent({
      'en/01-one.md': '# One\n\nText.\n',
      'en/edition.yaml': `title: ${'['.repeat(2000)}${']'.repeat(2000)}\npublisher: P\n`,
    });
    // The mapping is level 1, the 100th bracket (column 8 + 99) level 101.
    expect((await check(content)).messages).toEqual([`en/edition.yaml:1:107 error edition.yaml: ${YAML_NESTING}`]);
  });

  it('strings.yaml nested 5,000 deep by `- ` on one line (block sequences)', async () => {
    const content = makeContent({
      'en/01-one.md': '# One\n\nText.\n',
      'en/strings.yaml': `contents: Contents\nx:\n  ${'- '.repeat(5000)}y\n`,
    });
    // The mapping is level 1, the 100th `- ` (column 3 + 2 × 99) level 101.
    expect((await check(content)).messages).toEqual([`en/strings.yaml:3:201 error strings.yaml: ${YAML_NESTING}`]);
  });

  it('front matter nested 2,000 deep: the error at its line in the Markdown file', async () => {
    const content = makeContent({
      'en/01-one.md': `---\nshort: One\nx: ${'{a: '.repeat(2000)}1${'}'.repeat(2000)}\n---\n# One\n\nText.\n`,
    });
    // The mapping is level 1, the 100th `{` (column 4 + 4 × 99) level 101.
    expect((await check(content)).messages).toEqual([`en/01-one.md:3:400 error front matter: ${YAML_NESTING}`]);
  });

  it('YAML nested exactly to the limit is read', async () => {
    const content = makeContent({
      'en/01-one.md': `---\nshort: One\nx: ${'['.repeat(99)}1${']'.repeat(99)}\n---\n# One\n\nText.\n`,
    });
    // Read: its key is then judged (and unknown).
    expect((await check(content)).messages).toEqual([
      expect.stringMatching(/^en\/01-one\.md:1:1 warning unknown front matter key "x" .* briefing:front-matter-key$/),
    ]);
  });
});

describe('silent loss', () => {
  it('raw HTML between two comments on one line is the same error as any raw HTML', async () => {
    const content = makeContent({
      'en/01-one.md': '# One\n\n<!-- a --><script>alert(1)</script><!-- b -->\n\nText.\n',
    });
    const { messages } = await check(content);
    expect(messages).toEqual([
      'en/01-one.md:3:1 error raw HTML <script> is not allowed in content (write it as Markdown, or escape the `<` as `\\<`) briefing:raw-html',
    ]);
  });

  it('comments alone (even several on a line, or ended by --!>) are still dropped silently', async () => {
    const content = makeContent({
      'en/01-one.md': '# One\n\n<!-- a --> <!-- b --!>\n\n<!--\nmulti-line\n-->\n\nText.\n',
    });
    const { messages, html } = await check(content);
    expect(messages).toEqual([]);
    expect(html).not.toContain('multi-line');
  });
});

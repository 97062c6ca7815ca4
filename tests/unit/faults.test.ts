// Issue 9, "Bad input, faults and hostile content", without a browser: the whole catalogue in one
// place. Every case gives its exact message (file:line:column where there is a line, severity, what is
// wrong, the fix in parentheses, the rule), as `briefing check` / `build` print it; hostile content
// never reaches the rendered HTML. The CLI level (exit code 1, previous output intact, no Chromium
// left, no temp files) is tests/e2e/faults.test.ts.
import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { checkEditions } from '../../src/check.js';
import { loadTemplates } from '../../src/render/render.js';
import { BriefingError, formatDiagnostic, type Diagnostic } from '../../src/messages.js';
import type { ProcessedEdition } from '../../src/pipeline/edition.js';
import { makeContent } from '../support/content.js';
import { pageTree } from '../support/page.js';
import { selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { ROOT, STARTER, tempDir } from '../support/cli.js';

const TEMPLATES = path.join(ROOT, 'templates');
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n';

/** Every message of a run, files relative to `base` (the content or templates folder's parent). */
function format(list: Diagnostic[], base: string): string[] {
  return list.map((d) => formatDiagnostic({ ...d, file: path.relative(base, d.file) || d.file }));
}

async function caught<T>(work: () => T | Promise<T>, base: string): Promise<{ value?: T; messages: string[] }> {
  try {
    return { value: await work(), messages: [] };
  } catch (error) {
    if (error instanceof BriefingError) return { messages: format(error.diagnostics, base) };
    throw error;
  }
}

/** `briefing check` in process: loadConfig + checkEditions, messages relative to the content folder. */
async function check(content: string, locale?: string): Promise<{ editions: ProcessedEdition[]; messages: string[] }> {
  const run = await caught(
    async () => checkEditions(await loadConfig({ content, templates: TEMPLATES, locale })),
    content,
  );
  return {
    editions: run.value?.editions ?? [],
    messages: run.value ? format(run.value.diagnostics, content) : run.messages,
  };
}

/** The shipped templates, loaded once for this file's tests: rendering leaves them as they were. */
let shipped: ReturnType<typeof loadTemplates> | undefined;
const shippedTemplates = () => (shipped ??= loadTemplates(TEMPLATES));

/** The web edition's HTML, rendered even when the content has errors (what would leak, if anything). */
async function screenHtml(edition: ProcessedEdition): Promise<string> {
  return (await shippedTemplates()).render(edition, 'screen');
}

const chapter = (body: string | Buffer, extra: Record<string, string | Buffer | null> = {}) =>
  makeContent({ 'en/01-one.md': body, ...extra });
const FIX_YAML = '(fix the YAML at that position (indentation, a missing colon or quote)) config:yaml-syntax';
const RAW = '(write it as Markdown, or escape the `<` as `\\<`) briefing:raw-html';

interface Case {
  name: string;
  make: () => string;
  locale?: string;
  messages: string[];
}

const CONTENT: Case[] = [
  {
    name: 'briefing.yaml missing',
    make: () => chapter('# One\n\nText.\n', { 'briefing.yaml': null }),
    messages: [
      'briefing.yaml error briefing.yaml not found (create it with `id`, `year`, `sourceLocale` and `locales` (see README, "Content layout")) config:missing-file',
    ],
  },
  {
    name: 'briefing.yaml: YAML syntax error, at its line',
    make: () => chapter('# One\n\nText.\n', { 'briefing.yaml': 'id: sample\nyear: 2022\nlocales: [en\n' }),
    messages: [
      `briefing.yaml:4:1 error YAML syntax error in briefing.yaml: Flow sequence in block collection must be sufficiently indented and end with a ] ${FIX_YAML}`,
    ],
  },
  {
    name: 'briefing.yaml: not a mapping',
    make: () => chapter('# One\n\nText.\n', { 'briefing.yaml': '- id\n- year\n' }),
    messages: [
      'briefing.yaml:1:1 error briefing.yaml must be a mapping of keys to values (write it as `key: value` lines) config:not-a-mapping',
    ],
  },
  {
    name: 'briefing.yaml: invalid field',
    make: () => chapter('# One\n\nText.\n', { 'briefing.yaml': 'id: Sample Edition\nyear: 2022\n' }),
    messages: [
      'briefing.yaml:1:5 error `id` must be a lower-case name such as `hr-review` (set `id:` to letters, digits, dots or dashes) config:invalid',
    ],
  },
  {
    name: 'edition.yaml: YAML syntax error, at its line',
    make: () => chapter('# One\n\nText.\n', { 'en/edition.yaml': 'title: "Unclosed\npublisher: X\n' }),
    messages: [`en/edition.yaml:3:1 error YAML syntax error in edition.yaml: Missing closing "quote ${FIX_YAML}`],
  },
  {
    name: 'edition.yaml: required field missing',
    make: () => chapter('# One\n\nText.\n', { 'en/edition.yaml': 'publisher: Sample Office\n' }),
    messages: ['en/edition.yaml:1:1 error `title` is missing (add `title: …`) config:invalid'],
  },
  {
    name: 'strings.yaml: YAML syntax error, at its line',
    make: () => chapter('# One\n\nText.\n', { 'en/strings.yaml': 'contents: Contents\npage: [Page\n' }),
    messages: [
      `en/strings.yaml:3:1 error YAML syntax error in strings.yaml: Flow sequence in block collection must be sufficiently indented and end with a ] ${FIX_YAML}`,
    ],
  },
  {
    name: 'strings.yaml: a value that is not text',
    make: () => chapter('# One\n\nText.\n', { 'en/strings.yaml': 'contents: Contents\npage:\n  - Page\n' }),
    messages: ['en/strings.yaml:3:3 error string "page" must be text (write `page: "…"`) config:invalid'],
  },
  {
    name: 'strings.yaml: a key missing (a warning; the built-in word stands in)',
    make: () =>
      chapter('# One\n\nText.\n', {
        'en/strings.yaml':
          'contents: Contents\nsources: Sources\npage: Page\nbackToReference: Back\nnotTranslated: Not yet translated\nskipToContent: Skip\npreface: Preface\nfigure: Figure\ntable: Table\n',
      }),
    messages: [
      'en/strings.yaml warning string "preparedBy" is missing; using "Prepared by" (add `preparedBy: …` to strings.yaml) strings:missing',
    ],
  },
  {
    name: 'unknown locale (--locale fr)',
    make: () => chapter('# One\n\nText.\n'),
    locale: 'fr',
    messages: [
      'briefing.yaml:4:10 error unknown locale "fr": this edition has en (add "fr" to `locales` and create content/fr/, or pass --locale en) config:unknown-locale',
    ],
  },
  {
    name: 'a listed locale without its folder',
    make: () =>
      chapter('# One\n\nText.\n', { 'briefing.yaml': 'id: sample\nyear: 2022\nsourceLocale: en\nlocales: [en, de]\n' }),
    locale: 'de',
    messages: ['de error locale folder "de" not found (create de/ beside briefing.yaml) content:missing-locale'],
  },
  {
    name: 'no chapter at all',
    make: () => makeContent({}),
    messages: ['en error no chapters in en/ (add a Markdown file such as introduction.md) content:no-chapters'],
  },
  {
    name: 'an empty chapter file',
    make: () => chapter(''),
    messages: ['en/01-one.md:1:1 error file is empty (write the chapter, or delete the file) briefing:empty-file'],
  },
  {
    name: 'a chapter with a title and no text (a warning)',
    make: () => chapter('# One\n'),
    messages: ['en/01-one.md:1:1 warning chapter "One" has no text briefing:empty-chapter'],
  },
  {
    name: 'a chapter without its `#` title',
    make: () => chapter('Just text.\n'),
    messages: [
      'en/01-one.md:1:1 error a chapter file must start with a `# Title` heading (put `# Title` on the first line after the front matter) briefing:missing-title',
    ],
  },
  {
    // We run as root, so `chmod 000` does not stop a read: a folder where the file should be gives
    // the same failure of readFile (EISDIR), and a dangling symbolic link the other one (ENOENT).
    name: 'unreadable file: a folder where sources.md should be',
    make: () => {
      const content = chapter('# One\n\nText.\n');
      mkdirSync(path.join(content, 'en', 'sources.md'));
      return content;
    },
    messages: [
      'en/sources.md error is a folder, not a regular file (replace the folder with a file of that name, or rename the folder) file:not-regular',
    ],
  },
  {
    name: 'unreadable file: a dangling symbolic link as a chapter',
    make: () => {
      const content = chapter('# One\n\nText.\n');
      symlinkSync(path.join(content, 'nowhere.md'), path.join(content, 'en', '02-two.md'));
      return content;
    },
    messages: [
      'en/02-two.md error cannot read file: it is a symbolic link to a file that does not exist (ENOENT) (point the link at an existing file, or replace it with the file itself) file:unreadable',
    ],
  },
  {
    name: 'unreadable file: a folder where edition.yaml should be',
    make: () => {
      const content = chapter('# One\n\nText.\n', { 'en/edition.yaml': null });
      mkdirSync(path.join(content, 'en', 'edition.yaml'));
      return content;
    },
    messages: [
      'en/edition.yaml error is a folder, not a regular file (replace the folder with a file of that name, or rename the folder) file:not-regular',
    ],
  },
  {
    name: 'a file that is not UTF-8 (Latin-1 "é"), at the first bad byte',
    make: () => chapter(Buffer.from('# One\n\nCaf\xe9 au lait.\n', 'latin1')),
    messages: ['en/01-one.md:3:4 error file is not valid UTF-8 (save the file as UTF-8) content:encoding'],
  },
  {
    name: 'front matter: YAML syntax error, at its line in the Markdown file',
    make: () => chapter('---\nshort: [unclosed\n---\n# One\n\nText.\n'),
    messages: [
      'en/01-one.md:2:17 error YAML syntax error in front matter: Flow sequence in block collection must be sufficiently indented and end with a ] (fix the YAML between the `---` lines) briefing:front-matter-syntax',
    ],
  },
  {
    name: 'an unclosed callout',
    make: () => chapter('# One\n\nText.\n\n:::callout\nA statement.\n'),
    messages: [
      'en/01-one.md:5:1 error callout is not closed (add a line with `:::` after the last statement of the box) briefing:unclosed-callout',
    ],
  },
  {
    name: 'unknown directives (container and leaf)',
    make: () => chapter('# One\n\nText.\n\n:::sidebar\nA.\n:::\n\n::note\n'),
    messages: [
      'en/01-one.md:5:1 error unknown directive ":::sidebar" (a box is `:::callout`, `:::note`, `:::tip`, `:::important`, `:::warning`, `:::caution` or `::: {.callout-note}`; a plain block is `::: {.sidebar}`) briefing:unknown-directive',
      'en/01-one.md:9:1 error unknown directive "::note" (a box is `:::callout`, `:::note`, `:::tip`, `:::important`, `:::warning`, `:::caution` or `::: {.callout-note}`; a plain block is `::: {.note}`) briefing:unknown-directive',
    ],
  },
  {
    name: 'a callout inside a callout',
    make: () => chapter('# One\n\nText.\n\n::::callout\nOuter.\n\n:::callout\nInner.\n:::\n::::\n'),
    messages: [
      'en/01-one.md:8:1 error callout inside a callout (close the first box with `:::` before opening the next) briefing:nested-callout',
    ],
  },
  {
    name: 'an empty callout',
    make: () => chapter('# One\n\nText.\n\n:::callout\n:::\n'),
    messages: [
      'en/01-one.md:5:1 error empty callout (write at least one statement inside the box, or remove it) briefing:empty-callout',
    ],
  },
  {
    name: 'skipped heading levels (a warning)',
    make: () => chapter('# One\n\nText.\n\n### Deep\n\nMore.\n'),
    messages: ['en/01-one.md:5:1 warning heading level skips from 1 to 3 (use ##) briefing:heading-skip'],
  },
  {
    // (Two section files of the same name in two folders are told apart by their chapters' ids.)
    // In two files the second takes its chapter's id before it (taken-ids.ts); in one, a link could mean either.
    name: 'duplicate heading ids (the same {#id} twice in one file)',
    make: () => makeContent({ 'en/01-one.md': '# One\n\n## A {#same}\n\nx\n\n## B {#same}\n\ny\n' }),
    messages: [
      'en/01-one.md:7:1 error heading id "same" is already used in 01-one.md (line 3) (rename one of the files or headings) briefing:duplicate-id',
    ],
  },
  {
    name: 'a dangling note',
    make: () => chapter('# One\n\nSee this.[^nowhere]\n'),
    messages: [
      'en/01-one.md:3:10 error note "nowhere" has no definition (define it in this file as [^nowhere]: …, or in sources.md) briefing:dangling-note',
    ],
  },
  {
    // Found by the fuzz test: GFM literal autolinks are built without positions; remark-positions
    // places them, so a reference inside one still has its line and column.
    name: 'a dangling note inside a literal autolink (www.…)',
    make: () => chapter('# One\n\nSee www.example.org/a[^nowhere]b now.\n'),
    messages: [
      'en/01-one.md:3:22 error note "nowhere" has no definition (define it in this file as [^nowhere]: …, or in sources.md) briefing:dangling-note',
    ],
  },
  {
    name: "sources.md without its `#` title (the list of notes takes the first definition's line)",
    make: () => chapter('# One\n\nSee.[^a]\n', { 'en/sources.md': '[^a]: One <https://example.org/1>\n' }),
    messages: [
      'en/sources.md:1:1 error a chapter file must start with a `# Title` heading (put `# Title` on the first line after the front matter) briefing:missing-title',
    ],
  },
  {
    name: 'a note defined twice',
    make: () =>
      chapter('# One\n\nSee.[^a]\n', {
        'en/sources.md': '# Sources\n\n[^a]: One <https://example.org/1>\n\n[^a]: Two <https://example.org/2>\n',
      }),
    messages: [
      'en/sources.md:5:1 error note "a" is defined twice (first at line 3) (give one of them another name, or delete one) briefing:duplicate-note',
    ],
  },
];

describe('content faults', () => {
  for (const c of CONTENT) {
    it(c.name, async () => {
      const { messages } = await check(c.make(), c.locale);
      expect(messages).toEqual(c.messages);
    });
  }
});

describe('template faults', () => {
  function templates(change: (dir: string) => void): string {
    const dir = path.join(tempDir(), 'templates');
    cpSync(TEMPLATES, dir, { recursive: true });
    change(dir);
    return dir;
  }
  const lineOf = (file: string, needle: string) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(needle)) + 1;
  const edit = (file: string, from: string, to: string) =>
    writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));
  let starter: ProcessedEdition | undefined;
  const edition = async () =>
    (starter ??= (await checkEditions(await loadConfig({ content: STARTER, templates: TEMPLATES }))).editions[0]!);
  const base = (dir: string) => path.dirname(dir);

  it('a Handlebars syntax error: the template file and line', async () => {
    let line = 0;
    const dir = templates((d) => {
      const file = path.join(d, 'partials', 'cover.hbs');
      line = lineOf(file, '{{edition.title}}');
      edit(file, '{{edition.title}}', '{{#if edition.title}}');
    });
    const { messages } = await caught(() => loadTemplates(dir), base(dir));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      new RegExp(
        `^templates/partials/cover\\.hbs:\\d+:1 error template syntax error: .* \\(check the \\{\\{…\\}\\} expressions around that line\\) template:syntax$`,
      ),
    );
    expect(Number(/cover\.hbs:(\d+)/.exec(messages[0]!)![1])).toBeGreaterThanOrEqual(line);
  });

  it('a field that does not exist (strict mode): the partial, line and column', async () => {
    let line = 0;
    let column = 0;
    const dir = templates((d) => {
      const file = path.join(d, 'partials', 'cover.hbs');
      line = lineOf(file, '{{edition.publisher}}');
      column = readFileSync(file, 'utf8').split('\n')[line - 1]!.indexOf('{{edition.publisher}}') + 3;
      edit(file, '{{edition.publisher}}', '{{edition.publsher}}');
    });
    const loaded = await loadTemplates(dir);
    const ed = await edition();
    const { messages } = await caught(() => loaded.render(ed, 'screen'), base(dir));
    expect(messages).toEqual([
      `templates/partials/cover.hbs:${line}:${column} error template asks for "publsher", which the edition does not have (fix the field name, or guard it with {{#if}}) template:runtime`,
    ]);
  });

  it('a missing partial: where it is asked for', async () => {
    const dir = templates((d) => rmSync(path.join(d, 'partials', 'contents.hbs')));
    const line = lineOf(path.join(dir, 'layout.hbs'), '{{> contents}}');
    const loaded = await loadTemplates(dir);
    const ed = await edition();
    const { messages } = await caught(() => loaded.render(ed, 'screen'), base(dir));
    expect(messages).toEqual([
      `templates/layout.hbs:${line}:1 error partial "contents" not found (add templates/partials/contents.hbs) template:missing-partial`,
    ]);
  });

  it('a missing template file', async () => {
    const dir = templates((d) => rmSync(path.join(d, 'layout.hbs')));
    const { messages } = await caught(() => loadTemplates(dir), base(dir));
    expect(messages).toEqual([
      "templates/layout.hbs error template file not found (restore it from the repository's templates/ folder) template:missing-file",
    ]);
  });

  it('CSS url() to a missing file: file:line:col of the url() and the fix', async () => {
    const dir = templates((d) =>
      writeFileSync(
        path.join(d, 'print.css'),
        `${readFileSync(path.join(d, 'print.css'), 'utf8')}\n.cover {\n  background: url("img/seal.png") no-repeat;\n}\n`,
      ),
    );
    const line = lineOf(path.join(dir, 'print.css'), 'img/seal.png');
    const { messages } = await caught(() => loadTemplates(dir), base(dir));
    expect(messages).toEqual([
      `templates/print.css:${line}:15 error url(img/seal.png): file not found (looked for img/seal.png in the templates folder) (add the file, or fix the path (it is relative to the templates folder)) template:css-missing-file`,
    ]);
  });

  it('CSS url() to a local file is inlined as a data: URL; a remote one is refused with a warning', async () => {
    const dir = templates((d) => {
      mkdirSync(path.join(d, 'img'));
      writeFileSync(path.join(d, 'img', 'seal.png'), PNG);
      writeFileSync(
        path.join(d, 'screen.css'),
        `${readFileSync(path.join(d, 'screen.css'), 'utf8')}\n/* url(commented-out.png) */\n.cover { background-image: url(img/seal.png); }\n.x { background: url('https://cdn.example.org/bg.png'); }\n`,
      );
    });
    const line = lineOf(path.join(dir, 'screen.css'), 'cdn.example.org');
    const loaded = await loadTemplates(dir);
    expect(format(loaded.diagnostics, base(dir))).toEqual([
      `templates/screen.css:${line}:18 warning url(https://cdn.example.org/bg.png): remote resource refused (the edition loads nothing from the network) (download the file into the templates folder and point url() at it) template:css-remote`,
    ]);
    const html = loaded.render(await edition(), 'screen');
    expect(html).toContain(`.cover { background-image: url("data:image/png;base64,${PNG.toString('base64')}"); }`);
    expect(html).toContain('.x { background: none; }');
    expect(html).not.toContain('cdn.example.org');
    expect(html).toContain('/* url(commented-out.png) */');
  });

  it('CSS url() outside the templates folder, and @import, are errors', async () => {
    const dir = templates((d) =>
      writeFileSync(
        path.join(d, 'screen.css'),
        '@import "more.css";\nbody { background: url(../../../etc/passwd); }\n',
      ),
    );
    const { messages } = await caught(() => loadTemplates(dir), base(dir));
    expect(messages).toEqual([
      'templates/screen.css:1:1 error @import "more.css": a stylesheet may not import another (paste the rules into this stylesheet) template:css-import',
      'templates/screen.css:2:20 error url(../../../etc/passwd) is outside the templates folder (copy the file into the templates folder and use a relative path) template:css-outside',
    ]);
  });

  it('a missing font package: the command that installs it', async () => {
    const dir = templates((d) =>
      writeFileSync(path.join(d, 'theme.yaml'), 'fonts:\n  body: "@fontsource/no-such-font"\n'),
    );
    const { messages } = await caught(() => loadTemplates(dir), base(dir));
    expect(messages).toEqual([
      'templates/theme.yaml:2:9 error font package "@fontsource/no-such-font" not found (run `npm install @fontsource/no-such-font`) theme:missing-font',
    ]);
  });
});

describe('hostile content', () => {
  it('raw HTML: <script>, on* handlers, javascript: URLs, <iframe>, <object> are errors and are not rendered', async () => {
    const { editions, messages } = await check(
      chapter(
        '# One\n\nHi <script>alert(1)</script>.\n\n<img src=x onerror=alert(2)>\n\nA <a href="javascript:alert(3)">link</a>.\n\n<iframe src="https://evil.example/"></iframe>\n\n<object data="evil.swf"></object>\n\nSee <span onclick="alert(4)">this</span>.\n\n<svg onload=alert(5)>\n\nNot HTML: <svg/onload=alert(6)> stays text.\n\n<!-- an editor\'s note: allowed, dropped -->\n',
      ),
    );
    expect(messages).toEqual([
      `en/01-one.md:3:4 error raw HTML <script> is not allowed in content ${RAW}`,
      `en/01-one.md:5:1 error raw HTML <img> with an event handler (onerror=) is not allowed in content ${RAW}`,
      `en/01-one.md:7:3 error raw HTML <a> with a javascript: URL is not allowed in content ${RAW}`,
      `en/01-one.md:9:1 error raw HTML <iframe> is not allowed in content ${RAW}`,
      `en/01-one.md:11:1 error raw HTML <object> is not allowed in content ${RAW}`,
      `en/01-one.md:13:5 error raw HTML <span> with an event handler (onclick=) is not allowed in content ${RAW}`,
      `en/01-one.md:15:1 error raw HTML <svg> with an event handler (onload=) is not allowed in content ${RAW}`,
    ]);
    const html = await screenHtml(editions[0]!);
    for (const payload of [
      '<script>alert',
      'onerror',
      'onclick',
      'onload=alert(5)',
      'javascript:',
      '<iframe',
      '<object',
      'evil',
      "editor's note",
      '<svg',
    ])
      expect(html).not.toContain(payload);
    // `<svg/` is not an HTML tag for CommonMark: it stays text, escaped.
    expect(html).toContain('Not HTML: &#x3C;svg/onload=alert(6)> stays text.');
  });

  it('Markdown links to javascript:, vbscript:, data: addresses are errors (the text stays); file: links a warning', async () => {
    const { editions, messages } = await check(
      chapter(
        '# One\n\n[a](javascript:alert(1)) [b](vbscript:msgbox) [c](data:text/html;base64,PHNjcmlwdD4=) [d](JaVaScRiPt:alert(2)) [e](java&#9;script:alert(3)) <javascript:alert(4)> [f][bad] [g](file:///etc/passwd) [ok](https://example.org/)\n\n[bad]: javascript:alert(5)\n',
      ),
    );
    const unsafe = '(link to an http(s) address, or remove the link) briefing:unsafe-link';
    expect(messages).toEqual([
      'en/01-one.md:5:1 error link definition "[bad]" points to a "javascript:" address, which is not allowed (use an http(s) address, or remove the definition) briefing:unsafe-link',
      `en/01-one.md:3:1 error link to a "javascript:" address is not allowed ${unsafe}`,
      `en/01-one.md:3:26 error link to a "vbscript:" address is not allowed ${unsafe}`,
      `en/01-one.md:3:47 error link to a "data:" address is not allowed ${unsafe}`,
      `en/01-one.md:3:87 error link to a "javascript:" address is not allowed ${unsafe}`,
      `en/01-one.md:3:112 error link to a "javascript:" address is not allowed ${unsafe}`,
      `en/01-one.md:3:141 error link to a "javascript:" address is not allowed ${unsafe}`,
      'en/01-one.md:3:172 warning link to a local file "file:///etc/passwd" works only on the author\'s computer (link to an http(s) address instead) briefing:file-link',
    ]);
    const page = pageTree(await screenHtml(editions[0]!));
    // No link anywhere on the page goes to a script or data address; the text of the refused links stays.
    expect(
      selectAll('[href]', page).filter((e) => /^\s*(javascript|vbscript|data):/i.test(String(e.properties.href))),
    ).toEqual([]);
    const paragraph = selectAll('p', page).find((p) =>
      toString(p).startsWith('a b c d e javascript:alert(4) [f][bad] g'),
    )!;
    expect(selectAll('a', paragraph).map((a) => [a.properties.href, toString(a)])).toEqual([
      ['file:///etc/passwd', 'g'],
      ['https://example.org/', 'ok'],
    ]);
  });

  it('images: remote refused (warning, removed); outside the content folder, missing, or of another type: errors', async () => {
    const content = chapter(
      '# One\n\n![remote](https://example.org/x.png)\n\n![up](../../etc/passwd)\n\n![abs](/etc/passwd)\n\n![gone](missing.png)\n\n![gif](pic.gif)\n\n![inline](data:image/svg+xml;base64,PHN2Zz4=)\n\n![ref][far]\n\n[far]: ../../../../../../etc/hostname\n',
      { 'en/pic.gif': 'GIF89a' },
    );
    const { editions, messages } = await check(content);
    const outside =
      '(copy the image into the content folder (e.g. next to this file) and give its relative path) briefing:image-outside-content';
    expect(messages).toEqual([
      'en/01-one.md:3:1 warning remote image "https://example.org/x.png" refused and left out (the edition loads nothing from the network) (download the image into the content folder and give its relative path) briefing:remote-image',
      `en/01-one.md:5:1 error image "../../etc/passwd" is outside the content folder ${outside}`,
      `en/01-one.md:7:1 error image "/etc/passwd" is outside the content folder ${outside}`,
      'en/01-one.md:9:1 error image "missing.png" not found (add the file en/missing.png to the content folder, or fix the path (it is relative to this file)) briefing:missing-image',
      'en/01-one.md:11:1 error image "pic.gif" is not a PNG, JPEG or SVG file (convert it to .png, .jpg or .svg) briefing:image-type',
      'en/01-one.md:13:1 error image with a "data:" address is not allowed (save the image in the content folder and give its relative path) briefing:unsafe-image',
      `en/01-one.md:15:1 error image "../../../../../../etc/hostname" is outside the content folder ${outside}`,
    ]);
    const html = await screenHtml(editions[0]!);
    const body = html.slice(html.indexOf('<h2 id="one"'));
    expect(body).not.toContain('<img');
    expect(body).not.toMatch(/etc\/passwd|example\.org|root:x:0/);
  });

  it('an image that is a symbolic link to a file outside the content folder is an error', async () => {
    const content = chapter('# One\n\n![leak](leak.png)\n');
    symlinkSync('/etc/passwd', path.join(content, 'en', 'leak.png'));
    const { editions, messages } = await check(content);
    expect(messages).toEqual([
      'en/01-one.md:3:1 error image "leak.png" is outside the content folder (copy the image into the content folder (e.g. next to this file) and give its relative path) briefing:image-outside-content',
    ]);
    const html = await screenHtml(editions[0]!);
    expect(selectAll('img', pageTree(html))).toEqual([]);
    expect(html).not.toContain('root:x:0');
  });

  it('local PNG, JPEG and SVG images inside the content folder are inlined as data: URLs', async () => {
    const content = makeContent({
      'en/01-one/index.md': '# One\n\n![A seal](../images/seal.png "The seal")\n',
      'en/01-one/01-sub.md': '## Sub\n\n![A chart](../images/chart%20one.svg) ![A photo](../images/photo.JPG)\n',
      'en/images/seal.png': PNG,
      'en/images/chart one.svg': SVG,
      'en/images/photo.JPG': Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
    });
    const { editions, messages } = await check(content);
    expect(messages).toEqual([]);
    const html = await screenHtml(editions[0]!);
    expect(html).toContain(`<img src="data:image/png;base64,${PNG.toString('base64')}" alt="A seal" title="The seal">`);
    expect(html).toContain(
      `<img src="data:image/svg+xml;base64,${Buffer.from(SVG).toString('base64')}" alt="A chart">`,
    );
    expect(html).toContain('<img src="data:image/jpeg;base64,/9j/2Q==" alt="A photo">');
    expect(html).not.toContain('images/');
  });

  it('callout attributes, front matter and edition metadata cannot inject markup', async () => {
    const content = chapter(
      '---\nshort: "</style><script>alert(1)</script>"\n---\n# One\n\nText.\n\n:::callout{onclick="alert(2)" style="x"}\nA box.\n:::\n',
      {
        'en/edition.yaml': 'title: "<script>alert(3)</script>"\npublisher: "<img src=x onerror=alert(4)>"\n',
      },
    );
    const { editions, messages } = await check(content);
    expect(messages).toEqual([]);
    const loaded = await shippedTemplates();
    for (const medium of ['screen', 'print'] as const) {
      const html = loaded.render(editions[0]!, medium);
      // Parsed as a browser would: no script that runs carries the payload (the page plan's JSON may quote it), no injected image, no event handler.
      const page = pageTree(html);
      expect(
        selectAll('script:not([type="application/json"])', page)
          .map((e) => toString(e))
          .filter((t) => t.includes('alert')),
        medium,
      ).toEqual([]);
      expect(selectAll('img[src=x], [onclick], [onerror]', page), medium).toEqual([]);
      expect(html, medium).toContain('&lt;script&gt;alert(3)&lt;/script&gt;');
    }
  });
});

describe('faults leave nothing behind', () => {
  it('a failed check writes no file into the content folder', async () => {
    const content = chapter('# One\n\n![x](../../etc/passwd)\n');
    const before = readdirSync(content, { recursive: true }).map(String).sort();
    await check(content);
    expect(readdirSync(content, { recursive: true }).map(String).sort()).toEqual(before);
    expect(existsSync(path.join(content, 'en', 'passwd'))).toBe(false);
  });
});

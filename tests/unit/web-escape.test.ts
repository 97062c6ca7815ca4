// Issue 23, HTML that cannot be escaped: values from _brand.yml and theme.yaml are CSS strings that cannot
// close </style>; the web edition keeps only what our schema allows (no script but the templates' own
// literal ones, no event handler, no javascript: address) and its CSP hashes exactly those scripts, never
// whatever the page holds; a template that loads remote files or changes the CSP is refused at its place.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { pageTree } from '../support/page.js';
import { select, selectAll } from 'hast-util-select';
import { toHtml } from 'hast-util-to-html';
import { toString } from 'hast-util-to-string';
import { loadConfig } from '../../src/config/config.js';
import { checkEditions } from '../../src/check.js';
import { loadTemplates } from '../../src/render/render.js';
import { sanitizeChapter } from '../../src/render/sanitize.js';
import { failureMessages } from '../support/errors.js';
import { formatDiagnostic } from '../../src/messages.js';
import { ROOT, STARTER, tempDir } from '../support/cli.js';

const TEMPLATES = path.join(ROOT, 'templates');
const LATIN_FONT = path.join(
  ROOT,
  'tests',
  'fixtures',
  'themes',
  'latin-font',
  'fonts',
  'pt-sans-latin-400-normal.woff2',
);
const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

function templatesWith(change: (dir: string) => void): string {
  const dir = path.join(tempDir('briefing-escape-'), 'templates');
  cpSync(TEMPLATES, dir, { recursive: true });
  change(dir);
  return dir;
}

async function starterEdition() {
  const { editions } = await checkEditions(await loadConfig({ content: STARTER, templates: TEMPLATES }));
  return editions[0]!;
}

/** The body text of the shipped layout's own script: the one script the web edition may run. */
function layoutScript(): string {
  return /<script>([\s\S]*?)<\/script>/.exec(readFileSync(path.join(TEMPLATES, 'layout.hbs'), 'utf8'))![1]!;
}

const scriptsOf = (page: Root) => selectAll('script', page).map((s) => toString(s));
const policyOf = (page: Root) => String(select('meta[http-equiv="Content-Security-Policy"]', page)!.properties.content);

describe('values from _brand.yml are CSS strings', () => {
  const FAMILY = 'X</style><script>alert(1)</script><style>';

  it('a font family name that closes </style> and opens a script stays one CSS string, in both media', async () => {
    const templates = templatesWith((dir) => {
      mkdirSync(path.join(dir, 'fonts'));
      cpSync(LATIN_FONT, path.join(dir, 'fonts', 'latin.woff2'));
      writeFileSync(
        path.join(dir, '_brand.yml'),
        `typography:\n  fonts:\n    - family: "${FAMILY}"\n      source: file\n      files: [fonts/latin.woff2]\n  base: "${FAMILY}"\n`,
      );
    });
    const loaded = await loadTemplates(templates);
    // The brand fixture's edition is Latin only, as the one font file is.
    const content = path.join(ROOT, 'tests', 'fixtures', 'themes', 'brand');
    const { editions } = await checkEditions(await loadConfig({ content, templates }));
    const edition = editions[0]!;
    for (const medium of ['screen', 'print'] as const) {
      const page = pageTree(loaded.render(edition, medium));
      expect(
        scriptsOf(page).filter((s) => s.includes('alert')),
        medium,
      ).toEqual([]);
      const css = selectAll('style', page)
        .map((s) => toString(s))
        .join('\n');
      expect(css, medium).toContain(
        'font-family: "X\\3C /style\\3E \\3C script\\3E alert(1)\\3C /script\\3E \\3C style\\3E "',
      );
      expect(css, medium).toContain('--font-body: "X\\3C /style\\3E');
    }
  });
});

describe('the web edition: only our schema, and a CSP from the templates’ own scripts', () => {
  it('markup that a template writes unescaped cannot run: no injected script, handler or javascript: link, and the CSP hashes only the layout’s script', async () => {
    const templates = templatesWith((dir) => {
      const file = path.join(dir, 'partials', 'cover.hbs');
      writeFileSync(file, `${readFileSync(file, 'utf8')}<p class="raw-title">{{{edition.title}}}</p>\n`);
    });
    const loaded = await loadTemplates(templates);
    const edition = await starterEdition();
    edition.meta.title =
      '<script>alert(1)</script><img src="x.png" onerror="alert(2)" alt="i"><a href="javascript:alert(3)" onclick="alert(4)">go</a><iframe src="https://evil.example/"></iframe><meta http-equiv="refresh" content="0;url=https://evil.example/">Title';
    const page = pageTree(loaded.render(edition, 'screen'));
    expect(scriptsOf(page)).toEqual([layoutScript()]);
    expect(policyOf(page)).toBe(
      `default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; base-uri 'none'; form-action 'none'; script-src ${sha(layoutScript())}`,
    );
    const raw = select('p.raw-title', page)!;
    // A relative src stays (the CSP's img-src data: blocks it); the handlers, the address and the frame go.
    expect(toHtml(raw)).toBe('<p class="raw-title"><img src="x.png" alt="i"><a>go</a>Title</p>');
    expect(selectAll('iframe, [http-equiv="refresh"]', page)).toEqual([]);
    expect(selectAll('meta[http-equiv]', page)).toHaveLength(1);
  });

  it.each([
    [
      'the Pandoc/GitHub constructs fixture (math, code, definition lists, alerts…)',
      path.join(ROOT, 'tests', 'fixtures', 'markdown', 'pandoc'),
    ],
    ['the footnotes fixture', path.join(ROOT, 'tests', 'fixtures', 'markdown', 'footnotes')],
  ])(
    'the chapters of %s pass the schema unchanged (the shipped review: tests/e2e/web-schema.test.ts)',
    async (_name, content) => {
      const { editions } = await checkEditions(await loadConfig({ content, templates: TEMPLATES, locale: 'all' }));
      expect(editions.length).toBeGreaterThan(0);
      for (const edition of editions)
        for (const chapter of edition.chapters)
          expect(toHtml(sanitizeChapter(structuredClone(chapter.tree))), `${edition.locale} ${chapter.id}`).toBe(
            toHtml(chapter.tree),
          );
    },
  );

  it('keeps MathML core, accessibility attributes and what raw HTML in content may write', () => {
    const tree = fromHtml(
      '<p><a name="old-anchor"></a>H<sub>2</sub>O <kbd>Ctrl</kbd> <mark>m</mark> <abbr title="x">X</abbr></p><table><tr><td colspan="2" rowspan="1" align="left">c</td></tr></table><details open><summary>s</summary>d</details>' +
        '<p role="note" aria-describedby="n1" data-source="en/01.md:3:1" lang="kk"><math display="block"><mrow><msup><mi>x</mi><mn>2</mn></msup><mo>+</mo><mfrac><mn>1</mn><mi>y</mi></mfrac></mrow></math></p>',
      { fragment: true },
    );
    expect(toHtml(sanitizeChapter(structuredClone(tree)))).toBe(toHtml(tree));
  });
});

describe('templates: remote loads, CSP changes and script outside a literal <script> are refused', () => {
  it('each at its file:line:column', async () => {
    const templates = templatesWith((dir) => {
      writeFileSync(
        path.join(dir, 'partials', 'extra.hbs'),
        [
          '<img src="https://evil.example/pixel.png" alt="">',
          '<link rel="stylesheet" href="https://evil.example/x.css">',
          '<p onclick="steal()">x</p>',
          '<a href=" java\tscript:steal()">y</a>',
          '<script>const t = "{{edition.title}}";</script>',
          '<meta http-equiv="Content-Security-Policy" content="default-src *; script-src \'unsafe-inline\'">',
          '{{!-- <img src="https://in-a-comment.example/"> is not in the page --}}',
          '<img src="{{theme.logo}}" alt=""><a href="#x">fine</a>',
          '',
        ].join('\n'),
      );
    });
    const text = await failureMessages(() => loadTemplates(templates));
    expect(text.split('\n').map((line) => line.replaceAll(templates, 'templates'))).toEqual([
      'templates/partials/extra.hbs:1:1 error <img src="https://evil.example/pixel.png"> loads a file when the page is viewed, which the edition may not (put the file in the templates folder and use it from a stylesheet (url() is inlined), or remove the element) template:remote',
      'templates/partials/extra.hbs:2:1 error <link> loads what it names when the page is viewed (put the file in the templates folder and use it from a stylesheet (url() is inlined), or remove the element) template:remote',
      'templates/partials/extra.hbs:3:1 error <p onclick="…">: an event handler attribute (move the code into a literal <script> element of the template (it is allowed by its hash); pass data in a <script type="application/json"> block) template:script',
      'templates/partials/extra.hbs:4:1 error <a href="java\\tscript:steal()">: a script address (move the code into a literal <script> element of the template (it is allowed by its hash); pass data in a <script type="application/json"> block) template:script',
      'templates/partials/extra.hbs:5:1 error <script> with {{…}} in it: its hash cannot be known before the page is made (move the code into a literal <script> element of the template (it is allowed by its hash); pass data in a <script type="application/json"> block) template:script',
      `templates/partials/extra.hbs:6:1 error the template's Content-Security-Policy is "default-src *", not Briefing's "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; base-uri 'none'; form-action 'none'" (remove the template's policy change: Briefing writes the CSP, with the hashes of the templates' own scripts) template:csp`,
    ]);
  });

  it('an element or attribute the sanitizing pass would drop is a warning at its place, and is dropped', async () => {
    // The line appended after the shipped cover partial's last line.
    const line = readFileSync(path.join(TEMPLATES, 'partials', 'cover.hbs'), 'utf8').split('\n').length;
    const templates = templatesWith((dir) => {
      const file = path.join(dir, 'partials', 'cover.hbs');
      writeFileSync(
        file,
        `${readFileSync(file, 'utf8')}<button class="go">Go</button><a href="#content" target="_blank">in</a>\n`,
      );
    });
    const loaded = await loadTemplates(templates);
    const lines = loaded.diagnostics.map((d) => formatDiagnostic({ ...d, file: path.relative(templates, d.file) }));
    expect(lines).toEqual([
      `partials/cover.hbs:${line}:1 warning <button> is not in the web edition's schema: it is removed from the page (its text kept) (use an element or attribute the schema has (src/render/sanitize.ts), or add it there if it is safe) template:schema`,
      `partials/cover.hbs:${line}:31 warning <a target> is not in the web edition's schema: the attribute is removed from the page (use an element or attribute the schema has (src/render/sanitize.ts), or add it there if it is safe) template:schema`,
    ]);
    const page = pageTree(loaded.render(await starterEdition(), 'screen'));
    expect(selectAll('button, [target]', page)).toEqual([]);
  });

  it('the shipped templates pass', async () => {
    await expect(loadTemplates(TEMPLATES)).resolves.toBeDefined();
  });
});

describe('stylesheets: a url() the check cannot read is refused', () => {
  it('url("…\\"…") (an escaped quote inside the address) is an error at its place', async () => {
    const { inlineCssResources } = await import('../../src/render/css-resources.js');
    const { formatDiagnostic } = await import('../../src/messages.js');
    const css = 'body {\n  background: url("\\"https://evil.example/x.png");\n}\n';
    const result = await inlineCssResources(css, '/t/screen.css', TEMPLATES);
    expect(result.diagnostics.map((d) => formatDiagnostic({ ...d, file: 'screen.css' }))).toEqual([
      'screen.css:2:15 error url(…) that Briefing cannot read (a quote or backslash inside the address?): the browser would load it unchecked (write the address plainly, url("path/in/templates.png"), without escapes or quotes inside it) template:css-url',
    ]);
  });
});

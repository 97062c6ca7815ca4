// Issue 18, web edition and templates: the CSP allows exactly the page's inline scripts by hash, a
// template that writes content text unescaped is warned about, and CSS escapes or image-set() strings
// cannot smuggle a remote address past the stylesheet check (in screen.css as in print.css).
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inlineScriptHashes, withScriptHashes } from '../../src/render/csp.js';
import { inlineCssResources } from '../../src/render/css-resources.js';
import { loadTemplates } from '../../src/render/render.js';
import { devPage } from '../../src/dev/inject.js';
import { formatDiagnostic } from '../../src/messages.js';
import { ROOT, tempDir } from '../support/cli.js';
import { fromHtml } from 'hast-util-from-html';
import { select } from 'hast-util-select';

const TEMPLATES = path.join(ROOT, 'templates');
const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; img-src data:">`;

describe('CSP: script-src by hash', () => {
  it('lists the hash of each inline script and drops unsafe-inline; JSON data blocks and src= scripts are not hashed', () => {
    const html = `<html><head>${CSP}<script type="application/json">{"a":1}</script></head><body><script>run()</script><script type="module">m()</script><script src="x.js"></script></body></html>`;
    expect(inlineScriptHashes(html)).toEqual([sha('run()'), sha('m()')]);
    const out = withScriptHashes(html);
    expect(out).toContain(`content="default-src 'none'; img-src data:; script-src ${sha('run()')} ${sha('m()')}"`);
    expect(out).not.toContain('unsafe-inline');
  });

  it("a page without inline scripts gets script-src 'none'", () => {
    expect(withScriptHashes(`<head>${CSP}</head><body></body>`)).toContain(`script-src 'none'"`);
  });

  it('the dev page adds its client script to the hashes (and connect-src for its event stream)', () => {
    const page = devPage({
      errors: [],
      lang: 'en',
      html: `<html><head>${CSP}</head><body><script>a()</script></body></html>`,
    });
    const meta = select('meta[http-equiv="Content-Security-Policy"]', fromHtml(page))!;
    const csp = String(meta.properties.content);
    expect(csp).toContain("connect-src 'self'");
    expect(csp.match(/'sha256-/g)).toHaveLength(2);
    expect(csp).not.toContain('unsafe-inline');
  });
});

function templatesWith(change: (dir: string) => void): string {
  const dir = path.join(tempDir('briefing-templates-'), 'templates');
  cpSync(TEMPLATES, dir, { recursive: true });
  change(dir);
  return dir;
}

describe('templates', () => {
  it('{{{edition.title}}} and {{& strings.contents}} are warned about at their place; our own HTML fields are not', async () => {
    const templates = templatesWith((dir) => {
      writeFileSync(
        path.join(dir, 'partials', 'extra.hbs'),
        '<p>{{{edition.title}}}</p>\n<p>{{& strings.contents}}</p>\n{{{html}}}\n',
      );
    });
    const loaded = await loadTemplates(templates);
    expect(loaded.diagnostics.map((d) => formatDiagnostic({ ...d, file: path.relative(templates, d.file) }))).toEqual([
      'partials/extra.hbs:1:4 warning {{{edition.title}}} writes "edition.title" without HTML escaping: text from the content could carry markup or scripts into the page (write {{edition.title}} (escaped); {{{ }}} is only for css, fontsCss, html, preface, pagePlan) template:unescaped',
      'partials/extra.hbs:2:4 warning {{& strings.contents}} writes "strings.contents" without HTML escaping: text from the content could carry markup or scripts into the page (write {{strings.contents}} (escaped); {{{ }}} is only for css, fontsCss, html, preface, pagePlan) template:unescaped',
    ]);
  });

  it('the shipped templates have no such warning', async () => {
    expect((await loadTemplates(TEMPLATES)).diagnostics).toEqual([]);
  });
});

describe('CSS: escapes and image-set() cannot reach a remote address unnoticed', () => {
  const scan = async (css: string) => {
    const result = await inlineCssResources(css, '/t/screen.css', TEMPLATES);
    return { css: result.css, messages: result.diagnostics.map((d) => formatDiagnostic({ ...d, file: 'screen.css' })) };
  };
  const escaped = (line: number, column: number) =>
    `screen.css:${line}:${column} error CSS escapes spell url(, @import or image-set( here: a browser would load what they name, unchecked (write url(…) plainly, with a path inside the templates folder) template:css-escape`;

  it.each([
    ['\\75 rl(https://evil.example/a.png)', 15],
    ['u\\rl(https://evil.example/a.png)', 16],
    ['\\000075rl(https://evil.example/a.png)', 15],
    ['image-s\\65t("https://evil.example/a.png" 1x)', 22],
  ])('%s', async (value, column) => {
    const { messages } = await scan(`body {\n  background: ${value};\n}\n`);
    expect(messages[0]).toBe(escaped(2, column));
  });

  it('@\\69mport', async () => {
    expect((await scan('@\\69mport "https://evil.example/x.css";\n')).messages).toEqual([escaped(1, 2)]);
  });

  it('image-set() with bare strings: a remote one is refused (and removed), a local one must be url()', async () => {
    const { css, messages } = await scan('a { background: image-set("https://evil.example/a.png" 1x, "b.png" 2x); }\n');
    expect(messages).toEqual([
      'screen.css:1:27 warning image-set("https://evil.example/a.png"): remote resource refused (the edition loads nothing from the network) (download the file into the templates folder and point url() at it) template:css-remote',
      'screen.css:1:60 error image-set("b.png"): write the file as url("b.png") so it is checked and inlined (write url("b.png")) template:css-url',
    ]);
    expect(css).not.toContain('evil.example');
  });

  it('url( inside a string is text, not an address: neither refused nor rewritten (CSS tokens, not a regex)', async () => {
    const css = 'p::before { content: "see url(https://example.org/a.png)"; }\n';
    expect(await scan(css)).toEqual({ css, messages: [] });
  });

  it('ordinary escapes (content: "\\2014") are left alone', async () => {
    expect((await scan('p::before { content: "\\2014"; }\n')).messages).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { cpSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { checkEditions } from '../../src/check.js';
import { loadTemplates } from '../../src/render/render.js';
import rehypeSidebarOrder from '../../src/render/rehype-sidebar-order.js';
import rehypeCalloutGroups from '../../src/render/rehype-callout-groups.js';
import { inlineFontCss, pruneFontFaces } from '../../src/render/fonts.js';
import { failureMessages } from '../support/errors.js';
import { ROOT, STARTER, tempDir } from '../support/cli.js';
import { fromHtml } from 'hast-util-from-html';
import { pageTree } from '../support/page.js';
import { select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';

const TEMPLATES = path.join(ROOT, 'templates');

function copyTemplates(): string {
  const dir = path.join(tempDir(), 'templates');
  cpSync(TEMPLATES, dir, { recursive: true });
  return dir;
}

async function starterEdition() {
  const { editions } = await checkEditions(await loadConfig({ content: STARTER, templates: TEMPLATES }));
  return editions[0]!;
}

const message = failureMessages;

describe('templates', () => {
  it('renders the edition with lang, title, embedded fonts and no external resources', async () => {
    const html = (await loadTemplates(TEMPLATES)).render(await starterEdition(), 'screen');
    expect(html.startsWith('<!DOCTYPE html>\n<html')).toBe(true);
    expect(select('html', pageTree(html))!.properties.lang).toBe('en');
    expect(html).toContain('<title>Starter Review of Things That Matter</title>');
    expect(html).toContain("font-family: 'PT Serif'");
    expect(html).toMatch(/src: url\(data:font\/woff2;base64,[A-Za-z0-9+/]{100}/);
    expect(html).not.toMatch(/url\((?!data:)/);
    expect(html).not.toContain('data-page-of');
  });

  it('gives the print variant contents page placeholders and the running-head plan of every chapter', async () => {
    const html = (await loadTemplates(TEMPLATES)).render(await starterEdition(), 'print');
    const page = pageTree(html);
    expect(selectAll('[data-page-of]', page)).toHaveLength(6);
    const plan = select('script#briefing-page-plan[type="application/json"]', page)!;
    const parsed = JSON.parse(toString(plan)) as { edition: string; chapters: Array<{ short: string }> };
    expect(parsed.edition).toBe('Starter Review');
    expect(parsed.chapters[1]!.short).toBe('Mechanisms');
  });

  it('reports a Handlebars syntax error with the template file and line', async () => {
    const dir = copyTemplates();
    const file = path.join(dir, 'partials', 'cover.hbs');
    writeFileSync(file, readFileSync(file, 'utf8').replace('{{edition.title}}', '{{#if edition.title}}'));
    expect(await message(() => loadTemplates(dir))).toMatch(
      /templates\/partials\/cover\.hbs:\d+:1 error template syntax error: .*template:syntax$/,
    );
  });

  it('refuses a field that does not exist (strict mode)', async () => {
    const dir = copyTemplates();
    const file = path.join(dir, 'partials', 'cover.hbs');
    writeFileSync(file, readFileSync(file, 'utf8').replace('{{edition.publisher}}', '{{edition.publsher}}'));
    const templates = await loadTemplates(dir);
    const edition = await starterEdition();
    expect(await message(() => templates.render(edition, 'screen'))).toContain(
      'error template asks for "publsher", which the edition does not have',
    );
  });

  it('names a missing partial', async () => {
    const dir = copyTemplates();
    rmSync(path.join(dir, 'partials', 'contents.hbs'));
    const templates = await loadTemplates(dir);
    const edition = await starterEdition();
    expect(await message(() => templates.render(edition, 'screen'))).toContain(
      'error partial "contents" not found (add templates/partials/contents.hbs)',
    );
  });

  it('names a missing font package and the command that installs it', async () => {
    const dir = copyTemplates();
    writeFileSync(path.join(dir, 'theme.yaml'), 'fonts:\n  body: "@fontsource/no-such-font"\n');
    expect(await message(() => loadTemplates(dir))).toContain(
      'theme.yaml:2:9 error font package "@fontsource/no-such-font" not found (run `npm install @fontsource/no-such-font`)',
    );
  });
});

describe('font pruning', () => {
  const css = [
    "/* latin */\n@font-face { font-family: 'X'; src: url(a); unicode-range: U+0000-00FF,U+2000-206F; }",
    "/* cyrillic */\n@font-face { font-family: 'X'; src: url(b); unicode-range: U+0400-045F; }",
    "/* cyrillic-ext */\n@font-face { font-family: 'X'; src: url(c); unicode-range: U+0460-052F; }",
    "@font-face { font-family: 'Y'; src: url(d); }",
  ].join('\n');

  it('keeps only the faces whose unicode-range the page uses (and faces without a range)', () => {
    const english = pruneFontFaces(css, 'Human “rights”');
    expect(english).toContain('url(a)');
    expect(english).not.toContain('url(b)');
    expect(english).not.toContain('url(c)');
    expect(english).toContain('url(d)');
    const kazakh = pruneFontFaces(css, 'Қазақстан');
    expect(['url(a)', 'url(b)', 'url(c)'].map((u) => kazakh.includes(u))).toEqual([false, true, true]);
  });

  it('keeps exactly the faces a regular-expression scan of the real font packages keeps', async () => {
    // The rules as a plain regular expression finds them (what pruneFontFaces did before it scanned by hand).
    const oracle = (sheet: string, text: string) => {
      const used = [...text].map((c) => c.codePointAt(0)!);
      return sheet.replace(/(?:\/\*[^*]*\*\/\s*)?@font-face\s*{[^}]*}/g, (rule) => {
        const range = /unicode-range:\s*([^;}]+)/.exec(rule)?.[1];
        if (!range) return rule;
        const spans = range.split(',').map((part) => {
          const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
          return [parseInt(from!, 16), parseInt(to ?? from!, 16)] as const;
        });
        return spans.some(([from, to]) => used.some((cp) => cp >= from && cp <= to)) ? rule : '';
      });
    };
    const at = { file: 'theme.yaml' };
    const sheets = await Promise.all(
      ['@fontsource/pt-serif', '@fontsource/noto-sans'].map((f) => inlineFontCss(f, [], at)),
    );
    const sheet = sheets.join('\n');
    for (const text of ['Human rights', 'Права человека', 'Қазақстан', 'Ελλάδα Việt Nam', '']) {
      expect(pruneFontFaces(sheet, text), text).toBe(oracle(sheet, text));
    }
  });

  it('leaves the Cyrillic faces in an edition that prints Kazakh letters', async () => {
    const html = (await loadTemplates(TEMPLATES)).render(await starterEdition(), 'print');
    expect(html).toContain('pt-serif-cyrillic-ext-400-normal');
  });
});

describe('class names are matched as classes, not substrings', () => {
  it('print: an aside whose class only contains "callout" stays where it is; a callout moves before its paragraph', () => {
    const tree = fromHtml(
      '<p>One.</p><aside class="no-callout">Aside.</aside><p>Two.</p><aside class="callout">Box.</aside>',
      { fragment: true },
    );
    rehypeSidebarOrder()(tree);
    expect(selectAll('p, aside', tree).map((n) => toString(n))).toEqual(['One.', 'Aside.', 'Box.', 'Two.']);
  });

  it('web: a paragraph is grouped with the callout after it, not with an aside whose class only contains "callout"', () => {
    const tree = fromHtml(
      '<p>One.</p><aside class="no-callout">Aside.</aside><p>Two.</p><aside class="note callout">Box.</aside>',
      { fragment: true },
    );
    rehypeCalloutGroups()(tree);
    expect(selectAll('.with-callouts', tree).map((n) => toString(n))).toEqual(['Two.Box.']);
  });
});

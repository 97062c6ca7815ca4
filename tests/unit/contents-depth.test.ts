// The contents to the depth a theme sets (`contents: { depth }`): the edition's tree of headings,
// the cut a theme prints, and theme.yaml's check of the key.
import { describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pageTree } from '../support/page.js';
import { selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import type { Element } from 'hast';
import { loadConfig } from '../../src/config/config.js';
import { checkEditions } from '../../src/check.js';
import { loadTemplates } from '../../src/render/render.js';
import { contentsAtDepth, headingEntries, type ContentsEntry } from '../../src/pipeline/contents.js';
import { failureMessages } from '../support/errors.js';
import { ROOT, tempDir } from '../support/cli.js';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'contents-depth');

function templatesWith(themeLines: string): string {
  const dir = path.join(tempDir(), 'templates');
  cpSync(path.join(ROOT, 'templates'), dir, { recursive: true });
  const theme = path.join(dir, 'theme.yaml');
  writeFileSync(theme, `${readFileSync(theme, 'utf8')}\n${themeLines}\n`);
  return dir;
}

/** The contents of the web edition, as "level:title" lines in reading order. */
async function renderedContents(themeLines: string): Promise<string[]> {
  const templates = templatesWith(themeLines);
  const { editions } = await checkEditions(await loadConfig({ content: FIXTURE, templates }));
  const html = (await loadTemplates(templates)).render(editions[0]!, 'screen');
  const items = selectAll('nav.contents li', pageTree(html));
  return items.map((li) => {
    const kind = String((li.properties.className as string[])[0]).replace('toc-', '');
    const link = li.children.find((c): c is Element => c.type === 'element' && c.tagName === 'a')!;
    return `${kind}:${toString(link).trim()}`;
  });
}

const heading = (depth: number, title: string) => ({ depth, number: '', title, id: title, aliases: [] });

describe('contents tree', () => {
  it('nests each heading under the nearest shallower one before it', () => {
    const tree = headingEntries(
      [heading(2, 'a'), heading(3, 'b'), heading(4, 'c'), heading(3, 'd'), heading(2, 'e')],
      { fallback: false },
      (h) => h.depth === 2,
    );
    const shape = (entries: ContentsEntry[]): unknown => entries.map((e) => [e.title, e.level, shape(e.children)]);
    expect(shape(tree)).toEqual([
      [
        'a',
        2,
        [
          ['b', 3, [['c', 4, []]]],
          ['d', 3, []],
        ],
      ],
      ['e', 2, []],
    ]);
    expect(tree.map((e) => e.standard)).toEqual([true, true]);
    expect(tree[0]!.children[0]!.standard).toBe(false);
  });

  it('cuts the tree at a level, or keeps the standard entries for auto', () => {
    const tree = headingEntries([heading(2, 'a'), heading(3, 'b')], { fallback: false }, () => false);
    const chapter: ContentsEntry = { id: 'c', number: 'I', title: 'C', fallback: false, level: 1, children: tree };
    expect(contentsAtDepth([chapter], 1)[0]!.children).toEqual([]);
    expect(contentsAtDepth([chapter], 2)[0]!.children.map((e) => e.children.length)).toEqual([0]);
    expect(contentsAtDepth([chapter], 3)[0]!.children[0]!.children.map((e) => e.title)).toEqual(['b']);
    expect(contentsAtDepth([chapter], 'auto')[0]!.children).toEqual([]);
  });
});

describe('theme contents.depth', () => {
  it('auto: chapters and section files, as the edition is laid out', async () => {
    expect(await renderedContents('')).toEqual([
      'chapter:I. Background',
      'chapter:II. Findings',
      'section:A. Wells',
      'section:B. Pumps',
    ]);
  });

  it('1: chapters only', async () => {
    expect(await renderedContents('contents:\n  depth: 1')).toEqual(['chapter:I. Background', 'chapter:II. Findings']);
  });

  it('3: every heading to ###, nested, in reading order', async () => {
    expect(await renderedContents('contents:\n  depth: 3')).toEqual([
      'chapter:I. Background',
      'section:Scope of the review',
      'subsection:Villages visited',
      'section:Method',
      'chapter:II. Findings',
      'section:A. Wells',
      'subsection:Depth and yield',
      'subsection:Upkeep',
      'section:B. Pumps',
    ]);
  });

  it('6 reaches the ####', async () => {
    expect(await renderedContents('contents:\n  depth: 6')).toContain('subsection:Dry-season counts');
  });

  it('refuses a depth that is not auto or 1–6, at its line', async () => {
    const templates = templatesWith('contents:\n  depth: 9');
    const lines = readFileSync(path.join(templates, 'theme.yaml'), 'utf8').split('\n').length - 1;
    expect(await failureMessages(() => loadTemplates(templates))).toBe(
      `${path.join(templates, 'theme.yaml')}:${lines}:10 error \`contents.depth\` is "9" (use one of: auto, 1, 2, 3, 4, 5, 6) theme:invalid`,
    );
  });
});

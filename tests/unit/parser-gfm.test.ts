import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkDirective from 'remark-directive';
import remarkMath from 'remark-math';
import { remarkDefinitionList } from 'remark-definition-list';
import remarkGridTables from '@adobe/remark-gridtables';
import { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { createParser } from '../../src/pipeline/parser.js';
import { autolinkKinds, autolinkSyntax, mayHoldAutolinkLiteral, mayHoldTable } from '../../src/pipeline/parser-gfm.js';
import remarkFencedDivs from '../../src/pipeline/remark-fenced-divs.js';
import remarkFancyLists from '../../src/pipeline/remark-fancy-lists.js';
import remarkPandocTables from '../../src/pipeline/remark-pandoc-tables.js';
import remarkPositions from '../../src/pipeline/remark-positions.js';
import { ROOT } from '../support/cli.js';

const parser = createParser();
/** The same parser with remark-gfm itself, autolinks always on. */
const reference = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkGfm, { singleTilde: false })
  .use(remarkDirective)
  .use(remarkMath)
  .use(remarkDefinitionList)
  .use(remarkGridTables)
  .use(remarkFencedDivs)
  .use(remarkFancyLists)
  .use(remarkPandocTables)
  .use(remarkPositions)
  .freeze();

const parse = (p: typeof parser, text: string) => p.parse(new VFile({ path: 'a.md', value: text }));

/** A text with everything that could start a literal autolink taken out. */
const withoutTriggers = (text: string) =>
  text
    .replace(/@/g, ' at ')
    .replace(/https?/gi, 'htp')
    .replace(/www/gi, 'ww')
    .replace(/&/g, ' and ');

describe('GFM literal autolinks, looked for only where the text may hold one', () => {
  // Three files of the review, not all 23: each parse is compared node by node, which made this one test
  // 1.5 s of the unit suite; these hold its web addresses (sources.md), notes, lists and a callout.
  it('parses files of the English review, as written and without autolink triggers, to remark-gfm’s tree', () => {
    const content = path.join(ROOT, 'content', 'en');
    const files = ['sources.md', '01-introduction.md', '05-humanitarian-operations.md'];
    let lean = 0;
    for (const name of files) {
      const text = readFileSync(path.join(content, name), 'utf8');
      for (const variant of [text, withoutTriggers(text)]) {
        if (!mayHoldAutolinkLiteral(variant)) lean += 1;
        expect(parse(parser, variant), name).toEqual(parse(reference, variant));
      }
    }
    expect(lean).toBeGreaterThanOrEqual(files.length);
  });

  it('still links a literal URL or address however it is spelled', () => {
    const spellings = [
      'see www.example.org today',
      'see WWW.EXAMPLE.ORG today',
      'see HTTPS://example.org/a?b today',
      'see www\\.example.org today',
      'see www&#46;example.org today',
      'see http&#58;//example.org today',
      'write to me&#64;example.org',
      'write to me&commat;example.org',
      'write to me@example.org or mailto:you@example.org',
      '| a |\n|---|\n| www.example.org |',
    ];
    for (const text of spellings) {
      expect(mayHoldAutolinkLiteral(text), text).toBe(true);
      const tree = parse(parser, text);
      let links = 0;
      visit(tree, 'link', () => void (links += 1));
      expect(links, text).toBeGreaterThan(0);
      expect(tree, text).toEqual(parse(reference, text));
    }
  });

  it('tries only the autolink constructs a text could start, to the same tree', () => {
    const sources = readFileSync(path.join(ROOT, 'content', 'en', 'sources.md'), 'utf8');
    expect(autolinkKinds(sources)).toEqual({ email: false, protocol: true, www: true });
    const texts: [string, ReturnType<typeof autolinkKinds>][] = [
      ['see www.example.org and http://example.org/a, not an address', { email: false, protocol: true, www: true }],
      ['write to me@example.org or mailto:you@example.org', { email: true, protocol: false, www: false }],
      ['HTTPS://example.org or me@example.org, [me@x.org](http://y.org)', { email: true, protocol: true, www: false }],
      ['WwW.example.org *www.example.com* [unbalanced www.example.net', { email: false, protocol: false, www: true }],
      ['www\\.example.org http\\://example.org me&#64;example.org', { email: false, protocol: false, www: false }],
    ];
    for (const [text, kinds] of texts) {
      expect(autolinkKinds(text), text).toEqual(kinds);
      expect(parse(parser, text), text).toEqual(parse(reference, text));
    }
  });

  it('keeps the constructs asked for, in their order, at each character', () => {
    const names = (kinds: ReturnType<typeof autolinkKinds>, code: number) =>
      [autolinkSyntax(kinds).text?.[code] ?? []].flat().map((c) => c.name);
    const all = { email: true, protocol: true, www: true };
    expect(names(all, 104)).toEqual(['emailAutolink', 'protocolAutolink']);
    expect(names(all, 119)).toEqual(['emailAutolink', 'wwwAutolink']);
    expect(names({ ...all, email: false }, 104)).toEqual(['protocolAutolink']);
    expect(names({ ...all, email: false }, 97)).toEqual([]);
    expect(names({ email: true, protocol: false, www: false }, 87)).toEqual(['emailAutolink']);
  });

  it('reads a table only where a text may hold one, to the same tree', () => {
    const tables = [
      '| a |\n| - |\n| 1 |',
      'a b\n:-\n',
      'a\n-:\n\nx',
      'x\n| a | b |\n|---|---|',
      '- a\n\n  | a |\n  |:-:|',
    ];
    for (const text of tables) {
      expect(mayHoldTable(text), text).toBe(true);
      let found = 0;
      visit(parse(parser, text), 'table', () => void (found += 1));
      expect(found, text).toBe(1);
      expect(parse(parser, text), text).toEqual(parse(reference, text));
    }
    const others = ['a\n-\n', 'a\n--\n\n- b', 'x -- y : z', '`a` and *b*\n\n    code -\n'];
    for (const text of others) {
      expect(mayHoldTable(text), text).toBe(false);
      expect(parse(parser, text), text).toEqual(parse(reference, text));
    }
  });

  it('parses text that cannot hold one, with GFM’s other syntax, to the same tree', () => {
    const texts = [
      'which when with width height ww.example http example h t t p: w w w.',
      '~~gone~~ and ~sub~ text[^1]\n\n[^1]: A note.\n\n- [x] done\n- [ ] not yet\n\n| a | b |\n|---|---|\n| 1 | 2 |',
      'A <span>tag</span> and an ![image](a.png) and [a link](#b) with what looks like www but is not.',
    ];
    for (const text of texts) {
      expect(mayHoldAutolinkLiteral(text), text).toBe(false);
      expect(parse(parser, text), text).toEqual(parse(reference, text));
    }
  });
});

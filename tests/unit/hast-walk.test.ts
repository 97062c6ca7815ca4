import { describe, expect, it } from 'vitest';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { EXIT as VISIT_EXIT, SKIP as VISIT_SKIP, visit } from 'unist-util-visit';
import { EXIT, SKIP, eachElement } from '../../src/hast-walk.js';

const HTML =
  '<section><h1>T</h1><p>a <span class="citation">(<a href="#r1">A 1990</a>)</span> b</p>' +
  '<aside class="callout"><p>box</p></aside><table><tr><td>1</td><td><i>2</i></td></tr></table>' +
  '<p><a href="https://example.org/a/b">x</a> <code>c</code></p><div><p>deep <b>bold <i>it</i></b></p></div></section>';

const parse = (): Root => fromHtml(HTML, { fragment: true });

describe('eachElement', () => {
  it('visits the elements unist-util-visit visits, in its order, with index and parent', () => {
    const seen = (walker: (tree: Root, f: (n: Element, i?: number, p?: unknown) => void) => void) => {
      const tree = parse();
      const out: string[] = [];
      walker(tree, (node, index, parent) => {
        out.push(`${node.tagName}@${index}<${(parent as Element | undefined)?.tagName ?? 'root'}`);
      });
      return out;
    };
    const ours = seen((tree, f) => eachElement(tree, f));
    expect(ours).toEqual(seen((tree, f) => visit(tree, 'element', f)));
    expect(ours).toHaveLength(20);
  });

  it('reads a tree the visitor changes as unist-util-visit does (children replaced, added, removed)', () => {
    const change = (node: Element) => {
      if (node.tagName === 'a') node.children = [{ type: 'element', tagName: 'wbr', properties: {}, children: [] }];
      if (node.tagName === 'p') node.children.unshift({ type: 'element', tagName: 'em', properties: {}, children: [] });
      if (node.tagName === 'b') node.children.pop();
      if (node.tagName === 'em' || node.tagName === 'wbr') node.properties.seen = 'yes';
    };
    const a = parse();
    const b = parse();
    eachElement(a, change);
    visit(b, 'element', change);
    expect(toHtml(a)).toBe(toHtml(b));
    expect(toHtml(a)).toContain('<wbr seen="yes">');
  });

  it('skips children and stops as SKIP and EXIT do', () => {
    const names = (walker: (tree: Root) => string[]) => walker(parse());
    const ours = names((tree) => {
      const out: string[] = [];
      eachElement(tree, (node) => {
        out.push(node.tagName);
        if (node.tagName === 'span') return SKIP;
        if (node.tagName === 'code') return EXIT;
      });
      return out;
    });
    const theirs = names((tree) => {
      const out: string[] = [];
      visit(tree, 'element', (node) => {
        out.push(node.tagName);
        if (node.tagName === 'span') return VISIT_SKIP;
        if (node.tagName === 'code') return VISIT_EXIT;
      });
      return out;
    });
    expect(ours).toEqual(theirs);
    expect(ours).not.toContain('div');
  });
});

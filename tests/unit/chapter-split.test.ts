// The print HTML's chapters found in its text (src/print/chapter-split.ts): split only where the
// HTML parser makes the same elements of them, whatever came before; refused otherwise.
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import type { Element, Root } from 'hast';
import { describe, expect, it } from 'vitest';
import { joinChapters, splitChapters } from '../../src/print/chapter-split.js';

const page = (main: string, before = '<nav><p>Contents</p></nav>') =>
  `<!DOCTYPE html><html><head><title>t</title></head><body class="medium-print">\n<header><p>Cover</p></header>\n<div class="frame">\n${before}\n<main id="content">\n${main}</main>\n</div>\n</body>\n</html>\n`;

const chapterA = '<article class="chapter"><h1 id="a">A</h1><p>One <em>two</em> <a href="#b">three</a>.</p></article>';
const chapterB =
  '<article class="chapter"><h1 id="b">B</h1><table><thead><tr><th>x</th></tr></thead><tbody><tr><td>1<br>2</td></tr></tbody></table><svg viewBox="0 0 1 1"><path d="M0 0"/></svg><img src="data:," alt="a > b"></article>';

/** main's child elements as the HTML parser builds them (parse5, as Chromium parses), serialized. */
function mainChildren(html: string): string[] {
  const find = (node: Root | Element): Element | undefined => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      if (child.tagName === 'main') return child;
      const found = find(child);
      if (found) return found;
    }
    return undefined;
  };
  const main = find(fromHtml(html));
  return (main?.children ?? []).filter((c): c is Element => c.type === 'element').map((c) => toHtml(c));
}

describe('splitChapters', () => {
  it("cuts main's child elements out as the parser makes them, and joins them back", () => {
    const html = page(`${chapterA}\n${chapterB}\n`);
    const split = splitChapters(html)!;
    expect(split.chapters).toEqual([chapterA, chapterB]);
    expect(split.chapters.map((c) => toHtml(fromHtml(c, { fragment: true })))).toEqual(mainChildren(html));
    expect(joinChapters(split, [])).toBe(html);
    expect(joinChapters(split, [undefined, '<article>new</article>'])).toBe(
      page(`${chapterA}\n<article>new</article>\n`),
    );
    expect(split.skeleton).toBe(
      '<body class="medium-print">\n<div class="frame">\n<main id="content">\n<article class="chapter">\n<article class="chapter">',
    );
  });

  it('refuses what the parser builds otherwise than the tags say, or not alike whatever came before', () => {
    const refused = [
      // Not closed, or closed out of order.
      page(`<article><p>one</article>\n${chapterB}\n`),
      page(`<article><b><i>x</b></i></article>\n${chapterB}\n`),
      // A block in a paragraph (the parser closes the paragraph), a link in a link, a heading in a heading.
      page(`<article><p>x<div>y</div></p></article>\n${chapterB}\n`),
      page(`<article><a href="#a">x<a href="#b">y</a></a></article>\n${chapterB}\n`),
      page(`<article><h2>x<h3>y</h3></h2></article>\n${chapterB}\n`),
      page(`<article><ul><li>x<li>y</li></li></ul></article>\n${chapterB}\n`),
      // Text or a block where a table takes only its parts.
      page(`<article><table>x<tr><td>1</td></tr></table></article>\n${chapterB}\n`),
      page(`<article><table><tr><p>1</p></tr></table></article>\n${chapterB}\n`),
      // Text, comments or other elements at main's own level; a chapter the parser may close early.
      page(`${chapterA}\ntext\n${chapterB}\n`),
      page(`${chapterA}\n<!-- note -->\n${chapterB}\n`),
      page(`<p>x</p>\n${chapterB}\n`),
      // Raw text, styles in the body, forms, templates, HTML in foreign content.
      page(`${chapterA}\n<article><script>let a = '<article>';</script></article>\n`),
      page(`${chapterA}\n<article><style>p{}</style></article>\n`),
      page(`${chapterA}\n<article><form><p>x</p></form></article>\n`),
      page(`${chapterA}\n<article><svg><p>x</p></svg></article>\n`),
      // Markup the grammar here does not read: an odd comment, a bogus tag, a self-closed div.
      page(`${chapterA}\n<article><!-->x</article>\n`),
      page(`${chapterA}\n<article><? x ?></article>\n`),
      page(`${chapterA}\n<article><div/></article>\n`),
      // One chapter, no main, two mains, a main inside a paragraph.
      page(`${chapterA}\n`),
      page(chapterA).replace(/<\/?main[^>]*>/g, ''),
      page(`${chapterA}\n${chapterB}\n`, '<main></main>'),
      page(`${chapterA}\n${chapterB}\n`)
        .replace('<div class="frame">', '<div class="frame"><p>')
        .replace('</div>\n</body>', '</p></div>\n</body>'),
    ];
    for (const html of refused) expect(splitChapters(html), html).toBeUndefined();
  });

  it('splits every chapter as the parser makes it in a long, generated body', () => {
    const chapters = Array.from(
      { length: 30 },
      (_, i) =>
        `<article class="chapter chapter-${i}"><h1 id="c${i}">${i}</h1><p data-source="en/${i}.md:1:1">Text &amp; more ${'x'.repeat(i)}<sup><a href="#n${i}">${i}</a></sup></p><ol><li id="n${i}"><p>Note</p></li></ol><figure><img src="data:," alt=""><figcaption>F</figcaption></figure></article>`,
    );
    const html = page(`${chapters.join('\n')}\n`);
    const split = splitChapters(html)!;
    expect(split.chapters).toEqual(chapters);
    expect(split.chapters.map((c) => toHtml(fromHtml(c, { fragment: true })))).toEqual(mainChildren(html));
  });
});

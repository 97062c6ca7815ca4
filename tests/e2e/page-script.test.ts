// The print page's code (src/print/page-script.ts, src/print/page-side/): a step asked of a page that
// never had the script brings it along; a new document in the same page gets it again; a hyphen
// settled in one document is checked in the next, and a line wrap marked; the line wraps are the same
// whatever line starts the word-space step left for them (ragged text: none, every wrap found by reads);
// a marked block's label is the start of its whole text, read from its first text nodes only.
import { describe, expect, it } from 'vitest';
import { suiteBrowser } from '../support/browser.js';
import { settleSoftHyphens, putSettled, settledHold } from '../../src/print/hyphens.js';
import { fitAndMark } from '../../src/print/layout-check.js';
import { HYPHEN_MARKED, markLineWraps, WRAP_JOINER } from '../../src/print/line-ends.js';
import { applyTracks, evenWordSpaces } from '../../src/print/word-spaces.js';

// A narrow column: "implementation" must break at one of its soft hyphens.
const PAGE = `<html><body style="margin:0;font:16px/20px serif"><p id="p" style="width:120px;margin:0">
  The imple\u00ADmen\u00ADta\u00ADtion of the recom\u00ADmen\u00ADda\u00ADtions continues.</p></body></html>`;

// Justified paragraphs in a narrow column: lines that wrap at spaces, at kept hyphens, at a hyphen.
const PARAGRAPH =
  '<p style="width:260px;margin:0 0 10px;text-align:justify">The report describes the imple\u00ADmen\u00ADta\u00ADtion ' +
  'of the recom\u00ADmen\u00ADda\u00ADtions of international organisations, the well-known mechanisms and the ' +
  'inter\u00ADgovern\u00ADmen\u00ADtal considerations that the commis\u00ADsioners described at length.</p>';
const LINES = `<html><body style="margin:0;font:16px/20px serif">${PARAGRAPH.repeat(3)}</body></html>`;

// Justified paragraphs of short words (no line loose enough to set the paragraph again), a word in
// an element, a line broken at a kept hyphen.
const EVEN =
  '<p style="width:300px;margin:0 0 10px;text-align:justify">' +
  'the cat sat on the mat and the dog ran to the park with a red ball in its mouth, then <em>all of</em> them ' +
  'went home to eat and rest by the fire as the rain fell on the roof of the old house in the wood; the ' +
  'recom\u00ADmen\u00ADda\u00ADtions of the day were read out by the one who had kept them all in a box.</p>';

type Kept = Window & { briefingLineStarts?: { at: Set<number> }; briefingMeasuredBlocks?: unknown; reads?: number };

// The same paragraphs in a chapter, for the layout check's markers (their labels are the text).
const CHAPTER = `<html><body style="margin:0;font:16px/20px serif"><main><div class="chapter">${PARAGRAPH.repeat(3)}</div></main></body></html>`;

describe('the print page script', () => {
  const browser = suiteBrowser();

  it('runs steps in a page made without it, and again after the page gets a new document', async () => {
    const page = await browser().newPage();
    await page.setContent(PAGE);
    const first = await settleSoftHyphens(page);
    expect(first.kept).toBeGreaterThan(0);
    const text = await page.$eval('#p', (p) => p.textContent ?? '');
    expect(text).not.toContain('\u00AD');
    expect(text).toContain(HYPHEN_MARKED);
    // A navigation: a new window, without the script the first step brought.
    await page.goto('about:blank');
    await page.setContent(PAGE);
    expect(await page.evaluate(() => 'briefingPage' in window)).toBe(false);
    expect(await putSettled(page, first.settled)).toBe(true);
    expect(await settledHold(page, first.settled)).toBe(true);
    const wraps = await markLineWraps(page);
    expect(wraps.length).toBeGreaterThan(0);
    await page.close();
  });

  it('marks the same line wraps from the lines the word spaces measured, the line starts they left, none, and wrong ones', async () => {
    const marked = async (starts: 'measured' | 'kept' | 'none' | 'wrong') => {
      const page = await browser().newPage();
      await page.setContent(LINES.replace('</body>', `${EVEN.repeat(2)}</body>`));
      await settleSoftHyphens(page);
      await evenWordSpaces(page);
      const kept = await page.evaluate(() => (window as Kept).briefingLineStarts?.at.size ?? 0);
      // The blocks measured whole: their wraps taken from their lines, with no read.
      if (starts !== 'measured') await page.evaluate(() => delete (window as Kept).briefingMeasuredBlocks);
      if (starts === 'none') await page.evaluate(() => delete (window as Kept).briefingLineStarts);
      if (starts === 'wrong')
        await page.evaluate(() => {
          const lines = (window as Kept).briefingLineStarts!;
          lines.at = new Set([...lines.at].map((at) => at + 7));
        });
      await page.evaluate(() => {
        const read = Object.getOwnPropertyDescriptor(Range.prototype, 'getClientRects')!.value as (
          this: Range,
        ) => DOMRectList;
        (window as Kept).reads = 0;
        Range.prototype.getClientRects = function (this: Range) {
          (window as Kept).reads! += 1;
          return read.call(this);
        };
      });
      const wraps = await markLineWraps(page);
      const reads = await page.evaluate(() => (window as Kept).reads!);
      const html = await page.evaluate(() => document.body.innerHTML);
      await page.close();
      return { kept, wraps, html, reads };
    };
    const found = await marked('measured');
    expect(found.kept).toBeGreaterThan(6);
    expect(found.wraps.flatMap(([, at]) => at).length).toBeGreaterThan(6);
    const hinted = await marked('kept');
    expect(found.reads).toBeLessThan(hinted.reads);
    for (const { wraps, html } of [hinted, await marked('none'), await marked('wrong')])
      expect({ wraps, html }).toEqual({ wraps: found.wraps, html: found.html });
  });

  it('marks every wrap of ragged text (no line starts from the word spaces) that a brute-force read finds', async () => {
    // Ragged paragraphs and a centred heading, with a letter-spaced run and larger type.
    const words = 'the report describes the implementation of the recommendations of many organisations';
    const ragged =
      `<p style="width:230px;margin:0 0 10px;text-align:left">${words} <span style="letter-spacing:4px">and ` +
      `the known mechanisms</span> of <b style="font-size:22px">the intergovernmental considerations</b> ` +
      `that ${words}, ${words}.</p>`;
    const page = await browser().newPage();
    await page.setContent(
      `<html><body style="margin:0;font:16px/20px serif">${ragged}<h2 style="width:200px;text-align:center">` +
        `${words}</h2>${ragged}</body></html>`,
    );
    await settleSoftHyphens(page);
    await evenWordSpaces(page);
    // Every gap between letters whose next letter is on a lower line than the one before, by brute force.
    const expected = await page.evaluate(() => {
      const texts: Text[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text);
      const range = document.createRange();
      const top = (node: Text, at: number) => {
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        const rects = range.getClientRects();
        return rects[rects.length - 1]!.top;
      };
      const found: string[] = [];
      for (const block of Array.from(document.querySelectorAll('p, h2'))) {
        let last: [number, number] | undefined;
        let spaced = false;
        texts.forEach((node, i) => {
          if (!block.contains(node)) return;
          for (let at = 0; at < node.data.length; at += 1) {
            if (/\s/.test(node.data[at]!)) spaced = true;
            else {
              if (spaced && last && top(node, at) - top(texts[last[0]]!, last[1]) > 10)
                found.push(`${last[0]}:${last[1] + 1}`);
              last = [i, at];
              spaced = false;
            }
          }
        });
      }
      return found;
    });
    const wraps = await markLineWraps(page);
    await page.close();
    expect(expected.length).toBeGreaterThan(12);
    expect(wraps.flatMap(([node, at]) => at.map((a) => `${node}:${a}`)).sort()).toEqual([...expected].sort());
  });

  it('keeps every soft hyphen a brute-force read finds at a line end, by the lines a node reads or by words', async () => {
    const word = 'imple\u00ADmen\u00ADta\u00ADtion';
    const ru = 'рекомен\u00ADда\u00ADции между\u00ADна\u00ADрод\u00ADных орга\u00ADни\u00ADза\u00ADций';
    const text = `The report on the ${word} of the recom\u00ADmen\u00ADda\u00ADtions and the inter\u00ADgovern\u00ADmen\u00ADtal work`;
    // Justified and ragged columns, a word split by an element, Cyrillic, a narrow cell (its words may
    // break anywhere: by words), `hyphens: none` (by words), a run longer than its line.
    const blocks = [
      `<p style="width:250px;text-align:justify">${text}, ${text}.</p>`,
      `<p style="width:210px">${text}; imple\u00ADmen<em>\u00ADta\u00ADtion</em> of ${text}.</p>`,
      `<p lang="ru" style="width:230px;text-align:justify">${ru}, ${ru}, ${ru}.</p>`,
      `<table><tr><td style="width:60px;overflow-wrap:anywhere">${text}</td><td style="width:200px">${text}</td></tr></table>`,
      `<p style="width:200px;hyphens:none">${text}</p>`,
      `<p style="width:150px;overflow-wrap:break-word">pneumono\u00ADultramicroscopicsilicovolcanoconiosis ${text}</p>`,
    ];
    const page = await browser().newPage();
    await page.setContent(`<html><body style="margin:0;font:16px/20px serif">${blocks.join('')}</body></html>`);
    // Each text node's soft hyphens whose letters before and after are on two lines, by brute force.
    const expected = await page.evaluate(() => {
      const range = document.createRange();
      const box = (node: Text, at: number) => {
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        const rects = range.getClientRects();
        return rects[rects.length - 1];
      };
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const found: Array<{ data: string; ends: number[] }> = [];
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
        if (!n.data.includes('\u00AD')) continue;
        const ends: number[] = [];
        for (let i = 1; i + 1 < n.data.length; i += 1) {
          if (n.data[i] !== '\u00AD' || /\s/.test(n.data[i + 1]!)) continue;
          const before = box(n, i - 1);
          const after = box(n, i + 1);
          if (before && after && after.top - before.top > before.height / 2) ends.push(i);
        }
        found.push({ data: n.data, ends });
      }
      return found;
    });
    // Where each is once settled: every soft hyphen before it gone, every kept one 4 characters.
    const settledAt = expected.map(({ data, ends }) =>
      ends.map((at, k) => at - (data.slice(0, at).split('\u00AD').length - 1) + k * HYPHEN_MARKED.length),
    );
    const { settled, unhyphenated } = await settleSoftHyphens(page);
    await page.close();
    expect(unhyphenated).toBe(0);
    expect(settledAt.flat().length).toBeGreaterThan(8);
    expect(settled.ends).toEqual(settledAt);
  });

  it('puts the marks found for later in with fitAndMark (or the next step): the body as when put in at once', async () => {
    const prepared = async (later: boolean, next: 'fit' | 'step') => {
      const page = await browser().newPage();
      await page.setContent(CHAPTER);
      await settleSoftHyphens(page);
      await evenWordSpaces(page);
      const wraps = await markLineWraps(page, { later });
      const text = () => page.evaluate(() => document.body.innerHTML);
      const before = await text();
      if (next === 'step') await applyTracks(page, []);
      const afterStep = await text();
      const { overflows, items } = await fitAndMark(page, { hide: later });
      const shown = await page.evaluate(() => document.documentElement.style.display);
      const html = await text();
      await page.close();
      return { wraps, before, afterStep, overflows, items, html, shown };
    };
    const atOnce = await prepared(false, 'fit');
    const later = await prepared(true, 'fit');
    expect(atOnce.before).toContain(WRAP_JOINER);
    expect(later.before).not.toContain(WRAP_JOINER);
    expect(later.items.length).toBe(3);
    // (The labels are the text as it prints: the first line's end mark is in their first 40 letters.)
    expect(later.items.map((item) => item.label).join('')).toMatch(/[\u200C\u200D]/);
    const same = ({ wraps, overflows, items, html }: typeof atOnce) => ({ wraps, overflows, items, html });
    expect(same(later)).toEqual(same(atOnce));
    expect([atOnce.shown, later.shown]).toEqual(['', 'none']);
    // Another step asked first puts them in before it runs.
    const stepped = await prepared(true, 'step');
    expect(stepped.afterStep).toBe(atOnce.before);
    expect(same(stepped)).toEqual(same(atOnce));
  });

  it('fits and marks without reading the page again once the wraps found it fitting; what is too wide still clipped', async () => {
    const fitted = async (html: string, later: boolean) => {
      const page = await browser().newPage();
      await page.setContent(html);
      await settleSoftHyphens(page);
      await evenWordSpaces(page);
      await markLineWraps(page, { later });
      // Another step first: fitAndMark reads the page itself.
      if (!later) await applyTracks(page, []);
      await page.evaluate(() => {
        const read = Object.getOwnPropertyDescriptor(Element.prototype, 'getBoundingClientRect')!.value as (
          this: Element,
        ) => DOMRect;
        (window as Kept).reads = 0;
        Element.prototype.getBoundingClientRect = function (this: Element) {
          (window as Kept).reads! += 1;
          return read.call(this);
        };
      });
      const { overflows, items } = await fitAndMark(page);
      const reads = await page.evaluate(() => (window as Kept).reads!);
      const shown = await page.evaluate(() => document.documentElement.style.display);
      const body = await page.evaluate(() => document.body.innerHTML);
      await page.close();
      return { overflows, items, reads, shown, body };
    };
    const wide = CHAPTER.replace(
      '</main>',
      '<div class="chapter"><div style="width:3000px">Too wide.</div></div></main>',
    );
    for (const html of [CHAPTER, wide]) {
      const [atOnce, later] = [await fitted(html, false), await fitted(html, true)];
      expect(later.shown).toBe('');
      const { reads, ...same } = later;
      expect(same).toEqual({ overflows: atOnce.overflows, items: atOnce.items, shown: '', body: atOnce.body });
      expect(atOnce.reads).toBeGreaterThan(0);
      if (html === CHAPTER) expect([reads, atOnce.overflows.length]).toEqual([0, 0]);
      else expect([reads > 0, atOnce.overflows.length > 0]).toEqual([true, true]);
    }
  });

  it('labels each marked block by the start of its whole text, white space collapsed, from its first text only', async () => {
    const long = 'word '.repeat(60);
    const blocks = [
      '<p>Short.</p>',
      `<p>\n   ${'a'.repeat(39)}  b</p>`,
      `<p>${'a'.repeat(40)}\n\n</p>`,
      `<p>  <em>Lead</em>\n\n\t<strong>  in</strong> ${long}</p>`,
      `<ul>${'<li> one </li>\n'.repeat(40)}</ul>`,
      `<table><tr><td>${' '.repeat(200)}</td><td>cell</td></tr>${'<tr><td>x</td></tr>'.repeat(30)}</table>`,
      `<p>${' \u00A0'.repeat(120)}late text that starts far in ${long}</p>`,
      `<p>A few${' '.repeat(300)}words, then ${long}</p>`,
      '<div><span></span></div>',
    ];
    const page = await browser().newPage();
    await page.setContent(`<html><body><main><div class="chapter">${blocks.join('')}</div></main></body></html>`);
    // As labels were made before: the whole textContent collapsed, its first 40 letters.
    const expected = await page.evaluate(() =>
      Array.from(document.querySelectorAll('main .chapter > *')).map((el) => {
        const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
        const words = text.length > 40 ? `${text.slice(0, 40)}…` : text;
        return words ? `${el.tagName.toLowerCase()} "${words}"` : el.tagName.toLowerCase();
      }),
    );
    const { items } = await fitAndMark(page);
    await page.close();
    expect(items).toHaveLength(blocks.length);
    expect(items.map((item) => item.label)).toEqual(expected);
  });
});

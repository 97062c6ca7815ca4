// The PDF reader (src/print/pdf-reader.ts) on what it is for: Chromium's own prints, tagged, with
// links, destinations, lists, tables, an image and text in three scripts. Every one must be read by
// the reader itself (not handed to pdf-lib) into the objects pdf-lib's parser makes.
import { describe, expect, it } from 'vitest';
import { PDFDocument, ParseSpeeds } from 'pdf-lib';
import { suiteBrowser } from '../support/browser.js';
import { readPdf, readPlain } from '../../src/print/pdf-reader.js';

const SAVE = { useObjectStreams: false, objectsPerTick: Infinity } as const;
const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAFklEQVR4nGP8z8DwnwEJMDEgA0QBAPHzBP2vZjAXAAAAAElFTkSuQmCC';
const PAGE = `<html lang="en"><head><title>A (title) with \\ parens</title></head><body>
  <h1 id="top">Report — Қазақстан ≥ 5 %</h1>
  <p>Text with a <a href="#notes">link to the notes</a>, an <a href="https://example.org/a?b=(c)">outside link</a>,
     Greek αβγ and <em>emphasis</em>.</p>
  <ol><li>One</li><li>Two <strong>strong</strong></li></ol>
  <table><caption>A table</caption><tr><th>Head</th><td>Cell</td></tr></table>
  <figure><img alt="A pixel" src="${PIXEL}" width="40" height="40"><figcaption>A figure</figcaption></figure>
  <h2 id="notes" style="break-before: page">Notes</h2><p>Back to <a href="#top">the top</a>.</p>
</body></html>`;

describe('the PDF reader on Chromium prints', () => {
  const browser = suiteBrowser();

  it('reads tagged and untagged prints itself, into the objects pdf-lib reads', async () => {
    const page = await browser().newPage();
    await page.setContent(PAGE);
    for (const tagged of [true, false]) {
      const bytes = await page.pdf({ tagged, outline: tagged, printBackground: true });
      expect(readPlain(bytes)).toBeDefined();
      const ours = await (await readPdf(bytes)).save(SAVE);
      const theirs = await (
        await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest })
      ).save(SAVE);
      expect(Buffer.from(ours).equals(Buffer.from(theirs))).toBe(true);
      expect((await readPdf(bytes)).getPageCount()).toBe(2);
    }
    await page.close();
  });
});

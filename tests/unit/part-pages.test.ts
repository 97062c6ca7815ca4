// parts.ts counts a printed part's pages in its bytes (so Chromium prints the next part while this
// process reads the last): one `/Type /Page` dictionary per page, the page tree's `/Type /Pages`
// nodes not counted. (Every part's count is also checked against pdf-lib's in the build.)
import { describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { pageCount } from '../../src/print/parts.js';

async function pdfOf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i += 1) doc.addPage();
  // Objects written one by one, as Chromium writes them (no object streams).
  return doc.save({ useObjectStreams: false });
}

describe('pageCount', () => {
  it('counts the page dictionaries, not the page tree', async () => {
    expect(pageCount(await pdfOf(1))).toBe(1);
    expect(pageCount(await pdfOf(7))).toBe(7);
  });

  it('reads "/Type/Page" written without a space, and nothing in a name that only starts so', () => {
    const text = '<< /Type/Page /Parent 2 0 R >> << /Type /Pages /Count 1 >> << /Type /PageLabel >>';
    expect(pageCount(new TextEncoder().encode(text))).toBe(1);
  });
});

// A page printed to PDF with the PDF in Chromium's answer. puppeteer's page.pdf() has Chromium write
// it to a stream and reads it back (IO.read, then IO.close, awaited before the bytes are handed
// over): two more round trips through the browser's main thread, and the file written and read
// again, after every print. Asked here with the parameters page.pdf() sends for the same options
// (puppeteer-core's parsePDFOptions: US Letter unless the page's CSS size is preferred, no margins,
// scale 1, no header or footer), so Chromium prints the same bytes.
import type { CDPSession, Page } from 'puppeteer-core';

export interface PrintPdfOptions {
  printBackground: boolean;
  /** A tagged PDF (structure tree, marked content). */
  tagged: boolean;
  /** Chromium's page ranges ('': all pages). */
  pageRanges?: string;
}

/** The page as Chromium prints it: its CSS page size, no outline (see outline.ts), no timeout but the protocol's. */
export async function printPdf(
  page: Page,
  { printBackground, tagged, pageRanges = '' }: PrintPdfOptions,
): Promise<Uint8Array> {
  const client = clientOf(page);
  if (!client)
    return page.pdf({
      preferCSSPageSize: true,
      printBackground,
      tagged,
      outline: false,
      pageRanges,
      timeout: 0,
      waitForFonts: false,
    });
  const { data } = await client.send('Page.printToPDF', {
    transferMode: 'ReturnAsBase64',
    landscape: false,
    displayHeaderFooter: false,
    headerTemplate: '',
    footerTemplate: '',
    printBackground,
    scale: 1,
    paperWidth: 8.5,
    paperHeight: 11,
    marginTop: 0,
    marginBottom: 0,
    marginLeft: 0,
    marginRight: 0,
    pageRanges,
    preferCSSPageSize: true,
    generateTaggedPDF: tagged,
    generateDocumentOutline: false,
  });
  const bytes = Buffer.from(data, 'base64');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The session puppeteer's own page.pdf() prints through (its page's target). An internal method of
 * puppeteer's CDP page (the lock file pins the version; tests/unit/print-pdf.test.ts checks it is
 * there): should it go, page.pdf() is used.
 */
function clientOf(page: Page): CDPSession | undefined {
  const internal = page as unknown as { _client?: () => CDPSession };
  return typeof internal._client === 'function' ? internal._client() : undefined;
}

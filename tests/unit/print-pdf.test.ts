// print/print-pdf.ts: Page.printToPDF asked through the page's own session, the PDF in the answer,
// with the parameters puppeteer's page.pdf() would send for the same options.
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { CdpPage } from 'puppeteer-core/internal/cdp/Page.js';
import { parsePDFOptions } from 'puppeteer-core/internal/common/util.js';
import { printPdf } from '../../src/print/print-pdf.js';

const PDF = new Uint8Array([37, 80, 68, 70, 45, 49, 46, 52, 0, 255]);

/** A page whose session answers Page.printToPDF with PDF, logging what it was asked. */
function pageWithSession(asked: Array<[string, Record<string, unknown>]>): Page {
  const session = {
    send: (method: string, params: Record<string, unknown>) => {
      asked.push([method, params]);
      return Promise.resolve({ data: Buffer.from(PDF).toString('base64') });
    },
  };
  return { _client: () => session } as unknown as Page;
}

describe('printPdf', () => {
  it("asks for the PDF in the answer, with what page.pdf() sends for the same options, and gives Chromium's bytes", async () => {
    const asked: Array<[string, Record<string, unknown>]> = [];
    const pdf = await printPdf(pageWithSession(asked), { printBackground: true, tagged: true, pageRanges: '2-' });
    expect(pdf).toEqual(PDF);
    expect(asked.map(([method]) => method)).toEqual(['Page.printToPDF']);
    const sent = asked[0]![1];
    // puppeteer's own reading of the options page.pdf() was given for this print (pdf.ts BASE).
    const p = parsePDFOptions({
      preferCSSPageSize: true,
      printBackground: true,
      tagged: true,
      outline: false,
      pageRanges: '2-',
      waitForFonts: false,
    });
    expect(sent).toEqual({
      transferMode: 'ReturnAsBase64',
      landscape: p.landscape,
      displayHeaderFooter: p.displayHeaderFooter,
      headerTemplate: p.headerTemplate,
      footerTemplate: p.footerTemplate,
      printBackground: p.printBackground,
      scale: p.scale,
      paperWidth: p.width,
      paperHeight: p.height,
      marginTop: p.margin.top,
      marginBottom: p.margin.bottom,
      marginLeft: p.margin.left,
      marginRight: p.margin.right,
      pageRanges: p.pageRanges,
      preferCSSPageSize: p.preferCSSPageSize,
      generateTaggedPDF: p.tagged,
      generateDocumentOutline: p.outline,
    });
  });

  it('prints the running heads untagged, without backgrounds, on every page', async () => {
    const asked: Array<[string, Record<string, unknown>]> = [];
    await printPdf(pageWithSession(asked), { printBackground: false, tagged: false });
    expect(asked[0]![1]).toMatchObject({ printBackground: false, generateTaggedPDF: false, pageRanges: '' });
  });

  it("finds the page's session in the installed puppeteer-core (else page.pdf() prints)", async () => {
    expect(typeof (CdpPage.prototype as unknown as Record<string, unknown>)._client).toBe('function');
    const options: unknown[] = [];
    const page = { pdf: (o: unknown) => (options.push(o), Promise.resolve(PDF)) } as unknown as Page;
    expect(await printPdf(page, { printBackground: true, tagged: false })).toBe(PDF);
    expect(options).toEqual([
      {
        preferCSSPageSize: true,
        printBackground: true,
        tagged: false,
        outline: false,
        pageRanges: '',
        timeout: 0,
        waitForFonts: false,
      },
    ]);
  });
});

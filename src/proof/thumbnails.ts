// PDF pages → PNG thumbnails, rendered by pdf.js (npm pdfjs-dist, Mozilla's PDF renderer) inside the
// Chromium that Briefing already uses for printing: no poppler or native canvas needed at run time.
// The page lives at a made-up origin whose every request is answered from memory; anything else is
// refused, so nothing leaves the machine.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, HTTPRequest } from 'puppeteer-core';
import { BriefingError } from '../messages.js';
import { RULES } from '../rules.js';

export interface Thumbnail {
  /** 1-based page number. */
  page: number;
  /** data:image/png;base64,… */
  src: string;
  /** Pixel size of the PNG. */
  width: number;
  height: number;
}

export interface RenderedPdf {
  title: string;
  thumbnails: Thumbnail[];
}

const ORIGIN = 'http://briefing-proof.invalid';
const require = createRequire(import.meta.url);

/** Render every page of `pdf` `width` pixels wide (height follows the page's proportions). */
export async function renderThumbnails(
  browser: Browser,
  pdf: Uint8Array,
  pdfFile: string,
  width = 400,
): Promise<RenderedPdf> {
  const [lib, worker] = await Promise.all([
    readFile(require.resolve('pdfjs-dist/build/pdf.min.mjs')),
    readFile(require.resolve('pdfjs-dist/build/pdf.worker.min.mjs')),
  ]);
  const files: Record<string, { type: string; body: Uint8Array | string }> = {
    '/': { type: 'text/html', body: '<!DOCTYPE html><meta charset="utf-8"><title>proof</title>' },
    '/pdf.mjs': { type: 'text/javascript', body: lib },
    '/pdf.worker.mjs': { type: 'text/javascript', body: worker },
    '/edition.pdf': { type: 'application/pdf', body: pdf },
  };
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(String((error as Error).message ?? error)));
  try {
    await page.setRequestInterception(true);
    page.on('request', (request: HTTPRequest) => {
      const url = new URL(request.url());
      const file = url.origin === ORIGIN ? files[url.pathname] : undefined;
      if (!file) {
        void request.abort('blockedbyclient');
        return;
      }
      void request.respond({ status: 200, contentType: file.type, body: Buffer.from(file.body) });
    });
    await page.goto(`${ORIGIN}/`);
    const result = await page.evaluate(async (targetWidth: number) => {
      // pdf.js is served to the page by the request handler above; its types come from the package.
      const pdfUrl: string = '/pdf.mjs';
      const pdfjs = (await import(pdfUrl)) as typeof import('pdfjs-dist');
      pdfjs.GlobalWorkerOptions.workerSrc = '/pdf.worker.mjs';
      const data = new Uint8Array(await (await fetch('/edition.pdf')).arrayBuffer());
      const doc = await pdfjs.getDocument({ data, isEvalSupported: false }).promise;
      const meta: { info: object } = await doc.getMetadata().catch(() => ({ info: {} }));
      const thumbnails = [];
      for (let n = 1; n <= doc.numPages; n++) {
        const pdfPage = await doc.getPage(n);
        const base = pdfPage.getViewport({ scale: 1 });
        const viewport = pdfPage.getViewport({ scale: targetWidth / base.width });
        const canvas = document.createElement('canvas');
        canvas.width = Math.round(viewport.width);
        canvas.height = Math.round(viewport.height);
        const context = canvas.getContext('2d')!;
        context.fillStyle = '#fff';
        context.fillRect(0, 0, canvas.width, canvas.height);
        await pdfPage.render({ canvasContext: context, canvas, viewport }).promise;
        thumbnails.push({ page: n, src: canvas.toDataURL('image/png'), width: canvas.width, height: canvas.height });
        pdfPage.cleanup();
      }
      await doc.destroy();
      const title = (meta.info as { Title?: unknown }).Title;
      return { title: typeof title === 'string' ? title : '', thumbnails };
    }, width);
    return result;
  } catch (error) {
    const reason = problems[0] ?? String((error as Error).message ?? error).split('\n')[0];
    throw new BriefingError({
      file: pdfFile,
      severity: 'error',
      message: `could not render the PDF's pages: ${reason}`,
      rule: RULES.proofRender.id,
      fix: 'check that the file is a PDF (rebuild it with `briefing build`)',
    });
  } finally {
    await page.close().catch(() => undefined);
  }
}

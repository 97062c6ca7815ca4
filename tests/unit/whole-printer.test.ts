// print/pdf.ts wholePrinter: when the build is told Chromium prints (it then renders the web edition,
// holding this process up): only once the print request is on its way, not while the page is still
// asked what comes before it (the edition shown, its folios left out).
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { wholePrinter } from '../../src/print/pdf.js';
import type { PrintPage } from '../../src/print/page.js';

/** A page whose every answer comes a few milliseconds later, logging what it is asked in order. */
function slowPage(log: string[]): Page {
  const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 15));
  return {
    evaluate: () => {
      log.push('evaluate');
      return later(undefined);
    },
    setViewport: () => {
      log.push('viewport');
      return later(undefined);
    },
    pdf: () => {
      log.push('pdf');
      return later(new Uint8Array([37, 80, 68, 70])).then((bytes) => {
        log.push('printed');
        return bytes;
      });
    },
  } as unknown as Page;
}

describe('wholePrinter', () => {
  for (const [what, unlaid, bare] of [
    ['an edition put in unlaid, its folios left out', true, true],
    ['its folios left out', false, true],
    ['an edition put in unlaid', true, false],
    ['nothing asked before the print', false, false],
  ] as const) {
    it(`tells that the print has begun once the print is asked for, not before (${what})`, async () => {
      const log: string[] = [];
      const print: PrintPage = { page: slowPage(log), head: '', diagnostics: [], headDiagnostics: [], unlaid };
      const finishing = Promise.resolve({ loadPdf: () => Promise.resolve() } as never);
      const printer = wholePrinter(print, finishing, bare, () => log.push('begun'));
      const printed = await printer(true);
      expect(printed.pdf).toEqual(new Uint8Array([37, 80, 68, 70]));
      expect(log.filter((entry) => entry !== 'evaluate' && entry !== 'viewport').slice(0, 3)).toEqual([
        'pdf',
        'begun',
        'printed',
      ]);
      // Before the print: the edition displayed for the print alone (the viewport widened, then in
      // the same question as the folios' style), or the folios' style put in; each once.
      expect(log.slice(0, log.indexOf('pdf'))).toEqual(unlaid ? ['viewport', 'evaluate'] : bare ? ['evaluate'] : []);
      // After it, an unlaid edition hidden again, in the page's own viewport.
      if (unlaid)
        expect(log.slice(log.indexOf('printed') + 1, log.indexOf('printed') + 3).sort()).toEqual([
          'evaluate',
          'viewport',
        ]);
      // Told once, however many prints follow.
      await printer(true);
      expect(log.filter((entry) => entry === 'begun')).toHaveLength(1);
    });
  }
});

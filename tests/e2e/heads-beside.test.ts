// Running heads printed beside (src/print/pdf.ts HeadsBeside): a cold build printed in parts prints
// its heads in a browser of their own while the print page prints the pass after the measuring pass.
// Their PDF is stamped onto the edition: printed there or in the print page, the PDF must be the same
// bytes. Checked on the review (A4) and on the review in the Letter theme (a logo in the heads, font
// files, blank pages before right-hand chapter starts), printed in parts. In the print page, they
// print while the last pass's parts are joined.
import { describe, expect, it } from 'vitest';
import { coldReview, templatesWith } from '../support/cli.js';

/** A cold build of the review in parts, its heads printed beside (`1`) or in the print page (`0`). */
function cold(templates: string, beside: '0' | '1') {
  const { pdf, stderr } = coldReview(templates, { BRIEFING_PRINT_PARTS: '1', BRIEFING_HEADS_BESIDE: beside });
  return {
    pdf,
    printedBeside: /running heads printed beside/.test(stderr),
    // Where the heads began printing in the print page, and where the last pass's parts were joined.
    inPageAt: stderr.search(/running heads printing in the print page, free while the parts are joined/),
    inPageTimes: stderr.split('running heads printing in the print page').length - 1,
    joinedAt: stderr.lastIndexOf('parts joined'),
    drawn: /running heads drawn \(([^)]*)\)/.exec(stderr)?.[1],
    passes: [...stderr.matchAll(/pass (\d) printed in \d+ parts/g)].map((m) => Number(m[1])),
  };
}

describe('running heads printed beside the print page', () => {
  for (const [name, fixture] of [
    ['the review (A4)', undefined],
    ['the review on US Letter (logo, font files, blank pages before right-hand starts)', 'letter'],
  ] as const) {
    it(`${name}: the same PDF, byte for byte, as with the heads printed in the print page`, () => {
      const templates = templatesWith(fixture);
      const beside = cold(templates, '1');
      expect(beside.passes[0]).toBe(2);
      expect(beside.printedBeside).toBe(true);
      expect(beside.drawn).toBe('printed ahead');
      const inPage = cold(templates, '0');
      expect(inPage.printedBeside).toBe(false);
      // In the print page, they print while the last pass's parts are joined (not after), nor in the other.
      expect(inPage.inPageTimes).toBe(1);
      expect(inPage.inPageAt).toBeLessThan(inPage.joinedAt);
      expect(beside.inPageAt).toBe(-1);
      expect(inPage.drawn).toBe('printed ahead');
      expect(beside.pdf.equals(inPage.pdf)).toBe(true);
    }, 300_000);
  }
});

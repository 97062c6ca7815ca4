// Content streams marked in the parse worker (src/print/mark-thread.ts): the final print's streams and
// the running heads' folio streams, once Chromium has printed, on the other core. The same functions
// of the same bytes: the PDF must be the same bytes as with every stream marked in this process.
// Checked on the review (A4) and on the review in the Letter theme (a logo in the heads, font files,
// blank pages before right-hand chapter starts).
import { describe, expect, it } from 'vitest';
import { coldReview, templatesWith } from '../support/cli.js';

/** A cold build of the review, the parse worker running whatever the load, its streams marked there or not (`0`). */
function cold(templates: string, thread: '' | '0') {
  const { pdf, stderr } = coldReview(templates, { BRIEFING_PARSE_THREADS: '2', BRIEFING_MARK_THREAD: thread });
  return { pdf, inThread: /content streams marked in the parse worker/.test(stderr) };
}

describe('content streams marked in the parse worker', () => {
  for (const [name, fixture] of [
    ['the review (A4)', undefined],
    ['the review on US Letter (logo, font files, blank pages before right-hand starts)', 'letter'],
  ] as const) {
    it(`${name}: the same PDF, byte for byte, as with every stream marked in this process`, () => {
      const templates = templatesWith(fixture);
      const there = cold(templates, '');
      expect(there.inThread).toBe(true);
      const here = cold(templates, '0');
      expect(here.inThread).toBe(false);
      expect(there.pdf.equals(here.pdf)).toBe(true);
    }, 300_000);
  }
});

// Running heads printed beside (src/print/pdf.ts HeadsBeside): a cold build printed in parts prints
// its heads in a browser of their own while the print page prints the pass after the measuring pass.
// Their PDF is stamped onto the edition: printed there or in the print page, the PDF must be the same
// bytes. Checked on the review (A4) and on the review in the Letter theme (a logo in the heads, font
// files, blank pages before right-hand chapter starts), printed in parts.
import { describe, expect, it } from 'vitest';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, runCli, tempDir } from '../support/cli.js';

function templatesWith(fixture?: string): string {
  const dir = path.join(tempDir('briefing-heads-beside-'), 'templates');
  cpSync(path.join(ROOT, 'templates'), dir, { recursive: true });
  if (fixture) cpSync(path.join(ROOT, 'tests', 'fixtures', 'themes', fixture), dir, { recursive: true });
  return dir;
}

/** A cold build of the review in parts, its heads printed beside (`1`) or in the print page (`0`). */
function cold(templates: string, beside: '0' | '1') {
  const out = path.join(tempDir('briefing-heads-beside-'), 'out');
  const run = runCli(
    ['build', '--content', path.join(ROOT, 'content'), '--templates', templates, '--out', out, '--locale', 'en'],
    {
      env: {
        BRIEFING_TRACE: '1',
        BRIEFING_CACHE_DIR: 'off',
        BRIEFING_PRINT_PARTS: '1',
        BRIEFING_HEADS_BESIDE: beside,
        SOURCE_DATE_EPOCH: '1700000000',
      },
    },
  );
  expect(run.code, run.stderr).toBe(0);
  return {
    pdf: readFileSync(path.join(out, 'en', 'hr-review-2022.en.pdf')),
    printedBeside: /running heads printed beside/.test(run.stderr),
    drawn: /running heads drawn \(([^)]*)\)/.exec(run.stderr)?.[1],
    passes: [...run.stderr.matchAll(/pass (\d) printed in \d+ parts/g)].map((m) => Number(m[1])),
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
      expect(inPage.drawn).toBe('printed ahead');
      expect(beside.pdf.equals(inPage.pdf)).toBe(true);
    }, 300_000);
  }
});

import { describe, expect, it } from 'vitest';
import { MARK_RUN, replaceMarkRuns } from '../../src/print/stream-marks.js';

/** Each match with its groups, so that a different match or group shows. */
const shown = (whole: string, glyphs: string | undefined, gap: string | undefined, run: string) =>
  `[${whole}|${glyphs}|${gap}|${run}]`;

const viaPattern = (text: string) =>
  text.replace(MARK_RUN, (whole: string, glyphs: string | undefined, gap: string | undefined, run: string) =>
    shown(whole, glyphs, gap, run),
  );

const span = (td = '') => `/Span<</ActualText <feff200c> >> BDC\n${td}<0003> Tj\nEMC\n`;

describe('replaceMarkRuns', () => {
  it("finds MARK_RUN's matches: with the glyph string before a run, or the run alone", () => {
    const cases = [
      `<00470048> Tj\n${span('8.1 0 Td ')}${span()}ET\n`,
      `BT <0047> Tj ${span()}<0048> Tj\n\n${span()}${span()}${span()}`,
      // Not a glyph string right before the run (a Td between, no space, a previous run's end).
      `<0047> Tj 3 0 Td ${span()}`,
      `<0047> Tj${span()}`,
      `${span()}<0047> Tj ${span()}`,
      `<<0047> Tj ${span()}`,
      `<0047> TJ\t${span().toUpperCase()}`,
      `<> Tj ${span()}`,
      'no run here <0047> Tj',
      '',
    ];
    for (const text of cases) expect(replaceMarkRuns(text, shown), text).toBe(viaPattern(text));
  });

  it('agrees with MARK_RUN on random mixtures of glyphs, spans and stray bytes', () => {
    const pieces = [
      '<0041> Tj\n',
      '<00410042> Tj ',
      '<0041> TJ\n',
      '<0041>Tj\n',
      span(),
      span('-1.5 .2 Td\n'),
      span().replace('feff200c', 'FEFF200C'),
      span().trimEnd(),
      'ET\n',
      ' ',
      '\u00a0',
      '<',
      '>',
      '<<',
      'x',
    ];
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 5000; i += 1) {
      let text = '';
      for (let j = 1 + next(10); j > 0; j -= 1) text += pieces[next(pieces.length)];
      expect(replaceMarkRuns(text, shown), JSON.stringify(text)).toBe(viaPattern(text));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { MARK_RUN, replaceMarkRuns, unmarkedObjects } from '../../src/print/stream-marks.js';

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

/** A small linear congruential generator: the same mixtures every run. */
function mixer(seed: number) {
  return (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
}

describe('unmarkedObjects passing over marked content', () => {
  it('finds what is painted outside marked content, past strings, comments and images that hold EMC', () => {
    const marked = '/P <</MCID 0 >>BDC\nBT\n/F4 14 Tf\n1 0 0 -1 37 180 Tm\n(EMC) Tj\n% EMC\n<EMC> Tj\nET\n';
    const image = 'BI /W 1 /H 1 ID \x00 EMC \xff EI\n/EMC 1 xEMC EMCx 12EMC\n';
    const text = `${marked}${image}EMC\n37 1937 385 19 re\nf\nBT\n1 0 0 -1 900 3300 Tm\n<0014> Tj\nET\n`;
    const rule = text.indexOf('37 1937');
    const folio = text.lastIndexOf('BT');
    expect(unmarkedObjects(text)).toEqual([
      [rule, text.indexOf('f\n', rule) + 1],
      [folio, text.length - 1],
    ]);
    expect(unmarkedObjects(text, false)).toEqual(unmarkedObjects(text));
  });

  it('gives the ranges scanning every operation gives, on random mixtures of operators and operands', () => {
    const pieces = [
      '/P <</MCID 3 >>BDC\n',
      '/Span<</ActualText <feff200c> >> BDC\n',
      '/Artifact BMC\n',
      'EMC\n',
      'EMC',
      'BT\n',
      'ET\n',
      '<0041> Tj\n',
      '[<0041> -250 <0042>] TJ\n',
      "(a\\)b(c)) '\n",
      '(EMC) Tj\n',
      '% comment EMC\n',
      '12 0 Td ',
      '37 1937 385 19 re\nf\n',
      '10 10 m 20 20 l S\n',
      'n\n',
      '/X1 Do\n',
      '/Sh1 sh\n',
      'BI /W 1 /H 1 ID \x00EMC\xff EI\n',
      'BI /W 1 ID EMC EI\n',
      'q 1 0 0 1 0 0 cm\n',
      'Q\n',
      '<EMC>',
      '<a<b>',
      '<<',
      '>>',
      '>',
      '[',
      ']',
      '{',
      ')',
      'true ',
      '/EMC ',
      'xEMC ',
      'EMCx ',
      '12EMC ',
      'BDC',
      'BMC ',
      ' ',
      '\n',
      '\x0b',
      '\xa0',
      'f*\n',
    ];
    const next = mixer(11);
    for (let i = 0; i < 5000; i += 1) {
      let text = '';
      for (let j = 1 + next(30); j > 0; j -= 1) text += pieces[next(pieces.length)];
      expect(unmarkedObjects(text), JSON.stringify(text)).toEqual(unmarkedObjects(text, false));
    }
  });
});

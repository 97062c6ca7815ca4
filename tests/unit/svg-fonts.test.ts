// An SVG figure's text, set in Briefing's own fonts declared inside the SVG (svg-fonts.ts).
import { describe, expect, it } from 'vitest';
import { SaxesParser } from 'saxes';
import { svgWithFonts } from '../../src/pipeline/svg-fonts.js';

const faces = (svg: string) =>
  [
    ...svg.matchAll(
      /@font-face\{font-family:"([^"]+)";font-weight:(\d+);src:url\(data:font\/woff;base64,[^)]+\) format\(.woff.\);unicode-range:[^}]*\}/g,
    ),
  ].map(([, family, weight]) => `${family} ${weight}`);
const wellFormed = (svg: string) => {
  const parser = new SaxesParser();
  parser.write(svg).close(); // throws on an XML error
  return true;
};

describe('svgWithFonts', () => {
  it('leaves an SVG without text as it is', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>';
    expect(svgWithFonts(svg)).toBe(svg);
  });

  it('declares each named family in the PT font of its kind, generic keywords respelled, a fallback last', () => {
    const out = svgWithFonts(
      `<svg xmlns="http://www.w3.org/2000/svg"><text font-family="Arial, sans-serif">a</text>` +
        `<text style="font-size:3px;font-family:'Courier New'">b</text><text style='font-family:serif'>c</text></svg>`,
    );
    expect(wellFormed(out)).toBe(true);
    expect(out).toContain('<text font-family="Arial, Briefing SVG Sans">');
    expect(out).toContain(`style="font-size:3px;font-family:'Courier New', Briefing SVG Mono"`);
    expect(out).toContain(`style='font-family:Briefing SVG Serif'`);
    expect(faces(out).sort()).toEqual(
      [
        'Arial 400',
        'Briefing SVG Mono 400',
        'Briefing SVG Sans 400',
        'Briefing SVG Serif 400',
        'Courier New 400',
      ].sort(),
    );
    // Arial is drawn with PT Sans, Courier New with PT Mono: the same data as Briefing's own names.
    const data = (family: string) => new RegExp(`font-family:"${family}";[^}]*base64,([^)]{40})`).exec(out)![1];
    expect(data('Arial')).toBe(data('Briefing SVG Sans'));
    expect(data('Courier New')).toBe(data('Briefing SVG Mono'));
  });

  it("keeps a style attribute whole when a quoted name is followed by the attribute's end (LibreOffice's 'Arial, sans-serif')", () => {
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg"><text><tspan style="font-weight:400;font-family:'Arial, sans-serif'">` +
      `<tspan style="fill:#000000;stroke:none">Users</tspan></tspan></text></svg>`;
    const out = svgWithFonts(svg);
    expect(wellFormed(out)).toBe(true);
    expect(out).toContain(`font-family:'Arial, sans-serif', Briefing SVG Sans"`);
    expect(out).toContain('style="fill:#000000;stroke:none"');
    expect(faces(out)).toContain('Arial, sans-serif 400');
  });

  it('embeds bold faces only for bold text, and the Cyrillic subset only for Cyrillic text', () => {
    const plain = faces(svgWithFonts('<svg><text font-family="Arial">Region</text></svg>'));
    expect(plain).toEqual(['Briefing SVG Serif 400', 'Arial 400', 'Briefing SVG Sans 400']);
    const bold = svgWithFonts('<svg><text font-family="Arial" font-weight="bold">Регион</text></svg>');
    expect(faces(bold).filter((f) => f.startsWith('Arial'))).toEqual([
      'Arial 400',
      'Arial 700',
      'Arial 400',
      'Arial 700',
    ]);
    expect(bold.match(/unicode-range:U\+0400-045F/g)).toHaveLength(6);
  });
});

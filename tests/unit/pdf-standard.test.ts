// The pieces of PDF/UA-1 + PDF/A-2 output that can be read without a browser: the standard's names,
// the XMP identification, the sRGB profile's bytes, and which painting operators are wrapped as
// artifacts in a content stream (tests/e2e/standards.test.ts proves the whole with veraPDF).
import { describe, expect, it } from 'vitest';
import { parseStandard, standardLabel } from '../../src/config/pdf-standard.js';
import { xmpPacket } from '../../src/print/metadata.js';
import { srgbProfile } from '../../src/print/icc.js';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRef, type PDFRawStream } from 'pdf-lib';
import {
  markUntaggedArtifacts,
  rewriteLineEnds,
  textPlaces,
  unmarkedObjects,
  type StreamMemo,
} from '../../src/print/artifacts.js';
import { keepStreams, lastStreams } from '../../src/print/artifact-cache.js';
import { uniqueSubsetNames } from '../../src/print/font-names.js';
import { cacheWritten, readCacheBytes, writeCacheFile } from '../../src/cache.js';
import { fromHtml } from 'hast-util-from-html';
import { select } from 'hast-util-select';
import { chapterHtml } from '../../src/render/html.js';

describe('pdf.standard', () => {
  it('reads one standard, or PDF/UA-1 with one PDF/A level, or none', () => {
    expect(parseStandard('ua-1+a-2a')).toEqual({ ua: 1, a: 'a' });
    expect(parseStandard('A-2U')).toEqual({ a: 'u' });
    expect(parseStandard('a-2b + ua-1')).toEqual({ ua: 1, a: 'b' });
    expect(parseStandard('none')).toEqual({});
    for (const bad of ['a-3b', 'ua-2', 'a-2a+a-2b', 'none+ua-1', '', 'ua-1+ua-1'])
      expect(parseStandard(bad), bad).toBeUndefined();
    expect(standardLabel({ ua: 1, a: 'a' })).toBe('PDF/UA-1 + PDF/A-2a');
  });
});

describe('XMP identification', () => {
  const meta = { title: 'T', author: 'A', keywords: [], language: 'en', date: new Date(0) };
  const id = '0123456789abcdef0123456789abcdef';

  it('names PDF/A-2 level and PDF/UA-1, and declares pdfuaid in a PDF/A extension schema', () => {
    const xmp = xmpPacket({ ...meta, standard: { ua: 1, a: 'a' } }, id);
    expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>A</pdfaid:conformance>');
    expect(xmp).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(xmp).toContain('<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>');
  });

  it('claims nothing without a standard, and no extension schema for PDF/UA alone', () => {
    expect(xmpPacket(meta, id)).not.toMatch(/pdfa?u?id:|pdfaExtension/);
    const ua = xmpPacket({ ...meta, standard: { ua: 1 } }, id);
    expect(ua).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(ua).not.toMatch(/pdfaid:|pdfaExtension/);
  });
});

describe('sRGB ICC profile', () => {
  const icc = srgbProfile();
  const view = new DataView(icc.buffer, icc.byteOffset, icc.byteLength);
  const ascii = (at: number) => String.fromCharCode(...icc.subarray(at, at + 4));

  it('is an ICC version 2 RGB display profile whose header gives its own size', () => {
    expect(view.getUint32(0)).toBe(icc.length);
    expect(view.getUint8(8)).toBe(2);
    expect([ascii(12), ascii(16), ascii(20), ascii(36)]).toEqual(['mntr', 'RGB ', 'XYZ ', 'acsp']);
  });

  it('has the tags a matrix/TRC profile needs, inside the file, with the sRGB curve', () => {
    const count = view.getUint32(128);
    const tags = new Map<string, { offset: number; size: number }>();
    for (let i = 0; i < count; i += 1) {
      const at = 132 + i * 12;
      tags.set(ascii(at), { offset: view.getUint32(at + 4), size: view.getUint32(at + 8) });
    }
    expect([...tags.keys()].sort()).toEqual(
      ['bTRC', 'bXYZ', 'cprt', 'desc', 'gTRC', 'gXYZ', 'rTRC', 'rXYZ', 'wtpt'].sort(),
    );
    for (const { offset, size } of tags.values()) expect(offset + size).toBeLessThanOrEqual(icc.length);
    const trc = tags.get('rTRC')!.offset;
    expect(ascii(trc)).toBe('curv');
    const points = view.getUint32(trc + 8);
    expect(view.getUint16(trc + 12)).toBe(0);
    expect(view.getUint16(trc + 12 + (points - 1) * 2)).toBe(65535);
    // Mid grey (sRGB 0.5) is 21.4 % linear light.
    expect(view.getUint16(trc + 12 + Math.round((points - 1) / 2) * 2) / 65535).toBeCloseTo(0.214, 2);
    // Red's Y + green's Y + blue's Y = white's Y (1.0).
    const y = (tag: string) => view.getInt32(tags.get(tag)!.offset + 12) / 65536;
    expect(y('rXYZ') + y('gXYZ') + y('bXYZ')).toBeCloseTo(1, 3);
  });
});

describe('unmarked painting in a content stream', () => {
  const wrapped = (stream: string) => unmarkedObjects(stream).map(([s, e]) => stream.slice(s, e));

  it('wraps unmarked text objects, painted paths, XObjects and shadings; not tagged content or clips', () => {
    const stream = [
      'q 1 0 0 1 0 0 cm',
      'BT /F1 12 Tf 1 0 0 -1 10 20 Tm <0017> Tj ET',
      '/P <</MCID 0>> BDC BT /F1 12 Tf (tagged) Tj ET 0 0 5 5 re f EMC',
      '0 0 100 100 re W* n',
      '1 0 0 rg 10 10 m 20 20 l 30 10 l f',
      '/Im1 Do /Sh1 sh',
      'Q',
    ].join('\n');
    expect(wrapped(stream)).toEqual([
      'BT /F1 12 Tf 1 0 0 -1 10 20 Tm <0017> Tj ET',
      '10 10 m 20 20 l 30 10 l f',
      '/Im1 Do',
      '/Sh1 sh',
    ]);
  });

  it('reads strings, names and inline images as operands, not operators', () => {
    const stream = [
      'BT (a \\) BT \\( ET) Tj ET',
      '/Span <</ActualText (EMC\\)) /MCID 1>> BDC BT [(x) -20 (y)] TJ ET EMC',
      'BI /W 1 /H 1 /BPC 8 /CS /G ID \u00ff EMC EI',
      '/Name#20ET gs',
    ].join('\n');
    expect(wrapped(stream)).toEqual(['BT (a \\) BT \\( ET) Tj ET', 'BI /W 1 /H 1 /BPC 8 /CS /G ID \u00ff EMC EI']);
  });

  it('inside a text object that holds marked content, wraps only the unmarked showing operators', () => {
    const stream = 'BT /F1 9 Tf /P <</MCID 2>> BDC (a) Tj EMC (folio) Tj ET';
    expect(wrapped(stream)).toEqual(['(folio) Tj']);
  });
});

describe('line ends marked in the print DOM (line-ends.ts), read right in the content stream', () => {
  // As Skia writes them: a cluster of a letter and a ZWJ; a ZWNJ's zero-width glyph, alone in a span.
  const zwnj = (td = '') => `/Span<</ActualText <feff200c> >> BDC\n${td}<0003> Tj\nEMC\n`;

  it("a letter with a joiner → the letter and a space, the joiner's invisible glyph dropped; a lone joiner is left", () => {
    // The joiner's glyph (the space glyph, zero advance in the layout, a space's /W width) made
    // readers' word boxes end past the margin; the letter's Td and glyph stay.
    const stream = '7.3 0 Td /Span<</ActualText <feff0064200d> >> BDC\n<00470003> Tj\nEMC\nET\n';
    expect(rewriteLineEnds(stream)).toBe('7.3 0 Td /Span<</ActualText <feff00640020> >> BDC\n<0047> Tj\nEMC\nET\n');
    const apart = '/Span<</ActualText <feff0064200d> >> BDC\n5.7 0 Td <0047> Tj\n6.1 0 Td <0003> Tj\nEMC\nET\n';
    expect(rewriteLineEnds(apart)).toBe(
      '/Span<</ActualText <feff00640020> >> BDC\n5.7 0 Td <0047> Tj\n6.1 0 Td \nEMC\nET\n',
    );
    // Fewer glyphs than characters (é set as one glyph, an emoji sequence): which is the joiner's is
    // not known, so every glyph stays.
    const composed = '/Span<</ActualText <feff00650301200d> >> BDC <00470003> Tj EMC ';
    expect(rewriteLineEnds(composed)).toBe(composed.replace('0301200d', '03010020'));
    const emoji = '/Span<</ActualText <feffd83dde00200d> >> BDC <0101> Tj EMC ';
    expect(rewriteLineEnds(emoji)).toContain('<feffd83dde000020>');
    const alone = '/Span<</ActualText <feff200d> >> BDC <0003> Tj EMC ';
    expect(rewriteLineEnds(alone)).toBe(alone);
  });

  it('two non-joiners → a space and nothing; three after a hyphen → the hyphen glyph read as U+00AD', () => {
    const wrap = `<00470048> Tj\n${zwnj('8.1 0 Td ')}${zwnj('0 0 Td ')}ET\n`;
    expect(rewriteLineEnds(wrap)).toBe(
      `<00470048> Tj\n${zwnj('8.1 0 Td ').replace('<feff200c>', '<feff0020>')}${zwnj('0 0 Td ').replace('<feff200c>', '()')}ET\n`,
    );
    const hyphen = `<005300550048 0010> Tj\n${zwnj()}${zwnj()}${zwnj('0 0 Td ')}ET\n`.replace(' 0010', '0010');
    const read = rewriteLineEnds(hyphen);
    expect(read).toContain('<005300550048> Tj /Span<</ActualText <feff00ad> >> BDC <0010> Tj EMC');
    expect(read.match(/<feff200c>/g)).toBeNull();
    expect(read.match(/ActualText \(\)/g)).toHaveLength(3);
    // A hyphen shown alone (justified text: a Td before each glyph) is wrapped alone.
    const alone = `7.3 0 Td <0010> Tj\n${zwnj()}${zwnj()}${zwnj()}`;
    expect(rewriteLineEnds(alone)).toMatch(/^7\.3 0 Td \/Span<<\/ActualText <feff00ad> >> BDC <0010> Tj EMC/);
  });

  it('a single non-joiner (in the text itself, as in Persian) and runs of four stay as they are', () => {
    for (const stream of [`<0047> Tj\n${zwnj()}<0048> Tj\n`, `<0047> Tj\n${zwnj().repeat(4)}`])
      expect(rewriteLineEnds(stream)).toBe(stream);
  });
});

describe('where unmarked text stands', () => {
  it('finds text in the top and bottom bands through q, Q and cm (Chromium draws in a flipped, scaled space)', () => {
    const stream = [
      '.24 0 0 -.24 0 842 cm',
      'q 3.125 0 0 3.125 0 0 cm BT /F1 9 Tf 1 0 0 -1 390 1082 Tm <0017> Tj ET Q',
      'q 3.125 0 0 3.125 0 0 cm BT 1 0 0 -1 100 40 Tm (head) Tj ET Q',
      'BT 1 0 0 -1 100 1700 Tm (body) Tj ET',
    ].join('\n');
    const places = textPlaces(stream, 842);
    const at = (word: string) => places.get(stream.lastIndexOf('BT', stream.indexOf(word)));
    expect(at('<0017>')).toBe('footer');
    expect(at('(head)')).toBe('header');
    expect(at('(body)')).toBeUndefined();
  });
});

describe('content streams rewritten once: what the last build made of the same bytes is reused', () => {
  /** A one-page PDF whose content stream (deflated, as Chromium writes it) has an unmarked folio. */
  async function pdfWithFolio(folio: string): Promise<PDFDocument> {
    const doc = await PDFDocument.create();
    const page = doc.addPage([595, 842]);
    const body = `/P <</MCID 0>> BDC BT 1 0 0 1 72 400 Tm <0041> Tj ET EMC BT 1 0 0 1 290 20 Tm <${folio}> Tj ET`;
    const stream = doc.context.flateStream(body);
    page.node.set(PDFName.of('Contents'), doc.context.register(stream));
    return doc;
  }

  const contentOf = (doc: PDFDocument) => {
    const stream = doc.context.lookup(doc.getPage(0).node.get(PDFName.of('Contents'))) as PDFRawStream;
    return inflateSync(stream.contents).toString('latin1');
  };

  it('rewrites a stream, remembers it by its bytes, and gives the remembered bytes to the same stream again', async () => {
    const found: StreamMemo = new Map();
    const first = await pdfWithFolio('0017');
    expect(await markUntaggedArtifacts(first, new Map(), found)).toBe(1);
    expect(contentOf(first)).toContain('/Artifact <</Type /Pagination /Subtype /Footer>> BDC BT 1 0 0 1 290 20 Tm');
    expect(found.size).toBe(1);
    // The same bytes again: what was remembered is used as it is (marked here to tell it apart).
    const [key] = [...found.keys()];
    const marked = new Map([[key!, new Uint8Array(deflateSync('/Artifact BMC (remembered) Tj EMC'))]]);
    const again = await pdfWithFolio('0017');
    expect(await markUntaggedArtifacts(again, marked)).toBe(1);
    expect(contentOf(again)).toBe('/Artifact BMC (remembered) Tj EMC');
    // Other bytes (another folio) are read afresh.
    const other = await pdfWithFolio('0018');
    await markUntaggedArtifacts(other, marked);
    expect(contentOf(other)).toContain('Footer>> BDC BT 1 0 0 1 290 20 Tm <0018> Tj ET EMC');
  });

  it('keeps them in the cache folder per PDF, sealed; another version of the code or an edited file is a miss', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'briefing-artifact-cache-'));
    const before = process.env.BRIEFING_CACHE_DIR;
    process.env.BRIEFING_CACHE_DIR = dir;
    try {
      const found: StreamMemo = new Map();
      await markUntaggedArtifacts(await pdfWithFolio('0017'), new Map(), found);
      keepStreams('/out/a.pdf', found, new Map());
      await cacheWritten();
      const kept = lastStreams('/out/a.pdf');
      expect([...kept.keys()]).toEqual([...found.keys()]);
      expect(Buffer.from(kept.values().next().value!)).toEqual(Buffer.from(found.values().next().value!));
      expect(lastStreams('/out/b.pdf').size).toBe(0);
      const [file] = readdirSync(dir).filter((f) => f.startsWith('artifacts-'));
      const bytes = readCacheBytes(path.join(dir, file!))!;
      const index = bytes
        .subarray(0, bytes.indexOf(10))
        .toString()
        .replace(/"version":"[0-9a-f]+"/, '"version":"old"');
      writeCacheFile(path.join(dir, file!), Buffer.concat([Buffer.from(index), bytes.subarray(bytes.indexOf(10))]));
      expect(lastStreams('/out/a.pdf').size).toBe(0);
      writeFileSync(
        path.join(dir, file!),
        readFileSync(path.join(dir, file!), 'latin1').replace('old', 'new'),
        'latin1',
      );
      expect(lastStreams('/out/a.pdf').size).toBe(0);
    } finally {
      if (before === undefined) delete process.env.BRIEFING_CACHE_DIR;
      else process.env.BRIEFING_CACHE_DIR = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a change of language inside a paragraph, in print', () => {
  it('puts an inline element with lang into the accessibility tree (role generic), so Chromium writes its /Lang', () => {
    const tree = fromHtml(
      '<p>Текст <span lang="en">English</span>, <i lang="de">Wort</i>, <em lang="fr">mot</em></p>',
      {
        fragment: true,
      },
    );
    const print = fromHtml(chapterHtml(tree, 'print', 'ru'), { fragment: true });
    expect(select('span[lang=en]', print)?.properties.role).toBe('generic');
    expect(select('i[lang=de]', print)?.properties.role).toBe('generic');
    // <em> is in the tree already (Chromium writes Em with /Lang): left alone.
    expect(select('em[lang=fr]', print)?.properties.role).toBeUndefined();
    // The web edition needs nothing of the kind.
    const screen = fromHtml(chapterHtml(tree, 'screen', 'ru'), { fragment: true });
    expect(select('span[lang=en]', screen)?.properties.role).toBeUndefined();
  });
});

describe('font subset names (ISO 32000-1 9.6.4: one tag per subset)', () => {
  /** A Type0 font over a CIDFont and its descriptor, all named `name`, as Skia writes them. */
  const font = (doc: PDFDocument, name: string) => {
    const descriptor = doc.context.register(doc.context.obj({ Type: 'FontDescriptor', FontName: name }));
    const cid = doc.context.register(
      doc.context.obj({ Type: 'Font', Subtype: 'CIDFontType2', BaseFont: name, FontDescriptor: descriptor }),
    );
    const type0 = doc.context.register(
      doc.context.obj({ Type: 'Font', Subtype: 'Type0', BaseFont: name, DescendantFonts: [cid] }),
    );
    return [type0, cid, descriptor].map((ref) => doc.context.lookup(ref) as never as { get(k: PDFName): unknown });
  };
  const name = (dict: { get(k: PDFName): unknown }, key: string) => String(dict.get(PDFName.of(key)));

  it("renames a second subset of the same name (the running heads' print) to a free tag, everywhere it is named", async () => {
    const doc = await PDFDocument.create();
    const first = font(doc, 'AAAAAA+PTSans-Regular');
    const other = font(doc, 'BAAAAA+PTSerif-Regular');
    const second = font(doc, 'AAAAAA+PTSans-Regular');
    expect(uniqueSubsetNames(doc)).toBe(1);
    expect(first.map((d, i) => name(d, i === 2 ? 'FontName' : 'BaseFont'))).toEqual(
      Array(3).fill('/AAAAAA+PTSans-Regular'),
    );
    expect(name(other[2]!, 'FontName')).toBe('/BAAAAA+PTSerif-Regular');
    expect(second.map((d, i) => name(d, i === 2 ? 'FontName' : 'BaseFont'))).toEqual(
      Array(3).fill('/CAAAAA+PTSans-Regular'),
    );
    // Names already apart: nothing changes.
    expect(uniqueSubsetNames(doc)).toBe(0);
  });

  it('keeps the name of the subset with the lowest object number, whatever order the objects were stored in', async () => {
    const doc = await PDFDocument.create();
    const later = doc.context.obj({ Type: 'FontDescriptor', FontName: 'AAAAAA+PTSans-Regular' });
    const earlier = doc.context.obj({ Type: 'FontDescriptor', FontName: 'AAAAAA+PTSans-Regular' });
    doc.context.assign(PDFRef.of(900), later);
    doc.context.assign(PDFRef.of(800), earlier);
    expect(uniqueSubsetNames(doc)).toBe(1);
    expect(name(earlier, 'FontName')).toBe('/AAAAAA+PTSans-Regular');
    expect(name(later, 'FontName')).toBe('/BAAAAA+PTSans-Regular');
  });
});

describe("a link's /Contents (tagging.ts)", () => {
  it('is the hex string pdf-lib writes for the same text, astral letters and lone surrogates included', async () => {
    const { PDFHexString } = await import('pdf-lib');
    const { utf16Hex } = await import('../../src/print/tagging.js');
    for (const text of ['', 'Abbott 1990, 14', 'Қазақстан ≥ 5 %', 'emoji 😀 and \ud800 alone', '\u00ff\u0100\uffff'])
      expect(utf16Hex(text).toString()).toBe(PDFHexString.fromText(text).toString());
  });
});

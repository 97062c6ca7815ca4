import { describe, expect, it } from 'vitest';
import {
  PDFArray,
  PDFBool,
  PDFCrossRefSection,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFString,
  StandardFonts,
} from 'pdf-lib';
import { crossReferences, objectText, writeAgain, writePdf } from '../../src/print/pdf-writer.js';
import { nameText } from '../../src/print/destinations.js';

const PDFLIB_SAVE = { useObjectStreams: false, objectsPerTick: Infinity } as const;

/** A document with every kind of object pdf-lib writes: content, font, binary and flate streams, escapes. */
async function varied(): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const text of ['First (page) \\ one', 'Second — page']) {
    const page = doc.addPage([300, 200]);
    page.drawText(text.replace('—', '-'), { x: 20, y: 100, size: 12.5, font });
  }
  const context = doc.context;
  const binary = PDFRawStream.of(
    context.obj({ Filter: 'Nothing' }),
    Uint8Array.from({ length: 256 }, (_, i) => i),
  );
  const flate = context.flateStream('q 1 0 0 1 0 0 cm Q', { Type: 'XObject' });
  const dict = context.obj({
    Literal: PDFString.of('a (nested) string with \\\\ a backslash'),
    Hex: PDFHexString.fromText('Қазақстан ≥ 5 %'),
    'Name With Space#': PDFName.of('odd/name (1)'),
    Numbers: [0, -1, 0.5, 1e-7, 123456789.25, PDFNumber.of(3.14159)],
    Flags: [PDFBool.True, PDFBool.False, PDFNull],
    Nested: { Deeper: [[1, 2], { X: 'Y' }] },
    Binary: context.register(binary),
    Flate: context.register(flate),
  });
  doc.catalog.set(PDFName.of('Extra'), context.register(dict));
  context.trailerInfo.ID = PDFArray.withContext(context);
  (context.trailerInfo.ID as PDFArray).push(PDFHexString.of('00ff'));
  return doc;
}

describe('writePdf', () => {
  it('writes the bytes pdf-lib writes without object streams', async () => {
    const doc = await varied();
    const ours = await writePdf(doc);
    const theirs = await doc.save(PDFLIB_SAVE);
    expect(ours.length).toBe(theirs.length);
    expect(Buffer.from(ours).equals(Buffer.from(theirs))).toBe(true);
  });

  it('writes a document read back from bytes as pdf-lib does, and it reads again', async () => {
    const read = await PDFDocument.load(await (await varied()).save(PDFLIB_SAVE), { updateMetadata: false });
    const ours = await writePdf(read);
    expect(Buffer.from(ours).equals(Buffer.from(await read.save(PDFLIB_SAVE)))).toBe(true);
    const again = await PDFDocument.load(ours, { updateMetadata: false });
    expect(again.getPageCount()).toBe(2);
    expect(again.catalog.get(PDFName.of('Extra'))).toBeDefined();
  });
});

describe('writeAgain', () => {
  it('gives the bytes of a fresh write after objects changed (named) and were added, the others taken as they were', async () => {
    const doc = await varied();
    const before = await writeAgain(doc);
    expect(Buffer.from(before.bytes).equals(Buffer.from(await writePdf(doc)))).toBe(true);
    const root = doc.context.trailerInfo.Root as PDFRef;
    doc.catalog.set(
      PDFName.of('Added'),
      doc.context.register(doc.context.obj({ Type: 'Metadata', Long: 'x'.repeat(50) })),
    );
    const [, , third] = doc.context.enumerateIndirectObjects();
    const changed = third![1] as unknown as { set?: (k: PDFName, v: unknown) => void };
    changed.set?.(PDFName.of('Changed'), PDFNumber.of(12345));
    doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of('ab'), PDFHexString.of('ab')]);
    const again = await writeAgain(doc, before, [root, third![0]]);
    const fresh = await writeAgain(doc);
    expect(Buffer.from(again.bytes).equals(Buffer.from(fresh.bytes))).toBe(true);
    expect(again.offsets).toEqual(fresh.offsets);
    expect(again.xref).toBe(fresh.xref);
    // (Not naming a changed object keeps its old bytes: the test would see it.)
    const stale = await writeAgain(doc, before, [third![0]]);
    expect(Buffer.from(stale.bytes).equals(Buffer.from(fresh.bytes))).toBe(false);
  });
});

describe('objectText', () => {
  it("writes every object as pdf-lib's toString does", async () => {
    const doc = await varied();
    for (const [, object] of doc.context.enumerateIndirectObjects()) {
      const dict = object instanceof PDFRawStream ? object.dict : object;
      expect(objectText(dict)).toBe(dict.toString());
    }
  });
});

describe('crossReferences', () => {
  it('writes the section pdf-lib writes, a subsection for each run of numbers', () => {
    const runs = [[1, 2, 3], [1, 3, 4, 9], [2], [], [1, 70000]];
    for (const numbers of runs) {
      const section = PDFCrossRefSection.create();
      const offsets = numbers.map((n, i): [PDFRef, number] => [PDFRef.of(n, n === 4 ? 2 : 0), 15 + i * 1234567]);
      for (const [ref, offset] of offsets) section.addEntry(ref, offset);
      expect(crossReferences(offsets)).toBe(section.toString());
    }
  });

  it('writes a file with a deleted object as pdf-lib does', async () => {
    const doc = await varied();
    const [, second] = doc.context.enumerateIndirectObjects();
    doc.context.delete(second![0]);
    expect(Buffer.from(await writePdf(doc)).equals(Buffer.from(await doc.save(PDFLIB_SAVE)))).toBe(true);
  });
});

describe('nameText', () => {
  it("reads a name as pdf-lib's decodeText does, with or without escapes", () => {
    for (const text of ['lc-12-end', 'sec-1.2_x', 'odd/name (1)', 'a#b', 'Қаз', '%D0%9A', 'x y'])
      expect(nameText(PDFName.of(text))).toBe(PDFName.of(text).decodeText());
  });
});

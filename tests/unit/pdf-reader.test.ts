import { describe, expect, it } from 'vitest';
import { PDFDocument, PDFName, PDFRef, PDFString, ParseSpeeds, StandardFonts } from 'pdf-lib';
import { readPdf, readPlain } from '../../src/print/pdf-reader.js';

const SAVE = { useObjectStreams: false, objectsPerTick: Infinity } as const;

/** What pdf-lib's own parser makes of the bytes, written out; readPdf must give the same. */
async function pdfLibReads(bytes: Uint8Array): Promise<Buffer> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  return Buffer.from(await doc.save(SAVE));
}

async function weRead(bytes: Uint8Array): Promise<Buffer> {
  return Buffer.from(await (await readPdf(bytes)).save(SAVE));
}

/** A file as Skia writes one, with what a reader must get right: comments, escapes, odd spacing. */
function handWritten(): Uint8Array {
  const objects = [
    '<</Type /Catalog /Pages 2 0 R /Extra 4 0 R>>',
    '<</Type /Pages /Kids [3 0 R] /Count 1>>',
    '<</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792.5] /Contents 5 0 R>>',
    [
      '<< % a comment inside a dictionary',
      '/Literal (a \\) paren, a (nested (deeper)) one, \\\\ and \\( an escaped open)',
      '/Hex <48 65 6c6C6f>',
      '/Name#20With#23Escapes /odd#2Fname',
      '/Numbers [-1 +2 .5 -.25 3. 0.000001 1 0 R 7]',
      '/Flags [true false null]',
      '/Nested << /Deeper [[1 2] << /X (Y) >>] >>',
      '/Empty () /EmptyHex <> /EmptyArray [] /EmptyDict <<>>',
      '>>',
    ].join('\n'),
    '<</Length 17>>\nstream\r\nBT (endobj) Tj ET\nendstream',
  ];
  let text = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(text.length);
    text += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) text += `${String(offset).padStart(10, '0')} 00000 n \n`;
  text += `trailer\n<</Size ${objects.length + 1}\n/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF`;
  return Buffer.from(text, 'latin1');
}

async function madeByPdfLib(useObjectStreams: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < 3; i += 1) doc.addPage([200, 100]).drawText(`Page (${i}) \\`, { x: 10, y: 50, font, size: 9.5 });
  doc.setTitle('Қазақстан ≥ 5 %');
  doc.catalog.set(PDFName.of('Odd Key'), PDFString.of('x ( y ) z'));
  return doc.save({ useObjectStreams });
}

describe('readPdf', () => {
  it('reads a file as Skia writes them into the objects pdf-lib reads', async () => {
    const bytes = handWritten();
    expect(readPlain(bytes)).toBeDefined();
    expect((await weRead(bytes)).equals(await pdfLibReads(bytes))).toBe(true);
    const doc = await readPdf(bytes);
    const extra = doc.catalog.lookup(PDFName.of('Extra'));
    expect(String(extra)).toContain('/Name#20With#23Escapes');
    expect(String(extra)).toContain('(a \\) paren, a (nested (deeper)) one, \\\\ and \\( an escaped open)');
    expect(doc.getPageCount()).toBe(1);
  });

  it('reads numbers, references, names and white space as pdf-lib does on every path', async () => {
    // Digits only (read without a regex), and what goes to the regex: signs, points, 16+ digits,
    // a sign right after digits (not a number: pdf-lib reads that file itself), comments anywhere.
    const body = [
      '<</Type /Catalog /Pages 2 0 R /Odd 4 0 R>>',
      '<</Type /Pages /Kids [3 0 R] /Count 1>>',
      '<</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]>>',
      [
        '<</A [007 0 1 2 0 R 3 0 4 0 R5 1234567890123456 -0 +0 0. 00.5]',
        '/B [1 %c\n 0 %d\n R 2\t\f\r\n0\0R 3 1 R]/C/x/D/#41b/E 2 0 R/F<</G 1>>/H[/a/b]',
        '/I 5%c\n/J [6]>>',
      ].join('\n'),
    ];
    let text = '%PDF-1.7\n';
    // Object headers with the blanks Skia never writes but OBJECT_HEADER allows.
    const headers = ['1 0 obj', '2  0\r\nobj', '3\t0obj', '4\n0 \nobj'];
    body.forEach((object, i) => {
      text += `${headers[i]}\n${object}\nendobj\n`;
    });
    text += `trailer\n<</Size ${body.length + 1} /Root 1 0 R>>\n%%EOF`;
    const bytes = Buffer.from(text, 'latin1');
    expect(readPlain(bytes)).toBeDefined();
    expect((await weRead(bytes)).equals(await pdfLibReads(bytes))).toBe(true);
    const signed = Buffer.from(text.replace('/J [6]', '/J [6-1]'), 'latin1');
    expect(readPlain(signed)).toBeUndefined();
    // A comment inside an object header: not a header to OBJECT_HEADER, so pdf-lib reads the file.
    expect(readPlain(Buffer.from(text.replace('2  0\r\nobj', '2 %c\n0 obj'), 'latin1'))).toBeUndefined();
  });

  it('reads true, false and null wherever a value stands, and hands a bare word to pdf-lib', async () => {
    const file = (odd: string) => {
      const body = [
        '<</Type /Catalog /Pages 2 0 R /Odd 4 0 R>>',
        '<</Type /Pages /Kids [3 0 R] /Count 1>>',
        '<</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]>>',
        odd,
      ];
      let text = '%PDF-1.7\n';
      body.forEach((object, i) => {
        text += `${i + 1} 0 obj\n${object}\nendobj\n`;
      });
      text += `trailer\n<</Size ${body.length + 1} /Root 1 0 R>>\n%%EOF`;
      return Buffer.from(text, 'latin1');
    };
    const keywords = file('<</T true/F false/N null/A [true false null]/B[null/n 1 true]/C<</D false>>/E /null>>');
    expect(readPlain(keywords)).toBeDefined();
    expect((await weRead(keywords)).equals(await pdfLibReads(keywords))).toBe(true);
    expect(String((await readPdf(keywords)).context.lookup(PDFRef.of(4)))).toContain('/A [ true false null ]');
    // A word that is no keyword is nothing this reader knows: pdf-lib reads the file.
    for (const word of ['nothing', 'fals', 'tru']) expect(readPlain(file(`<</W ${word}>>`)), word).toBeUndefined();
  });

  it('reads what pdf-lib writes, and files it does not read itself through pdf-lib', async () => {
    for (const useObjectStreams of [false, true]) {
      const bytes = await madeByPdfLib(useObjectStreams);
      // Object streams are pdf-lib's to read.
      expect(readPlain(bytes) === undefined).toBe(useObjectStreams);
      expect((await weRead(bytes)).equals(await pdfLibReads(bytes))).toBe(true);
      expect((await readPdf(bytes)).getTitle()).toBe('Қазақстан ≥ 5 %');
    }
  });

  it('hands a stream without a direct length to pdf-lib, which finds its end', async () => {
    const text = Buffer.from(handWritten()).toString('latin1').replace('<</Length 17>>', '<</Length 6 0 R>>');
    const bytes = Buffer.from(text, 'latin1');
    expect(readPlain(bytes)).toBeUndefined();
    expect((await weRead(bytes)).equals(await pdfLibReads(bytes))).toBe(true);
  });

  it('fails on a file that is no PDF as pdf-lib fails', async () => {
    const bytes = Buffer.from('not a pdf at all');
    expect(readPlain(bytes)).toBeUndefined();
    await expect(readPdf(bytes)).rejects.toThrow(/header/i);
  });
});

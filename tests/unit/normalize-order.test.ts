// Structure element IDs renumbered in object-number order (print/normalize.ts), whatever order the
// objects were stored in, with the table cells' /Headers following their header cells.
import { describe, expect, it } from 'vitest';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFString } from 'pdf-lib';
import { normalizeStructureIds } from '../../src/print/normalize.js';

describe('normalizeStructureIds', () => {
  it('numbers elements by object number and follows them in /Headers', async () => {
    const doc = await PDFDocument.create();
    const { context } = doc;
    const root = context.obj({ Type: 'StructTreeRoot' });
    const rootRef = context.register(root);
    doc.catalog.set(PDFName.of('StructTreeRoot'), rootRef);
    const element = (id: string, extra: Record<string, unknown> = {}) =>
      context.obj({ S: 'TD', P: rootRef, ID: PDFString.of(id), ...extra });
    const cell = element('node00000042', {
      A: context.obj({ O: 'Table', Headers: [PDFString.of('node00000007')] }),
    });
    const header = element('node00000007');
    // Stored cell first, numbered after the header.
    context.assign(PDFRef.of(50), cell);
    context.assign(PDFRef.of(40), header);
    expect(normalizeStructureIds(doc)).toBe(2);
    const id = (dict: PDFDict) => (dict.get(PDFName.of('ID')) as PDFString).asString();
    expect([id(header), id(cell)]).toEqual(['node00000001', 'node00000002']);
    const headers = (cell.lookup(PDFName.of('A')) as PDFDict).lookup(PDFName.of('Headers')) as PDFArray;
    expect((headers.get(0) as PDFString).asString()).toBe('node00000001');
    const names = (root.lookup(PDFName.of('IDTree')) as PDFDict).lookup(PDFName.of('Names')) as PDFArray;
    expect(names.asArray().map(String)).toEqual(['(node00000001)', '40 0 R', '(node00000002)', '50 0 R']);
  });
});

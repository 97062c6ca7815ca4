// Structure IDs renumbered (src/print/normalize.ts): the finished file does not depend on the numbers
// Chromium gave its elements, so prints that differ by a one-to-one renaming of them finish to the
// same bytes (which finished-cache.ts's printKey relies on).
import { describe, expect, it } from 'vitest';
import { PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { normalizeStructureIds } from '../../src/print/normalize.js';

/** A tagged table as Skia writes it: header cells with IDs, a cell naming them, the IDTree. */
async function finished(ids: [number, number]): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const context = doc.context;
  const id = (n: number) => PDFString.of(`node${String(n).padStart(8, '0')}`);
  const rootRef = context.nextRef();
  const table = context.register(context.obj({ S: 'Table', P: rootRef }));
  const heads = ids.map((n) => context.register(context.obj({ S: 'TH', P: table, ID: id(n) })));
  const cell = context.obj({ S: 'TD', P: table });
  cell.set(PDFName.of('A'), context.obj([{ O: 'Table', Headers: ids.map(id) }]));
  const cellRef = context.register(cell);
  // Skia's IDTree: its names in byte order.
  const sorted = ids
    .map((n, i) => [id(n), heads[i]!] as const)
    .sort((a, b) => (a[0].asString() < b[0].asString() ? -1 : 1));
  const tree = context.register(
    context.obj({ Limits: [sorted[0]![0], sorted[1]![0]], Names: sorted.flatMap(([name, ref]) => [name, ref]) }),
  );
  context.lookup(table, PDFDict).set(PDFName.of('K'), context.obj([...heads, cellRef]));
  context.assign(rootRef, context.obj({ Type: 'StructTreeRoot', K: table, IDTree: tree }));
  doc.catalog.set(PDFName.of('StructTreeRoot'), rootRef);
  expect(normalizeStructureIds(doc)).toBe(2);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

describe('normalizeStructureIds', () => {
  it('finishes prints whose IDs differ by a one-to-one renaming to the same bytes', async () => {
    const base = await finished([93, 129]);
    expect((await finished([92, 128])).equals(base)).toBe(true);
    // Renamed out of order: Skia's IDTree then lists the cells the other way round.
    expect((await finished([129, 93])).equals(base)).toBe(true);
    expect(base.toString('latin1')).toContain('/Headers [ (node00000001) (node00000002) ]');
    expect(base.toString('latin1')).not.toContain('node00000093');
  });
});

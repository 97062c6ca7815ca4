// The content-stream pass (src/print/artifacts.ts) reads and deflates a long edition's streams a few
// at a time: all at once, every page's inflated text waited for the thread pool together (20 × the
// review: the process grew from ~250 to ~700 MB). node:zlib's deflate is watched here (the module
// under test promisifies it when loaded) to count the streams in the pool at once: in an instance of
// the module of its own (an import with a query), loaded while the watched zlib is mocked, so the
// unit files sharing this worker's modules keep the real one.
import { describe, expect, it, vi } from 'vitest';
import { inflateSync } from 'node:zlib';
import { PDFDocument, PDFName, type PDFRawStream } from 'pdf-lib';

const pool = { now: 0, most: 0 };

vi.doMock('node:zlib', async (original) => {
  const zlib = await original<typeof import('node:zlib')>();
  const deflate = (input: Buffer, done: (error: Error | null, out: Buffer) => void) => {
    pool.now += 1;
    pool.most = Math.max(pool.most, pool.now);
    zlib.deflate(input, (error, out) => {
      pool.now -= 1;
      done(error, out);
    });
  };
  return { ...zlib, deflate };
});

const OWN_INSTANCE = '../../src/print/artifacts.js?deflates-watched';
const { markUntaggedArtifacts } = (await import(
  /* @vite-ignore */ OWN_INSTANCE
)) as typeof import('../../src/print/artifacts.js');
vi.doUnmock('node:zlib');

/** Pages with a folio each (unmarked text in the bottom margin: every stream is rewritten). */
async function pdfWithFolios(pages: number): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  for (let p = 1; p <= pages; p += 1) {
    const page = doc.addPage([595, 842]);
    const folio = p.toString(16).padStart(4, '0');
    const body = `/P <</MCID 0>> BDC BT 1 0 0 1 72 400 Tm <0041> Tj ET EMC BT 1 0 0 1 290 20 Tm <${folio}> Tj ET`;
    page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.flateStream(body)));
  }
  return doc;
}

const contentOf = (doc: PDFDocument, index: number) => {
  const stream = doc.context.lookup(doc.getPage(index).node.get(PDFName.of('Contents'))) as PDFRawStream;
  return inflateSync(stream.contents).toString('latin1');
};

describe('the content-stream pass, stream by stream', () => {
  it('deflates a few streams at a time, never every page at once, and rewrites every page', async () => {
    const doc = await pdfWithFolios(60);
    expect(await markUntaggedArtifacts(doc)).toBe(60);
    expect(pool.most).toBeGreaterThan(1);
    expect(pool.most).toBeLessThanOrEqual(8);
    expect(pool.now).toBe(0);
    for (const index of [0, 29, 59]) {
      const folio = (index + 1).toString(16).padStart(4, '0');
      expect(contentOf(doc, index)).toContain(`Footer>> BDC BT 1 0 0 1 290 20 Tm <${folio}> Tj ET EMC`);
    }
  });
});

// The kept finished PDFs (src/print/finished-cache.ts): a print is named by its bytes but for the two
// dates Skia stamps; a finished PDF is read back only for the same print, under a key that changes
// with everything finishing is given; a file of another shape is a miss.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { cacheFileFor, cacheWritten, writeCacheFile } from '../../src/cache.js';
import {
  finishKey,
  keepFinish,
  keptBytes,
  lastFinish,
  printKey,
  type FinishInputs,
} from '../../src/print/finished-cache.js';
import { tempDir } from '../support/cli.js';

let dir: string;
const saved = process.env.BRIEFING_CACHE_DIR;
beforeEach(() => {
  dir = tempDir('briefing-finished-cache-');
  process.env.BRIEFING_CACHE_DIR = dir;
});
afterEach(() => {
  if (saved === undefined) delete process.env.BRIEFING_CACHE_DIR;
  else process.env.BRIEFING_CACHE_DIR = saved;
});

const pdf = () => path.join(dir, 'out', 'report.en.pdf');
const skia = (date: string, body = '2 0 obj\n<</Type /Catalog>>\nendobj\n') =>
  new TextEncoder().encode(
    `%PDF-1.4\n1 0 obj\n<</Title (Report)\n/Creator (Chromium)\n/CreationDate (D:${date}+00'00')\n/ModDate (D:${date}+00'00')>>\nendobj\n${body}`,
  );

const inputs = (): FinishInputs => ({
  outline: [{ title: 'One', id: 'one', children: [] }],
  hints: { labels: new Map([['#one', 'One']]), items: [], noteTargets: new Set(['fn-1']) },
  heads: { heads: new Map([[2, { left: 'Report', right: 'One' }]]), pageCount: 2, overlay: new Uint8Array([1, 2]) },
  meta: { title: 'Report', keywords: [], language: 'en', date: new Date(1700000000000), documentId: 'a'.repeat(32) },
});

describe('finished-cache', () => {
  it('names a print by its bytes, the dates Skia stamps left out', () => {
    expect(printKey(skia('20261206235757'))).toBe(printKey(skia('20270101000000')));
    expect(printKey(skia('20261206235757'))).not.toBe(printKey(skia('20261206235757', '2 0 obj\n<<>>\nendobj\n')));
  });

  it('names prints that differ by a renumbering of their structure IDs alike, and no others', () => {
    // Skia's forms: an element's /ID, a cell's /Headers, the IDTree's /Limits and /Names.
    const tagged = (a: number, b: number, extra = '') => {
      const id = (n: number) => `(node${String(n).padStart(8, '0')})`;
      return skia(
        '20261206235757',
        `2 0 obj\n<</S /TH\n/P 3 0 R\n/ID ${id(a)}>>\nendobj\n4 0 obj\n<</S /TD\n/A [<</O /Table\n/Headers [${id(a)} ${id(b)}]>>]>>\nendobj\n` +
          `5 0 obj\n<</S /TH\n/ID ${id(b)}>>\nendobj\n6 0 obj\n<</Limits [${id(a)} ${id(b)}]\n/Names [${id(a)} 2 0 R ${id(b)} 5 0 R]>>\nendobj\n${extra}`,
      );
    };
    const base = printKey(tagged(93, 129));
    expect(printKey(tagged(92, 128))).toBe(base);
    expect(printKey(tagged(7, 3))).toBe(base);
    // Not one-to-one: another print.
    expect(printKey(tagged(93, 93))).not.toBe(base);
    // The same text elsewhere (an escaped string, a figure's Alt) is the page's text: not renumbered.
    const alt = (n: number) => `7 0 obj\n<</S /Figure\n/Alt (node0000000${n})>>\nendobj\n`;
    expect(printKey(tagged(93, 129, alt(1)))).not.toBe(printKey(tagged(93, 129, alt(2))));
    const title = (n: number) => `7 0 obj\n<</Title (a /ID \\(node0000000${n}\\))>>\nendobj\n`;
    expect(printKey(tagged(93, 129, title(1)))).not.toBe(printKey(tagged(93, 129, title(2))));
  });

  it('keys a finished PDF by the print and everything it is finished with', () => {
    const base = finishKey('print-1', inputs());
    expect(finishKey('print-1', inputs())).toBe(base);
    expect(finishKey('print-2', inputs())).not.toBe(base);
    const changed: Array<(i: FinishInputs) => void> = [
      (i) => (i.outline[0]!.title = 'Two'),
      (i) => (i.hints = { ...i.hints, labels: new Map([['#one', 'Uno']]) }),
      (i) => (i.hints = { ...i.hints, noteTargets: new Set() }),
      (i) => (i.heads = { ...i.heads!, overlay: new Uint8Array([1, 3]) }),
      (i) => (i.heads = undefined),
      (i) => (i.meta = { ...i.meta, date: new Date(1700000001000) }),
      (i) => (i.meta = { ...i.meta, standard: { ua: 1 } }),
    ];
    for (const change of changed) {
      const other = inputs();
      change(other);
      expect(finishKey('print-1', other)).not.toBe(base);
    }
  });

  it('gives a finished PDF back for the same print only', async () => {
    const read = {
      destinations: [['one', { page: 1, top: 700 }]] as Array<[string, { page: number; top?: number }]>,
      pageCount: 2,
      height: 842,
    };
    keepFinish(pdf(), { print: 'print-1', read, key: 'k1' }, new Uint8Array([37, 80, 68, 70]));
    await cacheWritten();
    const kept = lastFinish(pdf(), 'print-1');
    expect(kept).toMatchObject({ print: 'print-1', read, key: 'k1' });
    expect([...keptBytes(kept!)]).toEqual([37, 80, 68, 70]);
    expect(lastFinish(pdf(), 'print-2')).toBeUndefined();
  });

  it('takes a file of another shape for a miss', () => {
    const file = cacheFileFor('finished', pdf(), 'bin')!;
    // No line of JSON before the bytes; the line without the read; the JSON file of before.
    writeCacheFile(file, '{"print":"print-1","key":"k1"}');
    expect(lastFinish(pdf(), 'print-1')).toBeUndefined();
    writeCacheFile(file, '{"print":"print-1","key":"k1"}\n%PDF');
    expect(lastFinish(pdf(), 'print-1')).toBeUndefined();
    rmSync(file);
    writeCacheFile(cacheFileFor('finished', pdf(), 'json')!, JSON.stringify({ print: 'print-1', key: 'k1', pdf: '' }));
    expect(lastFinish(pdf(), 'print-1')).toBeUndefined();
  });
});

// join.ts puts the parts of an edition printed part by part (parts.ts) together: pages in order,
// named destinations, one structure tree with the parent tree renumbered. Parts here are made with
// pdf-lib as Chromium writes them (a Document element under the structure root, one parent-tree
// entry per page, a link annotation with its own entry), saved and parsed again as a build does.
import { describe, expect, it } from 'vitest';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef, PDFString } from 'pdf-lib';
import { joinParts, PartJoiner } from '../../src/print/join.js';
import { loadPdf } from '../../src/print/finish.js';

/** A tagged part: `pages` pages, each with a paragraph element, a link on the first to `#target`. */
async function part(name: string, pages: number, target: string, text = name): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const { context } = doc;
  const rootRef = context.nextRef();
  const documentRef = context.nextRef();
  const nums: Array<number | PDFRef> = [];
  const kids: PDFRef[] = [];
  const dests = context.obj({});
  for (let p = 0; p < pages; p += 1) {
    const page = doc.addPage([200, 200]);
    page.node.set(PDFName.of('StructParents'), PDFNumber.of(p));
    const element = context.register(
      context.obj({
        Type: 'StructElem',
        S: 'P',
        P: documentRef,
        Pg: page.ref,
        K: [0],
        T: PDFString.of(`${text} ${p}`),
      }),
    );
    kids.push(element);
    nums.push(p, context.register(context.obj([element])));
    dests.set(PDFName.of(`${name}-${p}`), context.obj([page.ref, 'XYZ', 0, 200, 0]));
  }
  const first = doc.getPage(0);
  const link = context.register(
    context.obj({
      Type: 'Annot',
      Subtype: 'Link',
      Rect: [0, 0, 10, 10],
      P: first.ref,
      StructParent: pages,
      Dest: target,
    }),
  );
  first.node.set(PDFName.of('Annots'), context.obj([link]));
  const linkElement = context.register(
    context.obj({ Type: 'StructElem', S: 'Link', P: documentRef, Pg: first.ref, K: [{ Type: 'OBJR', Obj: link }] }),
  );
  kids.push(linkElement);
  nums.push(pages, linkElement);
  context.assign(documentRef, context.obj({ Type: 'StructElem', S: 'Document', P: rootRef, K: kids }));
  context.assign(
    rootRef,
    context.obj({ Type: 'StructTreeRoot', K: documentRef, ParentTree: { Nums: nums }, ParentTreeNextKey: pages + 1 }),
  );
  doc.catalog.set(PDFName.of('StructTreeRoot'), rootRef);
  doc.catalog.set(PDFName.of('Dests'), context.register(dests));
  return loadPdf(await doc.save({ useObjectStreams: false }));
}

/** The page index (0-based) a reference points to in `doc`. */
function pageIndex(doc: PDFDocument, ref: unknown): number {
  return doc.getPages().findIndex((p) => p.ref === ref);
}

describe('joinParts', () => {
  it('gives the pages in order, every destination on its page, one structure tree, the parent tree renumbered', async () => {
    const parts = [await part('a', 2, 'b-1'), await part('b', 3, 'a-0'), await part('c', 1, 'a-1')];
    const joined = await loadPdf(await joinParts(parts).save({ useObjectStreams: false }));
    expect(joined.getPageCount()).toBe(6);

    const dests = joined.catalog.lookup(PDFName.of('Dests'), PDFDict);
    const where = (name: string) => pageIndex(joined, dests.lookup(PDFName.of(name), PDFArray).get(0));
    expect(['a-0', 'a-1', 'b-0', 'b-1', 'b-2', 'c-0'].map(where)).toEqual([0, 1, 2, 3, 4, 5]);

    const root = joined.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
    const documentRef = root.get(PDFName.of('K'));
    const document = joined.context.lookup(documentRef, PDFDict);
    const kids = document.lookup(PDFName.of('K'), PDFArray);
    // Each part's paragraphs and its link, under the one Document element.
    expect(kids.size()).toBe(2 + 1 + 3 + 1 + 1 + 1);
    for (let i = 0; i < kids.size(); i += 1) expect(kids.lookup(i, PDFDict).get(PDFName.of('P'))).toBe(documentRef);
    const titles = kids
      .asArray()
      .map((k) => joined.context.lookup(k, PDFDict).lookupMaybe(PDFName.of('T'), PDFString)?.decodeText())
      .filter(Boolean);
    expect(titles).toEqual(['a 0', 'a 1', 'b 0', 'b 1', 'b 2', 'c 0']);

    // Keys after the parts before: a 0–2, b 3–6, c 7–8; each page's entry holds that page's element.
    expect(root.lookup(PDFName.of('ParentTreeNextKey'), PDFNumber).asNumber()).toBe(9);
    const nums = root.lookup(PDFName.of('ParentTree'), PDFDict).lookup(PDFName.of('Nums'), PDFArray);
    const entries = new Map<number, unknown>();
    for (let i = 0; i < nums.size(); i += 2) entries.set(nums.lookup(i, PDFNumber).asNumber(), nums.get(i + 1));
    expect([...entries.keys()]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    joined.getPages().forEach((page, index) => {
      const key = page.node.lookup(PDFName.of('StructParents'), PDFNumber).asNumber();
      const element = joined.context.lookup(
        joined.context.lookup(entries.get(key) as PDFRef, PDFArray).get(0),
        PDFDict,
      );
      expect(pageIndex(joined, element.get(PDFName.of('Pg')))).toBe(index);
    });
    // Each link: its annotation's entry is its Link element, whose object is that annotation, on its page.
    for (const [index, key] of [
      [0, 2],
      [2, 6],
      [5, 8],
    ] as const) {
      const annot = joined.getPage(index).node.lookup(PDFName.of('Annots'), PDFArray).get(0);
      const annotDict = joined.context.lookup(annot, PDFDict);
      expect(annotDict.lookup(PDFName.of('StructParent'), PDFNumber).asNumber()).toBe(key);
      expect(pageIndex(joined, annotDict.get(PDFName.of('P')))).toBe(index);
      const element = joined.context.lookup(entries.get(key) as PDFRef, PDFDict);
      expect(element.lookup(PDFName.of('K'), PDFArray).lookup(0, PDFDict).get(PDFName.of('Obj'))).toBe(annot);
    }
  });

  it('writes nothing of a later part but what the joined file takes (no second catalog, page tree or structure root)', async () => {
    const joined = await loadPdf(
      await joinParts([await part('a', 2, 'b-0'), await part('b', 2, 'a-0')]).save({ useObjectStreams: false }),
    );
    const types = joined.context
      .enumerateIndirectObjects()
      .map(([, o]) => (o instanceof PDFDict ? o.get(PDFName.of('Type'))?.toString() : undefined));
    expect(types.filter((t) => t === '/Catalog')).toHaveLength(1);
    expect(types.filter((t) => t === '/Pages')).toHaveLength(1);
    expect(types.filter((t) => t === '/StructTreeRoot')).toHaveLength(1);
  });

  it("moves a later part's objects into the joined file rather than copying them (one copy in memory)", async () => {
    const first = await part('a', 1, 'b-0');
    const second = await part('b', 1, 'a-0');
    const page = second.getPage(0).node;
    const joined = joinParts([first, second]);
    // The joined file's second page is the part's own page dictionary, its lookups now the joined file's.
    expect(joined.getPage(1).node).toBe(page);
    expect(page.lookup(PDFName.of('Annots'), PDFArray).lookup(0, PDFDict).get(PDFName.of('P'))).toBe(
      joined.getPage(1).ref,
    );
  });
});

describe('PartJoiner', () => {
  type Made = { key: string; bytes: Uint8Array };
  const made = async (key: string, doc: Promise<PDFDocument>): Promise<Made> => ({
    key,
    bytes: await (await doc).save({ useObjectStreams: false }),
  });
  /** The parts joined by a joiner (after `before`), and whether the first part was swapped in. */
  async function joinedBy(parts: Made[], before?: ReturnType<PartJoiner['done']> extends Promise<infer T> ? T : never) {
    const joiner = new PartJoiner(before?.pass);
    for (const { key, bytes } of parts) await joiner.add(key, () => loadPdf(bytes));
    return joiner.done();
  }
  const saved = async (doc: PDFDocument) => Buffer.from(await doc.save({ useObjectStreams: false }));
  const fresh = async (parts: Made[]) => saved(joinParts(await Promise.all(parts.map((p) => loadPdf(p.bytes)))));

  it('swaps a reprinted first part into the file joined before: the bytes of every part joined afresh', async () => {
    const later = [await made('b', part('b', 3, 'a-0')), await made('c', part('c', 1, 'a-1'))];
    const measured = await joinedBy([await made('a', part('a', 2, 'b-1')), ...later]);
    expect(measured.swapped).toBe(false);
    const reprinted = await made("a'", part('a', 2, 'b-1', 'contents numbered'));
    const next = await joinedBy([reprinted, ...later], measured);
    expect(next.swapped).toBe(true);
    expect((await saved(next.joined)).equals(await fresh([reprinted, ...later]))).toBe(true);
  });

  it('joins every part afresh when the first part changed shape or a later part changed', async () => {
    const parts = async () => [
      await made('a', part('a', 2, 'b-1')),
      await made('b', part('b', 3, 'a-0')),
      await made('c', part('c', 1, 'a-1')),
    ];
    const longer = await made("a'", part('a', 3, 'b-1'));
    const [, b, c] = await parts();
    const afterLonger = await joinedBy([longer, b!, c!], await joinedBy(await parts()));
    expect(afterLonger.swapped).toBe(false);
    expect((await saved(afterLonger.joined)).equals(await fresh([longer, b!, c!]))).toBe(true);
    const edited = await made("b'", part('b', 3, 'a-0', 'edited'));
    const [a, , c2] = await parts();
    const afterEdit = await joinedBy([a!, edited, c2!], await joinedBy(await parts()));
    expect(afterEdit.swapped).toBe(false);
    expect((await saved(afterEdit.joined)).equals(await fresh([a!, edited, c2!]))).toBe(true);
  });
});

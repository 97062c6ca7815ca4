// Printing in parts (the default from 20 chapters; BRIEFING_PRINT_PARTS=1 always, 0 never; src/print/parts.ts + join.ts): the edition printed a run
// of chapters at a time and joined must be the edition printed at once (text, links, destinations,
// outline, tags passing veraPDF), and a rebuild after a one-paragraph edit reprints only the part that
// changed and gives the bytes of a cold build of the edited report, as does a rebuild after that.
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { readCacheFile } from '../../src/cache.js';
import { ROOT, runCli, tempDir, type CliResult } from '../support/cli.js';
import { pdfInfo, pdfText, squash, textDifference } from '../support/pdf.js';
import { verapdf } from '../support/verapdf.js';

const PDF = path.join('en', 'hr-review-2022.en.pdf');
const EPOCH = { SOURCE_DATE_EPOCH: '1700000000' };

function build(content: string, out: string, cache: string, env: NodeJS.ProcessEnv, extra: string[] = []): CliResult {
  const run = runCli(['build', '--content', content, '--out', out, '--locale', 'en', '--format', 'pdf', ...extra], {
    env: { BRIEFING_TRACE: '1', BRIEFING_CACHE_DIR: cache, ...EPOCH, ...env },
  });
  expect(run.code, run.stderr).toBe(0);
  return run;
}
const inParts = { BRIEFING_PRINT_PARTS: '1' };
const whole = { BRIEFING_PRINT_PARTS: '0' };
/** [parts, reused] of each pass printed in parts. */
const passesOf = (run: CliResult) =>
  [...run.stderr.matchAll(/printed in (\d+) parts, (\d+) reused/g)].map((m) => [Number(m[1]), Number(m[2])]);
/** [parts, reused] of the last pass printed in parts. */
const partsOf = (run: CliResult) => passesOf(run).at(-1);

/** Each kept part's file in the cache folder (part-cache.ts), with its modification time. */
const partFiles = (cache: string) =>
  new Map(
    readdirSync(cache)
      .filter((name) => name.startsWith('print-part-'))
      .map((name) => [name, statSync(path.join(cache, name)).mtimeMs]),
  );
/** The part keys the cache folder's index names for the PDF (one index: one PDF built there). */
function partIndex(cache: string): string[] {
  const index = readdirSync(cache).find((name) => name.startsWith('print-parts-'))!;
  return JSON.parse(readCacheFile(path.join(cache, index))!) as string[];
}

/** What a reader and a screen reader get besides the text: links, destinations, outline, tags. */
async function shape(file: string) {
  const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
  const links: string[] = [];
  for (const page of doc.getPages()) {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (let i = 0; annots && i < annots.size(); i += 1) {
      const annot = annots.lookup(i, PDFDict);
      links.push(
        String(annot.get(PDFName.of('Dest')) ?? annot.lookupMaybe(PDFName.of('A'), PDFDict)?.get(PDFName.of('URI'))),
      );
    }
  }
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
  return {
    pages: doc.getPageCount(),
    links,
    destinations: (dests?.keys() ?? []).map(String).sort(),
    outline: doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)?.get(PDFName.of('Count'))?.toString(),
    parentTreeKeys: root.get(PDFName.of('ParentTreeNextKey'))?.toString(),
  };
}

describe('printing in parts', () => {
  const dir = tempDir();
  const content = path.join(dir, 'content');
  let atOnce: string;
  let parts: string;

  beforeAll(() => {
    cpSync(path.join(ROOT, 'content'), content, { recursive: true });
    build(content, path.join(dir, 'whole'), 'off', whole);
    atOnce = path.join(dir, 'whole', PDF);
    parts = path.join(dir, 'parts', PDF);
    const coldRun = build(content, path.join(dir, 'parts'), path.join(dir, 'cache'), inParts);
    // A short edition (50 pages): Chromium's garbage is not collected after a pass that printed every
    // part (that pays only from 500 pages, src/print/pdf.ts).
    expect(coldRun.stderr).not.toMatch(/parts joined \(0 reused\)\n.*garbage collected/);
    // Cold, the parts' content streams are read for the standards' work while the next part prints
    // (veraPDF below, and the edit's bytes against a cold build, check what that work made of them).
    expect(coldRun.stderr).toMatch(/: [1-9]\d* content streams read for the PDF standards while the parts printed/);
    const cold = passesOf(coldRun);
    expect(cold[0]?.[0]).toBeGreaterThan(1);
    // No page numbers yet: a measuring pass, then the pass with the numbers, which prints again
    // only the parts the numbers changed (the contents), the rest reused from the measuring pass.
    expect(cold).toHaveLength(2);
    expect(cold[0]![1]).toBe(0);
    expect(cold[1]![1]).toBeGreaterThan(0);
    expect(cold[1]![1]).toBeLessThan(cold[1]![0]!);
  }, 300_000);

  it('rebuilt unchanged, reuses every part of the cold build and gives its bytes', () => {
    const before = readFileSync(parts);
    const files = partFiles(path.join(dir, 'cache'));
    const [count, reused] = partsOf(build(content, path.join(dir, 'parts'), path.join(dir, 'cache'), inParts)) ?? [];
    expect(reused).toBe(count);
    expect(readFileSync(parts).equals(before)).toBe(true);
    // Each part a file of its own (part-cache.ts): none written again (the measuring pass's part
    // that the pass with the numbers replaced, removed).
    const after = partFiles(path.join(dir, 'cache'));
    expect(after.size).toBe(count);
    for (const [name, written] of after) expect(files.get(name), name).toBe(written);
  }, 300_000);

  it('gives the pages, text, links, destinations, outline and structure of one whole print', async () => {
    // (Loose parts, src/print/parts.ts looseParts: each printed behind one page, not at its place in
    // the flow, so a glyph may be some 1e-5 pt from the whole print's.)
    expect(textDifference(parts, atOnce)).toBeUndefined();
    expect(await shape(parts)).toEqual(await shape(atOnce));
  });

  it('passes veraPDF for PDF/UA-1 and PDF/A-2a', () => {
    for (const flavour of ['ua1', '2a'] as const) {
      const [verdict] = verapdf([parts], flavour);
      expect(verdict!.compliant).toBe(true);
    }
  }, 300_000);

  it('after a one-paragraph edit, reprints only what changed, byte for byte a cold build of the edited report', () => {
    const chapter = path.join(
      content,
      'en',
      readdirSync(path.join(content, 'en')).find((f) => f.startsWith('03-'))!,
    );
    const text = readFileSync(chapter, 'utf8');
    const paragraph = text.split('\n\n').find((p) => /^[A-Z]/.test(p) && p.length > 200)!;
    writeFileSync(chapter, text.replace(paragraph, `${paragraph} One sentence more.`));
    const rebuilt = build(content, path.join(dir, 'parts'), path.join(dir, 'cache'), inParts);
    const [count = 0, reused = 0] = partsOf(rebuilt) ?? [];
    expect(reused).toBeGreaterThan(0);
    expect(reused).toBeLessThan(count);
    // The kept parts loaded while the page was prepared (part-cache.ts loadAhead), then joined.
    expect(Number(/parts joined \(\d+ reused, (\d+) loaded ahead\)/.exec(rebuilt.stderr)?.[1])).toBeGreaterThan(0);
    // Prepared by chapter: the edition not laid out whole (prepared-chapters.ts).
    expect(rebuilt.stderr).toMatch(/: 7 of 8 chapters put in as the last build prepared them/);
    const cold = build(content, path.join(dir, 'cold'), path.join(dir, 'cold-cache'), inParts);
    expect(passesOf(cold)[0]?.[1]).toBe(0);
    expect(readFileSync(parts).equals(readFileSync(path.join(dir, 'cold', PDF)))).toBe(true);
    expect(pdfText(parts)).toContain('One sentence more.');
    // Built again unchanged: the body the edit's build prepared, kept once its print was done
    // (pdf.ts holdBody), put in whole; the same bytes.
    const again = build(content, path.join(dir, 'parts'), path.join(dir, 'cache'), inParts);
    expect(again.stderr).toMatch(/loaded as the last build of this HTML prepared it/);
    expect(readFileSync(parts).equals(readFileSync(path.join(dir, 'cold', PDF)))).toBe(true);
    // The edited part's file written, the file of the part it replaced removed: the files are the index's.
    const names = [...partFiles(path.join(dir, 'cache')).keys()].sort();
    expect(names).toEqual(
      partIndex(path.join(dir, 'cache'))
        .map((key) => `print-part-${key}.pdf`)
        .sort(),
    );
  }, 300_000);

  it('after an edit that adds a page: loose parts (their bytes by HTML, not by first page), only the edited part and the front matter printed again; the bytes of a cold build', () => {
    const chapter = path.join(
      content,
      'en',
      readdirSync(path.join(content, 'en')).find((f) => f.startsWith('05-'))!,
    );
    const pagesBefore = pdfInfo(parts).Pages;
    const filler = 'Regional offices reported the figures of the year in their own format, district by district. ';
    const added = Array.from({ length: 8 }, (_, i) => `${filler.repeat(6)}Paragraph ${i + 1} added.`).join('\n\n');
    writeFileSync(chapter, `${readFileSync(chapter, 'utf8').trimEnd()}\n\n${added}\n`);
    const rebuilt = build(content, path.join(dir, 'parts'), path.join(dir, 'cache'), inParts);
    expect(rebuilt.stderr).toMatch(/parts: loose, behind one or two plain pages/);
    expect(Number(pdfInfo(parts).Pages)).toBeGreaterThan(Number(pagesBefore));
    // Every pass: the edited chapter's part and part 0 (the contents' numbers) at most printed; the
    // parts after the edit, on other pages now, reused.
    const passes = passesOf(rebuilt);
    expect(passes.length).toBeGreaterThan(0);
    for (const [count = 0, reused = 0] of passes) expect(count - reused, rebuilt.stderr).toBeLessThanOrEqual(2);
    const cold = build(content, path.join(dir, 'cold-2'), path.join(dir, 'cold-cache-2'), inParts);
    expect(readFileSync(parts).equals(readFileSync(path.join(dir, 'cold-2', PDF)))).toBe(true);
    expect(squash(pdfText(parts))).toContain('Paragraph 8 added.');
    expect(cold.stderr).toMatch(/parts: loose/);
  }, 300_000);
});

describe('printing in parts, chapters on right-hand pages (Letter theme: blank pages, facing folios)', () => {
  it('gives the pages, text, links and destinations of one whole print', async () => {
    const dir = tempDir();
    const templates = path.join(dir, 'templates');
    cpSync(path.join(ROOT, 'templates'), templates, { recursive: true });
    cpSync(path.join(ROOT, 'tests', 'fixtures', 'themes', 'letter'), templates, { recursive: true });
    const layout = path.join(ROOT, 'tests', 'fixtures', 'layout');
    const args = ['--templates', templates];
    const file = path.join('en', 'layout-2024.en.pdf');
    build(layout, path.join(dir, 'whole'), 'off', whole, args);
    build(layout, path.join(dir, 'parts'), 'off', inParts, args);
    const [a, b] = [path.join(dir, 'whole', file), path.join(dir, 'parts', file)];
    expect(textDifference(b, a)).toBeUndefined();
    expect(await shape(b)).toEqual(await shape(a));
  }, 300_000);
});

describe('printing in parts, a stylesheet that counts pages of its own', () => {
  // A bottom margin box of its own (none, here) keeps the theme's folios in Chromium's print: they
  // must be where the running heads draw them otherwise (the review; Letter: facing, blank pages).
  for (const [name, theme, fixture, file] of [
    ['the review', undefined, path.join(ROOT, 'content'), PDF],
    ['Letter', 'letter', path.join(ROOT, 'tests', 'fixtures', 'layout'), path.join('en', 'layout-2024.en.pdf')],
  ] as const) {
    it(`${name}: the folios the running heads draw are Chromium's`, () => {
      const dir = tempDir();
      const own = path.join(dir, 'own');
      const shipped = path.join(dir, 'shipped');
      for (const templates of [own, shipped]) {
        cpSync(path.join(ROOT, 'templates'), templates, { recursive: true });
        if (theme) cpSync(path.join(ROOT, 'tests', 'fixtures', 'themes', theme), templates, { recursive: true });
      }
      const css = path.join(own, 'print.css');
      writeFileSync(css, `${readFileSync(css, 'utf8')}\n@page cover { @bottom-left { content: none; } }\n`);
      build(fixture, path.join(dir, 'a'), 'off', whole, ['--templates', shipped]);
      build(fixture, path.join(dir, 'b'), 'off', whole, ['--templates', own]);
      const [a, b] = [path.join(dir, 'a', file), path.join(dir, 'b', file)];
      expect(textDifference(a, b, { order: false })).toBeUndefined();
      // (Folios there: the last page's number, on its own line.)
      expect(pdfText(a)).toContain(`\n${pdfInfo(a).Pages}\n`);
    }, 300_000);
  }

  it('places each part at its page (not loose), the folios its own: the text of one whole print', () => {
    const dir = tempDir();
    const templates = path.join(dir, 'templates');
    cpSync(path.join(ROOT, 'templates'), templates, { recursive: true });
    const css = path.join(templates, 'print.css');
    writeFileSync(css, `${readFileSync(css, 'utf8')}\n@page { @top-center { content: "Page " counter(page); } }\n`);
    const content = path.join(dir, 'content');
    cpSync(path.join(ROOT, 'content'), content, { recursive: true });
    const args = ['--templates', templates];
    build(content, path.join(dir, 'whole'), 'off', whole, args);
    const run = build(content, path.join(dir, 'parts'), 'off', inParts, args);
    expect(run.stderr).toMatch(/parts: each behind the pages before it/);
    const [a, b] = [path.join(dir, 'whole', PDF), path.join(dir, 'parts', PDF)];
    expect(pdfText(b, { layout: true })).toContain('Page 12');
    expect(pdfText(b, { layout: true })).toBe(pdfText(a, { layout: true }));
  }, 300_000);
});

describe('printing in parts: many short chapters are not a long edition', () => {
  it('prints an edition of 25 chapters and a few pages whole, and in parts when told', () => {
    const dir = tempDir();
    const content = path.join(dir, 'content');
    cpSync(path.join(ROOT, 'tests', 'fixtures', 'layout'), content, { recursive: true });
    for (let n = 5; n <= 25; n += 1) {
      const text = `# Short chapter ${n}\n\nRegional statistics offices reported the figures of chapter ${n} in their own format.\n`;
      writeFileSync(path.join(content, 'en', `${String(n).padStart(2, '0')}-short-${n}.md`), text);
    }
    const auto = build(content, path.join(dir, 'auto'), path.join(dir, 'cache'), {});
    expect(auto.stderr).toMatch(/pass \d+ printed\n/);
    expect(auto.stderr).not.toMatch(/printed in \d+ parts/);
    const told = build(content, path.join(dir, 'told'), 'off', inParts);
    expect(passesOf(told).length).toBeGreaterThan(0);
    const file = path.join('en', 'layout-2024.en.pdf');
    expect(textDifference(path.join(dir, 'told', file), path.join(dir, 'auto', file))).toBeUndefined();
  }, 300_000);
});

// `briefing proof` on the real review: the PDF is built when missing, then every page becomes a PNG
// thumbnail (pdf.js in Chromium) on a self-contained contact sheet of two-page spreads.
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, ROOT, tempDir, type CliResult } from '../support/cli.js';
import { pdfInfo } from '../support/pdf.js';
import { spreads } from '../../src/proof/sheet.js';

describe('briefing proof (content/en)', () => {
  let out: string;
  let run: CliResult;
  let pdf: string;
  let sheet: string;
  let html: string;

  beforeAll(() => {
    out = tempDir('briefing-proof-');
    run = runCli(['proof', '--content', path.join(ROOT, 'content'), '--out', out]);
    const files = readdirSync(path.join(out, 'en'));
    pdf = path.join(
      out,
      'en',
      files.find((f) => f.endsWith('.en.pdf'))!,
    );
    sheet = path.join(
      out,
      'en',
      files.find((f) => f.endsWith('.en.proof.html'))!,
    );
    html = readFileSync(sheet, 'utf8');
  }, 180_000);

  it('builds the missing PDF first, then writes <name>.proof.html beside it', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/no PDF in .* yet: building it/);
    expect(sheet).toBe(pdf.replace(/\.pdf$/, '.proof.html'));
    expect(run.stdout).toContain(`${path.basename(sheet)}  ${pdfInfo(pdf).Pages} pages`);
  });

  it('holds one PNG thumbnail per PDF page, in order, each with its page number', () => {
    const pages = Number(pdfInfo(pdf).Pages);
    expect(pages).toBeGreaterThan(40);
    const images = [
      ...html.matchAll(
        /<figure class="page (?:verso|recto)" id="page-(\d+)"><img src="data:image\/png;base64,([^"]+)" width="(\d+)" height="(\d+)" alt="Page (\d+)"><figcaption>(\d+)<\/figcaption><\/figure>/g,
      ),
    ];
    expect(images.map((m) => Number(m[1]))).toEqual(Array.from({ length: pages }, (_, i) => i + 1));
    for (const [, n, data, width, height, alt, caption] of images) {
      expect(alt).toBe(n);
      expect(caption).toBe(n);
      const png = Buffer.from(data!, 'base64');
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      // A4 proportions, as the PNG header says.
      expect(png.readUInt32BE(16)).toBe(Number(width));
      expect(png.readUInt32BE(20) / png.readUInt32BE(16)).toBeCloseTo(297 / 210, 1);
      expect(Number(height)).toBe(png.readUInt32BE(20));
      // Not blank: a rendered page compresses to more than a white rectangle would.
      expect(png.length, `page ${n}`).toBeGreaterThan(3000);
    }
  });

  it('lays the pages out as spreads: the cover alone on the right, then 2–3, 4–5 …', () => {
    const pages = Number(pdfInfo(pdf).Pages);
    const rows = [...html.matchAll(/<li class="spread" data-pages="([\d ]+)">(.*?)<\/li>/g)].map((m) => ({
      pages: m[1]!.split(' ').map(Number),
      body: m[2]!,
    }));
    expect(rows.map((r) => r.pages)).toEqual(spreads(pages));
    expect(rows[0]!.pages).toEqual([1]);
    expect(rows[0]!.body).toMatch(
      /^<div class="page verso blank" aria-hidden="true"><\/div><figure class="page recto" id="page-1">/,
    );
    expect(rows[1]!.pages).toEqual([2, 3]);
    expect(rows[1]!.body).toMatch(/^<figure class="page verso" id="page-2">.*<figure class="page recto" id="page-3">/);
    for (const row of rows.slice(1)) expect(row.pages[0]! % 2).toBe(0);
  });

  it('is self-contained: no reference to anything outside the file', () => {
    expect(html).not.toMatch(/\b(?:src|href)="(?!data:)/);
    expect(html).toContain(
      '<title>Proof: Annual Review of the Human Rights Situation in the Republic of Kazakhstan</title>',
    );
  });

  it('groups pages as a book opens', () => {
    expect(spreads(0)).toEqual([]);
    expect(spreads(1)).toEqual([[1]]);
    expect(spreads(4)).toEqual([[1], [2, 3], [4]]);
    expect(spreads(5)).toEqual([[1], [2, 3], [4, 5]]);
  });

  it('--pdf: a missing file is an error naming it', () => {
    const result = runCli(['proof', '--pdf', path.join(out, 'nowhere.pdf')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/nowhere\.pdf error PDF not found/);
  });
});

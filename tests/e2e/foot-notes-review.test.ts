// Issue 25 on the shipped review printed with `notes: foot` (its 31 notes; callouts in the side
// column beside many of them) and on a generated manual: every note is printed on the page of its
// mark, and the proof after printing names nothing. The pages come from what is painted, not from named destinations: each
// mark and each note label is a link, and its rectangle (of some height: a superscript on a page's
// first line leaves a sliver on the page before) must hold the word `pdftotext -bbox` reads there.
import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber } from 'pdf-lib';
import { ROOT, runCli, tempDir } from '../support/cli.js';

interface Word {
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  text: string;
}

/** A link painted on a page: where it goes, and its rectangle in pdftotext's coordinates (from the top). */
interface Painted {
  page: number;
  to: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

function words(pdf: string): Word[] {
  const xml = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const found: Word[] = [];
  xml
    .split(/<page /)
    .slice(1)
    .forEach((page, i) => {
      for (const m of page.matchAll(
        /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
      ))
        found.push({
          page: i + 1,
          xMin: Number(m[1]),
          yMin: Number(m[2]),
          xMax: Number(m[3]),
          yMax: Number(m[4]),
          // A line that wraps at a space ends in one (ActualText "x ", src/print/line-ends.ts), which
          // poppler keeps inside the last word: the word is the text without it.
          text: m[5]!.trimEnd(),
        });
    });
  return found;
}

async function internalLinks(pdf: string): Promise<Painted[]> {
  const doc = await PDFDocument.load(readFileSync(pdf), { updateMetadata: false });
  const links: Painted[] = [];
  doc.getPages().forEach((page, i) => {
    const height = page.getHeight();
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (let j = 0; j < (annots?.size() ?? 0); j += 1) {
      const annot = annots!.lookup(j, PDFDict);
      const dest = annot.get(PDFName.of('Dest'));
      if (!(dest instanceof PDFName)) continue;
      const [x1, y1, x2, y2] = annot
        .lookup(PDFName.of('Rect'), PDFArray)
        .asArray()
        .map((n) => (n as PDFNumber).asNumber());
      // A sliver: the part of a superscript that stands above the next page's first line.
      if (y2! - y1! < 2) continue;
      const to = decodeURIComponent(dest.decodeText());
      links.push({ page: i + 1, to, xMin: x1!, xMax: x2!, yMin: height - y2!, yMax: height - y1! });
    }
  });
  return links;
}

/** The words painted across a link's rectangle (their middle line inside it). */
function wordsIn(all: Word[], link: Painted): Word[] {
  return all.filter((w) => {
    const y = (w.yMin + w.yMax) / 2;
    return (
      w.page === link.page && y >= link.yMin - 1 && y <= link.yMax + 1 && w.xMax >= link.xMin && w.xMin <= link.xMax
    );
  });
}

/** Each note's first painted mark and its label (linking back), as `[note id, mark, label]`. */
function marksAndLabels(links: Painted[]): Array<[string, Painted, Painted | undefined]> {
  // The first painted mark of each note (a note referenced twice is printed where it is first).
  const marks = new Map<string, Painted>();
  for (const link of links) if (link.to.startsWith('fn-') && !marks.has(link.to)) marks.set(link.to, link);
  // Each note's label links back to its reference (first at the page foot; a Sources list at the end
  // links back too).
  const labels = new Map<string, Painted>();
  for (const link of links) {
    const key = /^(?:fn)?ref-(.+)$/.exec(link.to)?.[1];
    if (key !== undefined && !labels.has(key)) labels.set(key, link);
  }
  return [...marks].map(([id, mark]) => {
    const named = [...labels].filter(([key]) => id.endsWith(`-${key}`)).map(([, l]) => l);
    expect(named, `the label of ${id}`).toHaveLength(1);
    return [id, mark, named[0]];
  });
}

/** Every note printed on the page of its mark (as painted); returns how many notes. */
async function expectOnMarkPages(pdf: string): Promise<number> {
  const all = words(pdf);
  const pairs = marksAndLabels(await internalLinks(pdf));
  const misplaced: string[] = [];
  for (const [id, mark, label] of pairs) {
    const markWords = wordsIn(all, mark).map((w) => w.text);
    const labelWord = wordsIn(all, label!)[0];
    expect(labelWord, `the label of ${id} on page ${label!.page}`).toBeDefined();
    // The label is a word of its own ("v"); the mark ends a word ("NGOs.v") or is one.
    expect(
      markWords.some((w) => w.endsWith(labelWord!.text)),
      `mark of ${id}: ${markWords.join(' ')}`,
    ).toBe(true);
    if (label!.page !== mark.page)
      misplaced.push(`${labelWord!.text}: mark on page ${mark.page}, note on ${label!.page}`);
  }
  expect(misplaced).toEqual([]);
  return pairs.length;
}

function footTemplates(): string {
  const templates = path.join(tempDir('briefing-foot-review-'), 'templates');
  cpSync(path.join(ROOT, 'templates'), templates, { recursive: true });
  const theme = path.join(templates, 'theme.yaml');
  writeFileSync(theme, readFileSync(theme, 'utf8').replace(/^notes: .*$/m, 'notes: foot'));
  return templates;
}

/** Build with `notes: foot`; the PDF and what the build reported. */
function buildFoot(source: string[]): { pdf: string; stderr: string } {
  const out = tempDir('briefing-foot-review-out-');
  const run = runCli(['build', ...source, '--templates', footTemplates(), '--out', out, '--format', 'pdf']);
  expect(run.code, run.stderr).toBe(0);
  const dir = path.join(out, 'en');
  return {
    pdf: path.join(
      dir,
      readdirSync(dir).find((f) => f.endsWith('.pdf'))!,
    ),
    stderr: run.stderr,
  };
}

const proofFindings = (stderr: string) => stderr.split('\n').filter((line) => /print:footnote|layout:/.test(line));

describe('notes: foot on the shipped review (side-column callouts beside notes)', () => {
  let built: { pdf: string; stderr: string };
  beforeAll(() => {
    built = buildFoot(['--content', path.join(ROOT, 'content'), '--locale', 'en']);
  });

  it('prints every note on the page of its mark, as painted', async () => {
    expect(await expectOnMarkPages(built.pdf)).toBe(31);
  });

  it('has a proof that names nothing', () => {
    expect(proofFindings(built.stderr)).toEqual([]);
  });
});

describe('notes: foot on a generated manual (references ending their paragraph near a page foot)', () => {
  it('prints every note on the page of its mark, and the proof names nothing', async () => {
    // 38 pages, 54 footnotes (scripts/bench/manual-like.js is deterministic): on one page a reference
    // ends its paragraph so low that, under the paragraph's margin, no line of its note fitted.
    const report = path.join(tempDir('briefing-foot-manual-'), 'manual.md');
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/bench/manual-like.js'), report, '3']);
    const { pdf, stderr } = buildFoot([report]);
    expect(await expectOnMarkPages(pdf)).toBe(54);
    expect(proofFindings(stderr)).toEqual([]);
  });
});

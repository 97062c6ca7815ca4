// Issue 25, notes at the foot of the page (`notes: foot`), read back from the printed PDFs of
// tests/fixtures/footnotes: A4 in English and Russian, A5 (marks per page), Letter (marks per chapter).
// The page of every note and of its first reference come from the PDF's named destinations; the
// words from `pdftotext -bbox`: each note's text stands on its reference's page, below every word
// of the body text there. The web edition keeps the notes after each chapter, linked both ways.
import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { readDestinations } from '../../src/print/destinations.js';
import { ROOT, runCli, tempDir } from '../support/cli.js';

const FIXTURE = path.join(ROOT, 'tests/fixtures/footnotes');

interface Word {
  page: number;
  yMin: number;
  yMax: number;
  text: string;
}

interface Printed {
  stderr: string;
  words: Word[];
  pages: Map<string, number>;
}

/** Words that only the body text of the fixture uses (never a note). */
const BODY = {
  en: ['commission', 'northern', 'residents', 'statutory'],
  ru: ['Комиссия', 'весной', 'северные', 'жителей', 'тридцатидневный'],
};
/** Note id (fn-<chapter>-<name>) → the words its text starts with, per locale. */
const NOTES = {
  en: {
    'fn-foot-foot1': 'Source of the finding 1.',
    'fn-foot-foot2': 'Source of the finding 2.',
    'fn-foot-long': 'The long note explains',
    ...Object.fromEntries([1, 2, 3, 4, 5, 6, 7, 8].map((n) => [`fn-foot-e${n}`, `Source of the finding E${n}.`])),
    'fn-boxes-head': 'Heading note.',
    'fn-boxes-cell': 'Table cell note.',
    'fn-boxes-caption': 'Caption note.',
    'fn-boxes-box': 'Callout note.',
  } as Record<string, string>,
  ru: {
    'fn-foot-foot1': 'Источник вывода 1.',
    'fn-foot-foot2': 'Источник вывода 2.',
    'fn-foot-long': 'Длинное примечание подробно',
    ...Object.fromEntries([1, 2, 3, 4, 5, 6, 7, 8].map((n) => [`fn-foot-e${n}`, `Источник вывода E${n}.`])),
    'fn-boxes-head': 'Heading note.',
    'fn-boxes-cell': 'Table cell note.',
    'fn-boxes-caption': 'Caption note.',
    'fn-boxes-box': 'Callout note.',
  } as Record<string, string>,
};

function templatesWith(theme: string): string {
  const dir = path.join(tempDir('briefing-foot-'), 'templates');
  cpSync(path.join(ROOT, 'templates'), dir, { recursive: true });
  const file = path.join(dir, 'theme.yaml');
  // The shipped theme without the top-level keys set here (each key with its indented lines).
  const keys = new Set([...theme.matchAll(/^([\w-]+):/gm)].map((m) => m[1]!));
  let dropping = false;
  const kept = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => {
      const key = /^([\w-]+):/.exec(line)?.[1];
      if (key !== undefined) dropping = keys.has(key);
      else if (!/^\s/.test(line)) dropping = false;
      return !dropping;
    });
  writeFileSync(file, `${kept.join('\n')}\n${theme}\n`);
  return dir;
}

function build(theme: string, locales: string, format = 'pdf'): { out: string; stderr: string } {
  const out = tempDir('briefing-foot-out-');
  const run = runCli([
    'build',
    '--content',
    FIXTURE,
    '--templates',
    templatesWith(theme),
    '--out',
    out,
    '--format',
    format,
    '--locale',
    locales,
  ]);
  expect(run.code, run.stderr).toBe(0);
  return { out, stderr: run.stderr };
}

async function printed(file: string, stderr: string): Promise<Printed> {
  const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
  const pages = new Map([...readDestinations(doc)].map(([id, d]) => [id, d.page]));
  const xml = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  const words: Word[] = [];
  xml
    .split(/<page /)
    .slice(1)
    .forEach((page, i) => {
      for (const m of page.matchAll(
        /<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g,
      ))
        words.push({ page: i + 1, yMin: Number(m[1]), yMax: Number(m[2]), text: m[3]!.replace(/&amp;/g, '&') });
    });
  return { stderr, words, pages };
}

/** The words of `phrase` in a row on `page`, or undefined. */
function phraseOn(words: Word[], page: number, phrase: string): Word[] | undefined {
  const onPage = words.filter((w) => w.page === page);
  const wanted = phrase.split(' ');
  for (let i = 0; i + wanted.length <= onPage.length; i += 1) {
    if (wanted.every((w, j) => onPage[i + j]!.text === w)) return onPage.slice(i, i + wanted.length);
  }
  return undefined;
}

/** Every note on the page of its first reference, below the lowest word of body text there. */
function expectAtFoot(pdf: Printed, locale: 'en' | 'ru'): void {
  for (const [id, phrase] of Object.entries(NOTES[locale])) {
    const refPage = pdf.pages.get(id.replace(/^fn-/, 'fnref-'));
    const notePage = pdf.pages.get(id);
    expect(refPage, `reference of ${id}`).toBeDefined();
    expect(notePage, `${id} on the page of its reference`).toBe(refPage);
    const note = phraseOn(pdf.words, notePage!, phrase);
    expect(note, `"${phrase}" on page ${notePage}`).toBeDefined();
    const body = pdf.words.filter((w) => w.page === notePage && BODY[locale].includes(w.text.replace(/[.,;]$/, '')));
    const lowestBody = Math.max(...body.map((w) => w.yMax));
    expect(note![0]!.yMin, `${id} below the body text of page ${notePage}`).toBeGreaterThan(lowestBody);
  }
  expect(pdf.stderr.split('\n').filter((line) => /print:footnote|layout:/.test(line))).toEqual([]);
}

describe('notes: foot, A4, en and ru', () => {
  const pdfs: Record<string, Printed> = {};
  beforeAll(async () => {
    const { out, stderr } = build('notes: foot', 'all');
    for (const locale of ['en', 'ru'])
      pdfs[locale] = await printed(path.join(out, locale, `footnotes-2025.${locale}.pdf`), stderr);
  });

  it('prints every note at the foot of its reference page, under the body text (en)', () => {
    expectAtFoot(pdfs.en!, 'en');
  });

  it('prints every note at the foot of its reference page, under the body text (ru)', () => {
    expectAtFoot(pdfs.ru!, 'ru');
  });

  it('puts a note near the page foot on that page, with the body split above it', () => {
    const pdf = pdfs.en!;
    const page = pdf.pages.get('fnref-foot-foot2')!;
    // The body goes on on the next page (the chapter is not over), so the page was cut for the notes.
    expect(pdf.words.some((w) => w.page === page + 1 && w.text === 'commission')).toBe(true);
  });

  it('continues a note longer than half a page at the foot of the next page, marked continued', () => {
    for (const [locale, word] of [
      ['en', '(continued)'],
      ['ru', '(продолжение)'],
    ] as const) {
      const pdf = pdfs[locale]!;
      const page = pdf.pages.get('fn-foot-long')!;
      const next = pdf.words.filter((w) => w.page === page + 1);
      const mark = next.find((w) => w.text === word);
      expect(mark, `${locale}: continued mark on page ${page + 1}`).toBeDefined();
      const body = next.filter((w) => BODY[locale].includes(w.text.replace(/[.,;]$/, '')));
      expect(mark!.yMin).toBeGreaterThan(Math.max(...body.map((w) => w.yMax)));
    }
  });

  it('prints eight notes of one page together, in reference order', () => {
    const pdf = pdfs.en!;
    const page = pdf.pages.get('fnref-foot-e1')!;
    const tops = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => phraseOn(pdf.words, page, `finding E${n}.`)![0]!.yMin);
    expect(tops).toEqual([...tops].sort((a, b) => a - b));
  });
});

describe('notes: foot on other page sizes and numberings', () => {
  it('A5, marks counted per page in symbols', async () => {
    const { out, stderr } = build(
      'notes: foot\nnote-numbers: page\npage:\n  size: A5\n  margins: 16mm 14mm 18mm 20mm',
      'en',
    );
    const pdf = await printed(path.join(out, 'en/footnotes-2025.en.pdf'), stderr);
    expectAtFoot(pdf, 'en');
    // The page of the eight notes starts its marks again at *: its notes are * † ‡ § ‖ ¶ ** ††.
    const page = pdf.pages.get('fn-foot-e1')!;
    const labels = pdf.words.filter((w) => w.page === page && /^[*†‡§‖¶]+$/.test(w.text)).map((w) => w.text);
    expect(labels).toEqual(expect.arrayContaining(['*', '†', '‡', '§', '‖', '¶', '**', '††']));
  });

  it('Letter, marks counted per chapter', async () => {
    const { out, stderr } = build('notes: foot\nnote-numbers: chapter\npage:\n  size: Letter\n  margins: 1in', 'en');
    const pdf = await printed(path.join(out, 'en/footnotes-2025.en.pdf'), stderr);
    expectAtFoot(pdf, 'en');
    // The second chapter's first note (in its heading) is i again.
    const note = phraseOn(pdf.words, pdf.pages.get('fn-boxes-head')!, 'i Heading note.');
    expect(note).toBeDefined();
  });
});

describe('notes: foot, the web edition', () => {
  it('keeps the notes after each chapter, linked both ways', () => {
    const { out } = build('notes: foot', 'en', 'html');
    const tree = fromHtml(readFileSync(path.join(out, 'en/footnotes-2025.en.html'), 'utf8'));
    const refs = selectAll('a[role="doc-noteref"]', tree);
    expect(refs).toHaveLength(15);
    for (const ref of refs) {
      const id = String(ref.properties.href).slice(1);
      const note = select(`section.footnotes li[id="${id}"]`, tree);
      expect(note, id).toBeDefined();
      const back = select('a.note-label', note);
      expect(back?.properties.href).toBe(`#${String(ref.properties.id)}`);
    }
  });
});

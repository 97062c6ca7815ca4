// Issue 3, "Notes and sources", in the printed PDF: one build of tests/fixtures/starter with the CLI,
// then the PDF is read back. Every note marker links to its entry (named destination note-<name>),
// every entry links back to each of its references (ref-<name>, ref-<name>-2), every source URL is a
// clickable external link, and no URL text runs off the page.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString } from 'pdf-lib';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STARTER = path.join(ROOT, 'tests/fixtures/starter');

interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}
interface Link {
  page: number;
  rect: Rect;
  uri?: string;
  dest?: string;
}
interface Destination {
  page: number;
  y: number;
}
interface Word {
  page: number;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  text: string;
}

// What the starter's Markdown says: definitions (name → URL) and references in reading order.
const sourcesMd = readFileSync(path.join(STARTER, 'en/sources.md'), 'utf8');
const DEFINITIONS = new Map(
  [...sourcesMd.matchAll(/^\[\^([^\]]+)\]:.*<(https?:\/\/[^>]+)>/gm)].map((m) => [m[1]!, m[2]!]),
);
const CHAPTERS = [
  '01-introduction.md',
  '02-mechanisms.md',
  '03-rights/index.md',
  '03-rights/01-right-to-life.md',
  '03-rights/02-childrens-rights.md',
];
const REFERENCES = CHAPTERS.flatMap((file) =>
  [...readFileSync(path.join(STARTER, 'en', file), 'utf8').matchAll(/\[\^([^\]]+)\]/g)].map((m) => m[1]!),
);

let out: string;
let pdfFile: string;
let pageSize: { width: number; height: number };
let links: Link[];
let destinations: Map<string, Destination>;
let words: Word[];

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'briefing-notes-pdf-'));
  const run = spawnSync(
    process.execPath,
    [path.join(ROOT, 'bin/briefing.js'), 'build', '--content', STARTER, '--out', out, '--format', 'pdf', '-q'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CI: '1' },
    },
  );
  expect(run.status, run.stderr).toBe(0);
  pdfFile = path.join(out, 'en/starter-2022.en.pdf');
  const doc = await PDFDocument.load(readFileSync(pdfFile), { updateMetadata: false });
  ({ links, destinations, pageSize } = readLinks(doc));
  words = readWords(pdfFile);
});

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('notes in the PDF', () => {
  it('has the fixture it expects: 3 notes, 5 references, one of them cited twice', () => {
    expect([...DEFINITIONS.keys()]).toEqual(['first-source', 'second-source', 'third-source']);
    expect(REFERENCES).toEqual(['first-source', 'second-source', 'first-source', 'third-source', 'second-source']);
  });

  it('has a named destination for every entry and every reference', () => {
    const refIds = referenceIds();
    for (const name of DEFINITIONS.keys()) expect(destinations.has(`note-${name}`), `note-${name}`).toBe(true);
    for (const id of refIds) expect(destinations.has(id), id).toBe(true);
  });

  it('links each marker to its entry: one internal link per reference, placed where the reference is', () => {
    for (const name of DEFINITIONS.keys()) {
      const markers = links.filter((l) => l.dest === `note-${name}`);
      const refs = referenceIds().filter((id) => id === `ref-${name}` || id.startsWith(`ref-${name}-`));
      expect(markers, `markers of ${name}`).toHaveLength(refs.length);
      // Each marker sits at one of this note's references (same page, on the reference's line).
      const spots = refs.map((id) => destinations.get(id)!);
      for (const marker of markers) {
        expect(
          spots.some((d) => d.page === marker.page && near(d.y, marker.rect)),
          `marker of ${name} on page ${marker.page} (top ${marker.rect.y2.toFixed(1)}) is not at a destination ${JSON.stringify(spots)}${SHRUNK}`,
        ).toBe(true);
      }
    }
  });

  it('links each entry back to every reference of it (ref-<name>, ref-<name>-2)', () => {
    for (const id of referenceIds()) {
      const back = links.filter((l) => l.dest === id);
      expect(back, `back-links to ${id}`).toHaveLength(1);
      // The back-link sits in the entry of its note.
      const name = id.replace(/^ref-/, '').replace(/-\d+$/, '');
      const entry = destinations.get(`note-${name}`)!;
      expect(back[0]!.page).toBe(entry.page);
      expect(
        near(entry.y, back[0]!.rect),
        `back-link ${id} (top ${back[0]!.rect.y2.toFixed(1)}) not in the entry of ${name} (y ${entry.y})${SHRUNK}`,
      ).toBe(true);
    }
    expect(links.filter((l) => l.dest === 'ref-first-source-2')).toHaveLength(1);
    expect(links.filter((l) => l.dest === 'ref-second-source-2')).toHaveLength(1);
  });

  it('makes each source URL one clickable external link, and no other URI links', () => {
    const uriLinks = links.filter((l) => l.uri !== undefined);
    expect(new Set(uriLinks.map((l) => l.uri))).toEqual(new Set(DEFINITIONS.values()));
    for (const url of DEFINITIONS.values()) {
      const own = uriLinks.filter((l) => l.uri === url);
      const lines = urlLines(url);
      expect(lines.length, `${url} printed`).toBeGreaterThan(0);
      // Exactly one annotation per URL, even when it wraps (print.css sets URL links inline-block:
      // Chromium would otherwise write one annotation per line box), and every printed part covered.
      expect(own, url).toHaveLength(1);
      for (const word of lines) {
        expect(
          own.some((l) => l.page === word.page && covers(l.rect, word)),
          `"${word.text}" is clickable`,
        ).toBe(true);
      }
    }
  });

  it('wraps long URLs inside the page', () => {
    const long = [...DEFINITIONS.values()].find((u) => u.length > 80)!;
    expect(urlLines(long).length, 'the long URL wraps onto more than one line').toBeGreaterThan(1);
    const margin = (22 / 25.4) * 72; // @page margin: 22 mm left and right
    for (const word of words) {
      expect(word.xMin, `"${word.text}" on page ${word.page}`).toBeGreaterThanOrEqual(0);
      expect(word.xMax, `"${word.text}" on page ${word.page}`).toBeLessThanOrEqual(pageSize.width);
    }
    for (const url of DEFINITIONS.values()) {
      for (const word of urlLines(url)) {
        expect(word.xMin, word.text).toBeGreaterThanOrEqual(margin - 1);
        expect(word.xMax, word.text).toBeLessThanOrEqual(pageSize.width - margin + 1);
      }
    }
  });
});

/** Ids of the references in reading order: ref-<name> for the first, ref-<name>-<n> for the n-th. */
function referenceIds(): string[] {
  const seen = new Map<string, number>();
  return REFERENCES.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? `ref-${name}` : `ref-${name}-${n}`;
  });
}

/** The printed words that together spell `url` (one per line it occupies), from pdftotext. */
function urlLines(url: string): Word[] {
  for (let i = 0; i < words.length; i += 1) {
    if (!url.startsWith(words[i]!.text)) continue;
    const parts: Word[] = [];
    let text = '';
    for (let j = i; j < words.length && url.startsWith(text + words[j]!.text); j += 1) {
      text += words[j]!.text;
      parts.push(words[j]!);
      if (text === url) return parts;
    }
  }
  return [];
}

/**
 * Is a destination's y (PDF space, from the bottom) at the top of a link rectangle's line? Chromium
 * (through 2025) writes /XYZ destinations in the coordinates of the page area inside the @page
 * margins, so its y is higher than the target by the top margin (24 mm): either placement counts.
 */
function near(y: number, rect: Rect): boolean {
  const at = (top: number) => top >= rect.y2 - 2 && top <= rect.y2 + 8;
  return at(y) || at(y - MARGIN_TOP);
}
const MARGIN_TOP = (24 / 25.4) * 72;
// Chromium shrinks every page of the PDF when any element is wider than the page box, and does not
// scale its named destinations: links then land off their targets and a long URL may fit one line.
const SHRUNK =
  '; if every link is off, the PDF was printed shrunk: look for an element wider than the page in print.css';

/** Does a link rectangle (PDF space) cover a word (pdftotext space, y from the top)? */
function covers(rect: Rect, word: Word): boolean {
  const top = pageSize.height - word.yMin;
  const bottom = pageSize.height - word.yMax;
  const midY = (top + bottom) / 2;
  return rect.x1 <= word.xMin + 1 && rect.x2 >= word.xMax - 1 && midY >= rect.y1 && midY <= rect.y2;
}

function readLinks(doc: PDFDocument): {
  links: Link[];
  destinations: Map<string, Destination>;
  pageSize: { width: number; height: number };
} {
  const pages = doc.getPages();
  const pageOf = new Map(pages.map((p, i) => [p.ref.toString(), i + 1]));
  const text = (value: unknown): string | undefined => {
    if (value instanceof PDFName) return safeDecode(value.decodeText());
    if (value instanceof PDFString || value instanceof PDFHexString) return safeDecode(value.decodeText());
    return undefined;
  };
  const links: Link[] = [];
  pages.forEach((page, i) => {
    const annots = page.node.Annots();
    if (!annots) return;
    for (let k = 0; k < annots.size(); k += 1) {
      const annot = annots.lookup(k, PDFDict);
      if (annot.lookup(PDFName.of('Subtype')) !== PDFName.of('Link')) continue;
      const [x1, y1, x2, y2] = annot
        .lookup(PDFName.of('Rect'), PDFArray)
        .asArray()
        .map((n) => (n as PDFNumber).asNumber());
      const link: Link = { page: i + 1, rect: { x1: x1!, y1: y1!, x2: x2!, y2: y2! } };
      const action = annot.lookupMaybe(PDFName.of('A'), PDFDict);
      const kind = action?.lookup(PDFName.of('S'));
      if (kind === PDFName.of('URI')) link.uri = text(action!.lookup(PDFName.of('URI')));
      else if (kind === PDFName.of('GoTo')) link.dest = text(action!.lookup(PDFName.of('D')));
      else link.dest = text(annot.lookup(PDFName.of('Dest')));
      links.push(link);
    }
  });
  const destinations = new Map<string, Destination>();
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  for (const [name, value] of dests?.entries() ?? []) {
    let target = value instanceof PDFRef ? doc.context.lookup(value) : value;
    if (target instanceof PDFDict) target = target.lookup(PDFName.of('D'));
    if (!(target instanceof PDFArray)) continue;
    const page = pageOf.get(String(target.get(0)));
    const y = target.lookup(3);
    if (page !== undefined)
      destinations.set(safeDecode(name.decodeText()), { page, y: y instanceof PDFNumber ? y.asNumber() : NaN });
  }
  const { width, height } = pages[0]!.getSize();
  return { links, destinations, pageSize: { width, height } };
}

function readWords(file: string): Word[] {
  const xml = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  const result: Word[] = [];
  const pages = xml.split(/<page /).slice(1);
  pages.forEach((page, i) => {
    for (const m of page.matchAll(
      /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
    )) {
      result.push({
        page: i + 1,
        xMin: Number(m[1]),
        yMin: Number(m[2]),
        xMax: Number(m[3]),
        yMax: Number(m[4]),
        text: unescapeXml(m[5]!),
      });
    }
  });
  return result;
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function safeDecode(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

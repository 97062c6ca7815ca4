// The Word edition (src/docx/) read back as a Word reader reads it: the .docx unzipped (fflate) and its
// parts parsed as XML (xml-js), for the fixture tests/fixtures/docx, which has every construct.
import { describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { xml2js, type Element as XmlElement } from 'xml-js';
import type { Root } from 'hast';
import { loadConfig } from '../../src/config/config.js';
import { checkEditions } from '../../src/check.js';
import { loadTemplates } from '../../src/render/render.js';
import { editionDocx } from '../../src/docx/document.js';
import { BlockConverter } from '../../src/docx/blocks.js';
import { DocxContext } from '../../src/docx/context.js';
import { DocxNotes } from '../../src/docx/notes.js';
import { lookOf } from '../../src/docx/styles.js';
import { RULES } from '../../src/rules.js';
import { selectFormats } from '../../src/config/formats.js';
import { ROOT, tempDir } from '../support/cli.js';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'docx');
const TEMPLATES = path.join(ROOT, 'templates');

async function wordEdition(templates = TEMPLATES, date = new Date(Date.UTC(2024, 0, 1))) {
  const config = await loadConfig({ content: FIXTURE, templates });
  const [{ editions }, loaded] = await Promise.all([checkEditions(config), loadTemplates(templates, FIXTURE)]);
  const edition = editions[0]!;
  const docx = await editionDocx(edition, { theme: loaded.theme, noteNumbering: 'lower-roman', date });
  return { ...docx, edition, theme: loaded.theme };
}

/** Every element of a part, in document order. */
function elements(xml: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (node: XmlElement) => {
    if (node.type === 'element') out.push(node);
    for (const child of node.elements ?? []) walk(child);
  };
  walk(xml2js(xml, { compact: false, captureSpacesBetweenElements: true }) as XmlElement);
  return out;
}

function parts(data: Uint8Array): Record<string, string> {
  const files = unzipSync(data);
  return Object.fromEntries(
    Object.entries(files)
      .filter(([name]) => /\.(xml|rels)$/.test(name))
      .map(([name, bytes]) => [name, strFromU8(bytes)]),
  );
}

const named = (all: XmlElement[], name: string) => all.filter((e) => e.name === name);
const attr = (e: XmlElement, name: string) => e.attributes?.[name];
/** The text of an element's w:t and m:t descendants. */
function text(e: XmlElement): string {
  if (e.type === 'text') return String(e.text);
  return (e.elements ?? []).map(text).join('');
}
/** The paragraphs in a Word style, by style id. */
function styled(all: XmlElement[], style: string): XmlElement[] {
  return named(all, 'w:p').filter((p) => elements2(p).some((e) => e.name === 'w:pStyle' && attr(e, 'w:val') === style));
}
function elements2(node: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (n: XmlElement) => {
    if (n.type === 'element') out.push(n);
    for (const c of n.elements ?? []) walk(c);
  };
  for (const c of node.elements ?? []) walk(c);
  return out;
}

describe('Word edition (build --format docx)', () => {
  it('is made when asked for by name, not by default', () => {
    expect(selectFormats(undefined)).toEqual(['pdf', 'html']);
    expect(selectFormats('docx')).toEqual(['docx']);
    expect(selectFormats('html,docx')).toEqual(['html', 'docx']);
  });

  it('has headings in Word heading styles, the title page and a TOC field over chapters and sections', async () => {
    const { data, edition } = await wordEdition();
    const doc = elements(parts(data)['word/document.xml']!);
    const headings = [1, 2, 3, 4, 5, 6].map((n) => styled(doc, `Heading${n}`).map(text));
    expect(headings[0]).toEqual(edition.chapters.map((c) => `${c.number}. ${c.title}`));
    expect(headings[1]).toEqual(['Internal links', 'Boxes', 'Tables with merges', 'A figure', 'Lists, terms and math']);
    expect(headings.slice(2).map((h) => h.length)).toEqual([1, 1, 1, 1]);
    expect(styled(doc, 'Title').map(text)).toEqual(['The Word edition fixture']);
    expect(styled(doc, 'Subtitle').map(text)).toEqual(['Every construct a reviewer should see']);
    const instructions = named(doc, 'w:instrText').map(text).join('');
    expect(instructions).toMatch(/^TOC \\h \\o "1-2"/);
  });

  it('makes notes real Word footnotes, one per note; a second reference links to the first', async () => {
    const { data, diagnostics } = await wordEdition();
    expect(diagnostics.map((d) => `${path.basename(d.file)}:${d.line}:${d.column} ${d.rule}`)).toEqual([
      `01-notes-and-links.md:13:5 ${RULES.docxUnsupported.id}`,
    ]);
    const all = parts(data);
    const footnotes = named(elements(all['word/footnotes.xml']!), 'w:footnote').filter((f) => !attr(f, 'w:type'));
    expect(footnotes.map(text)).toEqual([
      'Local survey, 2021.A second paragraph of the same note.',
      'As reported by the ministry.',
      // A table in a note: its cells' paragraphs (Word notes hold paragraphs), with a warning at it.
      'Counts by well:WellCountDeep4',
    ]);
    // Each cell its own paragraph: one paragraph of them all would read "WellCountDeep4".
    expect(named(elements2(footnotes[2]!), 'w:p').map(text)).toEqual(['Counts by well:', 'Well', 'Count', 'Deep', '4']);
    const doc = elements(all['word/document.xml']!);
    expect(named(doc, 'w:footnoteReference')).toHaveLength(3);
    // Notes are numbered as the edition numbers them (lower-roman here).
    const settings = elements(all['word/document.xml']!).filter((e) => e.name === 'w:footnotePr');
    expect(
      settings.flatMap((s) => elements2(s)).some((e) => e.name === 'w:numFmt' && attr(e, 'w:val') === 'lowerRoman'),
    ).toBe(true);
    // The source stays in the Sources chapter (its number, a tab, its text), its reference a link to it.
    const paragraphs = named(doc, 'w:p');
    const source = paragraphs.find((p) => text(p).includes('Shared source'))!;
    expect(text(source)).toBe('iiiShared source https://example.org/shared'); // the tab between has no text
    const citing = paragraphs.find((p) => text(p).includes('cited too'))!;
    const link = named(elements2(citing), 'w:hyperlink').find((h) => text(h) === 'iii')!;
    const marks = named(elements2(source), 'w:bookmarkStart').map((b) => attr(b, 'w:name'));
    expect(marks).toContain(attr(link, 'w:anchor'));
  });

  it('makes notes endnotes when the theme puts notes at the end, and the contents as deep as it says', async () => {
    const templates = path.join(tempDir(), 'templates');
    cpSync(TEMPLATES, templates, { recursive: true });
    const theme = path.join(templates, 'theme.yaml');
    const yaml = readFileSync(theme, 'utf8').replace(/^notes: chapter/m, 'notes: end');
    writeFileSync(theme, `${yaml}\ncontents:\n  depth: 4\n`);
    const { data } = await wordEdition(templates);
    const instructions = named(elements(parts(data)['word/document.xml']!), 'w:instrText')
      .map(text)
      .join('');
    expect(instructions).toMatch(/^TOC \\h \\o "1-4"/);
    const all = parts(data);
    const endnotes = named(elements(all['word/endnotes.xml']!), 'w:endnote').filter((f) => !attr(f, 'w:type'));
    expect(endnotes.map(text)).toEqual([
      'Local survey, 2021.A second paragraph of the same note.',
      'As reported by the ministry.',
      'Counts by well:WellCountDeep4',
    ]);
    expect(named(elements(all['word/document.xml']!), 'w:footnoteReference')).toHaveLength(0);
  });

  it("sets the theme's fonts and colours in Word's styles (body, headings, title, links)", async () => {
    const templates = path.join(tempDir(), 'templates');
    cpSync(TEMPLATES, templates, { recursive: true });
    const theme = path.join(templates, 'theme.yaml');
    writeFileSync(
      theme,
      `${readFileSync(theme, 'utf8')}\ncolors:\n  accent: '#aa3300'\n  text: rebeccapurple\nfonts:\n  body: '@fontsource/noto-serif'\n  headings: '@fontsource/noto-sans'\n`,
    );
    const { data } = await wordEdition(templates);
    const styles = elements(parts(data)['word/styles.xml']!);
    const style = (id: string) => styles.find((e) => e.name === 'w:style' && attr(e, 'w:styleId') === id)!;
    const look = (e: XmlElement) => {
      const inner = elements2(e);
      const font = inner.find((x) => x.name === 'w:rFonts');
      const color = inner.find((x) => x.name === 'w:color');
      return { font: font && attr(font, 'w:ascii'), color: color && attr(color, 'w:val') };
    };
    expect(look(named(styles, 'w:docDefaults')[0]!)).toEqual({ font: 'Noto Serif', color: '663399' });
    expect(look(style('Heading1'))).toEqual({ font: 'Noto Sans', color: 'aa3300' });
    expect(look(style('Title'))).toEqual({ font: 'Noto Sans', color: 'aa3300' });
    expect(look(style('Hyperlink')).color).toBe('aa3300');
  });

  it('makes tables with repeated header rows and merged cells, and callouts as shaded one-cell tables', async () => {
    const { data, theme } = await wordEdition();
    const doc = elements(parts(data)['word/document.xml']!);
    const tables = named(doc, 'w:tbl');
    expect(tables).toHaveLength(4);
    const [note, warning, merged, pipe] = tables.map((t) => elements2(t));
    // Callouts: one cell, filled with the theme's box colour, its text in the Callout style.
    for (const box of [note!, warning!]) {
      expect(named(box, 'w:tc')).toHaveLength(1);
      expect(named(box, 'w:shd').map((s) => attr(s, 'w:fill'))).toContain(theme.colors.box!.replace('#', ''));
    }
    expect(named(note!, 'w:t').map(text).join('')).toContain('A typed note box with bold text.');
    // colspan=2 → gridSpan 2; rowspan=2 → a restarted and a continued vertical merge.
    expect(
      named(merged!, 'w:gridSpan')
        .map((g) => attr(g, 'w:val'))
        .filter((v) => v !== '1'),
    ).toEqual(['2']);
    expect(named(merged!, 'w:vMerge').map((v) => attr(v, 'w:val') ?? 'continue')).toEqual(['restart', 'continue']);
    expect(named(merged!, 'w:tblHeader')).toHaveLength(1);
    expect(named(pipe!, 'w:tblHeader')).toHaveLength(1);
    // The caption of the pipe table, in Word's Caption style.
    expect(styled(doc, 'Caption').map(text)).toEqual([
      'Table 1. Wells by region',
      'Figure 1. Wide chart with a caption',
    ]);
  });

  it('embeds the figure scaled to the text width, with its alt text', async () => {
    const { data, theme } = await wordEdition();
    const files = unzipSync(data);
    const media = Object.keys(files).filter((n) => n.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    const png = readFileSync(path.join(FIXTURE, 'en', 'images', 'wide.png'));
    expect(Buffer.from(files[media[0]!]!).equals(png)).toBe(true);
    const doc = elements(parts(data)['word/document.xml']!);
    const extent = named(doc, 'wp:extent')[0]!;
    const textWidthEmu = (theme.page.contentWidth / 25.4) * 914400;
    const width = Number(attr(extent, 'cx'));
    // wide.png is 1800 px wide: drawn at the text width (to a pixel), its height in proportion.
    expect(width).toBeLessThanOrEqual(textWidthEmu);
    expect(width).toBeGreaterThan(textWidthEmu - 9525 * 2);
    expect(Number(attr(extent, 'cy')) / width).toBeCloseTo(900 / 1800, 2);
    expect(attr(named(doc, 'wp:docPr')[0]!, 'descr')).toBe('Wide chart with a caption');
  });

  it('links inside the edition to bookmarks that exist, and keeps math as Word equations', async () => {
    const { data } = await wordEdition();
    const doc = elements(parts(data)['word/document.xml']!);
    const bookmarks = new Set(named(doc, 'w:bookmarkStart').map((b) => attr(b, 'w:name')));
    const anchors = named(doc, 'w:hyperlink')
      .map((h) => attr(h, 'w:anchor'))
      .filter((a): a is string => a !== undefined);
    const internal = ['the tables', 'the figure', 'the box', 'the marked phrase', 'another chapter'];
    const linked = named(doc, 'w:hyperlink').filter((h) => internal.includes(text(h)));
    expect(linked.map(text)).toEqual(internal);
    for (const anchor of anchors) expect(bookmarks).toContain(anchor);
    const maths = named(doc, 'm:oMath');
    expect(maths.map(text)).toEqual(['E=mc2', 'i=1ni=n(n+1)2']);
    expect(named(doc, 'm:f')).toHaveLength(1);
    // Lists: `5.` starts its Word list at 5.
    const numbering = elements(parts(data)['word/numbering.xml']!);
    expect(named(numbering, 'w:start').map((s) => attr(s, 'w:val'))).toContain('5');
  });

  it('gives the same bytes for the same edition, dated with its date', async () => {
    const date = new Date(1_700_000_000 * 1000);
    const first = await wordEdition(TEMPLATES, date);
    const second = await wordEdition(TEMPLATES, date);
    expect(Buffer.from(first.data).equals(Buffer.from(second.data))).toBe(true);
    const core = parts(first.data)['docProps/core.xml']!;
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2023-11-14T22:13:20Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2023-11-14T22:13:20Z</dcterms:modified>');
    const files = unzipSync(first.data);
    expect(Object.keys(files)[0]).toBe('[Content_Types].xml');
  });

  it("marks the runs of a chapter not yet translated with the source's language", async () => {
    const content = path.join(ROOT, 'content');
    const config = await loadConfig({ content, templates: TEMPLATES, locale: 'ru' });
    const [{ editions }, loaded] = await Promise.all([checkEditions(config), loadTemplates(TEMPLATES, content)]);
    const edition = editions[0]!;
    const fallback = edition.chapters.find((c) => c.lang === 'en')!;
    const { data } = await editionDocx(edition, {
      theme: loaded.theme,
      noteNumbering: 'lower-roman',
      date: new Date(0),
    });
    const all = parts(data);
    const styles = elements(all['word/styles.xml']!);
    expect(named(styles, 'w:lang').map((l) => attr(l, 'w:val'))).toEqual(['ru']);
    // The fallback chapter's heading is in English, and says so.
    const heading = styled(elements(all['word/document.xml']!), 'Heading1').find((p) =>
      text(p).includes(fallback.title),
    )!;
    expect(named(elements2(heading), 'w:lang').map((l) => attr(l, 'w:val'))).toContain('en');
  });

  it('keeps a note no text refers to (only another note could), at the end, with a warning at it', async () => {
    const config = await loadConfig({ content: FIXTURE, templates: TEMPLATES });
    const [{ editions }, loaded] = await Promise.all([checkEditions(config), loadTemplates(TEMPLATES, FIXTURE)]);
    const edition = editions[0]!;
    const orphan = structuredClone(edition.chapters[0]!.footnotes[0]!);
    orphan.properties.id = 'fn-orphan';
    orphan.position = { start: { line: 40, column: 1 }, end: { line: 40, column: 20 } };
    edition.chapters[0]!.footnotes.push(orphan);
    const { data, diagnostics } = await editionDocx(edition, {
      theme: loaded.theme,
      noteNumbering: 'lower-roman',
      date: new Date(0),
    });
    const paragraphs = named(elements(parts(data)['word/document.xml']!), 'w:p').map(text);
    expect(paragraphs.slice(-2)).toEqual(['Local survey, 2021.', 'A second paragraph of the same note.']);
    expect(diagnostics.map((d) => `${path.basename(d.file)}:${d.line}:${d.column} ${d.rule}`)).toContain(
      `01-notes-and-links.md:40:1 ${RULES.docxUnsupported.id}`,
    );
  });

  it('keeps a link Word cannot follow as its text, with a warning; a bad #fragment is no crash', async () => {
    const { theme } = await wordEdition();
    const ctx = new DocxContext(600);
    const blocks = new BlockConverter(ctx, new DocxNotes(ctx, [], 'footnote'), lookOf(theme), 9000);
    const link = (href: string, line: number) => ({
      type: 'element' as const,
      tagName: 'a',
      properties: { href },
      position: { start: { line, column: 1 }, end: { line, column: 9 } },
      children: [{ type: 'text' as const, value: `to ${href}` }],
    });
    const out = blocks.blocks([link('annex.pdf', 3), link('#50%', 4), link('javascript:alert(1)', 5)], {
      file: 'content/en/01-a.md',
    });
    expect(out).toHaveLength(1);
    expect(ctx.diagnostics.map((d) => `${d.line} ${d.rule}`)).toEqual([
      `3 ${RULES.docxUnsupported.id}`,
      `5 ${RULES.docxUnsupported.id}`,
    ]);
  });

  it('warns at the Markdown line of an element Word has no form for, and keeps its text', async () => {
    const { theme } = await wordEdition();
    const ctx = new DocxContext(600);
    const blocks = new BlockConverter(ctx, new DocxNotes(ctx, [], 'footnote'), lookOf(theme), 9000);
    const tree: Root = {
      type: 'root',
      children: [
        {
          type: 'element',
          tagName: 'video',
          properties: {},
          position: { start: { line: 7, column: 3 }, end: { line: 7, column: 30 } },
          children: [{ type: 'text', value: 'Your browser cannot play it.' }],
        },
      ],
    };
    const out = blocks.blocks(tree.children as never, { file: 'content/en/01-a.md' });
    expect(out).toHaveLength(1);
    expect(ctx.diagnostics).toEqual([
      expect.objectContaining({
        file: 'content/en/01-a.md',
        line: 7,
        column: 3,
        severity: 'warning',
        rule: RULES.docxUnsupported.id,
      }),
    ]);
    expect(ctx.diagnostics[0]!.message).toContain('<video>');
  });
});

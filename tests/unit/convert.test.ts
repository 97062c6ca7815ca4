// `briefing convert`: Word files made with the `docx` library → a content folder; every construct of
// issue 26 checked in the Markdown written and in the edition `check` reads from it; the report of
// what did not come across; converting again; bad input (nothing written).
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runMain, tempDir } from '../support/cli.js';
import { everythingDocx, PNG, reportShapedDocx } from '../support/docx.js';

let dir: string;
let docx: string;
let out: string;
let first: { code: number; stdout: string; stderr: string };
const chapter = (name: string) => readFileSync(path.join(out, 'en', name), 'utf8');

beforeAll(async () => {
  dir = tempDir('briefing-convert-');
  docx = path.join(dir, 'draft.docx');
  out = path.join(dir, 'content');
  writeFileSync(docx, await everythingDocx());
  first = (await runMain(['convert', docx, '--out', out])) as typeof first;
});

describe('briefing convert: constructs', () => {
  it('writes a content folder with chapters in Word order and the document properties', () => {
    expect(first.code).toBe(0);
    expect(readdirSync(path.join(out, 'en')).sort()).toEqual([
      '01-introduction.md',
      '02-findings.md',
      'edition.yaml',
      'images',
      'preface.md',
    ]);
    const settings = readFileSync(path.join(out, 'briefing.yaml'), 'utf8');
    expect(settings).toContain('chapters:\n  - 01-introduction.md\n  - 02-findings.md');
    expect(settings).toContain('sourceLocale: en');
    const edition = readFileSync(path.join(out, 'en', 'edition.yaml'), 'utf8');
    expect(edition).toBe(
      'title: Water for Every Village\nsubtitle: A field report\nauthor: Ana Pereira\ndescription: Nine villages, three seasons.\nkeywords:\n  - water\n  - villages\n',
    );
    expect(readFileSync(path.join(out, 'en', 'preface.md'), 'utf8')).toBe('Preface words before the first chapter.\n');
  });

  it('keeps inline formatting, notes at their reference, links and a typed number out of the heading', () => {
    const intro = chapter('01-introduction.md');
    expect(intro).toMatch(/^# Introduction \{#introduction\}\n/);
    expect(intro).toContain(
      '**Bold** and *italic*, H<sub>2</sub>O, 10<sup>3</sup>, <span class="smallcaps">small caps</span> wells were dug.[^1] The rest came later.[^e1]',
    );
    expect(intro).toContain('[^1]: Counted by the district office in March.');
    expect(intro).toContain('[^e1]: An endnote about the wells.');
    expect(intro).toContain('See [the survey](https://example.org/water) and the [introduction](#introduction).');
    expect(chapter('02-findings.md')).toContain('As the [Introduction](#introduction) says, water came.');
  });

  it('takes the accepted version of tracked changes, and makes callouts, lists, tables and figures', () => {
    const intro = chapter('01-introduction.md');
    expect(intro).toContain('Tracked: inserted words in red Arial.');
    expect(intro).not.toContain('removed words');
    expect(intro).toContain(':::callout\nA key figure: nine villages in three seasons.\n:::');
    expect(intro).toContain('1. First step\n   1. Nested step\n2. Second step\n\nBetween the lists.\n\n1. Again first');
    // Word continues the first list after the paragraphs between: its third step is 3.
    expect(intro).toContain('- A bullet\n  - A nested bullet\n\nBack to the steps:\n\n3. Third step');
    // Merged cells and a two-paragraph cell: a grid table, the header row kept, the caption's label dropped.
    expect(intro).toContain('Table: Wells by district\n\n+-');
    expect(intro).toMatch(/\| District +\| Wells +\| Notes +\|\n\+=+\+=+\+=+\+/);
    expect(intro).toMatch(/\| North and East +\| First paragraph +\|\n\| +\| +\|\n\| +\| Second paragraph +\|/);
    expect(intro).toContain('![Wells per district](images/image1.png "Bars of wells per district"){width=7.94cm}');
    expect(readFileSync(path.join(out, 'en', 'images', 'image1.png')).equals(PNG)).toBe(true);
  });

  it('builds as it is: check finds the chapters, notes, callout, figure and table without a problem', async () => {
    const result = await runMain(['check', '--content', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'en: 2 chapters, 0 sections, 1 callouts, 1 figures, 1 tables, 2 notes (2 references)',
    );
  });

  it('reports what did not come across at the paragraph, with its first words', () => {
    const lines = first.stderr.trim().split('\n');
    const d = docx;
    expect(lines).toContain(
      `${d}:5:1 warning paragraph 5 ("See the survey and the introduction.…"): a comment ("Reviewer: Check this figure") is not converted (comments stay in Word) (resolve the comment in Word, or carry it into the Markdown as an HTML comment <!-- … -->) convert:not-converted`,
    );
    expect(lines).toContain(
      `${d}:6:1 warning paragraph 6 ("Tracked: inserted words in red Arial."): deleted text left out (the accepted version is converted): "removed words" (accept or reject the changes in Word (Review → Accept/Reject) and convert again if that is not what you want) convert:tracked-changes`,
    );
    expect(lines).toContain(
      `${d}:6:1 warning paragraph 6 ("Tracked: inserted words in red Arial."): 1 tracked insertions and 1 tracked deletions in the document: the accepted version is converted (insertions kept, deletions left out) (accept or reject the changes in Word (Review → Accept/Reject) and convert again if that is not what you want) convert:tracked-changes`,
    );
    expect(lines.some((l) => l.includes('): text set in the font "Arial" is printed in the theme\'s fonts'))).toBe(
      true,
    );
    expect(lines.some((l) => l.includes('): text colour FF0000 is not carried'))).toBe(true);
    expect(lines.some((l) => /paragraph \d+ \("As the Introduction says,/.test(l))).toBe(false);
    expect(lines.some((l) => l.includes('an equation is not converted (write it as $…$ math in the Markdown)'))).toBe(
      true,
    );
    // Once, by the scan: mammoth's own note on the equation it ignores is not repeated unpositioned.
    expect(lines.filter((l) => l.includes('oMath'))).toEqual([]);
    expect(lines.filter((l) => !l.startsWith(`${d}:`))).toEqual([]);
    // mammoth reads a text box through Word's VML copy of it: its words come across, the box does not.
    expect(
      lines.some((l) =>
        l.includes(
          'a text box ("Boxed aside text"): its text is kept as paragraphs here, its frame and position are not',
        ),
      ),
    ).toBe(true);
    expect(chapter('02-findings.md')).toContain('Boxed aside text');
    // Links that could not work in the edition keep their words and are named.
    expect(chapter('02-findings.md')).toContain('\na lost bookmark and a file on a disk\n');
    // At the paragraph of the Word link, as every other line.
    const why =
      '(a bookmark that is not in the document, or an address that is not http(s) or mailto) (link to a heading or a bookmark of the document, or to a full https:// address, in Word) convert:not-converted';
    expect(lines.filter((l) => l.includes('a link is kept as its text only'))).toEqual([
      `${d}:38:1 warning paragraph 38 ("a lost bookmark and a file…"): a link is kept as its text only: "a lost bookmark" → #nowhere ${why}`,
      `${d}:38:1 warning paragraph 38 ("a lost bookmark and a file…"): a link is kept as its text only: "a file on a disk" → file:///C:/drafts/old.docx ${why}`,
    ]);
    expect(lines).toContain(
      `${d}:39:1 info paragraph 39 ("Water is life."): the paragraph style "Pull Quote" is converted as plain paragraphs (its look is the theme's) (if "Pull Quote" marks boxes, list it under \`convert: { callouts: […] }\` in briefing.yaml and convert again) convert:not-converted`,
    );
    expect(chapter('02-findings.md')).toContain('\nWater is life.\n');
  });
});

describe('briefing convert: a report shaped like a real one (Quarto/Pandoc, docs/REAL-DOCUMENTS.md)', () => {
  let target: string;
  let run: { code: number; stdout: string; stderr: string };
  const file = (name: string) => readFileSync(path.join(target, 'en', name), 'utf8');

  beforeAll(async () => {
    const shaped = path.join(dir, 'shaped.docx');
    writeFileSync(shaped, await reportShapedDocx(4));
    target = path.join(dir, 'shaped');
    run = (await runMain(['convert', shaped, '--out', target])) as typeof run;
  });

  it('makes chapters of the top headings when there is no Heading 1, and closes up a skipped level', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(path.join(target, 'en')).filter((f) => f.endsWith('.md'))).toEqual([
      '01-finding-number-1.md',
      '02-finding-number-2.md',
      '03-finding-number-3.md',
      '04-finding-number-4.md',
      '05-data-access-and-reproducibility.md',
      'preface.md',
    ]);
    expect(file('02-finding-number-2.md')).toMatch(/^# Finding number 2 \{#finding-number-2\}\n/);
    // Heading 4 right under a Heading 2 in Word: a section of the chapter.
    expect(file('02-finding-number-2.md')).toContain('\n## Detail of finding 2\n');
    expect(file('01-finding-number-1.md')).toContain('\n## Detail of finding 1\n');
    expect(file('01-finding-number-1.md')).toContain('As [Section 2](#finding-number-2) shows,');
  });

  it("makes Word's horizontal lines thematic breaks, not shapes that did not come across", () => {
    expect(run.stderr).not.toContain('drawn shape');
    expect(file('preface.md')).toBe('2026-07-21\n\n---\n');
    for (const name of ['01-finding-number-1.md', '04-finding-number-4.md'])
      expect(file(name)).toMatch(/\n---\n\n\[\^\d\]: /);
    // The report's only warning is the comment (and an info line for the "Source Code" style).
    expect(
      run.stderr
        .trim()
        .split('\n')
        .filter((l) => / warning /.test(l)),
    ).toEqual([expect.stringContaining('a comment ("Reviewer: Which centres?") is not converted')]);
  });

  it('builds as it is', async () => {
    const result = await runMain(['check', '--content', target]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('en: 5 chapters, ');
    expect(result.stdout).toContain(', 4 notes (4 references)');
  });
});

describe('briefing convert: converting again', () => {
  it('rewrites nothing when nothing changed, refuses to overwrite an edited file, and overwrites it when told', async () => {
    const again = await runMain(['convert', docx, '--out', out]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 files written, 6 unchanged');
    const file = path.join(out, 'en', '02-findings.md');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nAn edit made in Markdown.\n`);
    const refused = await runMain(['convert', docx, '--out', out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `${file} error was edited since the last conversion: converting again would overwrite it; nothing was written (carry the edits into the Word file and convert again with --overwrite, or convert into another --out folder) convert:edited`,
    );
    expect(readFileSync(file, 'utf8')).toContain('An edit made in Markdown.');
    const forced = await runMain(['convert', docx, '--out', out, '--overwrite']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('1 files written, 5 unchanged');
    expect(readFileSync(file, 'utf8')).not.toContain('An edit made in Markdown.');
  });

  it('keeps chapter file names when a chapter is added before them in Word, and rewrites only what changed', async () => {
    const zip = await JSZip.loadAsync(readFileSync(docx));
    const xml = await zip.file('word/document.xml')!.async('string');
    const added = xml.replace(
      '<w:body>',
      '<w:body><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Summary</w:t></w:r></w:p><w:p><w:r><w:t>The short version.</w:t></w:r></w:p>',
    );
    zip.file('word/document.xml', added);
    const edited = path.join(dir, 'draft-2.docx');
    writeFileSync(edited, await zip.generateAsync({ type: 'nodebuffer' }));
    const result = await runMain(['convert', edited, '--out', out]);
    expect(result.code).toBe(0);
    const settings = readFileSync(path.join(out, 'briefing.yaml'), 'utf8');
    expect(settings).toContain('chapters:\n  - 01-summary.md\n  - 01-introduction.md\n  - 02-findings.md');
    // The new chapter took the text before the first heading, so the preface goes.
    expect(result.stdout).toContain(`${path.join(out, 'en', 'preface.md')}: removed`);
    expect(result.stdout.match(/: written/g)).toHaveLength(2); // briefing.yaml and the new chapter
  });

  it('--strict: exit 1 when anything did not come across (the folder is written all the same)', async () => {
    const target = path.join(dir, 'strict');
    const result = await runMain(['convert', docx, '--out', target, '--strict']);
    expect(result.code).toBe(1);
    expect(existsSync(path.join(target, 'en', '01-introduction.md'))).toBe(true);
  });

  it("names the edition after the file in the letters an id allows ('Résumé 2024.docx' → resume-2024)", async () => {
    const named = path.join(dir, 'Résumé 2024.docx');
    writeFileSync(named, readFileSync(docx));
    const target = path.join(dir, 'named');
    expect((await runMain(['convert', named, '--out', target])).code).toBe(0);
    expect(readFileSync(path.join(target, 'briefing.yaml'), 'utf8')).toContain('\nid: resume-2024\n');
    const check = await runMain(['check', '--content', target]);
    expect(check.code, check.stderr).toBe(0);
  });

  it('refuses a folder it did not write', async () => {
    const other = path.join(dir, 'other');
    mkdirSync(other);
    writeFileSync(path.join(other, 'notes.txt'), 'mine');
    const result = await runMain(['convert', docx, '--out', other]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not empty and was not written by `briefing convert`');
    expect(readdirSync(other)).toEqual(['notes.txt']);
  });
});

describe("briefing convert: Word's objects, charts, diagrams, shapes and fields are reported; its language is the edition's", () => {
  // Word parts the `docx` library does not write, put in as Word writes them: each in a paragraph of its own.
  const PARTS: Record<string, string> = {
    OBJECT:
      '<w:r><w:object><v:shape id="o1" style="width:100pt;height:50pt"/><o:OLEObject Type="Embed" ProgID="Excel.Sheet.12" ShapeID="o1" r:id="rIdX"/></w:object></w:r>',
    CHART:
      '<w:r><w:drawing><wp:inline><wp:extent cx="914400" cy="457200"/><wp:docPr id="90" name="Chart 1"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rIdY"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>',
    SMARTART:
      '<w:r><w:drawing><wp:inline><wp:extent cx="914400" cy="457200"/><wp:docPr id="91" name="Diagram 1"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/diagram"><dgm:relIds xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" r:dm="rIdA" r:lo="rIdB" r:qs="rIdC" r:cs="rIdD"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>',
    SHAPE:
      '<w:r><w:drawing><wp:anchor><wp:extent cx="914400" cy="457200"/><wp:docPr id="92" name="Arrow 1"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:spPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>',
    DATE: '<w:fldSimple w:instr=" DATE \\@ &quot;d MMMM yyyy&quot; "><w:r><w:t>6 December 2026</w:t></w:r></w:fldSimple>',
    PAGEREF: '<w:fldSimple w:instr=" PAGEREF intro \\h "><w:r><w:t>3</w:t></w:r></w:fldSimple>',
  };
  let run: { code: number; stderr: string };
  let target: string;

  beforeAll(async () => {
    const zip = await JSZip.loadAsync(readFileSync(docx));
    let xml = await zip.file('word/document.xml')!.async('string');
    for (const [name, part] of Object.entries(PARTS)) {
      const words = `Before the ${name.toLowerCase()}: `;
      xml = xml.replace(
        '<w:p><w:r><w:t xml:space="preserve">Last words of the findings.</w:t></w:r></w:p>',
        (p) => `<w:p><w:r><w:t xml:space="preserve">${words}</w:t></w:r>${part}</w:p>${p}`,
      );
    }
    zip.file('word/document.xml', xml);
    const core = await zip.file('docProps/core.xml')!.async('string');
    zip.file(
      'docProps/core.xml',
      core.replace('</cp:coreProperties>', '<dc:language>ru-RU</dc:language></cp:coreProperties>'),
    );
    const file = path.join(dir, 'objects.docx');
    writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
    target = path.join(dir, 'objects');
    run = (await runMain(['convert', file, '--out', target])) as typeof run;
  });

  it('writes a line for each, at its paragraph, and keeps the words around it', () => {
    expect(run.code).toBe(0);
    const at = (name: string, detail: string) =>
      new RegExp(`:(\\d+):1 warning paragraph \\1 \\("Before the ${name}:[^"]*"\\): ${detail}`);
    const lines = run.stderr.trim().split('\n');
    for (const [name, detail] of [
      ['object', 'an embedded object \\(OLE: a worksheet, a chart or a file\\) is not converted'],
      ['chart', 'a chart is not converted'],
      ['smartart', 'a SmartArt diagram is not converted'],
      ['shape', 'a drawn shape is not converted'],
      ['date', 'a DATE field is converted as the text Word last showed for it'],
      ['pageref', 'a page reference \\(PAGEREF\\) is left out'],
    ] as const)
      expect(
        lines.filter((l) => at(name, detail).test(l)),
        name,
      ).toHaveLength(1);
    const findings = readFileSync(path.join(target, 'ru', '02-findings.md'), 'utf8');
    expect(findings).toContain('Before the date: 6 December 2026');
    expect(findings).toContain('Before the chart:');
  });

  it("takes the edition's language from the document properties (dc:language ru-RU → the ru locale)", () => {
    expect(
      readdirSync(target)
        .filter((f) => !f.startsWith('.'))
        .sort(),
    ).toEqual(['briefing.yaml', 'ru']);
    const settings = readFileSync(path.join(target, 'briefing.yaml'), 'utf8');
    expect(settings).toContain('sourceLocale: ru');
  });
});

describe('briefing convert: a linked picture is not fetched', () => {
  it('reports it at its paragraph; no request reaches its address, and only the output folder is written', async () => {
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.end('');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const zip = await JSZip.loadAsync(readFileSync(docx));
      const xml = await zip.file('word/document.xml')!.async('string');
      const rId = /<a:blip r:embed="([^"]+)"/.exec(xml)![1]!;
      zip.file('word/document.xml', xml.replace(`r:embed="${rId}"`, `r:link="${rId}"`));
      const rels = await zip.file('word/_rels/document.xml.rels')!.async('string');
      zip.file(
        'word/_rels/document.xml.rels',
        rels.replace(
          new RegExp(`(<Relationship [^>]*Id="${rId}"[^>]*?)Target="[^"]*"`),
          `$1Target="http://127.0.0.1:${port}/chart.png" TargetMode="External"`,
        ),
      );
      const folder = tempDir('briefing-linked-');
      const file = path.join(folder, 'linked.docx');
      writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
      const run = await runMain(['convert', file, '--out', path.join(folder, 'out')]);
      expect(run.code).toBe(0);
      const lines = run.stderr.trim().split('\n');
      expect(lines.filter((l) => l.includes('picture'))).toEqual([
        expect.stringMatching(
          new RegExp(
            `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):1 warning paragraph \\1: a linked picture \\(its file is outside the Word document\\) is not converted: nothing is fetched \\(embed the picture in Word`,
          ),
        ),
      ]);
      expect(requests).toEqual([]);
      expect(readdirSync(folder).sort()).toEqual(['linked.docx', 'out']);
      expect(existsSync(path.join(folder, 'out', 'en', 'images'))).toBe(false);
    } finally {
      server.close();
    }
  });
});

describe('briefing convert: bad input writes nothing', () => {
  const refused = async (name: string, bytes: Buffer) => {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    const target = path.join(dir, `out-${name}`);
    const result = await runMain(['convert', file, '--out', target]);
    expect(result.code).toBe(1);
    expect(existsSync(target)).toBe(false);
    return result.stderr.replace(file, 'FILE').trim();
  };

  it('a text file, a .doc, a password-protected .docx, a PDF, a damaged zip, a zip without Word in it', async () => {
    expect(await refused('notes.docx', Buffer.from('plain words'))).toBe(
      'FILE error is not a Word .docx file (a .docx is a zip archive; this one starts with "plain"); nothing was written (save the document from Word as .docx; the file may be damaged: take an earlier copy) convert:not-docx',
    );
    const ole = Buffer.alloc(2048);
    Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(ole);
    expect(await refused('old.doc', ole)).toBe(
      'FILE error is a Word 97–2003 document (.doc, binary), not a .docx; nothing was written (open it in Word or LibreOffice and save it as .docx (Word Document)) convert:not-docx',
    );
    Buffer.from('EncryptedPackage', 'utf16le').copy(ole, 1024);
    expect(await refused('locked.docx', ole)).toContain(
      'error is password-protected (encrypted): its text cannot be read; nothing was written',
    );
    expect(await refused('paper.docx', Buffer.from('%PDF-1.7\n'))).toContain('error is a PDF, not a .docx');
    const good = readFileSync(docx);
    expect(await refused('cut.docx', good.subarray(0, good.length - 200))).toMatch(
      /error is damaged: its zip structure cannot be read \(.+\); nothing was written .* convert:corrupt$/,
    );
    const zip = new JSZip();
    zip.file('content.xml', '<office/>');
    expect(await refused('calc.docx', await zip.generateAsync({ type: 'nodebuffer' }))).toContain(
      'is a zip file but not a Word document (it has no word/document.xml); nothing was written (it is an OpenDocument file',
    );
  });

  it('a zip bomb: declared sizes over the limit refused before inflating; an entry inflating past its declared size refused', async () => {
    // The limit lowered to 1 MB so that the bomb stays small to make (JSZip deflates in JavaScript:
    // 8 MB of zeros took ~0.2 s): 2 MB of zeros deflate to 2 kB.
    process.env.BRIEFING_MAX_UNZIPPED_MB = '1';
    const zip = await JSZip.loadAsync(readFileSync(docx));
    zip.file('word/media/huge.bin', Buffer.alloc(2 * 1024 * 1024, 0), { compression: 'DEFLATE' });
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(bomb.length).toBeLessThan(100 * 1024);
    try {
      expect(await refused('bomb.docx', bomb)).toContain(
        'error would unpack to more than 1 MB (a zip bomb, or images far too large); nothing was unpacked or written',
      );
    } finally {
      delete process.env.BRIEFING_MAX_UNZIPPED_MB;
    }
    // The same entry declaring 1 kB: the central directory's size field patched.
    const lying = Buffer.from(bomb);
    const name = Buffer.from('word/media/huge.bin');
    for (
      let at = lying.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      at !== -1;
      at = lying.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)
    ) {
      if (lying.subarray(at + 46, at + 46 + name.length).equals(name)) lying.writeUInt32LE(1024, at + 24);
    }
    expect(await refused('lying.docx', lying)).toContain(
      '(word/media/huge.bin) that unpacks to more than it declares (a zip bomb)',
    );
  });

  it('a picture that is not an image, positioned at its paragraph', async () => {
    const zip = await JSZip.loadAsync(readFileSync(docx));
    zip.file('word/media/image1.png', Buffer.from('<html>not a picture</html>'));
    const message = await refused('fake-image.docx', await zip.generateAsync({ type: 'nodebuffer' }));
    expect(message).toMatch(
      /^FILE:\d+:1 error paragraph \d+: the picture image1\.png is not a PNG image \(its bytes are something else\); nothing was written \(delete the picture in Word and insert it again from an image file \(PNG or JPEG\)\) convert:image$/,
    );
  });

  it('a file over the size limit is refused before it is read', async () => {
    const file = path.join(dir, 'big.docx');
    writeFileSync(file, Buffer.alloc(0));
    const { truncateSync } = await import('node:fs');
    truncateSync(file, 200 * 1024 * 1024);
    const result = await runMain(['convert', file, '--out', path.join(dir, 'out-big')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'error is 200 MB, larger than the 100 MB limit for one file (save the images in Word at a lower resolution',
    );
    expect(existsSync(path.join(dir, 'out-big'))).toBe(false);
  });
});
